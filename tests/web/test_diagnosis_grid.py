"""The diagnostic grid and the SWOT: who may do what, gaps and scores on the page, the usual
criteria without invented numbers, SWOT links limited to the project, the demo.

Rules (docs/diagnosis.md): everyone with a role in the project reads the grid and the SWOT;
only facilitators change them (403 for the other roles); a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from permission_table import (
    FACILITATORS,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.audit.models import AuditEntry
from obeya.diagnosis import services
from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.gemba.services import observation_create

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    oee = services.criterion_create(
        project=project,
        user=owner,
        name="OEE",
        category="productivity",
        unit="%",
        current_value=62,
        reference_value=85,
        direction="higher",
        weight=3,
    )
    observation = observation_create(
        project=project,
        user=owner,
        observed_on=dt.date(2026, 3, 2),
        description="Changeover timed at 45 min",
        waste="waiting",
    )
    item = services.swot_item_create(
        project=project,
        user=owner,
        kind="weakness",
        text="Long changeovers",
        observations=[observation],
        criteria=[oee],
    )
    return {**cast, "criterion": oee, "observation": observation, "item": item}


def _url(name: str, key: str | None = None) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *([w[key].pk] if key else [])])


def _criterion(w: dict) -> dict:
    return {
        "name": "Lead time",
        "category": "delivery",
        "unit": "days",
        "current_value": "12",
        "reference_value": "5",
        "reference_kind": "target",
        "direction": "lower",
        "weight": "2",
    }


def _swot(w: dict) -> dict:
    return {
        "kind": "threat",
        "text": "A competitor delivers in 6 days",
        "criteria": [w["criterion"].pk],
    }


PAGES = [
    Endpoint("grid", "get", _url("diagnosis:grid"), 200),
    Endpoint("line create form", "get", _url("diagnosis:criterion_create"), 200, FACILITATORS),
    Endpoint(
        "line create", "post", _url("diagnosis:criterion_create"), 302, FACILITATORS, _criterion
    ),
    Endpoint("usual lines", "post", _url("diagnosis:criteria_add_usual"), 302, FACILITATORS),
    Endpoint(
        "line edit form", "get", _url("diagnosis:criterion_edit", "criterion"), 200, FACILITATORS
    ),
    Endpoint(
        "line edit",
        "post",
        _url("diagnosis:criterion_edit", "criterion"),
        302,
        FACILITATORS,
        _criterion,
    ),
    Endpoint(
        "line delete", "post", _url("diagnosis:criterion_delete", "criterion"), 302, FACILITATORS
    ),
    Endpoint("SWOT", "get", _url("diagnosis:swot"), 200),
    Endpoint("SWOT create form", "get", _url("diagnosis:swot_create"), 200, FACILITATORS),
    Endpoint("SWOT create", "post", _url("diagnosis:swot_create"), 302, FACILITATORS, _swot),
    Endpoint("SWOT edit form", "get", _url("diagnosis:swot_edit", "item"), 200, FACILITATORS),
    Endpoint("SWOT edit", "post", _url("diagnosis:swot_edit", "item"), 302, FACILITATORS, _swot),
    Endpoint("SWOT delete", "post", _url("diagnosis:swot_delete", "item"), 302, FACILITATORS),
]


def _state() -> tuple[int, int, int]:
    return AuditEntry.objects.count(), GridCriterion.objects.count(), SwotItem.objects.count()


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_diagnosis_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_diagnosis_page = each_role_gets_what_it_may(PAGES, _state)


def test_line_of_another_project_gets_404(client_for, world, other_project):
    _project, foreign, foreign_item = (
        other_project["project"],
        other_project["criterion"],
        other_project["item"],
    )
    client = client_for(world["owner"])
    mine = world["project"].pk
    assert (
        client.get(reverse("diagnosis:criterion_edit", args=[mine, foreign.pk])).status_code == 404
    )
    assert (
        client.post(reverse("diagnosis:criterion_delete", args=[mine, foreign.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("diagnosis:swot_delete", args=[mine, foreign_item.pk])).status_code
        == 404
    )
    assert GridCriterion.objects.filter(pk=foreign.pk).exists()
    assert SwotItem.objects.filter(pk=foreign_item.pk).exists()


@pytest.fixture
def other_project(cast):
    from obeya.projects.models import Membership, Project

    project = Project.objects.create(company=cast["project"].company, title="Paint shop 5S")
    Membership.objects.create(project=project, user=cast["outsider"], role="facilitator")
    criterion = services.criterion_create(
        project=project, user=cast["outsider"], name="Dust", category="quality", direction="lower"
    )
    observation = observation_create(
        project=project,
        user=cast["outsider"],
        observed_on=dt.date(2026, 1, 5),
        description="Paint runs",
    )
    item = services.swot_item_create(
        project=project, user=cast["outsider"], kind="threat", text="X"
    )
    return {"project": project, "criterion": criterion, "observation": observation, "item": item}


# --- the grid ------------------------------------------------------------------------------


def _row(page: str, criterion: GridCriterion) -> str:
    start = page.index(f'id="criterion-{criterion.pk}"')
    return page[start : page.index("</tr>", start)]


def test_grid_shows_gap_gap_percent_and_score_of_each_line(client_for, world):
    project, owner = world["project"], world["owner"]
    lead = services.criterion_create(
        project=project,
        user=owner,
        name="Lead time",
        category="delivery",
        unit="days",
        current_value=7.5,
        reference_value=5,
        direction="lower",
        weight=1,
    )
    page = client_for(world["viewer"]).get(reverse("diagnosis:grid", args=[project.pk]), **EN)
    html = page.content.decode()
    oee = _row(html, world["criterion"])
    # OEE 62 % against 85 %: gap -23, -27.1 %, score 100 * (1 - 23/85) = 72.9 -> 73.
    assert "-23 %" in oee and "-27.1 %" in oee and ">73<" in oee
    late = _row(html, lead)
    # Lead time 7.5 days against 5, lower is better: gap -2.5, -50 %, score 50.
    assert "-2.5 days" in late and "-50.0 %" in late and ">50<" in late
    # Overall: (3 * 72.94 + 1 * 50) / 4 = 67.2 -> 67.
    overall = html[html.index('id="overall-score"') :]
    assert "<span>67</span> / 100" in overall
    assert (
        'id="grid-scores"' in html
        and '"$schema": "https://vega.github.io/schema/vega-lite/v6.4.json"' in html
    )


def test_a_line_better_than_its_reference_scores_100(client_for, world):
    services.criterion_update(criterion=world["criterion"], user=world["owner"], current_value=90)
    html = client_for(world["owner"]).get(
        reverse("diagnosis:grid", args=[world["project"].pk]), **EN
    )
    row = _row(html.content.decode(), world["criterion"])
    assert "+5 %" in row and "+5.9 %" in row and ">100<" in row


def test_usual_criteria_come_without_values_and_only_once(client_for, world):
    project = world["project"]
    client = client_for(world["owner"])
    client.post(reverse("diagnosis:criteria_add_usual", args=[project.pk]), **EN)
    lines = GridCriterion.objects.filter(project=project).exclude(pk=world["criterion"].pk)
    assert sorted(lines.values_list("name", flat=True)) == sorted(
        ["Lead time", "Inventory coverage", "Scrap cost", "On-time delivery", "Productivity"]
    ), "OEE was already there"
    assert not lines.filter(current_value__isnull=False).exists(), "no invented number"
    assert not lines.filter(reference_value__isnull=False).exists(), "no invented number"
    assert dict(lines.values_list("name", "direction"))["Lead time"] == "lower"
    before = GridCriterion.objects.count()
    client.post(reverse("diagnosis:criteria_add_usual", args=[project.pk]), **EN)
    assert GridCriterion.objects.count() == before
    html = client.get(reverse("diagnosis:grid", args=[project.pk]), **EN).content.decode()
    assert html.count("to measure") == 5
    assert "Weighted mean of the score of 1 measured line" in html


def test_line_form_reports_a_missing_name_and_stores_nothing(client_for, world):
    before = _state()
    response = client_for(world["owner"]).post(
        reverse("diagnosis:criterion_create", args=[world["project"].pk]),
        {**_criterion(world), "name": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert _state() == before


def test_service_errors_name_the_field(world):
    with pytest.raises(ValidationError) as caught:
        services.criterion_create(
            project=world["project"], user=world["owner"], name="X", category="nope", direction="up"
        )
    assert {"category", "direction"} <= set(caught.value.message_dict)


# --- the SWOT ------------------------------------------------------------------------------


def test_swot_shows_four_quadrants_and_the_evidence_of_each_item(client_for, world):
    html = (
        client_for(world["assessor"])
        .get(reverse("diagnosis:swot", args=[world["project"].pk]), **EN)
        .content.decode()
    )
    for title in ("Strengths", "Weaknesses", "Opportunities", "Threats"):
        assert f">{title}</h2>" in html
    assert world["observation"].get_absolute_url() in html
    assert f"#criterion-{world['criterion'].pk}" in html
    assert reverse("diagnosis:swot_create", args=[world["project"].pk]) not in html


def test_swot_form_offers_this_projects_observations_and_lines_only(
    client_for, world, other_project
):
    html = (
        client_for(world["owner"])
        .get(reverse("diagnosis:swot_create", args=[world["project"].pk]))
        .content.decode()
    )
    assert "Changeover timed at 45 min" in html and "Paint runs" not in html
    assert "OEE" in html and "Dust" not in html


def test_swot_item_cannot_link_another_projects_observation_or_line(
    client_for, world, other_project
):
    before = _state()
    response = client_for(world["owner"]).post(
        reverse("diagnosis:swot_create", args=[world["project"].pk]),
        {
            "kind": "strength",
            "text": "Borrowed evidence",
            "observations": [other_project["observation"].pk],
            "criteria": [other_project["criterion"].pk],
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"observations", "criteria"}
    assert _state() == before
    with pytest.raises(ValidationError) as caught:
        services.swot_item_update(
            item=world["item"], user=world["owner"], observations=[other_project["observation"]]
        )
    assert set(caught.value.message_dict) == {"observations"}
    assert list(world["item"].observations.all()) == [world["observation"]]


def test_editing_a_swot_item_changes_its_links_and_is_audited(client_for, world):
    item = world["item"]
    client_for(world["owner"]).post(
        reverse("diagnosis:swot_edit", args=[world["project"].pk, item.pk]),
        {
            "kind": "weakness",
            "text": "Long changeovers (45 min)",
            "criteria": [world["criterion"].pk],
        },
    )
    item.refresh_from_db()
    assert item.text == "Long changeovers (45 min)"
    assert not item.observations.exists()
    entry = AuditEntry.objects.filter(verb="update", object_id=item.pk).latest("pk")
    assert entry.changes["observations"] == [[world["observation"].pk], []]


# --- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_grid_and_swot_are_idempotent_and_linked(cast, language):
    from obeya.diagnosis.demo import load_demo_grid
    from obeya.diagnosis.selectors import diagnostic_grid
    from obeya.gemba.demo import load_demo_observations

    project, user = cast["project"], cast["owner"]
    load_demo_observations(project=project, language=language, user=user, today=dt.date(2026, 5, 1))
    first = load_demo_grid(project=project, language=language, user=user)
    assert load_demo_grid(project=project, language=language, user=user) == first
    assert first == {"grid_lines": 6, "swot_items": 9}
    grid = diagnostic_grid(project)
    assert round(grid.score, 1) == 39.9
    oee = grid.lines[0]
    assert (oee.criterion.current_value, oee.criterion.reference_value) == (62, 85)
    kinds = set(SwotItem.objects.filter(project=project).values_list("kind", flat=True))
    assert kinds == {"strength", "weakness", "opportunity", "threat"}
    weakness = SwotItem.objects.filter(project=project, kind="weakness").first()
    assert weakness.observations.count() == 3 and weakness.criteria.count() == 3
    for item in SwotItem.objects.filter(project=project):
        assert all(o.project_id == project.pk for o in item.observations.all())
