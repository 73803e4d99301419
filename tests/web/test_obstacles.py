"""The obstacles log and the stakeholder map: who may do what, field errors from the services,
the history of an obstacle, the counts, the map's moves, the API, the demo.

Rules (docs/obstacles.md): everyone with a role reads; facilitators and team members log an
obstacle; only facilitators answer, change or delete one and update the stakeholder map;
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
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.audit.models import AuditEntry
from obeya.audit.services import audit_trail
from obeya.obstacles import services
from obeya.obstacles.models import Obstacle, Stakeholder, StakeholderAssessment
from obeya.obstacles.selectors import obstacle_counts, stakeholder_map

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
D = dt.date


@pytest.fixture
def world(cast, actions):
    project, owner = cast["project"], cast["owner"]
    obstacle = services.obstacle_create(
        project=project,
        user=owner,
        title="Operators fear SMED means job cuts",
        kind="human",
        is_resistance=True,
        group="Bending shop, night shift",
        people=[cast["teammate"].person],
        actions=[actions["teammate"]],
        severity=3,
        raised_on=D(2026, 3, 2),
    )
    stakeholder = services.stakeholder_create(
        project=project,
        user=owner,
        person=cast["sponsor"].person,
        influence=4,
        attitude=0,
        assessed_on=D(2026, 3, 1),
    )
    return {**cast, "obstacle": obstacle, "stakeholder": stakeholder, "actions": actions}


def _url(name: str, key: str | None = None) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *([w[key].pk] if key else [])])


def _obstacle(w: dict) -> dict:
    return {
        "title": "Press brake spare parts take 3 weeks",
        "kind": "technical",
        "severity": "2",
        "status": "open",
        "raised_on": "2026-03-05",
    }


def _answered(w: dict) -> dict:
    return {
        **_obstacle(w),
        "response": "negotiate",
        "response_detail": "Buy a spare set with purchasing",
        "response_owner": w["owner"].person.pk,
        "status": "in_treatment",
    }


def _stakeholder(w: dict) -> dict:
    return {
        "group": "Maintenance team",
        "influence": "2",
        "attitude": "-1",
        "assessed_on": "2026-03-03",
    }


def _assessment(w: dict) -> dict:
    return {"influence": "4", "attitude": "1", "assessed_on": "2026-04-01", "comment": "Won"}


PAGES = [
    Endpoint("log", "get", _url("obstacles:index"), 200),
    Endpoint("log filtered", "get", lambda w: _url("obstacles:index")(w) + "?kind=human", 200),
    Endpoint("create form", "get", _url("obstacles:create"), 200, CONTRIBUTORS),
    Endpoint("create", "post", _url("obstacles:create"), 302, CONTRIBUTORS, _obstacle),
    Endpoint("detail", "get", _url("obstacles:detail", "obstacle"), 200),
    Endpoint("edit form", "get", _url("obstacles:edit", "obstacle"), 200, FACILITATORS),
    Endpoint("edit", "post", _url("obstacles:edit", "obstacle"), 302, FACILITATORS, _answered),
    Endpoint("delete", "post", _url("obstacles:delete", "obstacle"), 302, FACILITATORS),
    Endpoint("map", "get", _url("obstacles:stakeholders"), 200),
    Endpoint("add form", "get", _url("obstacles:stakeholder_create"), 200, FACILITATORS),
    Endpoint("add", "post", _url("obstacles:stakeholder_create"), 302, FACILITATORS, _stakeholder),
    Endpoint(
        "assess form",
        "get",
        _url("obstacles:stakeholder_assess", "stakeholder"),
        200,
        FACILITATORS,
    ),
    Endpoint(
        "assess",
        "post",
        _url("obstacles:stakeholder_assess", "stakeholder"),
        302,
        FACILITATORS,
        _assessment,
    ),
    Endpoint(
        "remove",
        "post",
        _url("obstacles:stakeholder_delete", "stakeholder"),
        302,
        FACILITATORS,
    ),
]


def _api(path: str) -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}{path}"


def _api_obstacle(w: dict) -> dict:
    return {"title": "No room for the supermarket", "kind": "organisational"}


API = [
    ApiEndpoint("list", "get", _api("/obstacles"), 200),
    ApiEndpoint("create", "post", _api("/obstacles"), 201, CONTRIBUTORS, _api_obstacle),
    ApiEndpoint("one", "get", lambda w: _api(f"/obstacles/{w['obstacle'].pk}")(w), 200),
    ApiEndpoint(
        "patch",
        "patch",
        lambda w: _api(f"/obstacles/{w['obstacle'].pk}")(w),
        200,
        FACILITATORS,
        lambda w: {"response": "inform", "status": "in_treatment"},
    ),
    ApiEndpoint(
        "delete", "delete", lambda w: _api(f"/obstacles/{w['obstacle'].pk}")(w), 204, FACILITATORS
    ),
    ApiEndpoint("stakeholders", "get", _api("/stakeholders"), 200),
    ApiEndpoint(
        "add stakeholder",
        "post",
        _api("/stakeholders"),
        201,
        FACILITATORS,
        lambda w: {"group": "Union delegates", "influence": 3, "attitude": -2},
    ),
    ApiEndpoint(
        "assess stakeholder",
        "post",
        lambda w: _api(f"/stakeholders/{w['stakeholder'].pk}/assessments")(w),
        201,
        FACILITATORS,
        lambda w: {"influence": 4, "attitude": 2, "assessed_on": "2026-04-02"},
    ),
]


def _state() -> tuple[int, ...]:
    return (
        AuditEntry.objects.count(),
        Obstacle.objects.count(),
        Stakeholder.objects.count(),
        StakeholderAssessment.objects.count(),
        tuple(Obstacle.objects.values_list("status", "response").order_by("pk")),
    )


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_obstacles_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_obstacles_page = each_role_gets_what_it_may(PAGES, _state)
test_outsider_gets_404_on_every_obstacles_endpoint = outsider_gets_404(API, _state)
test_each_role_gets_what_it_may_on_every_obstacles_endpoint = each_role_gets_what_it_may(
    API, _state
)


# --- services ------------------------------------------------------------------------------


def test_treating_an_obstacle_without_a_response_names_the_response_field(world):
    with pytest.raises(ValidationError) as error:
        services.obstacle_update(
            obstacle=world["obstacle"], user=world["owner"], status="in_treatment"
        )
    assert "response" in error.value.message_dict


def test_resolved_before_raised_is_refused_on_the_date_field(world):
    with pytest.raises(ValidationError) as error:
        services.obstacle_update(
            obstacle=world["obstacle"],
            user=world["owner"],
            response="inform",
            status="resolved",
            resolved_on=D(2026, 2, 1),
        )
    assert "resolved_on" in error.value.message_dict


def test_person_of_another_company_cannot_be_concerned(world):
    from obeya.organisation.models import Company, Person

    stranger = Person.objects.create(
        company=Company.objects.create(name="Other SA"), first_name="X", last_name="Y"
    )
    with pytest.raises(ValidationError) as error:
        services.obstacle_create(
            project=world["project"],
            user=world["owner"],
            title="T",
            kind="human",
            people=[stranger],
        )
    assert "people" in error.value.message_dict


def test_status_sets_the_treatment_and_resolution_dates_and_reopening_clears_them(world):
    obstacle = services.obstacle_update(
        obstacle=world["obstacle"], user=world["owner"], response="involve", status="resolved"
    )
    assert obstacle.treated_on is not None and obstacle.resolved_on is not None
    obstacle = services.obstacle_update(obstacle=obstacle, user=world["owner"], status="open")
    assert obstacle.treated_on is None and obstacle.resolved_on is None


def test_every_change_of_an_obstacle_is_in_its_history(client_for, world):
    obstacle = services.obstacle_update(
        obstacle=world["obstacle"],
        user=world["owner"],
        response="involve",
        response_detail="Operators film and run the first SMED workshop",
        status="in_treatment",
    )
    verbs = [e.verb for e in audit_trail(obstacle)]
    assert verbs.count("update") == 1 and verbs.count("create") == 1
    page = client_for(world["viewer"]).get(obstacle.get_absolute_url(), **EN).content.decode()
    assert "Operators film and run the first SMED workshop" in page


def test_counts_by_kind_and_status_cover_the_whole_log(world):
    project, owner = world["project"], world["owner"]
    services.obstacle_create(project=project, user=owner, title="A", kind="technical")
    services.obstacle_create(
        project=project, user=owner, title="B", kind="human", response="train", status="resolved"
    )
    counts = obstacle_counts(project)
    assert counts.total == 3
    assert counts.by_kind_and_status["human"] == {"open": 1, "in_treatment": 0, "resolved": 1}
    assert counts.by_kind_and_status["technical"]["open"] == 1
    assert counts.by_status == {"open": 2, "in_treatment": 0, "resolved": 1}
    assert counts.resistance_unresolved == 1


def test_log_filters_on_kind(client_for, world):
    services.obstacle_create(
        project=world["project"], user=world["owner"], title="Laser lens dirty", kind="technical"
    )
    client = client_for(world["viewer"])
    page = client.get(reverse("obstacles:index", args=[world["project"].pk]) + "?kind=technical")
    html = page.content.decode()
    table = html[html.index('id="obstacle-table"') :]
    assert "Laser lens dirty" in table and "Operators fear SMED" not in table


def test_a_teammate_logs_an_obstacle_but_may_not_answer_it(client_for, world):
    client = client_for(world["teammate"])
    url = reverse("obstacles:create", args=[world["project"].pk])
    response = client.post(url, _obstacle(world))
    assert response.status_code == 302
    logged = Obstacle.objects.get(title="Press brake spare parts take 3 weeks")
    assert (
        client.post(
            reverse("obstacles:edit", args=[world["project"].pk, logged.pk]), _answered(world)
        ).status_code
        == 403
    )


def test_form_shows_the_service_error_next_to_the_field(client_for, world):
    client = client_for(world["owner"])
    data = {**_obstacle(world), "status": "in_treatment"}
    page = client.post(reverse("obstacles:create", args=[world["project"].pk]), data, **EN)
    assert page.status_code == 200
    assert "Say how the obstacle is answered before treating it." in page.content.decode()


def test_linking_an_action_of_another_project_is_refused(world):
    from obeya.actions.models import Action
    from obeya.projects.models import Project

    other = Project.objects.create(company=world["project"].company, title="Paint shop")
    foreign = Action.objects.create(project=other, title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        services.obstacle_update(obstacle=world["obstacle"], user=world["owner"], actions=[foreign])
    assert "actions" in error.value.message_dict


# --- the stakeholder map -------------------------------------------------------------------


def test_a_new_assessment_keeps_the_previous_one_and_the_map_shows_the_move(client_for, world):
    stakeholder = world["stakeholder"]
    services.stakeholder_assess(
        stakeholder=stakeholder,
        user=world["owner"],
        influence=4,
        attitude=2,
        assessed_on=D(2026, 4, 1),
    )
    assert stakeholder.assessments.count() == 2
    (row,) = stakeholder_map(world["project"]).rows
    assert (row.previous.attitude, row.latest.attitude) == (0, 2)
    assert row.position.move == "won_over" and row.position.quadrant == "keep_satisfied"
    spec = stakeholder_map(world["project"]).spec
    arrows = [layer for layer in spec["layer"] if "x2" in layer["data"]["values"][0]]
    assert {"x": 0, "y": 4, "x2": 2, "y2": 4} in [
        {k: v for k, v in a.items() if k != "name"}
        for layer in arrows
        for a in layer["data"]["values"]
    ]
    page = client_for(world["viewer"]).get(
        reverse("obstacles:stakeholders", args=[world["project"].pk]), **EN
    )
    row_html = (
        page.content.decode().split(f'id="stakeholder-{stakeholder.pk}"')[1].split("</tr>")[0]
    )
    assert "won over" in row_html and "Keep satisfied" in row_html and "Champion" in row_html


def test_an_assessment_older_than_the_latest_is_refused_on_its_date(world):
    with pytest.raises(ValidationError) as error:
        services.stakeholder_assess(
            stakeholder=world["stakeholder"],
            user=world["owner"],
            influence=2,
            attitude=1,
            assessed_on=D(2026, 2, 1),
        )
    assert "assessed_on" in error.value.message_dict


def test_a_stakeholder_is_a_person_or_a_group_not_both(world):
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(
            project=world["project"],
            user=world["owner"],
            person=world["viewer"].person,
            group="Also a group",
            influence=1,
            attitude=0,
        )
    assert "person" in error.value.message_dict


def test_influence_out_of_range_is_refused_on_its_field(world):
    with pytest.raises(ValidationError) as error:
        services.stakeholder_assess(
            stakeholder=world["stakeholder"], user=world["owner"], influence=7, attitude=0
        )
    assert "influence" in error.value.message_dict


def test_api_payload_errors_name_the_field(api_for, world):
    client = api_for(world["owner"])
    url = f"/api/projects/{world['project'].pk}/obstacles"
    response = client.post(
        url, {"title": "X", "kind": "human", "axis_id": 999999}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "axis_id" in response.json()["detail"]
    response = client.post(url, {"title": "X", "kind": "weather"}, content_type="application/json")
    assert response.status_code == 422 and "kind" in response.json()["detail"]


def test_demo_obstacles_load_once(world):
    from obeya.obstacles.demo import load_demo_obstacles
    from obeya.organisation.models import Person

    project = world["project"]
    for first in ("Jean", "Karim", "Léa"):
        Person.objects.create(company=project.company, first_name=first, last_name="Demo")
    load_demo_obstacles(project=project, user=world["owner"], language="en", today=D(2026, 5, 4))
    counts = (Obstacle.objects.count(), StakeholderAssessment.objects.count())
    load_demo_obstacles(project=project, user=world["owner"], language="en", today=D(2026, 5, 4))
    assert (Obstacle.objects.count(), StakeholderAssessment.objects.count()) == counts
    demo = Obstacle.objects.filter(project=project).exclude(pk=world["obstacle"].pk)
    assert demo.filter(status="resolved").count() == 1
    assert all(o.response for o in demo)
    moved = [r for r in stakeholder_map(project).rows if r.previous is not None]
    assert len(moved) == 4  # Jean, Karim, Léa and the night shift
