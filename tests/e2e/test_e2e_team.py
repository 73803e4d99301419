"""Forming a team: the facilitator creates it for a ratified lever, adds a member from the
suggestions with the preset role, gives the team an objective from its axis and opens the
printable charter."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TEAM = "Équipe SMED presse"
LEVER = "SMED sur la presse plieuse"


@pytest.fixture
def lever(project):
    """The demo's ratified SMED lever, whose actions need SMED (what the suggestions read)."""
    from obeya.levers.models import CandidateLever
    from obeya.organisation.models import Skill

    candidate = CandidateLever.objects.get(project=project, title=LEVER, status="ratified")
    smed = Skill.objects.get(company=project.company, name="SMED")
    for action in candidate.actions.all():
        action.skills_needed.add(smed)
    return candidate


def test_facilitator_forms_a_team_from_suggestions_and_prints_its_charter(page_as, project, lever):
    from obeya.teams.models import ImprovementTeam

    axis = lever.axis
    page = page_as("facilitateur")
    page.goto(reverse("project_teams:index", args=[project.pk]))
    tab = page.get_by_role("navigation", name="Project").get_by_role("link", name="Teams")
    expect(tab).to_have_attribute("aria-current", "page")

    # Form the team for the ratified lever and its axis.
    page.get_by_role("link", name="Form a team").click()
    page.get_by_label("Name").fill(TEAM)
    page.get_by_label("Mission").fill("Changements de série en 20 minutes")
    page.get_by_label(LEVER).check()
    page.get_by_label(axis.title).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=TEAM)).to_be_visible()
    expect(page.locator("#no-leader")).to_be_visible()

    # The facilitator, who can train in SMED, is suggested with the expert role preset.
    suggestions = page.locator("#suggestions")
    camille = suggestions.get_by_role("row").filter(has_text="Camille Martin")
    expect(camille).to_contain_text("SMED: Can train others")
    suggestions.get_by_role("link", name="Add Camille Martin").click()
    expect(page.get_by_label("Role")).to_have_value("expert")
    page.get_by_label("Role").select_option("leader")
    page.get_by_label("Contribution").fill("Anime le chantier SMED")
    page.get_by_label("Hours per week committed").fill("4")
    page.get_by_role("button", name="Save").click()
    members = page.locator("#members")
    expect(members).to_contain_text("Camille Martin")
    expect(members).to_contain_text("Leader")
    expect(page.locator("#no-leader")).to_have_count(0)

    # An objective from the axis the team serves, checked unambiguous.
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_role("link", name=axis.title).click()
    expect(page.locator("#id_kpi_name")).to_have_value(axis.kpi_name)
    page.get_by_role("button", name="Save").click()
    objectives = page.locator("#objectives")
    expect(objectives).to_contain_text(axis.title)
    expect(objectives.locator(".objective-check")).to_have_text("Yes")

    # The charter gathers scope, objective and the member with role and contribution.
    page.get_by_role("link", name="Team charter").click()
    charter = page.locator("#charter")
    expect(charter.get_by_role("heading", level=1)).to_contain_text(TEAM)
    expect(charter.locator("#charter-members")).to_contain_text("Anime le chantier SMED")
    expect(charter.locator("#charter-objectives")).to_contain_text(axis.title)
    expect(charter.locator("#charter-scope")).to_contain_text(LEVER)
    team = ImprovementTeam.objects.get(project=project, name=TEAM)
    assert team.members.get().role == "leader"
