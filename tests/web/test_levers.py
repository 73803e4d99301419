"""Levers: the catalogue, candidate actions with their economics, ratification by a sponsor and
the actions it creates in the plan.

Rules (docs/levers.md): everyone with a role in the project reads the catalogue and the
candidates; facilitators write, submit and withdraw candidates and add the company's own levers;
sponsors ratify, reject or postpone; a user without a role gets 404; built-in levers are
read-only; a company's own lever is invisible to other companies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from permission_table import (
    FACILITATORS,
    MEMBERS,
    NOBODY,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    call,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.decisions.models import Axis
from obeya.levers import services
from obeya.levers.models import CandidateLever, Lever
from obeya.levers.selectors import candidate_economics, lever_catalogue, levers_counts

SPONSORS = frozenset({"sponsor"})  # ratify, reject or postpone a candidate
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _axis(project, title="Lead time of line L2", priority=1):
    return Axis.objects.create(
        project=project,
        title=title,
        kpi_name="Lead time",
        kpi_unit="days",
        kpi_direction="decrease",
        baseline=12,
        target=5,
        deadline=dt.date(2026, 12, 31),
        priority=priority,
    )


def _complete(project, axis, user, **extra):
    fields = {
        "lever": Lever.objects.get(code="smed", company=None),
        "axis": axis,
        "title": "SMED on the press brake",
        "gain_eur_per_year": Decimal("24000"),
        "investment_eur": Decimal("12000"),
        "impact": 4,
        "effort": 2,
        **extra,
    }
    return services.candidate_create(project=project, user=user, **fields)


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    axis = _axis(project)
    draft = _complete(project, axis, owner)
    submitted = _complete(project, axis, owner, title="Kanban loop cutting-bending")
    services.candidate_submit(candidate=submitted, user=owner)
    own_lever = services.lever_create(
        company=project.company,
        user=owner,
        code="milk-run",
        name="Milk run",
        category="flow",
        acts_on="Internal logistics rounds.",
        when_fits="Many small deliveries.",
        indicators="Round time.",
        pitfalls="Fixed rounds never revised.",
    )
    builtin = Lever.objects.get(code="5s", company=None)
    return {
        **cast,
        "axis": axis,
        "draft": draft,
        "submitted": submitted,
        "own_lever": own_lever,
        "builtin": builtin,
    }


# --- the permission table ------------------------------------------------------------------


def _url(name: str, key: str | None = None) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *([w[key].pk] if key else [])])


def _candidate(w: dict) -> dict:
    return {
        "title": "5S in the bending area",
        "lever": w["builtin"].pk,
        "axis": w["axis"].pk,
        "gain_eur_per_year": "8000",
        "investment_eur": "3000",
        "running_cost_eur_per_year": "0",
        "horizon_years": "3",
        "discount_rate_pct": "8",
        "ramp_up_months": "2",
    }


def _lever(w: dict) -> dict:
    return {
        "code": "water-spider",
        "name": "Water spider",
        "category": "flow",
        "acts_on": "Supply of the lines.",
        "when_fits": "Operators leave the line to fetch parts.",
        "indicators": "Line stops for missing parts.",
        "pitfalls": "Rounds not tied to takt.",
    }


def _ratify(w: dict) -> dict:
    return {"decision": "ratify", "actions": "Run the SMED workshop", "stage": "pilot"}


PAGES = [
    Endpoint("board", "get", _url("levers:index"), 200),
    Endpoint("catalogue", "get", _url("levers:catalogue"), 200),
    Endpoint("built-in lever", "get", _url("levers:lever_detail", "builtin"), 200),
    Endpoint("own lever", "get", _url("levers:lever_detail", "own_lever"), 200),
    Endpoint("lever create form", "get", _url("levers:lever_create"), 200, FACILITATORS),
    Endpoint("lever create", "post", _url("levers:lever_create"), 302, FACILITATORS, _lever),
    Endpoint(
        "own lever edit", "post", _url("levers:lever_edit", "own_lever"), 302, FACILITATORS, _lever
    ),
    Endpoint("built-in lever edit form", "get", _url("levers:lever_edit", "builtin"), 403, NOBODY),
    Endpoint(
        "built-in lever edit", "post", _url("levers:lever_edit", "builtin"), 403, NOBODY, _lever
    ),
    Endpoint("candidate", "get", _url("levers:detail", "draft"), 200),
    Endpoint("candidate create form", "get", _url("levers:candidate_create"), 200, FACILITATORS),
    Endpoint(
        "candidate create", "post", _url("levers:candidate_create"), 302, FACILITATORS, _candidate
    ),
    Endpoint(
        "candidate edit form", "get", _url("levers:candidate_edit", "draft"), 200, FACILITATORS
    ),
    Endpoint(
        "candidate edit",
        "post",
        _url("levers:candidate_edit", "draft"),
        302,
        FACILITATORS,
        _candidate,
    ),
    Endpoint(
        "candidate submit", "post", _url("levers:candidate_submit", "draft"), 302, FACILITATORS
    ),
    Endpoint(
        "candidate withdraw",
        "post",
        _url("levers:candidate_withdraw", "submitted"),
        302,
        FACILITATORS,
    ),
    Endpoint(
        "candidate delete", "post", _url("levers:candidate_delete", "draft"), 302, FACILITATORS
    ),
    Endpoint("decision form", "get", _url("levers:candidate_decide", "submitted"), 200, SPONSORS),
    Endpoint(
        "ratify", "post", _url("levers:candidate_decide", "submitted"), 302, SPONSORS, _ratify
    ),
    Endpoint("future gains form", "get", _url("levers:candidate_future_gains", "draft"), 200),
]


def _state() -> tuple:
    return (
        AuditEntry.objects.count(),
        Lever.objects.count(),
        tuple(CandidateLever.objects.order_by("pk").values_list("pk", "status", "title")),
        Action.objects.count(),
    )


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_levers_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_levers_page = each_role_gets_what_it_may(PAGES, _state)


# --- the API -------------------------------------------------------------------------------


def _api(path: str) -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}/levers{path.format(**w)}"


API = [
    ApiEndpoint("catalogue", "get", _api("/catalogue"), 200),
    ApiEndpoint("candidates", "get", _api(""), 200),
    ApiEndpoint("one candidate", "get", lambda w: _api(f"/{w['draft'].pk}")(w), 200),
    ApiEndpoint(
        "create",
        "post",
        _api(""),
        201,
        FACILITATORS,
        lambda w: {"title": "TPM", "investment_eur": 1000, "gain_eur_per_year": 2000},
    ),
    ApiEndpoint("submit", "post", lambda w: _api(f"/{w['draft'].pk}/submit")(w), 200, FACILITATORS),
    ApiEndpoint(
        "ratify",
        "post",
        lambda w: _api(f"/{w['submitted'].pk}/ratify")(w),
        200,
        SPONSORS,
        lambda w: {"comment": "Go"},
    ),
    ApiEndpoint(
        "reject",
        "post",
        lambda w: _api(f"/{w['submitted'].pk}/reject")(w),
        200,
        SPONSORS,
        lambda w: {"comment": "No budget this year"},
    ),
]


@pytest.mark.parametrize("role", (*MEMBERS, "outsider"))
@pytest.mark.parametrize("endpoint", API, ids=lambda e: e.label)
def test_each_role_gets_what_it_may_on_the_api(api_for, world, endpoint, role):
    before = _state()
    response = call(api_for(world[role]), endpoint, world)
    expected = 404 if role == "outsider" else endpoint.expected(role)
    assert response.status_code == expected, response.content[:500]
    if expected != endpoint.ok:
        assert _state() == before


def test_api_without_token_is_refused(client, world):
    assert client.get(f"/api/projects/{world['project'].pk}/levers").status_code == 401


def test_api_lists_candidates_with_their_economics(api_for, world):
    rows = api_for(world["viewer"]).get(f"/api/projects/{world['project'].pk}/levers").json()
    draft = next(r for r in rows if r["id"] == world["draft"].pk)
    # 12,000 € invested for 24,000 € a year over 3 years: ROI = (72,000 - 12,000) / 12,000.
    assert draft["economics"]["roi"] == pytest.approx(5.0)
    assert draft["economics"]["payback_months"] == pytest.approx(6.0)
    assert draft["economics"]["errors"] == []


def test_api_ratify_creates_the_proposed_actions(api_for, world):
    submitted = world["submitted"]
    response = api_for(world["sponsor"]).post(
        f"/api/projects/{world['project'].pk}/levers/{submitted.pk}/ratify",
        {"comment": "Go"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ratified"
    assert body["decided_by"] == "sponsor"
    titles = set(Action.objects.filter(pk__in=body["action_ids"]).values_list("title", flat=True))
    assert submitted.title in titles


def test_api_reject_without_comment_is_refused(api_for, world):
    response = api_for(world["sponsor"]).post(
        f"/api/projects/{world['project'].pk}/levers/{world['submitted'].pk}/reject",
        {"comment": "  "},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "comment" in response.json()["detail"]
    world["submitted"].refresh_from_db()
    assert world["submitted"].status == "submitted"


def test_api_refuses_an_axis_of_another_project(api_for, world, other_company_project):
    foreign_axis = _axis(other_company_project["project"])
    response = api_for(world["owner"]).post(
        f"/api/projects/{world['project'].pk}/levers",
        {"title": "X", "axis_id": foreign_axis.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "axis_id" in response.json()["detail"]


# --- ratification --------------------------------------------------------------------------


def test_facilitator_cannot_ratify_and_sponsor_can(world):
    from django.core.exceptions import PermissionDenied

    from obeya.levers.access import get_candidate_for_user

    project, submitted = world["project"], world["submitted"]
    with pytest.raises(PermissionDenied):
        get_candidate_for_user(world["owner"], project.pk, submitted.pk, ratify=True)
    access, candidate = get_candidate_for_user(
        world["sponsor"], project.pk, submitted.pk, ratify=True
    )
    assert access.can_ratify and candidate == submitted


def test_ratification_creates_actions_linked_to_the_candidate(client_for, world):
    submitted = world["submitted"]
    response = client_for(world["sponsor"]).post(
        reverse("levers:candidate_decide", args=[world["project"].pk, submitted.pk]),
        {
            "decision": "ratify",
            "comment": "Start with line L2",
            "actions": "Size the kanban loop\nPrint the cards\n",
            "stage": "pilot",
            "due_date": "2026-09-30",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "ratified"
    assert submitted.decided_by == world["sponsor"]
    assert submitted.decided_at is not None
    assert submitted.decision_comment == "Start with line L2"
    actions = list(submitted.actions.order_by("title"))
    assert [a.title for a in actions] == ["Print the cards", "Size the kanban loop"]
    assert {a.stage for a in actions} == {"pilot"}
    assert {a.due_date for a in actions} == {dt.date(2026, 9, 30)}
    assert all(a.project == world["project"] for a in actions)
    # The action plan lists them.
    plan = client_for(world["owner"]).get(reverse("actions:index", args=[world["project"].pk]))
    assert "Size the kanban loop" in plan.content.decode()


def test_ratification_is_all_or_nothing(world, monkeypatch):
    """An action that cannot be created leaves the candidate submitted and no action behind."""
    submitted = world["submitted"]
    before = (Action.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError):
        services.candidate_ratify(
            candidate=submitted,
            user=world["sponsor"],
            actions=[
                {"title": "Size the loop"},
                {
                    "title": "Print cards",
                    "start_date": dt.date(2026, 5, 1),
                    "due_date": dt.date(2026, 4, 1),
                },
            ],
        )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert submitted.decided_by is None
    assert (Action.objects.count(), AuditEntry.objects.count()) == before


def test_ratification_needs_at_least_one_action(client_for, world):
    submitted = world["submitted"]
    response = client_for(world["sponsor"]).post(
        reverse("levers:candidate_decide", args=[world["project"].pk, submitted.pk]),
        {"decision": "ratify", "actions": "  \n", "stage": "pilot"},
        **EN,
    )
    assert response.status_code == 200
    assert response.context["decision_form"].errors["actions"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("decision", ["reject", "postpone"])
def test_reject_and_postpone_need_a_comment(client_for, world, decision):
    submitted = world["submitted"]
    url = reverse("levers:candidate_decide", args=[world["project"].pk, submitted.pk])
    client = client_for(world["sponsor"])
    response = client.post(url, {"decision": decision, "comment": "", "stage": "pilot"})
    assert response.status_code == 200
    assert response.context["decision_form"].errors["comment"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = client.post(
        url, {"decision": decision, "comment": "Budget frozen", "stage": "pilot"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == {"reject": "rejected", "postpone": "postponed"}[decision]
    assert submitted.decision_comment == "Budget frozen"
    assert not submitted.actions.exists()
    board = client.get(reverse("levers:index", args=[world["project"].pk]))
    assert "Budget frozen" in board.content.decode()


def test_incomplete_candidate_cannot_be_submitted_and_says_what_is_missing(world):
    draft = services.candidate_create(project=world["project"], user=world["owner"], title="Idea")
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            services.candidate_submit(candidate=draft, user=world["owner"])
        text = " ".join(exc.value.messages)
    for missing in ("lever", "priority axis", "expected gain", "investment"):
        assert missing in text
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_withdraw_returns_to_draft_and_decided_ones_are_read_only(world):
    owner, submitted = world["owner"], world["submitted"]
    with pytest.raises(ValidationError):
        services.candidate_update(candidate=submitted, user=owner, title="Changed")
    services.candidate_withdraw(candidate=submitted, user=owner)
    assert submitted.status == "draft" and submitted.submitted_at is None
    services.candidate_update(candidate=submitted, user=owner, title="Kanban, two loops")
    services.candidate_submit(candidate=submitted, user=owner)
    services.candidate_reject(candidate=submitted, user=world["sponsor"], comment="Later")
    for change in (
        lambda: services.candidate_update(candidate=submitted, user=owner, title="X"),
        lambda: services.candidate_withdraw(candidate=submitted, user=owner),
        lambda: services.candidate_delete(candidate=submitted, user=owner),
        lambda: services.candidate_ratify(
            candidate=submitted, user=world["sponsor"], actions=[{"title": "A"}]
        ),
    ):
        with pytest.raises(ValidationError):
            change()
    submitted.refresh_from_db()
    assert submitted.status == "rejected" and submitted.title == "Kanban, two loops"


def test_the_decision_is_audited_with_who_and_when(world):
    submitted = world["submitted"]
    services.candidate_postpone(candidate=submitted, user=world["sponsor"], comment="After summer")
    entry = AuditEntry.objects.filter(object_id=submitted.pk, verb="update").first()
    assert entry.user == world["sponsor"]
    assert entry.changes["status"] == ["submitted", "postponed"]
    assert entry.changes["decision_comment"] == ["", "After summer"]


# --- forms and validation ------------------------------------------------------------------


def test_form_error_saves_nothing(client_for, world):
    before = _state()
    data = {**_candidate(world), "effort": "9", "investment_eur": "-5"}
    response = client_for(world["owner"]).post(
        reverse("levers:candidate_create", args=[world["project"].pk]), data, **EN
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "effort" in errors and "investment_eur" in errors
    assert _state() == before


def test_axis_of_another_project_is_refused(world, other_company_project):
    foreign_axis = _axis(other_company_project["project"])
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(
            project=world["project"], user=world["owner"], title="X", axis=foreign_axis
        )
    assert "axis" in exc.value.message_dict


def test_value_stream_must_be_a_future_state_of_the_project(world):
    from obeya.valuestreams.models import ValueStream

    current = ValueStream.objects.create(project=world["project"], name="Now", source="x")
    with pytest.raises(ValidationError) as exc:
        services.candidate_update(
            candidate=world["draft"], user=world["owner"], value_stream=current
        )
    assert "value_stream" in exc.value.message_dict


def test_candidate_page_shows_every_figure_with_its_formula(client_for, world):
    page = client_for(world["viewer"]).get(
        reverse("levers:detail", args=[world["project"].pk, world["draft"].pk]), **EN
    )
    html = page.content.decode()
    for key in ("roi", "payback_months", "npv_eur", "irr", "break_even_months"):
        assert f'id="figure-{key}"' in html
    assert "500.0 %" in html  # ROI of 12,000 € for 24,000 € a year over 3 years
    assert 'data-spec-id="cash-flow"' in html
    assert "(sum of the net flows over the horizon - investment) / investment" in html


def test_board_groups_candidates_and_draws_the_matrix(client_for, world):
    page = client_for(world["viewer"]).get(reverse("levers:index", args=[world["project"].pk]))
    html = page.content.decode()
    assert 'id="status-draft"' in html and 'id="status-submitted"' in html
    assert 'data-spec-id="impact-effort"' in html
    points = page.context["board"].matrix_spec["layer"][-1]["data"]["values"]
    assert {p["label"] for p in points} == {world["draft"].title, world["submitted"].title}


def test_levers_counts_for_the_roadmap(world):
    services.candidate_create(project=world["project"], user=world["owner"], title="Not costed")
    assert levers_counts(world["project"]) == {"justified": 2, "ratified": 0}
    services.candidate_ratify(
        candidate=world["submitted"], user=world["sponsor"], actions=[{"title": "Go"}]
    )
    assert levers_counts(world["project"]) == {"justified": 2, "ratified": 1}


def test_economics_say_what_is_missing(world):
    bare = services.candidate_create(project=world["project"], user=world["owner"], title="Idea")
    with translation.override("en"):
        economics = candidate_economics(bare)
        assert not economics.ok
        assert "investment" in economics.errors[0]


# --- the catalogue -------------------------------------------------------------------------


def test_builtin_catalogue_is_loaded_with_the_usual_levers(db):
    codes = set(Lever.objects.filter(company=None).values_list("code", flat=True))
    expected = {"5s", "smed", "tpm", "kanban", "supermarket", "one_piece_flow", "line_balancing"}
    expected |= {"heijunka", "poka_yoke", "jidoka", "standard_work", "visual_management", "qrqc"}
    expected |= {"layout", "fifo_flow", "autonomous_maintenance", "kaizen_event", "a3"}
    assert expected <= codes
    assert services.catalogue_sync() == 0  # loaded by the migration already


def test_builtin_levers_are_read_only(world):
    with pytest.raises(ValidationError):
        services.lever_update(lever=world["builtin"], user=world["owner"], name="Mine now")
    assert Lever.objects.get(pk=world["builtin"].pk).name == "5S"


def test_builtin_texts_follow_the_interface_language(world):
    from django.utils import translation

    smed = Lever.objects.get(code="smed", company=None)
    with translation.override("en"):
        assert smed.texts.name == "SMED (quick changeover)"


def test_catalogue_search_and_category_filter(world):
    project = world["project"]
    with translation.override("en"):  # the search runs on the texts in the reader's language
        found = lever_catalogue(project=project, query="changeover")
    assert "smed" in {lv.code for lv in found}
    with translation.override("fr"):
        found = lever_catalogue(project=project, query="changement de série")
    assert "smed" in {lv.code for lv in found}
    flow = lever_catalogue(project=project, category="flow")
    assert flow and all(lv.category == "flow" for lv in flow)
    assert world["own_lever"] in flow


def test_company_lever_is_invisible_to_other_companies(client_for, world, other_company_project):
    other = other_company_project
    own = world["own_lever"]
    assert own not in lever_catalogue(project=other["project"])
    client = client_for(other["facilitator"])
    url = reverse("levers:lever_detail", args=[other["project"].pk, own.pk])
    assert client.get(url).status_code == 404
    catalogue = client.get(reverse("levers:catalogue", args=[other["project"].pk]))
    assert "Milk run" not in catalogue.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(
            project=other["project"], user=other["facilitator"], title="X", lever=own
        )
    assert "lever" in exc.value.message_dict


def test_candidate_of_another_project_gets_404(client_for, world, other_company_project):
    foreign = services.candidate_create(
        project=other_company_project["project"],
        user=other_company_project["facilitator"],
        title="Foreign",
    )
    client = client_for(world["owner"])
    url = reverse("levers:detail", args=[world["project"].pk, foreign.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def other_company_project(db):
    from django.contrib.auth import get_user_model

    from obeya.organisation.models import Company, Person
    from obeya.projects.models import Membership, Project

    company = Company.objects.create(name="Other Works")
    user = get_user_model().objects.create_user(username="otherfac", password="x")
    Person.objects.create(company=company, first_name="Other", last_name="Fac", user=user)
    project = Project.objects.create(company=company, title="Other project")
    Membership.objects.create(project=project, user=user, role="facilitator")
    return {"project": project, "facilitator": user}


# --- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_levers_cover_every_outcome_and_load_once(cast, language):
    from obeya.levers.demo import load_demo_levers

    project = cast["project"]
    load_demo_levers(
        project, language=language, facilitator_user=cast["owner"], sponsor_user=cast["sponsor"]
    )  # no axis yet: nothing to attach the candidates to
    assert not project.candidate_levers.exists()
    _axis(project, "Lead time", 1), _axis(project, "Productivity", 2)
    for _ in range(2):
        load_demo_levers(
            project,
            language=language,
            facilitator_user=cast["owner"],
            sponsor_user=cast["sponsor"],
        )
    statuses = sorted(project.candidate_levers.values_list("status", flat=True))
    assert statuses == ["draft", "ratified", "ratified", "rejected", "submitted"]
    for candidate in project.candidate_levers.filter(status="ratified"):
        assert candidate.actions.exists()
        assert candidate_economics(candidate).ok
    rejected = project.candidate_levers.get(status="rejected")
    assert rejected.decision_comment and rejected.decided_by == cast["sponsor"]
    assert levers_counts(project) == {"justified": 5, "ratified": 2}


# --- gains of the future state -------------------------------------------------------------


def test_future_state_gains_are_previewed_then_taken_as_the_expected_gain(client_for, world):
    from obeya.valuestreams.demo import load_demo_value_streams
    from obeya.valuestreams.models import ValueStream

    project, draft = world["project"], world["draft"]
    load_demo_value_streams(project=project, language="en", user=world["owner"])
    future = ValueStream.objects.get(project=project, state="future")
    services.candidate_update(candidate=draft, user=world["owner"], value_stream=future)
    url = reverse("levers:candidate_future_gains", args=[project.pk, draft.pk])
    assumptions = {
        "unit_value_eur": "20",
        "carrying_rate_pct": "25",
        "labour_cost_eur_per_hour": "35",
        "hours_per_operator_year": "1600",
        "working_days_per_year": "220",
    }
    preview = client_for(world["viewer"]).get(url, assumptions)
    gains = preview.context["comparison"].gains
    assert gains.lead_time_days_saved > 0 and gains.annual_gain_eur > 0
    assert 'id="annual-gain"' in preview.content.decode()
    draft.refresh_from_db()
    assert draft.gain_eur_per_year == Decimal("24000")  # a preview changes nothing

    assert client_for(world["viewer"]).post(url, assumptions).status_code == 403
    response = client_for(world["owner"]).post(url, assumptions)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert float(draft.gain_eur_per_year) == pytest.approx(gains.annual_gain_eur, abs=0.01)
    assert draft.gain_breakdown["assumptions"]["carrying_rate"] == 0.25
    assert draft.gain_breakdown["gains"]["annual_gain_eur"] == pytest.approx(
        gains.annual_gain_eur, abs=0.01
    )


def test_future_state_gains_without_a_linked_map_say_so(client_for, world):
    url = reverse("levers:candidate_future_gains", args=[world["project"].pk, world["draft"].pk])
    page = client_for(world["owner"]).get(url, {"unit_value_eur": "20"}, **EN)
    assert page.status_code == 200
    assert not page.context["comparison"].ok
    assert "future-state value stream" in page.content.decode()


def test_edit_page_of_a_submitted_candidate_sends_back_to_it(client_for, world):
    submitted = world["submitted"]
    url = reverse("levers:candidate_edit", args=[world["project"].pk, submitted.pk])
    response = client_for(world["owner"]).post(url, _candidate(world))
    assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    submitted.refresh_from_db()
    assert submitted.title == "Kanban loop cutting-bending"


def test_every_formula_of_the_core_is_in_the_catalogues():
    from obeya.core.finance import formulas
    from obeya.levers.selectors import FORMULA_TEXTS

    assert set(FORMULA_TEXTS) == set(formulas().values())


def test_editing_without_changing_a_figure_records_no_change(world):
    from decimal import Decimal

    from obeya.audit.models import AuditEntry

    candidate = services.candidate_create(
        project=world["project"], user=world["owner"], title="Idea", investment_eur=Decimal("42000")
    )
    candidate.refresh_from_db()  # stored as 42000.00
    services.candidate_update(
        candidate=candidate, user=world["owner"], investment_eur=Decimal("42000"), title="Idea 2"
    )
    entry = AuditEntry.objects.filter(object_id=candidate.pk).order_by("-pk").first()
    assert "title" in entry.changes
    assert "investment_eur" not in entry.changes
