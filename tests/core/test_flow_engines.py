"""The two engines of `obeya.core.flow.analyse` give the same analysis: "arrays" (the events
brought back once and NumPy on one sort, used below `COUNTED_QUANTILES_FROM_EVENTS` on DuckDB)
and "ibis" (grouped by the backend, the path for PySpark and for logs larger than memory). On
real logs, on random logs (hypothesis: ties, overlapping steps, files out of time order, missing
start times) and on the pieces: the sort, the quantiles, the variants."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from pathlib import Path

import ibis
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core import eventlog, flow
from obeya.core.eventlog import read_log
from obeya.core.flow import analyse

LOGS = Path("/work/shared/reference/eventlogs")
T0 = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)


def same_figures(a, b, where=""):
    """Equal JSON, floats to 1e-12 (sums over cases may add in another order)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            same_figures(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same_figures(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-12), where
    else:
        assert a == b, where


@pytest.mark.parametrize(
    "name",
    [
        "running-example.csv",
        "running-example.xes",
        "interval_event_log.csv",
        "receipt.csv",
        "helpdesk.xes.gz",
    ],
)
def test_both_engines_give_the_same_analysis_of_a_real_log(name):
    log = read_log(LOGS / name)
    assert log.in_memory is not None
    arrays = analyse(log, engine="arrays")
    assert arrays.edges
    same_figures(arrays.to_dict(), analyse(log, engine="ibis").to_dict())
    # From the table rather than the columns read while validating: the same again.
    from_table = analyse(log.table, engine="arrays", name=Path(log.source).stem)
    same_figures(arrays.to_dict(), from_table.to_dict())


def test_a_log_past_the_in_memory_threshold_stays_on_disk_with_the_same_analysis(
    monkeypatch, tmp_path
):
    path = tmp_path / "log.parquet"
    read_log(LOGS / "receipt.csv").table.to_parquet(path)
    small = read_log(path)
    monkeypatch.setattr(eventlog, "IN_MEMORY_BELOW_EVENTS", small.events)
    big = read_log(path)
    assert small.in_memory is not None and big.in_memory is None
    assert small.in_memory.num_rows == small.events
    assert (big.events, big.activities, big.has_start_times) == (
        small.events,
        small.activities,
        small.has_start_times,
    )
    same_figures(analyse(small).to_dict(), analyse(big).to_dict())


def test_bad_rows_are_listed_the_same_from_memory_and_from_disk(monkeypatch, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "case,activity,start,timestamp\n"
        "c1,A,2024-01-01 08:00,2024-01-01 09:00\n"
        "c1,,2024-01-01 09:00,2024-01-01 10:00\n"
        "c2,B,2024-01-01 12:00,2024-01-01 11:00\n"
        "c2,C,,not a date\n"
    )
    with pytest.raises(eventlog.EventLogError) as in_memory:
        read_log(path)
    monkeypatch.setattr(eventlog, "IN_MEMORY_BELOW_EVENTS", 0)
    with pytest.raises(eventlog.EventLogError) as on_disk:
        read_log(path)
    assert [str(e) for e in in_memory.value.errors] == [str(e) for e in on_disk.value.errors]
    assert [(e.line, e.reason) for e in in_memory.value.errors] == [
        (3, "empty activity"),
        (4, "start after completion"),
        (5, "unparseable timestamp"),
    ]


def test_an_unknown_engine_is_refused():
    log = read_log(LOGS / "running-example.csv")
    with pytest.raises(ValueError, match="engine"):
        analyse(log, engine="spark")


# --- random logs -------------------------------------------------------------------------------

event = st.tuples(
    st.sampled_from(["c1", "c2", "c3", "c4"]),
    st.sampled_from(["A", "B", "C"]),
    st.none() | st.integers(0, 6),  # start hour, or none
    st.integers(0, 4),  # duration in hours: a start may come after an earlier step's end
)


def random_table(events: list[tuple], with_row: bool, rows: list[int]) -> ibis.Table:
    """A flow table of `events` in file order; `rows` numbers them (any order, no repeats)."""
    starts = [None if s is None else T0 + dt.timedelta(hours=s) for _, _, s, _ in events]
    ends = [
        T0 + dt.timedelta(hours=(s or 0) + d + (3 if s is None else 0)) for _, _, s, d in events
    ]
    columns = {
        "case_id": pa.array([e[0] for e in events], pa.string()),
        "activity": pa.array([e[1] for e in events], pa.string()),
        "start_time": pa.array(starts, pa.timestamp("us", "UTC")),
        "end_time": pa.array(ends, pa.timestamp("us", "UTC")),
    }
    if with_row:
        columns["row"] = pa.array(rows, pa.int64())
    return ibis.memtable(pa.table(columns))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(event, min_size=1, max_size=25),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_both_engines_agree_on_random_logs(events, with_row, rng):
    rows = list(range(len(events)))
    rng.shuffle(rows)  # the file's order need not be the order rows come back in
    table = random_table(events, with_row, rows)
    same_figures(analyse(table, engine="arrays").to_dict(), analyse(table, engine="ibis").to_dict())


# --- the pieces --------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 4), st.integers(0, 50)),
        max_size=40,
        unique_by=lambda t: t[3],  # the place in the file is unique
    ),
    st.booleans(),
)
def test_the_case_order_is_the_four_key_sort(keys, in_file_order):
    if in_file_order:
        keys = sorted(keys, key=lambda t: t[3])
    case, begin, end, place = (np.array([k[i] for k in keys], dtype=np.int64) for i in range(4))
    order = flow._case_order(case, begin, end, place)
    expected = np.lexsort((place, end, begin, case))
    assert order.tolist() == expected.tolist()


def exact(values: list[int], q: float) -> float:
    s = sorted(values)
    rank = (len(s) - 1) * q
    lo, hi = s[math.floor(rank)], s[math.ceil(rank)]
    return float(lo + (hi - lo) * Fraction(rank - math.floor(rank)))


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([7], 7, 7),
        ([1, 2, 3, 4], 2.5, 3.7),
        ([15, 20, 35, 40, 50], 35, 46),  # the textbook five-value sample
        ([3, 1, 2, 2, 2, 2, 9], 2, 5.4),
        (list(range(100, 0, -1)), 50.5, 90.1),
    ],
)
def test_segment_quantiles_of_textbook_samples(values, median, p90):
    # The sample between two others, as groups lie in the sorted waits.
    ordered = np.array([9, 9, *values, 0], dtype=np.int64)
    got = flow._segment_quantiles(ordered, np.array([2, len(values), 0, 1]))
    assert got[1] == pytest.approx((median, p90), rel=1e-15, abs=0)
    assert 2 not in got  # an empty group has no quantiles


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10**14), min_size=1, max_size=30), min_size=1))
def test_segment_quantiles_are_the_counted_ones(groups):
    ordered = np.array([v for g in groups for v in g], dtype=np.int64)
    got = flow._segment_quantiles(ordered, np.array([len(g) for g in groups]))
    assert got == {i: (exact(g, 0.5), exact(g, 0.9)) for i, g in enumerate(groups)}


def test_cases_with_the_same_steps_share_a_variant_and_others_do_not():
    # Cases (in order): ABA, AB, ABA, BA, A, AB: lengths 3, 2, 3, 2, 1, 2.
    activity = np.array([0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1], dtype=np.uint16)
    starts = np.array([0, 3, 5, 8, 10, 11])
    lengths = np.array([3, 2, 3, 2, 1, 2])
    variant, representative = flow._variant_of_cases(activity, starts, lengths)
    sequences = [tuple(activity[s : s + n]) for s, n in zip(starts, lengths, strict=True)]
    for i in range(6):
        for j in range(6):
            assert (variant[i] == variant[j]) == (sequences[i] == sequences[j])
    assert sorted(sequences[c] for c in representative) == sorted(set(sequences))
    assert [sequences[representative[v]] for v in variant] == sequences
