"""The steering status report, read from the live data, and the figures a review freezes.

`status_report` is the one place the report's numbers are computed: the HTML page, the PDF,
the XLSX and the API all render the `StatusReport` it returns (docs/status-report.md). Texts
(kinds, statuses) are translated when the report is built, in the language of the request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from obeya.actions.models import Action
from obeya.core import status_report as core
from obeya.core.stakeholders import Move
from obeya.decisions.models import Axis
from obeya.levers.models import CandidateLever
from obeya.meetings.models import Meeting
from obeya.obstacles.models import Obstacle
from obeya.obstacles.selectors import move_labels, quadrant_labels, stakeholder_rows
from obeya.projects.models import Project
from obeya.trainings.models import Training

DEFAULT_WEEKS = 4
MAX_WEEKS = 26


@dataclass(frozen=True)
class LeverLine:
    title: str
    gain_eur_per_year: float | None
    gain_kpi: float | None


@dataclass(frozen=True)
class AxisLine:
    title: str
    kpi_name: str
    kpi_unit: str
    baseline: float | None
    target: float | None
    deadline: dt.date | None
    actions_total: int
    actions_done: int
    actions_overdue: int
    actions_slipped: int
    done_pct: float | None
    levers: list[LeverLine]
    gain_eur_per_year: float  # of its ratified levers


@dataclass(frozen=True)
class SlippedLine:
    title: str
    owner: str
    status: str
    planned_due: dt.date | None
    due_date: dt.date | None
    slippage_days: int | None
    overdue_days: int | None  # days past the due date, for an open action


@dataclass(frozen=True)
class ObstacleLine:
    title: str
    kind: str
    resistance: bool
    severity: str
    concerned: str
    response: str
    response_detail: str
    response_owner: str
    status: str
    raised_on: dt.date


@dataclass(frozen=True)
class NextAction:
    title: str
    owner: str
    status: str
    due_date: dt.date


@dataclass(frozen=True)
class NextEvent:
    kind: str  # "meeting" or "training"
    title: str
    day: dt.date
    time: str  # "09:30" for a meeting, "" for a training
    place: str


@dataclass(frozen=True)
class DecisionLine:
    title: str
    axis: str
    gain_eur_per_year: float | None
    investment_eur: float | None
    submitted_on: dt.date | None


@dataclass(frozen=True)
class StakeholderMoveLine:
    name: str
    move: str
    quadrant: str


@dataclass(frozen=True)
class StatusReport:
    project: str
    company: str
    generated_on: dt.date
    weeks: int
    actions_total: int
    actions_done: int
    actions_open: int
    actions_overdue: int
    actions_slipped: int
    done_pct: float | None
    axes: list[AxisLine]
    slipped: list[SlippedLine]
    obstacles: list[ObstacleLine]
    next_actions: list[NextAction]
    next_events: list[NextEvent]
    decisions: list[DecisionLine]
    stakeholder_moves: list[StakeholderMoveLine]

    @property
    def obstacles_open(self) -> int:
        return len(self.obstacles)

    @property
    def resistance_open(self) -> int:
        return sum(o.resistance for o in self.obstacles)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _facts(action: Action) -> core.ActionFacts:
    return core.ActionFacts(
        title=action.title,
        status=action.status,
        due_date=action.due_date,
        planned_due=action.planned_due,
        axis_id=action.axis_id,
    )


def _concerned(obstacle: Obstacle) -> str:
    names = [str(p) for p in obstacle.people.all()]
    if obstacle.group:
        names.append(obstacle.group)
    return ", ".join(names)


def status_report(
    project: Project, *, today: dt.date | None = None, weeks: int = DEFAULT_WEEKS
) -> StatusReport:
    """The project's status for a steering meeting, from the live data on `today`."""
    today = today or timezone.localdate()
    weeks = max(0, min(int(weeks), MAX_WEEKS))
    actions = list(
        Action.objects.filter(project=project).select_related("owner").order_by("due_date", "pk")
    )
    facts = {action.pk: _facts(action) for action in actions}
    overall = core.action_counts(facts.values(), today)

    ratified = CandidateLever.objects.filter(status=CandidateLever.Status.RATIFIED)
    axes = list(
        Axis.objects.filter(project=project).prefetch_related(
            Prefetch("candidate_levers", queryset=ratified.order_by("pk"), to_attr="ratified")
        )
    )
    by_axis = core.counts_by_axis(list(facts.values()), [a.pk for a in axes], today)
    axis_lines = []
    for axis in axes:
        counts = by_axis[axis.pk]
        levers = [
            LeverLine(c.title, _float(c.gain_eur_per_year), c.gain_kpi) for c in axis.ratified
        ]
        axis_lines.append(
            AxisLine(
                title=axis.title,
                kpi_name=axis.kpi_name,
                kpi_unit=axis.kpi_unit,
                baseline=axis.baseline,
                target=axis.target,
                deadline=axis.deadline,
                actions_total=counts.total,
                actions_done=counts.done,
                actions_overdue=counts.overdue,
                actions_slipped=counts.slipped,
                done_pct=counts.done_pct,
                levers=levers,
                gain_eur_per_year=sum(lv.gain_eur_per_year or 0.0 for lv in levers),
            )
        )

    slipped = [
        SlippedLine(
            title=a.title,
            owner=str(a.owner or ""),
            status=a.get_status_display(),
            planned_due=a.planned_due,
            due_date=a.due_date,
            slippage_days=facts[a.pk].slippage_days,
            overdue_days=(today - a.due_date).days if facts[a.pk].is_overdue_on(today) else None,
        )
        for a in actions
        if facts[a.pk].is_slipped_on(today)
    ]

    obstacles = [
        ObstacleLine(
            title=o.title,
            kind=o.get_kind_display(),
            resistance=o.is_resistance,
            severity=o.get_severity_display(),
            concerned=_concerned(o),
            response=o.get_response_display() if o.response else "",
            response_detail=o.response_detail,
            response_owner=str(o.response_owner or ""),
            status=o.get_status_display(),
            raised_on=o.raised_on,
        )
        for o in Obstacle.objects.filter(
            project=project, status__in=Obstacle.UNRESOLVED, raised_on__lte=today
        )
        .select_related("response_owner")
        .prefetch_related("people")
    ]

    due = {id(f): f for f in core.due_soon(facts.values(), today, weeks)}
    next_actions = [
        NextAction(a.title, str(a.owner or ""), a.get_status_display(), a.due_date)
        for a in sorted(actions, key=lambda a: (a.due_date or today, a.title))
        if id(facts[a.pk]) in due
    ]

    horizon = today + dt.timedelta(weeks=weeks)
    events = [
        NextEvent(
            "meeting",
            m.title,
            timezone.localtime(m.starts_at).date(),
            timezone.localtime(m.starts_at).strftime("%H:%M"),
            m.place,
        )
        for m in Meeting.objects.filter(
            project=project,
            starts_at__date__gte=today,
            starts_at__date__lte=horizon,
        ).order_by("starts_at")
    ] + [
        NextEvent("training", t.title, t.starts_on, "", t.place)
        for t in Training.objects.filter(
            project=project, starts_on__gte=today, starts_on__lte=horizon
        )
        .exclude(status=Training.Status.CANCELLED)
        .order_by("starts_on")
    ]
    events.sort(key=lambda e: (e.day, e.time, e.title))

    decisions = [
        DecisionLine(
            title=c.title,
            axis=str(c.axis or ""),
            gain_eur_per_year=_float(c.gain_eur_per_year),
            investment_eur=_float(c.investment_eur),
            submitted_on=timezone.localtime(c.submitted_at).date() if c.submitted_at else None,
        )
        for c in CandidateLever.objects.filter(
            project=project, status=CandidateLever.Status.SUBMITTED
        )
        .select_related("axis")
        .order_by("submitted_at", "pk")
    ]

    moves, quadrants = move_labels(), quadrant_labels()
    stakeholder_moves = [
        StakeholderMoveLine(
            name=row.position.name,
            move=moves[row.position.move.value],
            quadrant=quadrants[row.position.quadrant.value],
        )
        for row in stakeholder_rows(project, on=today)
        if row.position.move not in (Move.NEW, Move.UNCHANGED)
    ]

    return StatusReport(
        project=project.title,
        company=str(project.company),
        generated_on=today,
        weeks=weeks,
        actions_total=overall.total,
        actions_done=overall.done,
        actions_open=overall.open,
        actions_overdue=overall.overdue,
        actions_slipped=overall.slipped,
        done_pct=overall.done_pct,
        axes=axis_lines,
        slipped=slipped,
        obstacles=obstacles,
        next_actions=next_actions,
        next_events=events,
        decisions=decisions,
        stakeholder_moves=stakeholder_moves,
    )


def report_as_dict(report: StatusReport) -> dict[str, Any]:
    """The report as plain JSON-ready data (dates stay dates: the JSON encoder writes them)."""
    data = dataclasses.asdict(report)
    data["obstacles_open"] = report.obstacles_open
    data["resistance_open"] = report.resistance_open
    return data


def review_figures(project: Project, *, today: dt.date | None = None) -> dict[str, Any]:
    """The figures a review freezes on the day it is written: progress per axis, the actions
    done/open/overdue/slipped, the open obstacles and the stakeholders who moved."""
    report = status_report(project, today=today)
    return {
        "generated_on": report.generated_on.isoformat(),
        "actions": {
            "total": report.actions_total,
            "done": report.actions_done,
            "open": report.actions_open,
            "overdue": report.actions_overdue,
            "slipped": report.actions_slipped,
            "done_pct": report.done_pct,
        },
        "axes": [
            {
                "title": a.title,
                "actions_total": a.actions_total,
                "actions_done": a.actions_done,
                "actions_overdue": a.actions_overdue,
                "actions_slipped": a.actions_slipped,
                "done_pct": a.done_pct,
            }
            for a in report.axes
        ],
        "obstacles_open": report.obstacles_open,
        "resistance_open": report.resistance_open,
        "obstacles": [
            {"title": o.title, "status": o.status, "response": o.response} for o in report.obstacles
        ],
        "stakeholder_moves": [dataclasses.asdict(m) for m in report.stakeholder_moves],
    }
