"""Improvement teams of a project: who may do what, the rules of the services (scope of the
company, ratified levers, one leader, people of the company), suggestions, load across teams,
RACI, objectives checks, the charter's meeting rhythm, the API and the demo (docs/teams.md).

Rules: everyone with a role in the project reads the teams and their charter; only
facilitators change them (403 for the other roles); a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from permission_table import (
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.decisions.models import Axis
from obeya.levers.models import CandidateLever
from obeya.meetings.models import Meeting
from obeya.organisation.models import Company, Person, PersonSkill, Skill
from obeya.teams import services
from obeya.teams.models import ImprovementTeam, TeamMember, TeamObjective
from obeya.teams.selectors import project_teams_board, team_charter, team_sheet

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    axis = Axis.objects.create(
        project=project,
        title="Lead time of line 2",
        kpi_name="Lead time",
        kpi_unit="days",
        kpi_direction="decrease",
        baseline=12,
        target=5,
        deadline=dt.date(2026, 12, 31),
    )
    team = services.team_create(
        project=project, user=owner, name="SMED team", area=project.area, axes=[axis]
    )
    member = services.member_add(
        team=team, user=owner, person=cast["teammate"].person, role="leader", hours_per_week=4
    )
    objective = services.objective_create(
        team=team,
        user=owner,
        axis=axis,
        statement="Changeover in 20 min",
        kpi_name="Changeover time",
        kpi_unit="min",
        kpi_direction="decrease",
        baseline=90,
        target=20,
        deadline=dt.date(2026, 9, 30),
    )
    return {**cast, "axis": axis, "team": team, "member": member, "objective": objective}


def _url(name: str, *keys: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *[w[k].pk for k in keys]])


def _api(path: str) -> Callable[[dict], str]:
    return lambda w: path.format(
        p=w["project"].pk, t=w["team"].pk, m=w["member"].pk, api="/api/projects"
    )


def _team(w: dict) -> dict:
    return {"name": "Kanban team", "area": w["project"].area.pk, "axes": [w["axis"].pk]}


def _member(w: dict) -> dict:
    return {"person": w["sponsor"].person.pk, "role": "sponsor", "contribution": "Resources"}


def _objective(w: dict) -> dict:
    return {
        "statement": "Lead time 5 days",
        "kpi_name": "Lead time",
        "kpi_direction": "decrease",
        "baseline": "12",
        "target": "5",
        "deadline": "2026-12-31",
    }


PAGES = [
    Endpoint("list", "get", _url("project_teams:index"), 200),
    Endpoint("detail", "get", _url("project_teams:detail", "team"), 200),
    Endpoint("charter", "get", _url("project_teams:charter", "team"), 200),
    Endpoint("create form", "get", _url("project_teams:create"), 200, FACILITATORS),
    Endpoint("create", "post", _url("project_teams:create"), 302, FACILITATORS, _team),
    Endpoint("edit form", "get", _url("project_teams:edit", "team"), 200, FACILITATORS),
    Endpoint("edit", "post", _url("project_teams:edit", "team"), 302, FACILITATORS, _team),
    Endpoint("delete", "post", _url("project_teams:delete", "team"), 302, FACILITATORS),
    Endpoint("member form", "get", _url("project_teams:member_add", "team"), 200, FACILITATORS),
    Endpoint(
        "member add", "post", _url("project_teams:member_add", "team"), 302, FACILITATORS, _member
    ),
    Endpoint(
        "member edit form",
        "get",
        _url("project_teams:member_edit", "team", "member"),
        200,
        FACILITATORS,
    ),
    Endpoint(
        "member edit",
        "post",
        _url("project_teams:member_edit", "team", "member"),
        302,
        FACILITATORS,
        lambda w: {"role": "member", "contribution": "Times changeovers", "hours_per_week": "3"},
    ),
    Endpoint(
        "member remove",
        "post",
        _url("project_teams:member_remove", "team", "member"),
        302,
        FACILITATORS,
    ),
    Endpoint(
        "objective form",
        "get",
        _url("project_teams:objective_create", "team"),
        200,
        FACILITATORS,
    ),
    Endpoint(
        "objective create",
        "post",
        _url("project_teams:objective_create", "team"),
        302,
        FACILITATORS,
        _objective,
    ),
    Endpoint(
        "objective edit form",
        "get",
        _url("project_teams:objective_edit", "team", "objective"),
        200,
        FACILITATORS,
    ),
    Endpoint(
        "objective edit",
        "post",
        _url("project_teams:objective_edit", "team", "objective"),
        302,
        FACILITATORS,
        _objective,
    ),
    Endpoint(
        "objective delete",
        "post",
        _url("project_teams:objective_delete", "team", "objective"),
        302,
        FACILITATORS,
    ),
]

API = [
    ApiEndpoint("api list", "get", _api("{api}/{p}/teams"), 200),
    ApiEndpoint("api detail", "get", _api("{api}/{p}/teams/{t}"), 200),
    ApiEndpoint(
        "api create",
        "post",
        _api("{api}/{p}/teams"),
        201,
        FACILITATORS,
        lambda w: {"name": "Flow team", "axis_ids": [w["axis"].pk]},
    ),
    ApiEndpoint(
        "api member add",
        "post",
        _api("{api}/{p}/teams/{t}/members"),
        201,
        FACILITATORS,
        lambda w: {"person_id": w["viewer"].person.pk, "role": "member", "hours_per_week": 2},
    ),
    ApiEndpoint(
        "api member remove",
        "delete",
        _api("{api}/{p}/teams/{t}/members/{m}"),
        204,
        FACILITATORS,
    ),
]


def _state() -> tuple[int, ...]:
    return (
        AuditEntry.objects.count(),
        ImprovementTeam.objects.count(),
        TeamMember.objects.count(),
        TeamObjective.objects.count(),
        *TeamMember.objects.order_by("pk").values_list("role", flat=True),
    )


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_team_page_and_endpoint = outsider_gets_404(PAGES + API, _state)
test_each_role_gets_what_it_may_on_every_team_page_and_endpoint = each_role_gets_what_it_may(
    PAGES + API, _state, reads_change_nothing=True
)


@pytest.fixture
def other_project(cast):
    from obeya.projects.models import Membership, Project

    project = Project.objects.create(company=cast["project"].company, title="Paint shop 5S")
    Membership.objects.create(project=project, user=cast["outsider"], role="facilitator")
    team = services.team_create(project=project, user=cast["outsider"], name="Paint team")
    axis = Axis.objects.create(project=project, title="Paint defects")
    return {"project": project, "team": team, "axis": axis}


def test_team_of_another_project_gets_404(client_for, world, other_project):
    client = client_for(world["owner"])
    mine, foreign = world["project"].pk, other_project["team"].pk
    assert client.get(reverse("project_teams:detail", args=[mine, foreign])).status_code == 404
    assert client.post(reverse("project_teams:delete", args=[mine, foreign])).status_code == 404
    assert ImprovementTeam.objects.filter(pk=foreign).exists()


# --- services and validation -----------------------------------------------------------------


def test_scope_must_be_of_the_projects_company(world):
    from obeya.organisation.models import Area, Site

    other = Company.objects.create(name="Other plant")
    area = Area.objects.create(site=Site.objects.create(company=other, name="S"), name="A")
    with pytest.raises(ValidationError) as error:
        services.team_create(project=world["project"], user=world["owner"], name="X", area=area)
    assert "area" in error.value.message_dict


def test_team_serves_axes_of_its_project_and_ratified_levers_only(world, other_project):
    project, owner = world["project"], world["owner"]
    with pytest.raises(ValidationError) as error:
        services.team_create(project=project, user=owner, name="X", axes=[other_project["axis"]])
    assert "axes" in error.value.message_dict
    draft = CandidateLever.objects.create(project=project, title="5S", axis=world["axis"])
    with pytest.raises(ValidationError) as error:
        services.team_create(project=project, user=owner, name="X", levers=[draft])
    assert error.value.message_dict["levers"] == [
        "Only ratified levers can be carried out by a team."
    ]
    assert not ImprovementTeam.objects.filter(name="X").exists()


def test_team_name_is_unique_in_the_project_whatever_the_case(world):
    with pytest.raises(ValidationError) as error:
        services.team_create(project=world["project"], user=world["owner"], name="smed TEAM")
    assert "name" in error.value.message_dict


def test_second_leader_is_refused_naming_the_first(world):
    with pytest.raises(ValidationError) as error:
        services.member_add(
            team=world["team"], user=world["owner"], person=world["sponsor"].person, role="leader"
        )
    assert "Teammate Test already leads this team" in error.value.message_dict["role"][0]
    assert world["team"].members.count() == 1


def test_member_must_be_of_the_company_and_added_once(world):
    stranger = Person.objects.create(
        company=Company.objects.create(name="Elsewhere"), first_name="Al", last_name="Ien"
    )
    with pytest.raises(ValidationError) as error:
        services.member_add(team=world["team"], user=world["owner"], person=stranger)
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.member_add(
            team=world["team"], user=world["owner"], person=world["teammate"].person
        )
    assert "already in this team" in error.value.message_dict["person"][0]


def test_member_form_shows_errors_next_to_their_fields(client_for, world, in_language_of):
    url = reverse("project_teams:member_add", args=[world["project"].pk, world["team"].pk])
    page = client_for(world["owner"]).post(
        url, {"person": world["sponsor"].person.pk, "role": "leader", "hours_per_week": "-2"}, **EN
    )
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.errors) == {"hours_per_week"}
    page = client_for(world["owner"]).post(
        url, {"person": world["sponsor"].person.pk, "role": "leader"}, **EN
    )
    assert "already leads this team" in page.context["form"].errors["role"][0]
    assert not TeamMember.objects.filter(person=world["sponsor"].person).exists()


def test_team_form_refuses_a_lever_of_another_status(client_for, world):
    draft = CandidateLever.objects.create(project=world["project"], title="5S", axis=world["axis"])
    page = client_for(world["owner"]).post(
        reverse("project_teams:create", args=[world["project"].pk]),
        {"name": "5S team", "levers": [draft.pk]},
        **EN,
    )
    assert page.status_code == 200
    assert "levers" in page.context["form"].errors


def test_update_and_removal_are_audited(world):
    member = services.member_update(
        member=world["member"], user=world["owner"], role="member", hours_per_week=2
    )
    entry = AuditEntry.objects.filter(object_id=member.pk, verb="update").latest("pk")
    assert entry.changes["role"] == ["leader", "member"]
    member_id = member.pk
    services.member_remove(member=member, user=world["owner"])
    assert AuditEntry.objects.filter(object_id=member_id, verb="delete").exists()


def test_objective_check_says_what_makes_it_ambiguous(client_for, world):
    objective = services.objective_create(
        team=world["team"],
        user=world["owner"],
        statement="Better OEE",
        kpi_name="OEE",
        kpi_direction="increase",
        baseline=60,
        target=55,
    )
    assert world["objective"].is_unambiguous
    assert [str(g) for g in objective.gaps] == ["deadline", "target_wrong_direction"]
    page = client_for(world["viewer"]).get(world["team"].get_absolute_url(), **EN).content.decode()
    row = page[page.index(f'id="objective-{objective.pk}"') :]
    assert "The target must be above the baseline for a KPI to increase." in row
    assert "The deadline is not set." in row


def test_objective_form_is_prefilled_from_an_axis_the_team_serves(client_for, world):
    url = reverse("project_teams:objective_create", args=[world["project"].pk, world["team"].pk])
    form = client_for(world["owner"]).get(url + f"?axis={world['axis'].pk}").context["form"]
    assert form.initial["kpi_name"] == "Lead time"
    assert (form.initial["baseline"], form.initial["target"]) == (12, 5)


# --- suggestions, load, RACI -----------------------------------------------------------------


@pytest.fixture
def skilled(world):
    """An action of the team needing SMED; three people of the company with SMED levels."""
    company = world["project"].company
    smed = Skill.objects.create(company=company, name="SMED", kind="lean")
    area = world["project"].area
    people = {}
    for first, level, in_area in (("Ana", 3, False), ("Bob", 2, True), ("Cyd", 2, False)):
        person = Person.objects.create(
            company=company, first_name=first, last_name="X", area=area if in_area else None
        )
        PersonSkill.objects.create(person=person, skill=smed, level=level)
        people[first] = person
    action = Action.objects.create(
        project=world["project"], title="SMED workshop", team=world["team"], owner=people["Bob"]
    )
    action.skills_needed.add(smed)
    return {**world, "smed": smed, "people": people, "action": action}


def test_suggestions_rank_by_level_then_area_then_load(skilled):
    owner = skilled["owner"]
    other = services.team_create(project=skilled["project"], user=owner, name="Other")
    services.member_add(team=other, user=owner, person=skilled["people"]["Cyd"], hours_per_week=9)
    sheet = team_sheet(skilled["team"])
    ranked = [row.person.first_name for row in sheet.suggestions]
    # Ana can train (3); Bob autonomous in the team's area; Cyd autonomous elsewhere and busy.
    assert ranked == ["Ana", "Bob", "Cyd"]
    assert sheet.suggestions[0].suggestion.role == "expert"
    assert sheet.suggestions[1].suggestion.role == "member"
    assert sheet.suggestions[2].suggestion.is_over_committed


def test_suggestion_add_button_prefills_person_and_role(client_for, skilled):
    page = client_for(skilled["owner"]).get(skilled["team"].get_absolute_url(), **EN)
    ana = skilled["people"]["Ana"]
    html = page.content.decode()
    link = f"members/add/?person={ana.pk}&amp;role=expert"
    assert link in html
    url = reverse("project_teams:member_add", args=[skilled["project"].pk, skilled["team"].pk])
    form = client_for(skilled["owner"]).get(f"{url}?person={ana.pk}&role=expert").context["form"]
    assert form.initial == {"person": str(ana.pk), "role": "expert"}


def test_over_committed_person_is_flagged_across_projects(world, other_project):
    person = world["teammate"].person
    services.member_add(
        team=other_project["team"], user=world["outsider"], person=person, hours_per_week=5
    )
    board = project_teams_board(world["project"])
    assert [(o.person, o.load.hours_per_week, o.load.teams) for o in board.over_committed] == [
        (person, 9.0, 2)
    ]
    assert board.teams[0].over_committed == 1


def test_raci_of_the_team_actions(skilled):
    owner = skilled["owner"]
    team = skilled["team"]
    for first in ("Bob", "Cyd"):
        services.member_add(team=team, user=owner, person=skilled["people"][first])
    plain = Person.objects.create(
        company=skilled["project"].company, first_name="Dan", last_name="X"
    )
    services.member_add(team=team, user=owner, person=plain)
    sheet = team_sheet(team)
    letters = dict(
        zip([m.person.first_name for m in sheet.raci_members], sheet.raci[0].letters, strict=True)
    )
    # teammate leads (A), Bob owns the action (R), Cyd autonomous in SMED (C), Dan informed.
    assert letters == {"Teammate": "A", "Bob": "R", "Cyd": "C", "Dan": "I"}
    assert sheet.raci[0].owner_in_team


# --- charter ---------------------------------------------------------------------------------


def test_charter_computes_the_meeting_rhythm_and_next_date(client_for, world):
    now = timezone.now().replace(microsecond=0)
    for weeks in (-3, -2, -1, 1):
        Meeting.objects.create(
            project=world["project"],
            team=world["team"],
            kind="standup",
            title="Stand-up",
            starts_at=now + dt.timedelta(weeks=weeks),
        )
    charter = team_charter(world["team"], now=now)
    (row,) = charter.rhythms
    assert (row.rhythm.count, row.rhythm.interval_days) == (4, 7.0)
    assert row.rhythm.next_at == now + dt.timedelta(weeks=1) and not row.rhythm.next_is_projected
    page = client_for(world["viewer"]).get(
        reverse("project_teams:charter", args=[world["project"].pk, world["team"].pk]), **EN
    )
    html = page.content.decode()
    assert "every 7.0 days" in html and "Changeover in 20 min" in html and "@page" not in html


# --- API -------------------------------------------------------------------------------------


def test_api_detail_lists_members_with_load_and_objectives(api_for, world):
    body = (
        api_for(world["viewer"])
        .get(f"/api/projects/{world['project'].pk}/teams/{world['team'].pk}")
        .json()
    )
    assert body["leader_id"] == world["teammate"].person.pk
    assert body["members"][0]["load_hours_per_week"] == 4.0
    assert body["objectives"][0]["unambiguous"] is True


def test_api_refuses_a_person_of_another_company_naming_the_field(api_for, world):
    stranger = Person.objects.create(
        company=Company.objects.create(name="Elsewhere"), first_name="Al", last_name="Ien"
    )
    response = api_for(world["owner"]).post(
        f"/api/projects/{world['project'].pk}/teams/{world['team'].pk}/members",
        {"person_id": stranger.pk},
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "person_id" in response.content.decode()


# --- demo ------------------------------------------------------------------------------------


def test_demo_teams_carry_the_ratified_levers_with_one_person_over_committed(db):
    from obeya.demo.loader import load_demo
    from obeya.projects.models import Project
    from obeya.teams.demo import load_demo_teams

    project = Project.objects.get(pk=load_demo(language="en")["project_id"])
    load_demo_teams(project)
    load_demo_teams(project)  # idempotent
    board = project_teams_board(project)
    assert len(board.teams) == 2
    assert all(t.leader and t.levers and t.objectives for t in board.teams)
    assert [str(o.person) for o in board.over_committed] == ["Karim Benali"]
    sheet = team_sheet(board.teams[0].team)
    assert sheet.suggestions and sheet.raci
