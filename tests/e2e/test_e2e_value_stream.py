"""The facilitator's value stream maps: draw the current state of a line from the data taken on
the floor, with its live preview; be told of a wrong value next to its field; copy the map to a
future state, improve it and compare the two."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.e2e

NAME = "Bracket line - current state"
FUTURE_NAME = f"{NAME} (future state)"

# The same line, as a file: the Bending press also has its batch size, so that a shorter
# changeover shows in the figures (without a batch size the changeover is not spread over the
# pieces, and only the drawing's data box would change).
SOURCE = f"""\
name: {NAME}
customer: {{name: Agri Equipment, demand: 9600, period_days: 20, unit: pcs}}
work: {{shifts: 1, available_s_per_shift: 25200}}
flow:
  - inventory: {{name: Steel sheets, days: 3}}
  - process: {{name: Laser cutting, cycle_time_s: 20, changeover_s: 1800, uptime: 0.9,
      operators: 1}}
  - inventory: {{quantity: 1200}}
  - process: {{name: Bending, cycle_time_s: 35, changeover_s: 900, uptime: 0.95,
      batch_size: 50}}
  - inventory: {{name: Finished goods, quantity: 2400}}
"""


def _flow_items(page: Page) -> Locator:
    return page.locator("#vsm-form li.vsm-flow")


def _fill(scope: Page | Locator, values: dict[str, str]) -> None:
    for label, value in values.items():
        scope.get_by_label(label, exact=True).fill(value)


def _add(page: Page, kind: str) -> Locator:
    """Press "+ <kind>" under the material flow; the editor comes back with one more item,
    whose name field has the focus. Returns that item."""
    count = _flow_items(page).count()
    page.get_by_role("button", name=f"+ {kind}", exact=True).click()
    expect(_flow_items(page)).to_have_count(count + 1)
    item = _flow_items(page).nth(count)
    expect(item.get_by_label(f"Kind of item {count + 1}")).to_have_value(
        {"Process step": "process", "Inventory": "inventory"}[kind]
    )
    expect(item.get_by_label("Name", exact=True)).to_be_focused()
    return item


def _key_figure(scope: Page | Locator, label: str) -> Locator:
    return (
        scope.get_by_role("list", name="Key figures").get_by_role("listitem").filter(has_text=label)
    )


def _figure_row(page: Page, label: str) -> Locator:
    return page.locator("table.vsm-figures tbody tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True)
    )


def _fill_header(page: Page) -> None:
    _fill(
        page,
        {
            "Name of the map": NAME,
            "Customer": "Agri Equipment",
            "Demand per period": "9600",
            "Period (working days)": "20",
            "Shifts per day": "1",
            "Available time per shift (s)": "25200",
        },
    )


def test_facilitator_draws_the_current_state_map_of_a_line(page_as, project):
    from obeya.valuestreams.models import ValueStream

    maps_before = ValueStream.objects.filter(project=project).count()
    page = page_as("facilitateur")
    page.get_by_role("link", name=project.title).click()
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Diagnosis").click()
    page.get_by_role("navigation", name="Diagnosis").get_by_role(
        "link", name="Value stream maps"
    ).click()
    expect(page).to_have_url(re.compile(rf"{reverse('valuestreams:index', args=[project.pk])}$"))
    page.get_by_role("link", name="Draw a current-state map").click()
    expect(page.get_by_role("heading", level=2, name="New current-state map")).to_be_visible()
    preview = page.get_by_role("complementary", name="Preview")
    expect(preview).to_contain_text("The map is drawn as soon as")
    expect(preview.locator("svg")).to_have_count(0)

    # The customer and the working time.
    _fill_header(page)

    # The flow, from the supplier: the new map's first item becomes the steel sheets' stock.
    items = _flow_items(page)
    expect(items).to_have_count(1)
    sheets = items.nth(0)
    sheets.get_by_label("Kind of item 1").select_option(label="Inventory")
    expect(sheets.get_by_label("Cycle time (s)")).to_be_hidden()
    _fill(sheets, {"Name": "Steel sheets", "Days of demand": "3"})

    laser = _add(page, "Process step")
    expect(laser.get_by_label("Quantity")).to_be_hidden()
    _fill(
        laser,
        {
            "Name": "Laser cutting",
            "Cycle time (s)": "20",
            "Changeover (s)": "1800",
            "Uptime (%)": "90",
            "Operators": "1",
        },
    )
    # The preview draws the map as soon as it is complete: one step so far, takt 52.5 s.
    expect(preview.locator("svg g.step")).to_have_count(1)
    expect(preview.locator("svg g.step[data-step='Laser cutting']")).to_be_visible()
    expect(_key_figure(preview, "Takt time")).to_contain_text("52.5 s")

    # A new stock is empty: the map has a mistake, the preview keeps the last good drawing.
    blanks = _add(page, "Inventory")
    expect(blanks).to_contain_text("Give a quantity (pieces) or the days of demand it covers.")
    expect(preview.get_by_text("1 thing to fix before saving")).to_be_visible()
    expect(preview.get_by_text("The last drawing without mistakes:")).to_be_visible()
    expect(preview.locator(".vsm-stale svg g.step")).to_have_count(1)
    _fill(blanks, {"Quantity": "1200"})
    bending = _add(page, "Process step")
    _fill(
        bending,
        {"Name": "Bending", "Cycle time (s)": "35", "Changeover (s)": "900", "Uptime (%)": "95"},
    )
    _fill(_add(page, "Inventory"), {"Name": "Finished goods", "Quantity": "2400"})

    # Every item typed: the preview shows both steps and the figures, and nothing to fix.
    expect(items).to_have_count(5)
    expect(_key_figure(preview, "Lead time")).to_contain_text("10.5 days")
    expect(_key_figure(preview, "Takt time")).to_contain_text("52.5 s")
    expect(preview.get_by_text(re.compile(r"to fix before saving"))).to_have_count(0)
    expect(preview.locator(".vsm-stale")).to_have_count(0)
    steps = preview.locator("svg g.step")
    expect(steps).to_have_count(2)
    assert steps.evaluate_all("gs => gs.map(g => g.dataset.step)") == ["Laser cutting", "Bending"]
    assert ValueStream.objects.filter(project=project).count() == maps_before  # not yet

    page.get_by_role("button", name="Save", exact=True).click()

    # The map's page: the drawing, the figures and how each is computed.
    expect(page.get_by_role("status")).to_contain_text("Value stream map saved.")
    vs = ValueStream.objects.get(project=project, name=NAME)
    assert vs.state == ValueStream.State.CURRENT
    assert ValueStream.objects.filter(project=project).count() == maps_before + 1
    expect(page).to_have_url(re.compile(rf"{re.escape(vs.get_absolute_url())}$"))
    expect(page.get_by_role("heading", level=2, name=NAME)).to_be_visible()
    drawing = page.get_by_role("figure", name="The value stream map")
    steps = drawing.locator("svg g.step")
    expect(steps).to_have_count(2)
    assert steps.evaluate_all("gs => gs.map(g => g.dataset.step)") == ["Laser cutting", "Bending"]
    expect(drawing.locator("svg g.inventory")).to_have_count(3)

    expect(_key_figure(page, "Takt time")).to_contain_text("52.5 s")
    # 3 days of sheets + 1200 / 480 + 2400 / 480 days of stock, and 55 s of cycle times.
    expect(_key_figure(page, "Lead time")).to_contain_text("10.5 days")
    expect(_key_figure(page, "Bottleneck")).to_contain_text("Bending")

    takt = _figure_row(page, "Takt time")
    expect(takt.get_by_role("cell").first).to_have_text("52.5 s")
    formula = takt.get_by_text("available seconds per day / daily demand", exact=True)
    worked = takt.get_by_text("takt time = available time per day / daily demand", exact=False)
    expect(worked).to_be_hidden()
    formula.click()
    expect(worked).to_be_visible()
    expect(worked).to_have_text(
        "takt time = available time per day / daily demand = 25,200 s / 480 = 52.5 s"
    )
    lead = _figure_row(page, "Lead time")
    expect(lead.get_by_role("cell").first).to_have_text("10.5 days")
    lead.get_by_text(re.compile(r"^inventory days \+ the steps' cycle times")).click()
    expect(lead.get_by_text(re.compile(r"^lead time = "))).to_have_text(
        "lead time = inventory + sum of the cycle times / available time per day = "
        "10.5 days + 55 s / 25,200 s = 10.502 days"
    )

    stocks = page.locator("table.vsm-inventories tbody tr")
    expect(stocks.get_by_role("rowheader")).to_have_text(
        ["Steel sheets", "Inventory 2", "Finished goods"]
    )
    expect(stocks.locator("td:nth-of-type(3)")).to_have_text(["3 days", "2.5 days", "5 days"])


def test_an_invalid_value_is_shown_next_to_its_field_and_nothing_is_saved(page_as, project):
    from obeya.valuestreams.models import ValueStream

    maps_before = ValueStream.objects.count()
    page = page_as("facilitateur")
    page.goto(reverse("valuestreams:create", args=[project.pk]))
    expect(page.get_by_role("heading", level=2, name="New current-state map")).to_be_visible()
    _fill_header(page)
    step = _flow_items(page).nth(0)
    cycle_time = step.get_by_label("Cycle time (s)")
    _fill(step, {"Name": "Laser cutting", "Operators": "1"})
    cycle_time.fill("-5")  # (Chromium refuses letters in a number field: "abc" cannot be typed)

    # While typing: the live check lists the mistake and shows it under the field just touched.
    preview = page.get_by_role("complementary", name="Preview")
    expect(preview.get_by_text("1 thing to fix before saving")).to_be_visible()
    expect(preview.get_by_role("link", name=re.compile(r"Cycle time \(s\)$"))).to_be_visible()
    expect(cycle_time).to_have_accessible_description("Must be a number above 0.")
    expect(cycle_time).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Save", exact=True).click()

    # The page comes back from the server with the error next to the field and the values kept.
    expect(page).to_have_url(re.compile(rf"{reverse('valuestreams:create', args=[project.pk])}$"))
    expect(page.get_by_role("status")).to_have_count(0)
    expect(page.get_by_role("heading", level=2, name="New current-state map")).to_be_visible()
    step = _flow_items(page).nth(0)
    cycle_time = step.get_by_label("Cycle time (s)")
    expect(cycle_time).to_have_value("-5")
    expect(cycle_time).to_have_accessible_description("Must be a number above 0.")
    expect(cycle_time).to_have_attribute("aria-invalid", "true")
    field = step.locator(".field").filter(has=page.get_by_label("Cycle time (s)"))
    expect(field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(field.get_by_text("Must be a number above 0.", exact=True)).to_be_visible()
    expect(step.get_by_label("Name", exact=True)).to_have_value("Laser cutting")
    expect(page.get_by_label("Name of the map")).to_have_value(NAME)
    assert ValueStream.objects.count() == maps_before
    assert not ValueStream.objects.filter(name=NAME).exists()


def test_facilitator_copies_the_map_to_a_future_state_and_compares(page_as, project):
    from django.contrib.auth import get_user_model

    from obeya.valuestreams import services
    from obeya.valuestreams.models import ValueStream

    current = services.value_stream_create(
        project=project,
        user=get_user_model().objects.get(username="facilitateur"),
        name=NAME,
        source=SOURCE,
    )
    page = page_as("facilitateur")
    page.goto(current.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name=NAME)).to_be_visible()
    expect(page.get_by_role("link", name="Compare current and future state")).to_have_count(0)
    page.get_by_role("button", name="Copy to future state").click()

    # The future state opens in the editor, a copy of the current one.
    future = ValueStream.objects.get(current_state=current)
    assert future.name == FUTURE_NAME
    assert future.state == ValueStream.State.FUTURE
    expect(page).to_have_url(
        re.compile(rf"{reverse('valuestreams:edit', args=[project.pk, future.pk])}$")
    )
    expect(page.get_by_role("status")).to_contain_text(f"Future state “{FUTURE_NAME}” created")
    expect(page.get_by_role("heading", level=2, name=f"Edit “{FUTURE_NAME}”")).to_be_visible()
    expect(page.get_by_label("Name of the map")).to_have_value(FUTURE_NAME)
    items = _flow_items(page)
    expect(items).to_have_count(5)
    bending = items.nth(3)
    expect(bending.get_by_label("Name", exact=True)).to_have_value("Bending")
    changeover = bending.get_by_label("Changeover (s)")
    expect(changeover).to_have_value("900")

    # SMED on the press: 15 min of changeover down to 5.
    changeover.fill("300")
    preview = page.get_by_role("complementary", name="Preview")
    expect(preview.locator("svg g.data-box[data-step='Bending']")).to_contain_text("5 min")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Value stream map saved.")
    expect(page).to_have_url(re.compile(rf"{re.escape(future.get_absolute_url())}$"))
    expect(page.get_by_role("heading", level=2, name=FUTURE_NAME)).to_be_visible()
    future.refresh_from_db()
    assert "changeover_s: 300" in future.source
    current.refresh_from_db()
    assert "changeover_s: 900" in current.source

    page.get_by_role("link", name="Compare current and future state").click()
    expect(page).to_have_url(
        re.compile(rf"{reverse('valuestreams:compare', args=[project.pk, future.pk])}$")
    )
    expect(page.get_by_role("heading", level=2, name="Current and future state")).to_be_visible()

    # Both drawings, side by side; the press's data box tells them apart.
    sides = {}
    for state, name in (("Current state", NAME), ("Future state", FUTURE_NAME)):
        heading = page.get_by_role("heading", level=3, name=f"{state} {name}", exact=True)
        expect(heading).to_be_visible()
        sides[state] = page.locator("section").filter(has=heading)
        expect(sides[state].locator("svg g.step")).to_have_count(2)
    expect(sides["Current state"].locator("svg g.data-box[data-step='Bending']")).to_contain_text(
        "15 min"
    )
    expect(sides["Future state"].locator("svg g.data-box[data-step='Bending']")).to_contain_text(
        "5 min"
    )
    expect(sides["Current state"].locator("svg g.step.over-takt")).to_have_count(1)
    expect(sides["Future state"].locator("svg g.step.over-takt")).to_have_count(0)

    # The figures: the press's effective cycle time and takt ratio fall, it keeps up with takt.
    press = page.locator("table.vsm-compared-steps tbody tr").filter(
        has=page.get_by_role("rowheader", name="Bending", exact=True)
    )
    expect(press.get_by_role("cell")).to_have_text(
        ["35 s", "35 s", "0 s", "55.8 s", "43.2 s", "−12.6 s", "106 %", "82 %", "−24 pt"]
    )
    expect(press.get_by_role("cell").nth(6)).to_have_class(re.compile(r"\bvsm-over\b"))
    expect(press.get_by_role("cell").nth(7)).not_to_have_class(re.compile(r"\bvsm-over\b"))
    takt = page.locator("table.vsm-compared tbody tr").filter(
        has=page.get_by_role("rowheader", name="Takt time", exact=True)
    )
    expect(takt.get_by_role("cell").first).to_have_text("52.5 s")
