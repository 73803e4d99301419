"""Reads of the action plan: filtered lists, overdue actions across a user's projects."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from obeya.actions.models import Action
from obeya.core.risk import PlannedAction, Predecessor, Reason, RiskFlag, RiskRules, action_risks
from obeya.meetings.models import Meeting
from obeya.projects.access import visible_projects
from obeya.projects.models import Membership, Project
from obeya.trainings.models import Training


@dataclass(frozen=True)
class ActionFilter:
    """The filters of the action list; every field is optional."""

    status: str = ""
    stage: str = ""
    owner_id: int | None = None
    overdue: bool = False
    q: str = ""
    team_id: int | None = None
    axis_id: int | None = None
    pdca_step: str = ""
    milestone: bool = False
    slipped: bool = False
    at_risk: bool = False


def action_list(
    *, project: Project, filters: ActionFilter | None = None, today: dt.date | None = None
) -> QuerySet[Action]:
    filters = filters or ActionFilter()
    today = today or timezone.localdate()
    qs = Action.objects.filter(project=project).select_related(
        "owner", "owner__user", "team", "axis"
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.owner_id:
        qs = qs.filter(owner_id=filters.owner_id)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    if filters.team_id:
        qs = qs.filter(team_id=filters.team_id)
    if filters.axis_id:
        qs = qs.filter(axis_id=filters.axis_id)
    if filters.pdca_step:
        qs = qs.filter(pdca_step=filters.pdca_step)
    if filters.milestone:
        qs = qs.filter(milestone=True)
    if filters.slipped:
        qs = qs.filter(planned_due__isnull=False, due_date__gt=F("planned_due"))
    return qs.order_by("due_date", "pk")


def plan_rows(
    *, project: Project, filters: ActionFilter | None = None, today: dt.date | None = None
) -> list[Action]:
    """The list's actions with their risk flags (`action.risks`), at-risk filter applied.

    The at-risk rules need the predecessors and the date, so that filter runs here, in Python,
    over the rows the database filters already narrowed.
    """
    filters = filters or ActionFilter()
    today = today or timezone.localdate()
    rows = with_risks(action_list(project=project, filters=filters, today=today), today)
    if filters.at_risk:
        rows = [a for a in rows if a.risks]
    return rows


# --- at-risk flags (rules in obeya.core.risk, docs/actions.md) -------------------------------

RISK_RULES = RiskRules()


def _planned(action: Action) -> PlannedAction:
    return PlannedAction(
        key=action.pk,
        is_open=action.is_open,
        start=action.start_date,
        due=action.due_date,
        progress_pct=action.progress,
        planned_due=action.planned_due,
        predecessors=tuple(
            Predecessor(key=p.pk, title=p.title, is_open=p.is_open, due=p.due_date)
            for p in action.depends_on.all()
        ),
    )


def with_risks(actions: QuerySet[Action] | list[Action], today: dt.date | None = None) -> list:
    """The actions as a list, each with `risks` (its RiskFlags) and `risk_reasons` (sentences).

    The predecessors are fetched in one query for all of them.
    """
    today = today or timezone.localdate()
    rows = list(actions)
    prefetch_related_objects(
        rows,
        Prefetch("depends_on", queryset=Action.objects.only("pk", "title", "status", "due_date")),
    )
    for action in rows:
        action.risks = action_risks(_planned(action), today, RISK_RULES)
        action.risk_reasons = [risk_reason_text(f) for f in action.risks]
        action.at_risk = bool(action.risks) and not any(
            f.reason == Reason.OVERDUE for f in action.risks
        )
    return rows


def risk_reason_text(flag: RiskFlag) -> str:
    """One flag as a sentence for the list, the board, the home page and the digest."""
    if flag.reason == Reason.OVERDUE:
        return ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", flag.days) % {
            "days": flag.days
        }
    if flag.reason == Reason.BEHIND_SCHEDULE:
        return _("Behind schedule: %(progress)s %% done, %(expected)s %% expected by now") % {
            "progress": flag.progress_pct,
            "expected": round(flag.expected_pct or 0),
        }
    if flag.reason == Reason.PREDECESSOR_LATE:
        return _("Waits for “%(title)s”, still open and due %(due)s") % {
            "title": flag.predecessor.title,
            "due": flag.predecessor.due.isoformat(),
        }
    return ngettext(
        "Slipped %(days)s day past its baseline",
        "Slipped %(days)s days past its baseline",
        flag.days,
    ) % {"days": flag.days}


def project_flagged_actions(*, project: Project, today: dt.date | None = None) -> list[Action]:
    """The open actions of a project that are overdue or at risk, soonest due first."""
    candidates = (
        Action.objects.filter(project=project, status__in=Action.OPEN_STATUSES)
        .select_related("owner")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return [a for a in with_risks(candidates, today) if a.risks]


def flagged_actions_for_user(user: Any, today: dt.date | None = None) -> list[Action]:
    """The open actions a user should look at today: overdue or at risk, soonest due first.

    Those the user owns in every project they may see and, in the projects they facilitate,
    every action of the plan (a superuser sees only their own: the home page of an
    administrator would otherwise list the whole site).
    """
    today = today or timezone.localdate()
    projects = visible_projects(user)
    facilitated = Membership.objects.filter(
        user=user, role=Membership.Role.FACILITATOR
    ).values_list("project_id", flat=True)
    candidates = (
        Action.objects.filter(project__in=projects, status__in=Action.OPEN_STATUSES)
        .filter(Q(owner__user=user) | Q(project_id__in=list(facilitated)))
        .select_related("project", "owner")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return [a for a in with_risks(candidates, today) if a.risks]


def overdue_q(today: dt.date) -> Q:
    """Open actions past their due date, as a query condition."""
    return Q(status__in=Action.OPEN_STATUSES, due_date__lt=today)


def overdue_actions_for_user(user: Any, today: dt.date | None = None) -> QuerySet[Action]:
    """Overdue actions in every project the user may see, oldest due date first."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(project__in=visible_projects(user))
        .filter(overdue_q(today))
        .select_related("project", "owner")
        .order_by("due_date", "pk")
    )


@dataclass(frozen=True)
class BoardColumn:
    """One column of the Kanban board: a status and its actions, in due-date order.

    `collapsed` columns (cancelled actions) stay on the board as a drop target but hide their
    cards, so the work that still matters keeps the space.
    """

    status: str
    label: str
    actions: list[Action]
    collapsed: bool = False

    @property
    def count(self) -> int:
        return len(self.actions)


def action_board(*, project: Project) -> list[BoardColumn]:
    """The action plan as a Kanban board: one column per status, in the order of the workflow,
    each column's cards soonest due first."""
    by_status: dict[str, list[Action]] = {value: [] for value in Action.Status.values}
    # Soonest due first, undated last on every database (PostgreSQL and SQLite disagree on
    # where NULLs sort).
    cards = action_list(project=project).order_by(F("due_date").asc(nulls_last=True), "pk")
    for action in cards:
        by_status[action.status].append(action)
    return [
        BoardColumn(
            status=value,
            label=str(label),
            actions=by_status[value],
            collapsed=value == Action.Status.CANCELLED,
        )
        for value, label in Action.Status.choices
    ]


# --- the plan's month calendar ---------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    """One thing on a day of the calendar: an action due, a milestone, a meeting, a training."""

    kind: str  # "action", "milestone", "meeting" or "training"
    title: str
    obj: Any
    time: dt.time | None = None
    overdue: bool = False


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    is_today: bool
    events: list[CalendarEvent]


@dataclass(frozen=True)
class PlanCalendar:
    month: dt.date  # the first day of the month shown
    weeks: list[list[CalendarDay]]  # Monday to Sunday
    previous: dt.date
    next: dt.date

    @property
    def event_count(self) -> int:
        return sum(len(d.events) for week in self.weeks for d in week if d.in_month)


def plan_calendar(
    *, project: Project, month: dt.date, today: dt.date | None = None
) -> PlanCalendar:
    """A month of the project: its actions' due dates and milestones, its meetings (on their
    local day) and its trainings, in whole weeks from Monday so the grid reads as a wall chart.
    """
    today = today or timezone.localdate()
    first = month.replace(day=1)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    start, end = weeks[0][0], weeks[-1][-1]
    by_day: dict[dt.date, list[CalendarEvent]] = {}
    actions = Action.objects.filter(project=project, due_date__range=(start, end)).select_related(
        "owner"
    )
    for action in actions:
        kind = "milestone" if action.milestone else "action"
        by_day.setdefault(action.due_date, []).append(
            CalendarEvent(kind, action.title, action, overdue=action.is_overdue_on(today))
        )
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    for meeting in Meeting.objects.filter(
        project=project, starts_at__gte=since, starts_at__lt=until
    ):
        local = timezone.localtime(meeting.starts_at)
        by_day.setdefault(local.date(), []).append(
            CalendarEvent("meeting", meeting.title, meeting, time=local.time())
        )
    for training in Training.objects.filter(project=project, starts_on__range=(start, end)):
        by_day.setdefault(training.starts_on, []).append(
            CalendarEvent("training", training.title, training)
        )
    order = {"milestone": 0, "meeting": 1, "training": 2, "action": 3}
    grid = [
        [
            CalendarDay(
                day=d,
                in_month=d.month == first.month,
                is_today=d == today,
                events=sorted(
                    by_day.get(d, []), key=lambda e: (order[e.kind], e.time or dt.time.min)
                ),
            )
            for d in week
        ]
        for week in weeks
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return PlanCalendar(month=first, weeks=grid, previous=previous, next=following)
