"""The stakeholder map of a change: influence x attitude, and where each one moved since the
last review.

A facilitator places each person or group on two scales: how much weight they carry on the
project's outcome (influence 1-4) and how they stand towards the change (attitude -2 opponent
.. +2 champion). The quadrant gives the usual strategy (docs/obstacles.md):

- high influence, not yet supportive (attitude <= 0): **manage closely** — meet them, hear the
  objections, involve them in the decisions;
- high influence, supportive: **keep satisfied** — keep their support, use it to sponsor;
- low influence, supportive: **keep informed** — regular information, they relay the change;
- low influence, not yet supportive: **monitor** — watch for shifts, inform, train.

Each assessment is kept, so the map shows an arrow from the previous position to the current
one: a move to the right is a stakeholder won over, to the left one lost.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from obeya.core.charts import ACCENT, BAD, CHART_CONFIG, GOOD, MUTED, SCHEMA

INFLUENCE_MIN, INFLUENCE_MAX = 1, 4
ATTITUDE_MIN, ATTITUDE_MAX = -2, 2
# influence >= HIGH_INFLUENCE is "high"; attitude >= SUPPORTIVE is won over (neutral is not)
HIGH_INFLUENCE = 3
SUPPORTIVE = 1


class Quadrant(enum.StrEnum):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"


class Move(enum.StrEnum):
    NEW = "new"  # first assessment: nowhere to come from
    WON_OVER = "won_over"  # attitude went up
    LOST = "lost"  # attitude went down
    GAINED_WEIGHT = "gained_weight"  # same attitude, more influence
    LOST_WEIGHT = "lost_weight"  # same attitude, less influence
    UNCHANGED = "unchanged"


def _check(influence: int, attitude: int) -> None:
    if not INFLUENCE_MIN <= influence <= INFLUENCE_MAX:
        raise ValueError(f"influence must be {INFLUENCE_MIN}..{INFLUENCE_MAX}, got {influence}")
    if not ATTITUDE_MIN <= attitude <= ATTITUDE_MAX:
        raise ValueError(f"attitude must be {ATTITUDE_MIN}..{ATTITUDE_MAX}, got {attitude}")


def quadrant(influence: int, attitude: int) -> Quadrant:
    """The strategy quadrant of a position; a neutral stakeholder is not yet won over."""
    _check(influence, attitude)
    high = influence >= HIGH_INFLUENCE
    supportive = attitude >= SUPPORTIVE
    if high:
        return Quadrant.KEEP_SATISFIED if supportive else Quadrant.MANAGE_CLOSELY
    return Quadrant.KEEP_INFORMED if supportive else Quadrant.MONITOR


@dataclass(frozen=True)
class Position:
    """One stakeholder's latest assessment and the one before it (None when first assessed)."""

    name: str
    influence: int
    attitude: int
    previous_influence: int | None = None
    previous_attitude: int | None = None

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.influence, self.attitude)

    @property
    def move(self) -> Move:
        return movement(
            self.previous_influence, self.previous_attitude, self.influence, self.attitude
        )


def movement(
    previous_influence: int | None,
    previous_attitude: int | None,
    influence: int,
    attitude: int,
) -> Move:
    """How a stakeholder moved between two assessments; attitude matters first, since winning
    people over is what the change needs."""
    if previous_influence is None or previous_attitude is None:
        return Move.NEW
    if attitude > previous_attitude:
        return Move.WON_OVER
    if attitude < previous_attitude:
        return Move.LOST
    if influence > previous_influence:
        return Move.GAINED_WEIGHT
    if influence < previous_influence:
        return Move.LOST_WEIGHT
    return Move.UNCHANGED


def move_counts(positions: Sequence[Position]) -> dict[str, int]:
    """How many stakeholders made each move, every move listed (0 when none)."""
    counts = {move.value: 0 for move in Move}
    for position in positions:
        counts[position.move.value] += 1
    return counts


def stakeholder_map_spec(
    positions: Sequence[Position],
    *,
    title: str,
    influence_title: str,
    attitude_title: str,
    attitude_labels: Sequence[str],
    quadrant_labels: dict[str, str],
) -> dict[str, Any]:
    """A Vega-Lite map: attitude across (opponent left, champion right), influence up; each
    stakeholder a labelled point, a grey arrow from their previous position, the quadrants
    shaded and named. `attitude_labels` names -2..+2; `quadrant_labels` each Quadrant value."""
    points = [
        {
            "name": p.name,
            "attitude": p.attitude,
            "influence": p.influence,
            "quadrant": quadrant_labels.get(p.quadrant.value, p.quadrant.value),
            "move": p.move.value,
        }
        for p in positions
    ]
    arrows = [
        {
            "name": p.name,
            "x": p.previous_attitude,
            "y": p.previous_influence,
            "x2": p.attitude,
            "y2": p.influence,
        }
        for p in positions
        if p.move not in (Move.NEW, Move.UNCHANGED)
    ]
    split_x, split_y = SUPPORTIVE - 0.5, HIGH_INFLUENCE - 0.5
    x_scale = {"domain": [ATTITUDE_MIN - 0.5, ATTITUDE_MAX + 0.5], "nice": False}
    y_scale = {"domain": [INFLUENCE_MIN - 0.5, INFLUENCE_MAX + 0.5], "nice": False}
    labels_expr = " : ".join(
        f"datum.value == {value} ? {_js(label)}"
        for value, label in zip(range(ATTITUDE_MIN, ATTITUDE_MAX + 1), attitude_labels, strict=True)
    )
    x = {
        "field": "attitude",
        "type": "quantitative",
        "title": attitude_title,
        "scale": x_scale,
        "axis": {
            "values": list(range(ATTITUDE_MIN, ATTITUDE_MAX + 1)),
            "labelExpr": labels_expr + " : ''",
        },
    }
    y = {
        "field": "influence",
        "type": "quantitative",
        "title": influence_title,
        "scale": y_scale,
        "axis": {"values": list(range(INFLUENCE_MIN, INFLUENCE_MAX + 1)), "format": "d"},
    }
    left, right = ATTITUDE_MIN - 0.4, ATTITUDE_MAX + 0.4
    top, bottom = INFLUENCE_MAX + 0.3, INFLUENCE_MIN - 0.3
    quadrant_text = [
        {"label": quadrant_labels.get(q.value, q.value), "x": qx, "y": qy, "align": align}
        for q, qx, qy, align in (
            (Quadrant.MANAGE_CLOSELY, left, top, "left"),
            (Quadrant.KEEP_SATISFIED, right, top, "right"),
            (Quadrant.KEEP_INFORMED, right, bottom, "right"),
            (Quadrant.MONITOR, left, bottom, "left"),
        )
    ]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": [{"x": split_x}]},
            "mark": {"type": "rule", "color": MUTED, "strokeDash": [4, 4]},
            "encoding": {"x": {"field": "x", "type": "quantitative", "scale": x_scale}},
        },
        {
            "data": {"values": [{"y": split_y}]},
            "mark": {"type": "rule", "color": MUTED, "strokeDash": [4, 4]},
            "encoding": {"y": {"field": "y", "type": "quantitative", "scale": y_scale}},
        },
    ] + [
        {
            "data": {"values": [t for t in quadrant_text if t["align"] == align]},
            "mark": {
                "type": "text",
                "color": MUTED,
                "fontStyle": "italic",
                "baseline": "middle",
                "align": align,
            },
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": x_scale},
                "y": {"field": "y", "type": "quantitative", "scale": y_scale},
                "text": {"field": "label"},
            },
        }
        for align in ("left", "right")
    ]
    if arrows:
        # the previous position as a hollow circle, joined to the current (filled) one
        where = {
            "x": {"field": "x", "type": "quantitative", "scale": x_scale},
            "y": {"field": "y", "type": "quantitative", "scale": y_scale},
        }
        layers.append(
            {
                "data": {"values": arrows},
                "layer": [
                    {
                        "mark": {"type": "rule", "color": MUTED, "strokeWidth": 2},
                        "encoding": {**where, "x2": {"field": "x2"}, "y2": {"field": "y2"}},
                    },
                    {
                        "mark": {"type": "point", "filled": False, "color": MUTED, "size": 110},
                        "encoding": where,
                    },
                ],
            }
        )
    layers.append(
        {
            "data": {"values": points},
            "layer": [
                {
                    "mark": {"type": "circle", "size": 160, "opacity": 0.9},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "color": {
                            "field": "move",
                            "type": "nominal",
                            "legend": None,
                            "scale": {
                                "domain": [m.value for m in Move],
                                "range": [ACCENT, GOOD, BAD, ACCENT, ACCENT, ACCENT],
                            },
                        },
                        "tooltip": [
                            {"field": "name", "type": "nominal", "title": " "},
                            {"field": "quadrant", "type": "nominal", "title": " "},
                        ],
                    },
                },
                {
                    "mark": {"type": "text", "dy": -14, "fontSize": 11},
                    "encoding": {"x": x, "y": y, "text": {"field": "name"}},
                },
            ],
        }
    )
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 380,
        "config": CHART_CONFIG,
        "layer": layers,
    }


def _js(text: str) -> str:
    """A string literal for a Vega expression."""
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"
