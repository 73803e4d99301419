"""The skills matrix: a facilitator adds a skill with its target to an area, raises a level in
the grid, and sees the gap close; the printable matrix follows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_facilitator_builds_the_skills_matrix_of_an_area(page_as, project):
    from obeya.organisation.models import Person, PersonSkill, Skill

    area = project.area
    page = page_as("facilitateur")
    page.goto(reverse("teams:area_matrix", args=[area.pk]))

    # A new trade skill, two people needed at autonomous level: a new column, 2 people missing.
    page.locator("#id_new_skill_name").fill("Press brake programming")
    page.locator("#id_new_skill_kind").select_option("trade")
    page.locator("#id_level").select_option("2")
    page.locator("#id_people").fill("2")
    page.get_by_role("button", name="Save the target").click()
    header = page.locator("table.skills-matrix thead th", has_text="Press brake programming")
    expect(header).to_be_visible()
    skill = Skill.objects.get(company=project.company, name="Press brake programming")
    people = list(Person.objects.filter(area=area).order_by("last_name", "first_name", "pk"))
    first, second = people[0], people[1]

    # Raise two people to autonomous in the grid and save it whole.
    for person in (first, second):
        page.locator(f"#id_level-{person.pk}-{skill.pk}").select_option("2")
    page.get_by_role("button", name="Save the grid").click()
    cell = page.locator(f"#id_level-{first.pk}-{skill.pk}")
    expect(cell).to_have_value("2")
    levels = PersonSkill.objects.filter(skill=skill).values_list("person_id", "level")
    assert dict(levels) == {first.pk: 2, second.pk: 2}
    # The new skill's target is met: no training need is listed for it.
    expect(page.locator("ul.training-needs")).not_to_contain_text("Press brake programming")
