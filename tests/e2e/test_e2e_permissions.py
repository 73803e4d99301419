"""What a team member and an outsider may not do, as they meet it in the browser."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_team_member_sees_the_plan_but_cannot_add_actions(page_as, project):
    page = page_as("chef.pliage")
    page.get_by_role("link", name=project.title).click()
    expect(page.get_by_role("heading", level=1, name=project.title)).to_be_visible()
    expect(page.locator("ol.roadmap > li.stage")).to_have_count(9)
    expect(page.get_by_role("link", name="Add an action to this stage")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit project")).to_have_count(0)

    page.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("button", name="Export to CSV")).to_be_visible()
    expect(page.locator("#action-table tbody tr").first).to_be_visible()
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)

    response = page.goto(reverse("actions:create", args=[project.pk]))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


def test_outsider_gets_not_found_for_the_project(page_as, project):
    from django.contrib.auth import get_user_model

    from obeya.organisation.models import Person

    outsider = get_user_model().objects.create_user("soudeur", password="pw-soudeur")
    Person.objects.create(
        company=project.company, first_name="Inès", last_name="Dehors", user=outsider
    )
    page = page_as("soudeur", password="pw-soudeur")
    expect(page.get_by_role("heading", level=1, name="My projects")).to_be_visible()
    expect(page.get_by_text("You are not a member of any project yet.")).to_be_visible()
    expect(page.get_by_role("link", name=project.title)).to_have_count(0)

    for url in (project.get_absolute_url(), reverse("actions:index", args=[project.pk])):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page).to_have_url(re.compile(re.escape(url) + "$"))
