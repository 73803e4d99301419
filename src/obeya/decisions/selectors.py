"""Reads of the priority axes and decisions, and the analysis of a decision by the core.

`decision_analysis` turns a stored decision into the core's inputs and returns what the result
page shows: the ranking, the sensitivity of the winner to each weight, the AHP weights with
their consistency, and the chart. `grid_analysis` does the same for an unsaved grid (the live
preview of the edit page) so both pages compute alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from obeya.core import decision as core
from obeya.core.objectives import improvement_ratio
from obeya.core.roadmap import MIN_PRIORITY_AXES
from obeya.decisions.models import Axis, Decision, DecisionCriterion, DecisionScore
from obeya.projects.models import Project

REQUIRED_MEASURABLE_AXES = MIN_PRIORITY_AXES
"""Stage 2 of the roadmap asks for at least three axes with a measurable objective."""


def project_axes(project: Project) -> list[Axis]:
    """The axes in priority order with the findings they answer."""
    return list(
        Axis.objects.filter(project=project).prefetch_related(
            "observations", "grid_criteria", "swot_items"
        )
    )


def measurable_axes_count(project: Project) -> int:
    """How many axes have a measurable objective (stage 2 of the roadmap needs three)."""
    return sum(1 for axis in Axis.objects.filter(project=project) if axis.is_measurable)


def decisions_count(project: Project) -> int:
    """How many decisions were recorded (decided), the drafts not counted."""
    return Decision.objects.filter(project=project, status=Decision.Status.DECIDED).count()


def project_decisions(project: Project) -> QuerySet[Decision]:
    return Decision.objects.filter(project=project).select_related(
        "chosen_option", "decided_by", "created_by"
    )


@dataclass(frozen=True)
class PrioritiesOverview:
    axes: list[Axis]
    measurable_count: int
    required: int
    decisions: list[Decision]

    @property
    def enough_axes(self) -> bool:
        return self.measurable_count >= self.required


def priorities_overview(project: Project) -> PrioritiesOverview:
    """What the priorities page shows: the axes with their measurability and the decisions."""
    axes = project_axes(project)
    return PrioritiesOverview(
        axes=axes,
        measurable_count=sum(1 for axis in axes if axis.is_measurable),
        required=REQUIRED_MEASURABLE_AXES,
        decisions=list(project_decisions(project)),
    )


@dataclass(frozen=True)
class AxisSheet:
    """The one-page sheet of an axis: its objective, why, how it is measured, the findings."""

    axis: Axis
    observations: list
    grid_criteria: list
    swot_items: list
    improvement_pct: float | None

    @property
    def has_findings(self) -> bool:
        return bool(
            self.observations or self.grid_criteria or self.swot_items or self.axis.flow_findings
        )


def axis_sheet(axis: Axis) -> AxisSheet:
    ratio = None
    if axis.baseline is not None and axis.target is not None:
        ratio = improvement_ratio(baseline=axis.baseline, target=axis.target)
    return AxisSheet(
        axis=axis,
        observations=list(axis.observations.all()),
        grid_criteria=list(axis.grid_criteria.all()),
        swot_items=list(axis.swot_items.all()),
        improvement_pct=None if ratio is None else 100 * ratio,
    )


@dataclass(frozen=True)
class CriterionInput:
    """A criterion as the analysis needs it (stored or from an unsaved form)."""

    name: str
    weight: float
    direction: str = "max"
    lower: float | None = None
    upper: float | None = None


@dataclass
class Analysis:
    """What the result page shows; `errors` says why a part could not be computed."""

    method: str
    options: list[str]
    criteria: list[CriterionInput]
    scores: list[list[float | None]]
    weights: list[float] = field(default_factory=list)
    matrix: Any = None  # core.MatrixResult
    sensitivity: tuple = ()  # core.WeightRange per criterion
    ahp: Any = None  # core.AhpResult
    ahp_table: list[list[float]] = field(default_factory=list)
    chart: dict | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def winner(self) -> str | None:
        return self.matrix.ranking[0].option if self.matrix and self.matrix.ranking else None

    @property
    def sensitivity_table(self) -> list[dict[str, Any]]:
        return sensitivity_rows(self)

    @property
    def ahp_rows(self) -> list[dict[str, Any]]:
        """Each criterion with its AHP weight and its row of the pairwise matrix."""
        if not self.ahp:
            return []
        return [
            {"name": name, "weight_pct": 100 * weight, "row": self.ahp_table[i]}
            for i, (name, weight) in enumerate(zip(self.ahp.names, self.ahp.weights, strict=True))
        ]

    @property
    def weight_rows(self) -> list[dict[str, Any]]:
        """The criteria with the weights used and their share of the total."""
        total = sum(self.weights) or 1.0
        return [
            {"criterion": c, "weight": w, "share_pct": 100 * w / total}
            for c, w in zip(self.criteria, self.weights, strict=True)
        ]

    @property
    def ranking_rows(self) -> list[dict[str, Any]]:
        """The ranking with each option's contribution per criterion, in criteria order."""
        if not self.matrix:
            return []
        return [
            {
                "option": row.option,
                "rank": row.rank,
                "total": row.total,
                "total_pct": 100 * row.total,
                "contributions_pct": [100 * c for c in row.contributions],
            }
            for row in self.matrix.ranking
        ]


def _figure(value: float) -> str:
    """A weight as people write it: 2, 7.5, 0.234 (with the locale's decimal separator)."""
    text = f"{round(value, 3):g}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def sensitivity_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per criterion: its weight, the range over which the winner stays first, and the
    sentence that says so and names who takes over beyond each bound."""
    if not analysis.matrix or not analysis.sensitivity:
        return []
    winner = analysis.winner
    rows = []
    for r in analysis.sensitivity:
        params = {
            "criterion": r.criterion,
            "winner": winner,
            "lower": _figure(r.lower),
            "upper": "" if r.upper is None else _figure(r.upper),
            "lower_takeover": r.lower_takeover,
            "upper_takeover": r.upper_takeover,
        }
        if r.upper is not None and r.lower == r.upper:
            text = _(
                "“%(winner)s” is tied with “%(upper_takeover)s”: any change of the weight "
                "of %(criterion)s decides between them."
            )
        elif r.upper is None and r.lower_takeover is None:
            text = _(
                "Whatever the weight of %(criterion)s, “%(winner)s” stays first: this "
                "criterion alone cannot change the winner."
            )
        elif r.upper is None:
            text = _(
                "“%(winner)s” stays first while the weight of %(criterion)s stays at or "
                "above %(lower)s, however large it gets."
            )
        else:
            text = _(
                "“%(winner)s” stays first while the weight of %(criterion)s stays between "
                "%(lower)s and %(upper)s; above %(upper)s “%(upper_takeover)s” takes over."
            )
        sentence = text % params
        if r.lower_takeover and r.lower != r.upper:
            sentence += " " + _("Below %(lower)s “%(lower_takeover)s” takes over.") % params
        rows.append(
            {
                "criterion": r.criterion,
                "weight": r.weight,
                "lower": params["lower"],
                "upper": params["upper"] or None,
                "robust": r.upper is None and r.lower_takeover is None,
                "sentence": sentence,
            }
        )
    return rows


def grid_analysis(
    *,
    method: str,
    options: Sequence[str],
    criteria: Sequence[CriterionInput],
    scores: Sequence[Sequence[float | None]],
    judgements: Mapping[tuple[str, str], float] | None = None,
) -> Analysis:
    """Rank the options: AHP first turns the judgements into criteria weights, then the
    weighted matrix ranks the options and the sensitivity says how far each weight may move
    before the winner changes. Input the core refuses lands in `errors`, not in an exception."""
    analysis = Analysis(
        method=method,
        options=list(options),
        criteria=list(criteria),
        scores=[list(row) for row in scores],
        weights=[c.weight for c in criteria],
    )
    if method == Decision.Method.ADVANTAGES_DRAWBACKS or not criteria or len(options) < 2:
        return analysis
    names = [c.name for c in criteria]
    try:
        if method == Decision.Method.AHP:
            analysis.ahp_table = core.ahp_matrix(names, dict(judgements or {}))
            analysis.ahp = core.ahp_weights(analysis.ahp_table, names)
            analysis.weights = list(analysis.ahp.weights)
        if any(value is None for row in scores for value in row):
            analysis.errors.append(_("Score every option on every criterion to rank them."))
            return analysis
        core_criteria = [
            core.Criterion(
                name=c.name,
                weight=w,
                direction=core.Direction(c.direction),
                lower=c.lower,
                upper=c.upper,
            )
            for c, w in zip(criteria, analysis.weights, strict=True)
        ]
        matrix_scores = [[float(v) for v in row] for row in scores]
        analysis.matrix = core.weighted_matrix(core_criteria, list(options), matrix_scores)
        analysis.sensitivity = core.weight_sensitivity(
            core_criteria, list(options), matrix_scores, top=1
        )
        analysis.chart = core.matrix_chart_spec(
            analysis.matrix,
            title=_("Weighted score by option"),
            score_title=_("Weighted score (0 to 1)"),
        )
    except core.DecisionInputError as error:
        analysis.errors.extend(error.errors)
    return analysis


def decision_grid(decision: Decision) -> tuple[list, list[DecisionCriterion], list[list]]:
    """The stored options, criteria and the score table [option][criterion] (None if unset)."""
    options = list(decision.options.select_related("axis"))
    criteria = list(decision.criteria.all())
    stored = {
        (s.option_id, s.criterion_id): s.value
        for s in DecisionScore.objects.filter(option__decision=decision)
    }
    table = [[stored.get((o.pk, c.pk)) for c in criteria] for o in options]
    return options, criteria, table


def decision_analysis(decision: Decision) -> Analysis:
    options, criteria, table = decision_grid(decision)
    judgements = {
        (j.criterion_a.name, j.criterion_b.name): j.value
        for j in decision.judgements.select_related("criterion_a", "criterion_b")
    }
    return grid_analysis(
        method=decision.method,
        options=[o.name for o in options],
        criteria=[
            CriterionInput(c.name, c.weight, c.direction, c.lower, c.upper) for c in criteria
        ],
        scores=table,
        judgements=judgements,
    )


def decisions_with_results(project: Project) -> list[tuple[Decision, Analysis]]:
    """Every decision of the project with its analysis (for the API)."""
    decisions = project_decisions(project).prefetch_related(
        Prefetch("options"), Prefetch("criteria")
    )
    return [(d, decision_analysis(d)) for d in decisions]
