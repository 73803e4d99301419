"""Piloting: the facilitator logs a resistance to change with its response, then prints the
status report for the steering committee, where the resistance appears with its answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Night shift refuses the new changeover sequence"
ANSWER = "Two training sessions at shift change, led by the team leader"


def test_facilitator_logs_a_resistance_and_prints_the_status_report(page_as, project):
    from obeya.obstacles.models import Obstacle

    page = page_as("facilitateur")
    page.goto(reverse("projects:detail", args=[project.pk]))
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Obstacles").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/obstacles/$"))

    page.get_by_role("link", name="Log an obstacle").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Kind").select_option("human")
    page.get_by_label("Resistance to change").check()
    page.get_by_label("Severity").select_option("3")
    page.get_by_label("Response", exact=True).select_option("train")
    page.get_by_label("How it is answered").fill(ANSWER)
    page.get_by_label("Status").select_option("in_treatment")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Being treated").first).to_be_visible()
    obstacle = Obstacle.objects.get(project=project, title=TITLE)
    assert obstacle.is_resistance and obstacle.response == "train"
    assert obstacle.treated_on is not None

    # The log lists it with its counts; then the status report shows it with its answer.
    page.get_by_role("navigation", name="Obstacles").get_by_role(
        "link", name="Obstacles and resistance"
    ).click()
    expect(page.locator("#obstacle-table").get_by_role("link", name=TITLE)).to_be_visible()
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Steering").click()
    section = page.locator("#section-obstacles")
    expect(section.get_by_role("cell", name=TITLE)).to_be_visible()
    expect(section.get_by_role("cell", name=ANSWER)).to_be_visible()

    # Printed, the report keeps its tables and drops the navigation.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Project")).to_be_hidden()
    expect(section.get_by_role("cell", name=TITLE)).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
