"""Decision tools: the weighted matrix, its exact weight sensitivity, AHP weights and the
impact/effort matrix, with their charts."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core.charts import SCHEMA
from obeya.core.decision import (
    CONSISTENCY_LIMIT,
    RANDOM_INDEX,
    Criterion,
    DecisionInputError,
    Direction,
    Quadrant,
    ahp_matrix,
    ahp_weights,
    impact_effort_quadrant,
    impact_effort_spec,
    matrix_chart_spec,
    weight_sensitivity,
    weighted_matrix,
)

MAX, MIN = Direction.MAX, Direction.MIN


def _ranking(result):
    return [(s.option, s.rank) for s in result.ranking]


# --- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criterion", "column", "expected"),
    [
        # Min-max of the options' scores, higher is better.
        (Criterion("Gain", 1), [10, 20, 30], [0, 0.5, 1]),
        # Lower is better (a cost): the cheapest gets 1.
        (Criterion("Cost", 1, MIN), [10, 20, 30], [1, 0.5, 0]),
        # The bounds of a 1-5 scale, not the scores, are the ends.
        (Criterion("Ease", 1, MAX, lower=1, upper=5), [2, 3, 5], [0.25, 0.5, 1]),
        (Criterion("Risk", 1, MIN, lower=1, upper=5), [2, 3, 5], [0.75, 0.5, 0]),
        # One bound set, the other from the scores.
        (Criterion("Gain", 1, MAX, lower=0), [10, 20, 40], [0.25, 0.5, 1]),
        (Criterion("Delay", 1, MIN, upper=10), [2, 6, 10], [1, 0.5, 0]),
        # All options equal: the criterion cannot separate them, every option gets 1.
        (Criterion("Safety", 1), [4, 4, 4], [1, 1, 1]),
        (Criterion("Cost", 1, MIN), [7, 7], [1, 1]),
    ],
)
def test_normalisation(criterion, column, expected):
    options = [f"o{i}" for i in range(len(column))]
    result = weighted_matrix([criterion], options, [[x] for x in column])
    assert [row[0] for row in result.normalised] == pytest.approx(expected)


# --- the weighted matrix: textbook cases ---------------------------------------------------

# Four levers of a stamping line: gain in k€/year (more is better), cost in k€ (less), risk on
# a 1-5 scale (less), weighted 3:2:1.
LEVERS = ["SMED", "5S", "Kanban", "TPM"]
LEVER_CRITERIA = [
    Criterion("Gain", 3),
    Criterion("Cost", 2, MIN),
    Criterion("Risk", 1, MIN, lower=1, upper=5),
]
LEVER_SCORES = [[8, 10, 2], [3, 1, 1], [6, 4, 3], [9, 15, 4]]


@pytest.mark.parametrize(
    ("criteria", "options", "scores", "expected"),
    [
        # Gain 3..9 -> (x-3)/6; cost 1..15 -> (15-x)/14; risk 1..5 -> (5-x)/4; weights 1/2,1/3,1/6.
        # SMED = 1/2*5/6 + 1/3*5/14 + 1/6*3/4 = 37/56; Kanban = 1/2*1/2 + 1/3*11/14 + 1/6*1/2
        # = 25/42; TPM = 1/2 + 0 + 1/6*1/4 = 13/24; 5S = 0 + 1/3 + 1/6 = 1/2.
        (
            LEVER_CRITERIA,
            LEVERS,
            LEVER_SCORES,
            [
                ("SMED", Fraction(37, 56), 1),
                ("Kanban", Fraction(25, 42), 2),
                ("TPM", Fraction(13, 24), 3),
                ("5S", Fraction(1, 2), 4),
            ],
        ),
        # Equal totals share a rank and the next rank skips (competition ranking 1, 1, 3);
        # equal options keep the order they were given in.
        (
            [Criterion("Gain", 1), Criterion("Cost", 1, MIN)],
            ["A", "B", "C"],
            [[10, 10], [0, 0], [0, 10]],
            [("A", Fraction(1, 2), 1), ("B", Fraction(1, 2), 1), ("C", Fraction(0), 3)],
        ),
        # A dominating option scores 1, a dominated one 0.
        (
            [Criterion("Gain", 2), Criterion("Delay (days)", 5, MIN)],
            ["Fast and good", "Slow and poor", "Middle"],
            [[100, 5], [20, 30], [60, 10]],
            [
                ("Fast and good", Fraction(1), 1),
                ("Middle", Fraction(2, 7) * Fraction(1, 2) + Fraction(5, 7) * Fraction(4, 5), 2),
                ("Slow and poor", Fraction(0), 3),
            ],
        ),
        # A zero weight leaves its criterion out of the totals.
        (
            [Criterion("Gain", 1), Criterion("Noise", 0)],
            ["A", "B"],
            [[1, 0], [0, 9]],
            [("A", Fraction(1), 1), ("B", Fraction(0), 2)],
        ),
        # A single option: every criterion cannot separate it from itself, it gets 1.
        ([Criterion("Gain", 1)], ["Only"], [[42]], [("Only", Fraction(1), 1)]),
    ],
)
def test_weighted_matrix_textbook(criteria, options, scores, expected):
    result = weighted_matrix(criteria, options, scores)
    got = [(s.option, s.total, s.rank) for s in result.ranking]
    assert [(o, r) for o, _t, r in got] == [(o, r) for o, _t, r in expected]
    for (_o, total, _r), (_eo, etotal, _er) in zip(got, expected, strict=True):
        assert total == pytest.approx(float(etotal), abs=1e-12)


def test_contributions_are_weight_times_normalised_score():
    result = weighted_matrix(LEVER_CRITERIA, LEVERS, LEVER_SCORES)
    assert result.weights == pytest.approx((1 / 2, 1 / 3, 1 / 6))
    smed = result.ranking[0]
    assert smed.contributions == pytest.approx((1 / 2 * 5 / 6, 1 / 3 * 5 / 14, 1 / 6 * 3 / 4))
    assert math.fsum(smed.contributions) == pytest.approx(smed.total)


def test_the_result_keeps_the_options_order_and_the_clean_criteria():
    result = weighted_matrix(LEVER_CRITERIA, LEVERS, LEVER_SCORES)
    assert result.options == tuple(LEVERS)
    assert result.criteria == tuple(LEVER_CRITERIA)
    assert result.normalised[1] == pytest.approx((0, 1, 1))  # 5S: no gain, cheapest, safest


def test_scores_may_be_decimals_and_numpy_numbers():
    from decimal import Decimal

    scores = [[Decimal("8"), np.int64(10), np.float64(2)], [3, 1, 1], [6, 4, 3], [9, 15, 4]]
    result = weighted_matrix(LEVER_CRITERIA, LEVERS, np.array(scores, dtype=object))
    assert _ranking(result) == [("SMED", 1), ("Kanban", 2), ("TPM", 3), ("5S", 4)]


# --- the weighted matrix: errors name their place -------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "options", "scores", "expected"),
    [
        (
            [Criterion("Gain", 1), Criterion("Cost", 1, MIN)],
            ["SMED", "5S", "TPM"],
            [[1, 2], [3, 4], [5, "x"]],
            ["scores[2][1] (option 'TPM', criterion 'Cost'): must be a number"],
        ),
        (
            [Criterion("Gain", 1)],
            ["SMED"],
            [[None]],
            ["scores[0][0] (option 'SMED', criterion 'Gain'): must be a number"],
        ),
        (
            [Criterion("Gain", 1)],
            ["SMED"],
            [[math.nan]],
            ["scores[0][0] (option 'SMED', criterion 'Gain'): must be a number"],
        ),
        (
            [Criterion("Gain", 1)],
            ["SMED"],
            [[True]],
            ["scores[0][0] (option 'SMED', criterion 'Gain'): must be a number"],
        ),
        (
            [Criterion("Ease", 1, lower=1, upper=5)],
            ["SMED", "5S"],
            [[0], [6]],
            [
                "scores[0][0] (option 'SMED', criterion 'Ease'): 0 is below the scale's lower "
                "bound 1",
                "scores[1][0] (option '5S', criterion 'Ease'): 6 is above the scale's upper "
                "bound 5",
            ],
        ),
        (
            [Criterion("Gain", -1), Criterion("Cost", 2, MIN)],
            ["A"],
            [[1, 1]],
            ["criteria[0] ('Gain'): the weight must be >= 0, got -1"],
        ),
        (
            [Criterion("Gain", 0), Criterion("Cost", 0, MIN)],
            ["A"],
            [[1, 1]],
            ["criteria: at least one weight must be greater than 0"],
        ),
        (
            [Criterion("Gain", "heavy")],  # type: ignore[arg-type]
            ["A"],
            [[1]],
            ["criteria[0] ('Gain'): the weight must be a number"],
        ),
        (
            [Criterion("Gain", 1, "up")],  # type: ignore[arg-type]
            ["A"],
            [[1]],
            ["criteria[0] ('Gain'): the direction must be 'max' or 'min'"],
        ),
        (
            [Criterion("Ease", 1, lower=5, upper=1)],
            ["A"],
            [[3]],
            ["criteria[0] ('Ease'): the upper bound (1) must be greater than the lower bound (5)"],
        ),
        (
            [Criterion("Gain", 1), Criterion("Gain", 1)],
            ["A", "A", " "],
            [[1, 1], [1, 1], [1, 1]],
            [
                "criteria[1] ('Gain'): the name is used twice",
                "options[1] ('A'): the name is used twice",
                "options[2]: a name is required",
            ],
        ),
        (
            [Criterion("Gain", 1), Criterion("Cost", 1, MIN)],
            ["A", "B"],
            [[1, 2]],
            ["scores: 2 rows expected (one per option), got 1"],
        ),
        (
            [Criterion("Gain", 1), Criterion("Cost", 1, MIN)],
            ["A", "B"],
            [[1, 2], [3]],
            ["scores[1] (option 'B'): 2 scores expected (one per criterion), got 1"],
        ),
        ([], [], [], ["criteria: at least one criterion is needed", "options: at least one"]),
    ],
)
def test_weighted_matrix_errors_name_the_place(criteria, options, scores, expected):
    with pytest.raises(DecisionInputError) as caught:
        weighted_matrix(criteria, options, scores)
    errors = caught.value.errors
    for message in expected:
        assert any(e.startswith(message) for e in errors), (message, errors)
    assert str(caught.value) == "; ".join(errors)
    assert isinstance(caught.value, ValueError)


def test_every_mistake_is_reported_at_once():
    with pytest.raises(DecisionInputError) as caught:
        weighted_matrix(
            [Criterion("Gain", 1, lower=0, upper=10), Criterion("Cost", 1, MIN)],
            ["A", "B"],
            [[11, "?"], ["?", 1]],
        )
    assert len(caught.value.errors) == 3


# --- the weighted matrix: properties --------------------------------------------------------


@st.composite
def matrices(draw, *, bounded=False, min_options=1):
    n_criteria = draw(st.integers(1, 4))
    n_options = draw(st.integers(min_options, 5))
    criteria = []
    for c in range(n_criteria):
        direction = draw(st.sampled_from([MAX, MIN]))
        weight = draw(st.integers(0, 5))
        if bounded:
            criteria.append(Criterion(f"c{c}", weight, direction, lower=1, upper=5))
        else:
            criteria.append(Criterion(f"c{c}", weight, direction))
    if all(c.weight == 0 for c in criteria):
        criteria[0] = replace(criteria[0], weight=1)
    if bounded:
        cell = st.integers(1, 5)
    else:
        cell = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    scores = draw(
        st.lists(
            st.lists(cell, min_size=n_criteria, max_size=n_criteria),
            min_size=n_options,
            max_size=n_options,
        )
    )
    options = [f"o{i}" for i in range(n_options)]
    return criteria, options, scores


@given(matrices())
def test_totals_are_in_0_1_and_contributions_add_up(matrix):
    criteria, options, scores = matrix
    result = weighted_matrix(criteria, options, scores)
    assert sum(result.weights) == pytest.approx(1)
    for row in result.normalised:
        assert all(0 <= x <= 1 for x in row)
    for score in result.ranking:
        assert 0 <= score.total <= 1
        assert math.fsum(score.contributions) == pytest.approx(score.total, abs=1e-12)
    totals = [s.total for s in result.ranking]
    assert totals == sorted(totals, reverse=True)
    assert result.ranking[0].rank == 1
    assert sorted(s.option for s in result.ranking) == sorted(options)


@given(matrices(), st.floats(1e-3, 1e3))
def test_ranking_is_invariant_to_scaling_all_weights(matrix, factor):
    criteria, options, scores = matrix
    scaled = [replace(c, weight=c.weight * factor) for c in criteria]
    before = weighted_matrix(criteria, options, scores)
    after = weighted_matrix(scaled, options, scores)
    assert [s.total for s in after.ranking] == pytest.approx([s.total for s in before.ranking])
    # Only near-ties could swap; compare the ranks of options clearly apart.
    assert _ranking(after) == _ranking(before) or _near_tie(before)


@given(matrices(bounded=True), st.integers(0, 3), st.integers(-100, 100))
def test_adding_a_constant_to_an_unbounded_criterion_keeps_the_ranking(matrix, which, shift):
    criteria, options, scores = matrix
    which %= len(criteria)
    unbounded = [replace(c, lower=None, upper=None) for c in criteria]
    shifted = [[x + shift if c == which else x for c, x in enumerate(row)] for row in scores]
    before = weighted_matrix(unbounded, options, scores)
    after = weighted_matrix(unbounded, options, shifted)
    assert _ranking(after) == _ranking(before)
    assert [s.total for s in after.ranking] == pytest.approx([s.total for s in before.ranking])


def _near_tie(result) -> bool:
    totals = [s.total for s in result.ranking]
    return any(abs(a - b) < 1e-9 for a, b in zip(totals, totals[1:], strict=False))


# --- sensitivity of the ranking to each weight ----------------------------------------------


def _top_order(criteria, options, scores, top, index, weight):
    """The strict order of the `top` best options with criterion `index` weighing `weight`,
    or None when a tie blurs it (recomputed from scratch with weighted_matrix)."""
    changed = list(criteria)
    changed[index] = replace(changed[index], weight=weight)
    ranking = weighted_matrix(changed, options, scores).ranking
    top = min(top, len(ranking))
    ranks = [s.rank for s in ranking]
    if ranks[:top] != list(range(1, top + 1)):
        return None
    if len(ranks) > top and ranks[top] == top:
        return None
    return tuple(s.option for s in ranking[:top])


def test_sensitivity_of_the_lever_matrix_by_hand():
    # Gain's weight w, the others fixed (Cost 2, Risk 1): the numerators are
    # SMED 5/6 w + 2*5/14 + 3/4, 5S 0 w + 2 + 1, Kanban 1/2 w + 2*11/14 + 1/2, TPM w + 1/4.
    # SMED leads while 5/6 w + 10/14 + 3/4 > 3, i.e. w > (3 - 10/14 - 3/4) * 6/5 = 129/70,
    # and while 5/6 w + 10/14 + 3/4 > w + 1/4, i.e. w < (10/14 + 1/2) * 6 = 51/7.
    gain, cost, risk = weight_sensitivity(LEVER_CRITERIA, LEVERS, LEVER_SCORES)
    assert (gain.criterion, gain.weight) == ("Gain", 3)
    assert gain.lower == pytest.approx(129 / 70)
    assert gain.upper == pytest.approx(51 / 7)
    assert (gain.lower_takeover, gain.upper_takeover) == ("5S", "TPM")
    # Cost may fall to 0 and SMED still leads (SMED's gain beats Kanban's, 5S's and TPM's risk).
    assert cost.lower == 0 and cost.lower_takeover is None
    assert cost.upper_takeover == "Kanban"
    assert risk.lower == 0 and risk.upper_takeover == "5S"


def test_sensitivity_unbounded_when_more_weight_only_helps_the_leader():
    # A has the gain (n = 1, 0), B is cheaper (n = 0, 1). Numerators with cost weighing w:
    # A = 1, B = w, so B catches A at w = 1; more weight on gain only widens A's lead.
    criteria = [Criterion("Gain", 1), Criterion("Cost", 0.5, MIN)]
    (gain, cost) = weight_sensitivity(criteria, ["A", "B"], [[10, 5], [0, 4]])
    assert gain.upper is None and gain.upper_takeover is None
    assert gain.lower == pytest.approx(0.5) and gain.lower_takeover == "B"
    assert (cost.lower, cost.upper, cost.upper_takeover) == (0, pytest.approx(1), "B")


def test_sensitivity_with_a_tie_now_is_the_current_weight_alone():
    criteria = [Criterion("Gain", 1), Criterion("Cost", 1, MIN)]
    (gain, _cost) = weight_sensitivity(criteria, ["A", "B"], [[10, 10], [0, 0]])
    assert gain.lower == gain.upper == 1
    assert gain.lower_takeover == gain.upper_takeover == "B"


def test_sensitivity_when_the_other_weights_are_zero():
    criteria = [Criterion("Gain", 2), Criterion("Cost", 0, MIN)]
    (gain, cost) = weight_sensitivity(criteria, ["A", "B"], [[10, 10], [0, 0]])
    assert (gain.lower, gain.upper, gain.lower_takeover) == (0, None, None)
    # Any weight on cost lets B (the cheaper) catch A: A = 2/(2+w), B = w/(2+w), equal at w = 2.
    assert cost.lower == 0 and cost.upper == pytest.approx(2) and cost.upper_takeover == "B"


def test_sensitivity_of_a_single_option_is_unbounded():
    (gain,) = weight_sensitivity([Criterion("Gain", 1)], ["Only"], [[3]])
    assert (gain.lower, gain.upper, gain.lower_takeover, gain.upper_takeover) == (
        0,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(("top", "message"), [(0, "top: must be at least 1"), (1.5, "top:")])
def test_sensitivity_top_must_be_a_positive_whole_number(top, message):
    with pytest.raises(DecisionInputError, match=message):
        weight_sensitivity(LEVER_CRITERIA, LEVERS, LEVER_SCORES, top=top)


def _check_range(criteria, options, scores, top, index, bound):
    current = _top_order(criteria, options, scores, top, index, bound.weight)
    if current is None:  # tied now: the range is the current weight alone
        assert bound.lower == bound.upper == bound.weight
        return
    w = bound.weight
    holds = [w]
    if bound.lower < w:
        holds += [(bound.lower + w) / 2, bound.lower + (w - bound.lower) * 1e-6]
    if bound.upper is None:
        holds += [w * 1e3 + 1e3]
    else:
        holds += [(bound.upper + w) / 2, bound.upper - (bound.upper - w) * 1e-6]
    for weight in holds:
        if weight > 0 or any(c.weight for i, c in enumerate(criteria) if i != index):
            assert _top_order(criteria, options, scores, top, index, weight) == current, weight
    if bound.lower_takeover is not None:
        assert bound.lower > 0
        for weight in (bound.lower, bound.lower * (1 - 1e-6)):
            assert _top_order(criteria, options, scores, top, index, weight) != current, weight
    else:
        assert bound.lower == 0
    if bound.upper is not None:
        assert bound.upper_takeover is not None
        for weight in (bound.upper, bound.upper * (1 + 1e-6)):
            assert _top_order(criteria, options, scores, top, index, weight) != current, weight


@pytest.mark.parametrize("top", [1, 2, 3])
def test_sensitivity_bounds_of_the_lever_matrix_hold_inside_and_break_outside(top):
    ranges = weight_sensitivity(LEVER_CRITERIA, LEVERS, LEVER_SCORES, top=top)
    for index, bound in enumerate(ranges):
        _check_range(LEVER_CRITERIA, LEVERS, LEVER_SCORES, top, index, bound)


@settings(max_examples=150, deadline=None)
@given(matrices(bounded=True, min_options=2), st.integers(1, 3))
def test_sensitivity_bounds_hold_inside_and_break_outside(matrix, top):
    criteria, options, scores = matrix
    ranges = weight_sensitivity(criteria, options, scores, top=top)
    assert [r.criterion for r in ranges] == [c.name for c in criteria]
    for index, bound in enumerate(ranges):
        assert bound.lower <= bound.weight
        assert bound.upper is None or bound.upper >= bound.weight
        _check_range(criteria, options, scores, top, index, bound)


# --- AHP ------------------------------------------------------------------------------------

# The leader example of the Wikipedia article "Analytic hierarchy process - leader example"
# (https://en.wikipedia.org/wiki/Analytic_hierarchy_process_%E2%80%93_leader_example), the
# judgements also in the R package ahp (gluc/ahp, inst/extdata/tom_dick_harry.ahp). Printed
# there: criteria weights .547, .127, .270, .056 with CR .044; the candidates' priorities per
# criterion and their CRs; overall Tom .358, Dick .493, Harry .149.
CANDIDATES = ["Tom", "Dick", "Harry"]
LEADER_CASES = [
    (
        "criteria",
        ["Experience", "Education", "Charisma", "Age"],
        {
            ("Experience", "Education"): 4,
            ("Experience", "Charisma"): 3,
            ("Experience", "Age"): 7,
            ("Education", "Charisma"): 1 / 3,
            ("Education", "Age"): 3,
            ("Age", "Charisma"): 1 / 5,
        },
        [0.547, 0.127, 0.270, 0.056],
        0.044,
    ),
    (
        "experience",
        CANDIDATES,
        {("Tom", "Dick"): 1 / 4, ("Tom", "Harry"): 4, ("Dick", "Harry"): 9},
        [0.217, 0.717, 0.066],
        0.032,
    ),
    (
        "education",
        CANDIDATES,
        {("Tom", "Dick"): 3, ("Tom", "Harry"): 1 / 5, ("Dick", "Harry"): 1 / 7},
        [0.188, 0.081, 0.731],
        0.056,
    ),
    (
        "charisma",
        CANDIDATES,
        {("Tom", "Dick"): 5, ("Tom", "Harry"): 9, ("Dick", "Harry"): 4},
        [0.743, 0.194, 0.063],
        0.061,
    ),
    (
        "age",
        CANDIDATES,
        {("Tom", "Dick"): 1 / 3, ("Tom", "Harry"): 5, ("Dick", "Harry"): 9},
        [0.265, 0.672, 0.063],
        0.025,
    ),
]


@pytest.mark.parametrize(
    ("case", "names", "judgements", "weights", "cr"), LEADER_CASES, ids=[c[0] for c in LEADER_CASES]
)
def test_ahp_reproduces_the_leader_example(case, names, judgements, weights, cr):
    result = ahp_weights(ahp_matrix(names, judgements), names)
    assert result.names == tuple(names)
    # To the printed precision: within one unit of the third decimal (the article prints
    # Experience's 0.54757 as .547, the others rounded to nearest).
    assert result.weights == pytest.approx(weights, abs=1e-3)
    assert result.consistency_ratio == pytest.approx(cr, abs=5e-4)
    assert result.consistent
    assert result.random_index == RANDOM_INDEX[len(names)]
    assert result.consistency_index == pytest.approx(
        (result.lambda_max - len(names)) / (len(names) - 1)
    )


def test_ahp_leader_example_overall_priorities():
    criteria = ahp_weights(ahp_matrix(LEADER_CASES[0][1], LEADER_CASES[0][2]))
    local = np.array(
        [ahp_weights(ahp_matrix(CANDIDATES, case[2])).weights for case in LEADER_CASES[1:]]
    )
    overall = np.array(criteria.weights) @ local
    assert [round(float(x), 3) for x in overall] == [0.358, 0.493, 0.149]


@pytest.mark.parametrize(
    ("n", "ri"),
    [(3, 0.58), (4, 0.90), (5, 1.12), (6, 1.24), (7, 1.32), (8, 1.41), (9, 1.45), (10, 1.49)],
)
def test_saaty_random_index(n, ri):
    matrix = [[1.0] * n for _ in range(n)]
    assert ahp_weights(matrix).random_index == ri


@pytest.mark.parametrize(
    ("matrix", "weights"),
    [
        ([[1]], [1]),
        ([[1, 3], [1 / 3, 1]], [0.75, 0.25]),
        ([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]], [4 / 7, 2 / 7, 1 / 7]),
    ],
)
def test_ahp_consistent_textbook_matrices(matrix, weights):
    result = ahp_weights(matrix)
    assert result.weights == pytest.approx(weights)
    assert result.lambda_max == pytest.approx(len(matrix))
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9)
    assert result.names == tuple(str(i + 1) for i in range(len(matrix)))


def test_ahp_circular_judgements_are_inconsistent():
    # A beats B, B beats C, C beats A, each extremely: the judgements contradict each other.
    matrix = ahp_matrix(["A", "B", "C"], {("A", "B"): 9, ("B", "C"): 9, ("C", "A"): 9})
    result = ahp_weights(matrix)
    assert result.weights == pytest.approx([1 / 3] * 3)
    assert result.consistency_ratio > CONSISTENCY_LIMIT
    assert not result.consistent


@settings(max_examples=100)
@given(st.lists(st.floats(0.05, 20), min_size=1, max_size=10))
def test_ahp_gives_back_the_weights_of_a_consistent_matrix(raw):
    w = np.array(raw) / sum(raw)
    matrix = [[wi / wj for wj in w] for wi in w]
    result = ahp_weights(matrix)
    assert result.weights == pytest.approx(list(w), rel=1e-7, abs=1e-9)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9)
    assert result.consistent


@settings(max_examples=100)
@given(st.integers(3, 7), st.data())
def test_ahp_weights_are_positive_and_sum_to_one(n, data):
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    names = [f"c{i}" for i in range(n)]
    judgements = {
        (names[i], names[j]): data.draw(st.sampled_from(scale))
        for i in range(n)
        for j in range(i + 1, n)
    }
    result = ahp_weights(ahp_matrix(names, judgements), names)
    assert sum(result.weights) == pytest.approx(1)
    assert all(x > 0 for x in result.weights)
    assert result.lambda_max >= n - 1e-9
    assert result.consistency_ratio >= 0


def test_ahp_matrix_fills_diagonal_and_reciprocals():
    matrix = ahp_matrix(["A", "B", "C"], {("A", "B"): 3, ("C", "A"): 2, ("B", "C"): 1 / 5})
    np.testing.assert_allclose(matrix, [[1, 3, 1 / 2], [1 / 3, 1, 1 / 5], [2, 5, 1]])


def test_ahp_matrix_accepts_a_pair_given_both_ways_when_reciprocal():
    matrix = ahp_matrix(["A", "B"], {("A", "B"): 3, ("B", "A"): 1 / 3})
    np.testing.assert_allclose(matrix, [[1, 3], [1 / 3, 1]])


@pytest.mark.parametrize(
    ("names", "judgements", "expected"),
    [
        (
            ["Cost", "Delay", "Quality"],
            {("Cost", "Delay"): 3},
            ["judgements: missing ('Cost', 'Quality')", "judgements: missing ('Delay', 'Quality')"],
        ),
        (
            ["A", "B"],
            {("A", "B"): 12},
            ["judgements[('A', 'B')]: must be between 1/9 and 9, got 12"],
        ),
        (["A", "B"], {("A", "B"): 0}, ["judgements[('A', 'B')]: must be between 1/9 and 9"]),
        (["A", "B"], {("A", "B"): "x"}, ["judgements[('A', 'B')]: must be a number"]),
        (["A", "B"], {("A", "Z"): 3}, ["judgements[('A', 'Z')]: unknown name 'Z'"]),
        (
            ["A", "B"],
            {("A", "B"): 3, ("B", "A"): 3},
            ["judgements[('B', 'A')]: 3 contradicts judgements[('A', 'B')] = 3"],
        ),
        (["A", "B"], {("A", "A"): 2, ("A", "B"): 1}, ["judgements[('A', 'A')]: an element"]),
        (["A", "A"], {}, ["names[1] ('A'): the name is used twice"]),
        ([], {}, ["names: at least one element is needed"]),
    ],
)
def test_ahp_matrix_errors_name_the_place(names, judgements, expected):
    with pytest.raises(DecisionInputError) as caught:
        ahp_matrix(names, judgements)
    for message in expected:
        assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize(
    ("matrix", "names", "expected"),
    [
        ([[1, 2], [1]], None, "matrix[1]: 2 values expected (a square matrix), got 1"),
        ([[1, 2], [1 / 3, 1]], ["A", "B"], "matrix[0][1] ('A' vs 'B'): 2 is not the reciprocal"),
        ([[2, 1], [1, 1]], None, "matrix[0][0] ('1' vs '1'): the diagonal must be 1, got 2"),
        ([[1, -2], [-0.5, 1]], None, "matrix[0][1] ('1' vs '2'): must be greater than 0"),
        ([[1, "x"], [1, 1]], None, "matrix[0][1] ('1' vs '2'): must be a number"),
        ([[1]], ["A", "B"], "names: 1 names expected"),
        ([], None, "matrix: at least one row is needed"),
        ([[1.0] * 16 for _ in range(16)], None, "matrix: at most 15 elements"),
    ],
)
def test_ahp_weights_errors_name_the_place(matrix, names, expected):
    with pytest.raises(DecisionInputError) as caught:
        ahp_weights(matrix, names)
    assert any(e.startswith(expected) for e in caught.value.errors), caught.value.errors


def test_ahp_reciprocity_is_checked_to_1e_9_relative():
    ahp_weights([[1, 3], [1 / 3 * (1 + 1e-12), 1]])
    with pytest.raises(DecisionInputError):
        ahp_weights([[1, 3], [1 / 3 * (1 + 1e-6), 1]])


# --- impact / effort ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("impact", "effort", "expected"),
    [
        (5, 1, Quadrant.QUICK_WIN),
        (5, 5, Quadrant.MAJOR_PROJECT),
        (1, 1, Quadrant.FILL_IN),
        (1, 5, Quadrant.THANKLESS),
        # On the mid line counts as high.
        (3, 2.9, Quadrant.QUICK_WIN),
        (3, 3, Quadrant.MAJOR_PROJECT),
        (2.9, 2.9, Quadrant.FILL_IN),
        (2.9, 3, Quadrant.THANKLESS),
    ],
)
def test_impact_effort_quadrant(impact, effort, expected):
    assert impact_effort_quadrant(impact, effort, impact_mid=3, effort_mid=3) is expected


def test_impact_effort_quadrant_names_a_bad_value():
    with pytest.raises(DecisionInputError, match="effort: must be a number"):
        impact_effort_quadrant(3, math.inf, impact_mid=3, effort_mid=3)


# --- charts ---------------------------------------------------------------------------------


def test_matrix_chart_spec_stacks_contributions_best_on_top():
    result = weighted_matrix(LEVER_CRITERIA, LEVERS, LEVER_SCORES)
    spec = matrix_chart_spec(result, title="Levers", score_title="Score")
    json.dumps(spec)  # serialisable for json_script
    assert spec["$schema"] == SCHEMA and spec["title"] == "Levers"
    bars, labels = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == ["SMED", "Kanban", "TPM", "5S"]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Gain", "Cost", "Risk"]
    rows = bars["data"]["values"]
    assert len(rows) == len(LEVERS) * len(LEVER_CRITERIA)
    smed = [r for r in rows if r["option"] == "SMED"]
    assert math.fsum(r["contribution"] for r in smed) == pytest.approx(37 / 56)
    assert [t["option"] for t in labels["data"]["values"]] == ["SMED", "Kanban", "TPM", "5S"]
    assert bars["encoding"]["x"]["title"] == "Score"


QUADRANT_LABELS = {
    Quadrant.QUICK_WIN: "Quick wins",
    Quadrant.MAJOR_PROJECT: "Major projects",
    Quadrant.FILL_IN: "Fill-ins",
    Quadrant.THANKLESS: "Thankless tasks",
}


def test_impact_effort_spec_places_points_rules_and_quadrant_names():
    spec = impact_effort_spec(
        [("SMED", 4, 2), ("TPM", 5, 5), ("Paint the floor", 1, 4)],
        title="Impact / effort",
        impact_title="Impact",
        effort_title="Effort",
        impact_mid=3,
        effort_mid=3,
        quadrant_labels=QUADRANT_LABELS,
    )
    json.dumps(spec)
    text = json.dumps(spec)
    for label in QUADRANT_LABELS.values():
        assert label in text
    points = spec["layer"][-1]["data"]["values"]
    assert [(p["label"], p["quadrant"]) for p in points] == [
        ("SMED", "quick_win"),
        ("TPM", "major_project"),
        ("Paint the floor", "thankless"),
    ]
    rules = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "rule"]
    assert [r["data"]["values"][0] for r in rules] == [{"effort": 3.0}, {"impact": 3.0}]
    # The quick-wins name sits in the top-left corner of the plotted area.
    corner = spec["layer"][0]["data"]["values"][0]
    x_domain = spec["layer"][-1]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    y_domain = spec["layer"][-1]["layer"][0]["encoding"]["y"]["scale"]["domain"]
    assert (corner["label"], corner["effort"], corner["impact"]) == (
        "Quick wins",
        x_domain[0],
        y_domain[1],
    )
    assert x_domain[0] < 2 and x_domain[1] > 5 and y_domain[0] < 1 and y_domain[1] > 5


def test_impact_effort_spec_needs_every_quadrant_name():
    labels = dict(QUADRANT_LABELS)
    del labels[Quadrant.FILL_IN]
    with pytest.raises(DecisionInputError, match="quadrant_labels: missing 'fill_in'"):
        impact_effort_spec(
            [],
            title="t",
            impact_title="i",
            effort_title="e",
            impact_mid=3,
            effort_mid=3,
            quadrant_labels=labels,
        )


def test_impact_effort_spec_without_points_still_draws_the_frame():
    spec = impact_effort_spec(
        [],
        title="t",
        impact_title="i",
        effort_title="e",
        impact_mid=3,
        effort_mid=3,
        quadrant_labels=QUADRANT_LABELS,
    )
    assert spec["layer"][-1]["data"]["values"] == []


# --- docs -----------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "decisions.md"


@pytest.mark.parametrize(
    "name",
    [
        "weighted_matrix",
        "weight_sensitivity",
        "ahp_matrix",
        "ahp_weights",
        "impact_effort_quadrant",
        "impact_effort_spec",
        "matrix_chart_spec",
        "DecisionInputError",
        *[q.value for q in Quadrant],
        *[d.value for d in Direction],
    ],
)
def test_every_decision_tool_is_documented(name):
    assert f"`{name}" in DOCS.read_text()


def test_the_worked_example_of_the_docs_is_the_tested_one():
    text = DOCS.read_text()
    result = weighted_matrix(LEVER_CRITERIA, LEVERS, LEVER_SCORES)
    for score in result.ranking:
        assert f"| {score.rank} | {score.option} |" in text
        assert f"**{score.total:.3f}**" in text
    for bound in weight_sensitivity(LEVER_CRITERIA, LEVERS, LEVER_SCORES):
        upper = f"{bound.upper:.3f}"
        assert upper in text and (bound.lower == 0 or f"{bound.lower:.3f}" in text)
    names = ["Gain", "Cost", "Risk"]
    ahp = ahp_weights(
        ahp_matrix(names, {("Gain", "Cost"): 2, ("Gain", "Risk"): 4, ("Cost", "Risk"): 3}), names
    )
    for weight in ahp.weights:
        assert f"{weight:.3f}" in text
    assert f"CR = {ahp.consistency_index:.4f} / 0.58 = {ahp.consistency_ratio:.3f}" in text
    for n, ri in RANDOM_INDEX.items():
        assert n < 3 or f"{n}: {ri:.2f}" in text
