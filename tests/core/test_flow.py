"""Flow metrics on tiny logs computed by hand: ordering rules, edge times, single-event cases,
daylight saving, WIP and Little's law over a window, the value-stream proposal, the JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from obeya.core.eventlog import read_log
from obeya.core.flow import FlowAnalysis, analyse
from obeya.core.vsm import compute_metrics, parse_value_stream

UTC = dt.UTC
T0 = dt.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
LOGS = Path("/work/shared/reference/eventlogs")


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def table(rows: list[tuple]) -> ibis.Table:
    """A flow table from (case, activity, start hour or None, end hour) rows, in file order."""
    return ibis.memtable(
        pa.table(
            {
                "case_id": pa.array([r[0] for r in rows], pa.string()),
                "activity": pa.array([r[1] for r in rows], pa.string()),
                "start_time": pa.array(
                    [None if r[2] is None else at(r[2]) for r in rows], pa.timestamp("us", "UTC")
                ),
                "end_time": pa.array([at(r[3]) for r in rows], pa.timestamp("us", "UTC")),
                "row": pa.array(range(len(rows)), pa.int64()),
            }
        )
    )


def edges(result: FlowAnalysis) -> dict[tuple[str, str], tuple[int, float]]:
    return {(e.source, e.target): (e.count, e.mean_s) for e in result.edges}


def test_ties_in_timestamps_keep_the_files_order():
    result = analyse(table([("c1", "A", None, 0), ("c1", "C", None, 1), ("c1", "B", None, 1)]))
    assert [v.activities for v in result.variants] == [("A", "C", "B")]
    assert edges(result) == {("A", "C"): (1, 3600.0), ("C", "B"): (1, 0.0)}


def test_events_are_ordered_by_start_time_and_overlap_is_not_waiting():
    # B starts before C but completes after it: the case reads A, B, C.
    result = analyse(table([("c1", "A", 0, 0.5), ("c1", "C", 1.5, 2), ("c1", "B", 1, 4)]))
    assert [v.activities for v in result.variants] == [("A", "B", "C")]
    # A -> B: A completes at 0.5, B starts at 1. B -> C: C started before B completed.
    assert edges(result) == {("A", "B"): (1, 1800.0), ("B", "C"): (1, 0.0)}
    assert {a.name: a.processing.median_s for a in result.activities} == {
        "A": 1800.0,
        "B": 3 * 3600.0,
        "C": 1800.0,
    }
    assert result.lead_times.mean_s == 4 * 3600.0  # first start to last completion


def test_without_start_times_paths_run_from_completion_to_completion():
    result = analyse(table([("c1", "A", None, 0), ("c1", "B", None, 2), ("c1", "C", None, 2.5)]))
    assert edges(result) == {("A", "B"): (1, 7200.0), ("B", "C"): (1, 1800.0)}
    assert not result.has_start_times
    assert result.to_dict()["processing_time_s"] == {}


def test_a_single_event_case_has_no_path_and_zero_lead_time():
    result = analyse(table([("c1", "A", None, 0), ("c1", "B", None, 1), ("c2", "X", None, 5)]))
    assert result.cases == 2
    assert [(v.activities, v.count) for v in result.variants] == [(("A", "B"), 1), (("X",), 1)]
    assert edges(result) == {("A", "B"): (1, 3600.0)}
    assert result.lead_times.min_s == 0.0
    assert dict(result.start_activities) == {"A": 1, "X": 1}
    assert dict(result.end_activities) == {"B": 1, "X": 1}


def test_variants_most_frequent_first_then_alphabetical():
    rows = [
        ("c1", "B", None, 0),
        ("c2", "A", None, 0),
        ("c3", "A", None, 0),
        ("c4", "C", None, 0),
        ("c5", "B", None, 0),
    ]
    result = analyse(table(rows))
    assert [(v.activities, v.count) for v in result.variants] == [
        (("A",), 2),
        (("B",), 2),
        (("C",), 1),
    ]


def test_rework_counts_cases_and_extra_runs():
    rows = [
        ("c1", "A", None, 0),
        ("c1", "B", None, 1),
        ("c1", "B", None, 2),
        ("c1", "B", None, 3),
        ("c2", "A", None, 0),
        ("c2", "B", None, 1),
        ("c3", "A", None, 0),
        ("c3", "A", None, 1),
        ("c3", "B", None, 2),
        ("c4", "A", None, 0),
    ]
    result = analyse(table(rows))
    assert result.rework_rate == 0.5
    assert [(r.activity, r.cases, r.repeats) for r in result.rework] == [("B", 1, 2), ("A", 1, 1)]


def test_percentiles_interpolate_linearly():
    # Waits before B of 0, 1, 2, 3 and 10 hours: median 2 h, p90 = 3 + 0.6 x 7 = 7.2 h.
    rows = []
    for i, wait in enumerate([0, 1, 2, 3, 10]):
        rows += [(f"c{i}", "A", None, 0), (f"c{i}", "B", None, wait)]
    edge = analyse(table(rows)).edges[0]
    assert (edge.median_s, edge.p90_s) == (2 * 3600.0, pytest.approx(7.2 * 3600.0))
    assert edge.mean_s == pytest.approx(3.2 * 3600.0)


def test_durations_stay_exact_across_daylight_saving_changes(tmp_path):
    """Paris: 02:00 CET becomes 03:00 CEST on 31 March 2024, 03:00 CEST becomes 02:00 CET on
    27 October 2024. Both paths last one real hour, whatever the wall clock says."""
    path = tmp_path / "dst.csv"
    path.write_text(
        "case,activity,timestamp\n"
        "spring,A,2024-03-31T01:30:00+01:00\n"
        "spring,B,2024-03-31T03:30:00+02:00\n"
        "autumn,A,2024-10-27T02:30:00+02:00\n"
        "autumn,B,2024-10-27T02:30:00+01:00\n"
    )
    result = analyse(read_log(path), tz="Europe/Paris")
    assert edges(result) == {("A", "B"): (2, 3600.0)}
    assert result.lead_times.max_s == 3600.0
    # Calendar days are Paris days: the two cases complete on 31 March and 27 October.
    busy = {p.start for p in result.throughput_days if p.value}
    assert busy == {dt.date(2024, 3, 31), dt.date(2024, 10, 27)}


def test_littles_law_over_the_whole_log_and_over_a_window_that_cuts_a_case():
    # c1 runs 0-10 h, c2 runs 5-20 h.
    flow = table(
        [("c1", "A", None, 0), ("c1", "B", None, 10), ("c2", "A", None, 5), ("c2", "B", None, 20)]
    )
    law = analyse(flow).littles_law
    # 0-20 h: time in progress 10 + 15 = 25 h, mean WIP 1.25; 2 cases in 20 h, lead time 12.5 h.
    assert law.wip_mean == pytest.approx(1.25)
    assert law.throughput_per_day == pytest.approx(2 / 20 * 24)
    assert law.lead_time_mean_days == pytest.approx(12.5 / 24)
    assert law.relative_gap == pytest.approx(0, abs=1e-12)
    cut = analyse(flow, window=(at(0), at(10))).littles_law
    # 0-10 h: in progress 10 + 5 = 15 h, WIP 1.5; c1 completes: 1 case / 10 h x 10 h = 1.
    assert cut.wip_mean == pytest.approx(1.5)
    assert cut.throughput_x_lead_time == pytest.approx(1.0)
    assert cut.relative_gap == pytest.approx(1 / 3)


def test_wip_and_throughput_by_day():
    # c1: day 1 08:00 to day 2 08:00; c2: day 2 08:00 to 20:00 (UTC days).
    flow = table(
        [("c1", "A", None, 0), ("c1", "B", None, 24), ("c2", "A", None, 24), ("c2", "B", None, 36)]
    )
    result = analyse(flow)
    assert [(p.start.day, p.value) for p in result.throughput_days] == [(1, 0), (2, 2)]
    # Day 1 (08:00-24:00 inside the window): one case all along. Day 2 (00:00-20:00): c1 for
    # 8 h, c2 for 12 h, so 20 h of work in progress over 20 h.
    assert [(p.start.day, p.value) for p in result.wip_days] == [(1, 1.0), (2, 1.0)]
    assert result.wip_max == 1
    assert [(p.start, p.value) for p in result.throughput_weeks] == [(dt.date(2024, 1, 1), 2)]


def test_queues_are_ranked_by_total_waiting_time():
    rows = [
        ("c1", "A", 0, 1),
        ("c1", "B", 3, 4),
        ("c1", "C", 4, 5),  # waits: B 2 h, C 0
        ("c2", "A", 0, 1),
        ("c2", "B", 2, 3),
        ("c2", "C", 9, 10),  # waits: B 1 h, C 6 h
    ]
    result = analyse(table(rows))
    ranked = [(w.activity, w.count, w.total_s, w.mean_s) for w in result.waiting]
    assert ranked == [("C", 2, 6 * 3600.0, 3 * 3600.0), ("B", 2, 3 * 3600.0, 1.5 * 3600.0)]
    window_s = 10 * 3600.0
    assert result.waiting[0].queue_cases == pytest.approx(6 * 3600.0 / window_s)


def test_the_proposed_value_stream_is_a_valid_map():
    result = analyse(read_log(LOGS / "interval_event_log.csv"))
    vsm = result.value_stream
    metrics = compute_metrics(parse_value_stream(vsm))
    steps = [item["process"]["name"] for item in vsm["flow"] if "process" in item]
    assert steps[:4] == ["place order", "send invoice", "send reminder", "pay"]
    assert vsm["flow"][0] == {"process": {"name": "place order", "cycle_time_s": 568.0}}
    # Each inventory is Little's average queue; the map turns it back into the mean wait per
    # case, so its lead time is close to the log's mean lead time (24.4 days).
    assert metrics.lead_time_days == pytest.approx(result.lead_times.mean_s / 86_400, rel=0.01)
    assert result.value_stream_notes == ()


def test_without_start_times_the_value_stream_says_what_it_could_not_measure():
    result = analyse(read_log(LOGS / "running-example.csv"))
    parse_value_stream(result.value_stream)
    names = [i["process"]["name"] for i in result.value_stream["flow"]]
    assert "register request" not in names  # always first, no start time: no cycle time
    assert not any("inventory" in i for i in result.value_stream["flow"])
    assert any("upper bound" in n for n in result.value_stream_notes)


def test_the_json_has_the_stable_keys_and_no_nan():
    data = analyse(read_log(LOGS / "running-example.csv")).to_dict()
    assert {
        "cases",
        "events",
        "activities",
        "edges",
        "case_duration_s",
        "variants",
        "rework_rate",
        "processing_time_s",
        "wip",
        "throughput",
        "littles_law",
        "waiting_by_activity",
        "value_stream",
    } <= set(data)
    assert set(data["edges"][0]) == {"source", "target", "count", "mean_s", "median_s", "p90_s"}
    assert {"mean", "median", "p90"} <= set(data["case_duration_s"])
    assert set(data["variants"][0]) == {"activities", "count"}
    json.dumps(data, allow_nan=False)
