"""The action plan as a Gantt chart: the facilitator drags a bar with the mouse, then moves
another with the keyboard, and reads the new dates after a reload; a tablet user drags with a
finger; a viewer sees the chart without a draggable bar."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

DAY_PX = 14


def _dated_open(project):
    from obeya.actions.models import Action

    rows = Action.objects.filter(
        project=project,
        status__in=["todo", "in_progress"],
        start_date__isnull=False,
        due_date__isnull=False,
        milestone=False,
    )
    return list(rows.order_by("start_date", "pk"))


def _bar(page, action):
    return page.locator(f"#gantt-bar-{action.pk}")


def _drag(page, action, days, pointer_type=None):
    """Press on the middle of the bar, move by `days` days, release."""
    body = _bar(page, action).locator(".bar-body")
    body.scroll_into_view_if_needed()
    box = body.bounding_box()
    x0, y0 = box["x"] + min(box["width"] / 2, box["width"] - 10), box["y"] + box["height"] / 2
    x1 = x0 + days * DAY_PX
    if pointer_type is None:
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move((x0 + x1) / 2, y0, steps=3)
        page.mouse.move(x1, y0, steps=3)
        page.mouse.up()
        return
    page.evaluate(
        """([x0, y0, x1, type]) => {
          const bar = document.elementFromPoint(x0, y0);
          const fire = (name, x) => bar.dispatchEvent(new PointerEvent(name, {
            bubbles: true, cancelable: true, pointerId: 9, pointerType: type,
            isPrimary: true, clientX: x, clientY: y0}));
          fire("pointerdown", x0);
          fire("pointermove", (x0 + x1) / 2);
          fire("pointermove", x1);
          fire("pointerup", x1);
        }""",
        [x0, y0, x1, pointer_type],
    )


def test_facilitator_drags_a_bar_and_moves_another_with_the_keyboard(page_as, project):
    first, second = _dated_open(project)[:2]
    start, due = first.start_date, first.due_date
    page = page_as("facilitateur")
    page.goto(reverse("actions:index", args=[project.pk]))
    page.get_by_role("navigation", name="Views of the plan").get_by_role(
        "link", name="Gantt"
    ).click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/actions/gantt/$"))
    expect(page.locator(".gantt-critical-path")).not_to_be_empty()

    # Mouse: drag the bar three days later.
    _drag(page, first, 3)
    expect(page.locator(".gantt-message")).to_contain_text(f"“{first.title}” now runs from")
    first.refresh_from_db()
    assert first.start_date == start + dt.timedelta(days=3)
    assert first.due_date == due + dt.timedelta(days=3)

    # Reload: the bar shows its new dates, and the slippage against the baseline.
    page.reload()
    expect(_bar(page, first)).to_have_attribute(
        "data-start", (start + dt.timedelta(days=3)).isoformat()
    )
    expect(_bar(page, first)).to_have_attribute(
        "data-due", (due + dt.timedelta(days=3)).isoformat()
    )
    expect(_bar(page, first).locator(".bar-slip")).to_contain_text("d")

    # Keyboard: focus the second bar, one day earlier; the focus stays on the bar.
    second_start = second.start_date
    _bar(page, second).focus()
    page.keyboard.press("ArrowLeft")
    expect(_bar(page, second)).to_have_attribute(
        "data-start", (second_start - dt.timedelta(days=1)).isoformat()
    )
    expect(_bar(page, second)).to_be_focused()
    second.refresh_from_db()
    assert second.start_date == second_start - dt.timedelta(days=1)


def test_tablet_user_drags_a_bar_with_a_finger(page_as, project):
    action = _dated_open(project)[-1]
    start = action.start_date
    page = page_as("facilitateur")
    page.goto(reverse("actions:gantt", args=[project.pk]))
    _drag(page, action, 2, pointer_type="touch")
    expect(_bar(page, action)).to_have_attribute(
        "data-start", (start + dt.timedelta(days=2)).isoformat()
    )
    action.refresh_from_db()
    assert action.start_date == start + dt.timedelta(days=2)


def test_viewer_sees_the_chart_without_draggable_bars(page_as, project):
    from obeya.projects.models import Membership

    viewer = Membership.objects.filter(project=project, role="viewer").select_related("user")
    assert viewer.exists(), "the demo project has a viewer"
    page = page_as(viewer.first().user.username)
    page.goto(reverse("actions:gantt", args=[project.pk]))
    expect(page.locator(".gantt-bar").first).to_be_visible()
    expect(page.locator(".gantt-bar.editable")).to_have_count(0)
    expect(page.get_by_text("Read-only")).to_be_visible()


def test_facilitator_adds_a_predecessor_and_a_loop_is_refused_with_its_name(page_as, project):
    first, second = _dated_open(project)[:2]
    page = page_as("facilitateur")
    page.goto(reverse("actions:detail", args=[project.pk, second.pk]))
    section = page.locator("#action-dependencies")
    section.get_by_label("Add a predecessor").select_option(str(first.pk))
    section.get_by_role("button", name="Add").click()
    expect(section.locator("[data-kind=predecessors]")).to_contain_text(first.title)
    assert first in second.depends_on.all()

    # From the first action, asking for the second as predecessor would close a loop.
    page.goto(reverse("actions:detail", args=[project.pk, first.pk]))
    section = page.locator("#action-dependencies")
    section.get_by_label("Add a predecessor").select_option(str(second.pk))
    section.get_by_role("button", name="Add").click()
    expect(section.get_by_role("alert")).to_contain_text(
        f"“{first.title}” → “{second.title}” → “{first.title}”"
    )
    assert second not in first.depends_on.all()


def test_dragging_the_right_end_changes_the_due_date_only(page_as, project):
    action = _dated_open(project)[0]
    start, due = action.start_date, action.due_date
    page = page_as("facilitateur")
    page.goto(reverse("actions:gantt", args=[project.pk]))
    handle = _bar(page, action).locator(".bar-resize")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 2 * DAY_PX, y0, steps=4)
    page.mouse.up()
    expect(_bar(page, action)).to_have_attribute(
        "data-due", (due + dt.timedelta(days=2)).isoformat()
    )
    expect(_bar(page, action)).to_have_attribute("data-start", start.isoformat())
    action.refresh_from_db()
    assert (action.start_date, action.due_date) == (start, due + dt.timedelta(days=2))
