"""A seeded synthetic event log of N events, as Parquet, for the flow benchmark.

An order-to-cash process of 12 activities with choices, a rework loop (a reminder sent again and
again, a check redone), and cancellations, so the log has what real ones have: a few dominant
variants and a long tail, rework in about a third of the cases, waits of hours to days and
processing times of minutes. Cases arrive as a Poisson process over about two years; events are
written in completion order, as a system exports them. Activities within a case do not overlap,
so ordering by start or by completion gives the same variants (PM4Py orders by completion).

    python bench/generate_log.py --events 1M --out /tmp/log-1M.parquet [--seed 7] [--no-start]
    python bench/generate_log.py --events 100M --out /tmp/log-100M.parquet   # in 10M chunks

The same seed and size always give the same file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ACTIVITIES = [
    "receive order",  # 0
    "check credit",  # 1
    "check stock",  # 2
    "confirm order",  # 3
    "pick goods",  # 4
    "pack goods",  # 5
    "ship goods",  # 6
    "send invoice",  # 7
    "send reminder",  # 8
    "receive payment",  # 9
    "close order",  # 10
    "cancel order",  # 11
]
END = len(ACTIVITIES)
# Next-activity probabilities (rows: current activity; last column: the case ends).
_NEXT = {
    0: {1: 0.7, 2: 0.3},
    1: {2: 0.85, 1: 0.05, 11: 0.10},  # credit checked again: rework
    2: {3: 0.9, 11: 0.1},
    3: {4: 0.8, 7: 0.2},
    4: {5: 0.95, 4: 0.05},
    5: {6: 1.0},
    6: {7: 0.7, 9: 0.3},
    7: {9: 0.6, 8: 0.4},
    8: {8: 0.35, 9: 0.55, 11: 0.10},  # reminders loop
    9: {10: 0.9, 4: 0.1},  # paid in advance: pick after payment
    10: {END: 1.0},
    11: {END: 1.0},
}
# Median wait before and median processing time of each activity, in seconds.
_WAIT_S = np.array([0, 4, 10, 2, 20, 3, 6, 30, 7 * 24, 5 * 24, 12, 24], dtype=float) * 3600
_WORK_S = np.array([5, 15, 8, 3, 25, 12, 10, 4, 2, 3, 2, 5], dtype=float) * 60


def _transition_matrix() -> np.ndarray:
    m = np.zeros((END, END + 1))
    for a, nxt in _NEXT.items():
        for b, p in nxt.items():
            m[a, b] = p
    return np.cumsum(m, axis=1)


def parse_size(text: str) -> int:
    text = text.strip().upper().replace("_", "")
    factor = {"K": 1_000, "M": 1_000_000, "G": 1_000_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


CHUNK_EVENTS = 10_000_000
"""Logs larger than this are written in chunks, so generating 100M events fits in memory."""


def generate(
    events: int, seed: int = 7, start_times: bool = True, case_prefix: str = "case-"
) -> pa.Table:
    """Exactly `events` events (the last case may be cut short), sorted by completion."""
    rng = np.random.default_rng(seed)
    cumulative = _transition_matrix()
    cases = int(events / 6) + 10  # more than enough: cases average about 8 events
    span_s = 2 * 365 * 86_400
    arrivals = np.cumsum(rng.exponential(span_s * 6 / events, cases))
    t0 = np.datetime64("2023-01-02T00:00:00", "s").astype(np.int64)
    case_col, act_col, start_col, end_col = [], [], [], []
    current = np.zeros(cases, dtype=np.int64)  # every case starts with "receive order"
    clock = arrivals.copy()
    alive = np.arange(cases)
    while len(alive):  # every case runs to its end; the first ones are kept below
        act = current[alive]
        wait = rng.lognormal(np.log(np.maximum(_WAIT_S[act], 1)), 0.9)
        wait[_WAIT_S[act] == 0] = 0
        work = rng.lognormal(np.log(_WORK_S[act]), 0.6)
        start = clock[alive] + wait
        end = start + work
        clock[alive] = end
        case_col.append(alive)
        act_col.append(act)
        start_col.append(start)
        end_col.append(end)
        draw = rng.random(len(alive))
        nxt = (draw[:, None] > cumulative[act]).sum(axis=1)
        current[alive] = nxt
        alive = alive[nxt != END]
    case = np.concatenate(case_col)
    order = np.lexsort((np.concatenate(end_col), case))  # by case, then time
    case = case[order]
    # Keep whole cases in case-number order, cutting the last one to reach `events` exactly.
    if len(case) < events:
        raise ValueError("not enough cases generated; raise the number of cases")
    case, idx = case[:events], order[:events]
    activity = np.concatenate(act_col)[idx]
    start_s = np.concatenate(start_col)[idx]
    end_s = np.concatenate(end_col)[idx]
    export = np.argsort(end_s, kind="stable")  # a system exports in completion order
    to_us = lambda s: (t0 + s) * 1_000_000  # noqa: E731
    names = np.array(ACTIVITIES, dtype=object)
    resources = np.array([f"R{i:03d}" for i in range(150)], dtype=object)
    resource = resources[(activity * 13 + rng.integers(0, 12, len(activity))) % 150]
    labels = np.char.add(case_prefix, np.char.zfill(np.arange(case.max() + 1).astype(str), 8))
    columns = {
        "case_id": pa.array(labels, pa.string()).take(pa.array(case[export])),
        "activity": pa.array(names[activity][export], pa.string()),
        "end_time": pa.array(
            np.round(to_us(end_s[export]), -3).astype(np.int64), pa.timestamp("us", "UTC")
        ),
        "resource": pa.array(resource[export], pa.string()),
    }
    if start_times:
        columns["start_time"] = pa.array(
            np.round(to_us(start_s[export]), -3).astype(np.int64), pa.timestamp("us", "UTC")
        )
    return pa.table(columns)


def write_log(path: Path, events: int, seed: int = 7, start_times: bool = True) -> None:
    """Write a log of `events` events to `path` (Parquet), by chunks of `CHUNK_EVENTS`.

    Up to `CHUNK_EVENTS` the file is `generate(events, seed)`, unchanged. Beyond, chunk i is
    `generate(CHUNK_EVENTS, seed + i)` with its own case ids ("case-i-..."): sites running the
    same process over the same two years, one after the other in the file.
    """
    if events <= CHUNK_EVENTS:
        pq.write_table(generate(events, seed, start_times), path, row_group_size=1 << 20)
        return
    writer = None
    try:
        for i, first in enumerate(range(0, events, CHUNK_EVENTS)):
            size = min(CHUNK_EVENTS, events - first)
            chunk = generate(size, seed + i, start_times, case_prefix=f"case-{i:03d}-")
            if writer is None:
                writer = pq.ParquetWriter(path, chunk.schema)
            writer.write_table(chunk, row_group_size=1 << 20)
    finally:
        if writer is not None:
            writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1M", help="number of events: 1M, 4M, 10M, 250k...")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-start", action="store_true", help="completion timestamps only")
    parser.add_argument("--out", type=Path, help="Parquet file (default <tmp>/log-<N>.parquet)")
    args = parser.parse_args()
    events = parse_size(args.events)
    out = args.out or Path(tempfile.gettempdir()) / f"log-{args.events}.parquet"
    started = time.perf_counter()
    write_log(out, events, seed=args.seed, start_times=not args.no_start)
    meta = pq.ParquetFile(out).metadata
    print(f"{meta.num_rows:,} events written to {out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
