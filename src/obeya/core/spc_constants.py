"""The control-chart constants (d2, d3, c4 and the factors built from them), in one place.

Published tables round the constants differently (d2 to 3 decimals, D4 to 3 or 4, d3 to 3 or
7), and a limit computed with a rounded factor differs from one computed with an unrounded one in
the 4th or 5th significant digit. Obeya follows one convention, qcc's, so that its limits match
that widely used reference to its printed 7 digits:

- d2 from the standard 3-decimal table (1.128, 1.693, 2.059, ...),
- d3 to 7 digits (qcc's `se.R.unscaled`),
- c4 exact, from the gamma function,
- every factor derived from those: A2 = 3 / (d2 sqrt n), D3/D4 = 1 -/+ 3 d3 / d2, A3 = 3 /
  (c4 sqrt n), B3/B4 = 1 -/+ 3 sqrt(1 - c4^2) / c4 (D3 and B3 floored at 0).

`TEXTBOOK` holds the rounded factors of the printed tables (D4 = 3.267 for n = 2, as
qicharts2 uses for the moving-range chart), for comparing with a source that used them.
docs/spc.md lists where each reference differs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

MAX_SUBGROUP_SIZE = 25
"""The largest subgroup the d2/d3 tables cover; beyond it an Xbar-S chart is the right tool."""

# Expected range of n standard normals (d2), 3-decimal table, n = 2..25.
_D2 = (1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078, 3.173, 3.258, 3.336,
       3.407, 3.472, 3.532, 3.588, 3.640, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895,
       3.931)  # fmt: skip
# Standard deviation of that range (d3), to 7 digits as qcc holds them, n = 2..25.
_D3 = (0.8525033, 0.8883697, 0.8798108, 0.8640855, 0.8480442, 0.8332108, 0.8198378, 0.8078413,
       0.7970584, 0.7873230, 0.7784873, 0.7704257, 0.7630330, 0.7562217, 0.7499188, 0.7440627,
       0.7386021, 0.7334929, 0.7286980, 0.7241851, 0.7199267, 0.7158987, 0.7120802,
       0.7084528)  # fmt: skip

D2: Mapping[int, float] = MappingProxyType(dict(zip(range(2, 26), _D2, strict=True)))
D3: Mapping[int, float] = MappingProxyType(dict(zip(range(2, 26), _D3, strict=True)))


def c4(n: int | float) -> float:
    """E[s] / sigma for a sample of n normal values: s underestimates sigma, c4 corrects it."""
    if n < 2:
        raise ValueError("c4 needs at least 2 values")
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


@dataclass(frozen=True)
class ChartConstants:
    """A convention for the constants: d2 and d3 tables, and optionally printed factors that
    replace the derived ones (`factors[n]["D4"]`, ...)."""

    name: str
    d2_table: Mapping[int, float] = field(default_factory=lambda: D2)
    d3_table: Mapping[int, float] = field(default_factory=lambda: D3)
    factors: Mapping[int, Mapping[str, float]] = field(default_factory=dict)

    def _size(self, n: int) -> int:
        if not 2 <= n <= MAX_SUBGROUP_SIZE:
            raise ValueError(
                f"subgroup size {n} is outside 2..{MAX_SUBGROUP_SIZE} covered by the tables"
            )
        return n

    def _printed(self, n: int, name: str) -> float | None:
        return self.factors.get(n, {}).get(name)

    def d2(self, n: int) -> float:
        return self.d2_table[self._size(n)]

    def d3(self, n: int) -> float:
        return self.d3_table[self._size(n)]

    def c4(self, n: int) -> float:
        """c4 has a closed form: unlike d2 and d3 it is not limited to the table's sizes."""
        return self._printed(n, "c4") or c4(n)

    def a2(self, n: int) -> float:
        return self._printed(n, "A2") or 3 / (self.d2(n) * math.sqrt(n))

    def d4_factor(self, n: int) -> float:
        """D4: the R (or MR) chart's upper limit over R-bar."""
        return self._printed(n, "D4") or 1 + 3 * self.d3(n) / self.d2(n)

    def d3_factor(self, n: int) -> float:
        """D3: the R chart's lower limit over R-bar (0 below n = 7)."""
        printed = self._printed(n, "D3")
        return printed if printed is not None else max(0.0, 1 - 3 * self.d3(n) / self.d2(n))

    def a3(self, n: int) -> float:
        return self._printed(n, "A3") or 3 / (self.c4(n) * math.sqrt(n))

    def b4(self, n: int) -> float:
        c = self.c4(n)
        return self._printed(n, "B4") or 1 + 3 * math.sqrt(1 - c * c) / c

    def b3(self, n: int) -> float:
        printed = self._printed(n, "B3")
        if printed is not None:
            return printed
        c = self.c4(n)
        return max(0.0, 1 - 3 * math.sqrt(1 - c * c) / c)


QCC = ChartConstants(name="qcc")
"""Obeya's convention (see the module docstring)."""

TEXTBOOK = ChartConstants(
    name="textbook",
    factors={
        2: {"A2": 1.880, "A3": 2.659, "c4": 0.7979, "B3": 0, "B4": 3.267, "D3": 0, "D4": 3.267},
        3: {"A2": 1.023, "A3": 1.954, "c4": 0.8862, "B3": 0, "B4": 2.568, "D3": 0, "D4": 2.574},
        4: {"A2": 0.729, "A3": 1.628, "c4": 0.9213, "B3": 0, "B4": 2.266, "D3": 0, "D4": 2.282},
        5: {"A2": 0.577, "A3": 1.427, "c4": 0.9400, "B3": 0, "B4": 2.089, "D3": 0, "D4": 2.114},
        6: {"A2": 0.483, "A3": 1.287, "c4": 0.9515, "B3": 0.030, "B4": 1.970, "D3": 0, "D4": 2.004},
        7: {
            "A2": 0.419,
            "A3": 1.182,
            "c4": 0.9594,
            "B3": 0.118,
            "B4": 1.882,
            "D3": 0.076,
            "D4": 1.924,
        },
        8: {
            "A2": 0.373,
            "A3": 1.099,
            "c4": 0.9650,
            "B3": 0.185,
            "B4": 1.815,
            "D3": 0.136,
            "D4": 1.864,
        },
        9: {
            "A2": 0.337,
            "A3": 1.032,
            "c4": 0.9693,
            "B3": 0.239,
            "B4": 1.761,
            "D3": 0.184,
            "D4": 1.816,
        },
        10: {
            "A2": 0.308,
            "A3": 0.975,
            "c4": 0.9727,
            "B3": 0.284,
            "B4": 1.716,
            "D3": 0.223,
            "D4": 1.777,
        },
    },  # fmt: skip
)
"""The rounded factors printed in textbook tables (n = 2..10), e.g. D4 = 3.267 for the
moving-range chart as qicharts2 uses it."""
