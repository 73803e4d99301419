"""What the analysis page shows, read from the stored analysis (FlowAnalysis.to_dict()): the
headline figures, the tables, the Vega-Lite charts and the process map, in the reader's
language with localised numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import dates
from django.utils.formats import date_format, get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from obeya.core import flow_draw
from obeya.flowlogs.templatetags.flowlogs_tags import flow_duration

DEFAULT_PATHS = 20
"""Paths drawn on the process map until the reader asks for more or fewer."""

TOP_VARIANTS = 10


def vega_locale() -> dict[str, Any]:
    """The number and date formats of the current language, for Vega's `config.locale`."""
    thousands = get_format("THOUSAND_SEPARATOR")
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    english = (get_language() or "en").startswith("en")
    return {
        "number": {
            "decimal": get_format("DECIMAL_SEPARATOR"),
            "thousands": thousands,
            "grouping": [3],
            "currency": ["", " €"] if not english else ["€", ""],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%m/%d/%Y" if english else "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [str(dates.WEEKDAYS[i]) for i in sunday_first],
            "shortDays": [str(dates.WEEKDAYS_ABBR[i]) for i in sunday_first],
            "months": [str(dates.MONTHS[i]) for i in range(1, 13)],
            "shortMonths": [str(dates.MONTHS_AP[i]) for i in range(1, 13)],
        },
    }


def count_text(n: int | float | None) -> str:
    return "–" if n is None else number_format(int(n), force_grouping=True)


def map_text() -> dict[str, str]:
    """The process map's words in the reader's language (obeya.core.flow_draw.DEFAULT_TEXT)."""
    return {
        "aria": _("Process map"),
        "start": _("Start"),
        "end": _("End"),
        "runs": _("%(n)s runs"),
        "processing": _("%(t)s each"),
        "cases_started": _("%(n)s cases start with %(name)s"),
        "cases_ended": _("%(n)s cases end with %(name)s"),
        "path": _(
            "%(source)s → %(target)s: taken %(n)s times; wait mean %(mean)s, median "
            "%(median)s, p90 %(p90)s"
        ),
        "step": _("%(name)s: %(n)s runs"),
    }


def stat_choices() -> list[tuple[str, str]]:
    return [("median", _("median wait")), ("mean", _("mean wait")), ("p90", _("p90 wait"))]


@dataclass(frozen=True)
class MapView:
    svg: str
    paths: int  # paths drawn
    total: int  # paths in the log
    min_count: int  # times the least frequent drawn path was taken
    hidden_steps: int
    stat: str


def process_map(
    analysis: dict[str, Any], *, paths: int | None, stat: str, id_prefix: str
) -> MapView:
    """The process map with its `paths` most frequent paths, labelled with `stat`; the step
    with the longest queue in front of it has a red border."""
    full = flow_draw.map_from_dict(analysis)
    total = len(full.edges)
    paths = DEFAULT_PATHS if paths is None else paths
    paths = max(1, min(paths, total)) if total else 0
    stat = stat if stat in flow_draw.STATS else "median"
    shown = full.top(paths)
    waiting = analysis.get("waiting_by_activity") or []
    svg = flow_draw.process_map_svg(
        shown,
        stat=stat,
        count=count_text,
        duration=flow_duration,
        text=map_text(),
        highlight=[waiting[0]["activity"]] if waiting else [],
        id_prefix=id_prefix,
        fit=0.8,
    )
    return MapView(
        svg=svg,
        paths=len(shown.edges),
        total=total,
        min_count=shown.min_count,
        hidden_steps=len(full.nodes) - len(shown.nodes),
        stat=stat,
    )


def _order(analysis: dict[str, Any]) -> dict[str, float]:
    """Each step's usual position in the cases, to list steps in the order of the flow."""
    return {a["name"]: a.get("position_median") or 0 for a in analysis.get("activities", [])}


def waiting_rows(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """The queues, longest total wait first, with their share of all the waiting."""
    rows = analysis.get("waiting_by_activity") or []
    total = sum(r.get("total_s") or 0 for r in rows) or 1
    return [{**r, "share": (r.get("total_s") or 0) / total, "rank": i} for i, r in enumerate(rows)]


def processing_rows(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    order = _order(analysis)
    processing = analysis.get("processing_time_s") or {}
    rows = [{"activity": name, **figures} for name, figures in processing.items()]
    return sorted(rows, key=lambda r: (order.get(r["activity"], 0), r["activity"]))


def activity_rows(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    cases = analysis.get("cases") or 0
    order = _order(analysis)
    rows = [
        {**a, "share": a["cases"] / cases if cases else 0.0} for a in analysis.get("activities", [])
    ]
    return sorted(rows, key=lambda r: (order.get(r["name"], 0), r["name"]))


def variant_rows(analysis: dict[str, Any], start: int = 0, stop: int | None = None) -> list[dict]:
    cases = analysis.get("cases") or 0
    variants = analysis.get("variants") or []
    cumulative = sum(v["count"] for v in variants[:start])
    rows = []
    for i, v in enumerate(variants[start:stop], start=start + 1):
        cumulative += v["count"]
        rows.append(
            {
                "rank": i,
                "activities": v["activities"],
                "count": v["count"],
                "share": v["count"] / cases if cases else 0.0,
                "cumulative": cumulative / cases if cases else 0.0,
                "steps": len(v["activities"]),
                "rework": len(set(v["activities"])) < len(v["activities"]),
            }
        )
    return rows


def rework_rows(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    cases = analysis.get("cases") or 0
    return [
        {**r, "share": r["cases"] / cases if cases else 0.0} for r in analysis.get("rework", [])
    ]


def littles_law(analysis: dict[str, Any]) -> dict[str, Any]:
    """Both sides of Little's law, the gap, and the window in the log's time zone."""
    law = dict(analysis.get("littles_law") or {})
    gap = law.get("relative_gap")
    law["consistent"] = gap is not None and gap <= 0.05
    zone = ZoneInfo(analysis.get("timezone") or "UTC")
    for key in ("window_start", "window_end"):
        if law.get(key):
            law[key] = dt.datetime.fromisoformat(law[key]).astimezone(zone)
    return law


def _date(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "D j M Y")


def _unit_title(key: str) -> str:
    return {"min": _("minutes"), "h": _("hours"), "d": _("days")}[key]


def charts(analysis: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The page's Vega-Lite specs, by id: lead-time histogram, WIP per day, throughput per day
    and per week, and the queues."""
    locale = vega_locale()
    out: dict[str, dict[str, Any]] = {}
    lead = analysis.get("case_duration_s") or {}
    histogram = lead.get("histogram") or {}
    if histogram.get("counts"):
        unit_s, unit = flow_draw.duration_unit(lead.get("p90"))
        out["lead"] = flow_draw.lead_time_histogram_spec(
            histogram["edges"],
            histogram["counts"],
            title=_("Lead time of the cases"),
            x_title=_("Lead time (%(unit)s)") % {"unit": _unit_title(unit)},
            y_title=_("Cases"),
            markers=[
                (_("median %(t)s") % {"t": flow_duration(lead.get("median"))}, lead.get("median")),
                (_("mean %(t)s") % {"t": flow_duration(lead.get("mean"))}, lead.get("mean")),
                (_("p90 %(t)s") % {"t": flow_duration(lead.get("p90"))}, lead.get("p90")),
            ],
            unit_s=unit_s,
            locale=locale,
        )
    wip = analysis.get("wip") or {}
    if wip.get("days"):
        out["wip"] = flow_draw.daily_series_spec(
            [(d["date"], d["mean"]) for d in wip["days"]],
            labels=[_date(d["date"]) for d in wip["days"]],
            title=_("Work in progress, day by day"),
            y_title=_("Cases in progress (daily average)"),
            mean=wip.get("mean"),
            mean_label=_("mean %(n)s") % {"n": number_format(round(wip["mean"], 1))}
            if wip.get("mean") is not None
            else "",
            locale=locale,
        )
    throughput = analysis.get("throughput") or {}
    if throughput.get("days"):
        per_day = throughput.get("per_day")
        out["throughput_days"] = flow_draw.daily_series_spec(
            [(d["date"], d["cases"]) for d in throughput["days"]],
            labels=[_date(d["date"]) for d in throughput["days"]],
            title=_("Cases completed per day"),
            y_title=_("Cases completed"),
            mark="bar",
            mean=per_day,
            mean_label=_("mean %(n)s a day") % {"n": number_format(round(per_day, 1))}
            if per_day is not None
            else "",
            value_format=",d",
            locale=locale,
        )
    if throughput.get("weeks"):
        out["throughput_weeks"] = flow_draw.daily_series_spec(
            [(w["week_start"], w["cases"]) for w in throughput["weeks"]],
            title=_("Cases completed per week"),
            y_title=_("Cases completed"),
            mark="bar",
            period_days=7,
            labels=[
                _("week of %(d)s") % {"d": _date(w["week_start"])} for w in throughput["weeks"]
            ],
            value_format=",d",
            locale=locale,
        )
    queues = [r for r in waiting_rows(analysis) if r.get("queue_cases") is not None]
    if queues:
        out["queues"] = flow_draw.ranked_bars_spec(
            [(r["activity"], r["queue_cases"]) for r in queues[:15]],
            title=_("Cases waiting before each step, on average"),
            x_title=_("Cases waiting"),
            locale=locale,
        )
    return out
