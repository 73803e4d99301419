"""The facilitator's action plan: add an overdue action, read its history, filter the plan,
export it to CSV through a background task."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Remplacer les outils de pliage usés"


def test_facilitator_adds_an_overdue_action_and_filters_the_plan(page_as, project):
    from obeya.actions.models import Action

    due = dt.date.today() - dt.timedelta(days=3)
    page = page_as("facilitateur")
    page.get_by_role("link", name=project.title).click()
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Action plan").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/actions/$"))

    # Add an action whose due date has passed.
    page.get_by_role("link", name="Add an action", exact=True).click()
    expect(page.get_by_role("heading", name="Add an action")).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Roadmap stage").select_option("pilot")
    page.get_by_label("Owner").select_option(label="Karim Benali")
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Save").click()

    # Back on the plan: confirmed, listed, flagged overdue.
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/actions/$"))
    expect(page.get_by_role("status")).to_contain_text(TITLE)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    expect(row).to_have_count(1)
    expect(row).to_have_class(re.compile(r"\boverdue\b"))
    expect(row.get_by_text("Overdue", exact=True)).to_be_visible()
    expect(row).to_contain_text("Karim Benali")

    # Its page: overdue too, and the history records who created it.
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=2, name=TITLE)).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    history = page.locator("table.audit tbody tr")
    expect(history).to_have_count(1)
    expect(history).to_contain_text("facilitateur")
    expect(history).to_contain_text(re.compile(rf"Created · {re.escape(TITLE)}"))
    expect(history).to_contain_text(due.isoformat())

    # Filter the plan by status: HTMX swaps the table, the page itself stays.
    page.get_by_role("link", name="Action plan").click()
    page.evaluate("window.__stayed = true")
    table = page.locator("#action-table")
    total = Action.objects.filter(project=project).count()
    done = Action.objects.filter(project=project, status="done").count()
    expect(table.locator("tbody tr")).to_have_count(total)
    page.locator("form.filters").get_by_label("Status").select_option("done")
    expect(page).to_have_url(re.compile(r"[?&]status=done\b"))
    expect(table.locator("tbody tr")).to_have_count(done)
    expect(table.get_by_role("link", name=TITLE)).to_have_count(0)
    expect(table.get_by_text(f"{done} actions")).to_be_visible()
    assert table.locator("tbody select").evaluate_all("ss => ss.map(s => s.value)") == (
        ["done"] * done
    )
    page.locator("form.filters").get_by_label("Status").select_option("todo")
    expect(table.get_by_role("link", name=TITLE)).to_be_visible()
    page.locator("form.filters").get_by_label("Status").select_option("cancelled")
    expect(table.get_by_text("No action matches.")).to_be_visible()
    assert page.evaluate("window.__stayed") is True


def test_export_to_csv_runs_as_a_background_task(page_as, project):
    from obeya.actions.models import Action

    page = page_as("facilitateur")
    page.goto(reverse("actions:index", args=[project.pk]))
    page.get_by_role("button", name="Export to CSV").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_role("heading", level=1, name="Background task")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progress")).to_have_attribute(
        "aria-valuenow", "100"
    )
    expect(page.get_by_text(re.compile(r"^100 %"))).to_be_visible()
    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible()

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(text))]
    expected = Action.objects.filter(project=project).values_list("title", flat=True)
    assert sorted(titles) == sorted(expected)
    assert "Cartographier le flux actuel de la ligne L2" in titles


def test_facilitator_bulk_edits_the_selected_actions(page_as, project):
    """Tick two open actions, set their PDCA step in one go: HTMX swaps the table, the outcome
    is said above it, each action gets its own history entry; the calendar is one click away."""
    from obeya.actions.models import Action
    from obeya.audit.models import AuditEntry

    chosen = list(
        Action.objects.filter(project=project, status__in=Action.OPEN_STATUSES).order_by("pk")[:2]
    )
    assert len(chosen) == 2
    before = AuditEntry.objects.count()
    page = page_as("facilitateur")
    page.goto(reverse("actions:index", args=[project.pk]))
    page.evaluate("window.__stayed = true")
    for action in chosen:
        page.locator(f'input.bulk-pick[value="{action.pk}"]').check()
    bulk = page.locator("#bulk-form")
    bulk.get_by_label("Change").select_option("pdca_step")
    expect(bulk.get_by_label("Status")).to_be_hidden()
    bulk.get_by_label("PDCA step").select_option("check")
    bulk.get_by_role("button", name="Apply to the selection").click()

    outcome = page.locator("#action-table .bulk-outcome")
    expect(outcome).to_contain_text("2 actions changed.")
    assert page.evaluate("window.__stayed") is True
    for action in chosen:
        row = page.locator(f"#action-{action.pk}")
        expect(row).to_contain_text("Check")
        action.refresh_from_db()
        assert action.pdca_step == "check"
    assert AuditEntry.objects.count() == before + 2

    # Select all ticks every row the facilitator may change.
    page.locator("input.bulk-all").check()
    total = Action.objects.filter(project=project).count()
    expect(page.locator("input.bulk-pick:checked")).to_have_count(total)

    page.get_by_role("link", name="Calendar").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/actions/calendar/$"))
    expect(page.locator("table.calendar thead th").first).to_have_text("Monday")
