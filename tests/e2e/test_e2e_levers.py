"""A lever from the catalogue to the action plan: the facilitator proposes it with its
economics and submits it; the sponsor ratifies it; its first action appears in the plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "SMED sur la cisaille"


@pytest.fixture
def axis(project):
    """The demo's first axis (created with the decisions of the demo, or here if not yet)."""
    from obeya.decisions.models import Axis

    return project.axes.order_by("priority").first() or Axis.objects.create(
        project=project,
        title="Délai de la ligne L2",
        kpi_name="Délai",
        kpi_unit="jours",
        kpi_direction="decrease",
        baseline=12,
        target=5,
        deadline=dt.date.today() + dt.timedelta(days=200),
        priority=1,
    )


def test_facilitator_proposes_a_lever_and_the_sponsor_ratifies_it(page_as, project, axis):
    from obeya.actions.models import Action
    from obeya.levers.models import CandidateLever

    page = page_as("facilitateur")
    page.goto(reverse("projects:detail", args=[project.pk]))
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Levers").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/levers/$"))

    # Propose SMED from the catalogue, with its figures.
    page.get_by_role("link", name="Pick from the catalogue").click()
    page.get_by_label("Search").fill("changeover")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name="SMED (quick changeover)")
    )
    row.get_by_role("link", name="Propose").click()
    expect(page.get_by_role("heading", name="Add a candidate action")).to_be_visible()
    expect(page.get_by_label("Lever", exact=True)).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Priority axis").select_option(str(axis.pk))
    page.get_by_label("Expected gain (€ per year)").fill("24000")
    page.get_by_label("One-off investment (€)").fill("12000")
    page.get_by_label("Impact (1-5)").fill("4")
    page.get_by_label("Effort (1-5)").fill("2")
    page.get_by_role("button", name="Save").click()

    # Its page shows the economics with their formulas and the cash-flow chart.
    expect(page.get_by_role("heading", level=2, name=TITLE)).to_be_visible()
    expect(page.locator("#figure-roi")).to_contain_text("500.0 %")
    expect(page.locator("#figure-roi")).to_contain_text("/ investment")
    expect(page.locator("#figure-payback_months")).to_contain_text("6.0 months")
    expect(page.locator(".vl-chart[data-spec-id='cash-flow'] svg.marks")).to_be_visible()
    page.get_by_role("button", name="Submit to the sponsor").click()
    expect(page.locator("#candidate-status")).to_have_text("Submitted")
    expect(page.get_by_text("waiting for the sponsor's decision")).to_be_visible()

    # The sponsor ratifies it, accepting the proposed first action.
    candidate = CandidateLever.objects.get(project=project, title=TITLE)
    sponsor = page_as("directeur")
    sponsor.goto(reverse("levers:detail", args=[project.pk, candidate.pk]))
    expect(sponsor.get_by_label("First actions of the plan")).to_contain_text(TITLE)
    sponsor.get_by_label("Ratify").check()
    sponsor.get_by_label("Comment").fill("Go: the shear feeds the bottleneck.")
    sponsor.get_by_role("button", name="Record the decision").click()
    expect(sponsor.locator("#candidate-status")).to_have_text("Ratified")
    expect(sponsor.get_by_text("Go: the shear feeds the bottleneck.", exact=True)).to_be_visible()

    # The action is in the plan, linked to the lever.
    action = Action.objects.get(project=project, title=TITLE)
    assert action in candidate.actions.all()  # with the proposed measure of the KPI
    sponsor.get_by_role("navigation", name="Project").get_by_role(
        "link", name="Action plan"
    ).click()
    expect(sponsor.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
