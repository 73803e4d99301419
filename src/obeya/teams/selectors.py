"""Reads of the skills matrix: the grid of an area and the company's summary by area."""

from __future__ import annotations

from dataclasses import dataclass

from obeya.core.skills import QUARTERS_BY_LEVEL, SkillGap, Target, TrainingNeed, matrix_gaps
from obeya.organisation.models import Area, Company, Person, PersonSkill, Skill
from obeya.teams.models import SkillTarget


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
