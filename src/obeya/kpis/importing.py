"""Read measurements from a CSV or XLSX file into rows, or say which line and column is wrong.

Accepted columns (first line, any case, in any order): `time` (or `measured_at`, `date`,
`timestamp`), `value`, and optionally `subgroup`, `sample_size` (or `n`, `size`), `comment`.
French files work as written by a spreadsheet: `;` separator, decimal comma, dates as
30/11/2026 or 30/11/2026 14:30. docs/kpis.md shows an example.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_ROWS = 200_000
MAX_ERRORS = 20

ALIASES = {
    "time": "time",
    "measured_at": "time",
    "date": "time",
    "timestamp": "time",
    "value": "value",
    "valeur": "value",
    "subgroup": "subgroup",
    "sous-groupe": "subgroup",
    "sample_size": "sample_size",
    "n": "sample_size",
    "size": "sample_size",
    "comment": "comment",
    "commentaire": "comment",
}
DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


@dataclass(frozen=True)
class MeasurementRow:
    line: int  # the line in the file (1 = the header)
    measured_at: dt.datetime
    value: float
    subgroup: str = ""
    sample_size: int | None = None
    comment: str = ""


def _number(text: str) -> float:
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    return float(cleaned.replace(",", "."))


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time.min)
    else:
        text = str(value).strip()
        moment = None
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            for fmt in DATE_FORMATS:
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise ValueError(text)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _table(content: bytes, filename: str) -> list[list[Any]]:
    if filename.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError(_("This file is not a readable XLSX workbook.")) from exc
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_measurements(content: bytes, filename: str) -> list[MeasurementRow]:
    """The rows of the file, or a ValidationError listing the bad lines (at most 20)."""
    table = _table(content, filename)
    if not table or not any(cell not in (None, "") for cell in table[0]):
        raise ValidationError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in table[0]]
    columns = {}
    for index, name in enumerate(header):
        if name in ALIASES and ALIASES[name] not in columns:
            columns[ALIASES[name]] = index
    missing = [name for name in ("time", "value") if name not in columns]
    if missing:
        raise ValidationError(
            _("Missing column(s): %(columns)s. The first line must name them.")
            % {"columns": ", ".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(_("At most %(max)d rows per file.") % {"max": MAX_ROWS})
    rows, errors = [], []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell not in (None, "") for cell in cells):
            continue

        def cell(name: str, cells: list[Any] = cells) -> Any:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        try:
            raw = cell("time")
            if raw in (None, ""):
                raise ValueError("time")
            moment = _moment(raw)
        except ValueError:
            errors.append(
                _("Line %(line)d, column time: “%(text)s” is not a date and time.")
                % {"line": line, "text": raw}
            )
            continue
        raw = cell("value")
        try:
            value = raw if isinstance(raw, int | float) else _number(str(raw or ""))
        except ValueError:
            errors.append(
                _("Line %(line)d, column value: “%(text)s” is not a number.")
                % {"line": line, "text": raw}
            )
            continue
        size_raw = cell("sample_size")
        size = None
        if size_raw not in (None, ""):
            try:
                size = int(_number(str(size_raw)))
                if size < 1 or size != _number(str(size_raw)):
                    raise ValueError(size_raw)
            except ValueError:
                errors.append(
                    _(
                        "Line %(line)d, column sample_size: “%(text)s” is not a whole "
                        "number of 1 or more."
                    )
                    % {"line": line, "text": size_raw}
                )
                continue
        rows.append(
            MeasurementRow(
                line=line,
                measured_at=moment,
                value=float(value),
                subgroup=str(cell("subgroup") or "").strip()[:60],
                sample_size=size,
                comment=str(cell("comment") or "").strip()[:300],
            )
        )
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file holds no measurement."))
    return rows
