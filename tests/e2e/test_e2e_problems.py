"""Correcting: the facilitator opens a problem from a KPI's signal, analyses it with a why chain
down to a root cause verified with evidence, puts a corrective action into the plan, and checks
the effect on the KPI before closing the problem."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

FIRST_WHY = "The press is stopped for all the preparation"
ROOT = "No standard separates internal from external operations"
EVIDENCE = "Filmed changeover: 28 of the 45 minutes could be done with the press running"
ACTION = "Write the changeover standard with external preparation"


def test_facilitator_solves_a_problem_from_a_kpi_signal_and_checks_the_effect(page_as, project):
    from obeya.actions.models import Action
    from obeya.kpis.models import Kpi
    from obeya.problems.models import Problem

    kpi = Kpi.objects.get(project=project, phases__isnull=False)  # the changeover time
    page = page_as("facilitateur")
    page.goto(reverse("projects:detail", args=[project.pk]))
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Problems").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/problems/$"))

    # The changeover time missed its target on its latest points: Obeya proposes a problem.
    proposal = page.locator(f'.proposal[data-kpi="{kpi.pk}"]')
    expect(proposal).to_contain_text("missed its target")
    proposal.get_by_role("link", name="Open this problem").click()
    expect(page.get_by_label("Deviation measured")).to_have_value(
        re.compile("missed its target 10")
    )
    page.get_by_role("button", name="Save").click()
    problem = Problem.objects.get(project=project, kpi=kpi, status="open")
    expect(page.get_by_role("heading", name=problem.title)).to_be_visible()

    # A first why, then a why under it marked as the root cause, confirmed with evidence.
    whys = page.locator("#whys")
    whys.get_by_text("Add a why").click()
    whys.get_by_label("Why?").fill(FIRST_WHY)
    whys.get_by_role("button", name="Add the why").click()
    first = page.locator("#whys li", has_text=FIRST_WHY)
    first.get_by_role("link", name="Why?").click()
    page.get_by_label("Why?").fill(ROOT)
    page.get_by_label("Root cause").check()
    page.get_by_label("Verification").select_option("confirmed")
    page.get_by_label("Evidence").fill(EVIDENCE)
    page.get_by_role("button", name="Save").click()
    root = page.locator("#whys li", has_text=ROOT)
    expect(root).to_contain_text("Why 2")
    expect(root).to_contain_text("Confirmed")
    expect(page.locator("#root-causes")).to_contain_text("verified with evidence")

    # The corrective action goes into the plan, linked to the root cause.
    actions = page.locator("#corrective-actions")
    actions.get_by_text("Add a corrective action to the plan").click()
    actions.get_by_label("Root cause treated").select_option(label=ROOT)
    actions.locator("#id_title").fill(ACTION)
    actions.get_by_label("Could degrade").fill("Setters away from the line during the workshop")
    actions.get_by_label("How it is watched").fill("Daily output of line 2 at the stand-up")
    actions.get_by_role("button", name="Add to the action plan").click()
    expect(page.locator("#corrective-actions").get_by_role("link", name=ACTION)).to_be_visible()
    action = Action.objects.get(project=project, title=ACTION)
    assert action.stage == "correct" and action.corrective_of.cause.text == ROOT

    # The effect: before and after the "After SMED" phase, Welch's test, then the problem closes.
    effect = page.locator("#effect")
    effect.get_by_role("button", name="Check the effect").click()
    expect(page.locator("#effect-verdict")).to_contain_text("Effect shown")
    expect(page.locator("#effect .vl-chart svg").first).to_be_visible()
    page.get_by_label("Lessons learned").fill("Film the changeover first")
    page.get_by_role("button", name="Close the problem").click()
    expect(page.locator("#problem-status")).to_have_text("Closed: effect shown")
    problem.refresh_from_db()
    cycle = problem.cycles.get()
    assert (
        problem.status == "closed" and cycle.effect_shown and cycle.check_result["p_value"] < 0.05
    )
