"""Reads of the obstacles log and the stakeholder map."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from obeya.core import stakeholders as core
from obeya.obstacles.models import Obstacle, Stakeholder, StakeholderAssessment
from obeya.projects.models import Project


def quadrant_labels() -> dict[str, str]:
    """The quadrants' names in the interface's language."""
    return {
        core.Quadrant.MANAGE_CLOSELY.value: _("Manage closely"),
        core.Quadrant.KEEP_SATISFIED.value: _("Keep satisfied"),
        core.Quadrant.KEEP_INFORMED.value: _("Keep informed"),
        core.Quadrant.MONITOR.value: _("Monitor"),
    }


def quadrant_hints() -> dict[str, str]:
    """What to do with the stakeholders of each quadrant (docs/obstacles.md)."""
    return {
        core.Quadrant.MANAGE_CLOSELY.value: _(
            "Influential and not yet won over: meet them in person, hear their objections, "
            "involve them in the decisions that concern them."
        ),
        core.Quadrant.KEEP_SATISFIED.value: _(
            "Influential supporters: keep their support with regular results and ask them to "
            "sponsor the change in front of the teams."
        ),
        core.Quadrant.KEEP_INFORMED.value: _(
            "Supporters with little weight: keep them informed, they relay the change on the "
            "shop floor; train them to become champions."
        ),
        core.Quadrant.MONITOR.value: _(
            "Little weight and not yet won over: inform and train, and watch for a shift in "
            "their stance or influence."
        ),
    }


def move_labels() -> dict[str, str]:
    return {
        core.Move.NEW.value: _("first assessment"),
        core.Move.WON_OVER.value: _("won over"),
        core.Move.LOST.value: _("lost ground"),
        core.Move.GAINED_WEIGHT.value: _("more influence"),
        core.Move.LOST_WEIGHT.value: _("less influence"),
        core.Move.UNCHANGED.value: _("unchanged"),
    }


# --- the log -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObstacleFilter:
    kind: str = ""
    status: str = ""
    resistance: bool | None = None
    unresolved: bool = False


def obstacle_list(*, project: Project, filters: ObstacleFilter | None = None) -> QuerySet[Obstacle]:
    rows = Obstacle.objects.filter(project=project).select_related("axis", "team", "response_owner")
    filters = filters or ObstacleFilter()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.resistance is not None:
        rows = rows.filter(is_resistance=filters.resistance)
    if filters.unresolved:
        rows = rows.filter(status__in=Obstacle.UNRESOLVED)
    return rows.prefetch_related("people", "actions")


@dataclass(frozen=True)
class ObstacleCounts:
    """Counts over the whole log (not the filtered list), for the summary table."""

    by_kind_and_status: dict[str, dict[str, int]]
    by_status: dict[str, int]
    resistance_unresolved: int
    total: int


def obstacle_counts(project: Project) -> ObstacleCounts:
    rows = list(
        Obstacle.objects.filter(project=project).values_list("kind", "status", "is_resistance")
    )
    pairs = Counter((kind, status) for kind, status, _r in rows)
    return ObstacleCounts(
        by_kind_and_status={
            kind: {status: pairs[(kind, status)] for status in Obstacle.Status.values}
            for kind in Obstacle.Kind.values
        },
        by_status={s: sum(1 for _k, st, _r in rows if st == s) for s in Obstacle.Status.values},
        resistance_unresolved=sum(1 for _k, st, r in rows if r and st in Obstacle.UNRESOLVED),
        total=len(rows),
    )


# --- the stakeholder map -------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderRow:
    stakeholder: Stakeholder
    latest: StakeholderAssessment
    previous: StakeholderAssessment | None
    position: core.Position
    history: list[StakeholderAssessment] = field(default_factory=list)


@dataclass(frozen=True)
class StakeholderMap:
    rows: list[StakeholderRow]
    by_quadrant: dict[str, list[StakeholderRow]]
    moves: dict[str, int]
    spec: dict[str, Any] | None


def stakeholder_rows(project: Project, *, on: dt.date | None = None) -> list[StakeholderRow]:
    """Each stakeholder with their latest and previous assessments, as of `on` when given (a
    review dated in the past does not see later assessments); those without any are left out."""
    rows = []
    stakeholders = (
        Stakeholder.objects.filter(project=project)
        .select_related("person")
        .prefetch_related("assessments")
    )
    for stakeholder in stakeholders:
        history = sorted(
            (a for a in stakeholder.assessments.all() if on is None or a.assessed_on <= on),
            key=lambda a: (a.assessed_on, a.pk),
        )
        if not history:
            continue
        latest = history[-1]
        previous = history[-2] if len(history) > 1 else None
        position = core.Position(
            name=str(stakeholder),
            influence=latest.influence,
            attitude=latest.attitude,
            previous_influence=previous.influence if previous else None,
            previous_attitude=previous.attitude if previous else None,
        )
        rows.append(StakeholderRow(stakeholder, latest, previous, position, history))
    return rows


def stakeholder_map(project: Project) -> StakeholderMap:
    rows = stakeholder_rows(project)
    labels = quadrant_labels()
    by_quadrant: dict[str, list[StakeholderRow]] = {q: [] for q in labels}
    for row in rows:
        by_quadrant[row.position.quadrant.value].append(row)
    positions = [row.position for row in rows]
    spec = None
    if rows:
        spec = core.stakeholder_map_spec(
            positions,
            title=_("Stakeholder map"),
            influence_title=_("Influence"),
            attitude_title=_("Attitude to the change"),
            attitude_labels=[str(label) for _v, label in StakeholderAssessment.Attitude.choices],
            quadrant_labels=labels,
        )
    return StakeholderMap(
        rows=rows, by_quadrant=by_quadrant, moves=core.move_counts(positions), spec=spec
    )


def obstacle_count_table(counts: ObstacleCounts) -> dict[str, Any]:
    """The counts as the log's summary table shows them: one row per kind, one column per
    status, totals below."""
    statuses = Obstacle.Status.values
    return {
        "status_choices": Obstacle.Status.choices,
        "count_rows": [
            (kind, label, [counts.by_kind_and_status[kind][s] for s in statuses])
            for kind, label in Obstacle.Kind.choices
        ],
        "status_totals": [counts.by_status[s] for s in statuses],
    }
