"""The shortcuts that make the rules fast give the same answers as the plain definitions:
`run_at_least` is `run_length >= k`, `window_any` is `window_count > 0`, and switching rules
off leaves the flags of the others as they were; the compact control-chart spec draws the
same limits and points as one row per point would."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.charts import control_chart_spec
from obeya.core.spc import control_chart
from obeya.core.spc_rules import (
    RULES,
    run_at_least,
    run_length,
    violations,
    window_any,
    window_count,
)

masks = st.lists(st.booleans(), max_size=60).map(lambda v: np.array(v, dtype=bool))


@pytest.mark.parametrize(
    ("mask", "length", "expected"),
    [
        ([1, 1, 1, 0, 1, 1], 2, [0, 1, 1, 0, 0, 1]),
        ([1, 1, 1, 0, 1, 1], 3, [0, 0, 1, 0, 0, 0]),
        ([1, 1], 3, [0, 0]),
        ([1, 0, 1], 1, [1, 0, 1]),
        ([], 8, []),
    ],
)
def test_run_at_least_table(mask, length, expected):
    got = run_at_least(np.array(mask, dtype=bool), length)
    assert got.tolist() == [bool(e) for e in expected]


@given(masks, st.integers(1, 16))
def test_run_at_least_is_run_length_at_least(mask, length):
    assert np.array_equal(run_at_least(mask, length), run_length(mask) >= length)


@given(masks, st.integers(1, 10))
def test_window_any_is_a_positive_window_count(mask, window):
    assert np.array_equal(window_any(mask, window), window_count(mask, window) > 0)


@given(
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=80),
    st.sampled_from(["we", "nelson"]),
    st.data(),
)
def test_a_rule_flags_the_same_points_alone_or_with_all_the_others(values, rule_set, data):
    x = np.array(values)
    rule = data.draw(st.sampled_from(sorted(RULES[rule_set])))
    together = violations(x, 0.0, 10.0, rule_set=rule_set)
    alone = violations(x, 0.0, 10.0, rule_set=rule_set, rules=[rule])
    bit = 1 << (rule - 1)
    assert np.array_equal(together & bit, alone)


@pytest.mark.parametrize(
    "chart",
    [
        control_chart("xmr", [5, 6, 5, 7, 6, 9, 8, 9, 10], phase_starts=[6]).charts[1],
        control_chart("p", [2, 3, 1, 4, 2], sizes=[50, 60, 50, 50, 80]).charts[0],
        control_chart("run", [3, 4, 2, 5, 4], target=3).charts[0],
    ],
    ids=["mr with a phase", "p with varying sizes", "run without limits"],
)
def test_the_compact_control_chart_spec_draws_the_same_steps_and_points(chart):
    spec = control_chart_spec(chart, "t", "v")
    steps = spec["layer"][0]["data"]["values"]
    assert steps[0]["i"] == chart.index[0] and steps[-1]["i"] == chart.index[-1]
    for i, c, lo, hi in zip(chart.index, chart.center, chart.lcl, chart.ucl, strict=True):
        step = [s for s in steps if s["i"] <= i][-1]  # step-after: the last row at or before i
        assert step["c"] == pytest.approx(c)
        assert (step["lo"], step["hi"]) == (
            (None, None) if np.isnan(lo) else (pytest.approx(lo), pytest.approx(hi))
        )
    points = spec["data"]["values"]
    assert [p["i"] for p in points] == chart.index.tolist()
    assert [p["v"] for p in points] == chart.values.tolist()
    assert [p.get("r", "") for p in points] == [
        ",".join(map(str, chart.rules_at(i))) for i in chart.index.tolist()
    ]
