"""The diagnostic grid: gap in the good direction, score 0-100, weighted overall score."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.charts import SCHEMA, radar_or_bar_spec
from obeya.core.grid import Criterion, criterion_gap, grid_summary

# current, reference, direction -> gap, gap %, score (computed by hand)
CASES = [
    # The demo grid of the bending line.
    (62, 85, "higher", -23, -27.0588, 72.9412),  # OEE: 100 * (1 - 23/85)
    (12, 5, "lower", -7, -140.0, 0.0),  # lead time: shortfall larger than the reference
    (9, 3, "lower", -6, -200.0, 0.0),  # inventory days
    (4.1, 2, "lower", -2.1, -105.0, 0.0),  # scrap cost: 2.1 > 2, so 0
    (81, 95, "higher", -14, -14.7368, 85.2632),  # on-time delivery: 100 * (1 - 14/95)
    (38, 45, "higher", -7, -15.5556, 84.4444),  # productivity: 100 * (1 - 7/45)
    # At or better than the reference scores 100 whatever the margin.
    (85, 85, "higher", 0, 0.0, 100.0),
    (90, 85, "higher", 5, 5.8824, 100.0),
    (4, 5, "lower", 1, 20.0, 100.0),
    # Linear in the shortfall: half the reference short -> 50.
    (50, 100, "higher", -50, -50.0, 50.0),
    (7.5, 5, "lower", -2.5, -50.0, 50.0),
    # A zero reference: no gap %, any shortfall scores 0.
    (0, 0, "lower", 0, None, 100.0),
    (2, 0, "lower", -2, None, 0.0),
    # A negative reference (a margin): the scale is its absolute value.
    (-3, -2, "higher", -1, -50.0, 50.0),
]


@pytest.mark.parametrize(("current", "reference", "direction", "gap", "pct", "score"), CASES)
def test_criterion_gap(current, reference, direction, gap, pct, score):
    got = criterion_gap(current, reference, direction)
    assert got.gap == pytest.approx(gap)
    if pct is None:
        assert got.gap_pct is None
    else:
        assert got.gap_pct == pytest.approx(pct, abs=1e-4)
    assert got.score == pytest.approx(score, abs=1e-4)


def test_criterion_gap_unpacks_as_a_tuple():
    gap, gap_pct, score = criterion_gap(62, 85, "higher")
    assert (gap, round(gap_pct, 2), round(score, 2)) == (-23, -27.06, 72.94)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1, 2, "up"), "direction"),
        ((math.nan, 2, "higher"), "current"),
        ((1, math.inf, "lower"), "reference"),
    ],
)
def test_criterion_gap_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        criterion_gap(*args)


def test_demo_grid_summary_is_the_weighted_mean_of_the_scores():
    lines = [
        Criterion("OEE", 62, 85, "higher", 3),
        Criterion("Lead time", 12, 5, "lower", 3),
        Criterion("Inventory", 9, 3, "lower", 2),
        Criterion("Scrap cost", 4.1, 2, "lower", 2),
        Criterion("On-time delivery", 81, 95, "higher", 3),
        Criterion("Productivity", 38, 45, "higher", 1),
    ]
    expected = (3 * 72.9412 + 3 * 85.2632 + 1 * 84.4444) / 14
    assert grid_summary(lines) == pytest.approx(expected, abs=1e-3)
    assert round(grid_summary(lines), 1) == 39.9


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], None),
        ([Criterion("OEE", None, 85, "higher")], None),  # not measured yet
        ([Criterion("OEE", 62, 85, "higher", 0)], None),  # weight 0 counts for nothing
        ([Criterion("A", 50, 100, "higher"), Criterion("B", None, 1, "lower", 5)], 50.0),
        ([Criterion("A", 50, 100, "higher", 1), Criterion("B", 1, 1, "lower", 3)], 87.5),
    ],
)
def test_grid_summary_skips_lines_without_values_or_weight(lines, expected):
    assert grid_summary(lines) == (pytest.approx(expected) if expected is not None else None)


def test_grid_summary_refuses_a_negative_weight():
    with pytest.raises(ValueError, match="weight"):
        grid_summary([Criterion("A", 1, 1, "higher", -1)])


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(finite, finite, st.sampled_from(["higher", "lower"]))
def test_score_is_between_0_and_100(current, reference, direction):
    assert 0 <= criterion_gap(current, reference, direction).score <= 100


@given(finite, finite, finite, st.sampled_from(["higher", "lower"]))
def test_score_never_falls_when_current_moves_in_the_good_direction(a, b, reference, direction):
    worse, better = sorted((a, b)) if direction == "higher" else sorted((a, b), reverse=True)
    assert (
        criterion_gap(better, reference, direction).score
        >= criterion_gap(worse, reference, direction).score
    )


@given(finite, finite, st.sampled_from(["higher", "lower"]))
def test_positive_gap_means_better_than_the_reference(current, reference, direction):
    gap = criterion_gap(current, reference, direction)
    better = current > reference if direction == "higher" else current < reference
    assert (gap.gap > 0) == better


@given(st.lists(st.tuples(finite, finite, st.integers(0, 5)), max_size=8))
def test_overall_score_stays_within_the_line_scores(raw):
    lines = [Criterion(str(i), c, r, "higher", w) for i, (c, r, w) in enumerate(raw)]
    summary = grid_summary(lines)
    scores = [line.gap.score for line in lines if line.weight]
    if summary is None:
        assert not scores
    else:
        assert min(scores) - 1e-9 <= summary <= max(scores) + 1e-9


def test_score_chart_is_a_horizontal_bar_chart_in_grid_order():
    spec = radar_or_bar_spec([("OEE", 72.94), ("Lead time", 0.0), ("Not measured", None)], "T")
    assert spec["$schema"] == SCHEMA
    assert spec["data"]["values"] == [
        {"name": "OEE", "score": 72.9},
        {"name": "Lead time", "score": 0.0},
    ]
    assert spec["encoding"]["y"]["sort"] == ["OEE", "Lead time"]
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 100]


def test_score_chart_compiles_with_vega_lite():
    vlc = pytest.importorskip("vl_convert")
    svg = vlc.vegalite_to_svg(radar_or_bar_spec([("OEE", 72.9)], "T"), vl_version="6.4")
    assert "OEE" in svg
