"""Control charts: run, XmR (I-MR), Xbar-R, Xbar-S, p, np, c and u, with limits from a
baseline, phases, and the Western Electric / Nelson rules marked on each point.

Why a baseline: limits describe how the process behaved while it was left alone. They are
computed once from the first N points (or subgroups) and then frozen, so a later shift shows up
against them instead of dragging them along. Why phases: after an improvement the process is a
new one, and the team asks for limits recomputed from the points after the change; each phase
has its own baseline (its first N points, or all of them).

The formulas, the constants convention and where each published reference differs are in
docs/spc.md. Everything is NumPy over whole arrays: a million individual values, limits and all
rules, take well under a second.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from obeya.core.spc_constants import QCC, ChartConstants
from obeya.core.spc_rules import RULE_SETS, RULES, rules_of, violations

CHART_KINDS = ("run", "xmr", "xbar-r", "xbar-s", "p", "np", "c", "u")
"""The charts `control_chart` draws, as the CLI's --chart names them."""

SIGMA_FROM = ("moving_range", "sd")


class SpcError(ValueError):
    """Data a chart cannot be drawn from; the message names the field or the point."""


@dataclass(frozen=True)
class Phase:
    """One stretch of the chart with its own limits."""

    start: int
    """1-based number of the phase's first point."""
    end: int
    """1-based number of its last point."""
    baseline_points: int
    """How many points the limits were computed from (after exclusions)."""
    center: float
    """The center line (for np with varying sizes: p-bar times the mean size)."""
    sigma: float
    """The process sigma estimated from the baseline: of one value (x), of one measurement
    (xbar, r, s), of p or np for a sample of the mean baseline size, of the count per unit
    (c, u)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "baseline_points": self.baseline_points,
            "center": _num(self.center),
            "sigma": _num(self.sigma),
        }


@dataclass(frozen=True, eq=False)
class ControlChart:
    """One chart: the plotted statistic per point, its center line and limits per point (NaN
    where there is none), the sigma each point's zones are measured in, and the rules each
    point breaks (bit r - 1 set for rule r)."""

    name: str
    index: np.ndarray
    values: np.ndarray
    center: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    sigma: np.ndarray
    violations: np.ndarray
    rule_set: str | None
    phases: tuple[Phase, ...]
    target: float | None = None

    def flagged(self, rule: int | None = None) -> list[int]:
        """The 1-based numbers of the points that break `rule` (any rule when None)."""
        mask = self.violations != 0 if rule is None else (self.violations >> (rule - 1)) & 1
        return self.index[mask.astype(bool)].tolist()

    def rules_at(self, number: int) -> list[int]:
        """The rules the point numbered `number` breaks."""
        where = np.flatnonzero(self.index == number)
        return rules_of(self.violations[where[0]]) if where.size else []

    def to_dict(self) -> dict[str, Any]:
        """The JSON of the CLI: chart-level center and limits are null when they vary."""
        rules = [rules_of(v) if v else [] for v in self.violations.tolist()]
        points = [
            {"index": i, "value": _num(v), "lcl": _num(lo), "ucl": _num(hi), "rules": r}
            for i, v, lo, hi, r in zip(
                self.index.tolist(),
                self.values.tolist(),
                self.lcl.tolist(),
                self.ucl.tolist(),
                rules,
                strict=True,
            )
        ]
        return {
            "name": self.name,
            "center": _constant(self.center),
            "lcl": _constant(self.lcl),
            "ucl": _constant(self.ucl),
            "target": self.target,
            "phases": [p.to_dict() for p in self.phases],
            "points": points,
        }


@dataclass(frozen=True, eq=False)
class SpcResult:
    """The charts of one analysis: XmR gives x and mr, Xbar-R gives xbar and r, ..."""

    chart: str
    rule_set: str | None
    charts: tuple[ControlChart, ...]

    def __getitem__(self, name: str) -> ControlChart:
        return next(c for c in self.charts if c.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "chart": self.chart,
            "rules": self.rule_set,
            "charts": [c.to_dict() for c in self.charts],
        }


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _constant(values: np.ndarray) -> float | None:
    """The value when it is the same at every point, else None (JSON null)."""
    if values.size == 0 or not np.all(np.isfinite(values)):
        return None
    first = float(values[0])
    return first if np.all(values == first) else None


# --- input checks -------------------------------------------------------------------------


def _array(values: Any, field: str) -> np.ndarray:
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise SpcError(f"{field}: not a list of numbers") from exc
    if x.ndim != 1:
        raise SpcError(f"{field}: expected one value per point")
    if not np.isfinite(x).all():
        bad = np.flatnonzero(~np.isfinite(x))
        raise SpcError(f"{field}: point {bad[0] + 1} is not a finite number")
    return x


def _segments(n: int, phase_starts: Iterable[int]) -> list[tuple[int, int]]:
    starts = sorted(set(int(s) for s in phase_starts))
    for s in starts:
        if not 1 <= s <= n:
            raise SpcError(f"phases: a phase cannot start at point {s} (points 1-{n})")
    cuts = [0, *(s - 1 for s in starts if s > 1), n]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _excluded(n: int, exclude: Iterable[int]) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for number in exclude:
        if not 1 <= int(number) <= n:
            raise SpcError(f"exclude: there is no point {number} (points 1-{n})")
        mask[int(number) - 1] = True
    return mask


def _baseline(a: int, b: int, baseline: int | None, excluded: np.ndarray, least: int) -> np.ndarray:
    """Positions (0-based) the limits of the phase [a, b) are computed from."""
    if baseline is not None and baseline < 1:
        raise SpcError("baseline: must be a positive number of points")
    stop = b if baseline is None else min(b, a + baseline)
    positions = np.arange(a, stop)
    positions = positions[~excluded[a:stop]]
    if positions.size < least:
        raise SpcError(
            f"baseline: the limits of the phase starting at point {a + 1} need at least "
            f"{least} points, {positions.size} given"
        )
    return positions


def _rule_args(rule_set: str | None, rules: Iterable[int] | None) -> None:
    if rule_set is not None and rule_set not in RULE_SETS:
        raise SpcError(f"rules: {rule_set!r} is not one of {', '.join(RULE_SETS)}")
    if rule_set is not None and rules is not None:
        for r in rules:
            if r not in RULES[rule_set]:
                raise SpcError(f"rules: {rule_set} has no rule {r}")


def _finish(
    name: str,
    index: np.ndarray,
    values: np.ndarray,
    center: np.ndarray,
    lcl: np.ndarray,
    ucl: np.ndarray,
    sigma: np.ndarray,
    phases: list[Phase],
    rule_set: str | None,
    rules: Iterable[int] | None,
    segments: list[tuple[int, int]] | None = None,
    target: float | None = None,
) -> ControlChart:
    """Apply the rules phase by phase (a run does not carry over a change of limits)."""
    mask = np.zeros(values.size, dtype=np.uint16)
    if rule_set is not None:
        for a, b in segments or [(0, values.size)]:
            part = slice(a, b)
            has_sigma = np.all(np.isfinite(sigma[part]))
            mask[part] = violations(
                values[part],
                center[part],
                sigma[part] if has_sigma else None,
                rule_set=rule_set,
                rules=rules,
                lcl=lcl[part] if has_sigma else None,
                ucl=ucl[part] if has_sigma else None,
            )
    return ControlChart(
        name=name,
        index=index,
        values=values,
        center=center,
        lcl=lcl,
        ucl=ucl,
        sigma=sigma,
        violations=mask,
        rule_set=rule_set,
        phases=tuple(phases),
        target=target,
    )


# --- individual values --------------------------------------------------------------------


def run_chart(
    values: Sequence[float] | np.ndarray,
    *,
    target: float | None = None,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
) -> ControlChart:
    """The values in time order around their median (and the target, when given). No limits:
    only the rules that need no sigma apply (8 or 9 in a row on one side, trends,
    alternation), counted from the median."""
    _rule_args(rule_set, rules)
    x = _array(values, "value")
    n = x.size
    excluded = _excluded(n, exclude)
    segments = _segments(n, phase_starts)
    center = np.empty(n)
    phases = []
    for a, b in segments:
        base = _baseline(a, b, baseline, excluded, 1)
        median = float(np.median(x[base]))
        center[a:b] = median
        phases.append(Phase(a + 1, b, base.size, median, math.nan))
    nan = np.full(n, np.nan)
    index = np.arange(1, n + 1)
    return _finish(
        "run", index, x, center, nan, nan.copy(), nan.copy(), phases, rule_set, rules, segments,
        target,
    )  # fmt: skip


def xmr_chart(
    values: Sequence[float] | np.ndarray,
    *,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
    sigma_from: str = "moving_range",
    constants: ChartConstants = QCC,
) -> tuple[ControlChart, ControlChart]:
    """The individuals (x) and moving-range (mr) charts.

    sigma = MR-bar / d2(2) from the moving ranges between consecutive baseline points (an
    excluded point drops the two ranges it belongs to); with `sigma_from="sd"`, sigma = s /
    c4(n) of the baseline values instead (qcc's std.dev = "SD"). x limits: mean +/- 3 sigma;
    mr limits: D3(2) MR-bar = 0 and D4(2) MR-bar."""
    _rule_args(rule_set, rules)
    if sigma_from not in SIGMA_FROM:
        raise SpcError(f"sigma_from: {sigma_from!r} is not one of {', '.join(SIGMA_FROM)}")
    x = _array(values, "value")
    n = x.size
    if n < 2:
        raise SpcError("value: an XmR chart needs at least 2 values")
    excluded = _excluded(n, exclude)
    segments = _segments(n, phase_starts)
    mr = np.full(n, np.nan)
    mr[1:] = np.abs(np.diff(x))
    same_phase = np.zeros(n, dtype=bool)
    same_phase[1:] = True
    for a, _b in segments:
        same_phase[a] = False
    d2 = constants.d2(2)
    d4 = constants.d4_factor(2)
    d3f = constants.d3_factor(2)
    x_center, x_lcl, x_ucl, x_sigma = (np.empty(n) for _ in range(4))
    mr_center, mr_lcl, mr_ucl, mr_sigma = (np.full(n, np.nan) for _ in range(4))
    x_phases, mr_phases = [], []
    for a, b in segments:
        base = _baseline(a, b, baseline, excluded, 2)
        if base.size == base[-1] - base[0] + 1:
            # No point excluded: the baseline is one slice, read without copying it, and
            # its moving ranges are those between its consecutive points.
            base_x = x[base[0] : base[-1] + 1]
            base_mr = mr[base[0] + 1 : base[-1] + 1]
        else:
            in_base = np.zeros(n, dtype=bool)
            in_base[base] = True
            ranges = np.flatnonzero(in_base[1:] & in_base[:-1] & same_phase[1:]) + 1
            base_x, base_mr = x[base], mr[ranges]
        if base_mr.size == 0:
            raise SpcError(
                f"baseline: the phase starting at point {a + 1} has no two consecutive "
                "baseline points to take a moving range from"
            )
        mr_bar = float(base_mr.mean())
        mean = float(base_x.mean())
        if sigma_from == "sd":
            sigma = float(base_x.std(ddof=1)) / constants.c4(base.size)
        else:
            sigma = mr_bar / d2
        x_center[a:b] = mean
        x_lcl[a:b] = mean - 3 * sigma
        x_ucl[a:b] = mean + 3 * sigma
        x_sigma[a:b] = sigma
        x_phases.append(Phase(a + 1, b, base.size, mean, sigma))
        first = a + 1  # the first point of a phase has no moving range within it
        mr_center[first:b] = mr_bar
        mr_lcl[first:b] = d3f * mr_bar
        mr_ucl[first:b] = d4 * mr_bar
        mr_sigma[first:b] = (d4 - 1) * mr_bar / 3
        mr_phases.append(Phase(a + 2, b, base_mr.size, mr_bar, sigma))
    index = np.arange(1, n + 1)
    x_chart = _finish(
        "x", index, x, x_center, x_lcl, x_ucl, x_sigma, x_phases, rule_set, rules, segments
    )
    keep = same_phase
    mr_segments = _shifted_segments(segments, keep)
    mr_chart = _finish(
        "mr",
        index[keep],
        mr[keep],
        mr_center[keep],
        mr_lcl[keep],
        mr_ucl[keep],
        mr_sigma[keep],
        mr_phases,
        rule_set,
        rules,
        mr_segments,
    )
    return x_chart, mr_chart


def _shifted_segments(segments: list[tuple[int, int]], keep: np.ndarray) -> list[tuple[int, int]]:
    """The phase segments renumbered after dropping the points `keep` leaves out."""
    positions = np.cumsum(keep)
    out = []
    for a, b in segments:
        lo = int(positions[a - 1]) if a > 0 else 0
        hi = int(positions[b - 1])
        if hi > lo:
            out.append((lo, hi))
    return out


# --- subgroups ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Subgroups:
    """Each subgroup's label, size, mean, range and standard deviation, in order of first
    appearance."""

    labels: np.ndarray
    size: np.ndarray
    mean: np.ndarray
    range: np.ndarray
    sd: np.ndarray


def subgroup_stats(values: Sequence[float] | np.ndarray, subgroups: Sequence[Any]) -> Subgroups:
    """Group the values by their subgroup label (any hashable: a sample number, a date) in
    the order the subgroups first appear."""
    x = _array(values, "value")
    labels = np.asarray(subgroups)
    if labels.shape != x.shape:
        raise SpcError("subgroup: one subgroup label is needed per value")
    uniq, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    code = rank[inverse.ravel()]
    k = order.size
    size = np.bincount(code, minlength=k)
    mean = np.bincount(code, weights=x, minlength=k) / size
    squares = np.bincount(code, weights=(x - mean[code]) ** 2, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(squares / (size - 1))
    by_group = np.argsort(code, kind="stable")
    sorted_x = x[by_group]
    starts = np.concatenate(([0], np.cumsum(size)[:-1]))
    rng = np.maximum.reduceat(sorted_x, starts) - np.minimum.reduceat(sorted_x, starts)
    return Subgroups(labels=uniq[order], size=size, mean=mean, range=rng, sd=sd)


def _check_sizes(groups: Subgroups, chart: str) -> None:
    small = np.flatnonzero(groups.size < 2)
    if small.size:
        raise SpcError(
            f"subgroup: subgroup {groups.labels[small[0]]} has 1 value; an {chart} chart "
            "needs at least 2 values per subgroup"
        )


def _subgroup_frame(
    values: Sequence[float] | np.ndarray,
    subgroups: Sequence[Any],
    chart: str,
    exclude: Iterable[int],
    phase_starts: Iterable[int],
    rule_set: str | None,
    rules: Iterable[int] | None,
) -> tuple[Subgroups, np.ndarray, list[tuple[int, int]]]:
    """What the Xbar-R and Xbar-S charts start from: the subgroups' statistics (each of 2
    values or more), the excluded subgroups and the phases, in subgroups."""
    _rule_args(rule_set, rules)
    g = subgroup_stats(values, subgroups)
    _check_sizes(g, chart)
    k = g.size.size
    return g, _excluded(k, exclude), _segments(k, phase_starts)


def xbar_r_chart(
    values: Sequence[float] | np.ndarray,
    subgroups: Sequence[Any],
    *,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
    constants: ChartConstants = QCC,
) -> tuple[ControlChart, ControlChart]:
    """The subgroup means (xbar) and ranges (r).

    sigma = mean of R_i / d2(n_i) over the baseline subgroups (= R-bar / d2 when sizes are
    equal); center = the size-weighted grand mean; xbar limits: center +/- A2(n_i) d2(n_i)
    sigma (= A2 R-bar); r center d2(n_i) sigma, limits D3(n_i) and D4(n_i) times it."""
    g, excluded, segments = _subgroup_frame(
        values, subgroups, "Xbar-R", exclude, phase_starts, rule_set, rules
    )
    k, sizes = g.size.size, g.size
    d2 = np.array([constants.d2(int(s)) for s in sizes]) if k else np.empty(0)
    a2 = np.array([constants.a2(int(s)) for s in sizes])
    d3f = np.array([constants.d3_factor(int(s)) for s in sizes])
    d4f = np.array([constants.d4_factor(int(s)) for s in sizes])
    xc, xl, xu, xs, rc, rl, ru, rs = (np.empty(k) for _ in range(8))
    x_phases, r_phases = [], []
    for a, b in segments:
        base = _baseline(a, b, baseline, excluded, 1)
        sigma = float(np.mean(g.range[base] / d2[base]))
        center = float(np.sum(sizes[base] * g.mean[base]) / np.sum(sizes[base]))
        part = slice(a, b)
        r_bar = d2[part] * sigma
        xc[part] = center
        xl[part] = center - a2[part] * r_bar
        xu[part] = center + a2[part] * r_bar
        xs[part] = a2[part] * r_bar / 3
        rc[part] = r_bar
        rl[part] = d3f[part] * r_bar
        ru[part] = d4f[part] * r_bar
        rs[part] = (d4f[part] - 1) * r_bar / 3
        x_phases.append(Phase(a + 1, b, base.size, center, sigma))
        r_phases.append(Phase(a + 1, b, base.size, float(np.mean(g.range[base])), sigma))
    index = np.arange(1, k + 1)
    return (
        _finish("xbar", index, g.mean, xc, xl, xu, xs, x_phases, rule_set, rules, segments),
        _finish("r", index, g.range, rc, rl, ru, rs, r_phases, rule_set, rules, segments),
    )


def xbar_s_chart(
    values: Sequence[float] | np.ndarray,
    subgroups: Sequence[Any],
    *,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
    constants: ChartConstants = QCC,
) -> tuple[ControlChart, ControlChart]:
    """The subgroup means (xbar) and standard deviations (s), for subgroups of any size
    (Montgomery's formulas).

    s-bar = the mean of the s_i when the baseline subgroups have one size, else the pooled
    sqrt(sum (n_i - 1) s_i^2 / sum (n_i - 1)); center = the size-weighted grand mean; xbar
    limits: center +/- A3(n_i) s-bar; s center s-bar, limits B3(n_i) s-bar and B4(n_i) s-bar.
    """
    g, excluded, segments = _subgroup_frame(
        values, subgroups, "Xbar-S", exclude, phase_starts, rule_set, rules
    )
    k, sizes = g.size.size, g.size
    a3 = np.array([constants.a3(int(s)) for s in sizes])
    b3 = np.array([constants.b3(int(s)) for s in sizes])
    b4 = np.array([constants.b4(int(s)) for s in sizes])
    xc, xl, xu, xs, sc, sl, su, ss = (np.empty(k) for _ in range(8))
    x_phases, s_phases = [], []
    for a, b in segments:
        base = _baseline(a, b, baseline, excluded, 1)
        n_base = sizes[base]
        if np.all(n_base == n_base[0]):
            s_bar = float(np.mean(g.sd[base]))
            sigma = s_bar / constants.c4(int(n_base[0]))
        else:
            s_bar = float(np.sqrt(np.sum((n_base - 1) * g.sd[base] ** 2) / np.sum(n_base - 1)))
            sigma = s_bar
        center = float(np.sum(n_base * g.mean[base]) / np.sum(n_base))
        part = slice(a, b)
        xc[part] = center
        xl[part] = center - a3[part] * s_bar
        xu[part] = center + a3[part] * s_bar
        xs[part] = a3[part] * s_bar / 3
        sc[part] = s_bar
        sl[part] = b3[part] * s_bar
        su[part] = b4[part] * s_bar
        ss[part] = (b4[part] - 1) * s_bar / 3
        x_phases.append(Phase(a + 1, b, base.size, center, sigma))
        s_phases.append(Phase(a + 1, b, base.size, s_bar, sigma))
    index = np.arange(1, k + 1)
    return (
        _finish("xbar", index, g.mean, xc, xl, xu, xs, x_phases, rule_set, rules, segments),
        _finish("s", index, g.sd, sc, sl, su, ss, s_phases, rule_set, rules, segments),
    )


# --- attributes ---------------------------------------------------------------------------


def _counts(counts: Any, sizes: Any, chart: str, *, whole: bool) -> tuple[np.ndarray, np.ndarray]:
    c = _array(counts, "value")
    negative = np.flatnonzero(c < 0)
    if negative.size:
        raise SpcError(f"value: point {negative[0] + 1} is negative; a {chart} chart counts")
    if whole:
        fraction = np.flatnonzero(c != np.round(c))
        if fraction.size:
            raise SpcError(f"value: point {fraction[0] + 1} is not a whole count")
    if sizes is None:
        raise SpcError(f"size: a {chart} chart needs the sample size of each point")
    n = np.broadcast_to(_array(np.atleast_1d(sizes), "size"), c.shape).astype(float)
    bad = np.flatnonzero(n <= 0)
    if bad.size:
        raise SpcError(f"size: point {bad[0] + 1} has a sample size of {n[bad[0]]:g}")
    return c, n


def p_chart(
    defectives: Sequence[float] | np.ndarray,
    sizes: Sequence[float] | np.ndarray | float,
    *,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
    counts: bool = False,
) -> ControlChart:
    """The proportion defective per sample (p), or the number defective (np with
    `counts=True`).

    p-bar = sum of defectives / sum of sizes over the baseline; each point's limits
    p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n_i), within [0, 1] (np: n_i times all of it)."""
    _rule_args(rule_set, rules)
    name = "np" if counts else "p"
    d, n = _counts(defectives, sizes, name, whole=True)
    over = np.flatnonzero(d > n)
    if over.size:
        raise SpcError(f"value: point {over[0] + 1} has more defectives than its sample size")
    k = d.size
    excluded = _excluded(k, exclude)
    segments = _segments(k, phase_starts)
    center, lcl, ucl, sigma = (np.empty(k) for _ in range(4))
    phases = []
    for a, b in segments:
        base = _baseline(a, b, baseline, excluded, 1)
        p_bar = float(d[base].sum() / n[base].sum())
        part = slice(a, b)
        unit_sigma = math.sqrt(p_bar * (1 - p_bar))
        if counts:
            center[part] = n[part] * p_bar
            sigma[part] = np.sqrt(n[part]) * unit_sigma
            lcl[part] = np.maximum(0.0, center[part] - 3 * sigma[part])
            ucl[part] = np.minimum(n[part], center[part] + 3 * sigma[part])
            mean_n = float(n[base].mean())
            phases.append(
                Phase(a + 1, b, base.size, p_bar * mean_n, unit_sigma * math.sqrt(mean_n))
            )
        else:
            center[part] = p_bar
            sigma[part] = unit_sigma / np.sqrt(n[part])
            lcl[part] = np.maximum(0.0, p_bar - 3 * sigma[part])
            ucl[part] = np.minimum(1.0, p_bar + 3 * sigma[part])
            mean_sigma = unit_sigma / math.sqrt(float(n[base].mean()))
            phases.append(Phase(a + 1, b, base.size, p_bar, mean_sigma))
    values = d if counts else d / n
    index = np.arange(1, k + 1)
    return _finish(name, index, values, center, lcl, ucl, sigma, phases, rule_set, rules, segments)


def c_chart(
    counts: Sequence[float] | np.ndarray,
    *,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
) -> ControlChart:
    """The number of defects per inspection unit of constant size (c): c-bar +/- 3
    sqrt(c-bar), the lower limit floored at 0."""
    return _poisson_chart("c", counts, 1.0, baseline, phase_starts, exclude, rule_set, rules)


def u_chart(
    counts: Sequence[float] | np.ndarray,
    sizes: Sequence[float] | np.ndarray | float,
    *,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
) -> ControlChart:
    """Defects per unit when the number of units inspected varies (u): u-bar = sum of defects
    / sum of units over the baseline; limits u-bar +/- 3 sqrt(u-bar / n_i), floored at 0."""
    return _poisson_chart("u", counts, sizes, baseline, phase_starts, exclude, rule_set, rules)


def _poisson_chart(
    name: str,
    counts: Any,
    sizes: Any,
    baseline: int | None,
    phase_starts: Iterable[int],
    exclude: Iterable[int],
    rule_set: str | None,
    rules: Iterable[int] | None,
) -> ControlChart:
    _rule_args(rule_set, rules)
    c, n = _counts(counts, sizes, name, whole=name == "c")
    k = c.size
    excluded = _excluded(k, exclude)
    segments = _segments(k, phase_starts)
    center, lcl, ucl, sigma = (np.empty(k) for _ in range(4))
    phases = []
    for a, b in segments:
        base = _baseline(a, b, baseline, excluded, 1)
        rate = float(c[base].sum() / n[base].sum())
        part = slice(a, b)
        center[part] = rate
        sigma[part] = np.sqrt(rate / n[part])
        lcl[part] = np.maximum(0.0, rate - 3 * sigma[part])
        ucl[part] = rate + 3 * sigma[part]
        phases.append(Phase(a + 1, b, base.size, rate, math.sqrt(rate)))
    index = np.arange(1, k + 1)
    return _finish(name, index, c / n, center, lcl, ucl, sigma, phases, rule_set, rules, segments)


# --- one entry point ----------------------------------------------------------------------


def control_chart(
    chart: str,
    values: Sequence[float] | np.ndarray,
    *,
    subgroups: Sequence[Any] | None = None,
    sizes: Sequence[float] | np.ndarray | float | None = None,
    baseline: int | None = None,
    phase_starts: Iterable[int] = (),
    exclude: Iterable[int] = (),
    rule_set: str | None = "we",
    rules: Iterable[int] | None = None,
    target: float | None = None,
    constants: ChartConstants = QCC,
) -> SpcResult:
    """Draw the chart named `chart` (one of CHART_KINDS) from the values in input order.

    `subgroups` labels each value's subgroup (xbar-r, xbar-s); `sizes` gives each point's
    sample size (p, np, u); for p, np, c and u `values` are the counts. `baseline` and the
    point numbers are counted in points of the chart: values, or subgroups."""
    if chart not in CHART_KINDS:
        raise SpcError(f"chart: {chart!r} is not one of {', '.join(CHART_KINDS)}")
    common = {
        "baseline": baseline,
        "phase_starts": phase_starts,
        "exclude": exclude,
        "rule_set": rule_set,
        "rules": rules,
    }
    charts: tuple[ControlChart, ...]
    if chart == "run":
        charts = (run_chart(values, target=target, **common),)
    elif chart == "xmr":
        charts = xmr_chart(values, constants=constants, **common)
    elif chart in ("xbar-r", "xbar-s"):
        if subgroups is None:
            raise SpcError(f"subgroup: an {chart} chart needs the subgroup of each value")
        draw = xbar_r_chart if chart == "xbar-r" else xbar_s_chart
        charts = draw(values, subgroups, constants=constants, **common)
    elif chart in ("p", "np"):
        charts = (p_chart(values, sizes, counts=chart == "np", **common),)  # type: ignore[arg-type]
    elif chart == "c":
        charts = (c_chart(values, **common),)
    else:
        charts = (u_chart(values, sizes, **common),)  # type: ignore[arg-type]
    return SpcResult(chart=chart, rule_set=rule_set, charts=charts)
