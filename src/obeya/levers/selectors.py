"""Reads of the levers: the catalogue a project sees, candidates with their economics computed
by obeya.core.finance, the impact/effort matrix, and the counts the roadmap needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from obeya.core import decision, finance
from obeya.core import vsm as core_vsm
from obeya.levers.catalogue import TEXT_FIELDS
from obeya.levers.models import CandidateLever, Lever
from obeya.projects.models import Project

# The core states each formula in English; listed here so that `make messages` puts them in the
# catalogues and `appraisal_figures` shows them in the reader's language
# (tests/web/test_levers.py checks the list matches the core).
FORMULA_TEXTS = (
    gettext_noop("annual gain - annual running cost"),
    gettext_noop(
        "sum of the yearly net flows over the horizon (after the ramp-up) - investment, "
        "undiscounted"
    ),
    gettext_noop("(sum of the net flows over the horizon - investment) / investment"),
    gettext_noop(
        "months until the cumulative net cash (- investment + monthly net gains) reaches "
        "0, interpolated within the month"
    ),
    gettext_noop(
        "months until the cumulative net cash, each month discounted at (1 + discount "
        "rate)^(1/12) - 1, reaches 0, interpolated within the month"
    ),
    gettext_noop(
        "- investment + sum over the years t = 1..horizon of the year's net flow / (1 + "
        "discount rate)^t"
    ),
    gettext_noop("the discount rate at which the NPV is 0"),
    gettext_noop(
        "the month the cumulative net cash turns positive (the simple payback under another name)"
    ),
    gettext_noop("fixed costs / (gain per unit - variable cost per unit), units per period"),
)

# Impact and effort are scored 1-5: the matrix splits each scale at its middle.
SCALE_MID = 3.0


# --- the catalogue -------------------------------------------------------------------------


def levers_for_company(company_id: int | None) -> QuerySet[Lever]:
    """The built-in levers and those of one company: never another company's."""
    return Lever.objects.filter(Q(company__isnull=True) | Q(company_id=company_id)).select_related(
        "company"
    )


def lever_catalogue(*, project: Project, query: str = "", category: str = "") -> list[Lever]:
    """The levers a project may use, filtered by category and by words found in any of their
    texts in the interface's language (built-in texts are translated, so the search runs on
    what the user reads)."""
    levers = levers_for_company(project.company_id)
    if category:
        levers = levers.filter(category=category)
    words = query.casefold().split()
    rows = []
    for lever in levers:
        texts = lever.texts
        haystack = " ".join([lever.code, *(getattr(texts, f) for f in TEXT_FIELDS)]).casefold()
        if all(word in haystack for word in words):
            rows.append(lever)
    return sorted(rows, key=lambda lv: (lv.category, lv.texts.name.casefold()))


# --- economics -----------------------------------------------------------------------------


def lever_case(candidate: CandidateLever) -> finance.LeverCase | None:
    """The core's view of a candidate's economics; None until investment and gain are set."""
    if not candidate.is_justified:
        return None
    return finance.LeverCase(
        investment_eur=float(candidate.investment_eur),
        annual_gain_eur=float(candidate.gain_eur_per_year),
        annual_running_cost_eur=float(candidate.running_cost_eur_per_year or 0),
        horizon_years=int(candidate.horizon_years),
        discount_rate=float(candidate.discount_rate_pct) / 100.0,
        ramp_up_months=int(candidate.ramp_up_months),
    )


@dataclass(frozen=True)
class Economics:
    """A candidate's appraisal, or why there is none."""

    case: finance.LeverCase | None = None
    appraisal: finance.Appraisal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.appraisal is not None


def candidate_economics(candidate: CandidateLever) -> Economics:
    """The appraisal of a candidate (ROI, paybacks, NPV, IRR, break-even), or the reasons it
    cannot be computed, each naming its field."""
    try:
        case = lever_case(candidate)
    except finance.FinanceInputError as exc:
        return Economics(errors=list(exc.errors))
    if case is None:
        missing = [
            str(label)
            for label, value in (
                (_("one-off investment (€)"), candidate.investment_eur),
                (_("expected gain (€ per year)"), candidate.gain_eur_per_year),
            )
            if value is None
        ]
        return Economics(
            errors=[
                _("Enter %(fields)s to compute the economics.") % {"fields": ", ".join(missing)}
            ]
        )
    try:
        return Economics(case, finance.appraise(case))
    except finance.FinanceInputError as exc:
        return Economics(case, errors=list(exc.errors))


def cash_flow_spec(economics: Economics) -> dict | None:
    if not economics.ok:
        return None
    return finance.cash_flow_chart_spec(
        economics.case,
        economics.appraisal,
        title=_("Cumulative cash flow"),
        month_title=_("Month"),
        cumulative_title=_("Cumulative cash flow (€)"),
        undiscounted_title=_("Cumulative net cash"),
        discounted_title=_("Discounted"),
        payback_title=_("Payback"),
        discounted_payback_title=_("Discounted payback"),
    )


# The names of the figures next to the formula the core states for each.
FIGURE_LABELS = {
    "net_annual_gain_eur": gettext_lazy("Net annual gain"),
    "total_net_gain_eur": gettext_lazy("Total net gain over the horizon"),
    "roi": gettext_lazy("Return on investment"),
    "payback_months": gettext_lazy("Simple payback"),
    "discounted_payback_months": gettext_lazy("Discounted payback"),
    "npv_eur": gettext_lazy("Net present value"),
    "irr": gettext_lazy("Internal rate of return"),
    "break_even_months": gettext_lazy("Break-even"),
}


FIGURE_KINDS = {
    "net_annual_gain_eur": "eur",
    "total_net_gain_eur": "eur",
    "roi": "pct",
    "payback_months": "months",
    "discounted_payback_months": "months",
    "npv_eur": "eur",
    "irr": "pct",
    "break_even_months": "months",
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | None  # None: not reached within the horizon, or not defined (IRR)
    kind: str  # eur, pct or months: how the page formats it
    formula: str


def appraisal_figures(economics: Economics) -> list[Figure]:
    """Each figure of the appraisal with the formula the core states for it (translated)."""
    if not economics.ok:
        return []
    formulas = finance.formulas()
    return [
        Figure(
            key,
            str(label),
            getattr(economics.appraisal, key),
            FIGURE_KINDS[key],
            _(formulas[key]),
        )
        for key, label in FIGURE_LABELS.items()
    ]


# --- the board -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    candidate: CandidateLever
    economics: Economics
    quadrant: str | None


@dataclass(frozen=True)
class LeversBoard:
    groups: list[tuple[str, str, list[CandidateRow]]]  # (status, label, rows)
    decided_against: list[CandidateRow]  # rejected and postponed, with their reasons
    matrix_spec: dict | None


def _quadrant_labels() -> dict:
    Quadrant = decision.Quadrant
    return {
        Quadrant.QUICK_WIN: _("Quick wins"),
        Quadrant.MAJOR_PROJECT: _("Major projects"),
        Quadrant.FILL_IN: _("Fill-ins"),
        Quadrant.THANKLESS: _("Thankless tasks"),
    }


def candidates_of(project: Project) -> QuerySet[CandidateLever]:
    return CandidateLever.objects.filter(project=project).select_related(
        "lever", "axis", "decided_by", "value_stream"
    )


def impact_effort_matrix(rows: Iterable[CandidateRow]) -> dict | None:
    points = [
        (r.candidate.title, float(r.candidate.impact), float(r.candidate.effort))
        for r in rows
        if r.candidate.impact is not None and r.candidate.effort is not None
    ]
    if not points:
        return None
    return decision.impact_effort_spec(
        points,
        title=_("Impact / effort matrix"),
        impact_title=_("Impact (1-5)"),
        effort_title=_("Effort (1-5)"),
        impact_mid=SCALE_MID,
        effort_mid=SCALE_MID,
        quadrant_labels={q: str(t) for q, t in _quadrant_labels().items()},
    )


def _row(candidate: CandidateLever) -> CandidateRow:
    quadrant = None
    if candidate.impact is not None and candidate.effort is not None:
        q = decision.impact_effort_quadrant(
            candidate.impact, candidate.effort, impact_mid=SCALE_MID, effort_mid=SCALE_MID
        )
        quadrant = str(_quadrant_labels()[q])
    return CandidateRow(candidate, candidate_economics(candidate), quadrant)


def levers_board(project: Project) -> LeversBoard:
    """The project's candidates grouped by status, with their economics and the matrix of the
    ones still in play (rejected and postponed ones are listed apart, with their reasons)."""
    rows = [_row(c) for c in candidates_of(project)]
    groups = []
    for status, label in CandidateLever.Status.choices:
        if status in (CandidateLever.Status.REJECTED, CandidateLever.Status.POSTPONED):
            continue
        in_status = [r for r in rows if r.candidate.status == status]
        if in_status:
            groups.append((status, label, in_status))
    against = [
        r
        for r in rows
        if r.candidate.status in (CandidateLever.Status.REJECTED, CandidateLever.Status.POSTPONED)
    ]
    in_play = [r for r in rows if r not in against]
    return LeversBoard(groups, against, impact_effort_matrix(in_play))


def levers_counts(project: Project) -> dict[str, int]:
    """For the roadmap: candidates whose economics compute, and ratified ones."""
    candidates = CandidateLever.objects.filter(project=project)
    return {
        "justified": candidates.filter(
            investment_eur__isnull=False, gain_eur_per_year__isnull=False
        ).count(),
        "ratified": candidates.filter(status=CandidateLever.Status.RATIFIED).count(),
    }


# --- future state --------------------------------------------------------------------------


@dataclass(frozen=True)
class FutureStateComparison:
    """The gains of a candidate's future-state map against its current state, or why not."""

    gains: Any = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.gains is not None


def future_state_gains_of(
    candidate: CandidateLever, assumptions: finance.GainAssumptions
) -> FutureStateComparison:
    future = candidate.value_stream
    if future is None:
        return FutureStateComparison(errors=[_("Link a future-state value stream first.")])
    current = future.current_state
    if current is None:
        return FutureStateComparison(
            errors=[_("The future state is not tied to a current state to compare it with.")]
        )
    try:
        metrics = [
            core_vsm.compute_metrics(core_vsm.load_value_stream(vs.source))
            for vs in (current, future)
        ]
    except core_vsm.ValueStreamError as exc:
        return FutureStateComparison(errors=list(exc.errors))
    try:
        return FutureStateComparison(finance.future_state_gains(*metrics, assumptions))
    except finance.FinanceInputError as exc:
        return FutureStateComparison(errors=list(exc.errors))


def proposed_actions(candidate: CandidateLever) -> list[str]:
    """First actions to propose at ratification: the lever applied, then a check of its effect."""
    title = candidate.title
    proposals = [title]
    if candidate.axis_id and candidate.axis.kpi_name:
        proposals.append(
            _("Measure %(kpi)s after: %(title)s") % {"kpi": candidate.axis.kpi_name, "title": title}
        )
    return proposals
