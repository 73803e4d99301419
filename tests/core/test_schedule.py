"""The critical path method on the action plan (docs/gantt.md): textbook networks worked by
hand, dates as the plan writes them, cycles named, and the invariants of CPM as properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.schedule import (
    CycleError,
    PlannedAction,
    critical_path_method,
    find_cycle,
    slippage,
    starts_before_predecessors,
)

MONDAY = dt.date(2026, 1, 5)


def _day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def _network(durations: dict[str, int], links: dict[str, str]) -> list[PlannedAction]:
    """Classic CPM: every activity may start on day 0; its dates give its duration."""
    return [
        PlannedAction(
            key=key,
            start=MONDAY,
            due=_day(days - 1),
            predecessors=tuple(links.get(key, "")),
        )
        for key, days in durations.items()
    ]


# The classic seven-activity network (A..G), worked by hand:
#   A 3 d; B 4 d; C 2 d after A; D 5 d after A; E 4 d after B and C; F 3 d after D;
#   G 2 d after E and F.
# Forward pass (ES-EF, exclusive ends): A 0-3, B 0-4, C 3-5, D 3-8, E 5-9, F 8-11, G 11-13.
# Backward pass (LS-LF) from 13: G 11-13, F 8-11, E 7-11, D 3-8, C 5-7, B 3-7, A 0-3.
# Floats: A 0, B 3, C 2, D 0, E 2, F 0, G 0; critical path A-D-F-G = 3+5+3+2 = 13 days.
SEVEN = _network(
    {"A": 3, "B": 4, "C": 2, "D": 5, "E": 4, "F": 3, "G": 2},
    {"C": "A", "D": "A", "E": "BC", "F": "D", "G": "EF"},
)


@pytest.mark.parametrize(
    ("key", "es", "ef", "ls", "lf", "float_days"),
    [
        ("A", 0, 3, 0, 3, 0),
        ("B", 0, 4, 3, 7, 3),
        ("C", 3, 5, 5, 7, 2),
        ("D", 3, 8, 3, 8, 0),
        ("E", 5, 9, 7, 11, 2),
        ("F", 8, 11, 8, 11, 0),
        ("G", 11, 13, 11, 13, 0),
    ],
)
def test_seven_activity_network_by_hand(key, es, ef, ls, lf, float_days):
    timing = critical_path_method(SEVEN).by_key[key]
    assert timing.earliest_start == _day(es)
    assert timing.earliest_finish == _day(ef - 1)  # the last day of work
    assert timing.latest_start == _day(ls)
    assert timing.latest_finish == _day(lf - 1)
    assert timing.total_float_days == float_days
    assert timing.critical == (float_days == 0)


def test_seven_activity_network_critical_path_and_duration():
    schedule = critical_path_method(SEVEN)
    assert schedule.critical_paths == (("A", "D", "F", "G"),)
    assert schedule.duration_days == 13
    assert schedule.start == MONDAY
    assert schedule.finish == _day(12)
    assert schedule.critical_path_days(schedule.critical_paths[0]) == 13


def test_two_tied_chains_are_both_critical():
    # A 2 d and B 2 d both before C 1 d: two chains of 3 days end the plan together.
    schedule = critical_path_method(_network({"A": 2, "B": 2, "C": 1}, {"C": "AB"}))
    assert set(schedule.critical_paths) == {("A", "C"), ("B", "C")}
    assert schedule.critical_keys == {"A", "B", "C"}


def test_one_day_action_when_start_equals_due_and_milestone_lasts_zero():
    assert PlannedAction("x", MONDAY, MONDAY).duration_days == 1
    assert PlannedAction("m", MONDAY, MONDAY, milestone=True).duration_days == 0


def test_milestone_reached_the_day_its_predecessor_ends():
    # Work Mon-Fri, the milestone "pilot validated" on Friday, then a rollout from Monday.
    plan = [
        PlannedAction("work", _day(0), _day(4)),
        PlannedAction("ok", _day(4), _day(4), milestone=True, predecessors=("work",)),
        PlannedAction("rollout", _day(7), _day(9), predecessors=("ok",)),
    ]
    schedule = critical_path_method(plan)
    ok = schedule.by_key["ok"]
    assert ok.earliest_start == ok.earliest_finish == _day(4)
    assert ok.total_float_days == 2  # the weekend: the rollout is planned for Monday
    assert schedule.by_key["rollout"].critical
    assert schedule.critical_paths == (("rollout",),)
    assert schedule.duration_days == 10


def test_start_date_is_a_start_no_earlier_than_and_predecessors_push_it():
    # B planned on day 2 but its predecessor A ends on day 4: B is pushed by 3 days.
    plan = [
        PlannedAction("A", _day(0), _day(4)),
        PlannedAction("B", _day(2), _day(3), predecessors=("A",)),
    ]
    schedule = critical_path_method(plan)
    assert schedule.by_key["B"].pushed_days == 3
    assert schedule.by_key["B"].earliest_start == _day(5)
    assert schedule.finish == _day(6)
    assert schedule.critical_paths == (("A", "B"),)


def test_undated_actions_are_left_out_and_reported_with_their_links():
    plan = [
        PlannedAction("A", _day(0), _day(2)),
        PlannedAction("B", None, _day(5), predecessors=("A",)),
        PlannedAction("C", _day(1), _day(3), predecessors=("B", "A")),
    ]
    schedule = critical_path_method(plan)
    assert schedule.undated == ("B",)
    assert set(schedule.ignored_links) == {("A", "B"), ("B", "C")}
    assert [t.key for t in schedule.timings] == ["A", "C"]
    assert schedule.by_key["C"].earliest_start == _day(3)


def test_empty_plan():
    schedule = critical_path_method([PlannedAction("A", None, None)])
    assert schedule.timings == () and schedule.duration_days == 0
    assert schedule.undated == ("A",)


def test_cycle_is_refused_and_named():
    plan = [
        PlannedAction("A", _day(0), _day(1), predecessors=("B",)),
        PlannedAction("B", _day(0), _day(1), predecessors=("A",)),
    ]
    with pytest.raises(CycleError) as error:
        critical_path_method(plan)
    assert str(error.value) in ("dependency cycle: A → B → A", "dependency cycle: B → A → B")


def test_due_before_start_is_refused():
    with pytest.raises(ValueError, match="comes before start"):
        critical_path_method([PlannedAction("A", _day(3), _day(1))])


@pytest.mark.parametrize(
    ("predecessors", "cycle"),
    [
        ({}, None),
        ({"B": ["A"], "C": ["B"]}, None),
        ({"A": ["A"]}, ("A", "A")),
        ({"A": ["B"], "B": ["A"]}, ("A", "B", "A")),
        ({"B": ["A"], "C": ["B"], "A": ["C"], "D": ["A"]}, ("A", "B", "C", "A")),
    ],
)
def test_find_cycle(predecessors, cycle):
    found = find_cycle(predecessors)
    if cycle is None:
        assert found is None
    else:
        # The same loop, whichever action it is read from.
        assert found is not None and found[0] == found[-1]
        assert len(found) == len(cycle)
        rotation = found[:-1].index(cycle[0])
        assert found[rotation:-1] + found[:rotation] == cycle[:-1]


@pytest.mark.parametrize(
    ("planned", "current", "expected"),
    [
        ((_day(0), _day(9)), (_day(0), _day(9)), (0, 0)),
        ((_day(0), _day(9)), (_day(3), _day(14)), (3, 5)),
        ((_day(5), _day(9)), (_day(2), _day(6)), (-3, -3)),
        ((None, _day(9)), (_day(2), _day(12)), (None, 3)),
    ],
)
def test_slippage_against_baseline(planned, current, expected):
    slip = slippage(
        planned_start=planned[0], planned_due=planned[1], start=current[0], due=current[1]
    )
    assert (slip.start_days, slip.finish_days) == expected
    assert slip.slipped == any(expected)


def test_start_before_a_predecessor_due_date_is_reported():
    plan = [
        PlannedAction("A", _day(0), _day(4)),
        PlannedAction("B", _day(3), _day(6), predecessors=("A",)),
        PlannedAction("C", _day(5), _day(6), predecessors=("A",)),
    ]
    assert starts_before_predecessors(plan) == [("A", "B", 2)]


# --- properties -----------------------------------------------------------------------------


@st.composite
def networks(draw, same_start: bool = True):
    """Acyclic plans: links only go from a lower to a higher index. With `same_start`, the
    textbook case: every action may start on the first day and milestones follow some work
    (a milestone dated on its own is an event of its date, not of the network)."""
    n = draw(st.integers(1, 8))
    actions = []
    for i in range(n):
        preds = draw(st.sets(st.integers(0, i - 1), max_size=3)) if i else set()
        milestone = draw(st.booleans()) if preds or not same_start else False
        days = 0 if milestone else draw(st.integers(1, 10))
        start = MONDAY if same_start else _day(draw(st.integers(0, 15)))
        due = start if milestone else start + dt.timedelta(days=days - 1)
        actions.append(PlannedAction(i, start, due, milestone, tuple(sorted(preds))))
    return actions


@given(networks(same_start=False))
def test_floats_are_never_negative(plan):
    schedule = critical_path_method(plan)
    assert all(t.total_float_days >= 0 for t in schedule.timings)
    assert all(t.latest_start >= t.earliest_start for t in schedule.timings)
    assert schedule.critical_paths  # something always ends the plan


@given(networks(same_start=True))
def test_critical_path_length_is_the_project_duration(plan):
    schedule = critical_path_method(plan)
    for path in schedule.critical_paths:
        assert schedule.critical_path_days(path) == schedule.duration_days
        assert all(schedule.by_key[k].critical for k in path)


@given(networks(same_start=False), st.data())
def test_adding_a_dependency_never_shortens_the_project(plan, data):
    if len(plan) < 2:
        return
    j = data.draw(st.integers(1, len(plan) - 1))
    i = data.draw(st.integers(0, j - 1))
    before = critical_path_method(plan)
    linked = list(plan)
    target = linked[j]
    linked[j] = PlannedAction(
        target.key,
        target.start,
        target.due,
        target.milestone,
        tuple(sorted({*target.predecessors, i})),
    )
    after = critical_path_method(linked)
    assert after.finish >= before.finish
