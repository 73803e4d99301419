"""Reading event logs (CSV, XLSX, Parquet, XES) into one normalised table for the flow analysis.

A facilitator brings whatever the company's system exports: a CSV with "Case ID;Activity;Complete
Timestamp", an Excel sheet, a Parquet file from the data team, or an XES file from a process-mining
tool. Every reader ends in the same *flow table*, an Ibis table on DuckDB with one row per activity
instance:

    case_id     string     the case (an order, a claim, a patient)
    activity    string     the step
    start_time  timestamp  when the step started, in UTC; null when the log has no start times
    end_time    timestamp  when it was completed, in UTC
    row         int64      the event's position in the file, so ties keep the file's order
    resource    string     who did it (nullable)
    cost        float64    (nullable)

Bad rows are never dropped silently: reading stops with an `EventLogError` listing each problem
by line and column, because a lead time computed on a quietly filtered log is a wrong number the
facilitator cannot see. Timestamps with a UTC offset are converted to UTC instants, so durations
stay exact across a daylight-saving change; timestamps without one are read in `tz` (UTC unless
told otherwise).

No Django here: the `obeya flow` command reads big files without starting the web app.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from xml.parsers import expat
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

CASE, ACTIVITY, START, END, ROW, RESOURCE, COST = (
    "case_id",
    "activity",
    "start_time",
    "end_time",
    "row",
    "resource",
    "cost",
)
FLOW_SCHEMA = ibis.schema(
    {
        CASE: "string",
        ACTIVITY: "string",
        START: "timestamp('UTC')",
        END: "timestamp('UTC')",
        ROW: "int64",
        RESOURCE: "string",
        COST: "float64",
    }
)
"""The columns every reader produces and `obeya.core.flow.analyse` reads."""

IN_MEMORY_BELOW_EVENTS = 10_000_000
"""A log with fewer events is checked and brought into memory in one pass (`EventLog.in_memory`),
which `obeya.core.flow.analyse` then reads without scanning the file again; a bigger one stays
on disk (Parquet) or in DuckDB, so that it can be larger than memory."""

ANALYSED = (CASE, ACTIVITY, START, END, ROW)
"""The columns of the flow table that `obeya.core.flow.analyse` reads."""

MAX_ERRORS = 100
"""How many row errors an `EventLogError` lists; the rest are counted, not listed."""

FORMATS = ("csv", "xlsx", "parquet", "xes")

_LINE, _ROW = "__line", "__row"


# --- column mapping -------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of the file holds each field of the flow table.

    `timestamp` is the completion time. `lifecycle` (XES `lifecycle:transition`) marks start and
    complete events that are paired into one activity instance.
    """

    case: str
    activity: str
    timestamp: str
    start: str | None = None
    resource: str | None = None
    cost: str | None = None
    lifecycle: str | None = None

    def columns(self) -> dict[str, str]:
        """Field -> column, for the fields that are mapped."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


# Names seen in the exports of common tools (PM4Py, Disco, Celonis, ProM, BPI Challenge CSVs),
# compared after lower-casing and folding "_", "-" and spaces into one space. Earlier names win.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "case": (
        "case:concept:name",
        "case id",
        "caseid",
        "case",
        "case:id",
        "case identifier",
        "case name",
        "trace id",
        "trace",
        "process instance",
    ),
    "activity": (
        "concept:name",
        "activity",
        "activity name",
        "activity id",
        "event",
        "event name",
        "task",
        "task name",
        "step",
        "operation",
    ),
    "timestamp": (
        "time:timestamp",
        "complete timestamp",
        "completion timestamp",
        "completed timestamp",
        "end timestamp",
        "end time",
        "endtime",
        "completion time",
        "complete time",
        "time:complete",
        "timestamp",
        "datetime",
        "date time",
        "event time",
        "time",
        "date",
        "end",
        "completed",
    ),
    "start": (
        "start_timestamp",
        "start timestamp",
        "time:start",
        "start time",
        "starttime",
        "started",
        "start date",
        "start",
    ),
    "resource": (
        "org:resource",
        "resource",
        "org:role",
        "user",
        "agent",
        "performer",
        "employee",
        "operator",
    ),
    "cost": ("cost:total", "cost", "costs", "cost:amount", "amount"),
    "lifecycle": ("lifecycle:transition", "lifecycle", "transition", "lifecycle transition"),
}


def _fold(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower())


def detect_columns(names: Sequence[str], **overrides: str | None) -> ColumnMapping:
    """Guess the mapping from column names; explicit `overrides` (case=..., start=...) win.

    Each column serves one field at most. A log without case, activity or completion timestamp
    columns raises `EventLogError` naming the missing field, so the user knows which option
    (--case, --activity, --timestamp) to pass.
    """
    folded = {_fold(n): n for n in reversed(list(names))}  # first spelling wins on duplicates
    chosen: dict[str, str | None] = {}
    used: set[str] = set()
    problems: list[RowError] = []
    for key, value in overrides.items():
        if key not in _CANDIDATES:
            raise TypeError(f"unknown field {key!r}")
        if value:
            if value not in names:
                problems.append(RowError(1, value, "", f"no column named {value!r} for {key}"))
            chosen[key] = value
            used.add(value)
    for key, candidates in _CANDIDATES.items():
        if key in chosen:
            continue
        chosen[key] = None
        for candidate in candidates:
            column = folded.get(_fold(candidate))
            if column is not None and column not in used:
                chosen[key] = column
                used.add(column)
                break
    for key in ("case", "activity", "timestamp"):
        if not chosen.get(key):
            option = "--" + key
            problems.append(RowError(1, "", "", f"no {key} column found; name it with {option}"))
    if problems:
        raise EventLogError(problems, message="cannot map the log's columns")
    return ColumnMapping(**chosen)  # type: ignore[arg-type]


# --- errors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in the file: where it is (line and column), what was there, and why it is
    refused. `line` counts the file's lines from 1 (the header is line 1 of a CSV); for Parquet
    it is the row number from 1, for XLSX the sheet's row number."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        shown = f": {self.value!r}" if self.value else ""
        return f"{where}: {self.reason}{shown}"


class EventLogError(ValueError):
    """The log cannot be read as it is. `errors` lists at most `MAX_ERRORS` problems in file
    order; `more` counts the problems not listed."""

    def __init__(
        self, errors: Iterable[RowError] = (), *, more: int = 0, message: str = ""
    ) -> None:
        self.errors = tuple(errors)
        self.more = more
        self.message = message or "the event log has bad rows"
        super().__init__(str(self))

    @property
    def total(self) -> int:
        return len(self.errors) + self.more

    def __str__(self) -> str:
        lines = [self.message]
        lines += [f"  {e}" for e in self.errors]
        if self.more:
            lines.append(f"  ... and {self.more} more")
        return "\n".join(lines)


# --- the log --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventLog:
    """A read log: the flow table and what reading it found.

    `source_events` counts the events in the file; `events` the activity instances in `table`,
    fewer when start and complete events were paired or other lifecycle transitions (schedule,
    assign, ...) were set aside (counted in `ignored_transitions`). `unpaired_starts` counts
    start events no completion followed: steps still in progress when the log was cut.
    `in_memory` holds the rows of `table` as Arrow columns when the log has fewer than
    `IN_MEMORY_BELOW_EVENTS` events (None otherwise), at least those the analysis reads
    (`ANALYSED`): `obeya.core.flow.analyse` reads them from there.
    """

    table: ibis.Table
    mapping: ColumnMapping
    source: str
    format: str
    source_events: int
    events: int
    has_start_times: bool
    activities: tuple[str, ...] = ()
    tz: str = "UTC"
    unpaired_starts: int = 0
    ignored_transitions: Mapping[str, int] = field(default_factory=dict)
    in_memory: pa.Table | None = field(default=None, repr=False, compare=False)

    def describe(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "source_events": self.source_events,
            "events": self.events,
            "has_start_times": self.has_start_times,
            "timezone": self.tz,
            "unpaired_starts": self.unpaired_starts,
            "ignored_transitions": dict(sorted(self.ignored_transitions.items())),
            "mapping": self.mapping.columns(),
        }


def connect(memory_limit: str | None = None, temp_directory: str | None = None) -> Any:
    """A DuckDB connection through Ibis, with UTC as its session time zone.

    `memory_limit` (e.g. "2GB") makes DuckDB spill big sorts to `temp_directory` instead of
    growing: that is how a 100M-event Parquet file is analysed out of core.
    """
    config: dict[str, Any] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if temp_directory:
        config["temp_directory"] = temp_directory
    con = ibis.duckdb.connect(**config)
    con.raw_sql("SET TimeZone = 'UTC'")
    # Every query orders what it needs by the `row` column: DuckDB need not keep the order rows
    # were inserted in, which lets it run in parallel and spill with less memory.
    con.raw_sql("SET preserve_insertion_order = false")
    return con


_names = itertools.count()


def _fresh_name(kind: str) -> str:
    return f"obeya_{kind}_{next(_names)}"


def log_format(path: str | Path) -> str:
    name = str(path).lower()
    for suffix in (".gz", ".gzip"):
        name = name.removesuffix(suffix)
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".xes"):
        return "xes"
    raise EventLogError(
        message=f"{path}: unknown log format (expected {', '.join(FORMATS)}: "
        ".csv, .xlsx, .parquet, .xes or .xes.gz)"
    )


def read_log(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    case: str | None = None,
    activity: str | None = None,
    timestamp: str | None = None,
    start: str | None = None,
    resource: str | None = None,
    cost: str | None = None,
    lifecycle: str | None = None,
    tz: str = "UTC",
    timestamp_format: str | None = None,
    sheet: str | None = None,
    con: Any = None,
) -> EventLog:
    """Read a CSV, XLSX, Parquet or XES (plain or gzipped) log into a flow table.

    Columns come from `mapping`, else from `detect_columns` with the keyword overrides. Naive
    timestamps are wall-clock times in `tz`; `timestamp_format` (strptime codes such as
    "%d/%m/%Y %H:%M") reads non-ISO dates. Raises `EventLogError` listing the bad rows.
    Parquet stays on disk: DuckDB scans it for each query, so logs larger than memory work.
    """
    path = Path(path)
    if not path.exists():
        raise EventLogError(message=f"{path}: no such file")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EventLogError(message=f"unknown time zone {tz!r}") from exc
    fmt = log_format(path)
    con = con if con is not None else connect()
    overrides = {
        "case": case,
        "activity": activity,
        "timestamp": timestamp,
        "start": start,
        "resource": resource,
        "cost": cost,
        "lifecycle": lifecycle,
    }
    if fmt == "parquet":
        raw = con.read_parquet(str(path), file_row_number=True)
        raw = raw.rename({_ROW: "file_row_number"})
        raw = raw.mutate(**{_LINE: raw[_ROW] + 1})
    else:
        if fmt == "csv":
            arrow = _read_csv(path)
        elif fmt == "xlsx":
            arrow = _read_xlsx(path, sheet)
        else:
            wanted = {
                v
                for v in [*overrides.values(), *(mapping.columns().values() if mapping else [])]
                if v
            }
            arrow = _read_xes(path, wanted)
        raw = con.create_table(_fresh_name("raw"), ibis.memtable(arrow), temp=True)
    names = [n for n in raw.columns if n not in (_ROW, _LINE)]
    if mapping is None:
        mapping = detect_columns(names, **overrides)
    else:
        mapping = replace(mapping, **{k: v for k, v in overrides.items() if v})
        missing = [c for c in mapping.columns().values() if c not in names]
        if missing:
            raise EventLogError(
                [RowError(1, c, "", f"no column named {c!r}") for c in missing],
                message="cannot map the log's columns",
            )
    normalised = _normalise(raw, mapping, tz=tz, timestamp_format=timestamp_format)
    rows = _parquet_rows(path, raw) if fmt == "parquet" else arrow.num_rows
    in_memory: pa.Table | None = None
    if mapping.lifecycle or rows >= IN_MEMORY_BELOW_EVENTS:
        source_events, has_start, activities = _validate(normalised, mapping, path, fmt)
    else:
        # Parquet stays the flow table: only the analysed columns come into memory.
        columns = ANALYSED if fmt == "parquet" else FLOW_SCHEMA.names
        in_memory = _validate_in_memory(normalised, mapping, path, fmt, columns)
        source_events = in_memory.num_rows
        has_start = in_memory.column(START).null_count < in_memory.num_rows
        activities = tuple(sorted(pc.unique(in_memory.column(ACTIVITY)).drop_null().to_pylist()))

    ignored: dict[str, int] = {}
    unpaired = 0
    if mapping.lifecycle:
        table, unpaired, ignored = _pair_lifecycle(normalised)
        flow = con.create_table(_fresh_name("flow"), ibis.memtable(table), temp=True)
        events = table.num_rows
        has_start = table.column(START).null_count < table.num_rows
        activities = tuple(sorted(pc.unique(table.column(ACTIVITY)).to_pylist()))
        in_memory = table if table.num_rows < IN_MEMORY_BELOW_EVENTS else None
    else:
        flow = normalised.select(*FLOW_SCHEMA.names)
        if fmt != "parquet":  # parse the text once; Parquet stays on disk
            source = flow if in_memory is None else ibis.memtable(in_memory)
            flow = con.create_table(_fresh_name("flow"), source, temp=True)
        events = source_events
    return EventLog(
        table=flow,
        mapping=mapping,
        source=str(path),
        format=fmt,
        source_events=source_events,
        events=events,
        has_start_times=has_start,
        activities=activities,
        tz=tz,
        unpaired_starts=unpaired,
        ignored_transitions=ignored,
        in_memory=in_memory,
    )


# --- normalisation and validation -----------------------------------------------------------


@ibis.udf.scalar.builtin(name="try_strptime", signature=(("string", "string"), "timestamp"))
def _try_strptime(text, fmt):  # type: ignore[no-untyped-def]
    """DuckDB's try_strptime: null instead of an error on a bad date."""


@ibis.udf.scalar.builtin(name="timezone", signature=(("string", "timestamp"), "timestamp('UTC')"))
def _in_zone(zone, wall):  # type: ignore[no-untyped-def]
    """DuckDB's timezone(zone, naive): the instant a wall-clock time in `zone` denotes."""


@ibis.udf.scalar.builtin(name="epoch_us", signature=(("timestamp('UTC')",), "int64"))
def _duckdb_epoch_us(ts):  # type: ignore[no-untyped-def]
    """DuckDB's epoch_us: the instant's microseconds since 1970, read straight from storage."""


_EPOCH = ibis.timestamp("1970-01-01 00:00:00", timezone="UTC")


def epoch_us(ts: ibis.Value, backend: str = "duckdb") -> ibis.Value:
    """Microseconds since 1970 (UTC) as an integer, so durations are exact integer arithmetic.

    On DuckDB, `epoch_us` (some fifteen times faster than `date_diff` on time zone-aware
    timestamps); elsewhere Ibis' portable `delta`.
    """
    if backend == "duckdb":
        return _duckdb_epoch_us(ts)
    return ts.delta(_EPOCH, unit="microsecond")


_OFFSET = r"(Z|z|[+-]\d\d(:?\d\d)?)$"


def _text(col: ibis.Value) -> ibis.Value:
    """A column as trimmed text, empty as null, whatever its type in the file."""
    text = col if col.type().is_string() else col.cast("string")
    return text.strip().nullif("")


def _timestamp(col: ibis.Value, tz: str, fmt: str | None) -> ibis.Value:
    """Parse a column into a UTC instant; null when it cannot be parsed.

    Strings with an offset are converted to UTC; naive strings and naive timestamps are
    wall-clock times in `tz`. Numbers are refused: an epoch or an Excel serial is ambiguous.
    """
    kind = col.type()
    if kind.is_timestamp():
        if kind.timezone is not None:
            return col.cast("timestamp('UTC')")
        naive = col.cast("timestamp")
        return naive.cast("timestamp('UTC')") if tz == "UTC" else _in_zone(tz, naive)
    if kind.is_date():
        col = col.cast("timestamp")
        return col.cast("timestamp('UTC')") if tz == "UTC" else _in_zone(tz, col)
    if not kind.is_string():
        return ibis.null("timestamp('UTC')")
    text = col.strip().nullif("")
    if fmt:
        parsed = _try_strptime(text, fmt)
        if "%z" in fmt or "%Z" in fmt:
            return parsed.cast("timestamp('UTC')")
        return parsed.cast("timestamp('UTC')") if tz == "UTC" else _in_zone(tz, parsed)
    instant = text.try_cast("timestamp('UTC')")  # naive text is read as UTC (session zone)
    if tz == "UTC":
        return instant
    wall = instant.cast("timestamp")
    return text.re_search(_OFFSET).ifelse(instant, _in_zone(tz, wall))


def _as_text(col: ibis.Value) -> ibis.Value:
    return col if col.type().is_string() else col.cast("string")


def _given(col: ibis.Value) -> ibis.Value:
    """True where the file holds a value (blank text counts as missing)."""
    if not col.type().is_string():
        return col.notnull()
    # Trim only what starts with a blank: trimming every value costs more than the rest of the
    # check on a big file.
    return ibis.cases(
        (col.isnull() | (col == ""), False),
        (col.ascii_str() > 32, True),
        else_=col.strip() != "",
    )


def _normalise(
    raw: ibis.Table, mapping: ColumnMapping, *, tz: str, timestamp_format: str | None
) -> ibis.Table:
    """The flow columns, and beside them what validation needs: whether the file gave a value
    (`_given_*`) and the raw value to show in an error (`_raw_*`, only read for bad rows)."""
    m = mapping
    # Case ids and activities are kept as written (trimming every value would cost a third of
    # the analysis on big files); blank ones are refused by validation.
    columns: dict[str, ibis.Value] = {
        CASE: _as_text(raw[m.case]),
        ACTIVITY: _as_text(raw[m.activity]),
        "_given_case": _given(raw[m.case]),
        "_given_activity": _given(raw[m.activity]),
        END: _timestamp(raw[m.timestamp], tz, timestamp_format),
        ROW: raw[_ROW].cast("int64"),
        _LINE: raw[_LINE].cast("int64"),
        "_raw_case": raw[m.case],
        "_raw_activity": raw[m.activity],
        "_raw_end": raw[m.timestamp],
        "_given_end": _given(raw[m.timestamp]),
    }
    if m.start:
        columns[START] = _timestamp(raw[m.start], tz, timestamp_format)
        columns["_raw_start"] = raw[m.start]
        columns["_given_start"] = _given(raw[m.start])
    else:
        columns[START] = ibis.null("timestamp('UTC')")
    columns[RESOURCE] = _as_text(raw[m.resource]) if m.resource else ibis.null("string")
    if m.cost:
        cost = raw[m.cost]
        columns[COST] = (
            cost.cast("float64") if cost.type().is_numeric() else _text(cost).try_cast("float64")
        )
        columns["_raw_cost"] = cost
        columns["_given_cost"] = _given(cost)
    else:
        columns[COST] = ibis.null("float64")
    if m.lifecycle:
        columns["lifecycle"] = _text(raw[m.lifecycle]).lower()
    return raw.select(**columns)


def _checks(t: ibis.Table, m: ColumnMapping) -> list[tuple[str, str, str, ibis.Value]]:
    """(column, raw value shown, reason, bad-row condition) for every rule a row must pass."""
    rules: list[tuple[str, str, str, ibis.Value]] = [
        (m.case, "_raw_case", "empty case id", ~t["_given_case"]),
        (m.activity, "_raw_activity", "empty activity", ~t["_given_activity"]),
        (m.timestamp, "_raw_end", "missing completion timestamp", ~t["_given_end"]),
        (m.timestamp, "_raw_end", "unparseable timestamp", t["_given_end"] & t[END].isnull()),
    ]
    if m.start:
        rules += [
            (
                m.start,
                "_raw_start",
                "unparseable timestamp",
                t["_given_start"] & t[START].isnull(),
            ),
            (m.start, "_raw_start", "start after completion", t[START] > t[END]),
        ]
    if m.cost:
        rules.append((m.cost, "_raw_cost", "not a number", t["_given_cost"] & t[COST].isnull()))
    return rules


def _validate(
    t: ibis.Table, m: ColumnMapping, path: Path, fmt: str
) -> tuple[int, bool, tuple[str, ...]]:
    """Check every row in one pass; raise `EventLogError` with the bad rows, else return the
    number of rows, whether any has a start time, and the activities' names (sorted)."""
    rules = _checks(t, m)
    flags = {f"_bad{i}": cond.fill_null(False) for i, (*_, cond) in enumerate(rules)}
    totals = (
        t.aggregate(
            _rows=t.count(),
            _timed=t[START].notnull().any(),
            _names=t[ACTIVITY].collect(distinct=True),
            **{k: flag.cast("int64").sum().fill_null(0) for k, flag in flags.items()},
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    total = sum(int(totals[k]) for k in flags)
    if not total:
        return int(totals["_rows"]), bool(totals["_timed"]), tuple(sorted(totals["_names"]))
    flagged = t.mutate(**flags)
    shown = sorted({s for _, s, _, _ in rules})
    rows = (
        flagged.filter(ibis.or_(*(flagged[k] for k in flags)))
        .order_by(flagged[ROW])
        .limit(MAX_ERRORS)
        .select(ROW, _LINE, *flags, **{s: flagged[s].cast("string") for s in shown})
        .to_pyarrow()
        .to_pylist()
    )
    lines = _csv_lines(path, [r[ROW] for r in rows]) if fmt == "csv" else {}
    errors: list[RowError] = []
    for r in rows:
        for i, (column, shown_col, reason, _) in enumerate(rules):
            if r[f"_bad{i}"]:
                value = r[shown_col]
                errors.append(
                    RowError(
                        lines.get(r[ROW], r[_LINE]),
                        column,
                        "" if value is None else str(value).strip(),
                        reason,
                    )
                )
    errors = errors[:MAX_ERRORS]
    raise EventLogError(errors, more=total - len(errors), message=f"{path}: {total} bad value(s)")


def _parquet_rows(path: Path, raw: ibis.Table) -> int:
    """The number of rows of a Parquet file, from its footer (DuckDB counts when Arrow cannot
    read the footer)."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (OSError, ValueError, pa.ArrowException):
        return int(raw.count().to_pyarrow().as_py())


def _validate_in_memory(
    t: ibis.Table, m: ColumnMapping, path: Path, fmt: str, columns: Sequence[str]
) -> pa.Table:
    """The flow `columns` of every row as Arrow, checked in the same pass: one scan of the file
    where `_validate` and the analysis would make two. A bad row anywhere sends the log to
    `_validate`, which lists the bad rows by line and column."""
    bad = ibis.or_(*(cond.fill_null(False) for *_, cond in _checks(t, m)))
    data = t.select(*columns, _bad=bad).to_pyarrow()
    if pc.any(data.column("_bad")).as_py():
        _validate(t, m, path, fmt)  # raises EventLogError
    return data.drop_columns(["_bad"]).combine_chunks()


def _csv_lines(path: Path, rows: Sequence[int]) -> dict[int, int]:
    """Exact line numbers of data rows (a quoted field may span lines); only run on errors."""
    wanted, last, out = set(rows), max(rows, default=-1), {}
    with _open_text(path) as f:
        reader = csv.reader(f, _sniff(path))
        next(reader, None)
        start = reader.line_num + 1
        for i, _ in enumerate(reader):
            if i in wanted:
                out[i] = start
            if i >= last:
                break
            start = reader.line_num + 1
    return out


# --- lifecycle pairing ----------------------------------------------------------------------


def _pair_lifecycle(t: ibis.Table) -> tuple[pa.Table, int, dict[str, int]]:
    """Pair start and complete events into activity instances.

    Within a case, events are taken in time order (file order on ties); a complete event pairs
    with the earliest pending start of the same activity (first in, first out, as PM4Py's
    `interval_lifecycle.to_interval` does); a complete without a pending start is an instance
    with no start time. Events with another transition (schedule, assign, suspend, ...) are
    counted and set aside; a start never completed is counted as unpaired.
    """
    lifecycle = t["lifecycle"]
    kind = (
        ibis.cases((lifecycle == "start", 1), (lifecycle == "complete", 2), else_=0)
        .fill_null(2)  # an event without a transition is a completion
        .cast("int8")
    )
    us = epoch_us(t[END])
    data = (
        t.select(CASE, ACTIVITY, "lifecycle", ROW, RESOURCE, COST, _t=us, _kind=kind)
        .order_by([CASE, ACTIVITY, "_t", ROW])
        .to_pyarrow()
        .combine_chunks()
    )
    kinds = data.column("_kind").to_numpy()
    others = data.filter(pa.array(kinds == 0)).column("lifecycle")
    ignored = {v["values"]: v["counts"] for v in pc.value_counts(others).to_pylist()}
    data = data.filter(pa.array(kinds > 0))
    kinds = data.column("_kind").to_numpy()
    case_codes = _codes(data.column(CASE))
    activity_codes = _codes(data.column(ACTIVITY))
    new_group = np.ones(len(kinds), dtype=bool)
    new_group[1:] = (case_codes[1:] != case_codes[:-1]) | (
        activity_codes[1:] != activity_codes[:-1]
    )
    completes, starts = _fifo_pairs(new_group, kinds == 1)
    unpaired = int((kinds == 1).sum() - (starts >= 0).sum())
    paired = starts >= 0
    times = data.column("_t").to_numpy()
    rows = data.column(ROW).to_numpy()
    take = pa.array(completes)
    start_us = np.where(paired, times[np.maximum(starts, 0)], 0)
    table = pa.table(
        {
            CASE: data.column(CASE).take(take),
            ACTIVITY: data.column(ACTIVITY).take(take),
            START: pa.array(start_us, pa.int64(), mask=~paired).cast(pa.timestamp("us", "UTC")),
            END: pa.array(times[completes], pa.int64()).cast(pa.timestamp("us", "UTC")),
            ROW: pa.array(np.where(paired, rows[np.maximum(starts, 0)], rows[completes])),
            RESOURCE: data.column(RESOURCE).take(take),
            COST: data.column(COST).take(take),
        }
    )
    return table.sort_by([(ROW, "ascending")]), unpaired, ignored


def _codes(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return pc.dictionary_encode(column).indices.to_numpy(zero_copy_only=False)


def _fifo_pairs(new_group: np.ndarray, is_start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-in-first-out pairing of starts and completes, vectorised.

    Events are sorted by group (case and activity) then time; `new_group` marks each group's
    first event, `is_start` the starts (every other event is a complete). Returns the positions
    of the completes and, for each, the position of the start it pairs with (-1: none).

    With s_k the starts seen before the k-th complete of a group, the number of starts consumed
    after it is q_k = min(q_(k-1) + 1, s_k), q_0 = 0, which unrolls to
    q_k = k + min(0, min over i <= k of (s_i - i)): a running minimum, so no Python loop. The
    k-th complete consumed a start when q_k > q_(k-1), and then it is the q_k-th start of its
    group.
    """
    n = len(is_start)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    group = np.cumsum(new_group) - 1
    first = np.flatnonzero(new_group)
    starts_incl = np.cumsum(is_start)
    starts_before_group = (starts_incl - is_start)[first]
    starts_before = starts_incl - is_start - starts_before_group[group]
    is_complete = ~is_start
    completes = np.flatnonzero(is_complete)
    complete_group = group[completes]
    completes_incl = np.cumsum(is_complete)
    completes_before_group = (completes_incl - is_complete)[first]
    k = completes_incl[completes] - completes_before_group[complete_group]  # 1-based rank
    slack = starts_before[completes] - k
    big = 2 * (n + 1)  # larger than any |slack|: keeps the running minimum inside a group
    offset = complete_group.astype(np.int64) * big
    running = np.minimum.accumulate(slack - offset) + offset
    consumed = k + np.minimum(0, running)
    before = np.zeros_like(consumed)
    before[1:] = consumed[:-1]
    before[k == 1] = 0
    paired = consumed > before
    start_positions = np.flatnonzero(is_start)
    matched = np.full(len(completes), -1, dtype=np.int64)
    matched[paired] = start_positions[
        starts_before_group[complete_group[paired]] + consumed[paired] - 1
    ]
    return completes.astype(np.int64), matched


# --- CSV ------------------------------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOWrapper:
    raw = gzip.open(path) if _is_gzip(path) else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _sniff(path: Path) -> type[csv.Dialect] | csv.Dialect:
    with _open_text(path) as f:
        sample = f.read(1 << 16)
    try:
        return csv.Sniffer().sniff(sample.split("\n", 20)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _unique_names(header: Sequence[str]) -> list[str]:
    names: list[str] = []
    for i, name in enumerate(header):
        name = name.strip() or f"column {i + 1}"
        base, k = name, 2
        while name in names:
            name, k = f"{base}.{k}", k + 1
        names.append(name)
    return names


def _read_csv(path: Path) -> pa.Table:
    """Every column as text (validation parses them), read by Arrow's multithreaded reader."""
    dialect = _sniff(path)
    with _open_text(path) as f:
        header = next(csv.reader(f, dialect), None)
    if not header:
        raise EventLogError(message=f"{path}: empty file")
    names = _unique_names(header)
    stream = pa.input_stream(str(path), compression="gzip" if _is_gzip(path) else None)
    table = pacsv.read_csv(
        stream,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(
            delimiter=dialect.delimiter,
            quote_char=dialect.quotechar or '"',
            newlines_in_values=True,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False
        ),
    )
    rows = pa.array(np.arange(table.num_rows, dtype=np.int64))
    return table.append_column(_ROW, rows).append_column(_LINE, pc.add(rows, 2))


# --- XLSX -----------------------------------------------------------------------------------

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}


def _xml_events(data: bytes, on_start: Any, on_end: Any = None, on_text: Any = None) -> None:
    p = expat.ParserCreate(namespace_separator="}")
    p.StartElementHandler = on_start
    if on_end:
        p.EndElementHandler = on_end
    if on_text:
        p.CharacterDataHandler = on_text
    p.buffer_text = True
    p.Parse(data, True)


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dmyhs]", code))


def _read_xlsx(path: Path, sheet: str | None) -> pa.Table:
    """The first sheet (or `sheet`) of a workbook, first non-empty row as header.

    A small reader of the Office Open XML parts Obeya needs (shared strings, number formats to
    tell dates, the 1904 date system), so reading Excel adds no dependency. Date cells become
    ISO text in the sheet's wall-clock time; `line` is the sheet's row number.
    """
    try:
        book = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise EventLogError(message=f"{path}: not an XLSX workbook ({exc})") from exc
    with book:
        parts = set(book.namelist())
        sheets: list[tuple[str, str]] = []
        date1904 = False

        def on_book(name: str, attrs: dict[str, str]) -> None:
            nonlocal date1904
            if name == f"{_NS_MAIN}}}sheet":
                sheets.append((attrs.get("name", ""), attrs.get(f"{_NS_REL}}}id", "")))
            elif name == f"{_NS_MAIN}}}workbookPr":
                date1904 = attrs.get("date1904", "0").lower() in ("1", "true")

        _xml_events(book.read("xl/workbook.xml"), on_book)
        targets: dict[str, str] = {}

        def on_rel(name: str, attrs: dict[str, str]) -> None:
            if name.endswith("}Relationship"):
                target = attrs.get("Target", "").lstrip("/")
                targets[attrs.get("Id", "")] = (
                    target if target.startswith("xl/") else "xl/" + target
                )

        if "xl/_rels/workbook.xml.rels" in parts:
            _xml_events(book.read("xl/_rels/workbook.xml.rels"), on_rel)
        if not sheets:
            raise EventLogError(message=f"{path}: the workbook has no sheet")
        if sheet is not None:
            match = [s for s in sheets if s[0] == sheet]
            if not match:
                raise EventLogError(message=f"{path}: no sheet named {sheet!r}")
            chosen = match[0]
        else:
            chosen = sheets[0]
        sheet_part = targets.get(chosen[1], "xl/worksheets/sheet1.xml")

        shared = _xlsx_shared_strings(book, parts)
        date_styles = _xlsx_date_styles(book, parts)
        cells = _xlsx_cells(book.read(sheet_part), shared, date_styles, date1904)
    if not cells:
        raise EventLogError(message=f"{path}: the sheet is empty")
    header_row = min(cells)
    header = cells.pop(header_row)
    width = max(header) + 1 if header else 0
    names = _unique_names([header.get(i, "") for i in range(width)])
    row_numbers = sorted(r for r, values in cells.items() if any(v != "" for v in values.values()))
    columns = {
        name: pa.array([cells[r].get(i, "") for r in row_numbers], pa.string())
        for i, name in enumerate(names)
    }
    columns[_ROW] = pa.array(np.arange(len(row_numbers), dtype=np.int64))
    columns[_LINE] = pa.array(row_numbers, pa.int64())
    return pa.table(columns)


def _xlsx_shared_strings(book: zipfile.ZipFile, parts: set[str]) -> list[str]:
    strings: list[str] = []
    if "xl/sharedStrings.xml" not in parts:
        return strings
    buf: list[str] = []
    in_text = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_text
        if name == f"{_NS_MAIN}}}si":
            buf.clear()
        elif name == f"{_NS_MAIN}}}t":
            in_text = True

    def end(name: str) -> None:
        nonlocal in_text
        if name == f"{_NS_MAIN}}}t":
            in_text = False
        elif name == f"{_NS_MAIN}}}si":
            strings.append("".join(buf))

    def text(data: str) -> None:
        if in_text:
            buf.append(data)

    _xml_events(book.read("xl/sharedStrings.xml"), start, end, text)
    return strings


def _xlsx_date_styles(book: zipfile.ZipFile, parts: set[str]) -> set[int]:
    """Indexes of the cell styles whose number format shows a date or a time."""
    if "xl/styles.xml" not in parts:
        return set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    in_xfs = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_xfs
        if name == f"{_NS_MAIN}}}numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif name == f"{_NS_MAIN}}}cellXfs":
            in_xfs = True
        elif name == f"{_NS_MAIN}}}xf" and in_xfs:
            xfs.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        nonlocal in_xfs
        if name == f"{_NS_MAIN}}}cellXfs":
            in_xfs = False

    _xml_events(book.read("xl/styles.xml"), start, end)
    return {
        i
        for i, fmt_id in enumerate(xfs)
        if fmt_id in _DATE_FORMAT_IDS or (fmt_id in custom and _is_date_format(custom[fmt_id]))
    }


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if ch.isalpha():
            index = index * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return index - 1


def _excel_date(serial: float, date1904: bool) -> str:
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    ms = round(serial * 86_400_000)
    value = base + dt.timedelta(milliseconds=ms)
    return value.isoformat(sep=" ", timespec="milliseconds" if ms % 1000 else "seconds")


def _xlsx_cells(
    data: bytes, shared: list[str], date_styles: set[int], date1904: bool
) -> dict[int, dict[int, str]]:
    rows: dict[int, dict[int, str]] = {}
    current_row = 0
    cell: dict[str, Any] = {}
    buf: list[str] = []
    in_value = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal current_row, in_value
        local = name.rpartition("}")[2]
        if local == "row":
            current_row = int(attrs.get("r", current_row + 1))
            rows.setdefault(current_row, {})
        elif local == "c":
            ref = attrs.get("r", "")
            cell.clear()
            cell.update(
                col=_column_index(ref) if ref else len(rows.get(current_row, {})),
                t=attrs.get("t", "n"),
                s=int(attrs.get("s", "0")),
            )
            buf.clear()
        elif local in ("v", "t"):
            in_value = True

    def end(name: str) -> None:
        nonlocal in_value
        local = name.rpartition("}")[2]
        if local in ("v", "t"):
            in_value = False
        elif local == "c":
            text, kind = "".join(buf), cell.get("t")
            if kind == "s" and text:
                value = shared[int(text)]
            elif kind == "b":
                value = "TRUE" if text == "1" else "FALSE"
            elif kind in ("str", "inlineStr", "e", "d"):
                value = text
            elif text and cell.get("s") in date_styles:
                value = _excel_date(float(text), date1904)
            elif text:
                number = float(text)
                value = str(int(number)) if number.is_integer() else repr(number)
            else:
                value = ""
            rows.setdefault(current_row, {})[cell["col"]] = value

    def text(data: str) -> None:
        if in_value:
            buf.append(data)

    _xml_events(data, start, end, text)
    return {r: values for r, values in rows.items() if values}


# --- XES ------------------------------------------------------------------------------------

_XES_EVENT_KEYS = (
    "concept:name",
    "time:timestamp",
    "lifecycle:transition",
    "org:resource",
    "cost:total",
    "start_timestamp",
)


def _read_xes(path: Path, wanted: set[str]) -> pa.Table:
    """Stream an XES file (gzipped or not) into Arrow text columns, one row per event.

    Built on pyexpat, the parser under `xml.etree.ElementTree.iterparse`, called directly: it
    gives each event's line number for the error messages, and skipping the Element objects
    makes it about a third faster (BPI Challenge 2012, 262,200 events: about 2 s). Trace
    attributes become `case:<key>` columns, as in PM4Py's data frames. Only the standard keys and
    those named in the mapping are kept; nested (list, container) values are skipped.
    """
    event_keys = {k for k in wanted if not k.startswith("case:")} | set(_XES_EVENT_KEYS)
    trace_keys = {k.removeprefix("case:") for k in wanted if k.startswith("case:")}
    trace_keys.add("concept:name")
    index = {k: i for i, k in enumerate(sorted(event_keys))}
    columns: list[list[str | None]] = [[] for _ in index]
    trace_index = {k: i for i, k in enumerate(sorted(trace_keys))}
    traces: list[list[str | None]] = []
    lines: list[int] = []
    trace_of: list[int] = []
    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.buffer_size = 1 << 16
    depth = 0
    event_depth = trace_depth = -9
    current: list[str | None] = [None] * len(index)
    trace_values: list[str | None] = [None] * len(trace_index)
    width = len(index)

    def value_of(attrs: list[str]) -> tuple[str | None, str | None]:
        if len(attrs) == 4 and attrs[0] == "key" and attrs[2] == "value":
            return attrs[1], attrs[3]
        pairs = dict(zip(attrs[::2], attrs[1::2], strict=False))
        return pairs.get("key"), pairs.get("value")

    def start(name: str, attrs: list[str]) -> None:
        nonlocal depth, event_depth, trace_depth, current, trace_values
        depth += 1
        if depth == event_depth + 1:
            if len(attrs) == 4 and attrs[0] == "key":
                i = index.get(attrs[1])
                if i is not None:
                    current[i] = attrs[3]
            else:
                key, value = value_of(attrs)
                i = index.get(key) if key is not None else None
                if i is not None:
                    current[i] = value
            return
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "event" and event_depth < 0:
            event_depth = depth
            current = [None] * width
            lines.append(parser.CurrentLineNumber)
        elif local == "trace":
            trace_depth = depth
            trace_values = [None] * len(trace_index)
            traces.append(trace_values)
        elif depth == trace_depth + 1 and event_depth < 0:
            key, value = value_of(attrs)
            j = trace_index.get(key) if key is not None else None
            if j is not None:
                trace_values[j] = value

    def end(name: str) -> None:
        nonlocal depth, event_depth, trace_depth
        if depth == event_depth:
            event_depth = -9
            for column, value in zip(columns, current, strict=True):
                column.append(value)
            trace_of.append(len(traces) - 1 if trace_depth > 0 else -1)
        elif depth == trace_depth:
            trace_depth = -9
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    opener = gzip.open if _is_gzip(path) else open
    try:
        with opener(path, "rb") as f:
            parser.ParseFile(f)
    except expat.ExpatError as exc:
        raise EventLogError(
            [RowError(exc.lineno, "", "", f"malformed XML: {expat.ErrorString(exc.code)}")],
            message=f"{path}: not a well-formed XES file",
        ) from exc
    out: dict[str, pa.Array] = {
        key: pa.array(columns[i], pa.string())
        for key, i in index.items()
        if any(v is not None for v in columns[i])
    }
    owner = np.asarray(trace_of, dtype=np.int64)
    for key, j in trace_index.items():
        per_trace = pa.array([t[j] for t in traces] + [None], pa.string())
        out["case:" + key] = per_trace.take(pa.array(np.where(owner < 0, len(traces), owner)))
    out[_ROW] = pa.array(np.arange(len(lines), dtype=np.int64))
    out[_LINE] = pa.array(lines, pa.int64())
    return pa.table(out)
