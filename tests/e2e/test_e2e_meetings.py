"""A facilitator plans a meeting, records who came, writes the minutes and adds an action
decided in it, which then appears in the project's action plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Lancement du chantier SMED"
ACTION = "Préparer le chariot d'outillage"


def test_facilitator_plans_a_meeting_and_its_minutes_create_an_action(page_as, project):
    from obeya.actions.models import Action
    from obeya.meetings.models import Attendance, Meeting

    starts = timezone.localtime() - dt.timedelta(hours=1)
    due = timezone.localdate() + dt.timedelta(days=14)
    page = page_as("facilitateur")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Meetings").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/meetings/$"))

    # Plan a one-off kick-off that started an hour ago, two people invited.
    page.get_by_role("link", name="Plan meetings").click()
    page.get_by_label("Kind").select_option("kickoff")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Recurrence").select_option("once")
    page.get_by_label("First meeting starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Duration (minutes)").fill("60")
    page.get_by_label("Place").fill("Salle Obeya")
    page.get_by_label("Camille Martin").check()
    page.get_by_label("Karim Benali").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Meetings planned.")
    past = page.locator("#past-meetings")
    expect(past.get_by_role("link", name=TITLE)).to_be_visible()
    meeting = Meeting.objects.get(project=project, title=TITLE)

    # Record who came.
    past.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Camille Martin").select_option("present")
    page.get_by_label("Karim Benali").select_option("excused")
    page.get_by_role("button", name="Record the attendance").click()
    expect(page.get_by_role("status")).to_contain_text("Attendance recorded.")
    attendance = page.locator("#attendance")
    expect(attendance.get_by_role("row").filter(has_text="Camille Martin")).to_contain_text(
        "Present"
    )
    expect(attendance.get_by_role("row").filter(has_text="Karim Benali")).to_contain_text("Excused")

    # Write the minutes.
    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_label("Minutes").fill("Changeovers filmed: 90 min, 40 of them searching tools.")
    page.get_by_label("Decisions").fill("Build a tool cart before the next changeover.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.locator("#minutes")).to_contain_text("40 of them searching tools")

    # An action decided in the meeting goes into the plan.
    form = page.locator("#new-action")
    form.get_by_label("Action").fill(ACTION)
    form.get_by_label("Owner").select_option(label="Karim Benali")
    form.get_by_label("Due date").fill(due.isoformat())
    form.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("status")).to_contain_text("Action added to the plan.")
    expect(page.locator("#meeting-actions").get_by_role("link", name=ACTION)).to_be_visible()

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Action plan").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=ACTION))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Karim Benali")

    action = Action.objects.get(project=project, title=ACTION)
    assert action.meeting == meeting and action.due_date == due
    assert dict(
        Attendance.objects.filter(meeting=meeting).values_list("person__first_name", "status")
    ) == {"Camille": "present", "Karim": "excused"}
