"""The facilitator's first minutes: log in, find the project, read its nine-stage roadmap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

STAGES = [
    "diagnose",
    "prioritise",
    "levers",
    "teams",
    "pilot",
    "measure",
    "correct",
    "standardise",
    "valorise",
]
SCREENSHOT = "/tmp/e2e-roadmap.png"  # noqa: S108 (asked for there, for a human to look at)


def test_facilitator_logs_in_and_reads_the_roadmap(page_as, project):
    from obeya.projects.selectors import roadmap_for_project

    roadmap = roadmap_for_project(project)
    # A browser asking for a language the site does not offer gets the default: French.
    page = page_as("facilitateur", locale="de-DE")

    # Home: the French interface, the demo project with its roadmap strip.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1, name="Mes projets")).to_be_visible()
    card = page.locator("article.project-card").filter(
        has=page.get_by_role("link", name=project.title)
    )
    expect(card).to_have_count(1)
    strip = card.get_by_role("img")
    expect(strip).to_have_attribute("aria-label", re.compile(rf"\b{roadmap.done_count}\b\D+\b9\b"))
    expect(strip.locator("span")).to_have_count(9)
    assert strip.locator("span").evaluate_all("spans => spans.map(s => s.className)") == [
        s.status.value for s in roadmap.stages
    ]
    expect(card).to_contain_text(
        re.compile(rf"\b{roadmap.checks_met}\D+\b{roadmap.checks_available}\b")
    )

    # The project: the nine stages, in the order of the referential, numbered 1 to 9.
    card.get_by_role("link", name=project.title).click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/$"))
    expect(page.get_by_role("heading", level=1, name=project.title)).to_be_visible()
    stages = page.locator("ol.roadmap > li.stage")
    expect(stages).to_have_count(9)
    assert stages.evaluate_all("items => items.map(li => li.dataset.stage)") == STAGES
    expect(stages.locator("h3")).to_have_text([re.compile(rf"^{n}\. \S") for n in range(1, 10)])
    for item, progress in zip(stages.all(), roadmap.stages, strict=True):
        expect(item).to_have_class(re.compile(rf"\b{progress.status.value}\b"))
    # The facilitator may plan: every stage offers to add an action to it.
    for item, stage in zip(stages.all(), STAGES, strict=True):
        expect(item.locator(f"a[href$='/actions/new/?stage={stage}']")).to_have_count(1)


def test_roadmap_layout_and_skip_link(page_as, project):
    page = page_as("facilitateur", locale="fr-FR")
    page.goto(project.get_absolute_url())
    expect(page.locator("ol.roadmap > li.stage")).to_have_count(9)
    page.screenshot(path=SCREENSHOT, full_page=True)

    # Keyboard: the first Tab lands on the skip link, which shows itself and leads to <main>.
    skip = page.locator("a.skip-link")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
