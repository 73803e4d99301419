"""Every write of problem solving: one transaction each, each audited (docs/problems.md).

The status flow is open → analysing → acting → checking → closed. A problem closes only when
the effectiveness check shows the effect on its KPI; otherwise the PDCA loop reopens (a new
cycle, back to analysing) and the cycle that ends keeps its check result and lessons learned.
Refusals raise ValidationError naming the field, so the form that fed the service shows them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.actions.services import action_create
from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    audited_update,
    snapshot,
    stored_snapshot,
)
from obeya.core import problem_solving as ps
from obeya.decisions.models import Axis
from obeya.problems.labels import REASONS
from obeya.problems.models import Cause, CorrectiveAction, Cycle, Problem, Verification, Why
from obeya.problems.selectors import effect_check
from obeya.projects.models import Project

Status = Problem.Status

PROBLEM_FIELDS = ("title", "deviation", "where", "since", "kpi", "team", "check_from")
PROBLEM_STATE_FIELDS = ("status", "cycle", "closed_at")
WHY_FIELDS = ("text", "parent", "is_root_cause", "verification", "evidence")
CAUSE_FIELDS = ("category", "text", "verification", "evidence")
VERIFIED_FIELDS = ("verified_by", "verified_at")

# The steps a facilitator moves a problem by hand; closing and reopening have their own services.
MOVES = {
    Status.OPEN: (Status.ANALYSING,),
    Status.ANALYSING: (Status.OPEN, Status.ACTING),
    Status.ACTING: (Status.ANALYSING, Status.CHECKING),
    Status.CHECKING: (Status.ACTING,),
    Status.CLOSED: (),
}


def _audit(obj, user, verb, project, before=None, after=None) -> None:
    audit_record(obj=obj, user=user, verb=verb, project=project, before=before, after=after)


# --- problems -------------------------------------------------------------------------------


@transaction.atomic
def problem_create(*, project: Project, user: Any, **fields: Any) -> Problem:
    problem = Problem(project=project, opened_by=user if user.is_authenticated else None)
    assign_fields(problem, fields, PROBLEM_FIELDS, service="problem_create")
    audited_save(problem, user=user, fields=PROBLEM_FIELDS + ("status",), project=project)
    Cycle.objects.create(problem=problem, number=1)
    return problem


@transaction.atomic
def problem_update(*, problem: Problem, user: Any, **fields: Any) -> Problem:
    return audited_update(
        problem,
        fields,
        user=user,
        fields=PROBLEM_FIELDS,
        service="problem_update",
        project=problem.project,
        related=["kpi", "team"],
    )


@transaction.atomic
def problem_delete(*, problem: Problem, user: Any) -> None:
    audited_delete(problem, user=user, fields=PROBLEM_FIELDS, project=problem.project)


def _set_state(problem: Problem, user: Any, **changes: Any) -> Problem:
    before = snapshot(problem, PROBLEM_STATE_FIELDS)
    for name, value in changes.items():
        setattr(problem, name, value)
    problem.save(update_fields=[*changes, "updated_at"])
    _audit(
        problem,
        user,
        AuditEntry.Verb.UPDATE,
        problem.project,
        before,
        snapshot(problem, PROBLEM_STATE_FIELDS),
    )
    return problem


@transaction.atomic
def problem_move(*, problem: Problem, user: Any, status: str) -> Problem:
    """Move a problem one step along its flow; closing needs the effect shown
    (`problem_close`), and a closed problem comes back through `problem_reopen`."""
    if status == problem.status:
        return problem
    if status not in MOVES[Status(problem.status)]:
        if status == Status.CLOSED:
            message = _("A problem closes through the effectiveness check, once its effect shows.")
        else:
            message = _("A problem cannot go from “%(old)s” to “%(new)s”.") % {
                "old": problem.get_status_display(),
                "new": Status(status).label if status in Status.values else status,
            }
        raise ValidationError({"status": message})
    return _set_state(problem, user, status=status)


def _cycle(problem: Problem) -> Cycle:
    cycle, _created = Cycle.objects.get_or_create(problem=problem, number=problem.cycle)
    return cycle


def _store_check(cycle: Cycle, result, user: Any) -> None:
    before = snapshot(cycle, ("checked_from", "effect_shown"))
    cycle.checked_from = result.split
    cycle.check_result = result.check.to_dict() if result.check else None
    cycle.effect_shown = result.check.effect_shown if result.check else None
    cycle.checked_at = timezone.now()
    cycle.save()
    _audit(
        cycle,
        user,
        AuditEntry.Verb.UPDATE,
        cycle.problem.project,
        before,
        snapshot(cycle, ("checked_from", "effect_shown")),
    )


@transaction.atomic
def problem_check_effect(
    *, problem: Problem, user: Any, check_from: dt.date | None = None
) -> Cycle:
    """Compare the KPI before and after `check_from` (kept on the problem when given) and
    record the result on the current cycle; the problem moves to "checking"."""
    if problem.status == Status.CLOSED:
        raise ValidationError({"check_from": _("This problem is closed: reopen it first.")})
    result = effect_check(problem, check_from=check_from)
    if result.check is None:
        raise ValidationError({"check_from": result.problem})
    if check_from is not None and check_from != problem.check_from:
        problem_update(problem=problem, user=user, check_from=check_from)
    cycle = _cycle(problem)
    _store_check(cycle, result, user)
    if problem.status != Status.CHECKING:
        _set_state(problem, user, status=Status.CHECKING)
    return cycle


@transaction.atomic
def problem_close(*, problem: Problem, user: Any, lessons: str = "") -> Problem:
    """Close the problem, only when the effect is shown on its KPI: moved in its good direction
    (p < 0.05) with no point after the change beyond its control limits."""
    if problem.status == Status.CLOSED:
        raise ValidationError({"status": _("This problem is already closed.")})
    result = effect_check(problem)
    if result.check is None:
        raise ValidationError(
            {"__all__": _("The effect cannot be checked: %(why)s") % {"why": result.problem}}
        )
    cycle = _cycle(problem)
    _store_check(cycle, result, user)
    if not result.check.effect_shown:
        raise ValidationError(
            {
                "__all__": _(
                    "The effect is not shown, so the problem stays open: %(reasons)s "
                    "Reopen the PDCA loop instead."
                )
                % {"reasons": " ".join(str(REASONS[r]) for r in result.check.reasons)}
            }
        )
    cycle.lessons = lessons
    cycle.ended_at = timezone.now()
    cycle.save(update_fields=["lessons", "ended_at"])
    return _set_state(problem, user, status=Status.CLOSED, closed_at=timezone.now())


@transaction.atomic
def problem_reopen(*, problem: Problem, user: Any, lessons: str) -> Problem:
    """End the current PDCA cycle with what it taught (its check result stays) and start the
    next one, back to analysing the causes."""
    if not lessons.strip():
        raise ValidationError(
            {"lessons": _("Say what this cycle taught before starting the next.")}
        )
    cycle = _cycle(problem)
    cycle.lessons = lessons.strip()
    cycle.ended_at = timezone.now()
    cycle.save(update_fields=["lessons", "ended_at"])
    _audit(cycle, user, AuditEntry.Verb.UPDATE, problem.project, after={"lessons": cycle.lessons})
    problem = _set_state(
        problem, user, status=Status.ANALYSING, cycle=problem.cycle + 1, closed_at=None
    )
    Cycle.objects.create(problem=problem, number=problem.cycle)
    return problem


# --- 5 whys and Ishikawa causes ---------------------------------------------------------------


def _stamp_verification(obj: Why | Cause, user: Any, was: str | None) -> None:
    """Who verified, and when: set when the verification changes, cleared back to "to verify"."""
    if obj.verification == Verification.TO_VERIFY:
        obj.verified_by, obj.verified_at = None, None
    elif obj.verification != was:
        obj.verified_by = user if user.is_authenticated else None
        obj.verified_at = timezone.now()


@transaction.atomic
def why_create(*, problem: Problem, user: Any, **fields: Any) -> Why:
    why = Why(problem=problem, created_by=user if user.is_authenticated else None)
    assign_fields(why, fields, WHY_FIELDS, service="why_create")
    _stamp_verification(why, user, None)
    return audited_save(why, user=user, fields=WHY_FIELDS, project=problem.project)


@transaction.atomic
def why_update(*, why: Why, user: Any, **fields: Any) -> Why:
    before = stored_snapshot(why, WHY_FIELDS, related=["parent"])
    was = Why.objects.values_list("verification", flat=True).get(pk=why.pk)
    assign_fields(why, fields, WHY_FIELDS, service="why_update")
    if "parent" in fields:
        whys = [
            ps.Why(id=pk, parent_id=parent, text="")
            for pk, parent in why.problem.whys.values_list("pk", "parent_id")
        ]
        if ps.would_create_cycle(whys, why.pk, why.parent_id):
            raise ValidationError(
                {"parent": _("A why cannot explain itself or one of its causes.")}
            )
    if not why.is_root_cause and why.corrective_actions.exists():
        raise ValidationError(
            {"is_root_cause": _("Corrective actions treat this root cause: keep it one.")}
        )
    _stamp_verification(why, user, was)
    return audited_save(
        why, user=user, fields=WHY_FIELDS, project=why.problem.project, before=before
    )


def _subtree_ids(why: Why) -> list[int]:
    links = dict(why.problem.whys.values_list("pk", "parent_id"))
    ids, frontier = [why.pk], [why.pk]
    while frontier:
        frontier = [pk for pk, parent in links.items() if parent in frontier]
        ids.extend(frontier)
    return ids


@transaction.atomic
def why_delete(*, why: Why, user: Any) -> None:
    """Delete a why and the whys that explain it, unless a corrective action treats one."""
    if CorrectiveAction.objects.filter(cause_id__in=_subtree_ids(why)).exists():
        raise ValidationError(
            {"__all__": _("A corrective action treats this why or one under it: keep them.")}
        )
    audited_delete(why, user=user, fields=WHY_FIELDS, project=why.problem.project)


@transaction.atomic
def cause_create(*, problem: Problem, user: Any, **fields: Any) -> Cause:
    cause = Cause(problem=problem, created_by=user if user.is_authenticated else None)
    assign_fields(cause, fields, CAUSE_FIELDS, service="cause_create")
    _stamp_verification(cause, user, None)
    return audited_save(cause, user=user, fields=CAUSE_FIELDS, project=problem.project)


@transaction.atomic
def cause_update(*, cause: Cause, user: Any, **fields: Any) -> Cause:
    before = stored_snapshot(cause, CAUSE_FIELDS)
    was = before["verification"]
    assign_fields(cause, fields, CAUSE_FIELDS, service="cause_update")
    _stamp_verification(cause, user, was)
    return audited_save(
        cause, user=user, fields=CAUSE_FIELDS, project=cause.problem.project, before=before
    )


@transaction.atomic
def cause_delete(*, cause: Cause, user: Any) -> None:
    audited_delete(cause, user=user, fields=CAUSE_FIELDS, project=cause.problem.project)


# --- corrective actions -----------------------------------------------------------------------


@transaction.atomic
def corrective_action_create(
    *,
    problem: Problem,
    user: Any,
    cause: Why,
    title: str,
    side_effects: str,
    watch: str,
    owner: Any = None,
    due_date: dt.date | None = None,
) -> CorrectiveAction:
    """Put an action treating `cause` into the project's plan (with the problem's team, and the
    axis that follows its KPI), and link it to the problem; a problem still open or being
    analysed moves to "acting"."""
    if problem.status == Status.CLOSED:
        raise ValidationError({"cause": _("This problem is closed: reopen it first.")})
    link = CorrectiveAction(
        problem=problem, cause=cause, side_effects=side_effects, watch=watch, cycle=problem.cycle
    )
    link.full_clean(exclude=["action"])
    axis = None
    if problem.kpi_id:
        axis = Axis.objects.filter(project=problem.project, kpi=problem.kpi_id).first()
    action = action_create(
        project=problem.project,
        user=user,
        title=title,
        description=_(
            "Corrective action of the problem “%(problem)s”, on the root cause: %(cause)s"
        )
        % {"problem": problem.title, "cause": cause.text},
        owner=owner,
        due_date=due_date,
        stage="correct",
        pdca_step=Action.PdcaStep.DO,
        team=problem.team,
        axis=axis,
    )
    link.action = action
    link.save()
    _audit(
        link,
        user,
        AuditEntry.Verb.CREATE,
        problem.project,
        after=snapshot(link, ("cause", "action", "side_effects", "watch", "cycle")),
    )
    if problem.status in (Status.OPEN, Status.ANALYSING):
        _set_state(problem, user, status=Status.ACTING)
    return link
