"""Reads of problem solving: the problems a KPI's signals propose, a problem's analysis, and the
KPI before and after the corrective actions (docs/problems.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.core import problem_solving as ps
from obeya.core.charts import control_chart_spec
from obeya.core.effect import EffectCheck, EffectError, mean_effect, proportion_effect
from obeya.core.kpi import Chart
from obeya.core.spc import SpcError, control_chart
from obeya.kpis.charts import kpi_chart
from obeya.kpis.models import Kpi
from obeya.kpis.selectors import kpi_row
from obeya.problems.models import Cause, Problem, Verification, Why
from obeya.projects.models import Project

LATEST_POINTS = 5
"""A rule broken on one of a KPI's latest 5 points proposes a problem: older signals are
history, already discussed (or missed) in the team's meetings."""
TARGET_MISSES_IN_A_ROW = 3
"""The target missed on the latest 3 points in a row proposes a problem: once is noise, three
times is a pattern worth a look even when no control rule fires."""


def _fmt(value: float) -> str:
    return f"{value:.4g}"


@dataclass(frozen=True)
class Proposal:
    """A problem Obeya proposes from a KPI's signal, with the deviation in figures."""

    kpi: Kpi
    kind: str  # "rule" (a control rule fired) or "target" (missed N times in a row)
    day: dt.date
    value: float  # as charted: the value, mean or proportion
    limit: float | None  # the control limit crossed (rule 1), or the target
    rules: tuple[int, ...] = ()
    misses: int = 0

    @property
    def title(self) -> str:
        if self.kind == "rule":
            return _("%(kpi)s: special cause on %(day)s") % {"kpi": self.kpi.name, "day": self.day}
        return _("%(kpi)s: target missed %(n)d times in a row") % {
            "kpi": self.kpi.name,
            "n": self.misses,
        }

    @property
    def deviation(self) -> str:
        unit = f" {self.kpi.unit}" if self.kpi.unit else ""
        values = {
            "kpi": self.kpi.name,
            "day": self.day.isoformat(),
            "value": _fmt(self.value) + unit,
            "limit": _fmt(self.limit) + unit if self.limit is not None else "",
            "rules": ", ".join(map(str, self.rules)),
            "n": self.misses,
        }
        if self.kind == "target":
            return (
                _(
                    "%(kpi)s missed its target %(limit)s on the latest %(n)d points in a row: "
                    "%(value)s on %(day)s."
                )
                % values
            )
        if 1 in self.rules and self.limit is not None:
            side = _("above the upper") if self.value > self.limit else _("below the lower")
            return _(
                "%(kpi)s on %(day)s: %(value)s, %(side)s control limit %(limit)s (rules %(rules)s)."
            ) % {**values, "side": side}
        return _("%(kpi)s on %(day)s: %(value)s breaks the control rules %(rules)s.") % values

    @property
    def initial(self) -> dict[str, Any]:
        """The problem form's fields, prefilled."""
        return {
            "title": self.title[:200],
            "deviation": self.deviation,
            "since": self.day,
            "kpi": self.kpi.pk,
        }


def kpi_proposal(kpi: Kpi) -> Proposal | None:
    """The signal of a KPI worth a problem now, if any: a rule broken on one of its latest
    points on the bad side of the center line (the latest such point), else its target missed
    on the latest points in a row."""
    row = kpi_row(kpi)
    chart = kpi_chart(kpi, row.chart)
    if chart.result is None:
        return None
    main = chart.result.charts[0]
    n = len(main.values)
    sign = 1.0 if kpi.increase_is_better else -1.0
    # A signal on the good side of the center line is an improvement to learn from, not a
    # problem: only those on the bad side are proposed.
    recent = [
        i
        for i in main.flagged()
        if i > n - LATEST_POINTS and sign * (main.values[i - 1] - main.center[i - 1]) < 0
    ]
    if recent:
        i = recent[-1]
        value = float(main.values[i - 1])
        ucl, lcl = float(main.ucl[i - 1]), float(main.lcl[i - 1])
        rules = tuple(main.rules_at(i))
        limit = ucl if value > float(main.center[i - 1]) else lcl
        return Proposal(kpi, "rule", dt.date.fromisoformat(chart.dates[i - 1]), value, limit, rules)
    if kpi.target is not None and n >= TARGET_MISSES_IN_A_ROW:
        latest = [float(v) for v in main.values[-TARGET_MISSES_IN_A_ROW:]]
        better = (
            (lambda v: v >= kpi.target) if kpi.increase_is_better else (lambda v: v <= kpi.target)
        )
        if not any(better(v) for v in latest):
            return Proposal(
                kpi,
                "target",
                dt.date.fromisoformat(chart.dates[-1]),
                latest[-1],
                kpi.target,
                misses=TARGET_MISSES_IN_A_ROW,
            )
    return None


def problem_proposals(project: Project) -> list[Proposal]:
    """One proposal per KPI of the project with a recent signal and no open problem."""
    busy = set(
        Problem.objects.filter(project=project, status__in=Problem.OPEN_STATUSES)
        .exclude(kpi=None)
        .values_list("kpi_id", flat=True)
    )
    proposals = []
    for kpi in Kpi.objects.filter(project=project).exclude(pk__in=busy).order_by("name", "pk"):
        proposal = kpi_proposal(kpi)
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def project_problems(project: Project) -> tuple[list[Problem], list[Problem]]:
    """(open problems, closed problems), newest first."""
    rows = list(Problem.objects.filter(project=project).select_related("kpi", "team", "opened_by"))
    return [p for p in rows if p.is_open], [p for p in rows if not p.is_open]


# --- the analysis ---------------------------------------------------------------------------


def _core_why(why: Why) -> ps.Why:
    return ps.Why(
        id=why.pk,
        parent_id=why.parent_id,
        text=why.text,
        root_cause=why.is_root_cause,
        verification=why.verification,
        has_evidence=bool(why.evidence.strip()),
    )


@dataclass(frozen=True)
class WhyLine:
    why: Why
    depth: int
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    whys: list[WhyLine]
    root_causes: list[Why]
    verified_root_causes: list[Why]
    causes: list[Cause]
    max_depth: int
    findings: dict[int, tuple[str, ...]] = field(default_factory=dict)


def problem_analysis(problem: Problem) -> Analysis:
    """The 5-whys tree depth first with each why's depth and open findings, and the causes."""
    whys = list(problem.whys.select_related("verified_by"))
    by_id = {w.pk: w for w in whys}
    core = [_core_why(w) for w in whys]
    findings: dict[int, list[str]] = {}
    for finding in ps.why_findings(core):
        findings.setdefault(finding.why_id, []).append(finding.kind)
    lines = [
        WhyLine(by_id[node.why.id], node.depth, tuple(findings.get(node.why.id, ())))
        for node in ps.flatten(ps.why_tree(core))
    ]
    roots = [w for w in whys if w.is_root_cause]
    return Analysis(
        whys=lines,
        root_causes=roots,
        verified_root_causes=[w for w in roots if w.is_verified_root_cause],
        causes=list(problem.causes.select_related("verified_by")),
        max_depth=max((line.depth for line in lines), default=0),
        findings={k: tuple(v) for k, v in findings.items()},
    )


def ishikawa_drawing(problem: Problem) -> str:
    """The problem's fishbone as SVG, labelled in the user's language."""
    causes = [
        ps.IshikawaCause(c.category, c.text, c.verification)
        for c in problem.causes.order_by("category", "created_at", "pk")
    ]
    return ps.ishikawa_svg(
        problem.title,
        causes,
        category_labels={
            ps.MAN: _("Man"),
            ps.MACHINE: _("Machine"),
            ps.METHOD: _("Method"),
            ps.MATERIAL: _("Material"),
            ps.MEASUREMENT: _("Measurement"),
            ps.MILIEU: _("Milieu"),
        },
        status_labels={v.value: str(v.label) for v in Verification},
        legend_title=_("Verification"),
        title=_("Ishikawa diagram"),
    )


# --- the effectiveness check ----------------------------------------------------------------


@dataclass(frozen=True)
class ProblemEffect:
    check: EffectCheck | None
    problem: str  # why no check could be made ("" when there is one)
    split: dt.date | None  # the first day of the "after" period
    split_source: str  # "chosen" (on the problem or the form), "phase" (the KPI's latest)
    chart: str
    specs: tuple[dict[str, Any], ...] = ()
    unit: str = ""


def _split_date(problem: Problem, chosen: dt.date | None) -> tuple[dt.date | None, str]:
    if chosen is not None:
        return chosen, "chosen"
    if problem.check_from is not None:
        return problem.check_from, "chosen"
    phase = problem.kpi.phases.order_by("-starts_at").first() if problem.kpi else None
    if phase is not None:
        return timezone.localtime(phase.starts_at).date(), "phase"
    return None, ""


def effect_check(problem: Problem, *, check_from: dt.date | None = None) -> ProblemEffect:
    """The KPI before `check_from` against the KPI from it on (default: the problem's chosen
    date, else the start of the KPI's latest phase), with the chart split there: Welch's test
    on the means, or the two-proportion test on a p/np KPI, and rule 1 on the after phase
    judged against its own limits."""
    kpi = problem.kpi
    if kpi is None:
        return ProblemEffect(
            None, _("Link the problem to a KPI to check the effect."), None, "", ""
        )
    split, source = _split_date(problem, check_from)
    chart = str(kpi_row(kpi).chart)
    if split is None:
        return ProblemEffect(
            None,
            _("Choose the date the corrective actions took effect, or start a phase on the KPI."),
            None,
            "",
            chart,
        )
    moment = timezone.make_aware(dt.datetime.combine(split, dt.time.min))
    rows = list(
        kpi.measurements.order_by("measured_at", "pk").values_list(
            "measured_at", "value", "subgroup", "sample_size"
        )
    )
    before = [r for r in rows if r[0] < moment]
    after = [r for r in rows if r[0] >= moment]
    if len(before) < 2 or len(after) < 2:
        return ProblemEffect(
            None,
            _(
                "At least two measurements are needed on each side of %(day)s "
                "(%(before)d before, %(after)d from it on)."
            )
            % {"day": split.isoformat(), "before": len(before), "after": len(after)},
            split,
            source,
            chart,
        )
    values = [r[1] for r in rows]
    subgroups = sizes = None
    first_after = len(before) + 1
    if chart in (Chart.XBAR_R, Chart.XBAR_S):
        subgroups = [r[2] or r[0].isoformat() for r in rows]
        order: dict[str, Any] = {}
        for label, r in zip(subgroups, rows, strict=True):
            order.setdefault(label, r[0])
        first_after = next(
            (i for i, m in enumerate(order.values(), start=1) if m >= moment), len(order)
        )
    if chart in (Chart.P, Chart.NP, Chart.U):
        sizes = [r[3] for r in rows]
        if any(s is None for s in sizes):
            return ProblemEffect(
                None, _("Every point needs its sample size for this check."), split, source, chart
            )
    try:
        result = control_chart(
            chart, values, subgroups=subgroups, sizes=sizes, phase_starts=[first_after]
        )
        main = result.charts[0]
        rule1_after = sum(1 for i in main.flagged(rule=1) if i >= first_after)
        if chart in (Chart.P, Chart.NP):
            check = proportion_effect(
                int(sum(r[1] for r in before)),
                int(sum(r[3] for r in before)),
                int(sum(r[1] for r in after)),
                int(sum(r[3] for r in after)),
                increase_is_better=kpi.increase_is_better,
                rule1_after=rule1_after,
            )
        else:
            per_unit = chart == Chart.U
            check = mean_effect(
                [r[1] / r[3] if per_unit else r[1] for r in before],
                [r[1] / r[3] if per_unit else r[1] for r in after],
                increase_is_better=kpi.increase_is_better,
                rule1_after=rule1_after,
            )
    except (SpcError, EffectError) as exc:
        return ProblemEffect(None, str(exc), split, source, chart)
    specs = tuple(
        control_chart_spec(
            c,
            _("Before and after %(day)s") % {"day": split.isoformat()},
            kpi.unit or kpi.name,
            point_title=_("Point"),
            center_title=_("Center line"),
            limit_title=_("Control limit"),
            rules_title=_("Rules broken"),
            height=220,
        )
        for c in result.charts[:1]
    )
    return ProblemEffect(check, "", split, source, chart, specs, kpi.unit)


def current_cycle(problem: Problem):
    return problem.cycles.filter(number=problem.cycle).first()
