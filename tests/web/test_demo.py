"""The demo company: idempotent, complete, in French or English, and usable at once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from obeya.actions.models import Action
from obeya.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo
from obeya.organisation.models import Area, Company, Person, PersonSkill, Site, Skill
from obeya.projects.models import Membership, Project


def _counts() -> dict[str, int]:
    models = (Company, Site, Area, Skill, Person, PersonSkill, Project, Membership, Action)
    return {
        "users": get_user_model().objects.count(),
        **{m.__name__: m.objects.count() for m in models},
    }


@pytest.fixture
def demo(db):
    return load_demo()


def test_demo_holds_twenty_people_two_sites_and_one_project(demo):
    company = Company.objects.get()
    assert demo["company"] == company.name == "Mécanique du Val d'Argent"
    assert demo["people"] == company.people.count() == 20
    assert company.sites.count() == 2
    assert demo["projects"] == 1
    # 11 planned by hand, 3 created by ratifying two levers, 2 decided in the kick-off meeting,
    # 2 corrective actions of the solved problems
    assert demo["actions"] == 18
    assert get_user_model().objects.count() == len(DEMO_USERS)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _counts()
    again = load_demo()
    assert again == demo
    assert _counts() == before


def test_demo_reports_its_progress(db):
    steps = []
    load_demo(report=lambda done, total, message: steps.append((done, total)))
    assert steps[0] == (0, 6)
    assert steps[-1] == (6, 6)


def test_demo_project_gives_each_demo_user_a_role(demo):
    project = Project.objects.get(pk=demo["project_id"])
    roles = dict(project.memberships.values_list("user__username", "role"))
    assert roles == {
        "facilitateur": "facilitator",
        "directeur": "sponsor",
        "chef.pliage": "member",
        "qualite": "viewer",
        "evaluateur": "assessor",
    }


@pytest.mark.parametrize("username", [name for name, _what in DEMO_USERS])
def test_demo_users_log_in_with_the_demo_password(client, demo, username):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.context["form"].errors


def test_demo_facilitator_sees_the_project_on_the_home_page(client, demo):
    client.post(reverse("accounts:login"), {"username": "facilitateur", "password": DEMO_PASSWORD})
    response = client.get(reverse("projects:home"))
    assert response.status_code == 200
    assert "Réduire le délai de la ligne de pliage L2" in response.content.decode()
    (row,) = response.context["rows"]
    assert row["role"] == "facilitator"
    # The demo is partly through the roadmap: the diagnosis, the decisions, the KPIs and the
    # problem solving are complete; the teams still have a skill gap without a training, the
    # plan unowned actions.
    stages = {s.stage.value: s for s in row["roadmap"].stages}
    done = [key for key, s in stages.items() if s.status == "done"]
    assert done == ["diagnose", "prioritise", "levers", "measure", "correct"]
    assert [c.key for c in stages["teams"].missing_checks] == ["skills_and_trainings"]
    assert client.get(reverse("projects:detail", args=[demo["project_id"]])).status_code == 200


def test_demo_admin_is_a_site_administrator_without_project(client, demo):
    from obeya.organisation.access import can_manage_organisation

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert can_manage_organisation(admin)
    client.force_login(admin)
    assert client.get(reverse("projects:detail", args=[demo["project_id"]])).status_code == 404


def test_demo_in_english_has_english_names(db):
    summary = load_demo(language="en")
    assert summary["company"] == "Val d'Argent Engineering"
    assert Company.objects.get().name == "Val d'Argent Engineering"
    assert set(Site.objects.values_list("name", flat=True)) == {
        "Besançon plant",
        "Montbéliard site",
    }
    assert Project.objects.get().title == "Cut the lead time of bending line 2"
    assert Action.objects.filter(title="Map the current flow of line 2").exists()
    assert Person.objects.get(last_name="Martin").function == "Lean facilitator"
    assert summary["people"] == 20


def test_demo_project_has_chosen_its_priorities_and_ratified_levers(demo):
    from obeya.core.roadmap import Stage, StageStatus
    from obeya.projects.selectors import roadmap_for_project

    project = Project.objects.get()
    stages = {s.stage: s for s in roadmap_for_project(project).stages}
    assert stages[Stage.PRIORITISE].status == StageStatus.DONE
    assert stages[Stage.LEVERS].status == StageStatus.DONE
    axes = next(c for c in stages[Stage.PRIORITISE].checks if c.key == "three_measurable_axes")
    assert axes.count == 3
    assert project.axes.count() == 4  # one axis still lacks a target and a deadline
