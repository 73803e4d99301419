"""Reading event logs: column detection, bad rows by line and column, XES lifecycle pairing,
every file format, and the real BPI Challenge 2012 log."""

from __future__ import annotations

import datetime as dt
import gzip
import time
from collections import deque
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core.eventlog import (
    MAX_ERRORS,
    ColumnMapping,
    EventLogError,
    RowError,
    _fifo_pairs,
    detect_columns,
    read_log,
)
from obeya.core.flow import analyse

LOGS = Path("/work/shared/reference/eventlogs")
FIXTURES = Path(__file__).parent / "fixtures" / "flow"
UTC = dt.UTC


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["case:concept:name", "concept:name", "time:timestamp", "org:resource"],
            ColumnMapping(
                "case:concept:name", "concept:name", "time:timestamp", resource="org:resource"
            ),
        ),
        (  # Disco / ProM CSV export
            ["Case ID", "Activity", "Start Timestamp", "Complete Timestamp", "Resource"],
            ColumnMapping(
                "Case ID",
                "Activity",
                "Complete Timestamp",
                start="Start Timestamp",
                resource="Resource",
            ),
        ),
        (  # PM4Py interval log
            ["case:concept:name", "concept:name", "time:timestamp", "start_timestamp"],
            ColumnMapping(
                "case:concept:name", "concept:name", "time:timestamp", start="start_timestamp"
            ),
        ),
        (  # XES keys with the lifecycle and cost
            [
                "case:concept:name",
                "concept:name",
                "time:timestamp",
                "lifecycle:transition",
                "cost:total",
            ],
            ColumnMapping(
                "case:concept:name",
                "concept:name",
                "time:timestamp",
                cost="cost:total",
                lifecycle="lifecycle:transition",
            ),
        ),
        (  # snake case and a case-insensitive match
            ["CASE_ID", "activity_name", "end_time", "start_time"],
            ColumnMapping("CASE_ID", "activity_name", "end_time", start="start_time"),
        ),
        (  # the running example: concept:name wins over Activity, Costs is the cost
            [
                "",
                "concept:name",
                "org:resource",
                "time:timestamp",
                "Activity",
                "Resource",
                "Costs",
                "case:concept:name",
            ],
            ColumnMapping(
                "case:concept:name",
                "concept:name",
                "time:timestamp",
                resource="org:resource",
                cost="Costs",
            ),
        ),
    ],
)
def test_detect_columns_from_usual_names(names, expected):
    assert detect_columns(names) == expected


def test_detect_columns_takes_explicit_names_first():
    mapping = detect_columns(
        ["order", "step", "done at", "begun"],
        case="order",
        activity="step",
        timestamp="done at",
        start="begun",
    )
    assert mapping == ColumnMapping("order", "step", "done at", start="begun")


def test_detect_columns_says_which_field_is_missing():
    with pytest.raises(EventLogError) as caught:
        detect_columns(["order", "what", "when"])
    reasons = [e.reason for e in caught.value.errors]
    assert any("--case" in r for r in reasons)
    assert any("--activity" in r for r in reasons)


def test_bad_rows_are_reported_by_line_and_column(tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        "case,activity,timestamp\n"
        "c1,A,2024-01-01 10:00\n"
        "c1,B,2024-01-01 11:00\n"
        "c1,C,2024-13-45 10:00\n"  # line 4: no 13th month
        "c2,A,2024-01-02 10:00\n"
        "c2,B,2024-01-02 11:00\n"
        ",C,2024-01-02 12:00\n",  # line 7: no case
    )
    with pytest.raises(EventLogError) as caught:
        read_log(path)
    assert caught.value.errors == (
        RowError(4, "timestamp", "2024-13-45 10:00", "unparseable timestamp"),
        RowError(7, "case", "", "empty case id"),
    )
    assert caught.value.more == 0
    assert "line 4, column 'timestamp': unparseable timestamp" in str(caught.value)


def test_line_numbers_count_quoted_line_breaks(tmp_path):
    path = write(
        tmp_path,
        "notes.csv",
        "case;activity;timestamp;note\n"
        'c1;A;2024-01-01 10:00;"two\nlines"\n'  # lines 2 and 3
        "c1;B;yesterday;\n",  # line 4
    )
    with pytest.raises(EventLogError) as caught:
        read_log(path)
    assert caught.value.errors == (RowError(4, "timestamp", "yesterday", "unparseable timestamp"),)


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            "c1,A,2024-01-01 12:00,2024-01-01 11:00",
            RowError(2, "start", "2024-01-01 12:00", "start after completion"),
        ),
        ("c1,A,2024-01-01 10:00,", RowError(2, "end", "", "missing completion timestamp")),
        ("c1,,2024-01-01 10:00,2024-01-01 11:00", RowError(2, "activity", "", "empty activity")),
        ("c1,A,10h00,2024-01-01 11:00", RowError(2, "start", "10h00", "unparseable timestamp")),
    ],
)
def test_each_rule_names_its_column(tmp_path, row, error):
    path = write(tmp_path, "one.csv", f"case,activity,start,end\n{row}\n")
    with pytest.raises(EventLogError) as caught:
        read_log(path)
    assert caught.value.errors == (error,)


def test_the_error_list_is_capped_and_the_rest_counted(tmp_path):
    rows = "".join(f"c{i},A,not a date\n" for i in range(150))
    path = write(tmp_path, "many.csv", "case,activity,timestamp\n" + rows)
    with pytest.raises(EventLogError) as caught:
        read_log(path)
    assert len(caught.value.errors) == MAX_ERRORS
    assert caught.value.more == 50
    assert caught.value.errors[0].line == 2


def _xes(traces: dict[str, list[tuple[str, str, str]]]) -> str:
    body = []
    for case, events in traces.items():
        body.append(f'  <trace>\n    <string key="concept:name" value="{case}"/>')
        for activity, transition, stamp in events:
            body.append(
                "    <event>\n"
                f'      <string key="concept:name" value="{activity}"/>\n'
                f'      <string key="lifecycle:transition" value="{transition}"/>\n'
                f'      <date key="time:timestamp" value="{stamp}"/>\n'
                "    </event>"
            )
        body.append("  </trace>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
        '  <global scope="event"><string key="concept:name" value="x"/></global>\n'
        + "\n".join(body)
        + "\n</log>\n"
    )


def test_xes_start_and_complete_events_become_one_activity_instance(tmp_path):
    day = "2024-05-02T"
    path = write(
        tmp_path,
        "lifecycle.xes",
        _xes(
            {
                "c1": [
                    ("A", "start", day + "10:00:00+02:00"),
                    ("A", "complete", day + "10:30:00+02:00"),
                    ("B", "complete", day + "11:00:00+02:00"),  # no start: completion only
                    ("C", "schedule", day + "11:05:00+02:00"),  # set aside
                    ("C", "start", day + "11:10:00+02:00"),
                    ("C", "complete", day + "11:40:00+02:00"),
                    ("D", "start", day + "12:00:00+02:00"),  # never completed
                ],
                "c2": [  # two overlapping runs of A: first in, first out
                    ("A", "start", day + "09:00:00+02:00"),
                    ("A", "start", day + "09:10:00+02:00"),
                    ("A", "complete", day + "09:20:00+02:00"),
                    ("A", "complete", day + "09:40:00+02:00"),
                ],
            }
        ),
    )
    log = read_log(path)
    assert (log.source_events, log.events, log.unpaired_starts) == (11, 5, 1)
    assert log.ignored_transitions == {"schedule": 1}
    rows = log.table.order_by("row").to_pyarrow().to_pylist()

    def at(hhmm: str) -> dt.datetime:
        return dt.datetime.fromisoformat(f"{day}{hhmm}:00+02:00").astimezone(UTC)

    got = [(r["case_id"], r["activity"], r["start_time"], r["end_time"]) for r in rows]
    assert sorted(got, key=lambda r: (r[0], r[3])) == [
        ("c1", "A", at("10:00"), at("10:30")),
        ("c1", "B", None, at("11:00")),
        ("c1", "C", at("11:10"), at("11:40")),
        ("c2", "A", at("09:00"), at("09:20")),
        ("c2", "A", at("09:10"), at("09:40")),
    ]
    result = analyse(log)
    assert result.has_start_times
    assert {a.name: a.processing.median_s for a in result.activities} == {
        "A": 1800.0,
        "B": None,
        "C": 1800.0,
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.booleans()), max_size=40))
def test_vectorised_pairing_is_first_in_first_out(events):
    """The NumPy pairing gives what a queue per (case, activity) gives."""
    events.sort(key=lambda e: e[0])  # grouped, order within a group kept
    groups = np.array([g for g, _ in events], dtype=np.int64)
    is_start = np.array([s for _, s in events], dtype=bool)
    new_group = np.ones(len(events), dtype=bool)
    new_group[1:] = groups[1:] != groups[:-1]
    completes, starts = _fifo_pairs(new_group, is_start)
    pending: dict[int, deque[int]] = {}
    expected_completes, expected_starts = [], []
    for i, (group, start) in enumerate(events):
        if start:
            pending.setdefault(group, deque()).append(i)
        else:
            queue = pending.get(group)
            expected_completes.append(i)
            expected_starts.append(queue.popleft() if queue else -1)
    assert completes.tolist() == expected_completes
    assert starts.tolist() == expected_starts


def _signature(result):
    """The figures two readings of the same log must share."""
    return (
        result.cases,
        result.events,
        [(e.source, e.target, e.count, e.mean_s, e.median_s, e.p90_s) for e in result.edges],
        [(v.activities, v.count) for v in result.variants],
        result.lead_times,
        result.rework_rate,
    )


def test_csv_xes_xlsx_and_parquet_give_the_same_analysis(tmp_path):
    reference = _signature(analyse(read_log(LOGS / "running-example.csv")))
    assert _signature(analyse(read_log(LOGS / "running-example.xes"))) == reference
    # Excel has no time zones: the workbook holds Amsterdam's wall-clock times (+01:00).
    xlsx = read_log(FIXTURES / "running-example.xlsx", tz="Europe/Amsterdam")
    assert xlsx.mapping == ColumnMapping(
        "Case ID", "Activity", "Complete Timestamp", resource="Resource", cost="Cost"
    )
    assert _signature(analyse(xlsx)) == reference

    csv_log = read_log(LOGS / "running-example.csv")
    table = csv_log.table.to_pyarrow()
    typed = pa.table(
        {
            "Case": pa.array([int(c) for c in table.column("case_id").to_pylist()]),
            "Step": table.column("activity"),
            "Completed": table.column("end_time"),
        }
    )
    pq.write_table(typed, tmp_path / "log.parquet")
    parquet = read_log(
        tmp_path / "log.parquet", case="Case", activity="Step", timestamp="Completed"
    )
    assert _signature(analyse(parquet)) == reference


def test_gzipped_csv_with_semicolons_and_a_day_first_format(tmp_path):
    path = tmp_path / "log.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("Case ID;Activity;Complete Timestamp\n1;A;31/12/2023 23:00\n1;B;01/01/2024 01:30\n")
    log = read_log(path, timestamp_format="%d/%m/%Y %H:%M")
    result = analyse(log)
    assert [(e.source, e.target, e.mean_s) for e in result.edges] == [("A", "B", 9000.0)]


def test_naive_timestamps_are_read_in_the_given_time_zone(tmp_path):
    """Paris springs forward at 02:00 on 31 March 2024: 01:30 to 03:30 is one hour."""
    path = write(
        tmp_path,
        "paris.csv",
        "case,activity,timestamp\n1,A,2024-03-31 01:30:00\n1,B,2024-03-31 03:30:00\n",
    )
    assert analyse(read_log(path, tz="Europe/Paris")).edges[0].mean_s == 3600.0
    assert analyse(read_log(path)).edges[0].mean_s == 7200.0  # read as UTC by default


def test_unknown_format_and_missing_file_are_refused(tmp_path):
    with pytest.raises(EventLogError, match="no such file"):
        read_log(tmp_path / "nothing.csv")
    with pytest.raises(EventLogError, match="unknown log format"):
        read_log(write(tmp_path, "log.json", "{}"))


def test_bpi_challenge_2012_reads_fast_with_its_published_counts():
    started = time.perf_counter()
    log = read_log(LOGS / "bpic2012.xes.gz")
    result = analyse(log)
    elapsed = time.perf_counter() - started
    assert log.source_events == 262_200
    assert result.cases == 13_087
    # 164,506 COMPLETE events; the 71,376 START events pair with them, 3 never complete, and
    # the 26,318 SCHEDULE events are set aside.
    assert log.events == 164_506
    assert log.unpaired_starts == 3
    assert log.ignored_transitions == {"schedule": 26_318}
    assert elapsed < 20, f"reading and analysing BPI 2012 took {elapsed:.1f} s"
