"""The status report as a PDF (fpdf2) and an XLSX workbook (openpyxl), from the same tables.

The PDF embeds DejaVu Sans (vendored in ./fonts with its licence) so French accents and the
euro sign print everywhere; tables are real tables with repeated headings, pages numbered.
The XLSX has a summary sheet and one sheet per section, with typed cells (dates as dates).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from obeya.steering.selectors import StatusReport
from obeya.steering.tables import (
    DATE,
    EUR,
    INT,
    NUM,
    PCT,
    Table,
    cell_text,
    report_tables,
    summary_lines,
)

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
HEADING_FILL = (230, 235, 241)


class _ReportPdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(100)
        self.cell(0, 8, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def _pdf_table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(FONT, "B", 12)
    pdf.ln(3)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    if not table.rows:
        pdf.set_text_color(100)
        pdf.cell(0, 6, table.empty, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        return
    numeric = {INT, PCT, EUR, NUM}
    with pdf.table(
        col_widths=tuple(c.width for c in table.columns),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=4.2,
        padding=1,
        repeat_headings=1,
    ) as pdf_table:
        heading = pdf_table.row()
        for column in table.columns:
            heading.cell(column.heading)
        for values in table.rows:
            row = pdf_table.row()
            for column, value in zip(table.columns, values, strict=True):
                align = "RIGHT" if column.kind in numeric else "LEFT"
                row.cell(cell_text(value, column.kind), align=align)


def report_pdf(report: StatusReport, *, compress: bool = True) -> bytes:
    """The report as an A4 landscape PDF, in the active language."""
    pdf = _ReportPdf(orientation="L", format="A4")
    pdf.set_compression(compress)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    title = _("Status report")
    pdf.set_title(f"{title} · {report.project}")
    pdf.set_creator("Obeya")
    pdf.footer_text = f"{report.project} · {cell_text(report.generated_on, DATE)}"
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 9, f"{title}: {report.project}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.cell(
        0,
        6,
        f"{report.company} · {cell_text(report.generated_on, DATE)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    for line in summary_lines(report):
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    for table in report_tables(report):
        _pdf_table(pdf, table)
    return bytes(pdf.output())


NUMBER_FORMATS = {
    DATE: "yyyy-mm-dd",
    INT: "0",
    PCT: "0.0",
    EUR: "#,##0",
    NUM: "General",
}


def _sheet_title(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: 31 characters at most, none of []:*?/\\, unique."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in text)[:31].strip() or "Sheet"
    name, n = clean, 2
    while name.casefold() in taken:
        suffix = f" {n}"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def report_xlsx(report: StatusReport) -> bytes:
    """The report as a workbook: a summary sheet, then one sheet per section."""
    workbook = Workbook()
    bold = Font(bold=True)
    taken: set[str] = set()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary"), taken)
    summary.append([_("Status report"), report.project])
    summary.append([_("Company"), report.company])
    summary.append([_("Date"), report.generated_on])
    summary["B3"].number_format = NUMBER_FORMATS[DATE]
    figures = [
        (_("Actions"), report.actions_total),
        (_("Actions done"), report.actions_done),
        (_("Open actions"), report.actions_open),
        (_("Overdue actions"), report.actions_overdue),
        (_("Slipped actions"), report.actions_slipped),
        (_("Open obstacles"), report.obstacles_open),
        (_("Open resistance to change"), report.resistance_open),
        (_("Decisions to take"), len(report.decisions)),
    ]
    for label, value in figures:
        summary.append([label, value])
    summary.append([_("Done (%)"), report.done_pct])
    summary.cell(row=summary.max_row, column=2).number_format = NUMBER_FORMATS[PCT]
    for row in summary.iter_rows(min_col=1, max_col=1):
        row[0].font = bold
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 40

    for table in report_tables(report):
        sheet = workbook.create_sheet(_sheet_title(table.sheet, taken))
        sheet.append([c.heading for c in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for values in table.rows:
            sheet.append([_xlsx_value(v) for v in values])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(60, 12 * column.width))
            number_format = NUMBER_FORMATS.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    """Typed as it is; an empty text stays an empty cell rather than a zero-length string."""
    if value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value
