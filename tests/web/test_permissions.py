"""Who gets what on every page and API endpoint of a project: one table, the same cast everywhere.

Rules (docs/roles.md): a user without a role in the project gets 404 everywhere in it; an
anonymous visitor is sent to the login page (pages) or gets 401 (API); sponsors, viewers and
assessors read everything and get 403 on every change; the team member changes only the actions
they own, never the owner, title or stage; the facilitator does everything. A background job is
seen only by the user who started it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from permission_table import (
    AUTHORS,
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    call,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.accounts.services import api_token_create, api_token_revoke
from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.projects.models import Membership

READERS_ONLY = ("sponsor", "viewer", "assessor")


def _project_url(name: str, *extra: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *(w[key].pk for key in extra)])


def _action_url(name: str, whose: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, w["actions"][whose].pk])


def _job_url(name: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["job"].pk])


def _action_form(w: dict) -> dict:
    return {"title": "Revised action", "stage": "pilot", "status": "in_progress", "progress": 30}


PAGES = [
    Endpoint("project detail", "get", _project_url("projects:detail"), 200),
    Endpoint("project edit form", "get", _project_url("projects:edit"), 200, FACILITATORS),
    Endpoint(
        "project edit",
        "post",
        _project_url("projects:edit"),
        302,
        FACILITATORS,
        lambda w: {"title": "Lead time of line 2, phase 2", "status": "active"},
    ),
    Endpoint("members", "get", _project_url("projects:members"), 200),
    Endpoint(
        "member add",
        "post",
        _project_url("projects:members"),
        302,
        FACILITATORS,
        lambda w: {"user": w["outsider"].pk, "role": "viewer"},
    ),
    Endpoint(
        "member remove",
        "post",
        _project_url("projects:member_remove", "viewer_membership"),
        302,
        FACILITATORS,
    ),
    Endpoint("history", "get", _project_url("projects:history"), 200),
    Endpoint("action list", "get", _project_url("actions:index"), 200),
    Endpoint("action list partial", "get", _project_url("actions:index"), 200, htmx=True),
    Endpoint("action create form", "get", _project_url("actions:create"), 200, FACILITATORS),
    Endpoint(
        "action create", "post", _project_url("actions:create"), 302, FACILITATORS, _action_form
    ),
    Endpoint("facilitator's action", "get", _action_url("actions:detail", "owner"), 200),
    Endpoint("teammate's action", "get", _action_url("actions:detail", "teammate"), 200),
    Endpoint(
        "facilitator's action edit form",
        "get",
        _action_url("actions:edit", "owner"),
        200,
        FACILITATORS,
    ),
    Endpoint(
        "facilitator's action edit",
        "post",
        _action_url("actions:edit", "owner"),
        302,
        FACILITATORS,
        _action_form,
    ),
    Endpoint(
        "teammate's action edit form", "get", _action_url("actions:edit", "teammate"), 200, AUTHORS
    ),
    Endpoint(
        "teammate's action edit",
        "post",
        _action_url("actions:edit", "teammate"),
        302,
        AUTHORS,
        _action_form,
    ),
    Endpoint(
        "facilitator's action status",
        "post",
        _action_url("actions:set_status", "owner"),
        302,
        FACILITATORS,
        lambda w: {"status": "in_progress"},
    ),
    Endpoint(
        "teammate's action status",
        "post",
        _action_url("actions:set_status", "teammate"),
        302,
        AUTHORS,
        lambda w: {"status": "in_progress"},
    ),
    Endpoint(
        "facilitator's action delete",
        "post",
        _action_url("actions:delete", "owner"),
        302,
        FACILITATORS,
    ),
    Endpoint(
        "teammate's action delete",
        "post",
        _action_url("actions:delete", "teammate"),
        302,
        FACILITATORS,
    ),
    Endpoint("CSV export", "post", _project_url("jobs:export_actions"), 302, writes=False),
    # A job is seen by the user who started it only: the others get 404.
    Endpoint(
        "job page of the facilitator's export",
        "get",
        _job_url("jobs:detail"),
        200,
        FACILITATORS,
        denied=404,
    ),
    Endpoint(
        "job progress partial of the facilitator's export",
        "get",
        _job_url("jobs:detail"),
        200,
        FACILITATORS,
        htmx=True,
        denied=404,
    ),
    Endpoint(
        "download of the facilitator's export",
        "get",
        _job_url("jobs:download"),
        200,
        FACILITATORS,
        denied=404,
    ),
]


def _api(path: str = "") -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}{path}"


def _api_action(whose: str) -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}/actions/{w['actions'][whose].pk}"


API = [
    ApiEndpoint("GET project", "get", _api(), 200),
    ApiEndpoint("GET roadmap", "get", _api("/roadmap"), 200),
    ApiEndpoint("GET actions", "get", _api("/actions"), 200),
    ApiEndpoint(
        "POST action",
        "post",
        _api("/actions"),
        201,
        FACILITATORS,
        lambda w: {"title": "Kanban loop", "stage": "pilot"},
    ),
    ApiEndpoint("GET facilitator's action", "get", _api_action("owner"), 200),
    ApiEndpoint("GET teammate's action", "get", _api_action("teammate"), 200),
    ApiEndpoint(
        "PATCH facilitator's action",
        "patch",
        _api_action("owner"),
        200,
        FACILITATORS,
        lambda w: {"progress": 50},
    ),
    ApiEndpoint(
        "PATCH teammate's action",
        "patch",
        _api_action("teammate"),
        200,
        AUTHORS,
        lambda w: {"progress": 50, "status": "in_progress"},
    ),
    ApiEndpoint("DELETE facilitator's action", "delete", _api_action("owner"), 204, FACILITATORS),
    ApiEndpoint("DELETE teammate's action", "delete", _api_action("teammate"), 204, FACILITATORS),
]


@pytest.fixture
def world(cast, actions, django_capture_on_commit_callbacks):
    """The cast, its two actions, and a finished CSV export started by the facilitator."""
    from obeya.jobs.runner import job_enqueue

    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(
            kind="actions_export_csv",
            params={"project_id": cast["project"].pk},
            user=cast["owner"],
            project=cast["project"],
        )
    job.refresh_from_db()
    assert job.status == job.Status.DONE
    return {
        **cast,
        "actions": actions,
        "job": job,
        "viewer_membership": Membership.objects.get(project=cast["project"], user=cast["viewer"]),
    }


def _state() -> tuple[int, int, int]:
    return AuditEntry.objects.count(), Action.objects.count(), Membership.objects.count()


# --- pages ---------------------------------------------------------------------------------


test_anonymous_user_is_redirected_to_login_on_every_project_page = anonymous_sent_to_login(
    PAGES, _state, with_next=True
)
test_outsider_gets_404_on_every_project_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_project_page = each_role_gets_what_it_may(
    PAGES, _state, redirect_is_not_login=True
)


# --- API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", API, ids=lambda e: e.label)
def test_anonymous_gets_401_on_every_api_endpoint(client, world, endpoint):
    before = _state()
    assert call(client, endpoint, world).status_code == 401
    assert _state() == before


@pytest.mark.parametrize("endpoint", API, ids=lambda e: e.label)
def test_revoked_token_gets_401_on_every_api_endpoint(world, endpoint):
    token, raw = api_token_create(user=world["owner"], name="revoked")
    api_token_revoke(token=token)
    before = _state()
    response = call(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), endpoint, world)
    assert response.status_code == 401
    assert _state() == before


test_outsider_gets_404_on_every_project_api_endpoint = outsider_gets_404(API, _state)
test_each_role_gets_what_it_may_on_every_api_endpoint = each_role_gets_what_it_may(API, _state)


def test_garbage_bearer_token_gets_401(world):
    client = Client(HTTP_AUTHORIZATION="Bearer oby_not-a-token")
    assert client.get(f"/api/projects/{world['project'].pk}").status_code == 401


def test_token_of_a_deactivated_user_gets_401(api_for, world):
    client = api_for(world["owner"])
    world["owner"].is_active = False
    world["owner"].save()
    assert client.get(f"/api/projects/{world['project'].pk}").status_code == 401


# --- the team member's limits --------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Renamed"},
        {"stage": "measure"},
        {"owner_id": None},
        {"progress": 40, "title": "X"},
    ],
    ids=["title", "stage", "owner", "progress with title"],
)
def test_teammate_cannot_change_owner_title_or_stage_of_own_action_via_api(
    api_for, cast, actions, change
):
    if "owner_id" in change:
        change = {"owner_id": cast["owner"].person.pk}
    mine = actions["teammate"]
    response = api_for(cast["teammate"]).patch(
        f"/api/projects/{cast['project'].pk}/actions/{mine.pk}",
        change,
        content_type="application/json",
    )
    assert response.status_code == 403
    before = (mine.title, mine.stage, mine.owner_id, mine.progress)
    mine.refresh_from_db()
    assert (mine.title, mine.stage, mine.owner_id, mine.progress) == before


def test_teammate_updates_progress_and_dates_of_own_action_via_api(api_for, cast, actions):
    mine = actions["teammate"]
    response = api_for(cast["teammate"]).patch(
        f"/api/projects/{cast['project'].pk}/actions/{mine.pk}",
        {"progress": 60, "status": "in_progress", "description": "Half the tools ready"},
        content_type="application/json",
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert (mine.progress, mine.status, mine.title) == (60, "in_progress", "SMED on press brake")


def test_teammate_edit_form_keeps_owner_title_and_stage_of_own_action(client_for, cast, actions):
    mine = actions["teammate"]
    response = client_for(cast["teammate"]).post(
        reverse("actions:edit", args=[cast["project"].pk, mine.pk]),
        {
            "title": "Renamed by the teammate",
            "stage": "valorise",
            "owner": cast["viewer"].person.pk,
            "status": "in_progress",
            "progress": 70,
            "start_date": mine.start_date.isoformat(),
            "due_date": mine.due_date.isoformat(),
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "SMED on press brake"
    assert mine.stage == "pilot"
    assert mine.owner == cast["teammate"].person
    assert (mine.status, mine.progress) == ("in_progress", 70)


@pytest.mark.parametrize("role", READERS_ONLY)
def test_reader_who_owns_an_action_still_cannot_change_it(client_for, api_for, cast, role):
    from obeya.actions.services import action_create

    theirs = action_create(
        project=cast["project"], user=cast["owner"], title="Owned", owner=cast[role].person
    )
    project = cast["project"].pk
    response = client_for(cast[role]).post(
        reverse("actions:set_status", args=[project, theirs.pk]), {"status": "done"}
    )
    assert response.status_code == 403
    response = api_for(cast[role]).patch(
        f"/api/projects/{project}/actions/{theirs.pk}",
        {"progress": 10},
        content_type="application/json",
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert (theirs.status, theirs.progress) == ("todo", 0)


@pytest.mark.parametrize("role", ["teammate", *READERS_ONLY])
def test_only_the_facilitator_sees_the_add_action_and_edit_project_links(
    client_for, cast, actions, role
):
    project = cast["project"]
    page = client_for(cast[role]).get(reverse("projects:detail", args=[project.pk]))
    assert reverse("projects:edit", args=[project.pk]) not in page.content.decode()
    assert reverse("actions:create", args=[project.pk]) not in page.content.decode()
    facilitator_page = client_for(cast["owner"]).get(reverse("projects:detail", args=[project.pk]))
    assert reverse("projects:edit", args=[project.pk]) in facilitator_page.content.decode()


# --- objects of another project, other kinds of users --------------------------------------


@pytest.fixture
def other_project(cast):
    """A second project of the same company, where the facilitator of the first has no role."""
    from obeya.actions.models import Action
    from obeya.projects.models import Project

    project = Project.objects.create(company=cast["project"].company, title="Paint shop 5S")
    Membership.objects.create(
        project=project, user=cast["outsider"], role=Membership.Role.FACILITATOR
    )
    action = Action.objects.create(project=project, title="Red-tag campaign")
    return project, action


def test_action_of_another_project_gets_404_through_this_projects_urls(
    client_for, api_for, cast, other_project
):
    _project, foreign = other_project
    mine = cast["project"].pk
    client = client_for(cast["owner"])
    for name in ("actions:detail", "actions:edit"):
        assert client.get(reverse(name, args=[mine, foreign.pk])).status_code == 404
    for name in ("actions:set_status", "actions:delete"):
        response = client.post(reverse(name, args=[mine, foreign.pk]), {"status": "done"})
        assert response.status_code == 404
    api = api_for(cast["owner"])
    assert api.get(f"/api/projects/{mine}/actions/{foreign.pk}").status_code == 404
    assert api.delete(f"/api/projects/{mine}/actions/{foreign.pk}").status_code == 404
    assert Action.objects.filter(pk=foreign.pk, status="todo").exists()


def test_membership_of_another_project_cannot_be_removed_through_this_project(
    client_for, cast, other_project
):
    project, _action = other_project
    foreign = Membership.objects.get(project=project)
    response = client_for(cast["owner"]).post(
        reverse("projects:member_remove", args=[cast["project"].pk, foreign.pk])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_unknown_project_gets_404_like_a_hidden_one(client_for, api_for, cast):
    assert client_for(cast["owner"]).get("/projects/999999/").status_code == 404
    assert api_for(cast["owner"]).get("/api/projects/999999").status_code == 404


def test_site_administrator_without_a_role_gets_404_on_the_project(client, api_for, cast):
    from obeya.accounts.services import user_create
    from obeya.organisation.access import can_manage_organisation

    admin = user_create(username="siteadmin", password="a long pass phrase 42", site_admin=True)
    assert can_manage_organisation(admin)
    client.force_login(admin)
    project = cast["project"]
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert api_for(admin).get(f"/api/projects/{project.pk}").status_code == 404


def test_superuser_sees_every_project_without_a_role(client, cast):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="pw-root")
    client.force_login(root)
    project = cast["project"]
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert project.title in client.get(reverse("projects:home")).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "projects:home",
        "projects:create",
        "organisation:overview",
        "organisation:people",
        "accounts:profile",
        "accounts:password_change",
    ],
)
def test_anonymous_user_is_redirected_to_login_on_every_page_outside_projects(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name",
    [
        "projects:home",
        "projects:create",
        "organisation:overview",
        "organisation:people",
        "accounts:profile",
    ],
)
def test_outsider_reaches_the_pages_outside_projects(client_for, cast, name):
    assert client_for(cast["outsider"]).get(reverse(name)).status_code == 200


def test_user_without_a_person_cannot_open_a_project(client, db):
    from django.contrib.auth import get_user_model

    loner = get_user_model().objects.create_user("loner", password="pw-loner")
    client.force_login(loner)
    assert client.get(reverse("projects:create")).status_code == 403
    assert client.post(reverse("projects:create"), {"title": "X"}).status_code == 403
