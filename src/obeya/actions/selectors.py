"""Reads of the action plan: filtered lists, overdue actions across a user's projects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from obeya.actions.models import Action
from obeya.projects.access import visible_projects
from obeya.projects.models import Project


@dataclass(frozen=True)
class ActionFilter:
    """The filters of the action list; every field is optional."""

    status: str = ""
    stage: str = ""
    owner_id: int | None = None
    overdue: bool = False
    q: str = ""


def action_list(
    *, project: Project, filters: ActionFilter | None = None, today: dt.date | None = None
) -> QuerySet[Action]:
    filters = filters or ActionFilter()
    today = today or timezone.localdate()
    qs = Action.objects.filter(project=project).select_related("owner", "owner__user")
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
    return qs.order_by("due_date", "pk")


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
