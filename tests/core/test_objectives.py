"""Measurability of a priority axis's objective (obeya.core.objectives): a table of the cases
the facilitator meets, and the invariants behind them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.objectives import (
    KpiDirection,
    ObjectiveGap,
    improvement_ratio,
    is_measurable,
    objective_gaps,
)

G = ObjectiveGap
INC, DEC = KpiDirection.INCREASE, KpiDirection.DECREASE
DAY = dt.date(2026, 12, 31)
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(
    ("kpi", "direction", "baseline", "target", "deadline", "gaps"),
    [
        ("OEE", INC, 62, 85, DAY, ()),  # the demo's OEE from 62 to 85 %
        ("Lead time", DEC, 12, 5, DAY, ()),  # lead time from 12 to 5 days
        ("", DEC, 12, 5, DAY, (G.KPI,)),
        ("   ", DEC, 12, 5, DAY, (G.KPI,)),
        ("Lead time", DEC, None, 5, DAY, (G.BASELINE,)),
        ("Lead time", DEC, 12, None, DAY, (G.TARGET,)),
        ("Lead time", DEC, 12, 5, None, (G.DEADLINE,)),
        (None, INC, None, None, None, (G.KPI, G.BASELINE, G.TARGET, G.DEADLINE)),
        ("Lead time", DEC, 12, 12, DAY, (G.TARGET_EQUALS_BASELINE,)),
        ("Lead time", DEC, 12, 15, DAY, (G.TARGET_WRONG_DIRECTION,)),
        ("OEE", INC, 62, 50, DAY, (G.TARGET_WRONG_DIRECTION,)),
        ("Defects", DEC, 0.5, 0, DAY, ()),  # zero defects is a valid target
        ("Margin", INC, -3, 2, DAY, ()),  # from a loss to a profit
        ("OEE", INC, float("nan"), 85, DAY, (G.BASELINE,)),
        ("OEE", "increase", 62, 85, DAY, ()),  # the stored string works too
    ],
)
def test_objective_gaps(kpi, direction, baseline, target, deadline, gaps):
    found = objective_gaps(
        kpi_name=kpi, direction=direction, baseline=baseline, target=target, deadline=deadline
    )
    assert found == gaps
    assert is_measurable(
        kpi_name=kpi, direction=direction, baseline=baseline, target=target, deadline=deadline
    ) is (not gaps)


@pytest.mark.parametrize(
    ("baseline", "target", "ratio"),
    [(45, 10, -35 / 45), (62, 85, 23 / 62), (-4, -2, 0.5), (0, 3, None)],
)
def test_improvement_ratio(baseline, target, ratio):
    assert improvement_ratio(baseline=baseline, target=target) == (
        None if ratio is None else pytest.approx(ratio)
    )


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(baseline=finite, target=finite)
def test_exactly_one_direction_accepts_a_target_that_differs(baseline, target):
    """A target other than the baseline is an improvement for exactly one direction; the
    same target is an improvement for none."""
    accepted = [
        d
        for d in KpiDirection
        if is_measurable(kpi_name="K", direction=d, baseline=baseline, target=target, deadline=DAY)
    ]
    assert len(accepted) == (0 if target == baseline else 1)


@given(baseline=finite, target=finite, direction=st.sampled_from(list(KpiDirection)))
def test_swapping_baseline_and_target_flips_the_verdict(baseline, target, direction):
    def ok(b: float, t: float) -> bool:
        return is_measurable(kpi_name="K", direction=direction, baseline=b, target=t, deadline=DAY)

    if baseline != target:
        assert ok(baseline, target) != ok(target, baseline)


@pytest.mark.parametrize("gap", list(ObjectiveGap))
def test_every_measurability_rule_is_documented(gap):
    assert f"`{gap.value}`" in (DOCS / "priorities.md").read_text()
