"""The facilitator imports an ERP export: a file with bad rows is refused row by row, then the
textbook's running example is analysed, process map and all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RUNNING_CSV = Path("/work/shared/reference/eventlogs/running-example.csv")

BAD_CSV = (
    "case,activity,timestamp\n"
    "A1,Cut,2024-03-04 08:00\n"
    "A1,Bend,2024-03-04 10:00\n"
    "A1,Weld,2024-13-45 10:00\n"
    "A2,Cut,2024-03-04 09:00\n"
    "A2,Bend,2024-03-05 11:00\n"
    ",Weld,2024-03-05 15:00\n"
    "A2,Ship,2024-03-06 16:00\n"
)


def _upload(page, project, path: Path) -> None:
    page.goto(reverse("flowlogs:index", args=[project.pk]))
    page.get_by_role("link", name="Import an event log").click()
    expect(page.get_by_role("heading", level=2, name="Import an event log")).to_be_visible()
    page.get_by_label("Event log").set_input_files(str(path))
    page.get_by_role("button", name="Upload and map the columns").click()
    expect(page).to_have_url(re.compile(r"/event-logs/\d+/mapping/$"))


def test_facilitator_sees_bad_rows_then_imports_the_running_example(page_as, project, tmp_path):
    page = page_as("facilitateur")

    # A file with an impossible date on line 4 and no case on line 7.
    bad = tmp_path / "bad-orders.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    _upload(page, project, bad)
    expect(page.get_by_role("heading", name="Map the columns of “bad-orders”")).to_be_visible()
    preview = page.locator("#mapping-preview")
    expect(preview.locator("tbody tr")).to_have_count(7)
    expect(preview).to_contain_text("2024-13-45 10:00")
    expect(page.get_by_role("combobox", name="Case", exact=True)).to_have_value("case")
    expect(page.get_by_role("combobox", name="Activity", exact=True)).to_have_value("activity")
    expect(page.get_by_role("combobox", name="Completion time", exact=True)).to_have_value(
        "timestamp"
    )
    expect(preview.locator("th.fl-mapped")).to_have_count(3)
    # Changing a field marks its column in the preview (HTMX), nothing stored yet.
    page.get_by_role("combobox", name="Activity", exact=True).select_option("")
    expect(preview.locator("th.fl-mapped")).to_have_count(2)
    page.get_by_role("combobox", name="Activity", exact=True).select_option("activity")
    expect(preview.locator("th.fl-mapped")).to_have_count(3)
    page.get_by_role("button", name="Import the whole file").click()

    expect(page.get_by_text("The import failed: nothing was analysed.")).to_be_visible()
    errors = page.locator("table.fl-error-table tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text(re.compile(r"4\s*timestamp\s*2024-13-45 10:00"))
    expect(errors.nth(0)).to_contain_text("unparseable timestamp")
    expect(errors.nth(1)).to_contain_text(re.compile(r"7\s*case"))
    expect(errors.nth(1)).to_contain_text("empty case id")
    expect(page.locator("svg.process-map")).to_have_count(0)

    # The good file: the textbook's running example, 6 cases.
    good = tmp_path / "running-example.csv"
    shutil.copy(RUNNING_CSV, good)
    _upload(page, project, good)
    expect(page.get_by_role("combobox", name="Case", exact=True)).to_have_value("case:concept:name")
    page.get_by_role("button", name="Import the whole file").click()

    expect(page.get_by_role("heading", level=2, name="running-example")).to_be_visible()
    expect(page.locator('[data-status="ready"]')).to_be_visible()
    cases = page.locator('.fl-kpi[data-metric="cases"] .fl-kpi-value')
    expect(cases).to_have_text("6")
    process_map = page.locator("#process-map-figure svg.process-map")
    expect(process_map).to_be_visible()
    expect(process_map).to_contain_text("register request")
    expect(page.locator("table.fl-variants tbody tr")).to_have_count(6)
    expect(page.locator('.vl-chart[data-spec-id="fl-lead"] svg.marks')).to_be_visible()

    # The paths are labelled with the waiting time asked for (HTMX swaps the map only).
    page.evaluate("window.__stayed = true")
    page.get_by_label("Label the paths with the").select_option("p90")
    expect(page.locator("#process-map-figure")).to_contain_text("6 · 4.4 d")
    assert page.evaluate("window.__stayed") is True
