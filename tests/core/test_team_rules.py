"""obeya.core.teams: suggestions, over-commitment, RACI and meeting rhythm (docs/teams.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.teams import (
    MAX_HOURS_PER_WEEK,
    MAX_TEAMS,
    ActionFacts,
    Candidate,
    Load,
    commitment_load,
    meeting_rhythm,
    over_committed,
    raci_letter,
    raci_table,
    suggest_members,
)

# --- over-commitment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rows,person,teams,hours,flagged",
    [
        ([("ana", "t1", 4), ("ana", "t2", 4)], "ana", 2, 8.0, False),  # at the threshold: fine
        ([("ana", "t1", 4), ("ana", "t2", 4.5)], "ana", 2, 8.5, True),  # above: flagged
        ([("ana", t, 1) for t in ("t1", "t2", "t3")], "ana", 3, 3.0, False),
        ([("ana", t, 1) for t in ("t1", "t2", "t3", "t4")], "ana", 4, 4.0, True),  # 4 teams
        ([("ana", "t1", None), ("ana", "t2", None)], "ana", 2, 0.0, False),  # blank = 0 h
        ([("ana", "t1", 3), ("ana", "t1", 3)], "ana", 1, 6.0, False),  # one team counted once
    ],
)
def test_commitment_load(rows, person, teams, hours, flagged):
    load = commitment_load(rows)[person]
    assert (load.teams, load.hours_per_week, load.is_over_committed) == (teams, hours, flagged)


def test_thresholds_are_the_documented_ones():
    assert (MAX_HOURS_PER_WEEK, MAX_TEAMS) == (8.0, 3)


def test_negative_hours_are_refused_naming_the_person():
    with pytest.raises(ValueError, match="ana"):
        commitment_load([("ana", "t1", -1)])


def test_over_committed_lists_the_heaviest_first():
    loads = commitment_load([("a", "t1", 9), ("b", "t1", 12), ("c", "t1", 2)])
    assert [load.person for load in over_committed(loads)] == ["b", "a"]


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz"), st.floats(0, 20))))
def test_load_adds_up_every_hour_committed(rows):
    loads = commitment_load(rows)
    assert sum(load.hours_per_week for load in loads.values()) == pytest.approx(
        sum(h for _p, _t, h in rows), abs=0.05 * max(1, len(loads))
    )
    for person, load in loads.items():
        # A person listed twice in the same team counts that team once.
        assert load.teams == len({team for p, team, _h in rows if p == person})


# --- suggestions -----------------------------------------------------------------------------

SMED, BEND, WELD = "smed", "bending", "welding"


def _ranked(candidates, **kwargs):
    return [
        s.person
        for s in suggest_members(needed_skills=[SMED, BEND], candidates=candidates, **kwargs)
    ]


@pytest.mark.parametrize(
    "candidates,kwargs,expected",
    [
        # more needed skills at autonomous or above first
        (
            [Candidate("one", None, {SMED: 3}), Candidate("two", None, {SMED: 2, BEND: 2})],
            {},
            ["two", "one"],
        ),
        # same count: higher sum of levels
        (
            [Candidate("two", None, {SMED: 2}), Candidate("three", None, {SMED: 3})],
            {},
            ["three", "two"],
        ),
        # same levels: the team's area first
        (
            [Candidate("far", "welding", {SMED: 2}), Candidate("near", "bending", {SMED: 2})],
            {"team_area": "bending"},
            ["near", "far"],
        ),
        # same levels and area: the free one before the over-committed one, then fewer hours
        (
            [
                Candidate("busy", None, {SMED: 2}),
                Candidate("half", None, {SMED: 2}),
                Candidate("free", None, {SMED: 2}),
            ],
            {"loads": {"busy": Load("busy", 1, 9.0), "half": Load("half", 1, 4.0)}},
            ["free", "half", "busy"],
        ),
        # nobody without a needed skill, nobody already a member
        (
            [
                Candidate("welder", None, {WELD: 3}),
                Candidate("member", None, {SMED: 3}),
                Candidate("novice", None, {SMED: 1}),
                Candidate("zero", None, {SMED: 0}),
            ],
            {"exclude": ["member"]},
            ["novice"],
        ),
    ],
)
def test_suggestion_ranking(candidates, kwargs, expected):
    assert _ranked(candidates, **kwargs) == expected


def test_suggestion_says_why_and_presets_the_role():
    (trainer, user) = suggest_members(
        needed_skills=[SMED, BEND],
        candidates=[Candidate("u", None, {BEND: 2}), Candidate("t", None, {BEND: 1, SMED: 3})],
    )
    assert trainer.skills == ((SMED, 3), (BEND, 1)) and trainer.role == "expert"
    assert user.skills == ((BEND, 2),) and user.role == "member"


@given(
    st.lists(st.dictionaries(st.sampled_from([SMED, BEND, WELD]), st.integers(0, 3)), max_size=8)
)
def test_every_suggestion_holds_a_needed_skill_and_order_follows_skills(levels_list):
    candidates = [Candidate(i, None, levels) for i, levels in enumerate(levels_list)]
    found = suggest_members(needed_skills=[SMED, BEND], candidates=candidates)
    assert all(s.skills and all(level >= 1 for _s, level in s.skills) for s in found)
    keys = [(s.skills_autonomous, s.level_total) for s in found]
    assert keys == sorted(keys, reverse=True)


# --- RACI ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "member,owner,leader,levels,letter",
    [
        ("bob", "bob", "ana", {}, "R"),
        ("ana", "bob", "ana", {}, "A"),
        ("ana", "ana", "ana", {}, "R/A"),  # the leader owns the action
        ("cyd", "bob", "ana", {("cyd", SMED): 2}, "C"),  # autonomous in a needed skill
        ("cyd", "bob", "ana", {("cyd", SMED): 3}, "C"),
        ("cyd", "bob", "ana", {("cyd", SMED): 1}, "I"),  # in training only
        ("cyd", "bob", "ana", {("cyd", WELD): 3}, "I"),  # a skill the action does not need
        ("dan", None, None, {}, "I"),
    ],
)
def test_raci_letter(member, owner, leader, levels, letter):
    assert (
        raci_letter(member=member, owner=owner, leader=leader, skills_needed=[SMED], levels=levels)
        == letter
    )


def test_raci_table_flags_an_owner_outside_the_team_and_a_missing_leader():
    table = raci_table(
        actions=[ActionFacts("a1", "bob", frozenset({SMED})), ActionFacts("a2", "zoe")],
        members=["bob", "cyd"],
        leader=None,
        levels={("cyd", SMED): 2},
    )
    assert [row.letters for row in table.rows] == [("R", "C"), ("I", "I")]
    assert [row.owner_in_team for row in table.rows] == [True, False]
    assert not table.has_leader and table.actions_without_owner_in_team == 1


@given(st.lists(st.sampled_from("abcde"), unique=True, min_size=1), st.sampled_from("abcdez"))
def test_each_action_has_at_most_one_responsible_and_one_accountable(members, owner):
    table = raci_table(
        actions=[ActionFacts("x", owner)], members=members, leader=members[0], levels={}
    )
    letters = table.rows[0].letters
    assert sum("R" in cell for cell in letters) == (1 if owner in members else 0)
    assert sum("A" in cell for cell in letters) == 1


# --- meeting rhythm --------------------------------------------------------------------------

NOW = dt.datetime(2026, 3, 10, 9, 0)


def _at(days: float) -> dt.datetime:
    return NOW + dt.timedelta(days=days)


@pytest.mark.parametrize(
    "starts,interval,next_at,projected",
    [
        ([-14, -7, 0, 7], 7.0, _at(0), False),  # weekly, one today
        ([-28, -21, -14, 7], 7.0, _at(7), False),  # a skipped week: the median keeps it weekly
        ([-15, -8, -1], 7.0, _at(6), True),  # none planned: projected from the last one
        ([-40, -26], 14.0, _at(2), True),  # projected past several missed meetings
        ([3], None, _at(3), False),  # one meeting: no rhythm, it is the next
        ([-3], None, None, False),  # one meeting past: nothing to say about the next
    ],
)
def test_meeting_rhythm(starts, interval, next_at, projected):
    (rhythm,) = meeting_rhythm([("standup", _at(d)) for d in starts], now=NOW)
    assert (rhythm.interval_days, rhythm.next_at, rhythm.next_is_projected) == (
        interval,
        next_at,
        projected,
    )
    assert rhythm.count == len(starts)


def test_meeting_rhythm_per_kind_in_order_of_appearance():
    rhythms = meeting_rhythm(
        [("review", _at(-30)), ("standup", _at(-7)), ("review", _at(0)), ("standup", _at(0))],
        now=NOW,
    )
    assert [(r.kind, r.interval_days) for r in rhythms] == [("review", 30.0), ("standup", 7.0)]
