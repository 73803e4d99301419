"""Figures of the steering status report (obeya.core.status_report)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.status_report import (
    ActionFacts,
    action_counts,
    counts_by_axis,
    due_soon,
    objective_gap,
)

TODAY = dt.date(2026, 6, 1)
D = dt.date


@pytest.mark.parametrize(
    ("action", "slipped", "overdue"),
    [
        (ActionFacts("on time", "todo", D(2026, 6, 10), D(2026, 6, 10)), False, False),
        (ActionFacts("moved later", "todo", D(2026, 6, 15), D(2026, 6, 10)), True, False),
        (ActionFacts("moved earlier", "todo", D(2026, 6, 5), D(2026, 6, 10)), False, False),
        (ActionFacts("late and open", "in_progress", D(2026, 5, 20), D(2026, 5, 20)), True, True),
        (ActionFacts("done late", "done", D(2026, 5, 20), D(2026, 5, 10)), True, False),
        (ActionFacts("done on time", "done", D(2026, 5, 10), D(2026, 5, 10)), False, False),
        (ActionFacts("cancelled", "cancelled", D(2026, 5, 20), D(2026, 4, 1)), False, False),
        (ActionFacts("no baseline", "todo", D(2026, 6, 20)), False, False),
        (ActionFacts("no dates", "todo"), False, False),
        (ActionFacts("due today", "todo", TODAY, TODAY), False, False),
    ],
    ids=lambda v: v.title if isinstance(v, ActionFacts) else None,
)
def test_slipped_and_overdue(action, slipped, overdue):
    assert action.is_slipped_on(TODAY) is slipped
    assert action.is_overdue_on(TODAY) is overdue


def test_counts_leave_cancelled_actions_out():
    actions = [
        ActionFacts("a", "done", D(2026, 5, 1), D(2026, 5, 1), axis_id=1),
        ActionFacts("b", "done", D(2026, 5, 9), D(2026, 5, 1), axis_id=1),
        ActionFacts("c", "todo", D(2026, 5, 9), D(2026, 5, 9), axis_id=1),
        ActionFacts("d", "todo", D(2026, 7, 9), D(2026, 7, 9), axis_id=2),
        ActionFacts("e", "cancelled", D(2026, 5, 9), D(2026, 5, 1), axis_id=2),
    ]
    counts = action_counts(actions, TODAY)
    assert (counts.total, counts.done, counts.open, counts.overdue, counts.slipped) == (
        4,
        2,
        2,
        1,
        2,
    )
    assert counts.done_pct == 50.0
    by_axis = counts_by_axis(actions, [1, 2, 3], TODAY)
    assert by_axis[1].done_pct == pytest.approx(200 / 3)
    assert (by_axis[2].total, by_axis[2].done_pct) == (1, 0.0)
    assert by_axis[3].total == 0 and by_axis[3].done_pct is None


def test_due_soon_lists_open_actions_in_the_window_soonest_first():
    actions = [
        ActionFacts("later", "todo", D(2026, 6, 20)),
        ActionFacts("today", "in_progress", TODAY),
        ActionFacts("too far", "todo", D(2026, 7, 1)),
        ActionFacts("overdue", "todo", D(2026, 5, 30)),
        ActionFacts("done", "done", D(2026, 6, 3)),
        ActionFacts("undated", "todo"),
    ]
    assert [a.title for a in due_soon(actions, TODAY, 4)] == ["today", "later"]
    assert [a.title for a in due_soon(actions, TODAY, 0)] == ["today"]
    with pytest.raises(ValueError):
        due_soon(actions, TODAY, -1)


@pytest.mark.parametrize(
    ("baseline", "target", "gap"),
    [(12, 5, -7), (62, 85, 23), (None, 5, None), (12, None, None)],
)
def test_objective_gap(baseline, target, gap):
    assert objective_gap(baseline, target) == gap


statuses = st.sampled_from(["todo", "in_progress", "done", "cancelled"])
dates = st.one_of(st.none(), st.dates(D(2026, 1, 1), D(2026, 12, 31)))
facts = st.builds(ActionFacts, st.just("x"), statuses, dates, dates)


@given(st.lists(facts, max_size=30))
def test_counts_add_up(actions):
    counts = action_counts(actions, TODAY)
    assert counts.done + counts.open == counts.total
    assert counts.overdue <= counts.open
    assert counts.overdue <= counts.slipped <= counts.total
    if counts.total:
        assert 0 <= counts.done_pct <= 100
