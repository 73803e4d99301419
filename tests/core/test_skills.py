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
