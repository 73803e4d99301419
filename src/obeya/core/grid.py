"""The diagnostic grid: techno-economic figures against their reference, as gaps and scores.

For each criterion (OEE, lead time, scrap cost...) the grid compares the current value with a
reference (a target, a benchmark or the history) in the criterion's good direction:

- gap = current - reference when higher is better, reference - current when lower is better,
  so a positive gap is always better than the reference;
- gap % = 100 * gap / |reference| (undefined for a zero reference);
- score = 100 when the gap is >= 0, else 100 * (1 - shortfall / |reference|) clipped to
  [0, 100], with shortfall = -gap: it falls linearly with the relative shortfall and reaches
  0 when the shortfall is as large as the reference itself (a lead time of twice the target).
  With a zero reference any shortfall scores 0.

The overall score is the mean of the line scores weighted by their weights, over the lines with
both values and a positive weight (docs/diagnosis.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)


class Gap(NamedTuple):
    """A criterion against its reference: `gap` in the unit of the criterion (positive =
    better), `gap_pct` in % of the reference (None for a zero reference), `score` 0..100."""

    gap: float
    gap_pct: float | None
    score: float


def _finite(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def criterion_gap(current: float, reference: float, direction: str) -> Gap:
    """Gap, gap % and score of one criterion (formulas in the module docstring).

    >>> [round(x, 2) for x in criterion_gap(62, 85, "higher")]
    [-23.0, -27.06, 72.94]
    >>> criterion_gap(12, 5, "lower").score
    0.0
    """
    current = _finite("current", current)
    reference = _finite("reference", reference)
    if direction == HIGHER:
        gap = current - reference
    elif direction == LOWER:
        gap = reference - current
    else:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    gap = gap + 0.0  # no negative zero
    scale = abs(reference)
    gap_pct = 100 * gap / scale if scale else None
    if gap >= 0:
        score = 100.0
    elif scale:
        score = min(100.0, max(0.0, 100 * (1 - (-gap) / scale)))
    else:
        score = 0.0
    return Gap(gap, gap_pct, score)


@dataclass(frozen=True)
class Criterion:
    """One line of the grid as plain data; a value not measured yet is None."""

    name: str
    current: float | None
    reference: float | None
    direction: str
    weight: float = 1

    @property
    def gap(self) -> Gap | None:
        """The line's gap, or None while a value is missing."""
        if self.current is None or self.reference is None:
            return None
        return criterion_gap(self.current, self.reference, self.direction)


def grid_summary(criteria: Iterable[Criterion]) -> float | None:
    """The weighted mean of the scores (0..100) of the lines with both values and a positive
    weight; None when there is no such line.

    >>> lines = [Criterion("OEE", 62, 85, "higher", 2), Criterion("Lead time", 5, 5, "lower")]
    >>> round(grid_summary(lines), 2)  # (2 * 72.94 + 1 * 100) / 3
    81.96
    """
    total_weight = 0.0
    weighted = 0.0
    for criterion in criteria:
        gap = criterion.gap
        weight = _finite("weight", criterion.weight)
        if weight < 0:
            raise ValueError(f"{criterion.name}: weight must be >= 0, got {weight!r}")
        if gap is None or weight == 0:
            continue
        total_weight += weight
        weighted += weight * gap.score
    if total_weight == 0:
        return None
    return min(100.0, max(0.0, weighted / total_weight))
