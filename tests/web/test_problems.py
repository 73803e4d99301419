"""Problem solving: proposals from KPI signals, 5 whys, Ishikawa, corrective actions in the
plan, the effectiveness check that alone closes a problem, PDCA cycles, the API, the demo.

Rules (docs/problems.md): everyone with a role reads problems; facilitators open, edit, move,
check, close and reopen them and add corrective actions; facilitators and team members write
whys and Ishikawa causes; a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from permission_table import (
    CONTRIBUTORS,
    EVERYONE,
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.decisions.models import Axis
from obeya.kpis import services as kpi_services
from obeya.kpis.models import Kpi, KpiPhase, Measurement
from obeya.problems import services
from obeya.problems.models import Cause, CorrectiveAction, Cycle, Problem, Why
from obeya.problems.selectors import effect_check, problem_proposals
from obeya.teams.models import ImprovementTeam

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# Changeover times (min): stable around 45, then around 22 after the SMED workshop.
BEFORE = [45, 43, 47, 44, 46, 45, 42, 48, 45, 44, 46, 45, 43, 47, 44, 46, 45, 44, 46, 45]
AFTER = [22, 23, 21, 22, 24, 20, 22, 23, 21, 22, 23, 21]


def _day(n: int) -> dt.datetime:
    """Noon, `n` days ago."""
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=n), dt.time(12)))


def _changeover_kpi(project, user, values, *, phase_at: int | None = None) -> Kpi:
    kpi = kpi_services.kpi_create(
        project=project,
        user=user,
        name="Changeover time",
        definition="Last good part to first good part",
        unit="min",
        direction="decrease",
        target=10,
        frequency="day",
    )
    n = len(values)
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, measured_at=_day(n - i), value=v) for i, v in enumerate(values)
    )
    if phase_at is not None:
        KpiPhase.objects.create(
            kpi=kpi, starts_at=_day(n - phase_at) - dt.timedelta(hours=1), name="After SMED"
        )
    return kpi


def _scrap_kpi(project, user, counts, *, size=500) -> Kpi:
    kpi = kpi_services.kpi_create(
        project=project,
        user=user,
        name="Scrap rate",
        definition="Parts scrapped out of parts bent",
        unit="parts",
        direction="decrease",
        frequency="day",
        data_type="proportion",
        subgroup_size=size,
        chart="p",
    )
    n = len(counts)
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, measured_at=_day(n - i), value=c, sample_size=size)
        for i, c in enumerate(counts)
    )
    return kpi


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _changeover_kpi(project, owner, BEFORE + AFTER, phase_at=len(BEFORE))
    team = ImprovementTeam.objects.create(project=project, name="Press brake team")
    problem = services.problem_create(
        project=project,
        user=owner,
        title="Changeovers too long",
        deviation="Mean 45 min for a target of 10 min",
        kpi=kpi,
        team=team,
    )
    first = services.why_create(problem=problem, user=owner, text="Press stopped to prepare")
    root = services.why_create(
        problem=problem,
        user=owner,
        text="No standard separating internal and external work",
        parent=first,
        is_root_cause=True,
        verification="confirmed",
        evidence="Filmed: 28 of 45 min are external tasks",
    )
    spare = services.why_create(problem=problem, user=owner, text="Tools far away", parent=first)
    cause = services.cause_create(problem=problem, user=owner, category="method", text="No SMED")
    return {
        **cast,
        "kpi": kpi,
        "team": team,
        "problem": problem,
        "why": first,
        "root": root,
        "spare": spare,
        "cause": cause,
    }


def _url(name: str, *keys: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *[w[k].pk for k in keys]])


def _problem_data(w: dict) -> dict:
    return {"title": "Scrap at bending", "deviation": "13 % on 12 Nov", "kpi": w["kpi"].pk}


def _why_data(w: dict) -> dict:
    return {
        "why-text": "Tool trolley missing",
        "why-parent": w["why"].pk,
        "why-verification": "to_verify",
    }


def _cause_data(w: dict) -> dict:
    return {
        "cause-category": "machine",
        "cause-text": "Clamps slow",
        "cause-verification": "to_verify",
    }


def _corrective_data(w: dict) -> dict:
    return {
        "cause": w["root"].pk,
        "title": "Write the changeover standard",
        "side_effects": "Setters' time away from the line",
        "watch": "Weekly review of the line's output",
    }


P = ("problem",)
PAGES = [
    Endpoint("index", "get", _url("problems:index"), 200),
    Endpoint("create form", "get", _url("problems:create"), 200, FACILITATORS),
    Endpoint("create", "post", _url("problems:create"), 302, FACILITATORS, _problem_data),
    Endpoint("detail", "get", _url("problems:detail", *P), 200),
    Endpoint("ishikawa svg", "get", _url("problems:ishikawa", *P), 200),
    Endpoint("edit form", "get", _url("problems:edit", *P), 200, FACILITATORS),
    Endpoint("edit", "post", _url("problems:edit", *P), 302, FACILITATORS, _problem_data),
    Endpoint(
        "move",
        "post",
        _url("problems:move", *P),
        302,
        FACILITATORS,
        lambda w: {"status": "analysing"},
    ),
    Endpoint("delete", "post", _url("problems:delete", *P), 302, FACILITATORS),
    Endpoint("why form", "get", _url("problems:why_add", *P), 200, CONTRIBUTORS),
    Endpoint("why add", "post", _url("problems:why_add", *P), 302, CONTRIBUTORS, _why_data),
    Endpoint(
        "why edit form", "get", _url("problems:why_edit", "problem", "spare"), 200, CONTRIBUTORS
    ),
    Endpoint(
        "why edit",
        "post",
        _url("problems:why_edit", "problem", "spare"),
        302,
        CONTRIBUTORS,
        _why_data,
    ),
    Endpoint(
        "why delete", "post", _url("problems:why_delete", "problem", "spare"), 302, CONTRIBUTORS
    ),
    Endpoint("cause form", "get", _url("problems:cause_add", *P), 200, CONTRIBUTORS),
    Endpoint("cause add", "post", _url("problems:cause_add", *P), 302, CONTRIBUTORS, _cause_data),
    Endpoint(
        "cause edit",
        "post",
        _url("problems:cause_edit", "problem", "cause"),
        302,
        CONTRIBUTORS,
        _cause_data,
    ),
    Endpoint(
        "cause delete", "post", _url("problems:cause_delete", "problem", "cause"), 302, CONTRIBUTORS
    ),
    Endpoint("corrective form", "get", _url("problems:corrective_add", *P), 200, FACILITATORS),
    Endpoint(
        "corrective add",
        "post",
        _url("problems:corrective_add", *P),
        302,
        FACILITATORS,
        _corrective_data,
    ),
    Endpoint("check", "post", _url("problems:check", *P), 302, FACILITATORS),
    Endpoint(
        "close",
        "post",
        _url("problems:close", *P),
        302,
        FACILITATORS,
        lambda w: {"lessons": "Film it"},
    ),
    Endpoint(
        "reopen",
        "post",
        _url("problems:reopen", *P),
        302,
        FACILITATORS,
        lambda w: {"lessons": "Again"},
    ),
]


def _api(path: str = "") -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}/problems" + path.format(p=w["problem"].pk)


API = [
    ApiEndpoint("api list", "get", _api(), 200),
    ApiEndpoint(
        "api create",
        "post",
        _api(),
        201,
        FACILITATORS,
        lambda w: {"title": "Scrap", "deviation": "13 %", "kpi_id": w["kpi"].pk},
    ),
    ApiEndpoint("api get", "get", _api("/{p}"), 200),
    ApiEndpoint(
        "api add why",
        "post",
        _api("/{p}/whys"),
        201,
        CONTRIBUTORS,
        lambda w: {"text": "Tools far", "parent_id": w["why"].pk},
    ),
    ApiEndpoint(
        "api add cause",
        "post",
        _api("/{p}/causes"),
        201,
        CONTRIBUTORS,
        lambda w: {"category": "man", "text": "Skills"},
    ),
    ApiEndpoint("api effect", "get", _api("/{p}/effect"), 200, EVERYONE),
]


def _state() -> tuple:
    return (
        AuditEntry.objects.count(),
        list(Problem.objects.values_list("pk", "status", "cycle", "title")),
        Why.objects.count(),
        list(Cause.objects.values_list("pk", "category")),
        CorrectiveAction.objects.count(),
        list(Cycle.objects.values_list("pk", "checked_at", "lessons")),
        Action.objects.count(),
    )


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_problem_page = outsider_gets_404(PAGES + API, _state)
test_each_role_gets_what_it_may_on_every_problem_page = each_role_gets_what_it_may(
    PAGES + API, _state, reads_change_nothing=True, redirect_is_not_login=True
)


def test_problem_of_another_project_gets_404(client_for, world):
    from obeya.projects.models import Membership, Project

    other = Project.objects.create(company=world["project"].company, title="Paint shop")
    Membership.objects.create(project=other, user=world["owner"], role="facilitator")
    client = client_for(world["owner"])
    assert (
        client.get(reverse("problems:detail", args=[other.pk, world["problem"].pk])).status_code
        == 404
    )
    url = reverse("problems:why_edit", args=[world["project"].pk, world["problem"].pk, 999999])
    assert client.get(url).status_code == 404


# --- services --------------------------------------------------------------------------------


def test_problem_create_starts_cycle_one_and_is_audited(world):
    problem = world["problem"]
    assert problem.status == "open" and problem.cycle == 1
    assert list(problem.cycles.values_list("number", flat=True)) == [1]
    entry = AuditEntry.objects.filter(object_id=problem.pk, content_type__model="problem").get()
    assert entry.changes["title"] == [None, "Changeovers too long"]


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("open", "analysing", True),
        ("analysing", "acting", True),
        ("acting", "checking", True),
        ("checking", "acting", True),
        ("open", "acting", False),
        ("open", "closed", False),
        ("checking", "closed", False),
        ("closed", "analysing", False),
    ],
)
def test_status_flow(world, start, target, allowed):
    problem = world["problem"]
    Problem.objects.filter(pk=problem.pk).update(status=start)
    problem.refresh_from_db()
    if allowed:
        services.problem_move(problem=problem, user=world["owner"], status=target)
        assert problem.status == target
    else:
        with pytest.raises(ValidationError) as exc:
            services.problem_move(problem=problem, user=world["owner"], status=target)
        assert "status" in exc.value.message_dict


def test_a_why_cannot_hang_under_its_own_chain(world):
    with pytest.raises(ValidationError) as exc:
        services.why_update(why=world["why"], user=world["owner"], parent=world["spare"])
    assert "parent" in exc.value.message_dict


def test_verification_needs_evidence_and_records_who_and_when(world):
    spare, teammate = world["spare"], world["teammate"]
    with pytest.raises(ValidationError) as exc:
        services.why_update(why=spare, user=teammate, verification="confirmed")
    assert "evidence" in exc.value.message_dict
    spare.refresh_from_db()
    services.why_update(
        why=spare, user=teammate, verification="rejected", evidence="Tools are 3 m away"
    )
    spare.refresh_from_db()
    assert spare.verified_by == teammate and spare.verified_at is not None
    services.why_update(why=spare, user=teammate, verification="to_verify")
    spare.refresh_from_db()
    assert spare.verified_by is None and spare.verified_at is None


def test_corrective_action_goes_into_the_plan_with_the_team_and_the_axis(world):
    project, owner = world["project"], world["owner"]
    axis = Axis.objects.create(project=project, title="Flexibility", kpi=world["kpi"])
    link = services.corrective_action_create(
        problem=world["problem"],
        user=owner,
        cause=world["root"],
        title="Write the changeover standard",
        side_effects="Setters away from the line",
        watch="Output reviewed weekly",
        due_date=timezone.localdate(),
    )
    action = link.action
    assert action.project == project and action.team == world["team"] and action.axis == axis
    assert (action.stage, action.pdca_step, action.status) == ("correct", "do", "todo")
    world["problem"].refresh_from_db()
    assert world["problem"].status == "acting"


def test_corrective_action_must_treat_a_root_cause(world):
    with pytest.raises(ValidationError) as exc:
        services.corrective_action_create(
            problem=world["problem"],
            user=world["owner"],
            cause=world["spare"],
            title="Move the tools",
            side_effects="-",
            watch="-",
        )
    assert "cause" in exc.value.message_dict
    assert not Action.objects.filter(title="Move the tools").exists()


def test_effect_check_compares_before_and_after_the_kpi_phase(world):
    result = effect_check(world["problem"])
    check = result.check
    assert result.split_source == "phase"
    assert check.method == "welch"
    assert check.before == pytest.approx(sum(BEFORE) / len(BEFORE))
    assert check.after == pytest.approx(sum(AFTER) / len(AFTER))
    assert (check.n_before, check.n_after) == (20, 12)
    assert check.p_value < 1e-10 and check.rule1_after == 0 and check.effect_shown
    assert len(result.specs) == 1


def test_problem_closes_when_the_effect_is_shown(world):
    problem, owner = world["problem"], world["owner"]
    services.problem_check_effect(problem=problem, user=owner)
    assert problem.status == "checking"
    services.problem_close(problem=problem, user=owner, lessons="Film the changeover")
    problem.refresh_from_db()
    cycle = problem.cycles.get()
    assert problem.status == "closed" and problem.closed_at is not None
    assert cycle.effect_shown is True and cycle.lessons == "Film the changeover"
    assert cycle.check_result["method"] == "welch" and cycle.check_result["p_value"] < 0.05


def test_close_is_refused_without_effect_and_the_loop_reopens(cast):
    project, owner = cast["project"], cast["owner"]
    flat = [45, 44, 46, 45, 43, 47, 45, 44, 46, 45]
    kpi = _changeover_kpi(project, owner, flat + [46, 44, 45, 43, 47, 45], phase_at=len(flat))
    problem = services.problem_create(
        project=project, user=owner, title="Long changeovers", deviation="45 min", kpi=kpi
    )
    services.problem_check_effect(problem=problem, user=owner)
    with pytest.raises(ValidationError) as exc:
        services.problem_close(problem=problem, user=owner)
    assert "within the usual variation" in " ".join(exc.value.messages)
    problem.refresh_from_db()
    assert problem.status == "checking"  # the refusal changed nothing: one transaction
    cycle = problem.cycles.get()
    assert cycle.effect_shown is False and "not_significant" in cycle.check_result["reasons"]

    services.problem_reopen(problem=problem, user=owner, lessons="The standard was not applied")
    problem.refresh_from_db()
    assert (problem.status, problem.cycle) == ("analysing", 2)
    first, second = problem.cycles.order_by("number")
    assert first.ended_at and first.lessons == "The standard was not applied"
    assert first.effect_shown is False and second.ended_at is None
    with pytest.raises(ValidationError) as exc:
        services.problem_reopen(problem=problem, user=owner, lessons=" ")
    assert "lessons" in exc.value.message_dict


def test_close_is_refused_when_the_kpi_moved_the_wrong_way(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _changeover_kpi(project, owner, AFTER + BEFORE, phase_at=len(AFTER))
    problem = services.problem_create(
        project=project, user=owner, title="Worse", deviation="22 min", kpi=kpi
    )
    with pytest.raises(ValidationError, match="good direction"):
        services.problem_close(problem=problem, user=owner)


def test_close_is_refused_without_a_date_to_compare(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _changeover_kpi(project, owner, BEFORE)
    problem = services.problem_create(
        project=project, user=owner, title="X", deviation="Y", kpi=kpi
    )
    with pytest.raises(ValidationError, match="Choose the date"):
        services.problem_close(problem=problem, user=owner)


def test_proportion_kpi_is_checked_with_the_two_proportion_test(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _scrap_kpi(
        project, owner, [22, 25, 23, 21, 24, 22, 23, 25, 20, 22] + [9, 10, 8, 11, 10, 9]
    )
    problem = services.problem_create(
        project=project, user=owner, title="Scrap", deviation="4.5 %", kpi=kpi
    )
    split = timezone.localdate() - dt.timedelta(days=6)
    cycle = services.problem_check_effect(problem=problem, user=owner, check_from=split)
    result = cycle.check_result
    assert result["method"] == "two_proportions"
    assert result["before"] == pytest.approx(227 / 5000) and result["after"] == pytest.approx(
        57 / 3000
    )
    assert result["n_before"] == 5000 and result["effect_shown"] is True
    problem.refresh_from_db()
    assert problem.check_from == split


# --- proposals ---------------------------------------------------------------------------------


def test_a_special_cause_on_a_latest_point_is_proposed_with_its_figures(cast, client_for):
    project, owner = cast["project"], cast["owner"]
    kpi = _scrap_kpi(project, owner, [22, 25, 23, 21, 24, 22, 23, 25, 20, 22, 24, 23, 65, 22])
    proposals = problem_proposals(project)
    assert [(p.kpi, p.kind) for p in proposals] == [(kpi, "rule")]
    proposal = proposals[0]
    assert proposal.value == pytest.approx(0.13) and 1 in proposal.rules
    assert proposal.day == timezone.localdate() - dt.timedelta(days=2)
    page = client_for(owner).get(reverse("problems:index", args=[project.pk]), **EN)
    assert "Open this problem" in page.content.decode()
    form = client_for(owner).get(
        reverse("problems:create", args=[project.pk]) + f"?kpi={kpi.pk}", **EN
    )
    initial = form.context["form"].initial
    assert initial["kpi"] == kpi.pk and initial["since"] == proposal.day
    assert "0.13" in initial["deviation"] and f"{proposal.limit:.4g}" in initial["deviation"]
    assert "upper control limit" in initial["deviation"]


def test_target_missed_three_times_in_a_row_is_proposed(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _changeover_kpi(project, owner, [9, 8, 9, 10, 9, 8, 12, 13, 12])
    [proposal] = problem_proposals(project)
    assert (proposal.kpi, proposal.kind, proposal.misses, proposal.value) == (kpi, "target", 3, 12)
    assert "missed its target 10 min on the latest 3 points" in proposal.deviation


def test_no_proposal_for_a_kpi_with_an_open_problem_or_in_control(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _changeover_kpi(project, owner, [9, 8, 9, 10, 9, 8, 12, 13, 12])
    services.problem_create(project=project, user=owner, title="X", deviation="Y", kpi=kpi)
    assert problem_proposals(project) == []
    _scrap_kpi(project, owner, [22, 25, 23, 21, 24, 22, 23, 25, 20, 22])
    assert problem_proposals(project) == []


# --- pages and API ---------------------------------------------------------------------------


def test_detail_shows_tree_depth_fishbone_and_effect(world, client_for):
    page = client_for(world["viewer"]).get(world["problem"].get_absolute_url(), **EN)
    html = page.content.decode()
    assert "deepest chain: 2 whys" in html
    assert 'class="ishikawa"' in html and "No SMED" in html
    assert "Effect shown" in html and 'id="effect-p"' in html
    assert "This chain stops without reaching a root cause." in html  # the spare why


def test_close_refused_on_the_page_names_the_reason(cast, client_for):
    project, owner = cast["project"], cast["owner"]
    kpi = _changeover_kpi(
        project, owner, [45, 44, 46, 45, 43, 47, 45, 44, 46, 45, 46, 44], phase_at=8
    )
    problem = services.problem_create(
        project=project, user=owner, title="X", deviation="Y", kpi=kpi
    )
    response = client_for(owner).post(
        reverse("problems:close", args=[project.pk, problem.pk]), **EN
    )
    assert response.status_code == 422
    assert "The effect is not shown" in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == "open"


def test_ishikawa_downloads_as_an_svg_file(world, client_for):
    response = client_for(world["viewer"]).get(
        reverse("problems:ishikawa", args=[world["project"].pk, world["problem"].pk])
    )
    assert response["Content-Type"] == "image/svg+xml"
    assert 'filename="ishikawa-changeovers-too-long.svg"' in response["Content-Disposition"]
    assert b"No SMED" in response.content


def test_api_effect_returns_the_test_figures(world, api_for):
    url = f"/api/projects/{world['project'].pk}/problems/{world['problem'].pk}/effect"
    body = api_for(world["viewer"]).get(url).json()
    assert body["check_from_source"] == "phase" and body["chart"] == "xmr"
    assert body["check"]["method"] == "welch" and body["check"]["effect_shown"] is True
    assert body["check"]["before"] == pytest.approx(sum(BEFORE) / len(BEFORE))


def test_api_refuses_a_why_of_another_problem_naming_the_field(world, api_for):
    other = services.problem_create(
        project=world["project"], user=world["owner"], title="B", deviation="C"
    )
    url = f"/api/projects/{world['project'].pk}/problems/{other.pk}/whys"
    response = api_for(world["teammate"]).post(
        url, {"text": "x", "parent_id": world["why"].pk}, content_type="application/json"
    )
    assert response.status_code == 422 and "parent_id" in response.json()["detail"]


# --- demo ------------------------------------------------------------------------------------


def test_demo_solves_the_scrap_problem_and_closes_the_changeover_one(cast):
    from obeya.kpis.demo import load_demo_kpis
    from obeya.problems.demo import load_demo_problems

    project, owner = cast["project"], cast["owner"]
    today = dt.date(2026, 11, 30)
    load_demo_kpis(project, language="en", facilitator_user=owner, today=today)
    load_demo_problems(project, language="en", user=owner, today=today)
    load_demo_problems(project, language="en", user=owner, today=today)  # idempotent
    scrap = Problem.objects.get(project=project, title="Bending scrap: coil out of tolerance")
    [root] = [w for w in scrap.whys.all() if w.is_verified_root_cause]
    assert root.text == "The supplier's certificate is not checked at reception"
    assert root.parent.text == "The coil delivered is out of tolerance"
    assert "upper control limit" in scrap.deviation
    [link] = scrap.corrective_actions.all()
    assert link.cause == root and link.action.status == "done"
    assert (
        scrap.status == "checking"
        and scrap.cycles.get().check_result["method"] == "two_proportions"
    )
    changeover = Problem.objects.get(project=project, title="Changeovers too long")
    assert changeover.status == "closed"
    check = changeover.cycles.get().check_result
    assert check["method"] == "welch" and check["effect_shown"] and check["p_value"] < 1e-6


def test_a_signal_in_the_good_direction_is_not_a_problem(cast):
    project, owner = cast["project"], cast["owner"]
    # Scrap falls to zero on the latest day: rule 1 below the lower limit, but good news.
    _scrap_kpi(project, owner, [22, 25, 23, 21, 24, 22, 23, 25, 20, 22, 24, 23, 22, 0])
    assert problem_proposals(project) == []
