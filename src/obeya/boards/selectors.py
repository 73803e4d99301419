"""Reads of the visual boards (docs/boards.md): which boards a project has, and each board's
tiles, open problems, overdue actions and next meeting, all computed from the project's data.

A project has one board for the whole project (its KPI referential, with the KPIs its area
shares) and one per improvement team. A team's KPIs are those of the priority axes it serves
(`Axis.kpi`) and, for each of its objectives, the KPI of the referential with the objective's
KPI name (case and surrounding spaces ignored), so a team that wrote "Lead time of line 2" in
its objective sees the referential's "Lead time of line 2" without anyone linking them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.core.charts import sparkline_spec
from obeya.kpis.charts import kpi_chart
from obeya.kpis.labels import STATUS_LABELS
from obeya.kpis.models import Kpi
from obeya.kpis.selectors import kpi_row, visible_kpis
from obeya.meetings.models import Meeting
from obeya.problems.models import Problem
from obeya.projects.access import ProjectAccess
from obeya.teams.models import ImprovementTeam

TREND_POINTS = 30
"""Measurements the sparkline of a tile shows: about a month of a daily KPI."""
SIGNAL_POINTS = 5
"""A tile signals a special cause when a rule fires on one of the chart's last points: older
signals belong to the KPI page, the board shows what calls for a reaction today."""
PROJECT_BOARD = "project"


@dataclass(frozen=True)
class BoardRef:
    """One board of a project: the whole project, or one improvement team."""

    key: str  # "project" or "team-<id>", the board's part of its URL
    title: str
    team: ImprovementTeam | None


@dataclass(frozen=True)
class Tile:
    """One KPI on a board."""

    kpi: Kpi
    status: str  # core.kpi.status_against_target of the latest value, or "no_data"
    status_label: str
    latest_value: float | None
    latest_at: dt.datetime | None
    trend: tuple[float, ...]  # the last TREND_POINTS values, oldest first
    sparkline: dict[str, Any] | None  # Vega-Lite spec (None without two values)
    chart: str  # the control chart the KPI is followed on
    signal_rules: tuple[int, ...]  # rules broken on the chart's last SIGNAL_POINTS points
    signal_points: tuple[int, ...]  # those points' numbers on the chart
    open_problems: tuple[Problem, ...]

    @property
    def rule_fired(self) -> bool:
        return bool(self.signal_points)

    @property
    def spec_id(self) -> str:
        return f"board-spark-{self.kpi.pk}"


@dataclass(frozen=True)
class Board:
    ref: BoardRef
    tiles: tuple[Tile, ...]
    open_problems: tuple[Problem, ...]
    overdue_actions: tuple[Action, ...]
    next_meeting: Meeting | None
    today: dt.date
    read_at: dt.datetime

    @property
    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for tile in self.tiles:
            counts[tile.status] = counts.get(tile.status, 0) + 1
        return counts

    @property
    def signals(self) -> int:
        return sum(tile.rule_fired for tile in self.tiles)


def project_boards(access: ProjectAccess) -> list[BoardRef]:
    """The project's board first, then one per improvement team in name order."""
    boards = [BoardRef(PROJECT_BOARD, _("Whole project"), None)]
    for team in ImprovementTeam.objects.filter(project=access.project).order_by("name", "pk"):
        boards.append(BoardRef(f"team-{team.pk}", team.name, team))
    return boards


def board_ref(access: ProjectAccess, key: str) -> BoardRef:
    """The board named `key` in the URL; 404 for a team of another project or a bad key."""
    if key == PROJECT_BOARD:
        return BoardRef(PROJECT_BOARD, _("Whole project"), None)
    prefix, _sep, number = key.partition("-")
    if prefix != "team" or not number.isdigit():
        raise Http404
    team = ImprovementTeam.objects.filter(project=access.project, pk=int(number)).first()
    if team is None:
        raise Http404
    return BoardRef(key, team.name, team)


def team_kpis(team: ImprovementTeam) -> list[Kpi]:
    """The KPIs of a team: its axes' KPIs, then the referential's KPIs named by its
    objectives, each once, in name order."""
    visible = visible_kpis(team.project)
    names = {
        name.strip().lower()
        for name in team.objectives.values_list("kpi_name", flat=True)
        if name and name.strip()
    }
    by_name = Q(pk__in=[k.pk for k in visible if k.name.strip().lower() in names])
    by_axis = Q(pk__in=team.axes.exclude(kpi=None).values("kpi"))
    return list(visible.filter(by_axis | by_name).select_related("project").distinct())


def board_kpis(access: ProjectAccess, ref: BoardRef) -> list[Kpi]:
    if ref.team is None:
        return list(visible_kpis(access.project).select_related("project"))
    return team_kpis(ref.team)


def _tile(kpi: Kpi, problems: list[Problem], today: dt.date) -> Tile:
    row = kpi_row(kpi, today=today)
    newest = list(
        kpi.measurements.order_by("-measured_at", "-pk").values_list("value", flat=True)[
            :TREND_POINTS
        ]
    )
    trend = tuple(reversed(newest))
    chart = kpi_chart(kpi, row.chart)
    signal_points: tuple[int, ...] = ()
    signal_rules: set[int] = set()
    if chart.result is not None:
        main = chart.result.charts[0]
        recent = main.index[-SIGNAL_POINTS:].tolist()
        signal_points = tuple(n for n in recent if main.rules_at(n))
        for n in signal_points:
            signal_rules.update(main.rules_at(n))
    sparkline = None
    if len(trend) >= 2:
        # Red dots on the sparkline where a rule fired, when a chart point is one measurement.
        flagged = ()
        if chart.result is not None and chart.points == row.points:
            first_shown = row.points - len(trend) + 1
            flagged = tuple(
                n - first_shown + 1 for n in chart.result.charts[0].flagged() if n >= first_shown
            )
        sparkline = sparkline_spec(
            trend,
            target=kpi.target,
            status=row.status,
            flagged=flagged,
            value_title=kpi.unit or kpi.name,
            target_title=_("Target"),
        )
    return Tile(
        kpi=kpi,
        status=row.status,
        status_label=str(STATUS_LABELS[row.status]),
        latest_value=row.latest.value if row.latest else None,
        latest_at=row.latest.measured_at if row.latest else None,
        trend=trend,
        sparkline=sparkline,
        chart=str(row.chart),
        signal_rules=tuple(sorted(signal_rules)),
        signal_points=signal_points,
        open_problems=tuple(p for p in problems if p.kpi_id == kpi.pk),
    )


def board(access: ProjectAccess, ref: BoardRef, *, today: dt.date | None = None) -> Board:
    """Everything a board shows, read now: its KPIs as tiles, the open problems of those KPIs
    (or of the team), the team's overdue actions, and its next meeting. The project's board
    takes every problem, overdue action and meeting of the project."""
    today = today or timezone.localdate()
    kpis = board_kpis(access, ref)
    problems = Problem.objects.filter(project=access.project, status__in=Problem.OPEN_STATUSES)
    actions = Action.objects.filter(
        project=access.project, status__in=Action.OPEN_STATUSES, due_date__lt=today
    )
    meetings = Meeting.objects.filter(project=access.project, starts_at__gte=timezone.now())
    if ref.team is not None:
        problems = problems.filter(Q(team=ref.team) | Q(kpi__in=[k.pk for k in kpis]))
        actions = actions.filter(team=ref.team)
        meetings = meetings.filter(team=ref.team)
    problem_list = list(problems.select_related("kpi", "team").order_by("created_at", "pk"))
    return Board(
        ref=ref,
        tiles=tuple(_tile(kpi, problem_list, today) for kpi in kpis),
        open_problems=tuple(problem_list),
        overdue_actions=tuple(actions.select_related("owner").order_by("due_date", "pk")),
        next_meeting=meetings.order_by("starts_at", "pk").first(),
        today=today,
        read_at=timezone.localtime(),
    )


def neighbour_boards(access: ProjectAccess, ref: BoardRef) -> tuple[BoardRef, BoardRef]:
    """The boards before and after `ref` in the project's list, wrapping around (the TV's
    rotation goes to the next one)."""
    boards = project_boards(access)
    keys = [b.key for b in boards]
    at = keys.index(ref.key) if ref.key in keys else 0
    return boards[at - 1], boards[(at + 1) % len(boards)]
