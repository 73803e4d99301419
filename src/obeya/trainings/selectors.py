"""Reads of the trainings: a project's list with each evaluation, one training's sheet, and the
training needs derived from the skills gaps (obeya.core.skills)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from obeya.actions.models import Action
from obeya.core.skills import (
    AttendeeResult,
    SkillNeed,
    Target,
    TrainingSummary,
    matrix_gaps,
    skill_needs,
    team_skill_needs,
    training_summary,
)
from obeya.organisation.models import Area, Person, PersonSkill
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam, SkillTarget
from obeya.trainings.models import Attendee, Training


@dataclass(frozen=True)
class TrainingLine:
    training: Training
    summary: TrainingSummary
    awaiting_validation: int  # present attendees with no validated level yet (done trainings)


@dataclass(frozen=True)
class AttendeeLine:
    attendee: Attendee
    current_level: int  # the person's level in the training's skill on the matrix now


@dataclass(frozen=True)
class TrainingSheet:
    training: Training
    attendees: tuple[AttendeeLine, ...]
    summary: TrainingSummary


@dataclass(frozen=True)
class NeedLine:
    """A skill need with where to plan it: the prefilled link and the trainings already planned."""

    need: SkillNeed  # skill keys are Skill, person keys Person
    plan_url: str
    planned: tuple[Training, ...]


@dataclass(frozen=True)
class NeedsGroup:
    """The needs of the project's area or of one team."""

    label: str
    area: Area | None
    team: ImprovementTeam | None
    people: int  # people considered: the area's or the team's members
    lines: tuple[NeedLine, ...]

    @property
    def missing_people(self) -> int:
        return sum(line.need.missing_people for line in self.lines)


def _result(attendee: Attendee) -> AttendeeResult:
    return AttendeeResult(
        attended=attendee.attended,
        score=attendee.score,
        level_before=attendee.level_before,
        level_after=(
            None
            if attendee.validated_level is None
            else max(attendee.validated_level, attendee.level_before or 0)
        ),
    )


def summary_of(attendees: Iterable[Attendee]) -> TrainingSummary:
    return training_summary([_result(a) for a in attendees])


def trainings_of(project: Project) -> QuerySet[Training]:
    return (
        Training.objects.filter(project=project)
        .select_related("skill", "trainer", "team")
        .prefetch_related(Prefetch("attendees", queryset=Attendee.objects.all()))
    )


def training_lines(project: Project) -> list[TrainingLine]:
    """The project's trainings in date order, each with its evaluation summary."""
    lines = []
    for training in trainings_of(project):
        attendees = list(training.attendees.all())
        awaiting = 0
        if training.status == Training.Status.DONE:
            awaiting = sum(1 for a in attendees if a.attended and not a.is_validated)
        lines.append(TrainingLine(training, summary_of(attendees), awaiting))
    return lines


def training_sheet(training: Training) -> TrainingSheet:
    attendees = list(
        training.attendees.select_related("person__area__site", "validated_by__person")
    )
    levels = dict(
        PersonSkill.objects.filter(
            skill=training.skill, person__in=[a.person_id for a in attendees]
        ).values_list("person_id", "level")
    )
    lines = tuple(AttendeeLine(a, levels.get(a.person_id, 0)) for a in attendees)
    return TrainingSheet(training, lines, summary_of(attendees))


def _levels(people: Iterable[Person]) -> dict[tuple[Person, object], int]:
    by_id = {p.pk: p for p in people}
    rows = PersonSkill.objects.filter(person__in=list(by_id)).select_related("skill")
    return {(by_id[r.person_id], r.skill): r.level for r in rows}


def _plan_url(project: Project, need: SkillNeed, team: ImprovementTeam | None) -> str:
    query: list[tuple[str, object]] = [("skill", need.skill.pk), ("level", need.target.level)]
    if team is not None:
        query.append(("team", team.pk))
    query += [("attendees", n.person.pk) for n in need.first_candidates]
    return reverse("trainings:create", args=[project.pk]) + "?" + urlencode(query)


def _lines(
    project: Project, needs: Iterable[SkillNeed], planned: list[Training], team=None
) -> tuple[NeedLine, ...]:
    return tuple(
        NeedLine(
            need,
            _plan_url(project, need, team),
            tuple(t for t in planned if t.skill_id == need.skill.pk),
        )
        for need in needs
    )


def area_needs(project: Project, planned: list[Training]) -> NeedsGroup | None:
    """The project's area: its people against its targets, as on its skills matrix."""
    area = project.area
    if area is None:
        return None
    people = list(Person.objects.filter(area=area).order_by("last_name", "first_name", "pk"))
    targets = {t.skill: Target(t.level, t.people) for t in SkillTarget.objects.filter(area=area)}
    skills = sorted(targets, key=lambda s: (s.kind, s.name.casefold(), s.pk))
    gaps = matrix_gaps(people, skills, _levels(people), targets)
    return NeedsGroup(
        str(area), area, None, len(people), _lines(project, skill_needs(gaps), planned)
    )


def team_needs(project: Project, planned: list[Training]) -> list[NeedsGroup]:
    """Each team: the skills its open actions need against the levels of its members."""
    groups = []
    teams = ImprovementTeam.objects.filter(project=project).prefetch_related("members__person")
    for team in teams:
        members = [m.person for m in team.members.all()]
        actions = Action.objects.filter(team=team, status__in=Action.OPEN_STATUSES)
        skills = sorted(
            {s for a in actions.prefetch_related("skills_needed") for s in a.skills_needed.all()},
            key=lambda s: (s.kind, s.name.casefold(), s.pk),
        )
        needs = team_skill_needs(members, skills, _levels(members))
        groups.append(
            NeedsGroup(team.name, None, team, len(members), _lines(project, needs, planned, team))
        )
    return groups


def project_training_needs(project: Project) -> list[NeedsGroup]:
    """The needs of the project's area, then of each of its teams."""
    planned = list(
        Training.objects.filter(project=project, status=Training.Status.PLANNED).select_related(
            "skill"
        )
    )
    area = area_needs(project, planned)
    return ([area] if area else []) + team_needs(project, planned)
