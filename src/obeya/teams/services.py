"""Every write to a skills matrix and to the improvement teams: one transaction each, each
change audited.

A grid is saved whole or not at all: one bad cell refuses the lot, with a message naming the
person and the skill, so the matrix on the wall never shows half of an edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    audited_update,
    snapshot,
    stored_snapshot,
)
from obeya.core.skills import LEVELS
from obeya.decisions.models import Axis
from obeya.levers.models import CandidateLever
from obeya.organisation.models import Area, Person, PersonSkill, Skill
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam, SkillTarget, TeamMember, TeamObjective

TARGET_FIELDS = ("area", "skill", "level", "people")


@transaction.atomic
def skill_levels_save(
    *, area: Area, user: Any, levels: Mapping[tuple[int, int], Any]
) -> list[PersonSkill]:
    """Store the levels of the area's grid, keyed by (person id, skill id); returns the rows
    that changed. People must be of the area and skills of its company."""
    people = {p.pk: p for p in Person.objects.filter(area=area)}
    company_id = area.site.company_id
    skill_ids = {key[1] for key in levels}
    skills = {s.pk: s for s in Skill.objects.filter(company_id=company_id, pk__in=skill_ids)}
    errors = []
    clean: dict[tuple[int, int], int] = {}
    for (person_id, skill_id), raw in levels.items():
        person, skill = people.get(person_id), skills.get(skill_id)
        if person is None or skill is None:
            errors.append(_("A cell points to a person or a skill outside this area."))
            continue
        try:
            level = int(raw)
        except (TypeError, ValueError):
            level = -1
        if level not in LEVELS:
            errors.append(
                _("Level of %(person)s in %(skill)s: %(value)s is not a level from 0 to 3.")
                % {"person": person, "skill": skill, "value": raw}
            )
            continue
        clean[(person_id, skill_id)] = level
    if errors:
        raise ValidationError(errors)
    existing = {
        (ps.person_id, ps.skill_id): ps
        for ps in PersonSkill.objects.select_for_update().filter(
            person_id__in=people, skill_id__in=skill_ids
        )
    }
    changed = []
    for (person_id, skill_id), level in clean.items():
        row = existing.get((person_id, skill_id))
        if row is None:
            if level == 0:
                continue  # not trained and no row: nothing to record
            row = PersonSkill.objects.create(
                person=people[person_id], skill=skills[skill_id], level=level
            )
            audit_record(obj=row, user=user, verb=AuditEntry.Verb.CREATE, after={"level": level})
        elif row.level != level:
            before = row.level
            row.level = level
            row.save(update_fields=["level"])
            audit_record(
                obj=row,
                user=user,
                verb=AuditEntry.Verb.UPDATE,
                before={"level": before},
                after={"level": level},
            )
        else:
            continue
        changed.append(row)
    return changed


@transaction.atomic
def skill_target_set(
    *,
    area: Area,
    user: Any,
    level: int,
    people: int,
    skill: Skill | None = None,
    new_skill_name: str = "",
    new_skill_kind: str = Skill.Kind.TRADE,
) -> SkillTarget:
    """Set the area's target in a skill (creating the skill when named anew): this also adds
    the skill's column to the area's matrix."""
    company = area.site.company
    name = (new_skill_name or "").strip()
    if skill is None and not name:
        raise ValidationError({"skill": _("Choose a skill or name a new one.")})
    if skill is None:
        skill = Skill.objects.filter(company=company, name__iexact=name).first()
        if skill is None:
            skill = Skill(company=company, name=name, kind=new_skill_kind)
            audited_save(skill, user=user, fields=("name", "kind"))
    elif skill.company_id != company.pk:
        raise ValidationError({"skill": _("This skill belongs to another company.")})
    target = SkillTarget.objects.select_for_update().filter(area=area, skill=skill).first()
    before = snapshot(target, TARGET_FIELDS) if target else None
    if target is None:
        target = SkillTarget(area=area, skill=skill)
    target.level, target.people = level, people
    return audited_save(target, user=user, fields=TARGET_FIELDS, before=before)


@transaction.atomic
def skill_target_delete(*, target: SkillTarget, user: Any) -> None:
    """Drop an area's target; the column stays while someone of the area holds the skill."""
    audited_delete(target, user=user, fields=TARGET_FIELDS)


# --- improvement teams (docs/teams.md) -----------------------------------------------------

TEAM_FIELDS = ("name", "mission", "area", "product_family", "process", "scope")
MEMBER_FIELDS = ("person", "role", "contribution", "hours_per_week")
OBJECTIVE_FIELDS = (
    "axis",
    "statement",
    "kpi_name",
    "kpi_unit",
    "kpi_direction",
    "baseline",
    "target",
    "deadline",
)


def _team_links(team: ImprovementTeam) -> dict[str, Any]:
    return {
        "axes": sorted(str(a) for a in team.axes.all()),
        "levers": sorted(str(c) for c in team.levers.all()),
    }


def _team_snapshot(team: ImprovementTeam) -> dict[str, Any]:
    return {**snapshot(team, TEAM_FIELDS), **_team_links(team)}


def _check_served(
    project: Project, axes: Iterable[Axis] | None, levers: Iterable[CandidateLever] | None
) -> tuple[list[Axis] | None, list[CandidateLever] | None]:
    """A team serves axes of its own project and levers its sponsor ratified."""
    errors = {}
    axes = None if axes is None else list(axes)
    levers = None if levers is None else list(levers)
    if axes and any(a.project_id != project.pk for a in axes):
        errors["axes"] = _("Choose axes of this project.")
    if levers:
        if any(c.project_id != project.pk for c in levers):
            errors["levers"] = _("Choose levers of this project.")
        elif any(c.status != CandidateLever.Status.RATIFIED for c in levers):
            errors["levers"] = _("Only ratified levers can be carried out by a team.")
    if errors:
        raise ValidationError(errors)
    return axes, levers


def _save_team(team: ImprovementTeam, axes: Any, levers: Any) -> None:
    axes, levers = _check_served(team.project, axes, levers)
    name = (team.name or "").strip()
    taken = ImprovementTeam.objects.filter(project_id=team.project_id, name__iexact=name)
    if name and taken.exclude(pk=team.pk).exists():
        raise ValidationError({"name": _("Another team of this project has this name.")})
    team.full_clean()
    team.save()
    if axes is not None:
        team.axes.set(axes)
    if levers is not None:
        team.levers.set(levers)


@transaction.atomic
def team_create(
    *,
    project: Project,
    user: Any,
    axes: Iterable[Axis] = (),
    levers: Iterable[CandidateLever] = (),
    **fields: Any,
) -> ImprovementTeam:
    """Form a team in `project`; its scope and what it serves must be the project's."""
    team = ImprovementTeam(project=project)
    assign_fields(team, fields, TEAM_FIELDS, service="team_create")
    _save_team(team, axes, levers)
    audit_record(
        obj=team,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=_team_snapshot(team),
    )
    return team


@transaction.atomic
def team_update(
    *,
    team: ImprovementTeam,
    user: Any,
    axes: Iterable[Axis] | None = None,
    levers: Iterable[CandidateLever] | None = None,
    **fields: Any,
) -> ImprovementTeam:
    """Change a team; `axes` or `levers` left to None stay as they are."""
    stored = ImprovementTeam.objects.get(pk=team.pk)
    before = _team_snapshot(stored)
    assign_fields(team, fields, TEAM_FIELDS, service="team_update")
    _save_team(team, axes, levers)
    audit_record(
        obj=team,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=team.project,
        before=before,
        after=_team_snapshot(team),
    )
    return team


@transaction.atomic
def team_delete(*, team: ImprovementTeam, user: Any) -> None:
    """Disband a team: its members and objectives go with it; its actions, meetings and
    trainings stay in the project, no longer tied to a team."""
    audited_delete(
        team, user=user, fields=TEAM_FIELDS, project=team.project, extra_before=_team_links(team)
    )


def _check_one_leader(member: TeamMember) -> None:
    """At most one leader: a second one is refused, naming the one in place."""
    if member.role != TeamMember.Role.LEADER:
        return
    other = (
        TeamMember.objects.filter(team_id=member.team_id, role=TeamMember.Role.LEADER)
        .exclude(pk=member.pk)
        .select_related("person")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "role": _("%(person)s already leads this team: give them another role first.")
                % {"person": other.person}
            }
        )


@transaction.atomic
def member_add(
    *,
    team: ImprovementTeam,
    user: Any,
    person: Person,
    role: str = TeamMember.Role.MEMBER,
    contribution: str = "",
    hours_per_week: Decimal | float | None = None,
) -> TeamMember:
    """Add a person of the project's company to the team with a role and a contribution."""
    if TeamMember.objects.filter(team=team, person=person).exists():
        raise ValidationError(
            {"person": _("%(person)s is already in this team.") % {"person": person}}
        )
    member = TeamMember(
        team=team,
        person=person,
        role=role,
        contribution=contribution,
        hours_per_week=None if hours_per_week is None else Decimal(str(hours_per_week)),
    )
    member.full_clean()  # a bad value is reported before a second leader
    _check_one_leader(member)
    return audited_save(member, user=user, fields=MEMBER_FIELDS, project=team.project)


@transaction.atomic
def member_update(*, member: TeamMember, user: Any, **fields: Any) -> TeamMember:
    """Change a member's role, contribution or hours (not the person: add another one)."""
    before = stored_snapshot(member, MEMBER_FIELDS, related=("person",))
    assign_fields(
        member, fields, ("role", "contribution", "hours_per_week"), service="member_update"
    )
    member.full_clean()  # a bad value is reported before a second leader
    _check_one_leader(member)
    return audited_save(
        member, user=user, fields=MEMBER_FIELDS, project=member.team.project, before=before
    )


@transaction.atomic
def member_remove(*, member: TeamMember, user: Any) -> None:
    audited_delete(member, user=user, fields=MEMBER_FIELDS, project=member.team.project)


@transaction.atomic
def objective_create(*, team: ImprovementTeam, user: Any, **fields: Any) -> TeamObjective:
    """Give the team an objective; an ambiguous one is kept and flagged, not refused, so the
    team can write it down before the baseline is measured."""
    objective = TeamObjective(team=team)
    assign_fields(objective, fields, OBJECTIVE_FIELDS, service="objective_create")
    audited_save(objective, user=user, fields=OBJECTIVE_FIELDS, project=team.project)
    return objective


@transaction.atomic
def objective_update(*, objective: TeamObjective, user: Any, **fields: Any) -> TeamObjective:
    return audited_update(
        objective,
        fields,
        user=user,
        fields=OBJECTIVE_FIELDS,
        service="objective_update",
        project=objective.team.project,
        related=("axis",),
    )


@transaction.atomic
def objective_delete(*, objective: TeamObjective, user: Any) -> None:
    audited_delete(objective, user=user, fields=OBJECTIVE_FIELDS, project=objective.team.project)
