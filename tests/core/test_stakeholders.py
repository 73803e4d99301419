"""The stakeholder map (obeya.core.stakeholders): quadrants, moves and the chart."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.stakeholders import (
    Move,
    Position,
    Quadrant,
    move_counts,
    movement,
    quadrant,
    stakeholder_map_spec,
)

influences = st.integers(1, 4)
attitudes = st.integers(-2, 2)


@pytest.mark.parametrize(
    ("influence", "attitude", "expected"),
    [
        (4, -2, Quadrant.MANAGE_CLOSELY),  # the influential opponent: meet them
        (3, 0, Quadrant.MANAGE_CLOSELY),  # neutral is not yet won over
        (4, 2, Quadrant.KEEP_SATISFIED),  # the plant director who sponsors the change
        (3, 1, Quadrant.KEEP_SATISFIED),
        (2, 1, Quadrant.KEEP_INFORMED),  # a supportive operator
        (1, 2, Quadrant.KEEP_INFORMED),
        (2, 0, Quadrant.MONITOR),
        (1, -2, Quadrant.MONITOR),
    ],
)
def test_quadrant_of_a_position(influence, attitude, expected):
    assert quadrant(influence, attitude) is expected


@pytest.mark.parametrize(("influence", "attitude"), [(0, 0), (5, 0), (2, -3), (2, 3)])
def test_positions_off_the_scales_are_refused(influence, attitude):
    with pytest.raises(ValueError):
        quadrant(influence, attitude)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ((None, None), (3, 0), Move.NEW),
        ((3, -1), (3, 1), Move.WON_OVER),
        ((3, 1), (4, 0), Move.LOST),  # attitude first, whatever the influence did
        ((2, 0), (3, 0), Move.GAINED_WEIGHT),
        ((3, 0), (2, 0), Move.LOST_WEIGHT),
        ((2, 1), (2, 1), Move.UNCHANGED),
    ],
)
def test_movement_between_two_assessments(before, after, expected):
    assert movement(*before, *after) is expected


@given(influences, attitudes, influences, attitudes)
def test_moving_back_reverses_the_move(i1, a1, i2, a2):
    forth, back = movement(i1, a1, i2, a2), movement(i2, a2, i1, a1)
    opposite = {
        Move.WON_OVER: Move.LOST,
        Move.LOST: Move.WON_OVER,
        Move.GAINED_WEIGHT: Move.LOST_WEIGHT,
        Move.LOST_WEIGHT: Move.GAINED_WEIGHT,
        Move.UNCHANGED: Move.UNCHANGED,
    }
    assert back is opposite[forth]


@given(influences, attitudes)
def test_every_position_has_exactly_one_quadrant(influence, attitude):
    q = quadrant(influence, attitude)
    high = influence >= 3
    supportive = attitude >= 1
    assert (q in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_SATISFIED)) is high
    assert (q in (Quadrant.KEEP_SATISFIED, Quadrant.KEEP_INFORMED)) is supportive


def _positions():
    return [
        Position("Director", 4, 2, 4, 1),
        Position("Team leader", 3, 1, 3, -1),
        Position("Night shift", 2, -2, 2, -1),
        Position("Maintenance", 2, 0),
    ]


def test_move_counts_list_every_move():
    counts = move_counts(_positions())
    assert counts == {
        "new": 1,
        "won_over": 2,
        "lost": 1,
        "gained_weight": 0,
        "lost_weight": 0,
        "unchanged": 0,
    }


def test_map_spec_draws_points_and_an_arrow_for_each_move():
    spec = stakeholder_map_spec(
        _positions(),
        title="Map",
        influence_title="Influence",
        attitude_title="Attitude",
        attitude_labels=["Opponent", "Reluctant", "Neutral", "Supporter", "Champion"],
        quadrant_labels={q.value: q.value for q in Quadrant},
    )
    arrows = next(
        layer for layer in spec["layer"] if "x2" in layer.get("data", {}).get("values", [{}])[0]
    )
    assert [sub["mark"]["type"] for sub in arrows["layer"]] == ["rule", "point"]
    assert [(a["name"], a["x"], a["x2"]) for a in arrows["data"]["values"]] == [
        ("Director", 1, 2),
        ("Team leader", -1, 1),
        ("Night shift", -1, -2),
    ]
    points = spec["layer"][-1]["data"]["values"]
    assert [p["name"] for p in points] == ["Director", "Team leader", "Night shift", "Maintenance"]
    assert "Champion" in spec["layer"][-1]["layer"][0]["encoding"]["x"]["axis"]["labelExpr"]


def test_attitude_labels_must_name_the_five_steps():
    with pytest.raises(ValueError):
        stakeholder_map_spec(
            _positions(),
            title="Map",
            influence_title="I",
            attitude_title="A",
            attitude_labels=["Against", "For"],
            quadrant_labels={},
        )
