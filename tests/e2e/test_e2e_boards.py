"""Visual boards: the facilitator opens a team's board from the project's tabs, sees its KPI
tiles with their trend, switches to the TV mode (no navigation, tiles polled by HTMX) and
opens the printable A3 version, whose charts are SVG drawn by the server."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_facilitator_opens_a_team_board_and_switches_to_tv_mode(page_as, project):
    from obeya.boards.selectors import team_kpis
    from obeya.teams.models import ImprovementTeam

    team = next(t for t in ImprovementTeam.objects.filter(project=project) if team_kpis(t))
    page = page_as("facilitateur")
    page.goto(reverse("projects:detail", args=[project.pk]))
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Boards").click()
    expect(page.get_by_role("heading", name="Visual boards")).to_be_visible()

    page.locator("table.boards-list").get_by_role("link", name=team.name, exact=True).click()
    expect(page.get_by_role("heading", name=team.name)).to_be_visible()
    tiles = page.locator(".board-tile")
    expect(tiles).to_have_count(len(team_kpis(team)))
    # vega-embed drew the trend
    expect(tiles.first.locator(".tile-spark svg.marks")).to_be_visible()

    page.get_by_role("link", name="TV mode").click()
    expect(page).to_have_url(re.compile(r"\?tv=1$"))
    expect(page.locator("nav.tabs")).to_have_count(0)
    expect(page.locator("body.board-tv")).to_be_visible()
    board = page.locator("#board-tiles")
    expect(board).to_have_attribute("hx-trigger", re.compile(r"^every 60s"))
    expect(board.locator(".board-tile")).to_have_count(len(team_kpis(team)))
    expect(board.locator(".tile-spark svg.marks").first).to_be_visible()

    # The refresh swaps the tiles in again: the sparklines are drawn anew, without errors.
    with page.expect_response(re.compile(r"/tiles/\?tv=1$")):
        page.evaluate("htmx.trigger('#board-tiles', 'boards:refresh')")
    expect(board.locator(".tile-spark svg.marks").first).to_be_visible()

    page.get_by_role("link", name="Leave TV mode").click()
    page.get_by_role("link", name="Print (A3)").click()
    expect(page.locator("body.board-print .tile-spark svg.marks").first).to_be_visible()
