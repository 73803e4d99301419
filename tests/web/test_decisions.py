"""Priority axes and decisions: who may do what on every page and API endpoint, the
measurability rules, forms that fail save nothing, recording a decision, the demo.

Rules (docs/priorities.md): everyone with a role in the project reads the axes and decisions;
facilitators change them (403 for the other roles); facilitators and sponsors record a
decision, after which it is read-only except for a superuser; a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from permission_table import (
    FACILITATORS,
    Endpoint,
    anonymous_sent_to_login,
    call,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.audit.models import AuditEntry
from obeya.decisions import services
from obeya.decisions.models import Axis, Decision, DecisionJudgement, DecisionScore
from obeya.decisions.selectors import decision_analysis, decisions_count, measurable_axes_count
from obeya.decisions.services import CriterionRow, OptionRow
from obeya.diagnosis.services import criterion_create
from obeya.gemba.services import observation_create

RECORDERS = frozenset({"owner", "sponsor"})
DEADLINE = dt.date(2026, 12, 31)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _axis_fields(**overrides) -> dict:
    fields = {
        "title": "Cut changeover time",
        "kpi_name": "Changeover time",
        "kpi_unit": "min",
        "kpi_direction": "decrease",
        "baseline": 45,
        "target": 10,
        "deadline": DEADLINE,
    }
    return {**fields, **overrides}


def _matrix(project, user, **overrides) -> Decision:
    arguments = {
        "title": "Which axis first?",
        "method": Decision.Method.WEIGHTED_MATRIX,
        "options": [OptionRow("SMED"), OptionRow("Kanban"), OptionRow("5S")],
        "criteria": [
            CriterionRow("Gain", 3, "max"),
            CriterionRow("Cost", 1, "min"),
        ],
        "scores": [[8, 2], [9, 6], [4, 1]],
    }
    return services.decision_save(project=project, user=user, **{**arguments, **overrides})


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, the source language, whatever the catalogues say;
    pages are asked for in English (Accept-Language) for the same reason."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    observation = observation_create(
        project=project,
        user=owner,
        observed_on=dt.date(2026, 3, 2),
        description="Changeover timed at 45 min",
        waste="waiting",
    )
    line = criterion_create(
        project=project,
        user=owner,
        name="OEE",
        category="productivity",
        unit="%",
        current_value=62,
        reference_value=85,
        direction="higher",
    )
    axis = services.axis_create(
        project=project,
        user=owner,
        observations=[observation],
        grid_criteria=[line],
        **_axis_fields(),
    )
    second = services.axis_create(
        project=project, user=owner, title="Right first time", kpi_name="Scrap cost"
    )
    decision = _matrix(project, owner)
    return {
        **cast,
        "axis": axis,
        "second": second,
        "decision": decision,
        "observation": observation,
        "line": line,
    }


def _url(name: str, key: str | None = None) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *([w[key].pk] if key else [])])


def _api(suffix: str) -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}/{suffix}"


def _axis_form(w: dict) -> dict:
    return {
        **_axis_fields(title="Pull between cutting and bending"),
        "kpi_name": "Lead time",
        "kpi_unit": "days",
        "baseline": "12",
        "target": "5",
        "deadline": "2026-11-30",
        "observations": [w["observation"].pk],
    }


def _decision_form(w: dict) -> dict:
    return {
        "title": "Which lever first?",
        "method": "weighted_matrix",
        "n_options": "3",
        "n_criteria": "2",
        "o0_name": "SMED",
        "o1_name": "Kanban",
        "o2_name": "5S",
        "c0_name": "Gain",
        "c0_weight": "3",
        "c0_direction": "max",
        "c1_name": "Cost",
        "c1_weight": "1",
        "c1_direction": "min",
        "s0_0": "8",
        "s0_1": "2",
        "s1_0": "9",
        "s1_1": "6",
        "s2_0": "4",
        "s2_1": "1",
        "j0_1": "1.0",
    }


def _record_form(w: dict) -> dict:
    return {
        "chosen_option": w["decision"].options.get(name="SMED").pk,
        "summary": "Quick win first",
    }


def _axis_api(w: dict) -> dict:
    return {**_axis_fields(title="Via the API"), "deadline": "2026-10-01"}


PAGES = [
    Endpoint("priorities", "get", _url("decisions:index"), 200),
    Endpoint("axis form", "get", _url("decisions:axis_create"), 200, FACILITATORS),
    Endpoint("axis create", "post", _url("decisions:axis_create"), 302, FACILITATORS, _axis_form),
    Endpoint("axis sheet", "get", _url("decisions:axis_sheet", "axis"), 200),
    Endpoint("axis edit form", "get", _url("decisions:axis_edit", "axis"), 200, FACILITATORS),
    Endpoint(
        "axis edit", "post", _url("decisions:axis_edit", "axis"), 302, FACILITATORS, _axis_form
    ),
    Endpoint(
        "axis move",
        "post",
        _url("decisions:axis_move", "second"),
        302,
        FACILITATORS,
        lambda w: {"direction": "up"},
    ),
    Endpoint("axis delete", "post", _url("decisions:axis_delete", "axis"), 302, FACILITATORS),
    Endpoint("decision form", "get", _url("decisions:decision_create"), 200, FACILITATORS),
    Endpoint(
        "decision create",
        "post",
        _url("decisions:decision_create"),
        302,
        FACILITATORS,
        _decision_form,
    ),
    Endpoint(
        "decision preview",
        "post",
        _url("decisions:decision_preview"),
        200,
        FACILITATORS,
        _decision_form,
        writes=False,
    ),
    Endpoint("decision result", "get", _url("decisions:decision_detail", "decision"), 200),
    Endpoint(
        "decision edit form", "get", _url("decisions:decision_edit", "decision"), 200, FACILITATORS
    ),
    Endpoint(
        "decision edit",
        "post",
        _url("decisions:decision_edit", "decision"),
        302,
        FACILITATORS,
        _decision_form,
    ),
    Endpoint("record form", "get", _url("decisions:decision_record", "decision"), 200, RECORDERS),
    Endpoint(
        "record",
        "post",
        _url("decisions:decision_record", "decision"),
        302,
        RECORDERS,
        _record_form,
    ),
    Endpoint(
        "decision delete", "post", _url("decisions:decision_delete", "decision"), 302, FACILITATORS
    ),
    Endpoint("API axes", "get", _api("axes"), 200, api=True),
    Endpoint("API axis create", "post", _api("axes"), 201, FACILITATORS, _axis_api, api=True),
    Endpoint("API decisions", "get", _api("decisions"), 200, api=True),
]


def _state() -> tuple:
    return (
        AuditEntry.objects.count(),
        list(Axis.objects.order_by("pk").values_list("pk", "title", "priority")),
        list(Decision.objects.order_by("pk").values_list("pk", "title", "status")),
        DecisionScore.objects.count(),
    )


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(
    [e for e in PAGES if not e.api], _state
)


@pytest.mark.parametrize("endpoint", [e for e in PAGES if e.api], ids=lambda e: e.label)
def test_api_without_token_is_refused(client, world, endpoint):
    assert call(client, endpoint, world).status_code == 401


test_outsider_gets_404_on_every_priorities_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_priorities_page = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)


def test_axis_and_decision_of_another_project_get_404(client_for, world, other_project):
    client = client_for(world["owner"])
    mine = world["project"].pk
    foreign_axis, foreign_decision = other_project["axis"], other_project["decision"]
    assert (
        client.get(reverse("decisions:axis_sheet", args=[mine, foreign_axis.pk])).status_code == 404
    )
    assert (
        client.post(reverse("decisions:axis_delete", args=[mine, foreign_axis.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("decisions:decision_detail", args=[mine, foreign_decision.pk])
        ).status_code
        == 404
    )
    assert Axis.objects.filter(pk=foreign_axis.pk).exists()


@pytest.fixture
def other_project(cast):
    from obeya.projects.models import Membership, Project

    project = Project.objects.create(company=cast["project"].company, title="Paint shop 5S")
    Membership.objects.create(project=project, user=cast["outsider"], role="facilitator")
    axis = services.axis_create(project=project, user=cast["outsider"], title="Dust")
    decision = _matrix(project, cast["outsider"])
    observation = observation_create(
        project=project,
        user=cast["outsider"],
        observed_on=dt.date(2026, 1, 5),
        description="Paint runs",
    )
    return {"project": project, "axis": axis, "decision": decision, "observation": observation}


# --- measurability -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({}, []),
        ({"kpi_name": ""}, ["No KPI measures it."]),
        (
            {"baseline": None, "target": None},
            ["The baseline is not set.", "The target is not set."],
        ),
        ({"deadline": None}, ["The deadline is not set."]),
        (
            {"target": 45},
            ["The target equals the baseline: the objective asks for no improvement."],
        ),
        ({"target": 60}, ["The target must be below the baseline for a KPI to decrease."]),
        (
            {"kpi_direction": "increase"},
            ["The target must be above the baseline for a KPI to increase."],
        ),
        ({"kpi_direction": "increase", "baseline": 62, "target": 85}, []),
    ],
)
def test_axis_says_what_its_objective_is_missing(cast, overrides, missing):
    axis = services.axis_create(
        project=cast["project"], user=cast["owner"], **_axis_fields(**overrides)
    )
    assert axis.missing == missing
    assert axis.is_measurable is (not missing)


def test_priorities_page_counts_measurable_axes_and_lists_what_is_missing(client_for, world):
    page = client_for(world["viewer"]).get(
        reverse("decisions:index", args=[world["project"].pk]), **EN
    )
    text = page.content.decode()
    assert "1 measurable axis out of the 3 the roadmap requires." in text
    start = text.index(f'id="axis-{world["second"].pk}"')
    row = text[start : text.index("</tr>", start)]
    assert "The baseline is not set." in row and "The deadline is not set." in row
    assert reverse("gemba:index", args=[world["project"].pk]) in text  # the Pareto
    assert measurable_axes_count(world["project"]) == 1


def test_axis_title_is_unique_case_insensitively_and_the_form_saves_nothing(client_for, world):
    before = _state()
    response = client_for(world["owner"]).post(
        reverse("decisions:axis_create", args=[world["project"].pk]),
        {**_axis_form(world), "title": "CUT CHANGEOVER TIME"},
        **EN,
    )
    assert response.status_code == 200
    assert "already has this title" in str(response.context["form"].errors["title"])
    assert _state() == before


def test_axis_form_with_a_bad_number_names_the_field_and_saves_nothing(client_for, world):
    before = _state()
    response = client_for(world["owner"]).post(
        reverse("decisions:axis_create", args=[world["project"].pk]),
        {**_axis_form(world), "baseline": "twelve"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"baseline"}
    assert _state() == before


def test_axis_cannot_answer_findings_of_another_project(world, other_project):
    with pytest.raises(ValidationError) as error:
        services.axis_update(
            axis=world["axis"], user=world["owner"], observations=[other_project["observation"]]
        )
    assert "observations" in error.value.message_dict


def test_moving_an_axis_reorders_and_deleting_renumbers(client_for, world):
    project, owner = world["project"], world["owner"]
    third = services.axis_create(project=project, user=owner, title="Skills")
    client = client_for(owner)
    client.post(reverse("decisions:axis_move", args=[project.pk, third.pk]), {"direction": "up"})
    order = list(Axis.objects.filter(project=project).values_list("title", flat=True))
    assert order == ["Cut changeover time", "Skills", "Right first time"]
    client.post(reverse("decisions:axis_delete", args=[project.pk, world["axis"].pk]))
    priorities = list(Axis.objects.filter(project=project).values_list("title", "priority"))
    assert priorities == [("Skills", 1), ("Right first time", 2)]


def test_axis_sheet_states_the_objective_and_invents_no_measurement(client_for, world):
    axis = world["axis"]
    page = client_for(world["teammate"]).get(
        reverse("decisions:axis_sheet", args=[world["project"].pk, axis.pk]),
        **EN,
    )
    text = page.content.decode()
    assert "Changeover time: from 45 to 10 min by" in text
    assert "A change of -78 % from the baseline." in text
    assert "Changeover timed at 45 min" in text and "OEE" in text
    assert "This axis points to no KPI of the referential yet" in text
    assert 'class="vl-chart"' not in text


def test_axis_sheet_draws_the_control_chart_of_its_kpi(client_for, world):
    from django.utils import timezone

    from obeya.kpis.services import kpi_create, measurement_add

    axis, owner = world["axis"], world["owner"]
    kpi = kpi_create(
        project=world["project"],
        user=owner,
        name="Changeover time",
        definition="Last good part to first good part.",
        unit="min",
        target=10,
    )
    for i, value in enumerate([45, 47, 44, 46, 43]):
        measurement_add(
            kpi=kpi,
            user=owner,
            value=value,
            measured_at=timezone.now() - timezone.timedelta(days=5 - i),
        )
    axis.kpi = kpi
    axis.save()
    page = client_for(world["viewer"]).get(
        reverse("decisions:axis_sheet", args=[world["project"].pk, axis.pk]), **EN
    )
    text = page.content.decode()
    assert 'class="vl-chart"' in text and "XMR chart" in text
    assert "No point breaks a rule" in text


# --- decisions -----------------------------------------------------------------------------


def test_matrix_result_shows_ranking_contributions_and_sensitivity(client_for, world):
    analysis = decision_analysis(world["decision"])
    # Gain 8, 9, 4 -> 0.8, 1, 0; cost (lower is better) 2, 6, 1 -> 0.8, 0, 1; weights 3:1.
    assert [(r.option, round(r.total, 4), r.rank) for r in analysis.matrix.ranking] == [
        ("SMED", 0.8, 1),
        ("Kanban", 0.75, 2),
        ("5S", 0.25, 3),
    ]
    # SMED stays ahead of Kanban while 2.4 + 0.8 w > 3 and ahead of 5S while 2.4 - 0.2 w > 0.
    cost = next(r for r in analysis.sensitivity if r.criterion == "Cost")
    assert (cost.lower, cost.upper) == (pytest.approx(0.75), pytest.approx(12))
    assert (cost.lower_takeover, cost.upper_takeover) == ("Kanban", "5S")
    page = client_for(world["viewer"]).get(
        reverse("decisions:decision_detail", args=[world["project"].pk, world["decision"].pk]),
        **EN,
    )
    text = page.content.decode()
    assert 'id="ranking"' in text and 'data-spec-id="decision-chart"' in text
    assert (
        "“SMED” stays first while the weight of Cost stays between 0.75 and 12; above 12 “5S” "
        "takes over. Below 0.75 “Kanban” takes over."
    ) in text
    assert "80.0 %" in text and "75.0 %" in text


def test_sensitivity_sentence_names_the_range_and_who_takes_over(world):
    decision = _matrix(
        world["project"],
        world["owner"],
        title="Clear winner",
        scores=[[9, 3], [7, 6], [4, 1]],
    )
    analysis = decision_analysis(decision)
    assert analysis.winner == "SMED"
    cost = next(r for r in analysis.sensitivity if r.criterion == "Cost")
    sentence = next(
        row["sentence"] for row in analysis.sensitivity_table if row["criterion"] == "Cost"
    )
    assert cost.upper is not None and cost.upper_takeover in sentence
    assert "stays first while the weight of Cost stays between" in sentence


def test_a_dominant_option_is_said_to_win_whatever_the_weights(world):
    decision = _matrix(
        world["project"], world["owner"], title="Dominant", scores=[[9, 1], [5, 4], [4, 6]]
    )
    analysis = decision_analysis(decision)
    assert analysis.winner == "SMED"
    assert all(r.upper is None and r.lower_takeover is None for r in analysis.sensitivity)
    assert all("cannot change the winner" in row["sentence"] for row in analysis.sensitivity_table)


def test_ahp_gives_weights_and_warns_when_inconsistent(client_for, world):
    project, owner = world["project"], world["owner"]
    criteria = [CriterionRow("Gain"), CriterionRow("Cost", direction="min"), CriterionRow("Risk")]
    # Gain > Cost, Cost > Risk, yet Risk > Gain: circular judgements.
    decision = services.decision_save(
        project=project,
        user=owner,
        title="AHP",
        method=Decision.Method.AHP,
        options=[OptionRow("A"), OptionRow("B")],
        criteria=criteria,
        scores=[[1, 2, 3], [3, 2, 1]],
        judgements={(0, 1): 5, (1, 2): 5, (0, 2): 1 / 5},
    )
    assert DecisionJudgement.objects.filter(decision=decision).count() == 3
    analysis = decision_analysis(decision)
    assert analysis.ahp.consistency_ratio > 0.10
    assert pytest.approx(sum(analysis.weights)) == 1
    page = client_for(world["viewer"]).get(
        reverse("decisions:decision_detail", args=[project.pk, decision.pk])
    )
    assert 'id="ahp-inconsistent"' in page.content.decode()


def test_ahp_form_stores_the_judgements_and_shows_the_consistency(client_for, world):
    data = {
        **_decision_form(world),
        "title": "AHP via the form",
        "method": "ahp",
        "n_criteria": "3",
        "c2_name": "Risk",
        "c2_direction": "min",
        "s0_2": "2",
        "s1_2": "3",
        "s2_2": "1",
        "j0_1": repr(3.0),
        "j0_2": repr(5.0),
        "j1_2": repr(2.0),
    }
    client = client_for(world["owner"])
    response = client.post(reverse("decisions:decision_create", args=[world["project"].pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    decision = Decision.objects.get(title="AHP via the form")
    values = {(j.criterion_a.name, j.criterion_b.name): j.value for j in decision.judgements.all()}
    assert values == {("Gain", "Cost"): 3, ("Gain", "Risk"): 5, ("Cost", "Risk"): 2}
    analysis = decision_analysis(decision)
    # Saaty's eigenvector weights of this matrix: 0.648, 0.230, 0.122; CR 0.003.
    assert [round(w, 3) for w in analysis.weights] == [0.648, 0.230, 0.122]
    assert analysis.ahp.consistent
    page = client.get(decision.get_absolute_url(), **EN).content.decode()
    assert 'id="ahp"' in page and "64.8 %" in page and 'id="ahp-inconsistent"' not in page


def test_decision_form_with_a_missing_score_names_it_and_saves_nothing(client_for, world):
    before = _state()
    data = {**_decision_form(world), "s1_1": ""}
    response = client_for(world["owner"]).post(
        reverse("decisions:decision_create", args=[world["project"].pk]), data
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"s1_1"}
    assert _state() == before


def test_decision_form_with_one_option_says_so_and_saves_nothing(client_for, world):
    before = _state()
    data = {**_decision_form(world), "o1_name": "", "o2_name": "", "s1_0": "", "s1_1": ""}
    data.update({"s2_0": "", "s2_1": ""})
    response = client_for(world["owner"]).post(
        reverse("decisions:decision_create", args=[world["project"].pk]), data, **EN
    )
    assert response.status_code == 200
    assert "at least two options" in str(response.context["form"].non_field_errors())
    assert _state() == before


def test_adding_a_row_redisplays_the_grid_without_saving(client_for, world):
    before = _state()
    response = client_for(world["owner"]).post(
        reverse("decisions:decision_create", args=[world["project"].pk]),
        {**_decision_form(world), "add_option": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].n_options == 4
    assert 'name="o3_name"' in response.content.decode()
    assert _state() == before


def test_preview_ranks_the_grid_being_edited(client_for, world):
    response = client_for(world["owner"]).post(
        reverse("decisions:decision_preview", args=[world["project"].pk]), _decision_form(world)
    )
    assert response.context["analysis"].winner == "SMED"
    assert 'id="ranking"' in response.content.decode()


def test_editing_the_grid_keeps_option_identity_and_is_audited(client_for, world):
    decision, owner = world["decision"], world["owner"]
    smed = decision.options.get(name="SMED")
    services.decision_save(
        project=world["project"],
        user=owner,
        decision=decision,
        title="Which axis first?",
        options=[OptionRow("Kanban"), OptionRow("SMED (quick)")],
        criteria=[CriterionRow("Gain", 1)],
        scores=[[1], [2]],
    )
    smed.refresh_from_db()
    assert smed.name == "Kanban"  # rows are matched by position
    assert (
        decision.options.count() == 2
        and DecisionScore.objects.filter(option__decision=decision).count() == 2
    )
    entry = AuditEntry.objects.filter(object_id=decision.pk, verb="update").latest("pk")
    assert entry.changes["options"][1] == ["Kanban", "SMED (quick)"]
    history = client_for(world["viewer"]).get(
        reverse("projects:history", args=[world["project"].pk]), **EN
    )
    assert history.status_code == 200 and "SMED (quick)" in history.content.decode()


def test_sponsor_records_the_decision_which_becomes_read_only(client_for, world):
    project, decision = world["project"], world["decision"]
    response = client_for(world["sponsor"]).post(
        reverse("decisions:decision_record", args=[project.pk, decision.pk]), _record_form(world)
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_decided and decision.chosen_option.name == "SMED"
    assert decision.decided_by == world["sponsor"] and decision.decided_at is not None
    assert decisions_count(project) == 1
    owner = client_for(world["owner"])
    assert (
        owner.get(reverse("decisions:decision_edit", args=[project.pk, decision.pk])).status_code
        == 403
    )
    assert (
        owner.post(reverse("decisions:decision_record", args=[project.pk, decision.pk])).status_code
        == 403
    )
    assert (
        owner.post(reverse("decisions:decision_delete", args=[project.pk, decision.pk])).status_code
        == 403
    )
    page = owner.get(reverse("decisions:decision_detail", args=[project.pk, decision.pk]), **EN)
    assert "only a superuser may correct it" in page.content.decode()
    with pytest.raises(PermissionDenied):
        services.decision_save(
            project=project,
            user=world["owner"],
            decision=decision,
            title="x",
            options=[OptionRow("a"), OptionRow("b")],
            method=Decision.Method.ADVANTAGES_DRAWBACKS,
        )


def test_superuser_may_correct_a_recorded_decision(client, world):
    project, decision = world["project"], world["decision"]
    services.decision_record(
        decision=decision,
        user=world["sponsor"],
        chosen_option=decision.options.get(name="SMED"),
        summary="Quick win",
    )
    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    url = reverse("decisions:decision_edit", args=[project.pk, decision.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**_decision_form(world), "title": "Which axis first? (fixed)"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Which axis first? (fixed)" and decision.is_decided


def test_record_needs_a_summary_and_an_option_of_this_decision(world, other_project):
    decision = world["decision"]
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            decision=decision,
            user=world["owner"],
            chosen_option=other_project["decision"].options.first(),
            summary="x",
        )
    assert "chosen_option" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            decision=decision,
            user=world["owner"],
            chosen_option=decision.options.first(),
            summary=" ",
        )
    assert "summary" in error.value.message_dict
    decision.refresh_from_db()
    assert not decision.is_decided


# --- API -----------------------------------------------------------------------------------


def test_api_lists_axes_with_measurability_and_decisions_with_ranking(api_for, world):
    client = api_for(world["viewer"])
    axes = client.get(f"/api/projects/{world['project'].pk}/axes", **EN).json()
    assert [(a["title"], a["measurable"]) for a in axes] == [
        ("Cut changeover time", True),
        ("Right first time", False),
    ]
    assert axes[0]["observation_ids"] == [world["observation"].pk]
    assert "The target is not set." in axes[1]["missing"]
    decisions = client.get(f"/api/projects/{world['project'].pk}/decisions").json()
    assert decisions[0]["ranking"][0]["rank"] == 1
    assert {s["criterion"] for s in decisions[0]["sensitivity"]} == {"Gain", "Cost"}


def test_api_axis_create_reports_the_bad_field(api_for, world, other_project):
    client = api_for(world["owner"])
    url = f"/api/projects/{world['project'].pk}/axes"
    before = _state()
    foreign = {**_axis_fields(title="X"), "deadline": None}
    foreign["observation_ids"] = [other_project["observation"].pk]
    response = client.post(url, json.dumps(foreign), content_type="application/json")
    assert response.status_code == 422
    assert "observations" in response.json()["detail"]
    duplicate = {**_axis_fields(title="cut CHANGEOVER time"), "deadline": None}
    response = client.post(url, json.dumps(duplicate), content_type="application/json")
    assert response.status_code == 422 and "title" in response.json()["detail"]
    assert _state() == before


# --- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_creates_three_measurable_axes_one_not_and_two_decisions(cast, language):
    from obeya.decisions.demo import load_demo_decisions
    from obeya.diagnosis.demo import load_demo_grid
    from obeya.gemba.demo import load_demo_observations

    project, owner, sponsor = cast["project"], cast["owner"], cast["sponsor"]
    load_demo_observations(
        project=project, language=language, user=owner, today=dt.date(2026, 5, 1)
    )
    load_demo_grid(project=project, language=language, user=owner)
    load_demo_decisions(project, language=language, facilitator_user=owner, sponsor_user=sponsor)
    load_demo_decisions(project, language=language, facilitator_user=owner, sponsor_user=sponsor)

    axes = list(Axis.objects.filter(project=project))
    assert len(axes) == 4 and measurable_axes_count(project) == 3
    assert [a.is_measurable for a in axes] == [True, True, True, False]
    for axis in axes[:3]:
        assert axis.observations.exists() and axis.grid_criteria.exists()
        assert all(o.project_id == project.pk for o in axis.observations.all())
    matrix = Decision.objects.get(project=project, method="weighted_matrix")
    assert (matrix.options.count(), matrix.criteria.count()) == (4, 5)
    assert matrix.is_decided and matrix.decided_by == sponsor
    analysis = decision_analysis(matrix)
    assert not analysis.errors and analysis.winner == matrix.chosen_option.name
    ahp = Decision.objects.get(project=project, method="ahp")
    ahp_analysis = decision_analysis(ahp)
    assert not ahp_analysis.errors and ahp_analysis.ahp.consistent
    assert decisions_count(project) == 1
    english = language == "en"
    assert ("Cut the press brake changeover time" in [a.title for a in axes]) is english
