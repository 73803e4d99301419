"""Reads of the skills matrix (the grid of an area, the company's summary by area) and of the
improvement teams (their sheet, suggestions, RACI, load across teams, charter)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from obeya.actions.models import Action
from obeya.core.skills import QUARTERS_BY_LEVEL, SkillGap, Target, TrainingNeed, matrix_gaps
from obeya.core.teams import (
    ActionFacts,
    Candidate,
    Load,
    MeetingRhythm,
    Suggestion,
    commitment_load,
    meeting_rhythm,
    over_committed,
    raci_table,
    suggest_members,
)
from obeya.levers.models import CandidateLever
from obeya.meetings.models import Meeting
from obeya.organisation.models import Area, Company, Person, PersonSkill, Skill
from obeya.teams.models import ImprovementTeam, SkillTarget, TeamMember, TeamObjective
from obeya.trainings.models import Training


@dataclass(frozen=True)
class MatrixCell:
    skill: Skill
    level: int
    label: str  # the level in words, for screen readers and print
    quarters: int  # how much of the circle is filled
    below_target: bool  # the skill is short of people and this person is below its level
    typed: str = ""  # what a refused grid held in this cell, shown again rather than lost


@dataclass(frozen=True)
class MatrixRow:
    person: Person
    cells: tuple[MatrixCell, ...]
    skills_short: int  # the short skills this person's training could help close


@dataclass(frozen=True)
class MatrixColumn:
    skill: Skill
    target: SkillTarget | None
    gap: SkillGap


@dataclass(frozen=True)
class SkillsMatrix:
    area: Area
    rows: tuple[MatrixRow, ...]
    columns: tuple[MatrixColumn, ...]
    training_needs: tuple[TrainingNeed, ...]  # person and skill keys are Person and Skill
    missing_people: int
    skills_short: int
    targets_set: int


LEVEL_LABELS = dict(PersonSkill.Level.choices)


def area_skills_matrix(area: Area) -> SkillsMatrix:
    """People of the area x the skills relevant to it (a target there, or held by one of them)."""
    people = list(Person.objects.filter(area=area).order_by("last_name", "first_name", "pk"))
    held = list(PersonSkill.objects.filter(person__area=area).select_related("skill"))
    targets = {t.skill_id: t for t in SkillTarget.objects.filter(area=area).select_related("skill")}
    skills = {t.skill_id: t.skill for t in targets.values()}
    skills.update({ps.skill_id: ps.skill for ps in held})
    ordered = sorted(skills.values(), key=lambda s: (s.kind, s.name.casefold(), s.pk))
    gaps = matrix_gaps(
        people,
        ordered,
        {(ps.person, ps.skill): ps.level for ps in held},
        {skills[k]: Target(t.level, t.people) for k, t in targets.items()},
    )
    levels = {(ps.person_id, ps.skill_id): ps.level for ps in held}
    rows = []
    for person in people:
        short = set(gaps.by_person[person])
        cells = []
        for skill in ordered:
            level = levels.get((person.pk, skill.pk), 0)
            cells.append(
                MatrixCell(
                    skill, level, str(LEVEL_LABELS[level]), QUARTERS_BY_LEVEL[level], skill in short
                )
            )
        rows.append(MatrixRow(person, tuple(cells), len(short)))
    columns = tuple(MatrixColumn(s, targets.get(s.pk), gaps.by_skill[s]) for s in ordered)
    return SkillsMatrix(
        area=area,
        rows=tuple(rows),
        columns=columns,
        training_needs=gaps.training_needs,
        missing_people=gaps.missing_people,
        skills_short=gaps.skills_short,
        targets_set=sum(1 for t in targets.values() if t.people > 0),
    )


def company_skills_summary(company: Company) -> list[SkillsMatrix]:
    """Every area of the company with its matrix, for the overview page."""
    areas = Area.objects.filter(site__company=company).select_related("site")
    return [area_skills_matrix(area) for area in areas]


def company_skills(company: Company):
    return Skill.objects.filter(company=company).order_by("kind", "name")


# --- improvement teams (docs/teams.md) -----------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    member: TeamMember
    load: Load  # across every team of the company's projects


@dataclass(frozen=True)
class SuggestionRow:
    person: Person
    skills: tuple[tuple[Skill, str], ...]  # the needed skills held, with the level in words
    suggestion: Suggestion


@dataclass(frozen=True)
class RaciLine:
    action: Action
    letters: tuple[str, ...]
    owner_in_team: bool


@dataclass(frozen=True)
class TeamSheet:
    team: ImprovementTeam
    members: tuple[MemberRow, ...]
    leader: TeamMember | None
    objectives: tuple[TeamObjective, ...]
    needed_skills: tuple[Skill, ...]
    suggestions: tuple[SuggestionRow, ...]
    raci_members: tuple[TeamMember, ...]
    raci: tuple[RaciLine, ...]
    raci_has_leader: bool
    axes: tuple[Any, ...]
    levers: tuple[CandidateLever, ...]


@dataclass(frozen=True)
class TeamSummary:
    team: ImprovementTeam
    members_count: int
    leader: TeamMember | None
    over_committed: int
    axes: tuple[Any, ...]
    levers: tuple[CandidateLever, ...]
    objectives: tuple[TeamObjective, ...]


@dataclass(frozen=True)
class OverCommitted:
    person: Person
    load: Load
    teams: tuple[ImprovementTeam, ...]  # every team of the company they sit in


@dataclass(frozen=True)
class TeamsBoard:
    teams: tuple[TeamSummary, ...]
    over_committed: tuple[OverCommitted, ...]  # members of this project's teams


@dataclass(frozen=True)
class RhythmRow:
    kind: str  # in words
    rhythm: MeetingRhythm


@dataclass(frozen=True)
class TeamCharter:
    team: ImprovementTeam
    members: tuple[MemberRow, ...]
    leader: TeamMember | None
    objectives: tuple[TeamObjective, ...]
    rhythms: tuple[RhythmRow, ...]
    trainings: tuple[Any, ...]
    axes: tuple[Any, ...]
    levers: tuple[CandidateLever, ...]


def company_loads(company_id: int) -> dict[int, Load]:
    """Each person's load (person id -> Load) over every team of the company's projects."""
    rows = TeamMember.objects.filter(team__project__company_id=company_id).values_list(
        "person_id", "team_id", "hours_per_week"
    )
    return commitment_load((p, t, None if h is None else float(h)) for p, t, h in rows)


def _load(loads: dict[int, Load], person_id: int) -> Load:
    return loads.get(person_id) or Load(person_id, 0, 0.0)


def team_actions(team: ImprovementTeam):
    """The team's actions: those assigned to it and those carrying out its levers."""
    return (
        Action.objects.filter(project_id=team.project_id)
        .filter(Q(team=team) | Q(candidate_levers__teams=team))
        .exclude(status=Action.Status.CANCELLED)
        .select_related("owner")
        .prefetch_related("skills_needed")
        .distinct()
        .order_by("due_date", "pk")
    )


def team_needed_skills(team: ImprovementTeam, actions: Any = None) -> tuple[Skill, ...]:
    """The skills the team's actions need, Lean methods first then trades, by name."""
    actions = team_actions(team) if actions is None else actions
    skills = {s.pk: s for a in actions for s in a.skills_needed.all()}
    return tuple(sorted(skills.values(), key=lambda s: (s.kind, s.name.casefold(), s.pk)))


def _members(team: ImprovementTeam) -> list[TeamMember]:
    return list(team.members.select_related("person", "person__area"))


def team_suggestions(
    team: ImprovementTeam,
    *,
    needed_skills: tuple[Skill, ...],
    loads: dict[int, Load],
    members: list[TeamMember],
) -> tuple[SuggestionRow, ...]:
    """People of the company with a needed skill, best first (obeya.core.teams)."""
    if not needed_skills:
        return ()
    held = PersonSkill.objects.filter(
        person__company_id=team.project.company_id, skill__in=needed_skills, level__gt=0
    ).select_related("person")
    people: dict[int, Person] = {}
    levels: dict[int, dict[int, int]] = {}
    for ps in held:
        people[ps.person_id] = ps.person
        levels.setdefault(ps.person_id, {})[ps.skill_id] = ps.level
    ordered = sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.pk))
    suggestions = suggest_members(
        needed_skills=[s.pk for s in needed_skills],
        candidates=[Candidate(p.pk, p.area_id, levels[p.pk]) for p in ordered],
        team_area=team.area_id,
        loads=loads,
        exclude=[m.person_id for m in members],
    )
    skills = {s.pk: s for s in needed_skills}
    return tuple(
        SuggestionRow(
            person=people[s.person],
            skills=tuple((skills[k], str(LEVEL_LABELS[level])) for k, level in s.skills),
            suggestion=s,
        )
        for s in suggestions
    )


def _leader(members: list[TeamMember]) -> TeamMember | None:
    return next((m for m in members if m.role == TeamMember.Role.LEADER), None)


def team_sheet(team: ImprovementTeam) -> TeamSheet:
    """Everything the team's page shows: members with their load, objectives with their
    checks, the skills its actions need and who has them, and the RACI of its actions."""
    members = _members(team)
    loads = company_loads(team.project.company_id)
    actions = list(team_actions(team))
    needed = team_needed_skills(team, actions)
    leader = _leader(members)
    skill_ids = {s.pk for a in actions for s in a.skills_needed.all()}
    levels = {
        (ps.person_id, ps.skill_id): ps.level
        for ps in PersonSkill.objects.filter(
            person_id__in=[m.person_id for m in members], skill_id__in=skill_ids
        )
    }
    table = raci_table(
        actions=[
            ActionFacts(a.pk, a.owner_id, frozenset(s.pk for s in a.skills_needed.all()))
            for a in actions
        ],
        members=[m.person_id for m in members],
        leader=leader.person_id if leader else None,
        levels=levels,
    )
    return TeamSheet(
        team=team,
        members=tuple(MemberRow(m, _load(loads, m.person_id)) for m in members),
        leader=leader,
        objectives=tuple(team.objectives.select_related("axis")),
        needed_skills=needed,
        suggestions=team_suggestions(team, needed_skills=needed, loads=loads, members=members),
        raci_members=tuple(members),
        raci=tuple(
            RaciLine(a, row.letters, row.owner_in_team)
            for a, row in zip(actions, table.rows, strict=True)
        ),
        raci_has_leader=table.has_leader,
        axes=tuple(team.axes.all()),
        levers=tuple(team.levers.all()),
    )


def project_teams_board(project: Any) -> TeamsBoard:
    """The project's teams with their leader, size and objectives, and the over-committed
    people among their members (counting every team of the company)."""
    loads = company_loads(project.company_id)
    teams = list(
        ImprovementTeam.objects.filter(project=project).prefetch_related(
            "axes", "levers", "objectives", "members__person"
        )
    )
    summaries = []
    flagged: dict[int, Person] = {}
    for team in teams:
        members = list(team.members.all())
        over = [m for m in members if _load(loads, m.person_id).is_over_committed]
        flagged.update({m.person_id: m.person for m in over})
        summaries.append(
            TeamSummary(
                team=team,
                members_count=len(members),
                leader=_leader(members),
                over_committed=len(over),
                axes=tuple(team.axes.all()),
                levers=tuple(team.levers.all()),
                objectives=tuple(team.objectives.all()),
            )
        )
    teams_of: dict[int, list[ImprovementTeam]] = {}
    for m in TeamMember.objects.filter(person_id__in=flagged).select_related("team"):
        teams_of.setdefault(m.person_id, []).append(m.team)
    listed = over_committed({pk: loads[pk] for pk in flagged})
    return TeamsBoard(
        teams=tuple(summaries),
        over_committed=tuple(
            OverCommitted(flagged[load.person], load, tuple(teams_of.get(load.person, ())))
            for load in listed
        ),
    )


def team_charter(team: ImprovementTeam, *, now: dt.datetime) -> TeamCharter:
    """The printable charter: scope, mission, objectives, members, meeting rhythm, trainings."""
    members = _members(team)
    loads = company_loads(team.project.company_id)
    meetings = list(team.meetings.values_list("kind", "starts_at"))
    kinds = dict(Meeting.Kind.choices)
    return TeamCharter(
        team=team,
        members=tuple(MemberRow(m, _load(loads, m.person_id)) for m in members),
        leader=_leader(members),
        objectives=tuple(team.objectives.select_related("axis")),
        rhythms=tuple(
            RhythmRow(str(kinds.get(r.kind, r.kind)), r) for r in meeting_rhythm(meetings, now=now)
        ),
        trainings=tuple(
            team.trainings.exclude(status=Training.Status.CANCELLED).select_related(
                "skill", "trainer"
            )
        ),
        axes=tuple(team.axes.all()),
        levers=tuple(team.levers.all()),
    )
