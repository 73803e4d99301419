"""The skills matrix (obeya.teams, docs/skills.md): who may read and edit, the grid saved whole
or not at all, targets and gaps.

Rules: every user of the company reads every area's matrix; site administrators and the
facilitators of a project of the area edit it (403 for the others); a user of another company
gets 404.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from permission_table import (
    EVERYONE,
    FACILITATORS,
    Endpoint,
    anonymous_sent_to_login,
    call,
    each_role_gets_what_it_may,
)

from obeya.audit.models import AuditEntry
from obeya.organisation.models import Area, Company, Person, PersonSkill, Site, Skill
from obeya.teams.demo import load_demo_skills
from obeya.teams.models import SkillTarget
from obeya.teams.selectors import area_skills_matrix
from obeya.teams.services import skill_target_set

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(cast, company):
    area = cast["project"].area
    smed = Skill.objects.create(company=company, name="SMED", kind=Skill.Kind.LEAN)
    bending = Skill.objects.create(company=company, name="CNC bending", kind=Skill.Kind.TRADE)
    lea = Person.objects.create(company=company, first_name="Léa", last_name="Fournier", area=area)
    karim = Person.objects.create(
        company=company, first_name="Karim", last_name="Benali", area=area
    )
    PersonSkill.objects.create(person=lea, skill=bending, level=2)
    PersonSkill.objects.create(person=karim, skill=smed, level=1)
    target = SkillTarget.objects.create(area=area, skill=smed, level=2, people=2)
    other = Company.objects.create(name="Elsewhere")
    foreigner = get_user_model().objects.create_user(username="foreigner", password="pw")
    Person.objects.create(company=other, first_name="For", last_name="Eigner", user=foreigner)
    return {
        **cast,
        "area": area,
        "smed": smed,
        "bending": bending,
        "lea": lea,
        "karim": karim,
        "target": target,
        "foreigner": foreigner,
    }


def _grid(w: dict, **override) -> dict:
    data = {
        f"level-{p.pk}-{s.pk}": PersonSkill.objects.filter(person=p, skill=s)
        .values_list("level", flat=True)
        .first()
        or 0
        for p in (w["karim"], w["lea"])
        for s in (w["bending"], w["smed"])
    }
    data[f"level-{w['lea'].pk}-{w['smed'].pk}"] = 2  # a change, so the save is audited
    data.update(override)
    return data


def _area_url(name: str):
    return lambda w: reverse(name, args=[w["area"].pk])


PAGES = [
    Endpoint("overview", "get", lambda w: reverse("teams:skills_matrix"), 200),
    Endpoint("area matrix", "get", _area_url("teams:area_matrix"), 200),
    Endpoint("save grid", "post", _area_url("teams:area_matrix"), 302, FACILITATORS, _grid),
    Endpoint(
        "set target",
        "post",
        _area_url("teams:target_set"),
        302,
        FACILITATORS,
        lambda w: {"skill": w["bending"].pk, "level": 3, "people": 1, "new_skill_kind": "trade"},
    ),
    Endpoint(
        "delete target",
        "post",
        lambda w: reverse("teams:target_delete", args=[w["area"].pk, w["target"].pk]),
        302,
        FACILITATORS,
    ),
]


def _state():
    return (
        sorted(PersonSkill.objects.values_list("person_id", "skill_id", "level")),
        sorted(SkillTarget.objects.values_list("area_id", "skill_id", "level", "people")),
        Skill.objects.count(),
    )


test_anonymous_sent_to_login_on_every_skills_page = anonymous_sent_to_login(PAGES, _state)
test_each_role_gets_what_it_may_on_the_skills_matrix = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True, redirect_is_not_login=True
)
assert {p.label for p in PAGES if p.who == EVERYONE} == {"overview", "area matrix"}


@pytest.mark.parametrize("endpoint", PAGES[1:], ids=lambda e: e.label)
def test_user_of_another_company_gets_404(client_for, world, endpoint):
    before = _state()
    assert call(client_for(world["foreigner"]), endpoint, world).status_code == 404
    assert _state() == before


@pytest.mark.parametrize("endpoint", PAGES, ids=lambda e: e.label)
def test_outsider_of_the_company_reads_but_may_not_edit(client_for, world, endpoint):
    before = _state()
    status = call(client_for(world["outsider"]), endpoint, world).status_code
    assert status == (200 if endpoint.method == "get" else 403)
    assert _state() == before


def test_site_administrator_edits_any_area(client_for, world):
    from django.contrib.auth.models import Permission

    admin = world["viewer"]
    admin.user_permissions.add(Permission.objects.get(codename="manage_organisation"))
    response = client_for(admin).post(
        reverse("teams:area_matrix", args=[world["area"].pk]), _grid(world)
    )
    assert response.status_code == 302
    assert PersonSkill.objects.get(person=world["lea"], skill=world["smed"]).level == 2


def test_saving_the_grid_stores_every_cell_and_audits_it(client_for, world):
    audits = AuditEntry.objects.count()
    data = _grid(world, **{f"level-{world['karim'].pk}-{world['smed'].pk}": 3})
    response = client_for(world["owner"]).post(
        reverse("teams:area_matrix", args=[world["area"].pk]), data
    )
    assert response.status_code == 302
    assert PersonSkill.objects.get(person=world["lea"], skill=world["smed"]).level == 2
    assert PersonSkill.objects.get(person=world["karim"], skill=world["smed"]).level == 3
    assert AuditEntry.objects.count() == audits + 2


def test_a_bad_level_is_refused_naming_person_and_skill_and_nothing_is_stored(client_for, world):
    before, audits = _state(), AuditEntry.objects.count()
    data = _grid(world, **{f"level-{world['karim'].pk}-{world['bending'].pk}": "7"})
    response = client_for(world["owner"]).post(
        reverse("teams:area_matrix", args=[world["area"].pk]), data, **EN
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Karim Benali" in text and "CNC bending" in text and 'id="grid-errors"' in text
    assert _state() == before  # Léa's valid SMED change was not stored either
    assert AuditEntry.objects.count() == audits
    # ... but the grid shown again keeps what was typed: Léa's SMED at 2, not her stored 0.
    lea_smed = re.search(
        rf'name="level-{world["lea"].pk}-{world["smed"].pk}".*?</select>', text, re.S
    ).group(0)
    assert re.search(r'<option value="2" selected>', lea_smed), lea_smed


def test_gaps_per_skill_and_per_person(world):
    matrix = area_skills_matrix(world["area"])
    columns = {c.skill.name: c for c in matrix.columns}
    assert list(columns) == ["SMED", "CNC bending"]  # Lean methods first, then trades
    assert columns["SMED"].gap.missing_people == 2  # two autonomous asked, nobody there
    assert columns["CNC bending"].target is None and columns["CNC bending"].gap.missing_people == 0
    assert matrix.missing_people == 2
    rows = {str(r.person): r for r in matrix.rows}
    assert rows["Karim Benali"].skills_short == 1 and rows["Léa Fournier"].skills_short == 1
    assert [(str(n.person), n.from_level) for n in matrix.training_needs] == [
        ("Karim Benali", 1),
        ("Léa Fournier", 0),
    ]


def test_the_gap_closes_on_the_page_when_the_grid_is_saved(client_for, world):
    client = client_for(world["owner"])
    url = reverse("teams:area_matrix", args=[world["area"].pk])
    data = _grid(world, **{f"level-{world['karim'].pk}-{world['smed'].pk}": 2})
    client.post(url, data)
    page = client.get(url).content.decode()
    assert f'data-skill="{world["smed"].pk}">0</td>' in page
    assert area_skills_matrix(world["area"]).missing_people == 0


def test_a_target_on_a_new_skill_adds_a_column(client_for, world):
    response = client_for(world["owner"]).post(
        reverse("teams:target_set", args=[world["area"].pk]),
        {"new_skill_name": "TPM", "new_skill_kind": "lean", "level": 2, "people": 1},
    )
    assert response.status_code == 302
    matrix = area_skills_matrix(world["area"])
    tpm = next(c for c in matrix.columns if c.skill.name == "TPM")
    assert tpm.gap.missing_people == 1


def test_a_target_without_skill_is_refused_on_the_skill_field(client_for, world):
    response = client_for(world["owner"]).post(
        reverse("teams:target_set", args=[world["area"].pk]),
        {"new_skill_kind": "lean", "level": 2, "people": 1},
        **EN,
    )
    assert response.status_code == 400
    assert "Choose a skill or name a new one." in response.content.decode()


def test_a_skill_of_another_company_is_refused(world):
    from django.core.exceptions import ValidationError

    alien = Skill.objects.create(company=Company.objects.get(name="Elsewhere"), name="Riveting")
    with pytest.raises(ValidationError) as exc:
        skill_target_set(area=world["area"], user=world["owner"], skill=alien, level=2, people=1)
    assert "skill" in exc.value.message_dict


def test_demo_targets_are_idempotent(company):
    site = Site.objects.create(company=company, name="Usine")
    area = Area.objects.create(site=site, name="Pliage")
    for name in ("SMED", "Pliage CN", "5S"):
        Skill.objects.create(company=company, name=name)
    load_demo_skills(company, language="fr")
    first = sorted(
        SkillTarget.objects.filter(area=area).values_list("skill__name", "level", "people")
    )
    load_demo_skills(company, language="fr")
    assert first == sorted(
        SkillTarget.objects.filter(area=area).values_list("skill__name", "level", "people")
    )
    assert ("SMED", 2, 2) in first and len(first) == 3
