"""Every write to the diagnostic grid and the SWOT: one transaction each, each audited.

Validation errors name the field they are about, so the form that fed the service shows them
next to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    snapshot,
    stored_snapshot,
)
from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.gemba.models import Observation
from obeya.projects.models import Project
from obeya.projects.services import same_project_links

CRITERION_FIELDS = (
    "name",
    "category",
    "unit",
    "current_value",
    "reference_value",
    "reference_kind",
    "direction",
    "weight",
    "source",
    "comment",
)
SWOT_FIELDS = ("kind", "text")

Category = GridCriterion.Category
Direction = GridCriterion.Direction

# The techno-economic lines most diagnoses start from: names, units, categories and good
# directions only. The values are the user's to measure: none is ever invented.
USUAL_CRITERIA = (
    (gettext_lazy("OEE"), "%", Category.PRODUCTIVITY, Direction.HIGHER),
    (gettext_lazy("Lead time"), gettext_lazy("days"), Category.DELIVERY, Direction.LOWER),
    (gettext_lazy("Inventory coverage"), gettext_lazy("days"), Category.COST, Direction.LOWER),
    (gettext_lazy("Scrap cost"), gettext_lazy("% of sales"), Category.QUALITY, Direction.LOWER),
    (gettext_lazy("On-time delivery"), "%", Category.DELIVERY, Direction.HIGHER),
    (
        gettext_lazy("Productivity"),
        gettext_lazy("parts/h"),
        Category.PRODUCTIVITY,
        Direction.HIGHER,
    ),
)


def _next_position(model: type, project: Project) -> int:
    last = model.objects.filter(project=project).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


# --- the grid ------------------------------------------------------------------------------


@transaction.atomic
def criterion_create(*, project: Project, user: Any, **fields: Any) -> GridCriterion:
    criterion = GridCriterion(project=project, **fields)
    if "position" not in fields:
        criterion.position = _next_position(GridCriterion, project)
    audited_save(criterion, user=user, fields=CRITERION_FIELDS, project=project)
    return criterion


@transaction.atomic
def criterion_update(*, criterion: GridCriterion, user: Any, **fields: Any) -> GridCriterion:
    before = stored_snapshot(criterion, CRITERION_FIELDS)
    assign_fields(criterion, fields, CRITERION_FIELDS + ("position",), service="criterion_update")
    return audited_save(
        criterion, user=user, fields=CRITERION_FIELDS, project=criterion.project, before=before
    )


@transaction.atomic
def criterion_delete(*, criterion: GridCriterion, user: Any) -> None:
    audited_delete(criterion, user=user, fields=CRITERION_FIELDS, project=criterion.project)


@transaction.atomic
def criteria_add_usual(*, project: Project, user: Any) -> list[GridCriterion]:
    """Add the usual techno-economic lines the grid lacks (matched by name), without values."""
    existing = {name.casefold() for name in project.grid_criteria.values_list("name", flat=True)}
    added = []
    for name, unit, category, direction in USUAL_CRITERIA:
        if str(name).casefold() in existing:
            continue
        added.append(
            criterion_create(
                project=project,
                user=user,
                name=str(name),
                unit=str(unit),
                category=category,
                direction=direction,
            )
        )
    return added


# --- the SWOT ------------------------------------------------------------------------------


def _check_links(
    project: Project, observations: Iterable[Observation], criteria: Iterable[GridCriterion]
) -> tuple[list[Observation], list[GridCriterion]]:
    """A SWOT item cites the observations and grid lines of its own project only."""
    found = same_project_links(
        project,
        observations=(observations, _("Only observations of this project can be linked.")),
        criteria=(criteria, _("Only lines of this project's grid can be linked.")),
    )
    return found["observations"], found["criteria"]


def _swot_links(item: SwotItem) -> dict[str, Any]:
    return {
        "observations": sorted(item.observations.values_list("pk", flat=True)),
        "criteria": sorted(item.criteria.values_list("pk", flat=True)),
    }


def _swot_snapshot(item: SwotItem) -> dict[str, Any]:
    return {**snapshot(item, SWOT_FIELDS), **_swot_links(item)}


@transaction.atomic
def swot_item_create(
    *,
    project: Project,
    user: Any,
    kind: str,
    text: str,
    observations: Iterable[Observation] = (),
    criteria: Iterable[GridCriterion] = (),
) -> SwotItem:
    observations, criteria = _check_links(project, observations, criteria)
    item = SwotItem(project=project, kind=kind, text=text.strip())
    item.position = (
        (SwotItem.objects.filter(project=project, kind=kind).aggregate(m=Max("position"))["m"]) or 0
    ) + 1
    item.full_clean()
    item.save()
    item.observations.set(observations)
    item.criteria.set(criteria)
    audit_record(
        obj=item,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=_swot_snapshot(item),
    )
    return item


@transaction.atomic
def swot_item_update(
    *,
    item: SwotItem,
    user: Any,
    observations: Iterable[Observation] | None = None,
    criteria: Iterable[GridCriterion] | None = None,
    **fields: Any,
) -> SwotItem:
    before = _swot_snapshot(SwotItem.objects.get(pk=item.pk))
    if "text" in fields:
        fields["text"] = fields["text"].strip()
    assign_fields(item, fields, SWOT_FIELDS, service="swot_item_update")
    linked_obs, linked_criteria = _check_links(
        item.project,
        item.observations.all() if observations is None else observations,
        item.criteria.all() if criteria is None else criteria,
    )
    item.full_clean()
    item.save()
    item.observations.set(linked_obs)
    item.criteria.set(linked_criteria)
    audit_record(
        obj=item,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=item.project,
        before=before,
        after=_swot_snapshot(item),
    )
    return item


@transaction.atomic
def swot_item_delete(*, item: SwotItem, user: Any) -> None:
    audited_delete(
        item, user=user, fields=SWOT_FIELDS, project=item.project, extra_before=_swot_links(item)
    )
