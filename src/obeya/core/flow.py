"""Flow analysis of an event log: where the time goes between the steps of a process.

From the events a system records (case, activity, when it started, when it was completed) this
module measures what a facilitator would otherwise time on the floor: the process map with the
waiting time on each path, the processing time of each step, the lead time of the cases, the
variants and the rework, the work in progress and the throughput (checked against Little's law),
the queues ranked by waiting time, and a first value-stream map to discuss with the team.

The heavy work is written as Ibis expressions over the flow table of `obeya.core.eventlog`, so it
runs on DuckDB here and unchanged on any Ibis backend that has window functions (PySpark for a
log too big for one machine); only per-case and per-activity aggregates come back to Python,
where NumPy finishes the sums. A log that fits in memory takes a faster road to the same
figures: its events come back once and NumPy computes everything on one sort of them (the
"arrays" engine, `_gather_arrays`). Definitions (docs/flow.md says where PM4Py differs):

- events of a case are ordered by start time (completion time when there is none), then
  completion time, then their position in the file;
- the time on a path A -> B runs from A's completion to B's start (B's completion when the log has
  no start times), clipped at zero when B started before A ended: overlap is not waiting;
- a case's lead time runs from its first start (or completion) to its last completion;
- p90 and medians interpolate linearly between order statistics (NumPy's default, DuckDB's
  `quantile_cont`); from `COUNTED_QUANTILES_FROM_EVENTS` events they are found by counting, so
  that a log larger than memory never needs a whole group's values at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from obeya.core.eventlog import ACTIVITY, CASE, END, ROW, START, EventLog, epoch_us

US_PER_S = 1_000_000
S_PER_DAY = 86_400
_UTC_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

COUNTED_QUANTILES_FROM_EVENTS = 10_000_000
"""From this many events, medians and p90 are found by counting (`_counted_quantiles`) instead of
the backend's quantile aggregate. DuckDB's `quantile_cont` is holistic: it holds every value of a
group in memory and cannot spill, so the 100M-event log runs out of a 2 GB limit with it; counting
only uses grouped counts, which spill, and costs a few more scans: slower below this size."""


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Durations:
    """Summary of a sample of durations, in seconds (None when the sample is empty)."""

    count: int
    mean_s: float | None
    median_s: float | None
    p90_s: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "mean": self.mean_s,
            "median": self.median_s,
            "p90": self.p90_s,
        }


@dataclass(frozen=True)
class Edge:
    """A path of the process map: `count` times `target` directly followed `source` in a case,
    with the time between them (source's completion to target's start)."""

    source: str
    target: str
    count: int
    mean_s: float
    median_s: float
    p90_s: float


@dataclass(frozen=True)
class ActivityStats:
    """One step: how often it ran, in how many cases, how long it took when start times are
    known, and where it sits in the cases (median position of its first run, from 1)."""

    name: str
    count: int
    cases: int
    processing: Durations
    position_median: float
    position_mean: float


@dataclass(frozen=True)
class LeadTimes:
    """Case lead times (first start to last completion), seconds, with a histogram."""

    count: int
    mean_s: float | None
    median_s: float | None
    p90_s: float | None
    min_s: float | None
    max_s: float | None
    histogram_edges_s: tuple[float, ...]
    histogram_counts: tuple[int, ...]


@dataclass(frozen=True)
class Variant:
    """One sequence of activities and how many cases followed it."""

    activities: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Rework:
    """An activity repeated within cases: in how many cases, and how many extra runs."""

    activity: str
    cases: int
    repeats: int


@dataclass(frozen=True)
class Waiting:
    """The wait before an activity (previous step's completion to its start).

    `queue_cases` is the average number of cases waiting there over the window, by Little's
    law: arrival rate x mean wait = total waiting time / window length.
    """

    activity: str
    count: int
    total_s: float
    mean_s: float
    median_s: float
    p90_s: float
    queue_cases: float | None


@dataclass(frozen=True)
class PeriodValue:
    """A value over one calendar period (a day or an ISO week starting Monday)."""

    start: dt.date
    value: float


@dataclass(frozen=True)
class LittlesLaw:
    """Little's law over the window: mean WIP against throughput x mean lead time.

    Over a window every case starts and ends inside (the whole log, by default), the two sides
    are equal by construction up to rounding; a gap appears on a window that cuts cases, and a
    large one says the process was not stable over that window (WIP growing or draining).
    """

    window_start: dt.datetime
    window_end: dt.datetime
    wip_mean: float | None
    throughput_per_day: float | None
    lead_time_mean_days: float | None
    throughput_x_lead_time: float | None
    relative_gap: float | None


@dataclass(frozen=True)
class FlowAnalysis:
    cases: int
    events: int
    has_start_times: bool
    activities: tuple[ActivityStats, ...]
    edges: tuple[Edge, ...]
    start_activities: tuple[tuple[str, int], ...]
    end_activities: tuple[tuple[str, int], ...]
    lead_times: LeadTimes
    variants: tuple[Variant, ...]
    rework_rate: float
    rework: tuple[Rework, ...]
    waiting: tuple[Waiting, ...]
    wip_mean: float | None
    wip_max: int
    wip_days: tuple[PeriodValue, ...]
    throughput_days: tuple[PeriodValue, ...]
    throughput_weeks: tuple[PeriodValue, ...]
    littles_law: LittlesLaw
    value_stream: dict[str, Any]
    value_stream_notes: tuple[str, ...] = ()
    timezone: str = "UTC"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; its keys are a stable interface (docs/flow.md)."""
        lead = self.lead_times
        law = self.littles_law
        return _clean(
            {
                "cases": self.cases,
                "events": self.events,
                "has_start_times": self.has_start_times,
                "timezone": self.timezone,
                "activities": [
                    {
                        "name": a.name,
                        "count": a.count,
                        "cases": a.cases,
                        "position_median": a.position_median,
                    }
                    for a in self.activities
                ],
                "start_activities": [{"name": n, "count": c} for n, c in self.start_activities],
                "end_activities": [{"name": n, "count": c} for n, c in self.end_activities],
                "edges": [
                    {
                        "source": e.source,
                        "target": e.target,
                        "count": e.count,
                        "mean_s": e.mean_s,
                        "median_s": e.median_s,
                        "p90_s": e.p90_s,
                    }
                    for e in self.edges
                ],
                "processing_time_s": {
                    a.name: a.processing.to_dict() for a in self.activities if a.processing.count
                },
                "case_duration_s": {
                    "count": lead.count,
                    "mean": lead.mean_s,
                    "median": lead.median_s,
                    "p90": lead.p90_s,
                    "min": lead.min_s,
                    "max": lead.max_s,
                    "histogram": {
                        "edges": list(lead.histogram_edges_s),
                        "counts": list(lead.histogram_counts),
                    },
                },
                "variants": [
                    {"activities": list(v.activities), "count": v.count} for v in self.variants
                ],
                "rework_rate": self.rework_rate,
                "rework": [
                    {"activity": r.activity, "cases": r.cases, "repeats": r.repeats}
                    for r in self.rework
                ],
                "waiting_by_activity": [
                    {
                        "activity": w.activity,
                        "count": w.count,
                        "total_s": w.total_s,
                        "mean_s": w.mean_s,
                        "median_s": w.median_s,
                        "p90_s": w.p90_s,
                        "queue_cases": w.queue_cases,
                    }
                    for w in self.waiting
                ],
                "wip": {
                    "mean": self.wip_mean,
                    "max": self.wip_max,
                    "days": [{"date": p.start.isoformat(), "mean": p.value} for p in self.wip_days],
                },
                "throughput": {
                    "per_day": law.throughput_per_day,
                    "per_week": None
                    if law.throughput_per_day is None
                    else law.throughput_per_day * 7,
                    "days": [
                        {"date": p.start.isoformat(), "cases": int(p.value)}
                        for p in self.throughput_days
                    ],
                    "weeks": [
                        {"week_start": p.start.isoformat(), "cases": int(p.value)}
                        for p in self.throughput_weeks
                    ],
                },
                "littles_law": {
                    "window_start": law.window_start.isoformat(),
                    "window_end": law.window_end.isoformat(),
                    "wip_mean": law.wip_mean,
                    "throughput_per_day": law.throughput_per_day,
                    "lead_time_mean_days": law.lead_time_mean_days,
                    "throughput_x_lead_time": law.throughput_x_lead_time,
                    "relative_gap": law.relative_gap,
                },
                "value_stream": self.value_stream,
                "value_stream_notes": list(self.value_stream_notes),
            }
        )


def _clean(value: Any) -> Any:
    """JSON-safe: NumPy scalars to Python numbers, NaN and infinities to None."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        return value if math.isfinite(value) else None
    return value


# --- the analysis ---------------------------------------------------------------------------


def analyse(
    source: EventLog | ibis.Table,
    *,
    window: tuple[dt.datetime, dt.datetime] | None = None,
    tz: str | None = None,
    name: str | None = None,
    min_case_share: float = 0.0,
    histogram_bins: int | None = None,
    counted_quantiles_from: int = COUNTED_QUANTILES_FROM_EVENTS,
    engine: str = "auto",
) -> FlowAnalysis:
    """Every flow metric of a log, from one ordered copy of its events.

    `source` is an `EventLog` or any Ibis table with the flow-table columns (`case_id`,
    `activity`, `end_time`, and optionally `start_time` and `row`), on any backend. `window`
    bounds the WIP, throughput and Little's law figures (default: first event to last);
    `tz` sets where calendar days begin for the daily and weekly series (default: the log's).
    The value stream keeps the activities found in at least `min_case_share` of the cases.

    Two engines give the same figures (docs/flow.md, "Two engines"):

    - "arrays": one query brings the events back as columns and NumPy does the rest, on one
      sort of the events by case. A log that fits in memory is analysed several times faster
      this way than by grouping it in the backend three times;
    - "ibis": four queries on the backend (the ordered copy, the paths, the steps, the cases)
      and only one row per path, per activity, per case and per variant comes back. From
      `counted_quantiles_from` events on, the medians and p90 are found by counting rather than
      by the backend's quantile aggregate, which holds whole groups in memory (same figures,
      see `_counted_quantiles`): that is what lets 100 million events run within a memory
      limit, and what runs unchanged on PySpark.

    `engine="auto"` takes "arrays" on DuckDB below `counted_quantiles_from` events, "ibis"
    otherwise (a log that may not fit in memory, or another backend).
    """
    if engine not in ("auto", "arrays", "ibis"):
        raise ValueError(f"unknown engine {engine!r}: expected 'auto', 'arrays' or 'ibis'")
    names: list[str] = []
    events: int | None = None
    in_memory: pa.Table | None = None
    if isinstance(source, EventLog):
        events = source.events
        table = source.table
        tz = tz or source.tz
        name = name or Path(source.source).stem
        names = list(source.activities)  # found while validating, saving a scan
        in_memory = source.in_memory
    else:
        table = source
    tz = tz or "UTC"
    name = name or "event log"
    backend = _backend_name(table)
    if engine == "auto":
        if in_memory is None and backend != "duckdb":
            engine = "ibis"
        else:
            if events is None:
                events = int(table.count().to_pyarrow().as_py())
            engine = "arrays" if events < counted_quantiles_from else "ibis"
    gathered = None
    if engine == "arrays":
        if in_memory is not None:
            data = _event_columns(in_memory)
        else:
            data = _query_event_columns(table, backend)
        gathered = _gather_arrays(data, names)
    if gathered is None:
        if not names:
            distinct = table.select(activity=table[ACTIVITY]).distinct().order_by("activity")
            names = distinct.to_pyarrow().column("activity").to_pylist()
        ordered = _ordered(table, names, backend).cache()
        try:
            if events is None:
                events = int(ordered.count().to_pyarrow().as_py())
            counted = events >= counted_quantiles_from
            gathered = _gather_ibis(ordered, names, counted)
        finally:
            _release(ordered)
    return _assemble(gathered, window, tz, name, min_case_share, histogram_bins)


def _backend_name(table: ibis.Table) -> str:
    try:
        return table.get_backend().name
    except Exception:  # an unbound memtable runs on the default backend
        return ibis.get_backend().name


def _release(cached: ibis.Table) -> None:
    """Drop the cached copy. Ibis 12 with sqlglot 30 writes DROP statements without the
    table's name; on DuckDB the table is then dropped by hand."""
    try:
        cached.release()
    except Exception:
        backend = cached.get_backend()
        if backend.name != "duckdb":
            raise
        backend.raw_sql(f'DROP TABLE IF EXISTS "{cached.op().name}"')


def _ordered(t: ibis.Table, names: list[str], backend: str) -> ibis.Table:
    """One row per event: its place in the case, its times in microseconds, and the wait since
    the previous event of the case completed (null for the first event).

    Activities become small integer codes (their index in `names`) before the sort, so the
    copy, the grouping by path and the variants handle integers, not text.
    """
    codes = ibis.memtable(
        pa.table(
            {
                "_name": pa.array(names, pa.string()),
                "_code": pa.array(range(len(names)), pa.int32()),
            }
        )
    )
    t = t.inner_join(codes, t[ACTIVITY] == codes._name)
    has_start = START in t.columns
    begin = t[START].fill_null(t[END]) if has_start else t[END]
    order = [begin, t[END], t[ROW] if ROW in t.columns else t._code]
    w = ibis.window(group_by=t[CASE], order_by=order)
    begin_us = epoch_us(begin, backend)
    end_us = epoch_us(t[END], backend)
    return t.select(
        case_id=t[CASE],
        activity=t._code,
        begin_us=begin_us,
        end_us=end_us,
        timed=t[START].notnull() if has_start else ibis.literal(False),
        pos=ibis.row_number().over(w),
        prev_activity=t._code.lag().over(w),
        wait_us=ibis.greatest(begin_us - end_us.lag().over(w), 0),
    )


def _rows(expr: ibis.Table) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()


def _seconds(value: float | None) -> float | None:
    return None if value is None else value / US_PER_S


@dataclass(frozen=True)
class _Gathered:
    """What either engine brings back: one row per path and per activity (codes into `names`,
    times in microseconds, quantiles as (median, p90)), the variants with what they tell per
    activity, and each case's first begin and last end (microseconds)."""

    names: list[str]
    paths: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    variants: tuple[Variant, ...]
    per_activity: dict[str, dict[str, Any]]
    begins: np.ndarray
    ends: np.ndarray


def _gather_ibis(o: ibis.Table, names: list[str], counted: bool) -> _Gathered:
    """The figures of the ordered copy `o`, grouped by the backend (the "ibis" engine)."""
    wait = o.wait_us.cast("float64")
    follows = o.filter(o.prev_activity.notnull())
    follows_wait = follows.wait_us.cast("float64")
    by_path = {"count": follows.count(), "mean": follows_wait.mean()}
    if not counted:
        by_path["q"] = follows_wait.quantile(list(_QUANTILES))  # one sort for median and p90
    path_rows = _rows(
        follows.group_by(source=follows.prev_activity, target=follows.activity).aggregate(**by_path)
    )
    if counted:
        paths = follows.select(
            source=follows.prev_activity, target=follows.activity, value=follows.wait_us
        )
        path_q = _counted_quantiles(paths, ["source", "target"])
        for r in path_rows:
            r["q"] = path_q[r["source"], r["target"]]
    # One pass per activity: runs, the wait before it, its processing time.
    proc_us = o.end_us - o.begin_us
    proc = proc_us.cast("float64")
    has_wait = o.prev_activity.notnull()
    by_step = {
        "count": o.count(),
        "waits": has_wait.cast("int64").sum(),
        "wait_total": wait.sum(where=has_wait),
        "wait_mean": wait.mean(where=has_wait),
    }
    if not counted:
        by_step["wait_q"] = wait.quantile(list(_QUANTILES), where=has_wait)
    by_step["timed"] = o.timed.cast("int64").sum()
    by_step["proc_mean"] = proc.mean(where=o.timed)
    if not counted:
        by_step["proc_q"] = proc.quantile(list(_QUANTILES), where=o.timed)
    steps = _rows(o.group_by(activity=o.activity).aggregate(**by_step))
    if counted:
        waits = o.filter(has_wait).select("activity", value=o.wait_us)
        timed = o.filter(o.timed).select("activity", value=proc_us)
        wait_q = _counted_quantiles(waits, ["activity"])
        proc_q = _counted_quantiles(timed, ["activity"])
        for step in steps:
            step["wait_q"] = wait_q.get((step["activity"],))
            step["proc_q"] = proc_q.get((step["activity"],))

    # Cases: their variants, and their first begin and last end (lead times, WIP, throughput).
    variants, per_activity, begins, ends = _variants(o, names)
    return _Gathered(names, path_rows, steps, variants, per_activity, begins, ends)


def _assemble(
    g: _Gathered,
    window: tuple[dt.datetime, dt.datetime] | None,
    tz: str,
    name: str,
    min_case_share: float,
    histogram_bins: int | None,
) -> FlowAnalysis:
    """The analysis from what an engine gathered: the same code for both engines."""
    names, path_rows, steps = g.names, g.paths, g.steps
    variants, per_activity, begins, ends = g.variants, g.per_activity, g.begins, g.ends
    edges = sorted(
        (
            Edge(
                names[r["source"]],
                names[r["target"]],
                r["count"],
                r["mean"] / US_PER_S,
                r["q"][0] / US_PER_S,
                r["q"][1] / US_PER_S,
            )
            for r in path_rows
        ),
        key=lambda e: (-e.count, e.source, e.target),
    )

    for step in steps:
        step["activity"] = names[step["activity"]]
        step["wait_median"], step["wait_p90"] = step["wait_q"] or (None, None)
        step["proc_median"], step["proc_p90"] = step["proc_q"] or (None, None)
    n_cases = len(begins)
    rework_cases = sum(v.count for v in variants if len(set(v.activities)) < len(v.activities))
    activities = tuple(
        sorted(
            (
                ActivityStats(
                    name=s["activity"],
                    count=s["count"],
                    cases=per_activity[s["activity"]]["cases"],
                    processing=Durations(
                        s["timed"],
                        _seconds(s["proc_mean"]),
                        _seconds(s["proc_median"]),
                        _seconds(s["proc_p90"]),
                    ),
                    position_median=per_activity[s["activity"]]["position_median"],
                    position_mean=per_activity[s["activity"]]["position_mean"],
                )
                for s in steps
            ),
            key=lambda a: (-a.count, a.name),
        )
    )
    rework = tuple(
        sorted(
            (
                Rework(a, p["rework_cases"], p["repeats"])
                for a, p in per_activity.items()
                if p["rework_cases"]
            ),
            key=lambda r: (-r.cases, -r.repeats, r.activity),
        )
    )
    starts: Counter[str] = Counter()
    finishes: Counter[str] = Counter()
    for v in variants:
        starts[v.activities[0]] += v.count
        finishes[v.activities[-1]] += v.count

    lead = _lead_times((ends - begins) / US_PER_S, histogram_bins)
    flow = _wip_and_throughput(begins, ends, window, tz)
    window_s = flow["window_s"]
    waiting = tuple(
        sorted(
            (
                Waiting(
                    activity=s["activity"],
                    count=s["waits"],
                    total_s=s["wait_total"] / US_PER_S,
                    mean_s=s["wait_mean"] / US_PER_S,
                    median_s=s["wait_median"] / US_PER_S,
                    p90_s=s["wait_p90"] / US_PER_S,
                    queue_cases=(s["wait_total"] / US_PER_S / window_s) if window_s else None,
                )
                for s in steps
                if s["waits"]
            ),
            key=lambda w: (-w.total_s, -w.mean_s, w.activity),
        )
    )
    analysis = FlowAnalysis(
        cases=n_cases,
        events=sum(s["count"] for s in steps),
        has_start_times=any(a.processing.count for a in activities),
        activities=activities,
        edges=tuple(edges),
        start_activities=tuple(sorted(starts.items(), key=lambda kv: (-kv[1], kv[0]))),
        end_activities=tuple(sorted(finishes.items(), key=lambda kv: (-kv[1], kv[0]))),
        lead_times=lead,
        variants=variants,
        rework_rate=rework_cases / n_cases if n_cases else 0.0,
        rework=rework,
        waiting=waiting,
        wip_mean=flow["law"].wip_mean,
        wip_max=flow["wip_max"],
        wip_days=flow["wip_days"],
        throughput_days=flow["days"],
        throughput_weeks=flow["weeks"],
        littles_law=flow["law"],
        value_stream={},
        timezone=tz,
    )
    vsm, notes = propose_value_stream(analysis, name=name, min_case_share=min_case_share)
    return replace(analysis, value_stream=vsm, value_stream_notes=notes)


# --- the arrays engine ----------------------------------------------------------------------


def _query_event_columns(t: ibis.Table, backend: str) -> pa.Table:
    """The columns the "arrays" engine reads, from any flow table, in one query."""
    has_start = START in t.columns
    begin = t[START].fill_null(t[END]) if has_start else t[END]
    columns: dict[str, Any] = {
        "case_id": t[CASE],
        "activity": t[ACTIVITY],
        "begin_us": epoch_us(begin, backend),
        "end_us": epoch_us(t[END], backend),
    }
    if has_start:
        columns["timed"] = t[START].notnull()
    if ROW in t.columns:
        columns["row"] = t[ROW]
    return t.select(**columns).to_pyarrow()


def _event_columns(flow: pa.Table) -> pa.Table:
    """The same columns from a flow table already in memory (`EventLog.in_memory`): an
    instant's microseconds since 1970 are how Arrow stores a timestamp, so no query runs."""
    us = pa.timestamp("us", "UTC")
    end = flow.column(END).cast(us)
    begin = pc.coalesce(flow.column(START).cast(us), end)
    return pa.table(
        {
            "case_id": flow.column(CASE),
            "activity": flow.column(ACTIVITY),
            "begin_us": begin.cast(pa.int64()),
            "end_us": end.cast(pa.int64()),
            "timed": flow.column(START).is_valid(),
            "row": flow.column(ROW),
        }
    )


def _gather_arrays(data: pa.Table, names: list[str]) -> _Gathered | None:
    """The figures of a log that fits in memory, from its events as columns (the "arrays"
    engine); None when some events have no completion time, left to the "ibis" engine, which
    keeps them as it always did.

    `data` holds each event's case, activity, begin and end in microseconds, whether it has a
    start time (`timed`) and its place in the file (`row`), the last two optional. NumPy sorts
    the events once by case, then begin, end and place in the file (`_case_order`), and reads
    every figure off the sorted columns: an event directly follows the one before it in the same
    case, so the paths, the waits, the positions and the variants are differences between
    neighbours and reductions over runs of equal case, not grouped queries. Moving the events
    once costs less than grouping them three times in the backend, and below a few million
    events less than compiling the queries.
    """
    if data.column("end_us").null_count:
        return None
    activity, names = _activity_codes(data.column("activity"), names)
    keep = activity >= 0  # as the ibis engine's join with the names: no activity, no event
    case = _codes(data.column("case_id"))
    begin_us = data.column("begin_us").to_numpy().astype(np.int64, copy=False)
    end_us = data.column("end_us").to_numpy().astype(np.int64, copy=False)
    if "timed" in data.column_names:
        timed = data.column("timed").to_numpy().astype(bool, copy=False)
    else:
        timed = np.zeros(len(data), dtype=bool)
    has_row = "row" in data.column_names
    tie = data.column("row").to_numpy().astype(np.int64, copy=False) if has_row else activity
    if not keep.all():
        case, activity, begin_us, end_us = case[keep], activity[keep], begin_us[keep], end_us[keep]
        timed, tie = timed[keep], tie[keep]
    order = _case_order(case, begin_us, end_us, tie)
    case, activity = case[order], activity[order]
    begin_us, end_us, timed = begin_us[order], end_us[order], timed[order]
    return _figures(names, case, activity, begin_us, end_us, timed)


def _codes(column: pa.ChunkedArray) -> np.ndarray:
    """Each case as a small integer (its rank of first appearance); a missing case id is one
    case, as a window partition makes it."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    codes = encoded.indices
    if codes.null_count:
        codes = pc.fill_null(codes, len(encoded.dictionary))
    return codes.to_numpy().astype(np.int64, copy=False)


def _activity_codes(column: pa.ChunkedArray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each event's activity as its index in `names` (sorted), -1 when it has none; `names` are
    read from the column when the caller does not know them."""
    if not names:
        found = pc.unique(column).drop_null()
        names = sorted(found.to_pylist())
    codes = pc.index_in(column, value_set=pa.array(names, pa.string()))
    return pc.fill_null(codes, -1).to_numpy().astype(np.int64, copy=False), names


def _small(codes: np.ndarray, n: int) -> np.ndarray:
    """Codes below `n` in the narrowest integer type: NumPy sorts 16-bit integers by radix."""
    return codes.astype(np.uint16 if n <= 1 << 16 else np.int64, copy=False)


def _case_order(
    case: np.ndarray, begin_us: np.ndarray, end_us: np.ndarray, tie: np.ndarray
) -> np.ndarray:
    """The permutation that orders the events by case, then begin, end and `tie` (the place in
    the file): `np.lexsort` of the four, found faster when the file is in time order.

    Most exports are written in time order. Then sorting on case x n + place in the file (one
    key, all distinct) already orders each case by begin and end, which a pass over neighbours
    checks; only when it does not (steps that overlap, a file in another order) are the four
    keys sorted.
    """
    n = len(case)
    if n < 2:
        return np.arange(n)
    if (tie[1:] >= tie[:-1]).all():
        place = np.arange(n, dtype=np.int64)
    else:
        place = np.empty(n, dtype=np.int64)
        place[np.argsort(tie, kind="stable")] = np.arange(n)
    order = np.argsort(case * n + place)
    c, b, e = case[order], begin_us[order], end_us[order]
    later = (b[1:] < b[:-1]) | ((b[1:] == b[:-1]) & (e[1:] < e[:-1]))
    if (later & (c[1:] == c[:-1])).any():
        order = np.lexsort((place, end_us, begin_us, case))
    return order


def _figures(
    names: list[str],
    case: np.ndarray,
    activity: np.ndarray,
    begin_us: np.ndarray,
    end_us: np.ndarray,
    timed: np.ndarray,
) -> _Gathered:
    """Paths, steps, variants and cases from events sorted by case and order within it."""
    n, k = len(case), max(len(names), 1)
    # Neighbours: event i + 1 directly follows event i when both belong to the same case.
    same = case[1:] == case[:-1]
    starts = np.flatnonzero(np.concatenate([[True], ~same])) if n else np.zeros(0, np.int64)
    lengths = np.diff(np.append(starts, n))
    # The wait before an event: from the completion of the previous event of its case.
    wait_us = np.maximum((begin_us[1:] - end_us[:-1])[same], 0)
    step = _small(activity, k)

    # Paths numbered target x k + source: the waits before an activity are then the values of
    # k consecutive paths, and one sort gives the quantiles of both.
    path = _small((activity[1:] * k + activity[:-1])[same], k * k)
    path_n, path_sum = np.bincount(path, minlength=k * k), np.bincount(path, wait_us, k * k)
    by_path = np.argsort(path, kind="stable")
    sorted_waits = wait_us[by_path]
    path_q = _segment_quantiles(sorted_waits, path_n)
    paths = [
        {"source": int(p % k), "target": int(p // k), "count": int(path_n[p]),
         "mean": path_sum[p] / path_n[p], "q": path_q[p]}
        for p in np.flatnonzero(path_n)
    ]  # fmt: skip
    wait_n = path_n.reshape(k, k).sum(axis=1)
    wait_sum = path_sum.reshape(k, k).sum(axis=1)
    wait_q = _segment_quantiles(sorted_waits, wait_n)

    count = np.bincount(step, minlength=k)
    timed_step = step[timed]
    proc_us = (end_us - begin_us)[timed]
    proc_n, proc_sum = np.bincount(timed_step, minlength=k), np.bincount(timed_step, proc_us, k)
    proc_q = _segment_quantiles(proc_us[np.argsort(timed_step, kind="stable")], proc_n)
    steps = [
        {"activity": int(a), "count": int(count[a]), "waits": int(wait_n[a]),
         "wait_total": wait_sum[a] if wait_n[a] else None,
         "wait_mean": wait_sum[a] / wait_n[a] if wait_n[a] else None,
         "wait_q": wait_q.get(a), "timed": int(proc_n[a]),
         "proc_mean": proc_sum[a] / proc_n[a] if proc_n[a] else None,
         "proc_q": proc_q.get(a)}
        for a in np.flatnonzero(count)
    ]  # fmt: skip

    variant, representative = _variant_of_cases(step, starts, lengths)
    cases_per_variant = np.bincount(variant)
    rep_starts, rep_lengths = starts[representative], lengths[representative]
    offsets = np.concatenate([[0], np.cumsum(rep_lengths)])
    events = np.repeat(rep_starts - offsets[:-1], rep_lengths) + np.arange(offsets[-1])
    sequences = pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()), pa.array(names, pa.string()).take(activity[events])
    )
    variants = tuple(
        sorted(
            (
                Variant(tuple(s), int(c))
                for s, c in zip(sequences.to_pylist(), cases_per_variant, strict=True)
            ),
            key=lambda v: (-v.count, v.activities),
        )
    )
    per_activity = _per_activity(sequences, cases_per_variant)
    # A case's first event has its earliest begin; its last completion may come earlier.
    begins = begin_us[starts]
    ends = np.maximum.reduceat(end_us, starts) if n else np.zeros(0, np.int64)
    return _Gathered(names, paths, steps, variants, per_activity, begins, ends)


def _variant_of_cases(
    activity: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each case's variant (a number from 0) and, per variant, one case that follows it.

    Cases of the same length are laid out as the rows of a matrix of activity codes, and equal
    rows found by `np.unique` on the rows' bytes: exact, with no hashing.
    """
    variant = np.empty(len(starts), dtype=np.int64)
    representative: list[np.ndarray] = []
    by_length = np.argsort(lengths, kind="stable")
    bounds = np.flatnonzero(np.diff(lengths[by_length])) + 1
    found = 0
    for cases in np.split(by_length, bounds) if len(starts) else []:
        width = int(lengths[cases[0]])
        rows = np.ascontiguousarray(activity[starts[cases][:, None] + np.arange(width)])
        keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * width))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        variant[cases] = inverse.ravel() + found
        representative.append(cases[first])
        found += len(first)
    rep = np.concatenate(representative) if representative else np.zeros(0, np.int64)
    return variant, rep


def _segment_quantiles(ordered: np.ndarray, sizes: np.ndarray) -> dict[int, tuple[float, ...]]:
    """The median and p90 of each group of integer values, the groups lying one after the other
    in `ordered` (`sizes[g]` values for group g), exactly as `_counted_quantiles` finds them:
    linear interpolation between order statistics, on fractions, rounded once. `np.partition`
    picks each group's order statistics in linear time."""
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    out = {}
    for g in np.flatnonzero(sizes):
        sample = ordered[bounds[g] : bounds[g + 1]]
        ranks = sorted({r for q in _QUANTILES for r in _order_ranks(len(sample), q)[:2]})
        picked = np.partition(sample, ranks)
        out[int(g)] = _interpolated(len(sample), {r: int(picked[r]) for r in ranks})
    return out


# --- exact quantiles of big groups ----------------------------------------------------------

_QUANTILES = (0.5, 0.9)
_BUCKETS = 4096
_FETCH_AT_MOST = 65_536


@dataclass(frozen=True)
class _Slice:
    """The values `lo` to `hi` (inclusive) of one group, which hold the order statistics `ranks`
    (from 0) of the group; `below` values of the group are smaller than `lo`."""

    group: tuple[Any, ...]
    lo: int
    hi: int
    below: int
    ranks: tuple[int, ...]

    @property
    def width(self) -> int:
        """Bucket width that cuts the slice into at most `_BUCKETS` buckets."""
        return (self.hi - self.lo) // _BUCKETS + 1


def _order_ranks(n: int, q: float) -> tuple[int, int, float]:
    """The order statistics (from 0) that the q-quantile of n values interpolates between, and
    the weight of the upper one: `quantile_cont`'s and NumPy's definition."""
    rank = (n - 1) * q
    return math.floor(rank), math.ceil(rank), rank - math.floor(rank)


def _counted_quantiles(
    values: ibis.Table, keys: Sequence[str]
) -> dict[tuple[Any, ...], tuple[float, ...]]:
    """The median and p90 of the integer column `value` of `values` in each group of `keys`,
    exactly (linear interpolation, as `quantile_cont`), from grouped counts only.

    A quantile aggregate holds every value of a group in memory and cannot spill; a sort spills
    but sorts all the events again for each figure. Counting needs neither: one grouped pass
    gives each group's count, smallest and largest value; the next cuts that range into 4096
    buckets and counts each (with its smallest and largest value), which tells which bucket holds
    each wanted order statistic; a bucket still holding more than 65,536 values is cut again (a
    very skewed distribution); the last pass brings back the distinct values of the chosen buckets
    with their counts. Every pass is a grouped count, which the backend spills, and what comes
    back is small. The interpolation is done on exact fractions, rounded once, where DuckDB's
    aggregate may round twice: the two agree to within a unit in the last place.
    """
    stats = _rows(
        values.group_by(*keys).aggregate(
            n=values.count(), lo=values.value.min(), hi=values.value.max()
        )
    )
    sizes: dict[tuple[Any, ...], int] = {}
    found: dict[tuple[Any, ...], dict[int, int]] = defaultdict(dict)
    fetch: list[_Slice] = []
    todo: list[_Slice] = []

    def place(piece: _Slice, count: int) -> None:
        if piece.lo == piece.hi:  # a single value: nothing more to count
            found[piece.group].update(dict.fromkeys(piece.ranks, piece.lo))
        else:
            (fetch if count <= _FETCH_AT_MOST else todo).append(piece)

    for s in stats:
        group = tuple(s[k] for k in keys)
        sizes[group] = s["n"]
        ranks = {r for q in _QUANTILES for r in _order_ranks(s["n"], q)[:2]}
        place(_Slice(group, s["lo"], s["hi"], 0, tuple(sorted(ranks))), s["n"])
    while todo:
        split, todo = todo, []
        for piece, (count, lo, hi) in zip(split, _bucket_counts(values, keys, split), strict=True):
            cumulative = np.cumsum(count)
            at = np.searchsorted(cumulative, np.array(piece.ranks) - piece.below, side="right")
            for i in np.unique(at):
                ranks = tuple(r for r, a in zip(piece.ranks, at, strict=True) if a == i)
                below = piece.below + int(cumulative[i] - count[i])
                place(_Slice(piece.group, int(lo[i]), int(hi[i]), below, ranks), int(count[i]))
    for piece, (value, count) in zip(fetch, _slice_values(values, keys, fetch), strict=True):
        cumulative = np.cumsum(count)
        for r in piece.ranks:
            found[piece.group][r] = int(
                value[np.searchsorted(cumulative, r - piece.below, "right")]
            )
    return {group: _interpolated(n, found[group]) for group, n in sizes.items()}


def _interpolated(n: int, order_statistics: dict[int, int]) -> tuple[float, ...]:
    """Each of `_QUANTILES` of n values from the order statistics it needs (rank from 0 ->
    value): lo + (hi - lo) x weight on exact fractions, rounded once."""
    figures = []
    for q in _QUANTILES:
        low, high, weight = _order_ranks(n, q)
        lo, hi = order_statistics[low], order_statistics[high]
        figures.append(float(lo + (hi - lo) * Fraction(weight)))
    return tuple(figures)


def _in_slices(values: ibis.Table, keys: Sequence[str], slices: list[_Slice]) -> ibis.Table:
    """The rows of `values` inside one of `slices`, tagged with the slice's index and bounds."""
    bounds = ibis.memtable(
        pa.table(
            {
                "_slice": pa.array(range(len(slices)), pa.int64()),
                **{f"_key{j}": [s.group[j] for s in slices] for j in range(len(keys))},
                "_lo": pa.array([s.lo for s in slices], pa.int64()),
                "_hi": pa.array([s.hi for s in slices], pa.int64()),
                "_width": pa.array([s.width for s in slices], pa.int64()),
            }
        )
    )
    same_group = [values[k] == bounds[f"_key{j}"] for j, k in enumerate(keys)]
    joined = values.inner_join(bounds, same_group)
    return joined.filter((joined.value >= joined._lo) & (joined.value <= joined._hi))


def _bucket_counts(
    values: ibis.Table, keys: Sequence[str], slices: list[_Slice]
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per slice, its non-empty buckets in order: how many values, the smallest, the largest.

    The smallest and largest values, not the bucket's nominal bounds, become the next slice:
    the bucket number is a division the backend may do in floating point, and only needs to
    grow with the value for the counts before a bucket to be the values below it.
    """
    inside = _in_slices(values, keys, slices)
    bucket = (inside.value - inside._lo) // inside._width
    data = (
        inside.group_by(inside._slice, bucket=bucket)
        .aggregate(n=inside.count(), lo=inside.value.min(), hi=inside.value.max())
        .to_pyarrow()
    )
    return _split_by_slice(data, "bucket", len(slices), "n", "lo", "hi")


def _slice_values(
    values: ibis.Table, keys: Sequence[str], slices: list[_Slice]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per slice, its distinct values in order and how many times each occurs."""
    if not slices:
        return []
    inside = _in_slices(values, keys, slices)
    data = inside.group_by(inside._slice, inside.value).aggregate(n=inside.count()).to_pyarrow()
    return _split_by_slice(data, "value", len(slices), "value", "n")


def _split_by_slice(data: pa.Table, order: str, n_slices: int, *columns: str) -> list[Any]:
    """The rows of each slice as NumPy arrays of `columns`, sorted by `order`."""
    slice_id = data.column("_slice").to_numpy().astype(np.int64)
    sort = np.lexsort((data.column(order).to_numpy().astype(np.int64), slice_id))
    arrays = [data.column(c).to_numpy().astype(np.int64)[sort] for c in columns]
    bounds = np.searchsorted(slice_id[sort], np.arange(n_slices + 1))
    return [tuple(a[bounds[i] : bounds[i + 1]] for a in arrays) for i in range(n_slices)]


def _variants(
    o: ibis.Table, names: list[str]
) -> tuple[tuple[Variant, ...], dict[str, dict[str, Any]], np.ndarray, np.ndarray]:
    """Every variant, most frequent first (ties: by the activity sequence, alphabetically);
    per activity what only whole cases tell (in how many cases it runs, in how many it runs more
    than once and how many extra runs, the position of its first run); and each case's first
    begin and last end, in microseconds.

    One query: cases are grouped by variant, and each variant brings back the lists of its
    cases' begins and ends. The per-activity figures are then read from the variants (each
    weighing its number of cases) with NumPy, rather than grouping the events a second time by
    case and activity.
    """
    # A case's sequence as sorted integers position x K + activity: sorting each small list is
    # cheaper than an ordered aggregate (which sorts all the events again: twice as slow on 10M
    # events), works on backends without ordered aggregation (PySpark), and identifies the
    # variant as well as the activities do. The activities are the remainders modulo K.
    k = max(len(names), 1)
    seq = (o.pos.cast("int64") * k + o.activity.cast("int64")).collect().sort()
    per_case = o.group_by(o.case_id).aggregate(seq=seq, begin=o.begin_us.min(), end=o.end_us.max())
    data = (
        per_case.group_by(per_case.seq)
        .aggregate(
            count=per_case.count(),
            spans=ibis.struct({"begin": per_case.begin, "end": per_case.end}).collect(),
        )
        .to_pyarrow()
    )
    spans = data.column("spans").combine_chunks().flatten()
    begins = spans.field("begin").to_numpy().astype(np.int64)
    ends = spans.field("end").to_numpy().astype(np.int64)
    codes = data.column("seq").combine_chunks()
    counts = data.column("count").to_numpy().astype(np.int64)
    offsets = pc.subtract(codes.offsets, codes.offsets[0])  # in case the array is a slice
    activity = pa.array(codes.flatten().to_numpy() % k)
    sequences = pa.ListArray.from_arrays(offsets, pa.array(names, pa.string()).take(activity))
    variants = tuple(
        sorted(
            (Variant(tuple(s), int(c)) for s, c in zip(sequences.to_pylist(), counts, strict=True)),
            key=lambda v: (-v.count, v.activities),
        )
    )
    return variants, _per_activity(sequences, counts), begins, ends


def _per_activity(sequences: pa.ListArray, counts: np.ndarray) -> dict[str, dict[str, Any]]:
    """Cases, rework and first position of each activity, from the variants and their counts."""
    flat = pc.dictionary_encode(sequences.flatten())
    names = flat.dictionary.to_pylist()
    code = flat.indices.to_numpy().astype(np.int64)
    variant = pc.list_parent_indices(sequences).to_numpy().astype(np.int64)
    offsets = sequences.offsets.to_numpy().astype(np.int64)
    position = np.arange(len(code), dtype=np.int64) - offsets[variant] + 1  # from 1
    n_names = len(names)
    # One group per (variant, activity): its runs and its first position.
    key = variant * n_names + code
    order = np.lexsort((position, key))
    key, position = key[order], position[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    runs = np.diff(np.append(starts, len(key)))
    group_key = key[starts]
    group_variant, group_code = group_key // n_names, group_key % n_names
    first_position = position[starts]
    weight = counts[group_variant]
    out: dict[str, dict[str, Any]] = {}
    by_code = np.argsort(group_code, kind="stable")
    bounds = np.searchsorted(group_code[by_code], np.arange(n_names + 1))
    for c, name in enumerate(names):
        idx = by_code[bounds[c] : bounds[c + 1]]
        w, pos, r = weight[idx], first_position[idx], runs[idx]
        out[name] = {
            "cases": int(w.sum()),
            "rework_cases": int(w[r > 1].sum()),
            "repeats": int((w * (r - 1)).sum()),
            "position_median": _weighted_median(pos, w),
            "position_mean": float((pos * w).sum() / w.sum()),
        }
    return out


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The median of `values` each repeated `weights` times (the middle pair averaged)."""
    order = np.argsort(values, kind="stable")
    values, cumulative = values[order], np.cumsum(weights[order])
    total = int(cumulative[-1])
    lo = values[np.searchsorted(cumulative, (total - 1) // 2 + 1)]
    hi = values[np.searchsorted(cumulative, total // 2 + 1)]
    return (float(lo) + float(hi)) / 2


def _quantiles(values: np.ndarray) -> tuple[float | None, float | None, float | None]:
    if not len(values):
        return None, None, None
    median, p90 = np.percentile(values, [50, 90])  # linear interpolation = quantile_cont
    return float(values.mean()), float(median), float(p90)


def _lead_times(durations_s: np.ndarray, bins: int | None) -> LeadTimes:
    mean, median, p90 = _quantiles(durations_s)
    if not len(durations_s):
        return LeadTimes(0, None, None, None, None, None, (), ())
    # Sturges' rule: a readable number of bins that grows slowly with the number of cases.
    bins = bins or min(50, math.ceil(math.log2(len(durations_s))) + 1)
    counts, edges = np.histogram(durations_s, bins=bins)
    return LeadTimes(
        count=len(durations_s),
        mean_s=mean,
        median_s=median,
        p90_s=p90,
        min_s=float(durations_s.min()),
        max_s=float(durations_s.max()),
        histogram_edges_s=tuple(float(e) for e in edges),
        histogram_counts=tuple(int(c) for c in counts),
    )


def _to_us(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("window bounds must carry a time zone")
    return (moment - _UTC_EPOCH) // dt.timedelta(microseconds=1)


def _from_us(us: int) -> dt.datetime:
    return _UTC_EPOCH + dt.timedelta(microseconds=int(us))


def _midnights(first_us: int, last_us: int, tz: str) -> tuple[list[dt.date], np.ndarray]:
    """Calendar days covering [first, last] in `tz`, and each day's first instant (us)."""
    zone = ZoneInfo(tz)
    day = _from_us(first_us).astimezone(zone).date()
    last = _from_us(last_us).astimezone(zone).date()
    days = []
    while day <= last + dt.timedelta(days=1):
        days.append(day)
        day += dt.timedelta(days=1)
    bounds = np.array(
        [_to_us(dt.datetime.combine(d, dt.time(), zone)) for d in days], dtype=np.int64
    )
    return days, bounds


def _wip_and_throughput(
    begins: np.ndarray,
    ends: np.ndarray,
    window: tuple[dt.datetime, dt.datetime] | None,
    tz: str,
) -> dict[str, Any]:
    """WIP over time and throughput, defined so Little's law is an identity on closed windows.

    A case is in progress from its first start to its last completion. Over the window [a, b]:
    mean WIP = (time the cases spent in progress inside [a, b]) / (b - a); throughput = cases
    completed in [a, b] / (b - a); lead time = mean lead time of those cases. When every case
    starts and ends inside the window, the first is the sum of the lead times over (b - a), which
    is the product of the other two.
    """
    if len(begins) == 0:
        now = _UTC_EPOCH
        law = LittlesLaw(now, now, None, None, None, None, None)
        return {"law": law, "window_s": 0.0, "wip_max": 0, "wip_days": (), "days": (), "weeks": ()}
    if window is None:
        a, b = int(begins.min()), int(ends.max())
    else:
        a, b = _to_us(window[0]), _to_us(window[1])
        if b < a:
            raise ValueError("the window ends before it starts")
    span_s = (b - a) / US_PER_S
    # Seconds from the window start, clipped to the window.
    s = (np.clip(begins, a, b) - a) / US_PER_S
    e = (np.clip(ends, a, b) - a) / US_PER_S
    done = (ends >= a) & (ends <= b)
    completed = int(done.sum())
    in_progress_s = float((e - s).sum())
    if span_s > 0:
        wip_mean = in_progress_s / span_s
        rate_per_s = completed / span_s
        lead_s = float(((ends[done] - begins[done]) / US_PER_S).mean()) if completed else 0.0
        product = rate_per_s * lead_s
        gap: float | None = abs(wip_mean - product) / wip_mean if wip_mean > 0 else 0.0
        if wip_mean == 0 and product != 0:
            gap = None
        law = LittlesLaw(
            _from_us(a),
            _from_us(b),
            wip_mean,
            rate_per_s * S_PER_DAY,
            lead_s / S_PER_DAY if completed else None,
            product,
            gap,
        )
    else:
        law = LittlesLaw(_from_us(a), _from_us(b), None, None, None, None, None)

    s_sorted, e_sorted = np.sort(s), np.sort(e)
    # Highest WIP: just after each start, the cases started so far less those ended (an end at
    # the same instant counts first, so a zero-length case never adds one).
    running = np.searchsorted(s_sorted, s_sorted, side="right") - np.searchsorted(
        e_sorted, s_sorted, side="right"
    )
    wip_max = int(running.max()) if len(running) else 0

    days, bounds = _midnights(a, b, tz)
    # Time in progress before x: sum over cases of clip(x, s, e) - s, by sorted prefix sums.
    s_cum = np.concatenate([[0.0], np.cumsum(s_sorted)])
    e_cum = np.concatenate([[0.0], np.cumsum(e_sorted)])

    def area(x: np.ndarray) -> np.ndarray:
        ks = np.searchsorted(s_sorted, x, side="right")
        ke = np.searchsorted(e_sorted, x, side="right")
        return (ks * x - s_cum[ks]) - (ke * x - e_cum[ke])

    lo = np.clip((bounds[:-1] - a) / US_PER_S, 0, span_s)
    hi = np.clip((bounds[1:] - a) / US_PER_S, 0, span_s)
    width = hi - lo
    inside = width > 0
    wip_day = np.where(inside, (area(hi) - area(lo)) / np.where(inside, width, 1), 0.0)
    wip_days = tuple(
        PeriodValue(d, float(v)) for d, v, keep in zip(days, wip_day, inside, strict=False) if keep
    )
    finished = np.sort(ends[done])
    per_day = np.diff(np.searchsorted(finished, bounds, side="left"))
    throughput_days = tuple(PeriodValue(d, int(c)) for d, c in zip(days[:-1], per_day, strict=True))
    weeks: dict[dt.date, int] = {}
    for p in throughput_days:
        monday = p.start - dt.timedelta(days=p.start.weekday())
        weeks[monday] = weeks.get(monday, 0) + int(p.value)
    return {
        "law": law,
        "window_s": span_s,
        "wip_max": wip_max,
        "wip_days": wip_days,
        "days": throughput_days,
        "weeks": tuple(PeriodValue(k, v) for k, v in weeks.items()),
    }


# --- the value stream -----------------------------------------------------------------------


def propose_value_stream(
    analysis: FlowAnalysis, *, name: str = "event log", min_case_share: float = 0.0
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A current-state value stream drawn from the log, in the VSM file format of
    `obeya.core.vsm` (docs/vsm.md), with notes on what could not be measured.

    - Steps: the activities found in at least `min_case_share` of the cases, in their dominant
      order: by the median position of their first run in the cases (then mean position, name).
    - Cycle time: the step's median processing time when at least half its runs have a start
      time. Otherwise processing and waiting cannot be told apart, and the median time since the
      previous completion is used: an upper bound that includes the wait (noted).
    - Inventory before a step: the average number of cases waiting for it, by Little's law
      (arrival rate x mean wait = total wait / window length); drawn only where waits are
      measured, that is for steps with start times. The VSM turns it into days of demand:
      quantity / (completions a day) = the mean wait per case.
    - Customer: the cases completed over the window; work: one 24-hour "shift" a day, since the
      log's clock is calendar time.
    A step whose cycle time cannot be measured (it always comes first and has no start time) or
    is zero is left out, with a note: the VSM format needs a positive cycle time.
    """
    law = analysis.littles_law
    days = _days(law)
    completed = round(law.throughput_per_day * days) if law.throughput_per_day else 0
    if not completed or days <= 0:
        return {}, ("no value stream: no case was completed over a window of some length",)
    notes: list[str] = []
    share = {a.name: a.cases / analysis.cases for a in analysis.activities}
    steps = sorted(
        (a for a in analysis.activities if share[a.name] >= min_case_share),
        key=lambda a: (a.position_median, a.position_mean, a.name),
    )
    left_out = len(analysis.activities) - len(steps)
    if left_out:
        notes.append(
            f"{left_out} activities found in fewer than {min_case_share:.0%} of the cases "
            "are left out"
        )
    waits = {w.activity: w for w in analysis.waiting}
    flow: list[dict[str, Any]] = []
    gaps: list[str] = []
    for step in steps:
        wait = waits.get(step.name)
        timed = step.processing.count * 2 >= step.count
        cycle = step.processing.median_s if timed else (wait.median_s if wait else None)
        if not cycle or cycle <= 0:
            if timed:
                why = "its median processing time is zero"
            elif wait is None:
                why = "it has no start time and nothing comes before it"
            else:
                why = "it has no start time and usually completes with the previous step"
            notes.append(f"{step.name!r} is left out: {why}")
            continue
        if not timed:
            gaps.append(step.name)
        elif wait is not None and wait.queue_cases is not None:
            flow.append({"inventory": {"quantity": wait.queue_cases}})
        flow.append({"process": {"name": step.name, "cycle_time_s": cycle}})
    if gaps:
        notes.append(
            "without start times, the cycle time of "
            + ", ".join(repr(g) for g in gaps)
            + " is the median time since the previous completion: an upper bound that "
            "includes waiting"
        )
    if not flow:
        return {}, (*notes, "no value stream: no step has a measurable cycle time")
    vsm = {
        "name": f"Value stream from {name}",
        "customer": {"name": "Customer", "demand": completed, "period_days": days, "unit": "cases"},
        "work": {"shifts": 1, "available_s_per_shift": S_PER_DAY},
        "flow": flow,
    }
    return _clean(vsm), tuple(notes)


def _days(law: LittlesLaw) -> float:
    return (law.window_end - law.window_start) / dt.timedelta(days=1)


__all__ = [
    "ActivityStats",
    "Durations",
    "Edge",
    "FlowAnalysis",
    "LeadTimes",
    "LittlesLaw",
    "PeriodValue",
    "Rework",
    "Variant",
    "Waiting",
    "analyse",
    "propose_value_stream",
]
