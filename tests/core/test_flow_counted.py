"""Medians and p90 of big logs found by counting (`_counted_quantiles`) rather than by the
backend's quantile aggregate: the same figures, on textbook samples, on random samples
(hypothesis) with buckets small enough that every pass runs, and on whole real logs."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import ibis
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.core import flow
from obeya.core.eventlog import read_log
from obeya.core.flow import analyse

LOGS = Path("/work/shared/reference/eventlogs")


def values_table(groups: dict[str, list[int]]) -> ibis.Table:
    pairs = [(g, v) for g, values in groups.items() for v in values]
    return ibis.memtable(
        pa.table(
            {
                "activity": pa.array([g for g, _ in pairs], pa.string()),
                "value": pa.array([v for _, v in pairs], pa.int64()),
            }
        )
    )


def exact(values: list[int], q: float) -> float:
    """Linear interpolation between order statistics, on fractions, rounded once."""
    s = sorted(values)
    rank = (len(s) - 1) * q
    lo, hi = s[math.floor(rank)], s[math.ceil(rank)]
    return float(lo + (hi - lo) * Fraction(rank - math.floor(rank)))


@pytest.fixture
def small_buckets(monkeypatch):
    """Buckets so small that tiny samples go through every pass: cut, cut again, fetch."""
    monkeypatch.setattr(flow, "_BUCKETS", 3)
    monkeypatch.setattr(flow, "_FETCH_AT_MOST", 2)


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([7], 7, 7),
        ([1, 2, 3, 4], 2.5, 3.7),
        ([15, 20, 35, 40, 50], 35, 46),  # the textbook five-value sample
        ([3, 1, 2, 2, 2, 2, 9], 2, 5.4),  # ties around the median
        ([5] * 10, 5, 5),
        (list(range(1, 101)), 50.5, 90.1),
        ([0, 0, 0, 1, 10**12], 0, 6 * 10**11 + 0.4),  # one far outlier: the range is cut again
    ],
)
@pytest.mark.usefixtures("small_buckets")
def test_counted_quantiles_of_textbook_samples(values, median, p90):
    got = flow._counted_quantiles(values_table({"a": values}), ["activity"])
    assert got == {("a",): pytest.approx((median, p90), rel=1e-15, abs=0)}


def test_counted_quantiles_with_the_default_buckets_on_many_values():
    rng = np.random.default_rng(3)
    groups = {
        "wide": rng.integers(0, 10**12, 100_000).tolist(),
        "skewed": (rng.pareto(1.2, 80_000) * 1e6).astype(np.int64).tolist(),
        "few": rng.integers(0, 4, 100_000).tolist(),
    }
    got = flow._counted_quantiles(values_table(groups), ["activity"])
    assert got == {(g,): (exact(v, 0.5), exact(v, 0.9)) for g, v in groups.items()}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.lists(st.integers(0, 5) | st.integers(0, 10**14), min_size=1, max_size=40),
        min_size=1,
    )
)
def test_counted_quantiles_are_exact_and_agree_with_the_aggregate(small_buckets, groups):
    values = values_table(groups)
    got = flow._counted_quantiles(values, ["activity"])
    assert got == {(g,): (exact(v, 0.5), exact(v, 0.9)) for g, v in groups.items()}
    # DuckDB's quantile_cont may round twice: within a unit or two in the last place.
    rows = values.group_by("activity").aggregate(
        q=values.value.cast("float64").quantile([0.5, 0.9])
    )
    for r in rows.to_pyarrow().to_pylist():
        assert got[(r["activity"],)] == pytest.approx(tuple(r["q"]), rel=1e-15, abs=0)


def same_figures(a, b, where=""):
    """Equal JSON, floats to 1e-12: the sums over cases already vary in the last place
    between two runs (DuckDB returns the cases in no fixed order)."""
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
    "name", ["running-example.csv", "interval_event_log.csv", "receipt.csv", "helpdesk.xes.gz"]
)
@pytest.mark.parametrize("buckets", ["default", "small"])
def test_a_log_past_the_threshold_gives_the_same_analysis(name, buckets, monkeypatch):
    log = read_log(LOGS / name)
    usual = analyse(log)
    if buckets == "small":
        monkeypatch.setattr(flow, "_BUCKETS", 4)
        monkeypatch.setattr(flow, "_FETCH_AT_MOST", 8)
    counted = analyse(log, counted_quantiles_from=0)
    assert usual.edges and counted.edges
    same_figures(usual.to_dict(), counted.to_dict())


def test_the_threshold_counts_the_events_of_a_plain_table(monkeypatch):
    calls = []
    original = flow._counted_quantiles
    monkeypatch.setattr(flow, "_counted_quantiles", lambda *a: calls.append(a) or original(*a))
    log = read_log(LOGS / "running-example.csv")
    analyse(log.table, counted_quantiles_from=log.events + 1)
    assert calls == []
    analyse(log.table, counted_quantiles_from=log.events)
    assert len(calls) == 3  # paths, waits before a step, processing times
