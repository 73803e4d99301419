"""Reads of the diagnosis: the grid with its gaps and scores, the SWOT by quadrant."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from obeya.core.charts import radar_or_bar_spec
from obeya.core.grid import Criterion, Gap, grid_summary
from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.gemba.models import Observation
from obeya.projects.models import Project


@dataclass(frozen=True)
class GridLine:
    criterion: GridCriterion
    gap: Gap | None  # None while a value is missing


@dataclass(frozen=True)
class DiagnosticGrid:
    lines: list[GridLine]
    score: float | None  # the weighted overall score, 0..100
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def measured(self) -> int:
        return sum(1 for line in self.lines if line.gap is not None)


def _plain(criterion: GridCriterion) -> Criterion:
    return Criterion(
        name=criterion.name,
        current=criterion.current_value,
        reference=criterion.reference_value,
        direction=criterion.direction,
        weight=criterion.weight,
    )


def diagnostic_grid(project: Project) -> DiagnosticGrid:
    """The grid's lines in order, each with its gap and score, the weighted overall score and
    the bar chart of the scores."""
    criteria = list(GridCriterion.objects.filter(project=project).order_by("position", "pk"))
    plain = [_plain(c) for c in criteria]
    lines = [GridLine(c, p.gap) for c, p in zip(criteria, plain, strict=True)]
    spec = radar_or_bar_spec(
        [(line.criterion.name, line.gap.score if line.gap else None) for line in lines],
        _("Score by criterion (100 = at or better than the reference)"),
        _("Score"),
    )
    return DiagnosticGrid(lines, grid_summary(plain), spec)


QUADRANT_TITLES = {
    SwotItem.Kind.STRENGTH: gettext_lazy("Strengths"),
    SwotItem.Kind.WEAKNESS: gettext_lazy("Weaknesses"),
    SwotItem.Kind.OPPORTUNITY: gettext_lazy("Opportunities"),
    SwotItem.Kind.THREAT: gettext_lazy("Threats"),
}


def swot_quadrants(project: Project) -> list[tuple[str, str, list[SwotItem]]]:
    """The four quadrants in the usual order (strengths, weaknesses, opportunities, threats):
    (kind, title, items with their linked observations and grid lines)."""
    items = (
        SwotItem.objects.filter(project=project)
        .prefetch_related(
            Prefetch("observations", queryset=Observation.objects.order_by("-observed_on")),
            Prefetch("criteria", queryset=GridCriterion.objects.order_by("position", "pk")),
        )
        .order_by("position", "pk")
    )
    by_kind: dict[str, list[SwotItem]] = {kind: [] for kind in SwotItem.Kind.values}
    for item in items:
        by_kind[item.kind].append(item)
    return [(kind, str(QUADRANT_TITLES[kind]), by_kind[kind]) for kind in SwotItem.Kind.values]
