"""`obeya flow LOG`: the flow analysis of an event log, as a summary, JSON or an HTML report.

Loads only `obeya.core` (DuckDB through Ibis), never Django, so it starts fast on big files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import sys
from pathlib import Path
from typing import Any

from obeya.core import flow_draw
from obeya.core.eventlog import EventLog, EventLogError, connect, read_log
from obeya.core.flow import FlowAnalysis, analyse
from obeya.core.flow_draw import format_duration as duration


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "flow",
        help="analyse the flow of an event log (process map, lead times, WIP, queues)",
        description="Read an event log (CSV, XLSX, Parquet, XES or XES.gz; see docs/flow.md) "
        "and print its process map with waiting times, lead times, variants, rework, WIP and "
        "throughput with a Little's law check, the queues ranked by waiting time and a "
        "proposed value stream map. Columns are detected from their names; name them with "
        "--case, --activity, --timestamp, --start when detection fails.",
    )
    p.add_argument("log", metavar="LOG", help="the event log file")
    p.add_argument("--case", metavar="C", help="column of the case id")
    p.add_argument("--activity", metavar="A", help="column of the activity")
    p.add_argument("--timestamp", metavar="T", help="column of the completion timestamp")
    p.add_argument("--start", metavar="S", help="column of the start timestamp")
    p.add_argument("--resource", metavar="R", help="column of the resource")
    p.add_argument("--lifecycle", metavar="L", help="column of the lifecycle transition")
    p.add_argument(
        "--timezone",
        metavar="TZ",
        default="UTC",
        help="zone of timestamps written without a UTC offset, and of calendar days "
        "(default: UTC), e.g. Europe/Paris",
    )
    p.add_argument(
        "--timestamp-format",
        metavar="FMT",
        help="strptime format of non-ISO timestamps, e.g. '%%d/%%m/%%Y %%H:%%M'",
    )
    p.add_argument("--sheet", help="XLSX sheet to read (default: the first)")
    p.add_argument(
        "--window",
        nargs=2,
        metavar=("FROM", "TO"),
        help="ISO date-times bounding the WIP, throughput and Little's law figures",
    )
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.add_argument("--html", metavar="OUT", help="write a self-contained HTML report to OUT")
    p.add_argument("--vsm", metavar="OUT", help="write the proposed value stream as YAML")
    p.add_argument(
        "--memory-limit",
        metavar="SIZE",
        help="DuckDB memory limit, e.g. 2GB: bigger sorts spill to disk",
    )
    p.set_defaults(func=cmd_flow)


def _window(args: argparse.Namespace) -> tuple[dt.datetime, dt.datetime] | None:
    if not args.window:
        return None
    from zoneinfo import ZoneInfo

    bounds = []
    for text in args.window:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(args.timezone))
        bounds.append(moment)
    return bounds[0], bounds[1]


def cmd_flow(args: argparse.Namespace) -> int:
    try:
        window = _window(args)
        log = read_log(
            args.log,
            case=args.case,
            activity=args.activity,
            timestamp=args.timestamp,
            start=args.start,
            resource=args.resource,
            lifecycle=args.lifecycle,
            tz=args.timezone,
            timestamp_format=args.timestamp_format,
            sheet=args.sheet,
            con=connect(memory_limit=args.memory_limit),
        )
        result = analyse(log, window=window)
    except EventLogError as exc:
        print(
            f"{args.log}: {exc.message}" if not exc.message.startswith(args.log) else exc.message,
            file=sys.stderr,
        )
        for error in exc.errors:
            print(f"{args.log}: {error}", file=sys.stderr)
        if exc.more:
            print(f"{args.log}: ... and {exc.more} more", file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad --window or --timezone
        print(f"{args.log}: {exc}", file=sys.stderr)
        return 2
    if args.vsm:
        import yaml

        Path(args.vsm).write_text(
            yaml.safe_dump(result.value_stream, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    if args.html:
        Path(args.html).write_text(html_report(log, result), encoding="utf-8")
    if args.json:
        print(json.dumps({"log": log.describe(), **result.to_dict()}, indent=2, ensure_ascii=False))
    else:
        print(summary(log, result))
        for label, path in (("HTML report", args.html), ("Value stream", args.vsm)):
            if path:
                print(f"\n{label} written to {path}")
    return 0


# --- formatting -----------------------------------------------------------------------------


def _n(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def _log_lines(log: EventLog) -> list[str]:
    lines = [
        f"{log.source} ({log.format}): {log.source_events:,} events read, "
        f"{log.events:,} activity instances"
    ]
    if log.mapping.lifecycle:
        extra = [f"{log.unpaired_starts:,} starts never completed"]
        extra += [f"{n:,} {t} events set aside" for t, n in sorted(log.ignored_transitions.items())]
        lines.append("  start and complete events paired; " + ", ".join(extra))
    return lines


def summary(log: EventLog, a: FlowAnalysis, top: int = 10) -> str:
    """The analysis as plain text for the terminal."""
    lead = a.lead_times
    law = a.littles_law
    lines = _log_lines(log)
    lines += [
        "",
        f"  Cases             {a.cases:,}",
        f"  Activities        {len(a.activities)} "
        f"({'with' if a.has_start_times else 'without'} start times)",
        f"  Lead time         mean {duration(lead.mean_s)}, median {duration(lead.median_s)}, "
        f"p90 {duration(lead.p90_s)}",
        f"  Variants          {len(a.variants):,}",
        f"  Rework            {_percent(a.rework_rate)} of the cases repeat an activity",
        f"  WIP               mean {_n(a.wip_mean)} cases, max {a.wip_max:,}",
        f"  Throughput        {_n(law.throughput_per_day, 2)} cases a day",
        f"  Little's law      WIP {_n(law.wip_mean, 2)} vs throughput x lead time "
        f"{_n(law.throughput_x_lead_time, 2)} (gap {_percent(law.relative_gap)})",
        "",
        "Longest queues (waiting before the step, total over the window):",
    ]
    rows = [
        (
            w.activity,
            f"{w.count:,}",
            duration(w.mean_s),
            duration(w.median_s),
            duration(w.p90_s),
            _n(w.queue_cases),
        )
        for w in a.waiting[:top]
    ]
    lines += _table(("Step", "Waits", "Mean", "Median", "p90", "Queue"), rows)
    if a.has_start_times:
        lines += ["", "Processing time:"]
        rows = [
            (
                s.name,
                f"{s.processing.count:,}",
                duration(s.processing.mean_s),
                duration(s.processing.median_s),
                duration(s.processing.p90_s),
            )
            for s in a.activities
            if s.processing.count
        ]
        lines += _table(("Step", "Runs", "Mean", "Median", "p90"), rows)
    lines += [
        "",
        f"Process map ({min(top * 2, len(a.edges))} most frequent of {len(a.edges)} paths):",
    ]
    rows = [
        (
            f"{e.source} -> {e.target}",
            f"{e.count:,}",
            duration(e.mean_s),
            duration(e.median_s),
            duration(e.p90_s),
        )
        for e in a.edges[: top * 2]
    ]
    lines += _table(("Path", "Times", "Mean wait", "Median", "p90"), rows)
    lines += ["", f"Variants ({min(top, len(a.variants))} most frequent of {len(a.variants):,}):"]
    for v in a.variants[:top]:
        lines.append(f"  {v.count:>7,}  {' > '.join(v.activities)}")
    if a.rework:
        lines += ["", "Rework:"]
        rows = [(r.activity, f"{r.cases:,}", f"{r.repeats:,}") for r in a.rework[:top]]
        lines += _table(("Step", "Cases", "Extra runs"), rows)
    lines += ["", "Proposed value stream (obeya flow LOG --vsm map.yaml, then obeya vsm map.yaml):"]
    for item in a.value_stream.get("flow", []):
        if "process" in item:
            p = item["process"]
            lines.append(f"  [{p['name']}]  C/T {duration(p['cycle_time_s'])}")
        else:
            lines.append(f"    ▽ {_n(item['inventory']['quantity'])} cases waiting")
    lines += [f"  note: {n}" for n in a.value_stream_notes]
    return "\n".join(lines)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    if not rows:
        return ["  (none)"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        cells = [f"{r[0]:<{widths[0]}}"] + [
            f"{c:>{w}}" for c, w in zip(r[1:], widths[1:], strict=True)
        ]
        out.append("  " + "  ".join(cells))
    return out


# --- HTML report ----------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;
padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid
#eaeef2;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f6f8fa}
.figures td{text-align:left}.note{color:#57606a}svg{max-width:100%;height:auto}
pre{background:#f6f8fa;padding:.8rem;overflow:auto}
"""


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _html_table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def process_map_svg(a: FlowAnalysis, max_edges: int = 60) -> str:
    """The process map as inline SVG (obeya.core.flow_draw): steps left to right in layers,
    paths drawn thicker the more cases take them, labelled with cases and median wait."""
    return flow_draw.process_map_svg(flow_draw.map_from_analysis(a).top(max_edges))


def histogram_svg(a: FlowAnalysis) -> str:
    """Lead-time histogram as inline SVG bars, days on the axis."""
    edges, counts = a.lead_times.histogram_edges_s, a.lead_times.histogram_counts
    if not counts:
        return ""
    width, height, left, bottom = 720, 260, 50, 40
    plot_w, plot_h = width - left - 20, height - bottom - 20
    most = max(counts) or 1
    bar = plot_w / len(counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'style="max-width:{width}px" aria-label="lead-time histogram">',
        f'<line x1="{left}" y1="{20 + plot_h}" x2="{left + plot_w}" y2="{20 + plot_h}" '
        'stroke="#57606a"/>',
        f'<text x="{left - 6}" y="24" font-size="10" text-anchor="end">{most:,}</text>',
        f'<text x="{left - 6}" y="{20 + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    for i, c in enumerate(counts):
        h = plot_h * c / most
        x = left + i * bar
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{20 + plot_h - h:.1f}" width="{max(bar - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="#54aeff"><title>{_esc(duration(edges[i]))} to '
            f"{_esc(duration(edges[i + 1]))}: {c:,} cases</title></rect>"
        )
    step = max(1, len(counts) // 6)
    for i in range(0, len(edges), step):
        x = left + i * bar
        parts.append(
            f'<text x="{x:.0f}" y="{height - 20}" font-size="10" text-anchor="middle">'
            f"{_esc(duration(edges[i]))}</text>"
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" font-size="11" '
        'text-anchor="middle">lead time (cases per bar)</text></svg>'
    )
    return "".join(parts)


def html_report(log: EventLog, a: FlowAnalysis, top: int = 20) -> str:
    """One HTML file with no external resource: tables and inline SVG."""
    import yaml

    lead = a.lead_times
    law = a.littles_law
    figures = [
        ("Cases", f"{a.cases:,}"),
        ("Activity instances", f"{a.events:,}"),
        (
            "Lead time",
            f"mean {duration(lead.mean_s)} · median {duration(lead.median_s)} · "
            f"p90 {duration(lead.p90_s)}",
        ),
        ("Variants", f"{len(a.variants):,}"),
        ("Rework", f"{_percent(a.rework_rate)} of the cases"),
        ("WIP", f"mean {_n(a.wip_mean)} · max {a.wip_max:,} cases"),
        ("Throughput", f"{_n(law.throughput_per_day, 2)} cases a day"),
        (
            "Little's law",
            f"WIP {_n(law.wip_mean, 2)} vs throughput × lead time "
            f"{_n(law.throughput_x_lead_time, 2)} (gap {_percent(law.relative_gap)}, "
            f"{law.window_start:%Y-%m-%d %H:%M} to {law.window_end:%Y-%m-%d %H:%M} "
            "UTC)",
        ),
    ]
    sections = [
        f"<h1>Flow of {_esc(Path(log.source).name)}</h1>",
        "".join(f'<p class="note">{_esc(line)}</p>' for line in _log_lines(log)),
        '<table class="figures">'
        + "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in figures)
        + "</table>",
        "<h2>Process map</h2>",
        f'<p class="note">The {min(60, len(a.edges))} most frequent of {len(a.edges)} paths; '
        "each labelled with the times it was taken and its median wait.</p>",
        f'<div style="overflow-x:auto">{process_map_svg(a)}</div>',
        "<h2>Lead time</h2>",
        histogram_svg(a),
        "<h2>Queues: waiting before each step</h2>",
        _html_table(
            ("Step", "Waits", "Total", "Mean", "Median", "p90", "Cases waiting"),
            [
                (
                    w.activity,
                    f"{w.count:,}",
                    duration(w.total_s),
                    duration(w.mean_s),
                    duration(w.median_s),
                    duration(w.p90_s),
                    _n(w.queue_cases),
                )
                for w in a.waiting
            ],
        ),
        "<h2>Steps</h2>",
        _html_table(
            ("Step", "Runs", "Cases", "Processing mean", "median", "p90"),
            [
                (
                    s.name,
                    f"{s.count:,}",
                    f"{s.cases:,}",
                    duration(s.processing.mean_s),
                    duration(s.processing.median_s),
                    duration(s.processing.p90_s),
                )
                for s in a.activities
            ],
        ),
        "<h2>Paths</h2>",
        _html_table(
            ("From", "To", "Times", "Mean wait", "Median", "p90"),
            [
                (
                    e.source,
                    e.target,
                    f"{e.count:,}",
                    duration(e.mean_s),
                    duration(e.median_s),
                    duration(e.p90_s),
                )
                for e in a.edges[: top * 3]
            ],
        ),
        f"<h2>Variants ({min(top, len(a.variants))} most frequent of {len(a.variants):,})</h2>",
        _html_table(
            ("Cases", "Activities"),
            [(f"{v.count:,}", " › ".join(v.activities)) for v in a.variants[:top]],
        ),
        "<h2>Rework</h2>",
        _html_table(
            ("Step", "Cases", "Extra runs"),
            [(r.activity, f"{r.cases:,}", f"{r.repeats:,}") for r in a.rework],
        ),
        "<h2>Throughput by week</h2>",
        _html_table(
            ("Week of", "Cases completed"),
            [(p.start.isoformat(), f"{int(p.value):,}") for p in a.throughput_weeks],
        ),
        "<h2>Proposed value stream</h2>",
        '<p class="note">Save as YAML and open with <code>obeya vsm</code>.</p>',
        "".join(f'<p class="note">{_esc(n)}</p>' for n in a.value_stream_notes),
        f"<pre>{_esc(yaml.safe_dump(a.value_stream, sort_keys=False, allow_unicode=True))}</pre>",
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Flow of {_esc(Path(log.source).name)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )
