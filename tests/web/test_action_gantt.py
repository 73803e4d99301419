"""The Gantt chart of the action plan: who may see and move what, dependencies (loops refused
and named, overlaps warned), rescheduling (dates, baseline, refusals explained) and the
critical path shown on the page and by the API (docs/gantt.md)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from permission_table import (
    AUTHORS,
    CONTRIBUTORS,
    EVERYONE,
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions import services
from obeya.actions.gantt import gantt_chart
from obeya.actions.models import Action
from obeya.audit.models import AuditEntry

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HTMX = {"HTTP_HX_REQUEST": "true", **EN}
MONDAY = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())


def _day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def _action(project, title, start, due, owner=None, **extra) -> Action:
    return services.action_create(
        project=project,
        user=None,
        title=title,
        owner=owner,
        start_date=_day(start) if start is not None else None,
        due_date=_day(due) if due is not None else None,
        **extra,
    )


@pytest.fixture
def world(cast):
    """A plan of four dated actions and an undated one:
    survey (days 0-4, owner) → trial (5-9, teammate) → validated (milestone, day 9);
    training (0-2, owner) → trial. Critical path: survey → trial → validated (10 days);
    training has 2 days of float."""
    project = cast["project"]
    owner, teammate = cast["owner"].person, cast["teammate"].person
    survey = _action(project, "Survey the press", 0, 4, owner)
    training = _action(project, "Train the operators", 0, 2, owner)
    trial = _action(project, "SMED trial", 5, 9, teammate)
    validated = _action(project, "Trial validated", 9, 9, owner, milestone=True)
    undated = _action(project, "Buy a trolley", None, None)
    trial.depends_on.set([survey, training])
    validated.depends_on.set([trial])
    return {
        **cast,
        "survey": survey,
        "training": training,
        "trial": trial,
        "validated": validated,
        "undated": undated,
    }


def _url(name, key=None):
    def url(w):
        args = [w["project"].pk] + ([w[key].pk] if key else [])
        return reverse(name, args=args)

    return url


def _api(path):
    return lambda w: "/api/projects/" + path.format(p=w["project"].pk, t=w["trial"].pk)


PAGES = [
    Endpoint("gantt", "get", _url("actions:gantt"), 200, EVERYONE),
    Endpoint("gantt partial", "get", _url("actions:gantt"), 200, EVERYONE, htmx=True),
    Endpoint(
        "reschedule own action",
        "post",
        _url("actions:reschedule", "trial"),
        200,
        AUTHORS,
        lambda w: {"days": 2},
        htmx=True,
    ),
    Endpoint(
        "reschedule facilitator's action",
        "post",
        _url("actions:reschedule", "survey"),
        302,
        FACILITATORS,
        lambda w: {"days": -1},
    ),
    Endpoint(
        "add a dependency",
        "post",
        _url("actions:dependencies", "validated"),
        302,
        FACILITATORS,
        lambda w: {"add": w["training"].pk},
    ),
    Endpoint(
        "remove a dependency of own action",
        "post",
        _url("actions:dependencies", "trial"),
        200,
        CONTRIBUTORS,
        lambda w: {"remove": w["training"].pk},
        htmx=True,
    ),
]
API = [
    ApiEndpoint("API schedule", "get", _api("{p}/schedule"), 200, EVERYONE),
    ApiEndpoint(
        "API dependencies",
        "post",
        _api("{p}/actions/{t}/dependencies"),
        200,
        AUTHORS,
        lambda w: {"predecessor_ids": [w["survey"].pk]},
    ),
]


def _state():
    return (
        AuditEntry.objects.count(),
        sorted(Action.objects.values_list("pk", "start_date", "due_date")),
        sorted(Action.depends_on.through.objects.values_list("from_action_id", "to_action_id")),
    )


test_anonymous_user_is_sent_to_login_on_gantt_pages = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_gantt_page_and_endpoint = outsider_gets_404(PAGES + API, _state)
test_each_role_gets_what_it_may_on_the_gantt = each_role_gets_what_it_may(
    PAGES + API, _state, reads_change_nothing=True
)


def test_gantt_page_shows_the_critical_path_and_floats(client_for, world):
    response = client_for(world["viewer"]).get(_url("actions:gantt")(world), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Survey the press → SMED trial → Trial validated" in html
    chart = response.context["chart"]
    schedule = chart.schedule
    assert schedule.critical_keys == {world[k].pk for k in ("survey", "trial", "validated")}
    assert schedule.by_key[world["training"].pk].total_float_days == 2
    assert schedule.duration_days == 10
    assert [a.title for a in chart.undated] == ["Buy a trolley"]
    assert f'id="gantt-bar-{world["survey"].pk}"' in html
    classes = re.search(rf'<g class="([^"]*)"\s+id="gantt-bar-{world["survey"].pk}"', html)
    assert "critical" in classes.group(1).split()
    classes = re.search(rf'<g class="([^"]*)"\s+id="gantt-bar-{world["training"].pk}"', html)
    assert "critical" not in classes.group(1).split()
    assert "<polygon" in html  # the milestone's diamond
    assert len(response.context["chart"].arrows) == 3  # one arrow per dependency
    assert html.count('class="gantt-link') == 3 + 1  # and one in the legend
    assert "gantt-today" in html
    assert "Not on the chart" in html and "Buy a trolley" in html
    # A viewer moves nothing: no bar is draggable for them.
    assert "data-reschedule-url" not in html


def test_only_the_bars_the_user_may_move_are_draggable(client_for, world):
    html = client_for(world["teammate"]).get(_url("actions:gantt")(world), **EN).content
    html = html.decode()
    assert html.count("data-reschedule-url") == 1
    assert reverse("actions:reschedule", args=[world["project"].pk, world["trial"].pk]) in html


@pytest.mark.parametrize("grouping", ["axis", "team", "none"])
def test_gantt_groups_rows_by_axis_or_team(client_for, world, grouping):
    from obeya.decisions.models import Axis

    axis = Axis.objects.create(project=world["project"], title="Shorter changeovers")
    Action.objects.filter(pk=world["trial"].pk).update(axis=axis)
    response = client_for(world["owner"]).get(
        _url("actions:gantt")(world), {"group": grouping}, **EN
    )
    labels = [g.label for g in response.context["chart"].groups]
    expected = {
        "axis": ["Shorter changeovers", "No priority axis"],
        "team": ["No team"],
        "none": ["All actions"],
    }
    assert labels == expected[grouping]


def test_reschedule_moves_both_dates_keeps_the_baseline_and_recomputes_the_path(client_for, world):
    training = world["training"]
    response = client_for(world["owner"]).post(
        _url("actions:reschedule", "training")(world), {"days": 4}, **HTMX
    )
    assert response.status_code == 200
    training.refresh_from_db()
    assert (training.start_date, training.due_date) == (_day(4), _day(6))
    assert (training.planned_start, training.planned_due) == (_day(0), _day(2))
    assert training.slippage_days == 4
    # Now training ends on day 6, the trial waits for it: training is critical, survey is not.
    schedule = response.context["chart"].schedule
    assert training.pk in schedule.critical_keys
    assert world["survey"].pk not in schedule.critical_keys
    html = response.content.decode()
    assert "Train the operators → SMED trial → Trial validated" in html
    assert "+4 d" in html  # the slippage next to the bar
    assert "bar-baseline" in html
    # The trial is planned to start before the training is due: warned, not refused.
    assert "starts on" in html and "before “Train the operators” is due" in html
    assert AuditEntry.objects.filter(object_id=training.pk, verb="update").exists()


def test_resize_changes_the_due_date_only(client_for, world):
    survey = world["survey"]
    client_for(world["owner"]).post(
        _url("actions:reschedule", "survey")(world), {"days": 3, "mode": "resize"}, **HTMX
    )
    survey.refresh_from_db()
    assert (survey.start_date, survey.due_date) == (_day(0), _day(7))


@pytest.mark.parametrize(
    ("key", "data", "reason"),
    [
        ("survey", {"days": -6, "mode": "resize"}, "The due date comes before the start date."),
        ("validated", {"days": 2, "mode": "resize"}, "A milestone is one date"),
        ("undated", {"days": 1}, "Give the action a start and a due date"),
        ("survey", {"days": "soon"}, "days:"),
    ],
)
def test_refused_moves_are_explained_and_change_nothing(client_for, world, key, data, reason):
    before = _state()
    response = client_for(world["owner"]).post(_url("actions:reschedule", key)(world), data, **HTMX)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert 'class="gantt-message refused"' in response.content.decode()
    assert _state() == before


def test_reschedule_without_script_redirects_with_a_message(client_for, world):
    client = client_for(world["owner"])
    response = client.post(_url("actions:reschedule", "survey")(world), {"days": 1}, **EN)
    assert response.status_code == 302
    page = client.get(response["Location"], **EN).content.decode()
    assert "“Survey the press” now runs from" in page


def test_a_loop_is_refused_with_the_loop_named(client_for, world):
    response = client_for(world["owner"]).post(
        _url("actions:dependencies", "survey")(world), {"add": world["validated"].pk}, **HTMX
    )
    assert response.status_code == 200  # swapped in by htmx, which leaves 4xx answers out
    assert 'class="dependency-message refused" role="alert"' in response.content.decode()
    html = response.content.decode()
    assert "would make a loop" in html
    loop = "“Survey the press” → “SMED trial” → “Trial validated” → “Survey the press”"
    assert loop in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert not world["survey"].depends_on.exists()


def test_service_names_the_cycle_and_refuses_self_dependency(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.action_set_dependencies(
            action=world["survey"], predecessors=[world["survey"]], user=world["owner"]
        )
    assert "“Survey the press” → “Survey the press”" in error.value.messages[0]


def test_predecessor_of_another_project_is_refused(world, company):
    from django.core.exceptions import ValidationError

    from obeya.projects.models import Project

    other = Project.objects.create(company=company, title="Other")
    foreign = Action.objects.create(project=other, title="Elsewhere")
    with pytest.raises(ValidationError, match="belongs to another project"):
        services.action_set_dependencies(
            action=world["survey"], predecessors=[foreign], user=world["owner"]
        )


def test_dependency_added_from_the_action_page_with_overlap_warning(client_for, world):
    client = client_for(world["owner"])
    # The survey (days 0-4) before the training (days 0-2): the training starts too early.
    response = client.post(
        _url("actions:dependencies", "training")(world), {"add": world["survey"].pk}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Survey the press" in html and "Overlaps" in html
    assert "“Train the operators” starts on" in html
    assert list(world["training"].depends_on.all()) == [world["survey"]]
    entry = AuditEntry.objects.filter(object_id=world["training"].pk).first()
    assert entry.changes["depends_on"] == [[], ["Survey the press"]]
    detail = client.get(world["trial"].get_absolute_url(), **EN).content.decode()
    assert 'id="action-dependencies"' in detail
    assert "Trial validated" in detail  # the trial's successor


def test_api_schedule_gives_dates_float_and_critical_flag(api_for, world):
    response = api_for(world["viewer"]).get(f"/api/projects/{world['project'].pk}/schedule")
    assert response.status_code == 200
    data = response.json()
    rows = {row["id"]: row for row in data["actions"]}
    training = rows[world["training"].pk]
    assert training["total_float_days"] == 2
    assert training["critical"] is False
    assert training["latest_start"] == _day(2).isoformat()
    assert rows[world["trial"].pk]["earliest_start"] == _day(5).isoformat()
    assert data["critical_paths"] == [[world[k].pk for k in ("survey", "trial", "validated")]]
    assert data["undated_ids"] == [world["undated"].pk]
    assert data["duration_days"] == 10


def test_api_dependencies_refuse_a_loop_and_unknown_actions(api_for, world):
    client = api_for(world["owner"])
    url = f"/api/projects/{world['project'].pk}/actions/{world['survey'].pk}/dependencies"
    loop = client.post(
        url, {"predecessor_ids": [world["trial"].pk]}, content_type="application/json"
    )
    assert loop.status_code == 422
    assert "“SMED trial” → “Survey the press”" in str(loop.json()["detail"])
    unknown = client.post(url, {"predecessor_ids": [999999]}, content_type="application/json")
    assert unknown.status_code == 422
    assert "predecessor_ids" in unknown.json()["detail"]


def test_chart_of_a_plan_without_dates(cast):
    chart = gantt_chart(cast["project"], today=dt.date.today())
    assert chart.groups == [] and chart.schedule.timings == ()


def test_demo_links_each_stage_to_the_previous_one_and_slips_one_action(cast):
    from obeya.actions.demo_gantt import SLIPPAGE_DAYS, load_demo_gantt

    project, today = cast["project"], dt.date.today()
    mapped = _action(project, "Map the flow", -20, -10, stage="diagnose", status="done")
    ranked = _action(project, "Rank the levers", -8, -5, stage="prioritise", status="done")
    trial = _action(project, "SMED trial", 3, 12, stage="pilot")
    rollout = _action(project, "Roll out", 14, 20, stage="pilot")
    load_demo_gantt(project=project, user=cast["owner"], today=today)
    assert list(ranked.depends_on.all()) == [mapped]
    assert list(trial.depends_on.all()) == [ranked]
    assert list(rollout.depends_on.all()) == [ranked]
    trial.refresh_from_db()
    assert trial.slippage_days == SLIPPAGE_DAYS
    load_demo_gantt(project=project, user=cast["owner"], today=today)  # idempotent
    trial.refresh_from_db()
    assert trial.slippage_days == SLIPPAGE_DAYS


def test_svg_numbers_are_not_localised_in_french(client_for, world):
    """French writes 12,5: the chart's coordinates must keep the dot SVG reads."""
    services.action_update(action=world["survey"], user=None, progress=33)
    response = client_for(world["owner"]).get(
        _url("actions:gantt")(world), HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = response.content.decode()
    svg = html[html.index('<svg class="gantt-svg"') : html.index("</svg>", html.index("gantt-svg"))]
    assert re.search(r'width="\d+\.\d+"', svg)  # the progress fill: 33 % of a bar
    assert not re.search(r'(x|y|width|height)="\d+,\d+"', svg)
