"""Every write to the action plan: one transaction each, each leaving an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    snapshot,
    stored_snapshot,
)
from obeya.core.schedule import PlannedAction, find_cycle, starts_before_predecessors
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
    # By hand, not audited_save: tests/web/test_services.py fails this module's audit_record
    # to show that the saved action is rolled back.
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
    return audited_save(
        action, user=user, fields=ACTION_FIELDS, project=action.project, before=before
    )


@transaction.atomic
def action_delete(*, action: Action, user: Any) -> None:
    audited_delete(action, user=user, fields=ACTION_FIELDS, project=action.project)


# --- piloting the plan: the full form, bulk edits (docs/actions.md) ---------------------------


def _skill_names(action: Action) -> list[str]:
    return sorted(action.skills_needed.values_list("name", flat=True))


@transaction.atomic
def action_save(
    *,
    project: Project,
    user: Any,
    action: Action | None = None,
    skills_needed: Any = None,
    reset_baseline: bool = False,
    **fields: Any,
) -> Action:
    """Create (`action` None) or update an action from the full form, in one transaction.

    Beyond action_create/action_update: the skills the action needs (company skills only) and
    the explicit reset of its baseline to its current dates (a re-plan agreed with the sponsor;
    otherwise the baseline never moves), each audited.
    """
    if action is None:
        action = action_create(project=project, user=user, **fields)
    else:
        action = action_update(action=action, user=user, **fields)
    if reset_baseline:
        before = snapshot(action, ("planned_start", "planned_due"))
        action.planned_start, action.planned_due = action.start_date, action.due_date
        action.save(update_fields=["planned_start", "planned_due", "updated_at"])
        audit_record(
            obj=action,
            user=user,
            verb=AuditEntry.Verb.UPDATE,
            project=project,
            before=before,
            after=snapshot(action, ("planned_start", "planned_due")),
        )
    if skills_needed is not None:
        skills = list(skills_needed)
        if any(skill.company_id != project.company_id for skill in skills):
            raise ValidationError({"skills_needed": _("These skills are not the company's.")})
        before_names = _skill_names(action)
        action.skills_needed.set(skills)
        audit_record(
            obj=action,
            user=user,
            verb=AuditEntry.Verb.UPDATE,
            project=project,
            before={"skills_needed": before_names},
            after={"skills_needed": _skill_names(action)},
        )
    return action


class BulkOperation(StrEnum):
    STATUS = "status"
    OWNER = "owner"
    TEAM = "team"
    PDCA_STEP = "pdca_step"
    SHIFT = "shift"


@dataclass(frozen=True)
class BulkSkip:
    action: Action
    reason: str


@dataclass(frozen=True)
class BulkResult:
    updated: list[Action]
    skipped: list[BulkSkip]


@transaction.atomic
def action_bulk_update(
    *,
    actions: list[Action],
    user: Any,
    operation: str,
    value: Any = None,
    may_edit: Callable[[Action], bool] | None = None,
    may_reassign: bool = False,
) -> BulkResult:
    """Apply one change to several actions in one transaction, an audit entry for each.

    Skip-and-report: an action the user may not edit (`may_edit(action)` false), may not
    reassign (`may_reassign` false: only facilitators change owners), or that the change would
    make invalid (e.g. a date shift on a milestone past a constraint) is left as it was and
    named in `skipped` with the reason; every other action is changed. `shift` moves the start
    and due dates together by `value` days (positive = later), so the plan slides without
    touching the baseline; the other operations set the field to `value`.
    """
    try:
        operation = BulkOperation(operation)
    except ValueError:
        raise ValidationError({"operation": _("Unknown bulk change.")}) from None
    if operation == BulkOperation.SHIFT and not isinstance(value, int):
        raise ValidationError({"days": _("Give a whole number of days.")})
    updated, skipped = [], []
    for action in actions:
        if may_edit is not None and not may_edit(action):
            skipped.append(BulkSkip(action, _("you may not edit this action")))
            continue
        if operation == BulkOperation.OWNER and not may_reassign:
            skipped.append(BulkSkip(action, _("only facilitators change the owner")))
            continue
        if operation == BulkOperation.SHIFT:
            if action.start_date is None and action.due_date is None:
                skipped.append(BulkSkip(action, _("it has no dates to shift")))
                continue
            delta = dt.timedelta(days=value)
            fields = {
                "start_date": action.start_date + delta if action.start_date else None,
                "due_date": action.due_date + delta if action.due_date else None,
            }
        else:
            fields = {str(operation): value}
        try:
            updated.append(action_update(action=action, user=user, **fields))
        except ValidationError as exc:
            action.refresh_from_db()
            skipped.append(BulkSkip(action, " ".join(exc.messages)))
    return BulkResult(updated=updated, skipped=skipped)


# --- the Gantt chart: dependencies and rescheduling (docs/gantt.md) ---------------------------


def _quoted_titles(titles: list[str]) -> str:
    return " → ".join(f"“{title}”" for title in titles)


def dependency_warnings(action: Action) -> list[str]:
    """Where `action` is planned to start on or before a predecessor's due date, or a
    successor before its own: the plan as written cannot be held. Warned, not refused: a
    facilitator may overlap two actions on purpose."""
    predecessors = list(action.depends_on.all())
    successors = list(action.successors.all())
    related = {a.pk: a for a in [action, *predecessors, *successors]}
    plan = [
        PlannedAction(
            action.pk,
            action.start_date,
            action.due_date,
            action.milestone,
            tuple(p.pk for p in predecessors),
        ),
        *(PlannedAction(p.pk, p.start_date, p.due_date, p.milestone) for p in predecessors),
        *(
            PlannedAction(s.pk, s.start_date, s.due_date, s.milestone, (action.pk,))
            for s in successors
        ),
    ]
    messages = []
    for before_pk, after_pk, _overlap in starts_before_predecessors(plan):
        before, after = related[before_pk], related[after_pk]
        messages.append(
            _("“%(after)s” starts on %(start)s, before “%(before)s” is due on %(due)s.")
            % {
                "after": after.title,
                "start": after.start_date.isoformat(),
                "before": before.title,
                "due": before.due_date.isoformat(),
            }
        )
    return messages


@transaction.atomic
def action_set_dependencies(*, action: Action, predecessors: Any, user: Any) -> list[str]:
    """Set the actions that must be finished before `action` can start; audited.

    Refused (ValidationError on `predecessors`) when one belongs to another project or when the
    links would loop (the loop is named: “A” → “B” → “A”, no action of it could ever start).
    Returns the warnings of dependency_warnings: dates that overlap are allowed, and said.
    """
    # One writer of a project's links at a time: two concurrent changes could close a loop
    # that neither sees alone.
    list(Project.objects.select_for_update().filter(pk=action.project_id).values_list("pk"))
    chosen = list(dict.fromkeys(predecessors))
    foreign = [p for p in chosen if p.project_id != action.project_id]
    if foreign:
        raise ValidationError(
            {
                "predecessors": _("“%(title)s” belongs to another project.")
                % {"title": foreign[0].title}
            }
        )
    through = Action.depends_on.through
    graph: dict[int, list[int]] = {}
    for from_id, to_id in through.objects.filter(
        from_action__project_id=action.project_id
    ).values_list("from_action_id", "to_action_id"):
        graph.setdefault(from_id, []).append(to_id)
    graph[action.pk] = [p.pk for p in chosen]
    cycle = find_cycle(graph)
    if cycle:
        # Read the loop from the action being changed (the graph had none before, so it is in it).
        ring = list(cycle[:-1])
        if action.pk in ring:
            at = ring.index(action.pk)
            ring = ring[at:] + ring[:at]
        cycle = (*ring, ring[0])
        titles = dict(Action.objects.filter(pk__in=set(cycle)).values_list("pk", "title"))
        raise ValidationError(
            {
                "predecessors": _(
                    "These dependencies would make a loop, so none of its actions could "
                    "ever start: %(cycle)s."
                )
                % {"cycle": _quoted_titles([titles[pk] for pk in cycle])}
            }
        )
    before = sorted(action.depends_on.values_list("title", flat=True))
    action.depends_on.set(chosen)
    audit_record(
        obj=action,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=action.project,
        before={"depends_on": before},
        after={"depends_on": sorted(p.title for p in chosen)},
    )
    return dependency_warnings(action)


@transaction.atomic
def action_reschedule(*, action: Action, user: Any, days: int, resize: bool = False) -> list[str]:
    """Move an action on the Gantt chart by `days` (positive = later), keeping its length; with
    `resize`, move its due date only (the bar's right end). The baseline stays where it was,
    so the move shows as slippage. Refused with a message naming the field when the action has
    no dates or the result is invalid (due before start, a milestone stretched over days).
    Returns the dependency warnings of the new dates."""
    if action.start_date is None or action.due_date is None:
        raise ValidationError(
            {"start_date": _("Give the action a start and a due date before moving it.")}
        )
    delta = dt.timedelta(days=days)
    if resize:
        fields = {"due_date": action.due_date + delta}
    else:
        fields = {"start_date": action.start_date + delta, "due_date": action.due_date + delta}
    action_update(action=action, user=user, **fields)
    return dependency_warnings(action)
