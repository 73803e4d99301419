"""Process capability: how the spread of a stable process compares with the tolerance.

Two sigmas, because they answer two questions. sigma_within (short term, from the subgroups'
ranges or the moving range) says what the process could do if its mean stayed put: Cp, Cpk.
sigma_overall (the standard deviation of all the values) says what the customer actually got,
drifts included: Pp, Ppk. A Cpk well above the Ppk means the mean wanders between subgroups.

Formulas (qcc's, see docs/spc.md): Cp = (USL - LSL) / 6 sigma_within, Cpk = min(USL - mean,
mean - LSL) / 3 sigma_within, Pp and Ppk the same with sigma_overall = sd(x) (n - 1 divisor,
no c4), Cpm = Cp / sqrt(1 + ((mean - target) / sigma_within)^2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from obeya.core.spc import SpcError, _array, subgroup_stats
from obeya.core.spc_constants import QCC, ChartConstants

WITHIN_FROM = ("range", "sd")


@dataclass(frozen=True)
class Capability:
    """The capability indices of one set of values against its specification limits. An
    index that needs a missing limit is None."""

    n: int
    mean: float
    sigma_within: float
    sigma_overall: float
    lsl: float | None
    usl: float | None
    target: float | None
    cp: float | None
    cpl: float | None
    cpu: float | None
    cpk: float | None
    pp: float | None
    ppl: float | None
    ppu: float | None
    ppk: float | None
    cpm: float | None
    expected_below_lsl: float | None
    """Share of output expected below LSL (normal, sigma_within)."""
    expected_above_usl: float | None
    observed_below_lsl: float | None
    """Share of the values below LSL."""
    observed_above_usl: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(num: float, den: float) -> float:
    if den == 0:
        return math.inf if num > 0 else (-math.inf if num < 0 else math.nan)
    return num / den


def sigma_within(
    values: Sequence[float] | np.ndarray,
    subgroups: Sequence[Any] | None = None,
    *,
    within_from: str = "range",
    constants: ChartConstants = QCC,
) -> float:
    """The short-term sigma: mean of R_i / d2(n_i) over the subgroups (or of s_i / c4(n_i)
    with within_from="sd"); without subgroups, MR-bar / d2(2) from consecutive values."""
    if within_from not in WITHIN_FROM:
        raise SpcError(f"within_from: {within_from!r} is not one of {', '.join(WITHIN_FROM)}")
    x = _array(values, "value")
    if subgroups is None:
        if x.size < 2:
            raise SpcError("value: capability needs at least 2 values")
        return float(np.mean(np.abs(np.diff(x)))) / constants.d2(2)
    g = subgroup_stats(x, subgroups)
    if np.any(g.size < 2):
        label = g.labels[np.flatnonzero(g.size < 2)[0]]
        raise SpcError(f"subgroup: subgroup {label} has 1 value; at least 2 are needed")
    if within_from == "range":
        d2 = np.array([constants.d2(int(s)) for s in g.size])
        return float(np.mean(g.range / d2))
    c4 = np.array([constants.c4(int(s)) for s in g.size])
    return float(np.mean(g.sd / c4))


def capability(
    values: Sequence[float] | np.ndarray,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    subgroups: Sequence[Any] | None = None,
    target: float | None = None,
    within_from: str = "range",
    constants: ChartConstants = QCC,
) -> Capability:
    """Cp, Cpk, Pp, Ppk (and their one-sided parts, Cpm and the expected and observed shares
    out of tolerance) of `values` against `lsl` and/or `usl`. The target defaults to the middle
    of the tolerance when both limits are given."""
    if lsl is None and usl is None:
        raise SpcError("lsl: give a lower and/or an upper specification limit")
    if lsl is not None and usl is not None and not lsl < usl:
        raise SpcError(f"usl: the upper limit ({usl:g}) must be above the lower ({lsl:g})")
    x = _array(values, "value")
    within = sigma_within(x, subgroups, within_from=within_from, constants=constants)
    # Identical values have no spread: np.std would return rounding noise of their mean
    # (1e-17), making the indices huge finite numbers instead of infinite.
    overall = 0.0 if np.ptp(x) == 0 else float(np.std(x, ddof=1))
    mean = float(np.mean(x))
    if target is None and lsl is not None and usl is not None:
        target = (lsl + usl) / 2
    cpl = _ratio(mean - lsl, 3 * within) if lsl is not None else None
    cpu = _ratio(usl - mean, 3 * within) if usl is not None else None
    ppl = _ratio(mean - lsl, 3 * overall) if lsl is not None else None
    ppu = _ratio(usl - mean, 3 * overall) if usl is not None else None
    both = lsl is not None and usl is not None
    cp = _ratio(usl - lsl, 6 * within) if both else None  # type: ignore[operator]
    pp = _ratio(usl - lsl, 6 * overall) if both else None  # type: ignore[operator]
    cpm = None
    if cp is not None and target is not None and within > 0:
        cpm = cp / math.sqrt(1 + ((mean - target) / within) ** 2)
    normal = NormalDist(mean, within) if within > 0 else None
    return Capability(
        n=int(x.size),
        mean=mean,
        sigma_within=within,
        sigma_overall=overall,
        lsl=lsl,
        usl=usl,
        target=target,
        cp=cp,
        cpl=cpl,
        cpu=cpu,
        cpk=min(v for v in (cpl, cpu) if v is not None),
        pp=pp,
        ppl=ppl,
        ppu=ppu,
        ppk=min(v for v in (ppl, ppu) if v is not None),
        cpm=cpm,
        expected_below_lsl=normal.cdf(lsl) if normal and lsl is not None else None,
        expected_above_usl=1 - normal.cdf(usl) if normal and usl is not None else None,
        observed_below_lsl=float(np.mean(x < lsl)) if lsl is not None else None,
        observed_above_usl=float(np.mean(x > usl)) if usl is not None else None,
    )


def histogram_bins(values: Sequence[float] | np.ndarray, bins: int | None = None) -> list[dict]:
    """Histogram bins (start, end, count) for the capability chart; Sturges' rule by default,
    enough to see the shape without inventing detail on small samples."""
    x = _array(values, "value")
    k = bins or max(5, math.ceil(math.log2(max(x.size, 1)) + 1))
    counts, edges = np.histogram(x, bins=k)
    return [
        {"start": float(edges[i]), "end": float(edges[i + 1]), "count": int(counts[i])}
        for i in range(k)
    ]
