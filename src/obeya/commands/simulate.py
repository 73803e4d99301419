"""`obeya simulate FILE [--replications N] [--seed S] [--jobs N] [--json] [--future FILE]`:
run a value stream (and its future state) as a line with variability and print what it would
measure: lead time, WIP, throughput and utilisation with their confidence intervals.

Loads only `obeya.core` (with NumPy), never Django. See docs/simulation.md for the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from obeya.core.simulation import (
    Estimate,
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
        description="Run a value stream map (YAML or JSON, see docs/vsm.md; its arrivals, "
        "cycle-time distributions, machines, breakdowns, buffer capacities and batches) as a "
        "line, several replications of --jobs units, and print the lead time, WIP, throughput "
        "and each step's utilisation with their 95 %% confidence intervals; with --future, the "
        "current and future state side by side (docs/simulation.md).",
    )
    p.add_argument("file", metavar="FILE", help="the (current-state) value stream file")
    p.add_argument("--future", metavar="FUTURE_FILE", help="a future-state file to compare")
    p.add_argument(
        "--jobs",
        type=int,
        default=defaults.jobs,
        help=f"units per replication (default {defaults.jobs:,}); the first tenth are the "
        "warm-up, not measured",
    )
    p.add_argument(
        "--warmup-jobs",
        type=int,
        default=None,
        help="units run but not measured at the start (default: a tenth of --jobs)",
    )
    p.add_argument(
        "--replications",
        type=int,
        default=defaults.replications,
        help=f"independent runs, at least 2 (default {defaults.replications})",
    )
    p.add_argument("--seed", type=int, default=defaults.seed, help="random seed (default 0)")
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
        jobs=args.jobs, replications=args.replications, warmup_jobs=args.warmup_jobs, seed=args.seed
    )
    results = {}
    for state, vs in maps.items():
        try:
            results[state] = simulate(vs, settings)  # type: ignore[arg-type]
        except SimulationError as exc:
            field, _sep, message = str(exc).partition(": ")
            if field in SimulationSettings.__dataclass_fields__:  # as the option is spelt
                field = "--" + field.replace("_", "-")
            where = f"{args.future}: " if state == "future" and not field.startswith("--") else ""
            print(f"{where}{field}: {message}", file=sys.stderr)
            return 2
    if args.json:
        data = {k: r.to_dict() for k, r in results.items()}
        print(json.dumps(data if args.future else data["current"], indent=2))
    else:
        names = {k: vs.name for k, vs in maps.items()}  # type: ignore[union-attr]
        print(report(results, names, settings))
    return 0


def report(
    results: dict[str, SimulationResult], names: dict[str, str], settings: SimulationSettings
) -> str:
    """The results as a plain-text table, one column per state; each figure with its 95 %
    confidence interval."""
    states = list(results)
    rows: list[tuple[str, ...]] = [
        ("", *(s.title() for s in states)),
        ("Lead time", *(_ci(results[s].lead_time_s, _duration) for s in states)),
        ("Lead time median", *(_duration(results[s].lead_time_p50_s) for s in states)),
        ("Lead time 90th pct", *(_duration(results[s].lead_time_p90_s) for s in states)),
        ("WIP (units)", *(_ci(results[s].wip, lambda v: format_number(v, 1)) for s in states)),
        (
            "Throughput /hour",
            *(_ci(results[s].throughput_per_hour, lambda v: format_number(v, 1)) for s in states),
        ),
        ("Bottleneck", *(results[s].bottleneck for s in states)),
        ("Stable", *("yes" if results[s].stable else "NO, overloaded" for s in states)),
        ("Little's law gap", *(f"{results[s].littles_law_gap * 100:.1f} %" for s in states)),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(states) + 1)]
    first = results[states[0]]
    lines = [
        f"Simulated {settings.replications} replications of {settings.jobs:,} jobs "
        f"({first.warmup_jobs:,} of warm-up), seed {settings.seed}; "
        "figures: mean [95 % confidence interval]",
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
            f"  {'Step':<{width}}  {'Load':>6}  {'Utilisation':>11}  {'Blocked':>7}  "
            f"{'Queue':>9}  {'Wait':>12}"
        )
        for s in r.stations:
            flag = "  overloaded" if s.load >= 1 else ""
            lines.append(
                f"  {s.name:<{width}}  {s.load * 100:>5.0f}%  "
                f"{s.utilisation.mean * 100:>10.0f}%  {s.blocked * 100:>6.0f}%  "
                f"{format_number(s.mean_queue_units, 1):>9}  "
                f"{_duration(s.mean_wait_s):>12}{flag}"
            )
    return "\n".join(lines)


def _ci(e: Estimate, fmt) -> str:
    if e.high - e.low <= abs(e.mean) * 1e-9:
        return fmt(e.mean)
    return f"{fmt(e.mean)} [{fmt(e.low)}, {fmt(e.high)}]"


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{format_number(seconds / 3600, 1)} h"
    if seconds >= 60:
        return f"{format_number(seconds / 60, 1)} min"
    return f"{format_number(seconds, 1)} s"
