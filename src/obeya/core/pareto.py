"""The Pareto analysis: which few categories make most of a total (Juran's "vital few").

Plain data in, plain data out: the web layer turns observations into (category, value) pairs and
draws the rows with `obeya.core.charts.pareto_spec`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

VITAL_FEW_SHARE = 0.8
"""The 80 % of the 80/20 rule: the categories it takes to reach it are the vital few."""


@dataclass(frozen=True)
class ParetoRow:
    """One bar of a Pareto chart.

    `share` and `cumulative_share` are fractions of the total (0..1); `vital_few` is true for the
    categories up to and including the one whose cumulative share reaches the threshold.
    """

    category: str
    value: float
    share: float
    cumulative_share: float
    vital_few: bool


def pareto(
    items: Mapping[str, float] | Iterable[tuple[str, float]],
    *,
    threshold: float = VITAL_FEW_SHARE,
) -> list[ParetoRow]:
    """Sort categories by value, largest first (ties by name), with shares and cumulative shares.

    `items` is a mapping or (category, value) pairs; a category given several times is summed,
    so the caller may pass one pair per observation. Values must be finite and non-negative.
    With a zero total every share is 0 and no category is in the vital few. The last cumulative
    share is exactly 1 whenever the total is positive.

    >>> [(r.category, r.cumulative_share, r.vital_few) for r in pareto({"a": 1, "b": 3})]
    [('b', 0.75, True), ('a', 1.0, True)]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    pairs = items.items() if isinstance(items, Mapping) else items
    totals: dict[str, float] = {}
    for category, value in pairs:
        value = float(value)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{category}: a Pareto value must be finite and >= 0, got {value!r}")
        totals[category] = totals.get(category, 0.0) + value
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    total = math.fsum(value for _category, value in ordered)
    rows: list[ParetoRow] = []
    running = 0.0
    before = 0.0  # cumulative share before the current row
    for index, (category, value) in enumerate(ordered):
        running += value
        if total > 0:
            share = value / total
            # The last row closes the total exactly, whatever the rounding on the way.
            cumulative = 1.0 if index == len(ordered) - 1 else min(running / total, 1.0)
        else:
            share = cumulative = 0.0
        vital = total > 0 and value > 0 and before < threshold - 1e-12
        rows.append(ParetoRow(category, value, share, cumulative, vital))
        before = cumulative
    return rows


def vital_few(rows: Iterable[ParetoRow]) -> list[str]:
    """The categories of the vital few, in Pareto order."""
    return [row.category for row in rows if row.vital_few]
