"""A KPI's control chart, from its measurements, phases and baseline (obeya.core.spc).

The chart is the one chosen on the KPI, else the one recommended for its data type; phases
start at the first point measured at or after their date; the Western Electric rules mark the
points to look at. The result feeds the KPI page, its sheet, the axis sheet and the boards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext as _

from obeya.core.capability import Capability, capability, histogram_bins
from obeya.core.charts import capability_histogram_spec, control_chart_spec
from obeya.core.kpi import DataType
from obeya.core.spc import SpcError, SpcResult, control_chart
from obeya.kpis.models import Kpi


@dataclass(frozen=True)
class KpiChart:
    result: SpcResult | None
    specs: tuple[dict[str, Any], ...]
    problem: str  # why no chart could be drawn ("" when there is one)
    points: int
    dates: tuple[str, ...]  # the date of each chart point, for the table under the chart

    @property
    def named_specs(self) -> list[tuple[str, dict[str, Any]]]:
        """(element id, spec) pairs for json_script in the templates."""
        return [(f"kpi-spec-{i}", spec) for i, spec in enumerate(self.specs, start=1)]

    @property
    def flagged_points(self) -> list[tuple[int, str, list[int]]]:
        """(point number, date, rules broken) of the main chart's points breaking a rule."""
        if self.result is None:
            return []
        main = self.result.charts[0]
        return [(n, self.dates[n - 1], main.rules_at(n)) for n in main.flagged()]

    @property
    def flagged(self) -> list[int]:
        """Point numbers of the main chart that break a rule."""
        return self.result.charts[0].flagged() if self.result else []


def _title(name: str) -> str:
    return {
        "x": _("Individual values"),
        "mr": _("Moving range"),
        "xbar": _("Subgroup means"),
        "r": _("Subgroup ranges"),
        "s": _("Subgroup standard deviations"),
        "p": _("Proportion defective"),
        "np": _("Number defective"),
        "c": _("Defects"),
        "u": _("Defects per unit"),
        "run": _("Run chart"),
    }[name]


def _utc_day():
    """The UTC date (YYYY-MM-DD) of a measurement, cut from the stored timestamp by the
    database: on 10,000 points, parsing every timestamp into a datetime in Python costs more
    than drawing the chart (SQLite stores the UTC timestamp as text; PostgreSQL, whose Django
    sessions run in UTC, writes it as text starting with the UTC date)."""
    return Substr(Cast("measured_at", output_field=CharField()), 1, 10)


def _phase_starts_by_count(kpi: Kpi, points: int) -> list[int]:
    """The point each phase starts at, when a point is one measurement: the points are in time
    order, so the first point at or after a phase's start comes after those measured before it."""
    starts = []
    for phase in kpi.phases.all():
        first = kpi.measurements.filter(measured_at__lt=phase.starts_at).count() + 1
        if 1 < first <= points:
            starts.append(first)
    return starts


def kpi_chart(kpi: Kpi, chart: str, *, rule_set: str | None = None) -> KpiChart:
    """The KPI's control chart; the run rules are the KPI's own unless `rule_set` is given."""
    rule_set = rule_set or kpi.rule_set
    subgrouped = chart in ("xbar-r", "xbar-s")
    if not subgrouped:
        return _kpi_chart_by_point(kpi, chart, rule_set)
    rows = list(
        kpi.measurements.order_by("measured_at", "pk").values_list(
            "measured_at", "value", "subgroup", "sample_size"
        )
    )
    if len(rows) < 2:
        return KpiChart(None, (), _("At least two measurements are needed for a chart."), 0, ())
    moments = [r[0] for r in rows]
    values = [r[1] for r in rows]
    subgroups = [r[2] or r[0].isoformat() for r in rows]
    order: dict[str, Any] = {}
    for label, moment in zip(subgroups, moments, strict=True):
        order.setdefault(label, moment)
    point_moments = list(order.values())
    phase_starts = []
    for phase in kpi.phases.all():
        first = next(
            (i for i, m in enumerate(point_moments, start=1) if m >= phase.starts_at), None
        )
        if first is not None and first > 1:
            phase_starts.append(first)
    dates = tuple(m.date().isoformat() for m in point_moments)
    return _draw(kpi, chart, rule_set, values, subgroups, None, phase_starts, dates)


def _kpi_chart_by_point(kpi: Kpi, chart: str, rule_set: str) -> KpiChart:
    """Charts of one point per measurement (run, XmR, p, np, c, u), read as plain columns:
    no timestamp is parsed, the dates come as text and the phases by counting."""
    sized = chart in ("p", "np", "u")
    fields = ("value", "day", "sample_size") if sized else ("value", "day")
    rows = list(
        kpi.measurements.order_by("measured_at", "pk").annotate(day=_utc_day()).values_list(*fields)
    )
    if len(rows) < 2:
        return KpiChart(None, (), _("At least two measurements are needed for a chart."), 0, ())
    values = [r[0] for r in rows]
    sizes = None
    if sized:
        sizes = [r[2] for r in rows]
        if any(size is None for size in sizes):
            missing = next(i for i, size in enumerate(sizes, start=1) if size is None)
            return KpiChart(
                None,
                (),
                _("Point %(n)d has no sample size: this chart needs one for every point.")
                % {"n": missing},
                len(rows),
                (),
            )
    phase_starts = _phase_starts_by_count(kpi, len(rows))
    dates = tuple(r[1] for r in rows)
    return _draw(kpi, chart, rule_set, values, None, sizes, phase_starts, dates)


def _draw(
    kpi: Kpi,
    chart: str,
    rule_set: str,
    values: list[float],
    subgroups: list[str] | None,
    sizes: list[int] | None,
    phase_starts: list[int],
    dates: tuple[str, ...],
) -> KpiChart:
    target = kpi.target if chart in ("run", "xmr") else None
    try:
        result = control_chart(
            chart,
            values,
            subgroups=subgroups,
            sizes=sizes,
            baseline=kpi.baseline_points,
            phase_starts=phase_starts,
            rule_set=rule_set,
            target=target,
        )
    except SpcError as exc:
        return KpiChart(None, (), str(exc), len(values), ())
    unit = f" ({kpi.unit})" if kpi.unit else ""
    specs = tuple(
        control_chart_spec(
            c,
            _title(c.name),
            _title(c.name) + (unit if c.name in ("x", "xbar", "run") else ""),
            point_title=_("Point"),
            center_title=_("Center line"),
            limit_title=_("Control limit"),
            target_title=_("Target"),
            rules_title=_("Rules broken"),
            height=260 if i == 0 else 140,
        )
        for i, c in enumerate(result.charts)
    )
    return KpiChart(result, specs, "", len(dates), dates)


@dataclass(frozen=True)
class KpiCapability:
    result: Capability | None
    spec: dict[str, Any] | None
    problem: str
    points: int
    since: str  # the start of the phase the capability is judged on ("" for every point)

    @property
    def out_pct(self) -> float:
        """Share of the values observed outside the specification limits, in %."""
        if self.result is None:
            return 0.0
        shares = (self.result.observed_below_lsl, self.result.observed_above_usl)
        return 100.0 * sum(share for share in shares if share is not None)


def kpi_capability(kpi: Kpi) -> KpiCapability | None:
    """Cp, Cpk, Pp, Ppk of the current phase against the KPI's specification limits.

    None when the KPI has no specification limit or is not a continuous measure (a proportion
    or a count has no tolerance in that sense). Only the latest phase is judged: capability
    describes the process as it runs now, not before its last improvement.
    """
    if kpi.lsl is None and kpi.usl is None:
        return None
    if kpi.data_type not in (DataType.INDIVIDUAL.value, DataType.SUBGROUPS.value):
        return None
    rows = kpi.measurements.order_by("measured_at", "pk")
    phase = kpi.phases.order_by("-starts_at").first()
    if phase is not None:
        rows = rows.filter(measured_at__gte=phase.starts_at)
    pairs = list(rows.values_list("value", "subgroup"))
    since = phase.starts_at.date().isoformat() if phase else ""
    if len(pairs) < 2:
        message = _("At least two measurements are needed to judge the capability.")
        return KpiCapability(None, None, message, len(pairs), since)
    values = [v for v, _label in pairs]
    subgroups = None
    if kpi.data_type == DataType.SUBGROUPS.value:
        subgroups = [label or str(i) for i, (_v, label) in enumerate(pairs)]
    try:
        result = capability(values, lsl=kpi.lsl, usl=kpi.usl, subgroups=subgroups, target=None)
    except SpcError as exc:
        return KpiCapability(None, None, str(exc), len(pairs), since)
    unit = f" ({kpi.unit})" if kpi.unit else ""
    spec = capability_histogram_spec(
        histogram_bins(values),
        result,
        _("Values against the specification limits"),
        kpi.name + unit,
        count_title=_("Count"),
        lsl_title=_("LSL"),
        usl_title=_("USL"),
        mean_title=_("Mean"),
    )
    return KpiCapability(result, spec, "", len(pairs), since)


def static_svgs(specs: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    """The charts drawn as SVG on the server (vl-convert), for print without JavaScript."""
    import vl_convert as vlc

    return [vlc.vegalite_to_svg({**spec, "width": 640}) for spec in specs]
