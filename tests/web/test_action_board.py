"""The Kanban board of the action plan: columns by status, who may move which card, and the
move itself (status rules of the service, audit entry, board or message sent back).

Rules (docs/actions.md): everyone with a role in the project sees the board; facilitators move
every card, team members the cards of the actions they own, the other roles none (403); a user
without a role gets 404.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def board(cast, actions):
    """The fixture's two to-do actions plus one in progress and one cancelled."""
    started = Action.objects.create(
        project=cast["project"],
        title="Standard work at the saw",
        owner=cast["owner"].person,
        status=Action.Status.IN_PROGRESS,
        progress=40,
    )
    dropped = Action.objects.create(
        project=cast["project"],
        title="Buy a second press",
        status=Action.Status.CANCELLED,
    )
    return {**actions, "started": started, "dropped": dropped}


def _board_url(project):
    return reverse("actions:board", args=[project.pk])


def _move_url(action):
    return reverse("actions:board_move", args=[action.project_id, action.pk])


def _columns(response):
    return {c.status: [a.title for a in c.actions] for c in response.context["columns"]}


def test_board_has_one_column_per_status_with_its_actions(client_for, cast, board):
    response = client_for(cast["viewer"]).get(_board_url(cast["project"]), **EN)
    assert response.status_code == 200
    assert _columns(response) == {
        "todo": ["SMED on press brake", "Map the flow"],
        "in_progress": ["Standard work at the saw"],
        "done": [],
        "cancelled": ["Buy a second press"],
    }
    counts = {c.status: c.count for c in response.context["columns"]}
    assert counts == {"todo": 2, "in_progress": 1, "done": 0, "cancelled": 1}
    assert [c.collapsed for c in response.context["columns"]] == [False, False, False, True]
    html = response.content.decode()
    for label in ("To do", "In progress", "Done", "Cancelled"):
        assert f'>{label} <span class="board-count"' in html


def test_board_card_shows_owner_due_date_stage_progress_and_overdue_flag(client_for, cast, board):
    response = client_for(cast["owner"]).get(_board_url(cast["project"]), **EN)
    html = response.content.decode()
    overdue = board["teammate"]
    card = html[html.index(f'id="card-{overdue.pk}"') :]
    card = card[: card.index("</li>")]
    assert "Overdue" in card
    assert "Teammate Test" in card
    assert str(overdue.get_stage_display()) in card
    assert 'aria-valuenow="0"' in card
    on_time = html[html.index(f'id="card-{board["owner"].pk}"') :]
    assert "Overdue" not in on_time[: on_time.index("</li>")]


def test_htmx_request_gets_only_the_board(client_for, cast, board):
    response = client_for(cast["viewer"]).get(_board_url(cast["project"]), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="action-board"')
    assert "<html" not in html


def test_list_and_board_link_to_each_other(client_for, cast, board):
    client = client_for(cast["viewer"])
    board_html = client.get(_board_url(cast["project"]), **EN).content.decode()
    list_html = client.get(reverse("actions:index", args=[cast["project"].pk]), **EN)
    assert f'href="{reverse("actions:index", args=[cast["project"].pk])}"' in board_html
    assert f'href="{_board_url(cast["project"])}"' in list_html.content.decode()


@pytest.mark.parametrize(
    ("role", "movable"),
    [
        (
            "owner",
            {
                "SMED on press brake",
                "Map the flow",
                "Standard work at the saw",
                "Buy a second press",
            },
        ),
        ("teammate", {"SMED on press brake"}),
        ("sponsor", set()),
        ("viewer", set()),
        ("assessor", set()),
    ],
)
def test_only_cards_the_user_may_move_are_draggable(client_for, cast, board, role, movable):
    response = client_for(cast[role]).get(_board_url(cast["project"]), **EN)
    html = response.content.decode()
    draggable = {a.title for c in response.context["columns"] for a in c.actions if a.editable}
    assert draggable == movable
    assert html.count('draggable="true"') == len(movable)
    assert html.count('class="board-move"') == len(movable)


def test_outsider_gets_404_on_the_board_and_the_move(client_for, cast, board):
    client = client_for(cast["outsider"])
    assert client.get(_board_url(cast["project"])).status_code == 404
    response = client.post(_move_url(board["owner"]), {"status": "done"})
    assert response.status_code == 404
    assert Action.objects.get(pk=board["owner"].pk).status == Action.Status.TODO


def test_anonymous_is_sent_to_login(client, cast, board):
    response = client.get(_board_url(cast["project"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    response = client.post(_move_url(board["owner"]), {"status": "done"})
    assert response.status_code == 302
    assert Action.objects.get(pk=board["owner"].pk).status == Action.Status.TODO


def test_move_of_an_action_of_another_project_is_404(client_for, cast, board):
    from obeya.projects.models import Project

    other = Project.objects.create(
        company=cast["project"].company, title="Other", facilitator=cast["owner"].person
    )
    url = reverse("actions:board_move", args=[other.pk, board["owner"].pk])
    assert client_for(cast["owner"]).post(url, {"status": "done"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        ("owner", "owner", 200),
        ("owner", "teammate", 200),
        ("teammate", "teammate", 200),
        ("teammate", "owner", 403),
        ("sponsor", "owner", 403),
        ("viewer", "owner", 403),
        ("viewer", "teammate", 403),
        ("assessor", "teammate", 403),
    ],
)
def test_who_may_move_which_card(client_for, cast, board, role, action, expected):
    target = board[action]
    response = client_for(cast[role]).post(_move_url(target), {"status": "in_progress"}, **HTMX)
    assert response.status_code == expected
    status = Action.objects.get(pk=target.pk).status
    moved = expected == 200
    assert status == (Action.Status.IN_PROGRESS if moved else Action.Status.TODO)
    assert AuditEntry.objects.filter(object_id=target.pk).exists() is moved


def test_move_is_audited_and_returns_the_board_with_new_counts(client_for, cast, board):
    target = board["owner"]
    response = client_for(cast["owner"]).post(_move_url(target), {"status": "in_progress"}, **HTMX)
    assert response.status_code == 200
    assert _columns(response)["in_progress"] == ["Map the flow", "Standard work at the saw"]
    counts = {c.status: c.count for c in response.context["columns"]}
    assert counts == {"todo": 1, "in_progress": 2, "done": 0, "cancelled": 1}
    assert "“Map the flow” moved to In progress." in response.content.decode()
    entry = AuditEntry.objects.get(object_id=target.pk)
    assert entry.verb == AuditEntry.Verb.UPDATE
    assert entry.user == cast["owner"]
    assert entry.changes == {"status": ["todo", "in_progress"]}


def test_move_to_done_completes_the_action_as_the_service_does(client_for, cast, board):
    target = board["teammate"]
    client_for(cast["teammate"]).post(_move_url(target), {"status": "done"}, **HTMX)
    target.refresh_from_db()
    assert target.status == Action.Status.DONE
    assert target.progress == 100
    assert target.completed_on == dt.date.today()


def test_move_without_script_redirects_to_the_board_with_a_message(client_for, cast, board):
    client = client_for(cast["owner"])
    response = client.post(_move_url(board["owner"]), {"status": "done"}, follow=True, **EN)
    assert response.redirect_chain[-1][0] == _board_url(cast["project"])
    assert "“Map the flow” moved to Done." in [str(m) for m in response.context["messages"]]
    assert _columns(response)["done"] == ["Map the flow"]


@pytest.mark.parametrize("status", ["", "finished", "TODO"])
def test_unknown_status_is_refused_with_a_message_naming_it(client_for, cast, board, status):
    target = board["owner"]
    response = client_for(cast["owner"]).post(_move_url(target), {"status": status}, **HTMX)
    assert response.status_code == 400
    assert f"Unknown status “{status}”." in response.content.decode()
    assert Action.objects.get(pk=target.pk).status == Action.Status.TODO
    assert not AuditEntry.objects.filter(object_id=target.pk).exists()


def test_move_requires_post(client_for, cast, board):
    response = client_for(cast["owner"]).get(_move_url(board["owner"]))
    assert response.status_code == 405
