"""The at-risk rules of the action plan (obeya.core.risk), as a table of plan-review cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.risk import (
    PlannedAction,
    Predecessor,
    Reason,
    RiskRules,
    action_risks,
    expected_progress_pct,
    plan_risks,
)

TODAY = dt.date(2026, 3, 16)  # a Monday


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def planned(**kw) -> PlannedAction:
    base = {"key": 1, "is_open": True, "start": None, "due": None, "progress_pct": 0}
    return PlannedAction(**{**base, **kw})


LATE_PREDECESSOR = Predecessor(key=9, title="Order dies", is_open=True, due=day(5))


@pytest.mark.parametrize(
    ("label", "action", "reasons"),
    [
        ("no dates, nothing to judge", planned(), []),
        ("due tomorrow, no start: no expectation", planned(due=day(1)), []),
        ("overdue by 3 days", planned(due=day(-3), progress_pct=90), [Reason.OVERDUE]),
        ("due today is not overdue", planned(start=day(-10), due=day(0), progress_pct=100), []),
        ("done actions are never flagged", planned(is_open=False, due=day(-30)), []),
        # Started 10 days ago, due in 5 (15 planned): 66.7 % expected.
        (
            "behind: 40 % for 66.7 % expected",
            planned(start=day(-10), due=day(5), progress_pct=40),
            [Reason.BEHIND_SCHEDULE],
        ),
        (
            "on pace: 50 % for 66.7 % expected",
            planned(start=day(-10), due=day(5), progress_pct=50),
            [],
        ),
        # Same lag but due in 8 days, outside the 7-day horizon.
        ("beyond the horizon", planned(start=day(-16), due=day(8), progress_pct=0), []),
        (
            "due in 7 days is inside",
            planned(start=day(-21), due=day(7), progress_pct=0),
            [Reason.BEHIND_SCHEDULE],
        ),
        ("not started yet", planned(start=day(2), due=day(5), progress_pct=0), []),
        (
            "predecessor still open and due after this start",
            planned(start=day(3), due=day(10), predecessors=(LATE_PREDECESSOR,)),
            [Reason.PREDECESSOR_LATE],
        ),
        (
            "predecessor due before this start",
            planned(start=day(6), due=day(10), predecessors=(LATE_PREDECESSOR,)),
            [],
        ),
        (
            "predecessor done",
            planned(
                start=day(3),
                due=day(10),
                predecessors=(Predecessor(9, "Order dies", is_open=False, due=day(5)),),
            ),
            [],
        ),
        (
            "predecessor compared with the due date when there is no start",
            planned(due=day(4), predecessors=(LATE_PREDECESSOR,)),
            [Reason.PREDECESSOR_LATE],
        ),
        (
            "slipped 15 days past the baseline",
            planned(due=day(30), planned_due=day(15)),
            [Reason.SLIPPED],
        ),
        ("slipped exactly 14 days is tolerated", planned(due=day(30), planned_due=day(16)), []),
        ("moved earlier is no slippage", planned(due=day(10), planned_due=day(40)), []),
        (
            "overdue and slipped: both reasons",
            planned(due=day(-1), planned_due=day(-20)),
            [Reason.OVERDUE, Reason.SLIPPED],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_action_risks(label, action, reasons):
    assert [f.reason for f in action_risks(action, TODAY)] == reasons


def test_overdue_flag_counts_the_days_late():
    (flag,) = action_risks(planned(due=day(-3)), TODAY)
    assert flag.days == 3


def test_behind_schedule_flag_gives_expected_and_reported_progress():
    (flag,) = action_risks(planned(start=day(-10), due=day(5), progress_pct=40), TODAY)
    assert (flag.expected_pct, flag.progress_pct) == (66.7, 40)


def test_predecessor_flag_names_the_predecessor():
    action = planned(start=day(3), due=day(10), predecessors=(LATE_PREDECESSOR,))
    (flag,) = action_risks(action, TODAY)
    assert flag.predecessor.title == "Order dies"


def test_rules_are_configurable():
    action = planned(start=day(-10), due=day(5), progress_pct=50)
    assert action_risks(action, TODAY, RiskRules(progress_margin_pct=10)) != ()
    assert action_risks(
        planned(due=day(30), planned_due=day(25)), TODAY, RiskRules(slippage_limit_days=3)
    )


@pytest.mark.parametrize(
    "kwargs",
    [{"horizon_days": -1}, {"progress_margin_pct": 120}, {"slippage_limit_days": -2}],
)
def test_bad_rules_are_refused_naming_the_field(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        RiskRules(**kwargs)


@pytest.mark.parametrize(
    ("start", "due", "today", "expected"),
    [
        (day(0), day(10), day(0), 0.0),
        (day(0), day(10), day(5), 50.0),
        (day(0), day(10), day(10), 100.0),
        (day(0), day(10), day(-3), 0.0),
        (day(0), day(10), day(20), 100.0),
        (day(0), day(0), day(0), 100.0),
        (day(0), day(4), day(1), 25.0),
    ],
)
def test_expected_progress_is_linear_from_start_to_due(start, due, today, expected):
    assert expected_progress_pct(start, due, today) == pytest.approx(expected)


def test_expected_progress_refuses_due_before_start():
    with pytest.raises(ValueError, match="due"):
        expected_progress_pct(day(5), day(1), day(2))


def test_plan_risks_keeps_only_flagged_actions():
    plan = [planned(key="a", due=day(-1)), planned(key="b", due=day(20))]
    assert list(plan_risks(plan, TODAY)) == ["a"]


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(start=dates, length=st.integers(0, 400), today=dates)
def test_expected_progress_stays_within_0_and_100_and_grows_with_time(start, length, today):
    due = start + dt.timedelta(days=length)
    now = expected_progress_pct(start, due, today)
    later = expected_progress_pct(start, due, today + dt.timedelta(days=1))
    assert 0.0 <= now <= later <= 100.0


@given(
    start=dates,
    length=st.integers(0, 60),
    today=dates,
    progress=st.integers(0, 100),
    more=st.integers(0, 100),
)
def test_more_progress_never_adds_a_behind_schedule_flag(start, length, today, progress, more):
    due = start + dt.timedelta(days=length)

    def behind(p: int) -> bool:
        flags = action_risks(planned(start=start, due=due, progress_pct=p), today)
        return Reason.BEHIND_SCHEDULE in {f.reason for f in flags}

    assert behind(min(100, progress + more)) <= behind(progress)


@given(due=dates, today=dates, progress=st.integers(0, 100))
def test_closed_actions_are_never_flagged(due, today, progress):
    action = planned(is_open=False, start=due, due=due, progress_pct=progress, planned_due=due)
    assert action_risks(action, today) == ()
