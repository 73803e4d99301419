"""The home page lists the user's projects and the overdue actions of those projects only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from obeya.actions.models import Action
from obeya.projects.models import Membership, Project


@pytest.fixture
def hidden_project(cast, company):
    """A project of the same company the cast (but the outsider) has no role in, with an
    overdue action."""
    project = Project.objects.create(company=company, title="Secret paint shop project")
    Membership.objects.create(
        project=project, user=cast["outsider"], role=Membership.Role.FACILITATOR
    )
    Action.objects.create(
        project=project,
        title="Hidden overdue action",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    return project


def _home(client):
    response = client.get(reverse("projects:home"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("role", ["owner", "teammate", "sponsor", "viewer", "assessor"])
def test_home_lists_only_the_users_projects(client_for, cast, actions, hidden_project, role):
    response = _home(client_for(cast[role]))
    listed = [row["project"] for row in response.context["rows"]]
    assert listed == [cast["project"]]
    html = response.content.decode()
    assert "Lead time of line 2" in html
    assert "Secret paint shop project" not in html


@pytest.mark.parametrize("role", ["owner", "teammate", "sponsor", "viewer", "assessor"])
def test_home_shows_overdue_actions_only_from_visible_projects(
    client_for, cast, actions, hidden_project, role
):
    response = _home(client_for(cast[role]))
    assert list(response.context["overdue"]) == [actions["teammate"]]
    html = response.content.decode()
    assert "SMED on press brake" in html
    assert "Map the flow" not in html  # not overdue
    assert "Hidden overdue action" not in html


def test_home_of_the_outsider_shows_only_their_own_project(
    client_for, cast, actions, hidden_project
):
    response = _home(client_for(cast["outsider"]))
    assert [row["project"] for row in response.context["rows"]] == [hidden_project]
    assert [a.title for a in response.context["overdue"]] == ["Hidden overdue action"]
    assert "Lead time of line 2" not in response.content.decode()
    assert "SMED on press brake" not in response.content.decode()


def test_home_counts_overdue_actions_per_project_and_gives_the_role(client_for, cast, actions):
    Action.objects.create(
        project=cast["project"],
        title="Done late is not overdue",
        due_date=timezone.localdate() - dt.timedelta(days=9),
        status=Action.Status.DONE,
    )
    (row,) = _home(client_for(cast["teammate"])).context["rows"]
    assert row["overdue"] == 1
    assert row["role"] == Membership.Role.MEMBER


def test_home_of_a_user_without_project_says_so(client, db, company):
    from django.contrib.auth import get_user_model

    newcomer = get_user_model().objects.create_user("newcomer", password="pw-newcomer")
    client.force_login(newcomer)
    response = _home(client)
    assert response.context["rows"] == []
    assert list(response.context["overdue"]) == []
