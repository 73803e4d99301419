"""The action plan as Gantt rows: the critical path method of obeya.core.schedule run on a
project's actions, and the geometry of each bar, arrow and week of the server-drawn chart.

The chart is drawn in SVG by the template from these numbers, so it shows (and prints) without
script; gantt.js only adds the drag and the keyboard moves on top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.core.schedule import PlannedAction, Schedule, critical_path_method, slippage

DAY_PX = 14  # one day on screen: wide enough to drag a bar by one day with a finger
ROW_PX = 30
HEADER_PX = 40
LABEL_PX = 260
GROUPINGS = ("axis", "team", "none")


@dataclass
class GanttBar:
    action: Action
    y: int
    x: float
    width: float
    critical: bool = False
    float_days: int | None = None
    slippage_days: int | None = None
    baseline_x: float | None = None
    baseline_width: float | None = None
    editable: bool = False

    @property
    def mid_y(self) -> int:
        return self.y + ROW_PX // 2

    @property
    def end_x(self) -> float:
        return self.x + self.width

    @property
    def progress_width(self) -> float:
        return self.width * self.action.progress / 100

    @property
    def diamond(self) -> str:
        """The milestone's diamond, centred on its day."""
        cx, cy, r = self.x + DAY_PX / 2, self.mid_y, 8
        return f"{cx},{cy - r} {cx + r},{cy} {cx},{cy + r} {cx - r},{cy}"


@dataclass
class GanttGroup:
    label: str
    y: int
    bars: list[GanttBar] = field(default_factory=list)


@dataclass(frozen=True)
class GanttArrow:
    path: str
    critical: bool


@dataclass
class GanttChart:
    schedule: Schedule
    groups: list[GanttGroup]
    arrows: list[GanttArrow]
    weeks: list[tuple[float, dt.date]]
    axis_start: dt.date
    width: int
    height: int
    today_x: float | None
    undated: list[Action]
    cancelled_count: int
    critical_titles: list[list[str]]

    @property
    def chart_width(self) -> int:
        return self.width - LABEL_PX


def _planned(actions: list[Action]) -> list[PlannedAction]:
    keys = {a.pk for a in actions}
    return [
        PlannedAction(
            a.pk,
            a.start_date,
            a.due_date,
            a.milestone,
            tuple(p.pk for p in a.depends_on.all() if p.pk in keys),
        )
        for a in actions
    ]


def project_schedule(project) -> tuple[list[Action], Schedule]:
    """The project's open and done actions (cancelled ones hold nothing) and their CPM."""
    actions = list(
        Action.objects.filter(project=project)
        .exclude(status=Action.Status.CANCELLED)
        .select_related("owner__user", "axis", "team")
        .prefetch_related(Prefetch("depends_on", queryset=Action.objects.only("pk", "title")))
        .order_by("start_date", "due_date", "pk")
    )
    return actions, critical_path_method(_planned(actions))


def _group(action: Action, grouping: str) -> tuple[bool, str]:
    """(left out of every group, label): the actions of no axis or team come last."""
    if grouping == "axis":
        return (True, _("No priority axis")) if action.axis is None else (False, action.axis.title)
    if grouping == "team":
        return (True, _("No team")) if action.team is None else (False, action.team.name)
    return (False, _("All actions"))


def _arrow(before: GanttBar, after: GanttBar) -> str:
    x1, y1 = before.end_x, before.mid_y
    x2, y2 = after.x, after.mid_y
    if x2 >= x1 + 12:
        return f"M{x1} {y1} H{x1 + 6} V{y2} H{x2}"
    # The successor starts before the end of its predecessor: go round between the rows.
    y_between = y2 - ROW_PX // 2 if y2 > y1 else y2 + ROW_PX // 2
    return f"M{x1} {y1} H{x1 + 6} V{y_between} H{x2 - 6} V{y2} H{x2}"


def gantt_chart(project, *, today: dt.date, grouping: str = "axis", access=None) -> GanttChart:
    """Rows of bars grouped by axis or team, weeks, arrows and today line of a project's plan."""
    actions, schedule = project_schedule(project)
    cancelled = Action.objects.filter(project=project, status=Action.Status.CANCELLED).count()
    timings = schedule.by_key
    dated = [a for a in actions if a.pk in timings]
    days = [d for a in dated for d in (a.start_date, a.due_date, a.planned_start, a.planned_due)]
    days = [d for d in days if d]
    first, last = (min(days), max(days)) if days else (today, today)
    if first - dt.timedelta(days=60) <= today <= last + dt.timedelta(days=60):
        first, last = min(first, today), max(last, today)
    axis_start = first - dt.timedelta(days=first.weekday())  # the Monday of the first week
    axis_end = last + dt.timedelta(days=7 - last.weekday())
    total_days = (axis_end - axis_start).days

    def x_of(day: dt.date) -> float:
        return LABEL_PX + (day - axis_start).days * DAY_PX

    grouping = grouping if grouping in GROUPINGS else "axis"
    by_group: dict[tuple[bool, str], list[Action]] = {}
    for action in sorted(dated, key=lambda a: (timings[a.pk].earliest_start, a.due_date, a.pk)):
        by_group.setdefault(_group(action, grouping), []).append(action)
    groups, bars, y = [], {}, HEADER_PX
    for key in sorted(by_group):
        group = GanttGroup(label=key[1], y=y)
        y += ROW_PX
        for action in by_group[key]:
            timing = timings[action.pk]
            slip = slippage(
                planned_start=action.planned_start,
                planned_due=action.planned_due,
                start=action.start_date,
                due=action.due_date,
            )
            bar = GanttBar(
                action=action,
                y=y,
                x=x_of(action.start_date),
                width=timing.duration_days * DAY_PX or DAY_PX,
                critical=timing.critical,
                float_days=timing.total_float_days,
                slippage_days=slip.finish_days,
                editable=bool(access and access.can_edit_action(action)),
            )
            if slip.slipped and action.planned_start and action.planned_due:
                bar.baseline_x = x_of(action.planned_start)
                bar.baseline_width = ((action.planned_due - action.planned_start).days + 1) * DAY_PX
            group.bars.append(bar)
            bars[action.pk] = bar
            y += ROW_PX
        groups.append(group)
    arrows = [
        GanttArrow(
            _arrow(bars[p.pk], bar),
            critical=bar.critical and bars[p.pk].critical,
        )
        for bar in bars.values()
        for p in bar.action.depends_on.all()
        if p.pk in bars
    ]
    titles = {a.pk: a.title for a in dated}
    return GanttChart(
        schedule=schedule,
        groups=groups,
        arrows=arrows,
        weeks=[
            (x_of(axis_start + dt.timedelta(weeks=w)), axis_start + dt.timedelta(weeks=w))
            for w in range(total_days // 7)
        ],
        axis_start=axis_start,
        width=LABEL_PX + total_days * DAY_PX,
        height=y + 10,
        today_x=x_of(today) if axis_start <= today < axis_end else None,
        undated=[a for a in actions if a.pk not in timings],
        cancelled_count=cancelled,
        critical_titles=[[titles[k] for k in path] for path in schedule.critical_paths],
    )
