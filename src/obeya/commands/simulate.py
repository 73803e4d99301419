"""`obeya simulate FILE [--future FILE]`: run a value stream (and its future state) as a line
with variability and print what it would measure: throughput, lead time spread, WIP, queues.

Loads only `obeya.core` (with NumPy), never Django. See docs/simulation.md for the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from obeya.core.simulation import (
    SimulationError,
    SimulationResult,
    SimulationSettings,
    simulate,
)
from obeya.core.vsm import ValueStream, ValueStreamError, format_number, load_value_stream


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    defaults = SimulationSettings()
    p = subparsers.add_parser(
        "simulate",
        help="simulate a value stream (and its future state) with variability",
        description="Run a value stream map (YAML or JSON, see docs/vsm.md) as a line of FIFO "
        "steps with random arrivals and cycle times, and print the simulated throughput, lead "
        "time (mean, median, 90th percentile), WIP and each step's utilisation and queue; with "
        "--future, the current and future state side by side (docs/simulation.md).",
    )
    p.add_argument("file", metavar="VSM_FILE", help="the current-state value stream file")
    p.add_argument("--future", metavar="FUTURE_FILE", help="the future-state value stream file")
    p.add_argument(
        "--days",
        type=float,
        default=defaults.days,
        help=f"working days simulated (default {defaults.days:g})",
    )
    p.add_argument(
        "--warmup-days",
        type=float,
        default=defaults.warmup_days,
        help=f"first days run but not measured (default {defaults.warmup_days:g})",
    )
    p.add_argument(
        "--replications",
        type=int,
        default=defaults.replications,
        help=f"independent runs pooled (default {defaults.replications})",
    )
    p.add_argument("--seed", type=int, default=defaults.seed, help="random seed (default 0)")
    p.add_argument(
        "--arrival-cv",
        type=float,
        default=defaults.arrival_cv,
        help="coefficient of variation of the time between two orders (default 1: Poisson; "
        "0: exactly at takt)",
    )
    p.add_argument(
        "--process-cv",
        type=float,
        default=defaults.process_cv,
        help=f"coefficient of variation of the cycle times (default {defaults.process_cv:g}; "
        "0: deterministic)",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=cmd_simulate)


def _load(path: str) -> ValueStream | None:
    try:
        return load_value_stream(Path(path))
    except ValueStreamError as exc:
        for message in exc.errors:
            where = "" if message.startswith(path) else f"{path}: "
            print(f"{where}{message}", file=sys.stderr)
        return None


def cmd_simulate(args: argparse.Namespace) -> int:
    maps = {"current": _load(args.file)}
    if args.future:
        maps["future"] = _load(args.future)
    if any(vs is None for vs in maps.values()):
        return 2
    settings = SimulationSettings(
        days=args.days,
        warmup_days=args.warmup_days,
        replications=args.replications,
        arrival_cv=args.arrival_cv,
        process_cv=args.process_cv,
        seed=args.seed,
    )
    results = {}
    for state, vs in maps.items():
        try:
            results[state] = simulate(vs, settings)  # type: ignore[arg-type]
        except SimulationError as exc:
            field, _sep, message = str(exc).partition(": ")
            if field in SimulationSettings.__dataclass_fields__:  # as the option is spelt
                field = "--" + field.replace("_", "-")
            print(f"{field}: {message}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps({k: r.to_dict() for k, r in results.items()}, indent=2))
    else:
        names = {k: vs.name for k, vs in maps.items()}  # type: ignore[union-attr]
        print(report(results, names, settings))
    return 0


def report(
    results: dict[str, SimulationResult], names: dict[str, str], settings: SimulationSettings
) -> str:
    """The results as a plain-text table, one column per state."""
    states = list(results)
    rows: list[tuple[str, ...]] = [
        ("", *(s.title() for s in states)),
        ("Throughput /day", *(format_number(results[s].throughput_per_day, 1) for s in states)),
        ("Lead time mean", *(_days(results[s].lead_time_days_mean) for s in states)),
        ("Lead time median", *(_days(results[s].lead_time_days_p50) for s in states)),
        ("Lead time 90th pct", *(_days(results[s].lead_time_days_p90) for s in states)),
        ("WIP (units)", *(format_number(results[s].mean_wip_units, 0) for s in states)),
        ("Bottleneck", *(results[s].bottleneck for s in states)),
        ("Stable", *("yes" if results[s].stable else "NO, overloaded" for s in states)),
        ("Little's law gap", *(f"{results[s].littles_law_gap * 100:.1f} %" for s in states)),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(states) + 1)]
    lines = [
        f"Simulated {settings.days:g} working days ({settings.warmup_days:g} of warm-up), "
        f"{settings.replications} replications, arrival cv {settings.arrival_cv:g}, "
        f"process cv {settings.process_cv:g}, seed {settings.seed}",
        *(f"{s.title()}: {names[s] or '-'}" for s in states),
        "",
    ]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    for state in states:
        r = results[state]
        lines += ["", f"{state.title()} state steps"]
        width = max(len("Step"), *(len(s.name) for s in r.stations))
        lines.append(
            f"  {'Step':<{width}}  {'Load':>6}  {'Utilisation':>11}  {'Queue':>9}  {'Wait':>12}"
        )
        for s in r.stations:
            flag = "  overloaded" if s.load >= 1 else ""
            lines.append(
                f"  {s.name:<{width}}  {s.load * 100:>5.0f}%  {s.utilisation * 100:>10.0f}%  "
                f"{format_number(s.mean_queue_units, 1):>9}  "
                f"{_wait(s.mean_wait_s):>12}{flag}"
            )
    return "\n".join(lines)


def _days(value: float) -> str:
    return f"{format_number(value, 2)} d"


def _wait(seconds: float) -> str:
    if seconds >= 3600:
        return f"{format_number(seconds / 3600, 1)} h"
    if seconds >= 60:
        return f"{format_number(seconds / 60, 1)} min"
    return f"{format_number(seconds, 1)} s"
