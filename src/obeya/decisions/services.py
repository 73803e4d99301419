"""Every write to the priority axes and the decisions: one transaction each, each audited.

Validation errors name the field they are about, so the form that fed the service shows them
next to it. A decided decision is part of the project's history: only a superuser may change
it (the access helpers refuse the others; `decision_save` checks again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    snapshot,
    stored_snapshot,
)
from obeya.decisions.models import (
    Axis,
    Decision,
    DecisionCriterion,
    DecisionJudgement,
    DecisionOption,
    DecisionScore,
)
from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.gemba.models import Observation
from obeya.projects.models import Project
from obeya.projects.services import same_project_links

AXIS_FIELDS = (
    "title",
    "stakes_gains",
    "stakes_risks",
    "reasoning",
    "kpi_name",
    "kpi_unit",
    "kpi_direction",
    "kpi",
    "baseline",
    "target",
    "deadline",
    "flow_findings",
)
DECISION_FIELDS = ("title", "question", "method")
RECORD_FIELDS = ("status", "chosen_option", "summary", "decided_by", "decided_at")

# The values of Saaty's scale a judgement may take: 1/9 ... 1/2, 1, 2 ... 9.
SAATY_VALUES = tuple([1 / n for n in range(9, 1, -1)] + [float(n) for n in range(1, 10)])


# --- the axes ------------------------------------------------------------------------------


def _check_findings(
    project: Project,
    observations: Iterable[Observation],
    grid_criteria: Iterable[GridCriterion],
    swot_items: Iterable[SwotItem],
) -> tuple[list[Observation], list[GridCriterion], list[SwotItem]]:
    """An axis answers findings of its own project only."""
    found = same_project_links(
        project,
        observations=(observations, _("Only observations of this project can be linked.")),
        grid_criteria=(grid_criteria, _("Only lines of this project's grid can be linked.")),
        swot_items=(swot_items, _("Only SWOT items of this project can be linked.")),
    )
    return found["observations"], found["grid_criteria"], found["swot_items"]


def _axis_links(axis: Axis) -> dict[str, Any]:
    return {
        "observations": sorted(axis.observations.values_list("pk", flat=True)),
        "grid_criteria": sorted(axis.grid_criteria.values_list("pk", flat=True)),
        "swot_items": sorted(axis.swot_items.values_list("pk", flat=True)),
    }


def _axis_snapshot(axis: Axis) -> dict[str, Any]:
    return {**snapshot(axis, AXIS_FIELDS + ("priority",)), **_axis_links(axis)}


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def axis_create(
    *,
    project: Project,
    user: Any,
    observations: Iterable[Observation] = (),
    grid_criteria: Iterable[GridCriterion] = (),
    swot_items: Iterable[SwotItem] = (),
    **fields: Any,
) -> Axis:
    """A new axis comes last in the priority order; `axis_move` ranks it."""
    observations, grid_criteria, swot_items = _check_findings(
        project, observations, grid_criteria, swot_items
    )
    axis = Axis(project=project, created_by=user if user and user.is_authenticated else None)
    assign_fields(axis, _clean_text(fields), AXIS_FIELDS, service="axis_create")
    last = Axis.objects.filter(project=project).aggregate(m=Max("priority"))["m"]
    axis.priority = (last or 0) + 1
    axis.full_clean()
    axis.save()
    axis.observations.set(observations)
    axis.grid_criteria.set(grid_criteria)
    axis.swot_items.set(swot_items)
    audit_record(
        obj=axis,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=_axis_snapshot(axis),
    )
    return axis


@transaction.atomic
def axis_update(
    *,
    axis: Axis,
    user: Any,
    observations: Iterable[Observation] | None = None,
    grid_criteria: Iterable[GridCriterion] | None = None,
    swot_items: Iterable[SwotItem] | None = None,
    **fields: Any,
) -> Axis:
    before = _axis_snapshot(Axis.objects.get(pk=axis.pk))
    assign_fields(axis, _clean_text(fields), AXIS_FIELDS, service="axis_update")
    linked = _check_findings(
        axis.project,
        axis.observations.all() if observations is None else observations,
        axis.grid_criteria.all() if grid_criteria is None else grid_criteria,
        axis.swot_items.all() if swot_items is None else swot_items,
    )
    axis.full_clean()
    axis.save()
    axis.observations.set(linked[0])
    axis.grid_criteria.set(linked[1])
    axis.swot_items.set(linked[2])
    audit_record(
        obj=axis,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=axis.project,
        before=before,
        after=_axis_snapshot(axis),
    )
    return axis


def _renumber(project: Project, ordered: Sequence[Axis], user: Any) -> None:
    """Give the axes priorities 1..n in the given order, auditing each one that moved."""
    for rank, axis in enumerate(ordered, start=1):
        if axis.priority != rank:
            before = {"priority": axis.priority}
            axis.priority = rank
            axis.save(update_fields=["priority", "updated_at"])
            audit_record(
                obj=axis,
                user=user,
                verb=AuditEntry.Verb.UPDATE,
                project=project,
                before=before,
                after={"priority": rank},
            )


@transaction.atomic
def axis_delete(*, axis: Axis, user: Any) -> None:
    project = axis.project
    audited_delete(
        axis,
        user=user,
        fields=AXIS_FIELDS + ("priority",),
        project=project,
        extra_before=_axis_links(axis),
    )
    _renumber(project, list(Axis.objects.filter(project=project).select_for_update()), user)


@transaction.atomic
def axis_move(*, axis: Axis, user: Any, offset: int) -> Axis:
    """Move an axis up (offset -1) or down (+1) the priority order; the ends stay put."""
    axes = list(Axis.objects.filter(project=axis.project).select_for_update())
    index = next(i for i, a in enumerate(axes) if a.pk == axis.pk)
    new_index = min(max(index + offset, 0), len(axes) - 1)
    axes.insert(new_index, axes.pop(index))
    _renumber(axis.project, axes, user)
    axis.refresh_from_db()
    return axis


# --- the decisions -------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    """One option as a form or the API gives it."""

    name: str
    axis: Axis | None = None
    advantages: str = ""
    drawbacks: str = ""


@dataclass(frozen=True)
class CriterionRow:
    name: str
    weight: float = 1.0
    direction: str = DecisionCriterion.Direction.MAX
    lower: float | None = None
    upper: float | None = None


def _decision_snapshot(decision: Decision) -> dict[str, Any]:
    """The decision with its grid, so the history shows what was weighed, not only the title.
    The keys are the names of the reverse relations (`options`...), which the history page
    labels with their model's plural name; scores hang on the options and keep their key."""
    options = list(decision.options.all())
    criteria = list(decision.criteria.all())
    scores = {
        (s.option_id, s.criterion_id): s.value
        for s in DecisionScore.objects.filter(option__decision=decision)
    }
    names = {c.pk: c.name for c in criteria}
    return {
        **snapshot(decision, DECISION_FIELDS),
        "options": [o.name for o in options],
        "criteria": [f"{c.name} ({c.direction}, {c.weight:g})" for c in criteria],
        "scores": [[scores.get((o.pk, c.pk)) for c in criteria] for o in options],
        "judgements": sorted(
            f"{names[j.criterion_a_id]} / {names[j.criterion_b_id]} = {j.value:.3g}"
            for j in decision.judgements.all()
        ),
    }


def _check_grid(
    method: str,
    options: Sequence[OptionRow],
    criteria: Sequence[CriterionRow],
    scores: Sequence[Sequence[float | None]],
    judgements: Mapping[tuple[int, int], float],
    project: Project,
) -> None:
    errors: dict[str, list[str]] = {}
    if len(options) < 2:
        errors.setdefault("options", []).append(_("A decision needs at least two options."))
    option_names = [o.name.strip().casefold() for o in options]
    if len(set(option_names)) != len(option_names):
        errors.setdefault("options", []).append(_("Two options have the same name."))
    if any(o.axis is not None and o.axis.project_id != project.pk for o in options):
        errors.setdefault("options", []).append(_("Only axes of this project can be linked."))
    criterion_names = [c.name.strip().casefold() for c in criteria]
    if len(set(criterion_names)) != len(criterion_names):
        errors.setdefault("criteria", []).append(_("Two criteria have the same name."))
    if method != Decision.Method.ADVANTAGES_DRAWBACKS:
        if not criteria:
            errors.setdefault("criteria", []).append(_("This method needs at least one criterion."))
        for row in criteria:
            if row.weight < 0:
                errors.setdefault("criteria", []).append(
                    _("The weight of “%(name)s” must not be negative.") % {"name": row.name}
                )
            if row.lower is not None and row.upper is not None and row.lower >= row.upper:
                errors.setdefault("criteria", []).append(
                    _("The scale of “%(name)s”: the upper bound must be above the lower bound.")
                    % {"name": row.name}
                )
        positive = sum(row.weight for row in criteria) > 0
        if method == Decision.Method.WEIGHTED_MATRIX and criteria and not positive:
            errors.setdefault("criteria", []).append(
                _("At least one criterion needs a positive weight.")
            )
        for i, option in enumerate(options):
            for j, criterion in enumerate(criteria):
                value = scores[i][j] if i < len(scores) and j < len(scores[i]) else None
                if value is None:
                    errors.setdefault("scores", []).append(
                        _("Score “%(option)s” on “%(criterion)s”.")
                        % {"option": option.name, "criterion": criterion.name}
                    )
    if method == Decision.Method.AHP:
        for (a, b), value in judgements.items():
            if not (a != b and 0 <= a < len(criteria) and 0 <= b < len(criteria)):
                errors.setdefault("judgements", []).append(_("A judgement names no criterion."))
            elif not any(abs(value - v) < 1e-9 for v in SAATY_VALUES):
                errors.setdefault("judgements", []).append(
                    _("Judgements take values of Saaty's scale, 1/9 to 9.")
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_save(
    *,
    project: Project,
    user: Any,
    decision: Decision | None = None,
    title: str,
    question: str = "",
    method: str = Decision.Method.WEIGHTED_MATRIX,
    options: Sequence[OptionRow],
    criteria: Sequence[CriterionRow] = (),
    scores: Sequence[Sequence[float | None]] = (),
    judgements: Mapping[tuple[int, int], float] | None = None,
) -> Decision:
    """Create a decision (`decision` None) or replace its grid: options, criteria, the scores
    `scores[option][criterion]` and, for AHP, the judgements {(a, b): value} by criterion
    position. Rows are matched by position so an option keeps its identity (and a recorded
    choice) when only its text changes."""
    judgements = dict(judgements or {})
    if decision is not None and decision.is_decided and not getattr(user, "is_superuser", False):
        raise PermissionDenied
    _check_grid(method, options, criteria, scores, judgements, project)
    creating = decision is None
    if creating:
        decision = Decision(project=project, created_by=user if user.is_authenticated else None)
        before = None
    else:
        before = _decision_snapshot(Decision.objects.get(pk=decision.pk))
    decision.title, decision.question, decision.method = title.strip(), question.strip(), method
    decision.full_clean()
    decision.save()

    existing_options = list(decision.options.all())
    if decision.chosen_option_id is not None and len(options) <= [
        o.pk for o in existing_options
    ].index(decision.chosen_option_id):
        raise ValidationError({"options": _("The chosen option cannot be removed.")})
    kept_options = []
    for order, row in enumerate(options):
        option = existing_options[order] if order < len(existing_options) else DecisionOption()
        option.decision = decision
        option.name, option.axis = row.name.strip(), row.axis
        option.advantages, option.drawbacks = row.advantages.strip(), row.drawbacks.strip()
        option.order = order
        kept_options.append(option)
    for option in existing_options[len(options) :]:
        option.delete()
    # Rename in two passes so swapping two names does not trip the unique constraint.
    for option in kept_options:
        if option.pk:
            DecisionOption.objects.filter(pk=option.pk).update(name=f"~{option.pk}~")
    for option in kept_options:
        option.full_clean(exclude=["decision"], validate_unique=False)
        option.save()

    existing_criteria = list(decision.criteria.all())
    kept_criteria = []
    for order, row in enumerate(criteria):
        criterion = (
            existing_criteria[order] if order < len(existing_criteria) else DecisionCriterion()
        )
        criterion.decision = decision
        criterion.name, criterion.weight, criterion.direction = (
            row.name.strip(),
            float(row.weight),
            row.direction,
        )
        criterion.lower, criterion.upper, criterion.order = row.lower, row.upper, order
        kept_criteria.append(criterion)
    for criterion in existing_criteria[len(criteria) :]:
        criterion.delete()
    for criterion in kept_criteria:
        if criterion.pk:
            DecisionCriterion.objects.filter(pk=criterion.pk).update(name=f"~{criterion.pk}~")
    for criterion in kept_criteria:
        criterion.full_clean(exclude=["decision"], validate_unique=False)
        criterion.save()

    DecisionScore.objects.filter(option__decision=decision).delete()
    DecisionScore.objects.bulk_create(
        DecisionScore(option=option, criterion=criterion, value=float(scores[i][j]))
        for i, option in enumerate(kept_options)
        for j, criterion in enumerate(kept_criteria)
        if i < len(scores) and j < len(scores[i]) and scores[i][j] is not None
    )
    decision.judgements.all().delete()
    if method == Decision.Method.AHP:
        DecisionJudgement.objects.bulk_create(
            DecisionJudgement(
                decision=decision,
                criterion_a=kept_criteria[a],
                criterion_b=kept_criteria[b],
                value=float(value),
            )
            for (a, b), value in sorted(judgements.items())
        )
    audit_record(
        obj=decision,
        user=user,
        verb=AuditEntry.Verb.CREATE if creating else AuditEntry.Verb.UPDATE,
        project=project,
        before=before,
        after=_decision_snapshot(decision),
    )
    return decision


@transaction.atomic
def decision_record(
    *, decision: Decision, user: Any, chosen_option: DecisionOption, summary: str
) -> Decision:
    """Record the choice: the option, why, who decided and when. The decision then becomes
    read-only history (a superuser may record it again to correct it)."""
    if decision.is_decided and not getattr(user, "is_superuser", False):
        raise PermissionDenied
    if chosen_option.decision_id != decision.pk:
        raise ValidationError({"chosen_option": _("Choose one of this decision's options.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Say in a few words why this option was chosen.")})
    before = stored_snapshot(decision, RECORD_FIELDS)
    decision.status = Decision.Status.DECIDED
    decision.chosen_option = chosen_option
    decision.summary = summary.strip()
    decision.decided_by = user
    decision.decided_at = timezone.now()
    return audited_save(
        decision, user=user, fields=RECORD_FIELDS, project=decision.project, before=before
    )


@transaction.atomic
def decision_delete(*, decision: Decision, user: Any) -> None:
    """Only a draft may be deleted: a decided decision stays in the project's history."""
    if decision.is_decided and not getattr(user, "is_superuser", False):
        raise PermissionDenied
    audit_record(
        obj=decision,
        user=user,
        verb=AuditEntry.Verb.DELETE,
        project=decision.project,
        before=_decision_snapshot(decision),
    )
    decision.chosen_option = None
    decision.save(update_fields=["chosen_option"])
    decision.delete()
