"""The action plan as a Kanban board: the facilitator drags a card from "To do" to "In
progress" with the mouse and moves another with the keyboard; a tablet user drags with a
finger; a refused move sends the card back with a message; a viewer sees the board read-only."""

from __future__ import annotations

import re

import pytest
from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _todo(project, **filters):
    from obeya.actions.models import Action

    # The board's order (due date, undated last, then pk): [0] is the top card of its column.
    todo = Action.objects.filter(project=project, status="todo", **filters)
    return list(todo.order_by(F("due_date").asc(nulls_last=True), "pk"))


def _open_board(page, project):
    """A tall window, so that a drag from any card to any column needs no scrolling (Playwright
    scrolls between pressing and moving, which would pick up another card)."""
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.goto(reverse("actions:board", args=[project.pk]))


def _column(page, status):
    return page.locator(f'.board-column[data-status="{status}"]')


def _card(page, action):
    return page.locator(f"#card-{action.pk}")


def test_facilitator_drags_a_card_and_moves_another_with_the_keyboard(page_as, project):
    from obeya.actions.models import Action
    from obeya.audit.models import AuditEntry

    first, second = _todo(project)[:2]
    todo_before = len(_todo(project))
    started_before = Action.objects.filter(project=project, status="in_progress").count()
    page = page_as("facilitateur")
    page.goto(reverse("actions:index", args=[project.pk]))
    page.get_by_role("navigation", name="Views of the plan").get_by_role(
        "link", name="Board"
    ).click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/actions/board/$"))
    expect(_column(page, "todo").locator(".board-count")).to_have_text(str(todo_before))

    # Mouse: drag the card into the "In progress" column.
    _card(page, first).drag_to(_column(page, "in_progress").locator(".board-cards"))
    expect(_column(page, "in_progress").locator(f"#card-{first.pk}")).to_be_visible()
    expect(page.locator(".board-message")).to_have_text(f"“{first.title}” moved to In progress.")
    expect(_column(page, "todo").locator(".board-count")).to_have_text(str(todo_before - 1))
    expect(_column(page, "in_progress").locator(".board-count")).to_have_text(
        str(started_before + 1)
    )
    first.refresh_from_db()
    assert first.status == "in_progress"
    assert AuditEntry.objects.filter(object_id=first.pk, verb="update").exists()

    # Reload: the card is still in its new column.
    page.reload()
    expect(_column(page, "in_progress").locator(f"#card-{first.pk}")).to_be_visible()
    expect(_column(page, "todo").locator(f"#card-{first.pk}")).to_have_count(0)

    # Keyboard: the card's "Move to" list and button, focus kept on the moved card.
    page.evaluate("window.__stayed = true")
    select = _card(page, second).get_by_label("Move to")
    select.focus()
    page.keyboard.press("End")  # the last choice: cancelled
    expect(select).to_have_value("cancelled")
    page.keyboard.press("Tab")
    expect(_card(page, second).get_by_role("button", name="Move")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".board-message")).to_have_text(f"“{second.title}” moved to Cancelled.")
    expect(_column(page, "cancelled").locator(f"#card-{second.pk}")).to_have_count(1)
    expect(_card(page, second).get_by_label("Move to")).to_be_focused()
    assert page.evaluate("window.__stayed") is True
    second.refresh_from_db()
    assert second.status == "cancelled"


def test_tablet_user_drags_a_card_with_a_finger(page_as, project):
    """Touch screens fire no HTML5 drag events: the grip follows pointer events instead."""
    action = _todo(project)[0]
    page = page_as("facilitateur")
    _open_board(page, project)
    grip = _card(page, action).locator(".board-grip")
    start = grip.bounding_box()
    target = _column(page, "done").bounding_box()
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1, y1 = target["x"] + target["width"] / 2, target["y"] + 40
    page.evaluate(
        """([x0, y0, x1, y1]) => {
          const grip = document.elementFromPoint(x0, y0);
          const fire = (type, x, y) => grip.dispatchEvent(new PointerEvent(type, {
            bubbles: true, cancelable: true, pointerId: 7, pointerType: "touch",
            isPrimary: true, clientX: x, clientY: y}));
          fire("pointerdown", x0, y0);
          fire("pointermove", (x0 + x1) / 2, (y0 + y1) / 2);
          fire("pointermove", x1, y1);
          fire("pointerup", x1, y1);
        }""",
        [x0, y0, x1, y1],
    )
    expect(_column(page, "done").locator(f"#card-{action.pk}")).to_be_visible()
    expect(page.locator(".board-message")).to_have_text(f"“{action.title}” moved to Done.")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.completed_on is not None


def test_refused_move_sends_the_card_back_with_a_message(page_as, project):
    """A team member's card stops being theirs while the board is open: the server says 403."""
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="chef.pliage")
    own = _todo(project, owner__user=member)
    assert own, "the demo gives the bending team leader a to-do action"
    action = own[0]
    page = page_as("chef.pliage")
    _open_board(page, project)
    expect(page.locator('.board-card[draggable="true"]')).to_have_count(
        len(
            [
                a
                for a in project.actions.select_related("owner")
                if a.owner and a.owner.user_id == member.pk
            ]
        )
    )
    action.owner = None
    action.save(update_fields=["owner"])

    _card(page, action).drag_to(_column(page, "in_progress").locator(".board-cards"))
    expect(page.locator(".board-message")).to_have_text(
        "You may not move this action: it stays where it was."
    )
    expect(page.locator(".board-message")).to_have_class(re.compile(r"\brefused\b"))
    expect(_column(page, "todo").locator(f"#card-{action.pk}")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "todo"


def test_viewer_sees_the_board_read_only(page_as, project):
    page = page_as("qualite")
    page.goto(reverse("actions:board", args=[project.pk]))
    expect(page.get_by_text("Read-only: your role in this project")).to_be_visible()
    expect(page.locator(".board-card").first).to_be_visible()
    expect(page.locator('.board-card[draggable="true"]')).to_have_count(0)
    expect(page.get_by_label("Move to")).to_have_count(0)
