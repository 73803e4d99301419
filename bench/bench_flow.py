"""Flow analysis of an event log: Obeya (DuckDB through Ibis) against PM4Py, on the same file.

For each size, a seeded log (bench/generate_log.py, Parquet, with start times) is analysed by
each tool in its own fresh process, so that peak memory (getrusage's max RSS) belongs to one tool:

- Obeya: read the Parquet file and compute every metric of `obeya.core.flow.analyse` (process map
  with waiting times, processing times, lead times, variants, rework, WIP, throughput, Little's
  law, queues, value stream);
- PM4Py: read the same file with pandas, `format_dataframe`, and compute the metrics both have:
  the performance DFG (counts, mean and median waits), case durations (on the lifecycle form, so
  from first start as Obeya measures), variants and rework per activity.

Each tool runs `--repeat` times in its process and its best time counts, which keeps the
ratio steady on a busy machine; `--rounds N` starts each tool's process N times, alternating the
tools, and compares the median times, for a machine whose load comes and goes. Times exclude
importing the libraries and, for Obeya, a warm-up on a three-event log that loads the modules
Ibis imports lazily (both reported apart). The figures both compute are compared (counts
exactly, times within 1e-9 relative) and the bench fails if they differ.

    .venv/bin/python bench/bench_flow.py                    # 1M events, both tools
    .venv/bin/python bench/bench_flow.py --events 1M 4M     # the 10x targets
    .venv/bin/python bench/bench_flow.py --events 1M --rounds 5   # medians on a busy machine
    .venv/bin/python bench/bench_flow.py --events 10M --no-pm4py   # 30 s and 3 GB targets
    .venv/bin/python bench/bench_flow.py --events 100M --no-pm4py --repeat 1   # out of core

Targets: at least 10x faster than PM4Py at 1M and 4M events; 10M events under 30 s with a
peak RSS under 3 GB; 100M events within DuckDB's memory limit (2 GB by default: bigger sorts and
aggregations spill to disk, and from 10M events `analyse` finds medians and p90 by counting
instead of with the quantile aggregate, which cannot spill; a 100M run takes 4 to 5 minutes
and writes about 18 GB of spill files).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate_log import parse_size, write_log  # noqa: E402

OBEYA = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import datetime as dt
import ibis
import pyarrow as pa
from obeya.core.eventlog import connect, read_log
from obeya.core.flow import analyse
# Warm up on three events: Ibis and DuckDB load their modules at first use, a one-off cost that
# a long-running process pays once (as PM4Py's imports are, both excluded from the timing).
stamp = pa.array([dt.datetime(2024, 1, 1, tzinfo=dt.UTC)] * 3, pa.timestamp("us", "UTC"))
analyse(ibis.memtable(pa.table({"case_id": ["a", "a", "b"], "activity": ["x", "y", "x"],
                                "start_time": stamp, "end_time": stamp, "row": [0, 1, 2]})))
imported = time.perf_counter() - t0
path, out, memory, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = []
for _ in range(repeat):
    t0 = time.perf_counter()
    log = read_log(path, con=connect(memory_limit=memory, temp_directory="/tmp/obeya-duckdb"))
    result = analyse(log)
    runs.append(time.perf_counter() - t0)
seconds = min(runs)
lead = result.lead_times
json.dump({
    "seconds": seconds, "import_s": imported,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cases": result.cases, "events": result.events,
    "edges": [[e.source, e.target, e.count, e.mean_s, e.median_s] for e in result.edges],
    "durations": [lead.mean_s, lead.median_s, lead.p90_s, lead.min_s, lead.max_s],
    "variants": [[list(v.activities), v.count] for v in result.variants],
    "rework": {r.activity: r.cases for r in result.rework},
    "littles_gap": result.littles_law.relative_gap,
}, open(out, "w"))
"""

PM4PY = r"""
import json, resource, sys, time, warnings
warnings.filterwarnings("ignore")
t0 = time.perf_counter()
import numpy as np
import pandas as pd
import pm4py
from pm4py.algo.discovery.dfg.adapters.pandas.df_statistics import get_dfg_graph
imported = time.perf_counter() - t0
path, out, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
C, A, T, S = "case:concept:name", "concept:name", "time:timestamp", "start_timestamp"
runs = []
for _ in range(repeat):
    t0 = time.perf_counter()
    df = pd.read_parquet(path).rename(
        columns={"case_id": C, "activity": A, "end_time": T, "start_time": S})
    log = pm4py.format_dataframe(df, case_id=C, activity_key=A, timestamp_key=T,
                                 start_timestamp_key=S)
    frequency, performance = get_dfg_graph(log.copy(), measure="both", activity_key=A,
                                           case_id_glue=C, timestamp_key=T,
                                           start_timestamp_key=S, perf_aggregation_key="all")
    lifecycle = pd.concat([log.assign(**{T: log[S]}), log]).drop(columns=[S])
    lifecycle = lifecycle.sort_values([C, T], kind="stable")
    lifecycle.attrs = {}
    durations = pm4py.get_all_case_durations(lifecycle, case_id_key=C, timestamp_key=T)
    variants = pm4py.get_variants(log, activity_key=A, case_id_key=C, timestamp_key=T)
    rework = pm4py.get_rework_cases_per_activity(log, activity_key=A, case_id_key=C)
    runs.append(time.perf_counter() - t0)
seconds = min(runs)
d = np.asarray(durations, dtype=float)
median, p90 = np.percentile(d, [50, 90])
json.dump({
    "seconds": seconds, "import_s": imported,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cases": int(log[C].nunique()), "events": len(log),
    "edges": [[a, b, int(n), float(performance[(a, b)]["mean"]),
               float(performance[(a, b)]["median"])] for (a, b), n in frequency.items()],
    "durations": [float(d.mean()), float(median), float(p90), float(d.min()), float(d.max())],
    "variants": [[list(v), int(c)] for v, c in variants.items()],
    "rework": {k: int(v) for k, v in rework.items()},
}, open(out, "w"))
"""


def run(code: str, *args: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", code, *args[:1], out.name, *args[1:]],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(done.stderr)
        return json.loads(Path(out.name).read_text())


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


def compare(ours: dict, theirs: dict) -> list[str]:
    """Differences between the figures both tools compute (empty when identical)."""
    problems = []
    if (ours["cases"], ours["events"]) != (theirs["cases"], theirs["events"]):
        problems.append(
            f"cases/events {ours['cases'], ours['events']} vs {theirs['cases'], theirs['events']}"
        )
    mine = {(s, t): (n, m, md) for s, t, n, m, md in ours["edges"]}
    other = {(s, t): (n, m, md) for s, t, n, m, md in theirs["edges"]}
    if mine.keys() != other.keys():
        problems.append(f"paths differ: {sorted(mine.keys() ^ other.keys())[:5]}")
    for key in mine.keys() & other.keys():
        (n1, m1, d1), (n2, m2, d2) = mine[key], other[key]
        if n1 != n2 or not close(m1, m2) or not close(d1, d2):
            problems.append(f"path {key}: {mine[key]} vs {other[key]}")
    if not all(close(a, b) for a, b in zip(ours["durations"], theirs["durations"], strict=True)):
        problems.append(f"case durations {ours['durations']} vs {theirs['durations']}")
    if {tuple(a): c for a, c in ours["variants"]} != {tuple(a): c for a, c in theirs["variants"]}:
        problems.append("variants differ")
    if ours["rework"] != theirs["rework"]:
        problems.append(f"rework {ours['rework']} vs {theirs['rework']}")
    return problems


def median_run(runs: list[dict]) -> dict:
    """The run of median time (the lower middle one when there are two)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def rounds(runs: list[dict]) -> str:
    if len(runs) < 2:
        return ""
    return "\n         median of " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", nargs="+", default=["1M"], help="sizes: 1M 4M 10M ...")
    parser.add_argument("--no-pm4py", action="store_true", help="time Obeya alone")
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB memory limit")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="where the generated logs are kept between runs",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per tool in its process; the best time counts (default 3)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="start each tool's process this many times, alternating the tools, and compare "
        "the medians (default 1): on a machine shared with other jobs, load comes and goes",
    )
    args = parser.parse_args()
    failed = False
    for size in args.events:
        events = parse_size(size)
        path = args.data / f"obeya-bench-{events}-{args.seed}.parquet"
        if not path.exists():
            write_log(path, events, seed=args.seed)
        mine, others = [], []
        for _ in range(max(args.rounds, 1)):
            mine.append(run(OBEYA, str(path), args.memory_limit, str(args.repeat)))
            if not args.no_pm4py:
                others.append(run(PM4PY, str(path), str(args.repeat)))
        ours = median_run(mine)
        print(f"{events:>12,} events, {ours['cases']:,} cases, {len(ours['variants']):,} variants")
        print(
            f"  Obeya  {ours['seconds']:8.2f} s   peak RSS {ours['peak_rss_mb']:7,.0f} MB   "
            f"(imports and warm-up {ours['import_s']:.1f} s; Little's law gap "
            f"{ours['littles_gap']:.1e}){rounds(mine)}"
        )
        if args.no_pm4py:
            continue
        theirs = median_run(others)
        print(
            f"  PM4Py  {theirs['seconds']:8.2f} s   peak RSS {theirs['peak_rss_mb']:7,.0f} MB   "
            f"(imports {theirs['import_s']:.1f} s){rounds(others)}"
        )
        print(f"  Obeya is {theirs['seconds'] / ours['seconds']:.1f}x faster")
        problems = next((found for r in mine if (found := compare(r, theirs))), [])
        if problems:
            failed = True
            print("  FIGURES DIFFER:")
            for p in problems[:10]:
                print(f"    {p}")
        else:
            print(
                "  Same figures: paths, waits (mean, median), case durations (mean, median, "
                "p90, min, max), variants, rework."
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
