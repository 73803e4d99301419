"""Trainings: the facilitator plans a training from a need of the skills gaps, marks attendance,
marks it done, validates an attendee's level and sees the skills matrix change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_facilitator_plans_a_training_from_a_need_and_validates_a_level(page_as, project):
    from obeya.organisation.models import PersonSkill
    from obeya.trainings.models import Training
    from obeya.trainings.selectors import project_training_needs

    area_group = project_training_needs(project)[0]
    line = next(line for line in area_group.lines if line.need.first_candidates)
    skill, candidate = line.need.skill, line.need.first_candidates[0]
    person, aimed = candidate.person, line.need.target.level
    held = PersonSkill.objects.filter(person=person, skill=skill).values_list("level", flat=True)
    before = held.first() or 0

    page = page_as("facilitateur")
    page.goto(reverse("trainings:needs", args=[project.pk]))
    row = page.locator(f'#needs-area tr.need[data-skill="{skill.pk}"]')
    expect(row.locator(".short")).to_have_text(str(line.need.missing_people))
    row.get_by_role("link", name="Plan a training").click()

    # The form comes prefilled from the need: skill, level and the nearest candidates.
    expect(page.locator("#id_skill")).to_have_value(str(skill.pk))
    expect(page.locator("#id_target_level")).to_have_value(str(aimed))
    selected = page.locator("#id_attendees option:checked")
    expect(selected.first).to_have_text(str(person))
    page.locator("#id_trainer").select_option(label="Camille Martin")
    page.locator("#id_starts_on").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/trainings/\d+/$"))
    training = Training.objects.filter(project=project, skill=skill).latest("pk")
    attendee = training.attendees.get(person=person)

    # Attendance and evaluation of the first candidate.
    card = page.locator(f"#attendee-{attendee.pk}")
    card.locator(f"#id_a{attendee.pk}-attended").select_option("true")
    card.locator(f"#id_a{attendee.pk}-score").fill("5")
    card.locator(f"#id_a{attendee.pk}-proposed_level").select_option(str(aimed))
    card.get_by_role("button", name="Save the line").click()
    expect(page.locator(".messages")).to_contain_text(f"Line of {person} saved.")

    # Done: the matrix does not change until the level is validated.
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator("#training-status")).to_have_text("Done")
    assert (held.first() or 0) == before
    card = page.locator(f"#attendee-{attendee.pk}")
    card.get_by_role("button", name="Validate the level").click()
    expect(page.locator(".messages")).to_contain_text(f"Level of {person} validated")
    expect(page.locator(f"#attendee-{attendee.pk} .validated")).to_contain_text("Camille Martin")
    expect(page.locator("#training-summary .attendance")).to_have_text("100 %")

    # The area's skills matrix shows the level raised.
    page.goto(reverse("teams:area_matrix", args=[project.area.pk]))
    cell = page.locator(f"td.cell:has(#id_level-{person.pk}-{skill.pk})")
    expect(cell).to_have_attribute("data-level", str(max(before, aimed)))
    assert held.first() == max(before, aimed)
