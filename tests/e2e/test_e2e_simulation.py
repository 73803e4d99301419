"""The facilitator simulates the current and future state from the comparison page: the panel
comes back through HTMX with its table and its chart, and says which state cannot keep up."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Bending at 106 % of takt on the current state (55.8 s effective for a 52.5 s takt), 82 %
# once SMED brings its changeover from 15 to 5 minutes.
SOURCE = """\
name: {name}
customer: {{name: Agri Equipment, demand: 9600, period_days: 20, unit: pcs}}
work: {{shifts: 1, available_s_per_shift: 25200}}
flow:
  - inventory: {{name: Steel sheets, days: 3}}
  - process: {{name: Laser cutting, cycle_time_s: 20, changeover_s: 1800, uptime: 0.9}}
  - inventory: {{quantity: 1200}}
  - process: {{name: Bending, cycle_time_s: 35, changeover_s: {changeover}, uptime: 0.95,
      batch_size: 50}}
  - inventory: {{name: Finished goods, quantity: 2400}}
"""


def test_facilitator_runs_the_simulation_of_both_states(page_as, project):
    from django.contrib.auth import get_user_model

    from obeya.valuestreams import services

    owner = get_user_model().objects.get(username="facilitateur")
    current = services.value_stream_create(
        project=project, user=owner, name="Line", source=SOURCE.format(name="Line", changeover=900)
    )
    future = services.value_stream_create(
        project=project,
        user=owner,
        name="Line after SMED",
        source=SOURCE.format(name="Line after SMED", changeover=300),
        current_state=current,
    )
    page = page_as("facilitateur")
    page.goto(reverse("valuestreams:compare", args=[project.pk, future.pk]))
    expect(page.get_by_role("heading", level=2, name="Simulation")).to_be_visible()
    page.get_by_label("Units per replication").fill("20000")
    page.get_by_label("Replications").fill("2")
    page.get_by_role("button", name="Run the simulation").click()

    keeps_up = page.locator("table.vsm-simulated tbody tr[data-simulated='stable']")
    expect(keeps_up.get_by_role("cell")).to_have_text(["no", "yes", ""])
    expect(page.get_by_role("alert")).to_contain_text("Current state: “Bending” is loaded")
    steps = page.locator("table.vsm-simulated-steps[data-state='future'] tbody tr")
    expect(steps).to_have_count(2)
    expect(steps.nth(1).get_by_role("cell").first).to_have_text("82 %")
    expect(page.locator("#vsm-simulation .vl-chart svg.marks")).to_be_visible()
    lead = page.locator("table.vsm-simulated tbody tr[data-simulated='lead_time_days']")
    expect(lead.get_by_role("cell").nth(1)).to_contain_text("days")
    # the page did not reload: the form keeps what was typed
    expect(page.get_by_label("Units per replication")).to_have_value("20000")
