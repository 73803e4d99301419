"""Every write to a skills matrix: one transaction each, each change audited.

A grid is saved whole or not at all: one bad cell refuses the lot, with a message naming the
person and the skill, so the matrix on the wall never shows half of an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import audit_record, snapshot
from obeya.core.skills import LEVELS
from obeya.organisation.models import Area, Person, PersonSkill, Skill
from obeya.teams.models import SkillTarget

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
            skill.full_clean()
            skill.save()
            audit_record(
                obj=skill,
                user=user,
                verb=AuditEntry.Verb.CREATE,
                after=snapshot(skill, ("name", "kind")),
            )
    elif skill.company_id != company.pk:
        raise ValidationError({"skill": _("This skill belongs to another company.")})
    target = SkillTarget.objects.select_for_update().filter(area=area, skill=skill).first()
    before = snapshot(target, TARGET_FIELDS) if target else None
    if target is None:
        target = SkillTarget(area=area, skill=skill)
    target.level, target.people = level, people
    target.full_clean()
    target.save()
    audit_record(
        obj=target,
        user=user,
        verb=AuditEntry.Verb.UPDATE if before else AuditEntry.Verb.CREATE,
        before=before,
        after=snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic
def skill_target_delete(*, target: SkillTarget, user: Any) -> None:
    """Drop an area's target; the column stays while someone of the area holds the skill."""
    audit_record(
        obj=target,
        user=user,
        verb=AuditEntry.Verb.DELETE,
        before=snapshot(target, TARGET_FIELDS),
    )
    target.delete()
