"""Forming an improvement team: who has the skills, who is over-committed, who does what.

Three questions a Lean facilitator asks when putting a team together (docs/teams.md):

- **Who could join?** `suggest_members` ranks people by their ILUO levels in the skills the
  team's actions need, then by area (someone of the team's area knows the machines and the
  people), then by load (a free person before a busy one). Each suggestion says why: the
  needed skills held and at what level, and the role to preset (expert when they can train
  others in a needed skill, member otherwise).
- **Who is over-committed?** `commitment_load` adds up the hours per week a person committed
  across every team of the company's projects and the number of teams they sit in: beyond
  `MAX_HOURS_PER_WEEK` hours or `MAX_TEAMS` teams, improvement work eats into the day job
  and the team meets without them.
- **Who does what?** `raci_table` derives the RACI of the team's actions from facts already
  recorded: R the action's owner, A the team leader, C the members autonomous or better in a
  skill the action needs, I the other members.

Plain data in and out: people, skills and actions are any hashable keys the caller chooses.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from obeya.core.skills import AUTONOMOUS, CAN_TRAIN, IN_TRAINING

# Over-commitment thresholds. Improvement work on top of a full-time job: one half-day a week
# (about 4 h) is the usual commitment of a team member, two half-days that of a leader; beyond
# 8 h a week, or beyond 3 teams at once, the day job suffers and meetings run short of people.
MAX_HOURS_PER_WEEK = 8.0
MAX_TEAMS = 3

ROLE_EXPERT = "expert"
ROLE_MEMBER = "member"


@dataclass(frozen=True)
class Load:
    """A person's commitments across the teams of the company's projects."""

    person: Hashable
    teams: int
    hours_per_week: float

    @property
    def over_hours(self) -> bool:
        return self.hours_per_week > MAX_HOURS_PER_WEEK

    @property
    def over_teams(self) -> bool:
        return self.teams > MAX_TEAMS

    @property
    def is_over_committed(self) -> bool:
        return self.over_hours or self.over_teams


def commitment_load(
    memberships: Iterable[tuple[Hashable, Hashable, float | None]],
) -> dict[Hashable, Load]:
    """The load of each person from (person, team, hours per week or None) rows.

    A person counted twice in one team (which the database forbids) counts once for the team
    count; hours left blank count as zero, since nobody committed them.
    """
    teams: dict[Hashable, set[Hashable]] = {}
    hours: dict[Hashable, float] = {}
    for person, team, hours_per_week in memberships:
        if hours_per_week is not None and hours_per_week < 0:
            raise ValueError(f"hours per week of {person}: {hours_per_week} is negative")
        teams.setdefault(person, set()).add(team)
        hours[person] = hours.get(person, 0.0) + float(hours_per_week or 0)
    return {p: Load(p, len(teams[p]), round(hours[p], 1)) for p in teams}


def over_committed(loads: Mapping[Hashable, Load]) -> tuple[Load, ...]:
    """The over-committed people, heaviest first (hours, then teams)."""
    flagged = [load for load in loads.values() if load.is_over_committed]
    return tuple(sorted(flagged, key=lambda load: (-load.hours_per_week, -load.teams)))


# --- suggestions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A person who could join: their area and their levels in the company's skills."""

    person: Hashable
    area: Hashable | None
    levels: Mapping[Hashable, int]


@dataclass(frozen=True)
class Suggestion:
    person: Hashable
    skills: tuple[tuple[Hashable, int], ...]  # the needed skills held, highest level first
    skills_autonomous: int  # needed skills held at autonomous or above
    level_total: int  # sum of the levels in the needed skills
    same_area: bool
    load: Load
    role: str  # the role to preset: expert when they can train in a needed skill

    @property
    def is_over_committed(self) -> bool:
        return self.load.is_over_committed


def suggest_members(
    *,
    needed_skills: Iterable[Hashable],
    candidates: Iterable[Candidate],
    team_area: Hashable | None = None,
    loads: Mapping[Hashable, Load] | None = None,
    exclude: Iterable[Hashable] = (),
) -> tuple[Suggestion, ...]:
    """People holding at least one needed skill (in training or above), best first.

    Ranking, one criterion after the other: more needed skills at autonomous or above; a
    higher sum of levels in the needed skills; the team's area before the others; not
    over-committed before over-committed; fewer hours committed; fewer teams. Ties keep the
    candidates' order (pass them sorted by name). People in `exclude` (already members) are
    left out.
    """
    needed = list(dict.fromkeys(needed_skills))
    loads = loads or {}
    excluded = set(exclude)
    found = []
    for candidate in candidates:
        if candidate.person in excluded:
            continue
        held = [(s, candidate.levels.get(s, 0)) for s in needed]
        held = [(s, level) for s, level in held if level >= IN_TRAINING]
        if not held:
            continue
        held.sort(key=lambda sl: -sl[1])  # stable: needed order among equal levels
        load = loads.get(candidate.person) or Load(candidate.person, 0, 0.0)
        found.append(
            Suggestion(
                person=candidate.person,
                skills=tuple(held),
                skills_autonomous=sum(1 for _s, level in held if level >= AUTONOMOUS),
                level_total=sum(level for _s, level in held),
                same_area=team_area is not None and candidate.area == team_area,
                load=load,
                role=ROLE_EXPERT if held[0][1] >= CAN_TRAIN else ROLE_MEMBER,
            )
        )
    found.sort(
        key=lambda s: (
            -s.skills_autonomous,
            -s.level_total,
            not s.same_area,
            s.load.is_over_committed,
            s.load.hours_per_week,
            s.load.teams,
        )
    )
    return tuple(found)


# --- RACI ----------------------------------------------------------------------------------

RESPONSIBLE, ACCOUNTABLE, CONSULTED, INFORMED = "R", "A", "C", "I"


@dataclass(frozen=True)
class ActionFacts:
    action: Hashable
    owner: Hashable | None
    skills_needed: frozenset[Hashable] = frozenset()


@dataclass(frozen=True)
class RaciRow:
    action: Hashable
    letters: tuple[str, ...]  # one per member, in the members' order: "R", "A", "R/A", "C", "I"
    owner_in_team: bool  # False: the one responsible is not a member (or nobody owns it)


@dataclass(frozen=True)
class RaciTable:
    members: tuple[Hashable, ...]
    rows: tuple[RaciRow, ...]
    has_leader: bool  # False: nobody is accountable for any action

    @property
    def actions_without_owner_in_team(self) -> int:
        return sum(1 for row in self.rows if not row.owner_in_team)


def raci_letter(
    *,
    member: Hashable,
    owner: Hashable | None,
    leader: Hashable | None,
    skills_needed: Iterable[Hashable],
    levels: Mapping[tuple[Hashable, Hashable], int],
) -> str:
    """The letter of one member on one action. R and A combine ("R/A") when the leader owns
    the action; C and I apply only to those neither responsible nor accountable."""
    letters = []
    if owner is not None and member == owner:
        letters.append(RESPONSIBLE)
    if leader is not None and member == leader:
        letters.append(ACCOUNTABLE)
    if letters:
        return "/".join(letters)
    if any(levels.get((member, skill), 0) >= AUTONOMOUS for skill in skills_needed):
        return CONSULTED
    return INFORMED


def raci_table(
    *,
    actions: Sequence[ActionFacts],
    members: Sequence[Hashable],
    leader: Hashable | None,
    levels: Mapping[tuple[Hashable, Hashable], int],
) -> RaciTable:
    """Rows: the team's actions; columns: its members (see `raci_letter` for the rules)."""
    member_set = set(members)
    rows = tuple(
        RaciRow(
            action=facts.action,
            letters=tuple(
                raci_letter(
                    member=m,
                    owner=facts.owner,
                    leader=leader,
                    skills_needed=facts.skills_needed,
                    levels=levels,
                )
                for m in members
            ),
            owner_in_team=facts.owner is not None and facts.owner in member_set,
        )
        for facts in actions
    )
    return RaciTable(
        members=tuple(members), rows=rows, has_leader=leader is not None and leader in member_set
    )


# --- meeting rhythm ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRhythm:
    """How often a kind of meeting of the team takes place, and when the next one is."""

    kind: Hashable
    count: int
    interval_days: float | None  # median days between consecutive meetings; None for one
    next_at: dt.datetime | None
    next_is_projected: bool  # True: none is planned, next_at = the last one + the interval


def meeting_rhythm(
    meetings: Iterable[tuple[Hashable, dt.datetime]], *, now: dt.datetime
) -> tuple[MeetingRhythm, ...]:
    """One rhythm per kind of meeting, in order of first appearance.

    The interval is the median of the gaps between consecutive meetings of the kind (a
    cancelled week does not turn a weekly stand-up into a fortnightly one). The next meeting
    is the first one planned at or after `now`; when none is planned and the kind has a rhythm,
    it is projected from the last meeting by whole intervals until it falls after `now`.
    """
    by_kind: dict[Hashable, list[dt.datetime]] = {}
    for kind, starts_at in meetings:
        by_kind.setdefault(kind, []).append(starts_at)
    rhythms = []
    for kind, starts in by_kind.items():
        starts.sort()
        gaps = [(b - a).total_seconds() / 86_400 for a, b in zip(starts, starts[1:], strict=False)]
        gaps = [g for g in gaps if g > 0]
        interval = round(statistics.median(gaps), 1) if gaps else None
        upcoming = [s for s in starts if s >= now]
        next_at, projected = (upcoming[0], False) if upcoming else (None, False)
        if next_at is None and interval:
            step = dt.timedelta(days=interval)
            steps = max(1, math.ceil((now - starts[-1]) / step))
            next_at, projected = starts[-1] + steps * step, True
        rhythms.append(MeetingRhythm(kind, len(starts), interval, next_at, projected))
    return tuple(rhythms)
