"""The action plan page: its filters, and the table alone for HTMX requests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from obeya.actions.models import Action


@pytest.fixture
def plan(cast, actions):
    """The fixture's two actions plus a done one owned by the viewer, in stage diagnose."""
    done = Action.objects.create(
        project=cast["project"],
        title="Interview the team leaders",
        description="Cutting and bending shifts",
        owner=cast["viewer"].person,
        stage="diagnose",
        status=Action.Status.DONE,
        progress=100,
    )
    return {**actions, "done": done}


def _titles(client, project, **params):
    response = client.get(reverse("actions:index", args=[project.pk]), params)
    assert response.status_code == 200
    return {a.title for a in response.context["actions"]}


def test_action_list_without_filter_shows_every_action(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"])
    assert titles == {"SMED on press brake", "Map the flow", "Interview the team leaders"}


def test_action_list_filters_by_status(client_for, cast, plan):
    client = client_for(cast["viewer"])
    assert _titles(client, cast["project"], status="done") == {"Interview the team leaders"}
    assert _titles(client, cast["project"], status="todo") == {
        "SMED on press brake",
        "Map the flow",
    }


def test_action_list_filters_by_stage(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], stage="diagnose")
    assert titles == {"Map the flow", "Interview the team leaders"}


def test_action_list_filters_by_owner(client_for, cast, plan):
    owner = cast["teammate"].person.pk
    titles = _titles(client_for(cast["viewer"]), cast["project"], owner=owner)
    assert titles == {"SMED on press brake"}


def test_action_list_filters_overdue_actions(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], overdue="on")
    assert titles == {"SMED on press brake"}


@pytest.mark.parametrize("q", ["smed", "  SMED ", "press brake"])
def test_action_list_searches_titles(client_for, cast, plan, q):
    assert _titles(client_for(cast["viewer"]), cast["project"], q=q) == {"SMED on press brake"}


def test_action_list_searches_descriptions(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], q="bending shifts")
    assert titles == {"Interview the team leaders"}


def test_action_list_combines_filters(client_for, cast, plan):
    client = client_for(cast["viewer"])
    assert _titles(client, cast["project"], stage="diagnose", status="todo") == {"Map the flow"}
    assert _titles(client, cast["project"], stage="pilot", status="done") == set()


def test_action_list_ignores_an_invalid_filter_value(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], status="bogus")
    assert len(titles) == 3


def test_owner_filter_offers_only_people_owning_actions_in_the_project(client_for, cast, plan):
    response = client_for(cast["viewer"]).get(reverse("actions:index", args=[cast["project"].pk]))
    owners = set(response.context["form"].fields["owner"].queryset)
    assert owners == {cast["teammate"].person, cast["owner"].person, cast["viewer"].person}


def test_htmx_request_gets_only_the_table(client_for, cast, plan):
    response = client_for(cast["viewer"]).get(
        reverse("actions:index", args=[cast["project"].pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<table" in html
    assert "Interview the team leaders" in html
    assert "SMED on press brake" not in html
    assert "HX-Request" in response["Vary"]
    assert [t.name for t in response.templates][0] == "actions/_action_table.html"


def test_full_page_request_gets_the_whole_page(client_for, cast, plan):
    response = client_for(cast["viewer"]).get(reverse("actions:index", args=[cast["project"].pk]))
    html = response.content.decode()
    assert "<html" in html
    assert 'id="action-table"' in html


def test_only_editable_actions_get_a_status_selector(client_for, cast, plan):
    response = client_for(cast["teammate"]).get(reverse("actions:index", args=[cast["project"].pk]))
    editable = {a.title for a in response.context["actions"] if a.editable}
    assert editable == {"SMED on press brake"}
    html = response.content.decode()
    assert f'id="status-{plan["teammate"].pk}"' in html
    assert f'id="status-{plan["owner"].pk}"' not in html


def test_htmx_status_change_returns_the_row(client_for, cast, plan):
    mine = plan["teammate"]
    response = client_for(cast["teammate"]).post(
        reverse("actions:set_status", args=[cast["project"].pk, mine.pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="action-{mine.pk}"')
    assert "<html" not in html
    mine.refresh_from_db()
    assert (mine.status, mine.progress) == ("done", 100)


def test_unknown_status_is_refused_without_change(client_for, cast, plan):
    mine = plan["teammate"]
    response = client_for(cast["teammate"]).post(
        reverse("actions:set_status", args=[cast["project"].pk, mine.pk]),
        {"status": "finished"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    mine.refresh_from_db()
    assert mine.status == "todo"
