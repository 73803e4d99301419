"""Did the corrective action work? The KPI before and after a date, compared with a test.

A problem is closed only when its effect is *shown*, not when its actions are done: the KPI moved
in its good direction by more than its usual variation could explain (p < 0.05), and the points
after the change stay inside their own control limits (no rule-1 point: no new special cause).
Otherwise the PDCA loop turns again. docs/problems.md gives the formulas.

- Continuous values (a time, a length): Welch's t-test on the means, which does not assume the
  two periods share a variance (an improvement often narrows it, as SMED does).
- Proportions (parts scrapped out of parts made, a p or np chart): the two-proportion z-test on
  the pooled rate.

NumPy and the standard library only: Student's t distribution comes from the regularised
incomplete beta function, evaluated by its continued fraction (Numerical Recipes, 3rd ed., 6.4;
Abramowitz & Stegun 26.5.8 and 26.7.1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ALPHA = 0.05
"""Significance level: below it, a shift this large is unlikely to be chance alone."""

_MAX_ITERATIONS = 500
_EPSILON = 1e-15
_TINY = 1e-300


class EffectError(ValueError):
    """Data a test cannot be run on; the message names the field."""


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b), by the modified Lentz method."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_ITERATIONS + 1):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            delta = d * c
            h *= delta
        if abs(delta - 1.0) < _EPSILON:
            return h
    raise EffectError(f"incomplete beta: no convergence for a={a}, b={b}, x={x}")


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the CDF of the Beta(a, b) distribution at x (0 <= x <= 1).

    The fraction converges fast for x < (a + 1) / (a + b + 2); above it the symmetry
    I_x(a, b) = 1 - I_{1-x}(b, a) is used instead."""
    return _incomplete_beta(a, b, x, 1.0 - x)


def _incomplete_beta(a: float, b: float, x: float, y: float) -> float:
    """I_x(a, b) with y = 1 - x given by the caller: computed as 1 - x, it would lose the
    digits of a tiny y (Student's t near 0, where x = df / (df + t^2) rounds towards 1)."""
    if a <= 0 or b <= 0:
        raise EffectError("a and b must be positive")
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, y) / b


def _t_tail(t: float, df: float) -> float:
    """P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2)."""
    t2 = t * t
    return _incomplete_beta(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2))


def student_t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional, as
    Welch's is)."""
    if df <= 0:
        raise EffectError("df: the degrees of freedom must be positive")
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * _t_tail(t, df)
    return 1.0 - tail if t > 0 else tail


def student_t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|): the chance of a t this far from 0 when nothing changed."""
    if math.isinf(t):
        return 0.0
    return min(1.0, _t_tail(t, df))


def normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2.0))


@dataclass(frozen=True)
class WelchResult:
    n_before: int
    n_after: int
    mean_before: float
    mean_after: float
    sd_before: float
    sd_after: float
    t: float  # (mean after - mean before) / its standard error
    df: float  # Welch-Satterthwaite degrees of freedom
    p_value: float  # two-sided

    @property
    def shift(self) -> float:
        return self.mean_after - self.mean_before


def _values(values: Sequence[float] | np.ndarray, field: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or not np.all(np.isfinite(array)):
        raise EffectError(f"{field}: give finite numbers")
    if array.size < 2:
        raise EffectError(f"{field}: at least two values are needed")
    return array


def welch_t_test(
    before: Sequence[float] | np.ndarray, after: Sequence[float] | np.ndarray
) -> WelchResult:
    """Welch's t-test of the means of two periods with possibly different variances."""
    x, y = _values(before, "before"), _values(after, "after")
    n1, n2 = x.size, y.size
    m1, m2 = float(x.mean()), float(y.mean())
    v1, v2 = float(x.var(ddof=1)), float(y.var(ddof=1))
    a, b = v1 / n1, v2 / n2
    se2 = a + b
    if se2 == 0.0:
        # Two constant periods: identical, or shifted with no variation at all.
        t = 0.0 if m1 == m2 else math.copysign(math.inf, m2 - m1)
        df = float(n1 + n2 - 2)
    else:
        t = (m2 - m1) / math.sqrt(se2)
        df = se2 * se2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    p = 1.0 if t == 0.0 else student_t_two_sided_p(t, df)
    return WelchResult(n1, n2, m1, m2, math.sqrt(v1), math.sqrt(v2), t, df, p)


@dataclass(frozen=True)
class TwoProportionResult:
    defectives_before: int
    units_before: int
    defectives_after: int
    units_after: int
    z: float  # (rate after - rate before) / standard error under the pooled rate
    p_value: float  # two-sided

    @property
    def rate_before(self) -> float:
        return self.defectives_before / self.units_before

    @property
    def rate_after(self) -> float:
        return self.defectives_after / self.units_after

    @property
    def shift(self) -> float:
        return self.rate_after - self.rate_before


def two_proportion_z_test(
    defectives_before: int, units_before: int, defectives_after: int, units_after: int
) -> TwoProportionResult:
    """The two-proportion z-test: is the rate after different from the rate before?"""
    for name, count, units in (
        ("before", defectives_before, units_before),
        ("after", defectives_after, units_after),
    ):
        if units <= 0:
            raise EffectError(f"{name}: no unit inspected")
        if not 0 <= count <= units:
            raise EffectError(f"{name}: defectives must lie between 0 and the units inspected")
    pooled = (defectives_before + defectives_after) / (units_before + units_after)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / units_before + 1.0 / units_after))
    shift = defectives_after / units_after - defectives_before / units_before
    if se == 0.0:
        z, p = 0.0, 1.0
    else:
        z = shift / se
        p = normal_two_sided_p(z)
    return TwoProportionResult(defectives_before, units_before, defectives_after, units_after, z, p)


@dataclass(frozen=True)
class EffectCheck:
    """The verdict on a corrective action, with the figures behind it."""

    method: str  # "welch" or "two_proportions"
    before: float  # mean, or rate
    after: float
    p_value: float
    statistic: float  # t or z
    df: float | None  # Welch only
    n_before: int  # points (Welch) or units inspected (proportions)
    n_after: int
    improved: bool  # moved in the KPI's good direction
    significant: bool  # p < alpha
    rule1_after: int  # points after the change beyond their own control limits
    alpha: float = ALPHA

    @property
    def effect_shown(self) -> bool:
        return self.improved and self.significant and self.rule1_after == 0

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the effect is not shown (keys the web layer words); empty when it is."""
        out = []
        if not self.improved:
            out.append("not_improved")
        if not self.significant:
            out.append("not_significant")
        if self.rule1_after:
            out.append("rule1_after")
        return tuple(out)

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "before": self.before,
            "after": self.after,
            "shift": self.after - self.before,
            "statistic": self.statistic if math.isfinite(self.statistic) else None,
            "df": self.df,
            "p_value": self.p_value,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "improved": self.improved,
            "significant": self.significant,
            "rule1_after": self.rule1_after,
            "alpha": self.alpha,
            "effect_shown": self.effect_shown,
            "reasons": list(self.reasons),
        }


def _improved(shift: float, increase_is_better: bool) -> bool:
    return shift > 0 if increase_is_better else shift < 0


def mean_effect(
    before: Sequence[float] | np.ndarray,
    after: Sequence[float] | np.ndarray,
    *,
    increase_is_better: bool,
    rule1_after: int = 0,
    alpha: float = ALPHA,
) -> EffectCheck:
    """The effect on a continuous KPI: Welch's test on the means of the two periods."""
    w = welch_t_test(before, after)
    return EffectCheck(
        method="welch",
        before=w.mean_before,
        after=w.mean_after,
        p_value=w.p_value,
        statistic=w.t,
        df=w.df,
        n_before=w.n_before,
        n_after=w.n_after,
        improved=_improved(w.shift, increase_is_better),
        significant=w.p_value < alpha,
        rule1_after=rule1_after,
        alpha=alpha,
    )


def proportion_effect(
    defectives_before: int,
    units_before: int,
    defectives_after: int,
    units_after: int,
    *,
    increase_is_better: bool = False,
    rule1_after: int = 0,
    alpha: float = ALPHA,
) -> EffectCheck:
    """The effect on a proportion defective: the two-proportion z-test."""
    z = two_proportion_z_test(defectives_before, units_before, defectives_after, units_after)
    return EffectCheck(
        method="two_proportions",
        before=z.rate_before,
        after=z.rate_after,
        p_value=z.p_value,
        statistic=z.z,
        df=None,
        n_before=units_before,
        n_after=units_after,
        improved=_improved(z.shift, increase_is_better),
        significant=z.p_value < alpha,
        rule1_after=rule1_after,
        alpha=alpha,
    )
