"""Trainings: who may do what, needs from the skills gaps, validation that raises the skills
matrix and never lowers it, the evaluation summary, nothing half-written on error, the API.

Rules (docs/trainings.md): everyone with a role in the project reads its trainings and needs;
facilitators plan, change, complete and cancel; facilitators and team members record attendance
and evaluations; facilitators (and the editors of the attendee's area matrix) validate levels;
a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from permission_table import (
    CONTRIBUTORS,
    EVERYONE,
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.organisation.models import Person, PersonSkill, Skill
from obeya.teams.models import ImprovementTeam, SkillTarget, TeamMember
from obeya.trainings import services
from obeya.trainings.models import Attendee, Training

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = dt.date.today()


@pytest.fixture
def world(cast):
    """The bending shop wants two people autonomous in SMED: Léa is in training, Hugo is not
    trained. A planned SMED training for both, and a 5S training done where Léa attended."""
    project, owner = cast["project"], cast["owner"]
    company, area = project.company, project.area
    smed = Skill.objects.create(company=company, name="SMED", kind="lean")
    five_s = Skill.objects.create(company=company, name="5S", kind="lean")
    lea = Person.objects.create(company=company, first_name="Léa", last_name="Fournier", area=area)
    hugo = Person.objects.create(company=company, first_name="Hugo", last_name="Roux", area=area)
    PersonSkill.objects.create(person=lea, skill=smed, level=1)
    PersonSkill.objects.create(person=lea, skill=five_s, level=1)
    SkillTarget.objects.create(area=area, skill=smed, level=2, people=2)
    planned = services.training_create(
        project=project,
        user=owner,
        title="SMED on the press brake",
        skill=smed,
        target_level=2,
        trainer=owner.person,
        starts_on=TODAY,
        duration_hours=7,
        attendees=[lea, hugo],
    )
    done = services.training_create(
        project=project,
        user=owner,
        title="5S at the bending station",
        skill=five_s,
        target_level=2,
        external_trainer="Lean Academy",
        starts_on=TODAY - dt.timedelta(days=3),
        attendees=[lea],
    )
    lea_5s = done.attendees.get()
    services.attendee_record(attendee=lea_5s, user=owner, attended=True, score=4, proposed_level=2)
    services.training_complete(training=done, user=owner)
    return {
        **cast,
        "smed": smed,
        "five_s": five_s,
        "lea": lea,
        "hugo": hugo,
        "planned": planned,
        "lea_smed": planned.attendees.get(person=lea),
        "done": done,
        "lea_5s": lea_5s,
    }


def _url(name: str, *keys: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *(w[k].pk for k in keys)])


def _api(path: str, *keys: str) -> Callable[[dict], str]:
    def url(w: dict) -> str:
        ids = [w[k].pk for k in keys]
        return f"/api/projects/{w['project'].pk}/trainings" + path.format(*ids)

    return url


def _training(w: dict) -> dict:
    return {
        "title": "Problem solving",
        "skill": w["smed"].pk,
        "target_level": "2",
        "trainer": w["owner"].person.pk,
        "external_trainer": "",
        "starts_on": (TODAY + dt.timedelta(days=10)).isoformat(),
        "duration_hours": "3.5",
        "place": "Room 2",
        "attendees": [w["hugo"].pk],
    }


def _line(w: dict) -> dict:
    key = f"a{w['lea_smed'].pk}"
    return {f"{key}-attended": "true", f"{key}-score": "5", f"{key}-assessment": "Sharp"}


def _validate(w: dict) -> dict:
    return {f"v{w['lea_5s'].pk}-level": "2"}


PAGES = [
    Endpoint("list", "get", _url("trainings:index"), 200),
    Endpoint("needs", "get", _url("trainings:needs"), 200),
    Endpoint("create form", "get", _url("trainings:create"), 200, FACILITATORS),
    Endpoint("create", "post", _url("trainings:create"), 302, FACILITATORS, _training),
    Endpoint("detail", "get", _url("trainings:detail", "planned"), 200),
    Endpoint("edit form", "get", _url("trainings:edit", "planned"), 200, FACILITATORS),
    Endpoint("edit", "post", _url("trainings:edit", "planned"), 302, FACILITATORS, _training),
    Endpoint("mark done", "post", _url("trainings:complete", "planned"), 302, FACILITATORS),
    Endpoint("cancel", "post", _url("trainings:cancel", "planned"), 302, FACILITATORS),
    Endpoint(
        "record a line",
        "post",
        _url("trainings:attendee_record", "planned", "lea_smed"),
        302,
        CONTRIBUTORS,
        _line,
    ),
    Endpoint(
        "validate a level",
        "post",
        _url("trainings:attendee_validate", "done", "lea_5s"),
        302,
        FACILITATORS,
        _validate,
    ),
    ApiEndpoint("API list", "get", _api(""), 200, EVERYONE),
    ApiEndpoint(
        "API create",
        "post",
        _api(""),
        201,
        FACILITATORS,
        lambda w: {
            "title": "Kanban",
            "skill_id": w["smed"].pk,
            "external_trainer": "Lean Academy",
            "starts_on": TODAY.isoformat(),
            "attendee_ids": [w["hugo"].pk],
        },
    ),
    ApiEndpoint("API detail", "get", _api("/{}", "planned"), 200, EVERYONE),
    ApiEndpoint("API mark done", "post", _api("/{}/done", "planned"), 200, FACILITATORS),
    ApiEndpoint(
        "API record",
        "patch",
        _api("/{}/attendees/{}", "planned", "lea_smed"),
        200,
        CONTRIBUTORS,
        lambda w: {"attended": True, "score": 3},
    ),
    ApiEndpoint(
        "API validate",
        "post",
        _api("/{}/attendees/{}/validate", "done", "lea_5s"),
        200,
        FACILITATORS,
        lambda w: {"level": 2},
    ),
]
BROWSER_PAGES = [e for e in PAGES if not e.api]


def _state() -> tuple:
    return (
        AuditEntry.objects.count(),
        list(Training.objects.order_by("pk").values_list("title", "status", "place")),
        list(
            Attendee.objects.order_by("pk").values_list(
                "person_id", "attended", "score", "proposed_level", "validated_level"
            )
        ),
        list(PersonSkill.objects.order_by("pk").values_list("person_id", "skill_id", "level")),
    )


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(BROWSER_PAGES, _state)
test_outsider_gets_404_on_every_training_page_and_endpoint = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_training_page = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True, redirect_is_not_login=True
)


def test_anonymous_api_call_is_refused(client, world):
    assert client.get(_api("")(world)).status_code == 401


def test_training_of_another_project_gets_404(client_for, world):
    from obeya.projects.models import Membership, Project

    other = Project.objects.create(company=world["project"].company, title="Paint shop")
    Membership.objects.create(project=other, user=world["owner"], role="facilitator")
    client = client_for(world["owner"])
    training, attendee = world["planned"], world["lea_smed"]
    assert client.get(reverse("trainings:detail", args=[other.pk, training.pk])).status_code == 404
    url = reverse("trainings:attendee_record", args=[other.pk, training.pk, attendee.pk])
    assert client.post(url, {}).status_code == 404
    url = reverse("trainings:attendee_validate", args=[other.pk, world["done"].pk, attendee.pk])
    assert client.post(url, {}).status_code == 404


# --- validation and the skills matrix -----------------------------------------------------------


def _level(person, skill) -> int:
    row = PersonSkill.objects.filter(person=person, skill=skill).first()
    return row.level if row else 0


def test_completing_a_training_does_not_change_the_matrix(world):
    lea, smed = world["lea"], world["smed"]
    services.attendee_record(
        attendee=world["lea_smed"], user=world["owner"], attended=True, proposed_level=3
    )
    services.training_complete(training=world["planned"], user=world["owner"])
    assert _level(lea, smed) == 1
    assert not PersonSkill.objects.filter(person=world["hugo"]).exists()


def test_validation_raises_the_level_with_who_and_when(client_for, world):
    client = client_for(world["owner"])
    lea_5s = world["lea_5s"]
    response = client.post(
        reverse(
            "trainings:attendee_validate", args=[world["project"].pk, world["done"].pk, lea_5s.pk]
        ),
        {f"v{lea_5s.pk}-level": "2"},
    )
    assert response.status_code == 302
    assert _level(world["lea"], world["five_s"]) == 2
    lea_5s.refresh_from_db()
    assert (lea_5s.level_before, lea_5s.validated_level) == (1, 2)
    assert lea_5s.validated_by == world["owner"] and lea_5s.validated_at is not None
    assert AuditEntry.objects.filter(
        content_type__model="personskill", changes__level=[1, 2]
    ).exists()
    page = client.get(
        reverse("trainings:detail", args=[world["project"].pk, world["done"].pk]), **EN
    )
    html = page.content.decode()
    assert "Level validated: Autonomous (was 1), by owner" in html
    # The skills matrix of the area shows it.
    matrix = client.get(reverse("teams:area_matrix", args=[world["project"].area.pk]), **EN)
    assert _matrix_cell(matrix.content.decode(), world["lea"], world["five_s"]) == "2"


def _matrix_cell(html: str, person, skill) -> str:
    """The level drawn in a cell of the area's skills matrix page."""
    at = html.index(f'name="level-{person.pk}-{skill.pk}"')
    cell = html[html.rindex('<td class="cell', 0, at) : at]
    return cell.split('data-level="')[1].split('"')[0]


def test_the_matrix_shows_the_level_before_validation(client_for, world):
    matrix = client_for(world["owner"]).get(
        reverse("teams:area_matrix", args=[world["project"].area.pk])
    )
    assert _matrix_cell(matrix.content.decode(), world["lea"], world["five_s"]) == "1"


def test_validation_never_lowers_a_level(world):
    owner, lea_5s = world["owner"], world["lea_5s"]
    PersonSkill.objects.filter(person=world["lea"], skill=world["five_s"]).update(level=3)
    services.attendee_validate(attendee=lea_5s, user=owner, level=2)
    assert _level(world["lea"], world["five_s"]) == 3
    lea_5s.refresh_from_db()
    assert (lea_5s.level_before, lea_5s.validated_level) == (3, 2)
    from obeya.trainings.selectors import summary_of

    summary = summary_of([lea_5s])
    assert (summary.validated, summary.levels_raised) == (1, 0)


def test_validation_creates_the_matrix_cell_of_someone_not_trained(world):
    owner, hugo = world["owner"], world["hugo"]
    training = services.training_create(
        project=world["project"],
        user=owner,
        title="SMED day 2",
        skill=world["smed"],
        external_trainer="X",
        starts_on=TODAY,
        attendees=[hugo],
    )
    attendee = training.attendees.get()
    services.attendee_record(attendee=attendee, user=owner, attended=True, proposed_level=1)
    services.training_complete(training=training, user=owner)
    services.attendee_validate(attendee=attendee, user=owner)  # the trainer's proposal
    assert _level(hugo, world["smed"]) == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("planned", "Mark the training as done"),
        ("absent", "recorded as present"),
        ("twice", "already validated"),
        ("no level", "proposed none"),
    ],
)
def test_validation_is_refused_with_a_reason_and_changes_nothing(world, setup, message):
    owner = world["owner"]
    attendee, level = world["lea_5s"], 2
    if setup == "planned":
        attendee = world["lea_smed"]
        services.attendee_record(attendee=attendee, user=owner, attended=True)
    elif setup == "absent":
        services.attendee_record(attendee=attendee, user=owner, attended=False, proposed_level=None)
    elif setup == "twice":
        services.attendee_validate(attendee=attendee, user=owner, level=2)
    else:
        services.attendee_record(attendee=attendee, user=owner, proposed_level=None)
        level = None
    before = _state()
    with pytest.raises(ValidationError, match=message):
        services.attendee_validate(attendee=attendee, user=owner, level=level)
    assert _state() == before


def test_the_area_skill_editor_may_validate_without_being_facilitator(client_for, world):
    """A site administrator who is a viewer of the project answers for the area's matrix."""
    from obeya.accounts.services import site_admin_group

    viewer, lea_5s = world["viewer"], world["lea_5s"]
    viewer.groups.add(site_admin_group())
    url = reverse(
        "trainings:attendee_validate", args=[world["project"].pk, world["done"].pk, lea_5s.pk]
    )
    response = client_for(viewer).post(url, {f"v{lea_5s.pk}-level": "2"})
    assert response.status_code == 302
    assert _level(world["lea"], world["five_s"]) == 2


def test_a_refused_validation_form_shows_the_field_and_saves_nothing(client_for, world):
    lea_5s = world["lea_5s"]
    url = reverse(
        "trainings:attendee_validate", args=[world["project"].pk, world["done"].pk, lea_5s.pk]
    )
    before = _state()
    response = client_for(world["owner"]).post(url, {f"v{lea_5s.pk}-level": "7"}, **EN)
    assert response.status_code == 400
    assert "Level validated: choose 1, 2 or 3." in response.content.decode()
    assert _state() == before


# --- nothing half-written ----------------------------------------------------------------------


def test_a_foreign_attendee_refuses_the_whole_training(world):
    from obeya.organisation.models import Company

    stranger = Person.objects.create(
        company=Company.objects.create(name="Other"), first_name="Zoé", last_name="X"
    )
    before = _state()
    with pytest.raises(ValidationError, match="people of the company"):
        services.training_create(
            project=world["project"],
            user=world["owner"],
            title="T",
            skill=world["smed"],
            external_trainer="X",
            starts_on=TODAY,
            attendees=[world["lea"], stranger],
        )
    assert _state() == before


def test_removing_a_validated_attendee_rolls_the_whole_edit_back(world):
    owner, done = world["owner"], world["done"]
    services.attendee_validate(attendee=world["lea_5s"], user=owner, level=2)
    before = _state()
    with pytest.raises(ValidationError, match="their level was validated"):
        services.training_update(training=done, user=owner, place="Elsewhere", attendees=[])
    assert _state() == before


def test_a_training_without_trainer_is_refused_naming_the_field(client_for, world):
    data = {**_training(world), "trainer": ""}
    before = _state()
    response = client_for(world["owner"]).post(
        reverse("trainings:create", args=[world["project"].pk]), data, **EN
    )
    assert response.status_code == 400
    assert "Name the trainer" in response.content.decode()
    assert _state() == before


def test_a_training_cannot_be_done_before_its_date(world):
    world["planned"].starts_on = TODAY + dt.timedelta(days=2)
    world["planned"].save()
    with pytest.raises(ValidationError, match="cannot be marked as done before"):
        services.training_complete(training=world["planned"], user=world["owner"])


def test_a_score_off_the_scale_is_refused_on_the_page(client_for, world):
    attendee = world["lea_smed"]
    url = reverse(
        "trainings:attendee_record", args=[world["project"].pk, world["planned"].pk, attendee.pk]
    )
    before = _state()
    response = client_for(world["owner"]).post(url, {f"a{attendee.pk}-score": "9"}, **EN)
    assert response.status_code == 400
    assert "Score: give a mark from 1 to 5." in response.content.decode()
    assert _state() == before


# --- needs and evaluation ----------------------------------------------------------------------


def test_needs_list_the_area_gap_with_candidates_nearest_first_and_a_prefilled_link(
    client_for, world
):
    html = (
        client_for(world["viewer"])
        .get(reverse("trainings:needs", args=[world["project"].pk]), **EN)
        .content.decode()
    )
    row = html[html.index(f'data-skill="{world["smed"].pk}"') :]
    row = row[: row.index("</tr>")]
    # SMED >= 2 x autonomous, nobody at 2: 2 people short; Léa (1) before Hugo (0).
    assert '<td class="num short">2</td>' in row
    assert row.index("Léa Fournier (1 → 2)") < row.index("Hugo Roux (0 → 2)")
    assert "SMED on the press brake" in row  # already planned
    owner_html = (
        client_for(world["owner"])
        .get(reverse("trainings:needs", args=[world["project"].pk]), **EN)
        .content.decode()
    )
    assert f"skill={world['smed'].pk}&amp;level=2&amp;attendees={world['lea'].pk}" in owner_html


def test_team_needs_come_from_the_skills_of_its_open_actions(client_for, world):
    project, hugo, lea = world["project"], world["hugo"], world["lea"]
    team = ImprovementTeam.objects.create(project=project, name="SMED team")
    TeamMember.objects.create(team=team, person=hugo)
    TeamMember.objects.create(team=team, person=lea)
    action = Action.objects.create(project=project, title="Film a changeover", team=team)
    action.skills_needed.add(world["smed"])
    done = Action.objects.create(project=project, title="Old", team=team, status="done")
    done.skills_needed.add(world["five_s"])
    from obeya.trainings.selectors import project_training_needs

    groups = project_training_needs(project)
    (team_group,) = [g for g in groups if g.team == team]
    (line,) = team_group.lines
    assert line.need.skill == world["smed"] and line.need.missing_people == 1
    assert [c.person for c in line.need.first_candidates] == [lea]
    assert f"team={team.pk}" in line.plan_url
    page = client_for(world["owner"]).get(reverse("trainings:needs", args=[project.pk]), **EN)
    assert f'id="needs-team-{team.pk}"' in page.content.decode()


def test_the_create_form_is_prefilled_from_a_need(client_for, world):
    lea, smed = world["lea"], world["smed"]
    url = reverse("trainings:create", args=[world["project"].pk])
    html = (
        client_for(world["owner"])
        .get(f"{url}?skill={smed.pk}&level=2&attendees={lea.pk}", **EN)
        .content.decode()
    )
    assert f'<option value="{smed.pk}" selected>SMED</option>' in html
    assert f'<option value="{lea.pk}" selected>Léa Fournier</option>' in html
    assert 'value="Training in SMED"' in html


def test_the_list_and_the_sheet_show_the_evaluation_computed_from_the_lines(client_for, world):
    owner, planned = world["owner"], world["planned"]
    services.attendee_record(attendee=world["lea_smed"], user=owner, attended=True, score=5)
    hugo = planned.attendees.get(person=world["hugo"])
    services.attendee_record(attendee=hugo, user=owner, attended=False)
    client = client_for(world["viewer"])
    html = client.get(reverse("trainings:index", args=[world["project"].pk]), **EN).content.decode()
    row = html[html.index(f'id="training-{planned.pk}"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="num attendance">50 %</td>' in row
    assert '<td class="num score">5.0 / 5</td>' in row
    done_row = html[html.index(f'id="training-{world["done"].pk}"') :]
    assert "1 level to validate" in done_row[: done_row.index("</tr>")]


# --- API ---------------------------------------------------------------------------------------


def test_api_flow_records_and_validates_a_level(api_for, world):
    api, smed = api_for(world["owner"]), world["smed"]
    base = f"/api/projects/{world['project'].pk}/trainings"
    created = api.post(
        base,
        {
            "title": "SMED refresher",
            "skill_id": smed.pk,
            "trainer_id": world["owner"].person.pk,
            "starts_on": TODAY.isoformat(),
            "attendee_ids": [world["hugo"].pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    attendee_id = body["attendees"][0]["id"]
    patched = api.patch(
        f"{base}/{body['id']}/attendees/{attendee_id}",
        {"attended": True, "score": 4, "proposed_level": 2},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["score"] == 4
    early = api.post(
        f"{base}/{body['id']}/attendees/{attendee_id}/validate", {}, "application/json"
    )
    assert early.status_code == 422 and "validated_level" in early.json()["detail"]
    assert api.post(f"{base}/{body['id']}/done").status_code == 200
    validated = api.post(
        f"{base}/{body['id']}/attendees/{attendee_id}/validate", {}, "application/json"
    )
    assert validated.status_code == 200
    assert validated.json()["validated_level"] == 2
    assert _level(world["hugo"], smed) == 2
    summary = api.get(f"{base}/{body['id']}").json()["summary"]
    assert summary == {
        "registered": 1,
        "present": 1,
        "attendance_rate": 1.0,
        "average_score": 4.0,
        "validated": 1,
        "levels_raised": 1,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"skill_id": 0}, "skill_id"),
        ({"trainer_id": 0}, "trainer_id"),
        ({"attendee_ids": [0]}, "attendee_ids"),
    ],
)
def test_api_refuses_unknown_ids_naming_the_field(api_for, world, change, field):
    payload = {
        "title": "X",
        "skill_id": world["smed"].pk,
        "external_trainer": "Y",
        "starts_on": TODAY.isoformat(),
        **change,
    }
    before = _state()
    response = api_for(world["owner"]).post(
        f"/api/projects/{world['project'].pk}/trainings", payload, content_type="application/json"
    )
    assert response.status_code == 422 and field in response.json()["detail"]
    assert _state() == before


# --- demo --------------------------------------------------------------------------------------


def test_demo_trainings_tell_the_bending_shop_story(db):
    from obeya.demo.loader import load_demo
    from obeya.projects.models import Project
    from obeya.trainings.demo import load_demo_trainings

    info = load_demo(language="en")
    project = Project.objects.get(pk=info["project_id"])
    user = project.facilitator.user
    karim = Person.objects.get(first_name="Karim", company=project.company)
    smed = Skill.objects.get(company=project.company, name="SMED")
    created = list(project.trainings.order_by("starts_on", "pk"))  # the demo loads them
    assert len(created) == 3
    smed_day, five_s_day, qrqc_day = created
    # SMED done and validated: Karim climbed from in training to autonomous on the matrix.
    assert smed_day.status == "done" and _level(karim, smed) == 2
    assert all(a.is_validated for a in smed_day.attendees.all())
    # 5S done, levels waiting for validation; one absent attendee.
    assert five_s_day.status == "done"
    assert not five_s_day.attendees.filter(validated_at__isnull=False).exists()
    assert five_s_day.attendees.filter(attended=False).count() == 1
    # Problem solving planned for the people the area's gap points to.
    assert qrqc_day.status == "planned" and qrqc_day.attendees.exists()
    # Loading again adds nothing.
    assert load_demo_trainings(project, language="en", user=user) == []
