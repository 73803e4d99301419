"""Vega-Lite specifications of Obeya's charts, as plain dicts with their data inline.

The web layer passes the translated titles and puts the spec on the page with `json_script`;
`obeya/charts.js` renders it with the vendored vega-embed (never a data URL: no request leaves
the page). The CLI can render the same dict to SVG or PNG with vl-convert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from obeya.core.pareto import VITAL_FEW_SHARE, ParetoRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.json"

# The colours of obeya.css: accent, muted, bad, warning, good.
ACCENT = "#0b5cad"
MUTED = "#9fb3c8"
INK = "#1d2733"
BAD = "#b42318"
WARN = "#e09a1f"
GOOD = "#1f7a3f"

_CONFIG = {
    "font": "system-ui, Segoe UI, Roboto, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6ebf1"},
    "title": {"fontSize": 15, "anchor": "start", "color": INK},
}


def pareto_spec(
    rows: Sequence[ParetoRow],
    title: str,
    value_title: str,
    *,
    category_title: str = "",
    cumulative_title: str = "Cumulative %",
    threshold: float = VITAL_FEW_SHARE,
    value_format: str = ",.0f",
    height: int = 260,
) -> dict[str, Any]:
    """A Pareto chart: bars sorted descending (the vital few in the accent colour), the
    cumulative share as a line on a second axis (0-100 %), and a dashed rule at `threshold`."""
    values = [
        {
            "category": row.category,
            "value": row.value,
            "share": row.share,
            "cumulative_share": row.cumulative_share,
            "vital_few": row.vital_few,
        }
        for row in rows
    ]
    x = {
        "field": "category",
        "type": "nominal",
        "sort": [row.category for row in rows],
        "title": category_title or None,
        "axis": {"labelAngle": -30, "labelLimit": 140},
    }
    tooltip = [
        {"field": "category", "type": "nominal", "title": category_title or " "},
        {"field": "value", "type": "quantitative", "title": value_title, "format": value_format},
        {"field": "share", "type": "quantitative", "title": "%", "format": ".1%"},
        {
            "field": "cumulative_share",
            "type": "quantitative",
            "title": cumulative_title,
            "format": ".1%",
        },
    ]
    cumulative_y = {
        "field": "cumulative_share",
        "type": "quantitative",
        "title": cumulative_title,
        "scale": {"domain": [0, 1]},
        "axis": {"format": "%", "orient": "right", "titleColor": INK, "grid": False},
    }
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": _CONFIG,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": value_title,
                        "axis": {"format": value_format, "orient": "left"},
                    },
                    "color": {
                        "condition": {"test": "datum.vital_few", "value": ACCENT},
                        "value": MUTED,
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "layer": [
                    {
                        "mark": {"type": "line", "color": INK, "point": {"color": INK}},
                        "encoding": {"x": x, "y": cumulative_y, "tooltip": tooltip},
                    },
                    {
                        "data": {"values": [{"threshold": threshold}]},
                        "mark": {"type": "rule", "color": BAD, "strokeDash": [6, 4]},
                        "encoding": {"y": {"field": "threshold", "type": "quantitative"}},
                    },
                ],
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


def radar_or_bar_spec(
    rows: Iterable[tuple[str, float | None]],
    title: str,
    score_title: str = "Score",
    *,
    good_from: float = 80,
    bad_below: float = 50,
) -> dict[str, Any]:
    """The scores (0-100) of the grid's lines as horizontal bars in the grid's order: red below
    `bad_below`, amber up to `good_from`, green above. Lines without a score are left out.

    A bar chart rather than a radar: lengths compare at a glance, and the line names stay
    readable whatever their number."""
    values = [
        {"name": name, "score": round(float(score), 1)} for name, score in rows if score is not None
    ]
    y = {
        "field": "name",
        "type": "nominal",
        "sort": [v["name"] for v in values],
        "title": None,
        "axis": {"labelLimit": 220},
    }
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 28 * max(len(values), 1),  # a fixed height: "container" width needs it
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": _CONFIG,
        "data": {"values": values},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "title": score_title,
                        "scale": {"domain": [0, 100]},
                        "axis": {"values": [0, 20, 40, 60, 80, 100]},
                    },
                    "color": {
                        "field": "score",
                        "type": "quantitative",
                        "scale": {
                            "type": "threshold",
                            "domain": [bad_below, good_from],
                            "range": [BAD, WARN, GOOD],
                        },
                        "legend": None,
                    },
                    "tooltip": [
                        {"field": "name", "type": "nominal", "title": " "},
                        {"field": "score", "type": "quantitative", "title": score_title},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": INK},
                "encoding": {
                    "x": {"field": "score", "type": "quantitative"},
                    "text": {"field": "score", "type": "quantitative", "format": ".0f"},
                },
            },
        ],
    }
