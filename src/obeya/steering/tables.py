"""The status report as titled tables of typed cells: what the HTML page, the PDF and the XLSX
lay out, so the three show the same figures under the same headings.

A cell keeps its type (int, float, date, str, None): the XLSX writes it as such (dates as
dates), the page and the PDF format it in the user's language with `cell_text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from obeya.steering.selectors import StatusReport

# column kinds: how a cell is formatted and, in the XLSX, its number format
TEXT, INT, PCT, EUR, NUM, DATE = "text", "int", "pct", "eur", "num", "date"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = TEXT
    width: float = 1.0  # relative width on the PDF page


@dataclass(frozen=True)
class Table:
    key: str  # also the XLSX sheet's stable id
    title: str
    sheet: str  # the XLSX sheet's name (31 characters at most)
    columns: list[Column]
    rows: list[list[Any]]
    empty: str  # what to say when there is no row

    @property
    def text_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell as shown, with its column kind (for alignment)."""
        return [
            [(cell_text(v, c.kind), c.kind) for c, v in zip(self.columns, row, strict=True)]
            for row in self.rows
        ]


def cell_text(value: Any, kind: str) -> str:
    """A cell as shown on the page and in the PDF, in the active language."""
    if value is None or value == "":
        return "—"
    if kind == DATE and isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if kind == PCT:
        return formats.number_format(value, 0, use_l10n=True) + " %"
    if kind == EUR:
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True) + " €"
    if kind == NUM:
        return formats.number_format(value, 2 if value % 1 else 0, use_l10n=True)
    if kind == INT:
        return formats.number_format(value, 0, use_l10n=True)
    return str(value)


def summary_lines(report: StatusReport) -> list[str]:
    """The few sentences at the top of the report."""
    lines = [
        _("Actions: %(done)d done out of %(total)d (%(pct)s), %(open)d open.")
        % {
            "done": report.actions_done,
            "total": report.actions_total,
            "pct": cell_text(report.done_pct, PCT),
            "open": report.actions_open,
        },
        _("%(overdue)d overdue, %(slipped)d slipped against the planned dates.")
        % {"overdue": report.actions_overdue, "slipped": report.actions_slipped},
        ngettext(
            "%(n)d open obstacle, of which %(r)d resistance to change.",
            "%(n)d open obstacles, of which %(r)d resistance to change.",
            report.obstacles_open,
        )
        % {"n": report.obstacles_open, "r": report.resistance_open},
        ngettext("%(n)d decision to take.", "%(n)d decisions to take.", len(report.decisions))
        % {"n": len(report.decisions)},
    ]
    return lines


def _levers(line) -> str:
    return "; ".join(
        lv.title
        + (f" ({cell_text(lv.gain_eur_per_year, EUR)}/{_('year')})" if lv.gain_eur_per_year else "")
        for lv in line.levers
    )


def report_tables(report: StatusReport) -> list[Table]:
    """The sections of the report, in the order a steering committee reads them."""
    return [
        Table(
            "axes",
            _("Progress per axis"),
            _("Axes"),
            [
                Column(_("Axis"), width=2.2),
                Column(_("KPI"), width=1.4),
                Column(_("Baseline"), NUM, 0.9),
                Column(_("Target"), NUM, 0.9),
                Column(_("Deadline"), DATE, 1.0),
                Column(_("Actions done"), INT, 0.8),
                Column(_("Actions"), INT, 0.8),
                Column(_("Done"), PCT, 0.7),
                Column(_("Overdue"), INT, 0.8),
                Column(_("Slipped"), INT, 0.8),
                Column(_("Ratified levers"), width=2.2),
                Column(_("Expected gain (€/year)"), EUR, 1.1),
            ],
            [
                [
                    a.title,
                    " ".join(x for x in (a.kpi_name, f"({a.kpi_unit})" if a.kpi_unit else "") if x),
                    a.baseline,
                    a.target,
                    a.deadline,
                    a.actions_done,
                    a.actions_total,
                    a.done_pct,
                    a.actions_overdue,
                    a.actions_slipped,
                    _levers(a),
                    a.gain_eur_per_year,
                ]
                for a in report.axes
            ],
            _("No priority axis yet."),
        ),
        Table(
            "slipped",
            _("Slipped actions"),
            _("Slipped actions"),
            [
                Column(_("Action"), width=2.6),
                Column(_("Owner"), width=1.4),
                Column(_("Status"), width=1.0),
                Column(_("Planned due date"), DATE, 1.0),
                Column(_("Due date"), DATE, 1.0),
                Column(_("Slippage (days)"), INT, 0.9),
                Column(_("Overdue (days)"), INT, 0.9),
            ],
            [
                [
                    s.title,
                    s.owner,
                    s.status,
                    s.planned_due,
                    s.due_date,
                    s.slippage_days,
                    s.overdue_days,
                ]
                for s in report.slipped
            ],
            _("No action slipped."),
        ),
        Table(
            "obstacles",
            _("Open obstacles and resistance"),
            _("Obstacles"),
            [
                Column(_("Obstacle"), width=2.0),
                Column(_("Kind"), width=1.0),
                Column(_("Resistance"), width=0.8),
                Column(_("Severity"), width=0.8),
                Column(_("Concerned"), width=1.4),
                Column(_("Response"), width=0.9),
                Column(_("How it is answered"), width=2.2),
                Column(_("Owner"), width=1.2),
                Column(_("Status"), width=1.0),
                Column(_("Raised on"), DATE, 1.0),
            ],
            [
                [
                    o.title,
                    o.kind,
                    _("yes") if o.resistance else _("no"),
                    o.severity,
                    o.concerned,
                    o.response,
                    o.response_detail,
                    o.response_owner,
                    o.status,
                    o.raised_on,
                ]
                for o in report.obstacles
            ],
            _("No open obstacle."),
        ),
        Table(
            "next_actions",
            _("Next steps: actions due within %(weeks)d weeks") % {"weeks": report.weeks},
            _("Next actions"),
            [
                Column(_("Action"), width=3.0),
                Column(_("Owner"), width=1.5),
                Column(_("Status"), width=1.0),
                Column(_("Due date"), DATE, 1.0),
            ],
            [[n.title, n.owner, n.status, n.due_date] for n in report.next_actions],
            _("No action due in that period."),
        ),
        Table(
            "next_events",
            _("Next meetings and trainings"),
            _("Meetings and trainings"),
            [
                Column(_("Date"), DATE, 1.0),
                Column(_("Time"), width=0.6),
                Column(_("What"), width=0.9),
                Column(_("Title"), width=2.6),
                Column(_("Place"), width=1.4),
            ],
            [
                [
                    e.day,
                    e.time,
                    _("Meeting") if e.kind == "meeting" else _("Training"),
                    e.title,
                    e.place,
                ]
                for e in report.next_events
            ],
            _("No meeting or training planned in that period."),
        ),
        Table(
            "decisions",
            _("Decisions to take"),
            _("Decisions to take"),
            [
                Column(_("Candidate lever"), width=2.6),
                Column(_("Axis"), width=1.8),
                Column(_("Expected gain (€/year)"), EUR, 1.2),
                Column(_("Investment (€)"), EUR, 1.1),
                Column(_("Submitted on"), DATE, 1.0),
            ],
            [
                [d.title, d.axis, d.gain_eur_per_year, d.investment_eur, d.submitted_on]
                for d in report.decisions
            ],
            _("No lever awaits ratification."),
        ),
        Table(
            "stakeholders",
            _("Stakeholders who moved since their previous assessment"),
            _("Stakeholders"),
            [
                Column(_("Stakeholder"), width=2.0),
                Column(_("Move"), width=1.5),
                Column(_("Strategy"), width=1.5),
            ],
            [[m.name, m.move, m.quadrant] for m in report.stakeholder_moves],
            _("No stakeholder moved."),
        ),
    ]
