"""Every flow metric against PM4Py's figures on the reference logs.

The figures were computed once by PM4Py (bench/make_flow_fixture.py; the version is in the
fixture) and stored as JSON: PM4Py is AGPL and heavy, so the tests only read what it found.
Percentiles are NumPy's linear interpolation on PM4Py's raw values, like DuckDB's quantile_cont.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from obeya.core.eventlog import read_log
from obeya.core.flow import FlowAnalysis, analyse

LOGS = Path("/work/shared/reference/eventlogs")
FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "flow" / "pm4py_reference.json").read_text()
)
CASES = [
    ("running-example.csv", "running-example.csv"),
    ("running-example.xes", "running-example.csv"),  # the same log as XES
    ("interval_event_log.csv", "interval_event_log.csv"),
]
approx = pytest.approx


@cache
def ours(name: str) -> FlowAnalysis:
    return analyse(read_log(LOGS / name))


def test_the_fixture_says_which_pm4py_made_it():
    assert FIXTURE["pm4py_version"].startswith("2.")
    assert FIXTURE["generated_by"] == "bench/make_flow_fixture.py"


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_cases_and_events(log, reference):
    pm4py = FIXTURE["logs"][reference]
    assert (ours(log).cases, ours(log).events) == (pm4py["cases"], pm4py["events"])


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_directly_follows_counts(log, reference):
    pm4py = FIXTURE["logs"][reference]
    assert [(e.source, e.target, e.count) for e in ours(log).edges] == [
        (e["source"], e["target"], e["count"]) for e in pm4py["edges"]
    ]


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_times_on_the_paths(log, reference):
    pm4py = {(e["source"], e["target"]): e for e in FIXTURE["logs"][reference]["edges"]}
    for e in ours(log).edges:
        theirs = pm4py[(e.source, e.target)]
        assert (e.mean_s, e.median_s, e.p90_s) == approx(
            (theirs["mean_s"], theirs["median_s"], theirs["p90_s"]), rel=1e-12
        ), (e.source, e.target)


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_case_durations(log, reference):
    pm4py = FIXTURE["logs"][reference]["case_duration_s"]
    lead = ours(log).lead_times
    assert (lead.mean_s, lead.median_s, lead.p90_s, lead.min_s, lead.max_s) == approx(
        (pm4py["mean"], pm4py["median"], pm4py["p90"], pm4py["min"], pm4py["max"]), rel=1e-12
    )


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_variants_every_one_most_frequent_first(log, reference):
    pm4py = FIXTURE["logs"][reference]["variants"]
    assert [{"activities": list(v.activities), "count": v.count} for v in ours(log).variants] == (
        pm4py
    )


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_start_and_end_activities(log, reference):
    pm4py = FIXTURE["logs"][reference]
    assert dict(ours(log).start_activities) == pm4py["start_activities"]
    assert dict(ours(log).end_activities) == pm4py["end_activities"]


@pytest.mark.parametrize(("log", "reference"), CASES)
def test_rework(log, reference):
    pm4py = FIXTURE["logs"][reference]
    assert {r.activity: r.cases for r in ours(log).rework} == pm4py["rework_cases_per_activity"]
    assert ours(log).rework_rate == approx(pm4py["rework_rate"], rel=1e-12)


def test_processing_times_match_pm4py_service_times():
    pm4py = FIXTURE["logs"]["interval_event_log.csv"]["processing_time_s"]
    got = {
        a.name: (a.processing.mean_s, a.processing.median_s)
        for a in ours("interval_event_log.csv").activities
    }
    assert got == {k: approx((v["mean"], v["median"]), rel=1e-12) for k, v in pm4py.items()}


def test_variants_follow_start_times_where_pm4py_follows_completions():
    """In 5 cases of the interval log a step starts before the previous one completes (C1034:
    'make delivery' 13:47-15:11, 'confirm payment' 13:50-13:59). PM4Py's own variants read the
    completion order; Obeya reads the order in which the work started."""
    pm4py = FIXTURE["logs"]["interval_event_log.csv"]
    by_start = {tuple(v["activities"]): v["count"] for v in pm4py["variants"]}
    by_completion = {
        tuple(v["activities"]): v["count"] for v in pm4py["variants_in_completion_order"]
    }
    assert by_start != by_completion
    assert sum(by_start.values()) == sum(by_completion.values()) == 1266
    assert {v.activities: v.count for v in ours("interval_event_log.csv").variants} == by_start
