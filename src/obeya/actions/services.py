"""Every write to the action plan: one transaction each, each leaving an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.audit.services import assign_fields, audit_record, snapshot, stored_snapshot
from obeya.projects.models import Project

ACTION_FIELDS = (
    "title",
    "description",
    "stage",
    "owner",
    "start_date",
    "due_date",
    "status",
    "progress",
    "completed_on",
    "planned_start",
    "planned_due",
    "milestone",
    "effort_hours",
    "pdca_step",
    "axis",
    "team",
    "meeting",
)


def _keep_baseline(action: Action, before: dict[str, Any] | None = None) -> None:
    """The first dates an action is planned with become its baseline (planned_start/due).

    Later moves change start_date/due_date only, so the slippage against the baseline stays
    visible; a baseline is reset only by editing planned_start/planned_due explicitly. `before`
    is the stored row on an update: a date becomes a baseline only when it is set for the first
    time (a row planned before baselines existed keeps none rather than a made-up one).
    """
    for date_field, baseline_field in (
        ("start_date", "planned_start"),
        ("due_date", "planned_due"),
    ):
        first_set = before is None or before.get(date_field) is None
        if getattr(action, baseline_field) is None and getattr(action, date_field) and first_set:
            setattr(action, baseline_field, getattr(action, date_field))


def _apply_status_rules(action: Action, today: dt.date, was_done: bool = False) -> None:
    """Keep status, progress and completion date consistent with each other.

    A to-do action reported at 100 % is done; but a done action set back to "to do" is being
    reopened: its progress starts again from 0 instead of turning it straight back to done.
    """
    if action.status == Action.Status.DONE:
        action.progress = 100
        action.completed_on = action.completed_on or today
    else:
        action.completed_on = None
        if action.status == Action.Status.TODO and action.progress == 100:
            if was_done:
                action.progress = 0
            else:
                action.status = Action.Status.DONE
                action.completed_on = today


@transaction.atomic
def action_create(*, project: Project, user: Any, **fields: Any) -> Action:
    action = Action(project=project, **fields)
    _apply_status_rules(action, timezone.localdate())
    _keep_baseline(action)
    action.full_clean()
    action.save()
    audit_record(
        obj=action,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=snapshot(action, ACTION_FIELDS),
    )
    return action


@transaction.atomic
def action_update(*, action: Action, user: Any, **fields: Any) -> Action:
    before = stored_snapshot(action, ACTION_FIELDS, related=["owner"])
    assign_fields(action, fields, ACTION_FIELDS, service="action_update")
    _apply_status_rules(
        action, timezone.localdate(), was_done=before["status"] == Action.Status.DONE
    )
    _keep_baseline(action, before)
    action.full_clean()
    action.save()
    audit_record(
        obj=action,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=action.project,
        before=before,
        after=snapshot(action, ACTION_FIELDS),
    )
    return action


@transaction.atomic
def action_delete(*, action: Action, user: Any) -> None:
    audit_record(
        obj=action,
        user=user,
        verb=AuditEntry.Verb.DELETE,
        project=action.project,
        before=snapshot(action, ACTION_FIELDS),
    )
    action.delete()
