"""`obeya vsm FILE`: the figures of a value stream map, its JSON, its drawing.

Loads only `obeya.core`, never Django, so it answers at once on a laptop without a database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from obeya.core.vsm import (
    ValueStreamError,
    VsmMetrics,
    compute_metrics,
    format_days,
    format_number,
    load_value_stream,
)
from obeya.core.vsm_draw import draw_svg


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "vsm",
        help="compute a value stream map's figures and draw it",
        description="Read a value stream map (YAML or JSON, see docs/vsm.md), print its takt "
        "time, lead time, process cycle efficiency, bottleneck and each step against takt; "
        "optionally print the figures as JSON and draw the map as SVG.",
    )
    p.add_argument("file", metavar="FILE", help="the value stream file (.yaml, .yml or .json)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--svg", metavar="OUT", help="write the drawing to OUT ('-' for stdout)")
    p.set_defaults(func=cmd_vsm)


def cmd_vsm(args: argparse.Namespace) -> int:
    try:
        vs = load_value_stream(Path(args.file))
    except ValueStreamError as exc:
        for message in exc.errors:
            where = "" if message.startswith(args.file) else f"{args.file}: "
            print(f"{where}{message}", file=sys.stderr)
        return 2
    metrics = compute_metrics(vs)
    if args.svg:
        svg = draw_svg(vs, metrics)
        if args.svg == "-":
            sys.stdout.write(svg)
            return 0
        Path(args.svg).write_text(svg, encoding="utf-8")
    if args.json:
        print(json.dumps(metrics.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report(metrics))
        if args.svg:
            print(f"\nDrawing written to {args.svg}")
    return 0


def report(m: VsmMetrics) -> str:
    """The figures as a plain-text table for the terminal."""
    pce = m.process_cycle_efficiency * 100
    value = "-" if m.inventory_value is None else format_number(m.inventory_value, 2)
    bottleneck = next(s for s in m.steps if s.bottleneck)
    lines = [
        m.name or "Value stream",
        "",
        f"  Daily demand      {format_number(m.daily_demand, 2)} {m.unit}/day",
        f"  Takt time         {format_number(m.takt_time_s, 2)} s",
        f"  Lead time         {format_days(m.lead_time_days)}",
        f"  Processing time   {format_number(m.processing_time_s, 2)} s",
        f"  PCE               {pce:.3g} %",
        f"  Bottleneck        {m.bottleneck} "
        f"({format_number(bottleneck.effective_cycle_time_s, 1)} s, "
        f"{bottleneck.takt_ratio * 100:.0f} % of takt)",
        f"  Operators needed  {format_number(m.operators_needed, 2)}",
        f"  Inventory value   {value}",
        "",
    ]
    width = max(len("Step"), *(len(s.name) for s in m.steps))
    lines.append(f"  {'Step':<{width}}  {'C/T s':>8}  {'Eff. C/T s':>10}  {'Takt ratio':>10}")
    for s in m.steps:
        flag = "  over takt" if s.over_takt else ""
        lines.append(
            f"  {s.name:<{width}}  {format_number(s.cycle_time_s, 2):>8}  "
            f"{format_number(s.effective_cycle_time_s, 1):>10}  "
            f"{s.takt_ratio * 100:>8.0f} %{flag}"
        )
    return "\n".join(lines)
