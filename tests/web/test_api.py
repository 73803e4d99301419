"""The JSON API: its OpenAPI document, the action plan through it, and its errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.organisation.models import Company, Person


@pytest.fixture
def facilitator_api(api_for, cast):
    return api_for(cast["owner"])


def _actions_url(cast, action=None):
    base = f"/api/projects/{cast['project'].pk}/actions"
    return f"{base}/{action.pk}" if action else base


def test_openapi_document_lists_the_projects_people_and_actions_paths(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    assert "/api/projects/" in paths
    assert "/api/projects/{project_id}" in paths
    assert "/api/projects/{project_id}/roadmap" in paths
    assert "/api/people/" in paths
    assert set(paths["/api/projects/{project_id}/actions"]) == {"get", "post"}
    assert set(paths["/api/projects/{project_id}/actions/{action_id}"]) == {
        "get",
        "patch",
        "delete",
    }
    schemes = document["components"]["securitySchemes"].values()
    assert {"type": "http", "scheme": "bearer"} in schemes


def test_api_docs_page_is_served(client, db):
    assert client.get("/api/docs").status_code == 200


def test_create_patch_and_delete_an_action_leave_audit_entries(facilitator_api, cast):
    created = facilitator_api.post(
        _actions_url(cast),
        {
            "title": "5S at the press brake",
            "stage": "pilot",
            "owner_id": cast["teammate"].person.pk,
            "due_date": "2026-12-15",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["title"] == "5S at the press brake"
    assert body["owner"] == "Teammate Test"
    assert (body["status"], body["progress"], body["overdue"]) == ("todo", 0, False)
    action = Action.objects.get(pk=body["id"])

    patched = facilitator_api.patch(
        _actions_url(cast, action), {"status": "done"}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert patched.json()["progress"] == 100
    assert patched.json()["completed_on"] == timezone.localdate().isoformat()

    deleted = facilitator_api.delete(_actions_url(cast, action))
    assert deleted.status_code == 204
    assert not Action.objects.filter(pk=action.pk).exists()

    entries = AuditEntry.objects.filter(object_id=action.pk).order_by("pk")
    assert [e.verb for e in entries] == ["create", "update", "delete"]
    assert all(e.user == cast["owner"] and e.project == cast["project"] for e in entries)
    assert entries[0].changes["title"] == [None, "5S at the press brake"]
    assert set(entries[1].changes) == {"status", "progress", "completed_on"}
    assert entries[2].changes["title"] == ["5S at the press brake", None]


def test_patch_records_only_the_changed_fields(facilitator_api, cast, actions):
    action = actions["owner"]
    response = facilitator_api.patch(
        _actions_url(cast, action),
        {"description": "Whole line", "title": action.title},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert AuditEntry.objects.get().changes == {"description": ["", "Whole line"]}


def test_patch_can_unassign_the_owner(facilitator_api, cast, actions):
    action = actions["teammate"]
    response = facilitator_api.patch(
        _actions_url(cast, action), {"owner_id": None}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["owner"] is None


def test_bad_due_date_gets_422_naming_the_field_and_stores_nothing(facilitator_api, cast):
    response = facilitator_api.post(
        _actions_url(cast),
        {"title": "Backwards", "start_date": "2026-05-10", "due_date": "2026-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["detail"]) == ["due_date"]
    assert not Action.objects.filter(title="Backwards").exists()
    assert not AuditEntry.objects.exists()


def test_bad_due_date_on_patch_gets_422_and_changes_nothing(facilitator_api, cast, actions):
    action = actions["teammate"]
    response = facilitator_api.patch(
        _actions_url(cast, action),
        {"progress": 20, "due_date": (action.start_date - dt.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "due_date" in response.json()["detail"]
    action.refresh_from_db()
    assert action.progress == 0
    assert not AuditEntry.objects.exists()


def test_owner_from_another_company_gets_422(facilitator_api, cast):
    other = Company.objects.create(name="Other Ltd")
    stranger = Person.objects.create(company=other, first_name="Fred", last_name="Foreign")
    response = facilitator_api.post(
        _actions_url(cast),
        {"title": "Outsourced", "owner_id": stranger.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "owner_id" in response.json()["detail"]
    assert not Action.objects.filter(title="Outsourced").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"title": "X", "status": "finished"}, "status"),
        ({"title": "X", "stage": "dream"}, "stage"),
        ({"title": "X", "progress": 150}, "progress"),
        ({"title": ""}, "title"),
    ],
)
def test_invalid_values_get_422_naming_the_field(facilitator_api, cast, payload, field):
    response = facilitator_api.post(_actions_url(cast), payload, content_type="application/json")
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert not Action.objects.exists()


def test_malformed_date_gets_422(facilitator_api, cast):
    response = facilitator_api.post(
        _actions_url(cast), {"title": "X", "due_date": "soon"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert not Action.objects.exists()


def test_action_list_filters(api_for, cast, actions):
    api = api_for(cast["viewer"])
    url = _actions_url(cast)
    assert {a["title"] for a in api.get(url).json()} == {"SMED on press brake", "Map the flow"}
    overdue = api.get(url, {"overdue": "true"}).json()
    assert [(a["title"], a["overdue"]) for a in overdue] == [("SMED on press brake", True)]
    assert [a["title"] for a in api.get(url, {"stage": "diagnose"}).json()] == ["Map the flow"]
    assert api.get(url, {"status": "done"}).json() == []


def test_project_list_shows_only_the_users_projects_with_their_role(api_for, cast):
    data = api_for(cast["assessor"]).get("/api/projects/").json()
    assert [(p["title"], p["role"]) for p in data] == [("Lead time of line 2", "assessor")]
    assert api_for(cast["outsider"]).get("/api/projects/").json() == []


def test_one_project_through_the_api(api_for, cast):
    data = api_for(cast["sponsor"]).get(f"/api/projects/{cast['project'].pk}").json()
    assert data["title"] == "Lead time of line 2"
    assert data["sponsor"] == "Sponsor Test"
    assert data["facilitator"] == "Owner Test"
    assert data["role"] == "sponsor"


def test_people_lists_only_the_users_company(api_for, cast):
    other = Company.objects.create(name="Other Ltd")
    Person.objects.create(company=other, first_name="Fred", last_name="Foreign")
    data = api_for(cast["outsider"]).get("/api/people/").json()
    names = {p["first_name"] for p in data}
    assert names == {"Owner", "Teammate", "Sponsor", "Viewer", "Assessor", "Outsider"}
    assert all(p["has_login"] for p in data)


def test_people_is_404_for_a_user_without_company(api_for, db):
    from django.contrib.auth import get_user_model

    loner = get_user_model().objects.create_user("loner", password="pw-loner")
    assert api_for(loner).get("/api/people/").status_code == 404


def test_anonymous_gets_401_on_the_lists(client, db):
    assert client.get("/api/projects/").status_code == 401
    assert client.get("/api/people/").status_code == 401


def test_session_login_alone_does_not_open_the_api(client_for, cast):
    assert client_for(cast["owner"]).get("/api/projects/").status_code == 401
