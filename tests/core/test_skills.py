"""Skills matrix arithmetic (obeya.core.skills): gaps per skill and per person, needs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.skills import Target, check_level, matrix_gaps, skill_gap


@pytest.mark.parametrize(
    ("levels", "target", "reached", "missing"),
    [
        # "two people autonomous in SMED": one autonomous, one can train -> met
        ([2, 3, 0, 1], Target(2, 2), 2, 0),
        ([2, 1, 0, 1], Target(2, 2), 1, 1),
        ([0, 0, 0], Target(1, 3), 0, 3),
        ([3, 3, 3], Target(3, 1), 3, 0),  # more than needed: no negative gap
        ([], Target(2, 2), 0, 2),  # nobody in the area
        ([1, 2], Target(2, 0), 1, 0),  # column tracked without need
    ],
)
def test_skill_gap_counts_people_missing(levels, target, reached, missing):
    gap = skill_gap("SMED", levels, target)
    assert (gap.people_at_target, gap.missing_people) == (reached, missing)
    assert gap.is_met is (missing == 0)


def test_skill_gap_without_target_counts_levels_only():
    gap = skill_gap("5S", [0, 1, 1, 3], None)
    assert gap.people_by_level == (1, 2, 0, 1)
    assert gap.missing_people == 0


@pytest.mark.parametrize("bad", [-1, 4, 2.5, "2", True])
def test_a_level_off_the_iluo_scale_is_refused(bad):
    with pytest.raises(ValueError, match="level"):
        check_level(bad)


@pytest.mark.parametrize(("level", "people"), [(0, 1), (4, 1), (2, -1)])
def test_a_target_off_the_scale_is_refused(level, people):
    with pytest.raises(ValueError, match="target"):
        Target(level, people)


def test_matrix_gaps_per_person_and_training_needs_nearest_first():
    people = ["Léa", "Karim", "Hugo"]
    skills = ["SMED", "CNC bending", "5S"]
    levels = {("Léa", "CNC bending"): 2, ("Karim", "CNC bending"): 3, ("Karim", "SMED"): 1}
    targets = {"SMED": Target(2, 2), "CNC bending": Target(2, 2)}
    gaps = matrix_gaps(people, skills, levels, targets)
    assert gaps.by_skill["SMED"].missing_people == 2
    assert gaps.by_skill["CNC bending"].missing_people == 0
    assert gaps.missing_people == 2 and gaps.skills_short == 1
    # everyone is below autonomous in SMED; CNC bending is met, so it asks nobody
    assert gaps.by_person == {"Léa": ("SMED",), "Karim": ("SMED",), "Hugo": ("SMED",)}
    assert [(n.person, n.from_level, n.levels_to_climb) for n in gaps.training_needs] == [
        ("Karim", 1, 1),
        ("Léa", 0, 2),
        ("Hugo", 0, 2),
    ]


levels_st = st.lists(st.integers(0, 3), max_size=12)
target_st = st.builds(Target, st.integers(1, 3), st.integers(0, 15))


@given(levels_st, target_st)
def test_gap_is_between_zero_and_the_people_asked(levels, target):
    gap = skill_gap("s", levels, target)
    assert 0 <= gap.missing_people <= target.people
    assert gap.missing_people == 0 or gap.people_at_target < target.people
    assert sum(gap.people_by_level) == len(levels)


@given(levels_st, target_st, st.data())
def test_training_someone_never_widens_the_gap(levels, target, data):
    if not levels:
        return
    i = data.draw(st.integers(0, len(levels) - 1))
    raised = list(levels)
    raised[i] = data.draw(st.integers(levels[i], 3))
    assert (
        skill_gap("s", raised, target).missing_people
        <= skill_gap("s", levels, target).missing_people
    )


@given(levels_st, target_st)
def test_enough_people_below_target_to_close_every_gap(levels, target):
    people = list(range(len(levels)))
    gaps = matrix_gaps(
        people, ["s"], {(p, "s"): lv for p, lv in zip(people, levels, strict=True)}, {"s": target}
    )
    needs = len(gaps.training_needs)
    missing = gaps.by_skill["s"].missing_people
    assert (
        needs == 0 if missing == 0 else needs == len(levels) - gaps.by_skill["s"].people_at_target
    )


# --- trainings: needs from the gaps, validation, evaluation summary -------------------------------

from obeya.core.skills import (  # noqa: E402
    AttendeeResult,
    level_after_validation,
    skill_needs,
    team_skill_needs,
    training_summary,
)


def test_skill_needs_list_short_skills_most_people_short_first_with_nearest_candidates():
    # The bending shop: SMED >= 2 x autonomous, CNC bending >= 1 x can train, 5S tracked only.
    people = ["Léa", "Karim", "Hugo", "Yanis"]
    levels = {
        ("Karim", "SMED"): 1,
        ("Yanis", "SMED"): 1,
        ("Léa", "CNC bending"): 2,
        ("Karim", "CNC bending"): 2,
    }
    targets = {"CNC bending": Target(3, 1), "SMED": Target(2, 2), "5S": Target(2, 0)}
    gaps = matrix_gaps(people, ["CNC bending", "SMED", "5S"], levels, targets)
    needs = skill_needs(gaps)
    assert [(n.skill, n.missing_people) for n in needs] == [("SMED", 2), ("CNC bending", 1)]
    smed = needs[0]
    assert [(c.person, c.from_level) for c in smed.candidates] == [
        ("Karim", 1),
        ("Yanis", 1),
        ("Léa", 0),
        ("Hugo", 0),
    ]
    # a training would start with as many people as are missing, the nearest ones
    assert [c.person for c in smed.first_candidates] == ["Karim", "Yanis"]
    assert [c.person for c in needs[1].first_candidates] == ["Léa"]


@pytest.mark.parametrize(
    ("levels", "short"),
    [
        ({}, {"SMED": 1, "5S": 1}),  # nobody trained: one autonomous member missing in each
        ({("Ana", "SMED"): 2}, {"5S": 1}),
        ({("Ana", "SMED"): 3, ("Bob", "5S"): 2}, {}),
        ({("Ana", "SMED"): 1, ("Bob", "SMED"): 1, ("Bob", "5S"): 2}, {"SMED": 1}),
    ],
)
def test_a_team_needs_one_member_autonomous_in_each_skill_its_actions_need(levels, short):
    needs = team_skill_needs(["Ana", "Bob"], ["SMED", "5S", "SMED"], levels)
    assert {n.skill: n.missing_people for n in needs} == short
    assert all(n.target == Target(2, 1) for n in needs)


def test_a_team_without_members_lists_the_skills_with_nobody_to_train():
    (need,) = team_skill_needs([], ["Kanban"], {})
    assert need.missing_people == 1 and need.candidates == ()


@pytest.mark.parametrize(
    ("held", "validated", "after"),
    [(0, 2, 2), (1, 2, 2), (2, 2, 2), (3, 1, 3), (2, 1, 2), (0, 3, 3)],
)
def test_a_validated_level_raises_the_matrix_never_lowers_it(held, validated, after):
    assert level_after_validation(held, validated) == after


@given(st.integers(0, 3), st.integers(0, 3))
def test_validation_never_lowers_and_reaches_at_least_the_level_validated(held, validated):
    after = level_after_validation(held, validated)
    assert after >= held and after >= validated and after in (held, validated)


def test_training_summary_counts_attendance_scores_and_levels_raised():
    results = [
        AttendeeResult(attended=True, score=5, level_before=1, level_after=2),
        AttendeeResult(attended=True, score=4, level_before=3, level_after=3),  # not raised
        AttendeeResult(attended=True, score=None, level_before=0, level_after=2),
        AttendeeResult(attended=False, score=None, level_before=None, level_after=None),
        AttendeeResult(attended=None, score=None, level_before=None, level_after=None),
    ]
    s = training_summary(results)
    assert (s.registered, s.present, s.absent) == (5, 3, 1)
    assert s.attendance_rate == pytest.approx(0.75)  # the unrecorded line does not count
    assert (s.scores, s.average_score) == (2, pytest.approx(4.5))
    assert (s.validated, s.levels_raised, s.levels_gained) == (3, 2, 3)


def test_training_summary_of_nothing_recorded_has_no_rate_and_no_average():
    s = training_summary([AttendeeResult(None, None, None, None)])
    assert s.attendance_rate is None and s.average_score is None and s.levels_raised == 0


def test_a_score_off_the_1_to_5_scale_is_refused():
    with pytest.raises(ValueError, match="score"):
        training_summary([AttendeeResult(True, 6, None, None)])


result_st = st.builds(
    AttendeeResult,
    st.none() | st.booleans(),
    st.none() | st.integers(1, 5),
    st.none() | st.integers(0, 3),
    st.none() | st.integers(0, 3),
)


@given(st.lists(result_st, max_size=20))
def test_summary_rates_stay_on_their_scales(results):
    s = training_summary(results)
    assert s.present + s.absent <= s.registered == len(results)
    assert s.attendance_rate is None or 0 <= s.attendance_rate <= 1
    assert s.average_score is None or 1 <= s.average_score <= 5
    assert s.levels_raised <= s.validated <= s.registered
