"""Vega-Lite specifications of Obeya's charts, as plain dicts with their data inline.

The web layer passes the translated titles and puts the spec on the page with `json_script`;
`obeya/charts.js` renders it with the vendored vega-embed (never a data URL: no request leaves
the page). The CLI can render the same dict to SVG or PNG with vl-convert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from obeya.core.capability import Capability
from obeya.core.pareto import VITAL_FEW_SHARE, ParetoRow
from obeya.core.spc import ControlChart
from obeya.core.spc_rules import rules_of

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.json"

# The colours of obeya.css: accent, muted, bad, warning, good.
ACCENT = "#0b5cad"
MUTED = "#9fb3c8"
INK = "#1d2733"
BAD = "#b42318"
WARN = "#e09a1f"
GOOD = "#1f7a3f"

# The look every Obeya chart shares (fonts, axes, legend): the other core modules that build
# Vega-Lite specs (decision, finance, simulation, flow, stakeholders) use it too.
CHART_CONFIG = {
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
        "config": CHART_CONFIG,
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
        "config": CHART_CONFIG,
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


def control_chart_spec(
    chart: ControlChart,
    title: str,
    value_title: str,
    *,
    point_title: str = "Point",
    center_title: str = "Center",
    limit_title: str = "Limit",
    target_title: str = "Target",
    rules_title: str = "Rules broken",
    height: int = 260,
) -> dict[str, Any]:
    """A control chart: the points joined by a line, the points that break a rule in red, the
    center line and the control limits as steps (they change with the sample size and the
    phase), the target dashed.

    Compact data keeps thousands of points responsive and the page light: one row per point
    with its number and value (and the rules it breaks, only when it breaks one), and the
    center line and limits in a second data set holding only the points where they change
    (plus the last one), which the step lines draw exactly as one row per point would."""
    values: list[dict[str, Any]] = [
        {"i": i, "v": v} for i, v in zip(chart.index.tolist(), chart.values.tolist(), strict=True)
    ]
    for position in np.flatnonzero(chart.violations).tolist():
        values[position]["r"] = ",".join(map(str, rules_of(chart.violations[position])))
    limits = _limit_steps(chart)
    x = {"field": "i", "type": "quantitative", "title": point_title, "axis": {"format": "d"}}
    y_scale = {"zero": False}

    def step(field: str, color: str, dash: list[int] | None, label: str) -> dict[str, Any]:
        mark: dict[str, Any] = {"type": "line", "interpolate": "step-after", "color": color}
        if dash:
            mark["strokeDash"] = dash
        return {
            "data": {"values": limits},
            "transform": [{"filter": f"isValid(datum.{field})"}],
            "mark": mark,
            "encoding": {
                "x": x,
                "y": {"field": field, "type": "quantitative", "scale": y_scale},
                "tooltip": [{"field": field, "type": "quantitative", "title": label}],
            },
        }

    layers: list[dict[str, Any]] = [
        step("c", GOOD, None, center_title),
        step("lo", BAD, [6, 4], limit_title),
        step("hi", BAD, [6, 4], limit_title),
        {
            "mark": {"type": "line", "color": ACCENT, "strokeWidth": 1},
            "encoding": {
                "x": x,
                "y": {
                    "field": "v",
                    "type": "quantitative",
                    "title": value_title,
                    "scale": y_scale,
                },
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 28},
            "encoding": {
                "x": x,
                "y": {"field": "v", "type": "quantitative"},
                "color": {"condition": {"test": "datum.r", "value": BAD}, "value": ACCENT},
                "tooltip": [
                    {"field": "i", "type": "quantitative", "title": point_title},
                    {"field": "v", "type": "quantitative", "title": value_title},
                    {"field": "r", "type": "nominal", "title": rules_title},
                ],
            },
        },
    ]
    if chart.target is not None:
        layers.append(
            {
                "data": {"values": [{"t": chart.target}]},
                "mark": {"type": "rule", "color": WARN, "strokeDash": [2, 3]},
                "encoding": {
                    "y": {"field": "t", "type": "quantitative"},
                    "tooltip": [{"field": "t", "type": "quantitative", "title": target_title}],
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
        "data": {"values": values},
        "layer": layers,
    }


def capability_histogram_spec(
    bins: Sequence[dict[str, float]],
    result: Capability,
    title: str,
    value_title: str,
    *,
    count_title: str = "Count",
    lsl_title: str = "LSL",
    usl_title: str = "USL",
    mean_title: str = "Mean",
    height: int = 240,
) -> dict[str, Any]:
    """The values' histogram with the specification limits (red), the mean (green) and the
    target (dashed), so the spread is seen against the tolerance."""
    rules = [
        {"x": result.mean, "label": mean_title, "color": GOOD, "dash": [1, 0]},
    ]
    if result.lsl is not None:
        rules.append({"x": result.lsl, "label": lsl_title, "color": BAD, "dash": [1, 0]})
    if result.usl is not None:
        rules.append({"x": result.usl, "label": usl_title, "color": BAD, "dash": [1, 0]})
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
        "layer": [
            {
                "data": {"values": list(bins)},
                "mark": {"type": "bar", "color": MUTED, "binSpacing": 1},
                "encoding": {
                    "x": {
                        "field": "start",
                        "type": "quantitative",
                        "bin": {"binned": True},
                        "title": value_title,
                        "scale": {"zero": False},
                    },
                    "x2": {"field": "end"},
                    "y": {"field": "count", "type": "quantitative", "title": count_title},
                    "tooltip": [
                        {"field": "start", "type": "quantitative", "title": value_title},
                        {"field": "count", "type": "quantitative", "title": count_title},
                    ],
                },
            },
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "color": {"field": "color", "type": "nominal", "scale": None},
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": " "},
                        {"field": "x", "type": "quantitative", "title": value_title},
                    ],
                },
            },
            {
                "data": {"values": rules},
                "mark": {"type": "text", "dy": -6, "baseline": "bottom", "color": INK},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "label"},
                },
            },
        ],
    }


def _limit_steps(chart: ControlChart) -> list[dict[str, Any]]:
    """The center line and limits at the first point, at each point where one of them changes,
    and at the last point (NaN, where a chart has no limit, as null)."""
    n = chart.index.size
    if n == 0:
        return []
    columns = np.vstack([chart.center, chart.lcl, chart.ucl])
    same = (columns[:, 1:] == columns[:, :-1]) | (
        np.isnan(columns[:, 1:]) & np.isnan(columns[:, :-1])
    )
    keep = np.ones(n, dtype=bool)
    keep[1:-1] = ~same.all(axis=0)[:-1]
    rows = np.flatnonzero(keep)
    return [
        {"i": i, "c": _finite(c), "lo": _finite(lo), "hi": _finite(hi)}
        for i, c, lo, hi in zip(
            chart.index[rows].tolist(),
            chart.center[rows].tolist(),
            chart.lcl[rows].tolist(),
            chart.ucl[rows].tolist(),
            strict=True,
        )
    ]


def _finite(value: float) -> float | None:
    return value if value == value and abs(value) != float("inf") else None


STATUS_COLOURS = {
    "on_target": GOOD,
    "off_target": WARN,
    "alert": BAD,
    "no_target": ACCENT,
    "no_data": MUTED,
}
"""The colour of a KPI's line on a board, by core.kpi.status_against_target's answer."""


def sparkline_spec(
    values: Sequence[float],
    *,
    target: float | None = None,
    status: str = "no_target",
    flagged: Iterable[int] = (),
    value_title: str = "Value",
    target_title: str = "Target",
    width: int = 220,
    height: int = 48,
) -> dict[str, Any]:
    """A board tile's trend: the last values as a line without axes, in the KPI's status
    colour, the target as a dashed rule, the latest point marked, and the points (1-based in
    `values`) that break a control-chart rule in red.

    A fixed size, not "container": the same spec is drawn in the browser and rendered to SVG
    on the server for the printed board (vl-convert has no container to fit)."""
    red = set(flagged)
    last = len(values)
    rows = [
        {"n": n, "v": float(v), "r": n in red, "last": n == last}
        for n, v in enumerate(values, start=1)
    ]
    colour = STATUS_COLOURS.get(status, ACCENT)
    x = {"field": "n", "type": "quantitative", "axis": None, "scale": {"nice": False}}
    y = {"field": "v", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "line", "color": colour, "strokeWidth": 2}, "encoding": {"x": x, "y": y}},
        {
            "transform": [{"filter": "datum.r || datum.last"}],
            "mark": {"type": "point", "filled": True, "size": 36},
            "encoding": {
                "x": x,
                "y": y,
                "color": {"condition": {"test": "datum.r", "value": BAD}, "value": colour},
                "tooltip": [{"field": "v", "type": "quantitative", "title": value_title}],
            },
        },
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"t": float(target)}]},
                "mark": {"type": "rule", "color": INK, "strokeDash": [3, 3], "opacity": 0.7},
                "encoding": {
                    "y": {"field": "t", "type": "quantitative"},
                    "tooltip": [{"field": "t", "type": "quantitative", "title": target_title}],
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "width": width,
        "height": height,
        "padding": 2,
        "config": {**CHART_CONFIG, "view": {"stroke": None}},
        "data": {"values": rows},
        "layer": layers,
        "resolve": {"scale": {"y": "shared"}},
    }
