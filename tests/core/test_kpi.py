"""The chart a KPI's data calls for, its frequency against the decision date, its status."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.kpi import (
    MIN_POINTS_FOR_LIMITS,
    Chart,
    check_frequency,
    recommend_chart,
    status_against_target,
)


@pytest.mark.parametrize(
    ("data_type", "size", "constant", "chart"),
    [
        ("individual", None, True, Chart.XMR),
        ("subgroups", 5, True, Chart.XBAR_R),  # Montgomery's piston rings: n = 5
        ("subgroups", 9, True, Chart.XBAR_R),
        ("subgroups", 10, True, Chart.XBAR_S),
        ("subgroups", 5, False, Chart.XBAR_S),
        ("subgroups", 1, True, Chart.XMR),
        ("proportion", 50, True, Chart.NP),  # orange juice cans, 50 per sample
        ("proportion", 50, False, Chart.P),
        ("defect_count", None, True, Chart.C),  # circuit boards, 100 boards per unit
        ("defects_per_unit", None, False, Chart.U),
    ],
)
def test_recommended_chart_follows_the_nature_of_one_measurement(data_type, size, constant, chart):
    assert recommend_chart(data_type, subgroup_size=size, constant_size=constant).chart == chart


def test_an_unknown_data_type_is_refused():
    with pytest.raises(ValueError):
        recommend_chart("temperature")


@pytest.mark.parametrize(
    ("frequency", "days", "so_far", "expected", "sufficient"),
    [
        ("month", 91, 0, 2, False),  # a quarterly decision on a monthly KPI: 2 more points
        ("week", 140, 0, 20, True),  # 20 weeks
        ("week", 139, 0, 19, False),
        ("day", 10, 12, 22, True),
        ("shift", 7, 0, 21, True),
        ("hour", 0, 5, 5, False),  # the decision is today
    ],
)
def test_frequency_check_counts_the_points_by_the_decision_date(
    frequency, days, so_far, expected, sufficient
):
    today = dt.date(2026, 11, 30)
    check = check_frequency(
        frequency,
        points_so_far=so_far,
        today=today,
        decision_date=today + dt.timedelta(days=days),
    )
    assert check.points_expected == expected
    assert check.sufficient is sufficient
    assert check.missing == max(0, MIN_POINTS_FOR_LIMITS - expected)


def test_a_past_decision_date_expects_no_more_points():
    check = check_frequency(
        "day", points_so_far=3, today=dt.date(2026, 11, 30), decision_date=dt.date(2026, 1, 1)
    )
    assert (check.points_expected, check.days_left) == (3, 0)


@pytest.mark.parametrize(
    ("value", "increase", "status"),
    [
        (4.0, False, "on_target"),  # lead time 4 days, target 5: good
        (5.0, False, "on_target"),
        (6.0, False, "off_target"),
        (8.0, False, "alert"),  # beyond the alert threshold of 7
        (7.0, False, "off_target"),
    ],
)
def test_status_of_a_kpi_that_improves_when_it_decreases(value, increase, status):
    assert status_against_target(value, target=5, alert=7, increase_is_better=increase) == status


@given(
    value=st.floats(-1e6, 1e6),
    target=st.floats(-1e6, 1e6),
    gap=st.floats(0, 1e6),
)
def test_status_is_mirrored_for_a_kpi_that_improves_when_it_increases(value, target, gap):
    down = status_against_target(value, target=target, alert=target + gap, increase_is_better=False)
    up = status_against_target(-value, target=-target, alert=-target - gap, increase_is_better=True)
    assert down == up


def test_without_a_target_there_is_no_status():
    assert status_against_target(3, target=None, alert=None, increase_is_better=True) == "no_target"
