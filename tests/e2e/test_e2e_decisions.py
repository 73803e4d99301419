"""The facilitator's priorities: three axes from the diagnosis (one not measurable until its
target and deadline are set), a weighted matrix that ranks the options with its sensitivity,
and the decision recorded."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

AXES = [
    ("Halve the changeover time of press P2", "Changeover time", "min", "decrease", "45", "20"),
    ("Ship the brackets in 5 days", "Lead time", "days", "decrease", "12", "5"),
    ("Raise the OEE of the press brake", "OEE", "%", "increase", "62", ""),
]


def _axis_row(page: Page, title: str):
    return page.locator("table.axes tbody tr").filter(has_text=title)


def _add_axis(page: Page, project_id: int, axis: tuple[str, ...], deadline: str) -> None:
    title, kpi, unit, direction, baseline, target = axis
    page.goto(reverse("decisions:index", args=[project_id]))
    page.get_by_role("link", name="Add an axis").click()
    page.locator("#id_title").fill(title)
    page.locator("#id_stakes_gains").fill("Fewer hours lost at the bottleneck")
    page.locator("#id_kpi_name").fill(kpi)
    page.locator("#id_kpi_unit").fill(unit)
    page.locator("#id_kpi_direction").select_option(direction)
    page.locator("#id_baseline").fill(baseline)
    page.locator("#id_target").fill(target)
    if target:
        page.locator("#id_deadline").fill(deadline)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Axis added.")).to_be_visible()


def test_facilitator_turns_findings_into_axes_and_records_a_ranked_decision(page_as, project):
    page = page_as("facilitateur")
    for axis in AXES:
        _add_axis(page, project.pk, axis, "2026-12-31")

    # The third axis has no target nor deadline: the page says so, and so does its sheet.
    unmeasurable = _axis_row(page, AXES[2][0])
    expect(unmeasurable).to_contain_text("Not yet")
    expect(unmeasurable).to_contain_text("The target is not set.")
    expect(unmeasurable).to_contain_text("The deadline is not set.")
    expect(_axis_row(page, AXES[0][0])).to_contain_text("Measurable")

    # Fixed: a target below the baseline for a KPI that must increase is refused as such...
    unmeasurable.get_by_role("link", name="Edit").click()
    page.locator("#id_target").fill("50")
    page.locator("#id_deadline").fill("2026-12-31")
    page.get_by_role("button", name="Save").click()
    row = _axis_row(page, AXES[2][0])
    expect(row).to_contain_text("The target must be above the baseline for a KPI to increase.")
    # ... then set right.
    row.get_by_role("link", name="Edit").click()
    page.locator("#id_target").fill("85")
    page.get_by_role("button", name="Save").click()
    for title, *_rest in AXES:
        expect(_axis_row(page, title)).to_contain_text("Measurable")

    # The axis sheet states the objective and draws no invented measurement.
    page.get_by_role("link", name=AXES[0][0]).click()
    expect(page.locator("#axis-sheet")).to_contain_text("Changeover time: from 45 to 20 min by")
    expect(page.locator("#kpi-chart")).to_contain_text("points to no KPI of the referential yet")

    # A weighted matrix: three options, two criteria; the ranking follows the typing.
    page.goto(reverse("decisions:decision_create", args=[project.pk]))
    page.locator("#id_title").fill("Which lever first?")
    for i, name in enumerate(["SMED", "Kanban", "5S"]):
        page.locator(f"#id_o{i}_name").fill(name)
    page.locator("#id_c0_name").fill("Gain")
    page.locator("#id_c0_weight").fill("3")
    page.locator("#id_c1_name").fill("Cost")
    page.locator("#id_c1_weight").fill("1")
    page.locator("#id_c1_direction").select_option("min")
    for i, (gain, cost) in enumerate([("8", "2"), ("9", "6"), ("4", "1")]):
        page.locator(f"#id_s{i}_0").fill(gain)
        page.locator(f"#id_s{i}_1").fill(cost)
    page.locator("#id_s2_1").press("Tab")
    preview = page.locator("#preview #ranking tbody tr").first
    expect(preview).to_contain_text("SMED")
    expect(preview).to_contain_text("80.0 %")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(re.compile(r"/decisions/\d+/$"))
    expect(page.locator("#ranking tbody tr").first).to_contain_text("SMED")
    expect(page.locator("#sensitivity")).to_contain_text(
        "“SMED” stays first while the weight of Cost stays between 0.75 and 12"
    )
    expect(page.locator("#ranking .vl-chart svg").first).to_be_visible()

    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_label("Chosen option")).to_have_value(
        re.compile(r"\d+")
    )  # the winner is proposed
    expect(page.get_by_label("Chosen option").locator("option:checked")).to_have_text("SMED")
    page.get_by_label("Why this option").fill("Quick win that makes kanban possible")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("#recorded")).to_contain_text("SMED")
    expect(page.locator("#recorded")).to_contain_text("only a superuser may correct it")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
