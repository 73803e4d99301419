"""The language switch in the top bar: French by default, English on demand, and back.

The French strings asserted here are the catalogue's: "Mes projets" for "My projects",
"Feuille de route" for "Roadmap".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_switch_to_english_and_back(page_as, project):
    page = page_as("facilitateur", locale="fr-FR")
    page.goto(project.get_absolute_url())
    html = page.locator("html")
    tabs = page.locator("nav.tabs")

    expect(html).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="FR", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("link", name="Mes projets", exact=True)).to_be_visible()
    expect(tabs.get_by_role("link", name="Feuille de route", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Feuille de route")).to_be_visible()

    page.get_by_role("button", name="EN", exact=True).click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/$"))
    expect(page.get_by_role("button", name="EN", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("link", name="My projects", exact=True)).to_be_visible()
    expect(tabs.get_by_role("link", name="Roadmap", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Roadmap")).to_be_visible()
    expect(page.get_by_role("link", name="Mes projets")).to_have_count(0)

    # The choice sticks from page to page.
    page.get_by_role("link", name="My projects", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="My projects")).to_be_visible()

    page.get_by_role("button", name="FR", exact=True).click()
    expect(html).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1, name="Mes projets")).to_be_visible()
    expect(page.get_by_role("link", name="My projects")).to_have_count(0)
