"""API: the people of the user's company."""

from __future__ import annotations

from ninja import Router, Schema

from obeya.organisation.access import get_company_for_user
from obeya.organisation.models import Person

router = Router(tags=["people"])


class SkillLevelOut(Schema):
    skill: str
    level: int


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    function: str
    area: str | None
    has_login: bool
    skills: list[SkillLevelOut]


@router.get("/", response=list[PersonOut], summary="People of the user's company")
def list_people(request):
    company = get_company_for_user(request.user)
    people = (
        Person.objects.filter(company=company)
        .select_related("area__site")
        .prefetch_related("skill_levels__skill")
    )
    return [
        {
            "id": p.pk,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "function": p.function,
            "area": str(p.area) if p.area else None,
            "has_login": p.user_id is not None,
            "skills": [{"skill": sl.skill.name, "level": sl.level} for sl in p.skill_levels.all()],
        }
        for p in people
    ]
