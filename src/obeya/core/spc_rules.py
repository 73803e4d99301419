"""The Western Electric and Nelson run rules: which points of a control chart signal a special
cause.

Every rule works on the distance of each point from its center line, in units of that point's
sigma (the third of the distance to its upper limit), so the rules hold on charts whose limits
vary with the sample size and do not change when the data are shifted or scaled. All of it is
vectorised with NumPy: a million points take a few tens of milliseconds.

Conventions (those of qcc's tests, see docs/spc.md):

- rule 1 is strictly beyond a limit: a point exactly on a limit is not flagged;
- "beyond 2 sigma" / "beyond 1 sigma" are strict too; "within 1 sigma" (Nelson 7) is inclusive;
- a point on the center line belongs to neither side: it breaks a run;
- in the "k of n" rules (WE 2/3, Nelson 5/6) only a point that completes the pattern and is
  itself beyond the zone, on the same side, is flagged, once n points exist;
- in the run rules (WE 4, Nelson 2, 3, 4, 7, 8) every point from the k-th of the run on is
  flagged; a tie breaks a trend (Nelson 3) and an alternation (Nelson 4).

Violations come back as one integer per point whose bit r - 1 is set when rule r is broken.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

RULE_SETS = ("we", "nelson")

WESTERN_ELECTRIC_RULES: dict[int, str] = {
    1: "one point beyond a 3-sigma limit",
    2: "2 of 3 points in a row beyond 2 sigma, on the same side",
    3: "4 of 5 points in a row beyond 1 sigma, on the same side",
    4: "8 points in a row on the same side of the center line",
}

NELSON_RULES: dict[int, str] = {
    1: "one point beyond a 3-sigma limit",
    2: "9 points in a row on the same side of the center line",
    3: "6 points in a row steadily increasing or decreasing",
    4: "14 points in a row alternating up and down",
    5: "2 of 3 points in a row beyond 2 sigma, on the same side",
    6: "4 of 5 points in a row beyond 1 sigma, on the same side",
    7: "15 points in a row within 1 sigma of the center line",
    8: "8 points in a row beyond 1 sigma, on both sides",
}

RULES = {"we": WESTERN_ELECTRIC_RULES, "nelson": NELSON_RULES}

# The rules that need no sigma: a run chart (median, no limits) applies only these.
RUN_ONLY_RULES = {"we": (4,), "nelson": (2, 3, 4)}


def run_length(mask: np.ndarray) -> np.ndarray:
    """For each position, how many True values in a row end there (0 where mask is False)."""
    idx = np.arange(mask.size, dtype=np.int32)
    last_false = np.maximum.accumulate(np.where(mask, np.int32(-1), idx))
    return np.where(mask, idx - last_false, np.int32(0))


def run_at_least(mask: np.ndarray, length: int) -> np.ndarray:
    """For each position, whether at least `length` True values in a row end there.

    The same as `run_length(mask) >= length`, without the run lengths: the rules only ask
    whether a run is long enough, and `length - 1` ANDs of shifted byte arrays are several
    times cheaper than counting (no int32 temporaries, no accumulate)."""
    out = np.array(mask, dtype=bool)
    if length <= 1:
        return out
    for lag in range(1, min(length, out.size)):
        np.logical_and(out[lag:], mask[:-lag], out=out[lag:])
    out[: length - 1] = False
    return out


def window_count(mask: np.ndarray, window: int) -> np.ndarray:
    """For each position, how many True values among it and the `window - 1` before it."""
    out = mask.astype(np.int8)  # windows are at most 8 points: small adds beat a cumsum
    for lag in range(1, window):
        out[lag:] += mask[:-lag]
    return out


def window_any(mask: np.ndarray, window: int) -> np.ndarray:
    """For each position, whether it or one of the `window - 1` before it is True."""
    out = np.array(mask, dtype=bool)
    for lag in range(1, min(window, out.size)):
        np.logical_or(out[lag:], mask[:-lag], out=out[lag:])
    return out


def _k_of_n(beyond: np.ndarray, k: int, n: int) -> np.ndarray:
    """Points beyond the zone that complete k of the last n beyond it (a full window of n)."""
    flags = window_count(beyond, n) >= k
    flags &= beyond
    flags[: n - 1] = False
    return flags


def _trend(values: np.ndarray, points: int) -> np.ndarray:
    """Points ending `points` values in a row steadily rising or falling."""
    flags = np.zeros(values.size, dtype=bool)
    if values.size < 2:
        return flags
    diff = np.diff(values)
    steps = points - 1
    flags[1:] = run_at_least(diff > 0, steps)
    flags[1:] |= run_at_least(diff < 0, steps)
    return flags


def _alternating(values: np.ndarray, points: int) -> np.ndarray:
    """Points ending `points` values in a row alternating up and down."""
    flags = np.zeros(values.size, dtype=bool)
    if values.size < 3:
        return flags
    sign = np.sign(np.diff(values))
    alternate = sign[1:] * sign[:-1] < 0  # position j: the step into point j + 2 turns
    flags[2:] = run_at_least(alternate, points - 2)
    return flags


def _scalar_if_constant(values: np.ndarray) -> np.ndarray | float:
    """The single value of an array that holds one value everywhere (the usual case: one
    phase, one sample size), so comparisons run against a scalar instead of a second array."""
    if values.ndim == 0:
        return float(values)
    if values.size and values[0] == values.min() == values.max():
        return float(values[0])
    return values


def violations(
    values: np.ndarray,
    center: np.ndarray | float,
    sigma: np.ndarray | float | None,
    *,
    rule_set: str = "we",
    rules: Iterable[int] | None = None,
    lcl: np.ndarray | float | None = None,
    ucl: np.ndarray | float | None = None,
) -> np.ndarray:
    """The rules of `rule_set` ("we" or "nelson") each point breaks, as a bit mask per point
    (bit r - 1 for rule r).

    `sigma` is the sigma of each plotted point (None on a run chart: then only the rules that
    need no sigma apply); rule 1 compares with `lcl`/`ucl` when given (an LCL floored at 0),
    else with center +/- 3 sigma. `rules` switches rules on one by one (default: all of the
    set); the zones a switched-off rule would need are not computed at all."""
    if rule_set not in RULES:
        raise ValueError(f"rules: {rule_set!r} is not one of {', '.join(RULE_SETS)}")
    available = RULES[rule_set]
    chosen = tuple(available) if rules is None else tuple(rules)
    for rule in chosen:
        if rule not in available:
            raise ValueError(f"rules: {rule_set} has no rule {rule}")
    if sigma is None:
        chosen = tuple(r for r in chosen if r in RUN_ONLY_RULES[rule_set])
    x = np.asarray(values, dtype=float)
    n = x.size
    mask = np.zeros(n, dtype=np.uint16)
    if n == 0 or not chosen:
        return mask
    c = _scalar_if_constant(np.asarray(center, dtype=float))
    # Rounding noise (the mean of equal values differs from them in the last bit) is no
    # deviation: without this, a process with no variation would break every rule.
    tol = np.abs(x)
    tol += abs(c) if isinstance(c, float) else np.abs(c)
    tol *= 1e-12
    deviation = x - c
    deviation[np.abs(deviation) <= tol] = 0.0

    def mark(rule: int, flags: np.ndarray) -> None:
        bit = np.uint16(1 << (rule - 1))
        np.bitwise_or(mask, bit, out=mask, where=flags)

    two_of_three = 2 if rule_set == "we" else 5
    four_of_five = 3 if rule_set == "we" else 6
    same_side = 4 if rule_set == "we" else 2
    if sigma is not None:
        s = _scalar_if_constant(np.broadcast_to(np.asarray(sigma, dtype=float), x.shape))
        if 1 in chosen:
            upper = 3 * s if ucl is None else _scalar_if_constant(np.asarray(ucl - c))
            lower = -3 * s if lcl is None else _scalar_if_constant(np.asarray(lcl - c))
            beyond = deviation > upper + tol
            beyond |= deviation < lower - tol
            mark(1, beyond)
        if two_of_three in chosen:
            mark(two_of_three, _k_of_n(deviation > 2 * s, 2, 3) | _k_of_n(deviation < -2 * s, 2, 3))
        if any(r in chosen for r in (four_of_five, 7, 8)):
            above_1 = deviation > s
            below_1 = deviation < -s
            if four_of_five in chosen:
                mark(four_of_five, _k_of_n(above_1, 4, 5) | _k_of_n(below_1, 4, 5))
            if rule_set == "nelson" and 7 in chosen:
                mark(7, run_at_least(~(above_1 | below_1), 15))
            if rule_set == "nelson" and 8 in chosen:
                both_sides = window_any(above_1, 8) & window_any(below_1, 8)
                mark(8, run_at_least(above_1 | below_1, 8) & both_sides)
    if same_side in chosen:
        run = 8 if rule_set == "we" else 9
        mark(same_side, run_at_least(deviation > 0, run) | run_at_least(deviation < 0, run))
    if rule_set == "nelson":
        if 3 in chosen:
            mark(3, _trend(x, 6))
        if 4 in chosen:
            mark(4, _alternating(x, 14))
    return mask


def rules_of(mask_value: int) -> list[int]:
    """The rule numbers set in one point's mask, in increasing order."""
    value = int(mask_value)
    return [bit + 1 for bit in range(16) if value >> bit & 1]
