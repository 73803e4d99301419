"""Benchmark: the value-stream simulation (`obeya.core.simulation`) against SimPy, same run.

Two targets of issue 4, measured in the same process, best of `--repeat` runs (the machine may
be shared):

1. Jobs per second on a 10-station serial line with 100,000 jobs (one replication; Poisson
   arrivals, exponential service times at 50-90 % load): `run_line` against the SimPy model of
   bench/simpy_line.py fed THE SAME pre-drawn arrays; the exit times must agree (checked), the
   ratio must be at least 50.
2. `simulate` of a 10-station map (lognormal cycle times, exponential arrivals), 100
   replications of 10,000 jobs, drawing and measuring included: under 2 seconds.

    .venv/bin/python bench/bench_simulation.py [--jobs 100000] [--repeat 3]

Add `--blocking` to run target 1 with a finite buffer of 5 in front of every station but the
first (the unit-by-unit loop instead of the max-plus pass), `--machines 2` for two machines at
every station; the 50x target is for the plain serial line.

Measured on 2 shared cores (November 2026): 0.014 s against SimPy's 9.4 s for 100,000 jobs
(610x to 650x over two runs), and 0.72 s for 100 replications x 10,000 jobs; with
`--blocking --machines 2` and 20,000 jobs, 0.28 s against 3.4 s (12x).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from simpy_line import simpy_exit_times  # noqa: E402

from obeya.core.simulation import SimulationSettings, run_line, simulate  # noqa: E402
from obeya.core.vsm import parse_value_stream  # noqa: E402

STATIONS = 10
LOADS = np.linspace(0.5, 0.9, STATIONS)


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def line_vs_simpy(jobs: int, repeat: int, blocking: bool, machines: int) -> float:
    rng = np.random.default_rng(0)
    arrivals = np.cumsum(rng.exponential(1.0, (1, jobs)), axis=1)
    services = [rng.exponential(load * machines, (1, jobs)) for load in LOADS]
    caps = [None] + [5 if blocking else None] * (STATIONS - 1)
    options = {"machines": [machines] * STATIONS, "capacities": caps}
    ours_s, run = _best(lambda: run_line(arrivals, services, **options), repeat)
    theirs_s, exits = _best(
        lambda: simpy_exit_times(arrivals[0], [s[0] for s in services], **options),
        max(1, repeat // 3),
    )
    gap = float(np.max(np.abs(np.asarray(exits) - run.exit_s[0])))  # type: ignore[union-attr]
    assert gap < 1e-6, f"run_line and SimPy disagree by {gap} s"
    ratio = theirs_s / ours_s
    kind = f"{'finite buffers, ' if blocking else ''}{machines} machine(s) per station"
    print(f"{STATIONS}-station line, {jobs:,} jobs ({kind}); exit times agree within {gap:.1e} s")
    print(f"  obeya run_line  {ours_s:8.3f} s  {jobs / ours_s:14,.0f} jobs/s")
    print(f"  SimPy           {theirs_s:8.3f} s  {jobs / theirs_s:14,.0f} jobs/s")
    print(f"  ratio           {ratio:8.1f}x  (target: at least 50x)")
    return ratio


def replications(repeat: int) -> float:
    flow = [
        {"process": {"name": f"S{k}", "cycle_time_s": {"dist": "lognormal", "mean": 5 + k * 0.4,
                                                        "sd": 2}}}
        for k in range(STATIONS)
    ]  # fmt: skip
    vs = parse_value_stream(
        {
            "customer": {"name": "C", "demand": 2500, "period_days": 1},
            "work": {"shifts": 1, "available_s_per_shift": 25000},
            "arrivals": {"dist": "exponential", "mean": 10},
            "flow": flow,
        }
    )
    settings = SimulationSettings(jobs=10_000, replications=100)
    seconds, result = _best(lambda: simulate(vs, settings), repeat)
    print(f"simulate: {STATIONS} stations, 100 replications x 10,000 jobs")
    print(f"  {seconds:.3f} s (target: under 2 s); lead time {result.lead_time_s.mean:.1f} s")  # type: ignore[union-attr]
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--blocking", action="store_true")
    parser.add_argument("--machines", type=int, default=1)
    args = parser.parse_args(argv)
    ratio = line_vs_simpy(args.jobs, args.repeat, args.blocking, args.machines)
    seconds = replications(args.repeat)
    ok = seconds < 2 and (ratio >= 50 or args.blocking or args.machines > 1)
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
