"""The action plan page: its filters, risk flags and bulk edits, the table alone for HTMX
requests, and the action form and page with the piloting fields (docs/actions.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from permission_table import (
    CONTRIBUTORS,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry


@pytest.fixture
def plan(cast, actions):
    """The fixture's two actions plus a done one owned by the viewer, in stage diagnose."""
    done = Action.objects.create(
        project=cast["project"],
        title="Interview the team leaders",
        description="Cutting and bending shifts",
        owner=cast["viewer"].person,
        stage="diagnose",
        status=Action.Status.DONE,
        progress=100,
    )
    return {**actions, "done": done}


def _titles(client, project, **params):
    response = client.get(reverse("actions:index", args=[project.pk]), params)
    assert response.status_code == 200
    return {a.title for a in response.context["actions"]}


def test_action_list_without_filter_shows_every_action(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"])
    assert titles == {"SMED on press brake", "Map the flow", "Interview the team leaders"}


def test_action_list_filters_by_status(client_for, cast, plan):
    client = client_for(cast["viewer"])
    assert _titles(client, cast["project"], status="done") == {"Interview the team leaders"}
    assert _titles(client, cast["project"], status="todo") == {
        "SMED on press brake",
        "Map the flow",
    }


def test_action_list_filters_by_stage(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], stage="diagnose")
    assert titles == {"Map the flow", "Interview the team leaders"}


def test_action_list_filters_by_owner(client_for, cast, plan):
    owner = cast["teammate"].person.pk
    titles = _titles(client_for(cast["viewer"]), cast["project"], owner=owner)
    assert titles == {"SMED on press brake"}


def test_action_list_filters_overdue_actions(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], overdue="on")
    assert titles == {"SMED on press brake"}


@pytest.mark.parametrize("q", ["smed", "  SMED ", "press brake"])
def test_action_list_searches_titles(client_for, cast, plan, q):
    assert _titles(client_for(cast["viewer"]), cast["project"], q=q) == {"SMED on press brake"}


def test_action_list_searches_descriptions(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], q="bending shifts")
    assert titles == {"Interview the team leaders"}


def test_action_list_combines_filters(client_for, cast, plan):
    client = client_for(cast["viewer"])
    assert _titles(client, cast["project"], stage="diagnose", status="todo") == {"Map the flow"}
    assert _titles(client, cast["project"], stage="pilot", status="done") == set()


def test_action_list_ignores_an_invalid_filter_value(client_for, cast, plan):
    titles = _titles(client_for(cast["viewer"]), cast["project"], status="bogus")
    assert len(titles) == 3


def test_owner_filter_offers_only_people_owning_actions_in_the_project(client_for, cast, plan):
    response = client_for(cast["viewer"]).get(reverse("actions:index", args=[cast["project"].pk]))
    owners = set(response.context["form"].fields["owner"].queryset)
    assert owners == {cast["teammate"].person, cast["owner"].person, cast["viewer"].person}


def test_htmx_request_gets_only_the_table(client_for, cast, plan):
    response = client_for(cast["viewer"]).get(
        reverse("actions:index", args=[cast["project"].pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<table" in html
    assert "Interview the team leaders" in html
    assert "SMED on press brake" not in html
    assert "HX-Request" in response["Vary"]
    assert [t.name for t in response.templates][0] == "actions/_action_table.html"


def test_full_page_request_gets_the_whole_page(client_for, cast, plan):
    response = client_for(cast["viewer"]).get(reverse("actions:index", args=[cast["project"].pk]))
    html = response.content.decode()
    assert "<html" in html
    assert 'id="action-table"' in html


def test_only_editable_actions_get_a_status_selector(client_for, cast, plan):
    response = client_for(cast["teammate"]).get(reverse("actions:index", args=[cast["project"].pk]))
    editable = {a.title for a in response.context["actions"] if a.editable}
    assert editable == {"SMED on press brake"}
    html = response.content.decode()
    assert f'id="status-{plan["teammate"].pk}"' in html
    assert f'id="status-{plan["owner"].pk}"' not in html


def test_htmx_status_change_returns_the_row(client_for, cast, plan):
    mine = plan["teammate"]
    response = client_for(cast["teammate"]).post(
        reverse("actions:set_status", args=[cast["project"].pk, mine.pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="action-{mine.pk}"')
    assert "<html" not in html
    mine.refresh_from_db()
    assert (mine.status, mine.progress) == ("done", 100)


def test_unknown_status_is_refused_without_change(client_for, cast, plan):
    mine = plan["teammate"]
    response = client_for(cast["teammate"]).post(
        reverse("actions:set_status", args=[cast["project"].pk, mine.pk]),
        {"status": "finished"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    mine.refresh_from_db()
    assert mine.status == "todo"


# --- piloting: new filters, risk flags, slippage, bulk edits (docs/actions.md) ----------------

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = dt.date.today()


@pytest.fixture
def piloted(cast, plan):
    """The plan, plus a team, an axis and actions that exercise each filter and risk rule."""
    from obeya.decisions.models import Axis
    from obeya.teams.models import ImprovementTeam

    project = cast["project"]
    team = ImprovementTeam.objects.create(project=project, name="Bending team")
    axis = Axis.objects.create(project=project, title="Cut the changeover time")
    behind = Action.objects.create(
        project=project,
        title="Train operators on SMED",
        owner=cast["owner"].person,
        team=team,
        axis=axis,
        pdca_step=Action.PdcaStep.DO,
        start_date=TODAY - dt.timedelta(days=10),
        due_date=TODAY + dt.timedelta(days=2),
        planned_start=TODAY - dt.timedelta(days=10),
        planned_due=TODAY + dt.timedelta(days=2),
        progress=10,
    )
    slipped = Action.objects.create(
        project=project,
        title="Install quick clamps",
        owner=cast["owner"].person,
        pdca_step=Action.PdcaStep.PLAN,
        planned_due=TODAY + dt.timedelta(days=10),
        due_date=TODAY + dt.timedelta(days=40),
    )
    milestone = Action.objects.create(
        project=project,
        title="Pilot review",
        milestone=True,
        start_date=TODAY + dt.timedelta(days=20),
        due_date=TODAY + dt.timedelta(days=20),
        team=team,
    )
    return {
        **plan,
        "team": team,
        "axis": axis,
        "behind": behind,
        "slipped": slipped,
        "milestone": milestone,
    }


def test_action_list_filters_by_team_axis_and_pdca_step(client_for, cast, piloted):
    client = client_for(cast["viewer"])
    project = cast["project"]
    assert _titles(client, project, team=piloted["team"].pk) == {
        "Train operators on SMED",
        "Pilot review",
    }
    assert _titles(client, project, axis=piloted["axis"].pk) == {"Train operators on SMED"}
    assert _titles(client, project, pdca_step="plan") == {"Install quick clamps"}


def test_action_list_filters_milestones_and_slipped_actions(client_for, cast, piloted):
    client = client_for(cast["viewer"])
    assert _titles(client, cast["project"], milestone="on") == {"Pilot review"}
    assert _titles(client, cast["project"], slipped="on") == {"Install quick clamps"}


def test_action_list_filters_overdue_and_at_risk_actions(client_for, cast, piloted):
    titles = _titles(client_for(cast["viewer"]), cast["project"], at_risk="on")
    # Overdue (SMED on press brake), behind schedule, slipped 30 days; not the done one.
    assert titles == {"SMED on press brake", "Train operators on SMED", "Install quick clamps"}


def test_team_and_axis_filters_offer_only_the_projects(client_for, cast, piloted):
    from obeya.projects.models import Project
    from obeya.teams.models import ImprovementTeam

    other = Project.objects.create(company=cast["project"].company, title="Other")
    ImprovementTeam.objects.create(project=other, name="Foreign team")
    response = client_for(cast["viewer"]).get(reverse("actions:index", args=[cast["project"].pk]))
    teams = {t.name for t in response.context["form"].fields["team"].queryset}
    assert teams == {"Bending team"}


def test_list_shows_risk_reasons_slippage_and_pdca(client_for, cast, piloted):
    response = client_for(cast["viewer"]).get(
        reverse("actions:index", args=[cast["project"].pk]), **EN
    )
    html = response.content.decode()
    row = html[html.index(f'id="action-{piloted["behind"].pk}"') :]
    row = row[: row.index("</tr>")]
    assert "At risk" in row
    assert "Behind schedule: 10 % done, 83 % expected by now" in row
    assert "Do" in row
    slipped = html[html.index(f'id="action-{piloted["slipped"].pk}"') :]
    slipped = slipped[: slipped.index("</tr>")]
    assert "+30" in slipped
    assert "Slipped 30 days past its baseline" in slipped


def test_board_cards_carry_the_risk_flags(client_for, cast, piloted):
    response = client_for(cast["viewer"]).get(
        reverse("actions:board", args=[cast["project"].pk]), **EN
    )
    html = response.content.decode()
    card = html[html.index(f'id="card-{piloted["behind"].pk}"') :]
    card = card[: card.index("</li>")]
    assert (
        'class="board-card at-risk' in html[html.index(f'id="card-{piloted["behind"].pk}"') - 40 :]
    )
    assert "At risk" in card and "Behind schedule" in card


def _bulk(client, project, ids, operation, htmx=False, **values):
    data = {"bulk-action_ids": [a.pk for a in ids], "bulk-operation": operation}
    data.update({f"bulk-{k}": v for k, v in values.items()})
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("actions:bulk_edit", args=[project.pk]), data, headers=headers, **EN)


def test_facilitator_sets_the_status_of_several_actions_with_one_audit_entry_each(
    client_for, cast, piloted
):
    chosen = [piloted["behind"], piloted["slipped"], piloted["teammate"]]
    before = AuditEntry.objects.count()
    response = _bulk(
        client_for(cast["owner"]), cast["project"], chosen, "status", status="in_progress"
    )
    assert response.status_code == 302
    assert {a.status for a in Action.objects.filter(pk__in=[a.pk for a in chosen])} == {
        "in_progress"
    }
    assert AuditEntry.objects.count() == before + 3
    assert Action.objects.get(pk=piloted["owner"].pk).status == "todo"


def test_bulk_shift_moves_start_and_due_dates_and_keeps_the_baseline(client_for, cast, piloted):
    behind = piloted["behind"]
    _bulk(client_for(cast["owner"]), cast["project"], [behind], "shift", days="7")
    behind.refresh_from_db()
    assert behind.start_date == TODAY - dt.timedelta(days=3)
    assert behind.due_date == TODAY + dt.timedelta(days=9)
    assert behind.planned_due == TODAY + dt.timedelta(days=2)
    assert behind.slippage_days == 7


def test_bulk_sets_team_pdca_step_and_owner(client_for, cast, piloted):
    client, project = client_for(cast["owner"]), cast["project"]
    chosen = [piloted["owner"], piloted["slipped"]]
    _bulk(client, project, chosen, "team", team=piloted["team"].pk)
    _bulk(client, project, chosen, "pdca_step", pdca_step="check")
    _bulk(client, project, chosen, "owner", owner=cast["teammate"].person.pk)
    for action in chosen:
        action.refresh_from_db()
        assert (action.team, action.pdca_step, action.owner) == (
            piloted["team"],
            "check",
            cast["teammate"].person,
        )


def test_teammate_bulk_edit_changes_their_actions_and_names_each_skipped_one(
    client_for, cast, piloted
):
    mine, theirs = piloted["teammate"], piloted["behind"]
    response = _bulk(
        client_for(cast["teammate"]),
        cast["project"],
        [theirs, mine],
        "pdca_step",
        htmx=True,
        pdca_step="act",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 action changed." in html
    assert "“Train operators on SMED”: you may not edit this action" in html
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.pdca_step, theirs.pdca_step) == ("act", "do")
    assert [t.name for t in response.templates][0] == "actions/_action_table.html"


def test_only_facilitators_change_owners_in_bulk(client_for, cast, piloted):
    mine = piloted["teammate"]
    response = _bulk(
        client_for(cast["teammate"]),
        cast["project"],
        [mine],
        "owner",
        htmx=True,
        owner=cast["viewer"].person.pk,
    )
    assert "only facilitators change the owner" in response.content.decode()
    mine.refresh_from_db()
    assert mine.owner == cast["teammate"].person


def test_a_refused_row_is_skipped_and_named_the_others_are_changed(client_for, cast, piloted):
    no_dates = Action.objects.create(project=cast["project"], title="Undated")
    behind = piloted["behind"]
    response = _bulk(
        client_for(cast["owner"]),
        cast["project"],
        [behind, no_dates],
        "shift",
        htmx=True,
        days="-3",
    )
    html = response.content.decode()
    assert "1 action changed." in html
    assert "“Undated”: it has no dates to shift" in html
    behind.refresh_from_db()
    assert behind.due_date == TODAY - dt.timedelta(days=1)


def test_bulk_edit_without_selection_says_so_and_changes_nothing(client_for, cast, piloted):
    before = AuditEntry.objects.count()
    response = _bulk(
        client_for(cast["owner"]), cast["project"], [], "status", htmx=True, status="done"
    )
    assert response.status_code == 400
    assert "Actions: Select at least one action." in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_bulk_shift_without_days_names_the_field(client_for, cast, piloted):
    response = _bulk(
        client_for(cast["owner"]), cast["project"], [piloted["behind"]], "shift", htmx=True
    )
    assert response.status_code == 400
    assert "Days: Give a number of days other than 0." in response.content.decode()


def test_bulk_edit_ignores_actions_of_another_project(client_for, cast, piloted):
    from obeya.projects.models import Project

    other = Project.objects.create(company=cast["project"].company, title="Other")
    foreign = Action.objects.create(project=other, title="Foreign")
    response = _bulk(
        client_for(cast["owner"]), cast["project"], [foreign], "status", htmx=True, status="done"
    )
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.status == "todo"


def test_htmx_bulk_edit_returns_the_table_filtered_as_the_page_was(client_for, cast, piloted):
    data = {
        "bulk-action_ids": [piloted["behind"].pk],
        "bulk-operation": "status",
        "bulk-status": "in_progress",
        "status": "in_progress",
    }
    response = client_for(cast["owner"]).post(
        reverse("actions:bulk_edit", args=[cast["project"].pk]),
        data,
        headers={"HX-Request": "true"},
        **EN,
    )
    assert {a.title for a in response.context["actions"]} == {"Train operators on SMED"}


def test_readers_get_no_checkboxes(client_for, cast, piloted):
    html = (
        client_for(cast["viewer"])
        .get(reverse("actions:index", args=[cast["project"].pk]))
        .content.decode()
    )
    assert 'name="bulk-action_ids"' not in html
    assert 'id="bulk-form"' not in html
    html = (
        client_for(cast["teammate"])
        .get(reverse("actions:index", args=[cast["project"].pk]))
        .content.decode()
    )
    assert html.count('name="bulk-action_ids"') == 1  # only the action they own


# --- the action form and page carry the piloting fields ---------------------------------------


def test_create_form_sets_the_new_fields_and_takes_the_dates_as_baseline(client_for, cast, piloted):
    from obeya.organisation.models import Skill

    skill = Skill.objects.create(company=cast["project"].company, name="SMED")
    response = client_for(cast["owner"]).post(
        reverse("actions:create", args=[cast["project"].pk]),
        {
            "title": "Standardise the die carts",
            "start_date": "2026-04-01",
            "due_date": "2026-04-20",
            "status": "todo",
            "progress": "0",
            "effort_hours": "12.5",
            "pdca_step": "plan",
            "team": piloted["team"].pk,
            "axis": piloted["axis"].pk,
            "skills_needed": [skill.pk],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Standardise the die carts")
    assert (action.planned_start, action.planned_due) == (dt.date(2026, 4, 1), dt.date(2026, 4, 20))
    assert str(action.effort_hours) == "12.5"
    assert (action.team, action.axis, action.pdca_step) == (
        piloted["team"],
        piloted["axis"],
        "plan",
    )
    assert list(action.skills_needed.all()) == [skill]


def test_edit_form_keeps_the_baseline_read_only_unless_reset(client_for, cast, piloted):
    slipped = piloted["slipped"]
    client = client_for(cast["owner"])
    url = reverse("actions:edit", args=[cast["project"].pk, slipped.pk])
    form = client.get(url).context["form"]
    assert form.fields["planned_due"].disabled
    data = {
        "title": slipped.title,
        "due_date": (TODAY + dt.timedelta(days=50)).isoformat(),
        "planned_due": "2020-01-01",  # ignored: the field is read-only
        "status": "todo",
        "progress": "0",
    }
    client.post(url, data)
    slipped.refresh_from_db()
    assert slipped.planned_due == TODAY + dt.timedelta(days=10)
    client.post(url, {**data, "reset_baseline": "on"})
    slipped.refresh_from_db()
    assert slipped.planned_due == TODAY + dt.timedelta(days=50)
    assert slipped.slippage_days == 0


def test_only_facilitators_may_reset_the_baseline(client_for, cast, piloted):
    mine = piloted["teammate"]
    form = (
        client_for(cast["teammate"])
        .get(reverse("actions:edit", args=[cast["project"].pk, mine.pk]))
        .context["form"]
    )
    assert "reset_baseline" not in form.fields


def test_form_offers_only_the_projects_teams_axes_and_meetings(client_for, cast, piloted):
    from obeya.meetings.models import Meeting
    from obeya.projects.models import Project
    from obeya.teams.models import ImprovementTeam

    other = Project.objects.create(company=cast["project"].company, title="Other")
    ImprovementTeam.objects.create(project=other, name="Foreign team")
    Meeting.objects.create(project=other, title="Foreign meeting", starts_at="2026-03-02T08:00Z")
    Meeting.objects.create(project=cast["project"], title="Kick-off", starts_at="2026-03-02T08:00Z")
    form = (
        client_for(cast["owner"])
        .get(reverse("actions:create", args=[cast["project"].pk]))
        .context["form"]
    )
    assert {t.name for t in form.fields["team"].queryset} == {"Bending team"}
    assert {m.title for m in form.fields["meeting"].queryset} == {"Kick-off"}


def test_detail_shows_slippage_links_and_the_lever_carried_out(client_for, cast, piloted):
    from obeya.levers.models import CandidateLever

    slipped = piloted["slipped"]
    lever_fields = {f.name for f in CandidateLever._meta.get_fields()}
    assert "actions" in lever_fields
    response = client_for(cast["viewer"]).get(slipped.get_absolute_url(), **EN)
    html = response.content.decode()
    assert "30 days late on the baseline" in html
    assert "Slipped 30 days past its baseline" in html
    assert list(response.context["levers"]) == list(slipped.candidate_levers.all())


# --- permissions of the bulk edit ------------------------------------------------------------


@pytest.fixture
def world(cast, actions):
    return {**cast, **{f"action_{k}": v for k, v in actions.items()}}


def _bulk_data(w):
    return {
        "bulk-action_ids": [w["action_teammate"].pk],
        "bulk-operation": "status",
        "bulk-status": "in_progress",
    }


BULK = [
    Endpoint(
        "bulk edit",
        "post",
        lambda w: reverse("actions:bulk_edit", args=[w["project"].pk]),
        302,
        CONTRIBUTORS,
        _bulk_data,
    ),
    Endpoint(
        "bulk edit (HTMX)",
        "post",
        lambda w: reverse("actions:bulk_edit", args=[w["project"].pk]),
        200,
        CONTRIBUTORS,
        _bulk_data,
        htmx=True,
    ),
]


def _state():
    return AuditEntry.objects.count(), sorted(Action.objects.values_list("pk", "status"))


test_anonymous_user_is_sent_to_login_on_bulk_edit = anonymous_sent_to_login(BULK, _state)
test_outsider_gets_404_on_bulk_edit = outsider_gets_404(BULK, _state)
test_each_role_gets_what_it_may_on_bulk_edit = each_role_gets_what_it_may(BULK, _state)


# --- flags on the home page and the project page ---------------------------------------------


def test_home_lists_the_users_own_flagged_actions_with_reasons(client_for, cast, piloted):
    response = client_for(cast["teammate"]).get(reverse("projects:home"), **EN)
    assert [a.title for a in response.context["flagged"]] == ["SMED on press brake"]
    html = response.content.decode()
    assert "Your overdue and at-risk actions" in html
    assert "Overdue by 2 days" in html


def test_home_of_a_facilitator_lists_their_projects_flagged_actions(client_for, cast, piloted):
    response = client_for(cast["owner"]).get(reverse("projects:home"), **EN)
    assert {a.title for a in response.context["flagged"]} == {
        "SMED on press brake",
        "Train operators on SMED",
        "Install quick clamps",
    }


def test_home_of_a_reader_lists_no_flagged_action_of_others(client_for, cast, piloted):
    response = client_for(cast["viewer"]).get(reverse("projects:home"), **EN)
    assert response.context["flagged"] == []
    assert "Nothing overdue or at risk among your actions." in response.content.decode()


def test_project_page_lists_the_plans_flagged_actions(client_for, cast, piloted):
    response = client_for(cast["viewer"]).get(cast["project"].get_absolute_url(), **EN)
    assert {a.title for a in response.context["flagged"]} == {
        "SMED on press brake",
        "Train operators on SMED",
        "Install quick clamps",
    }
    assert "Behind schedule: 10 % done, 83 % expected by now" in response.content.decode()


def test_api_lists_flagged_actions_with_their_reason_codes_and_piloting_fields(
    api_for, cast, piloted
):
    url = f"/api/projects/{cast['project'].pk}/actions"
    response = api_for(cast["viewer"]).get(url, {"at_risk": "true"})
    assert response.status_code == 200
    rows = {row["title"]: row for row in response.json()}
    assert set(rows) == {"SMED on press brake", "Train operators on SMED", "Install quick clamps"}
    assert rows["SMED on press brake"]["risks"] == ["overdue"]
    assert rows["Train operators on SMED"]["risks"] == ["behind_schedule"]
    assert rows["Train operators on SMED"]["team_id"] == piloted["team"].pk
    assert rows["Train operators on SMED"]["pdca_step"] == "do"
    assert rows["Install quick clamps"]["slippage_days"] == 30


def test_api_outsider_gets_404_on_the_flagged_list(api_for, cast, piloted):
    url = f"/api/projects/{cast['project'].pk}/actions"
    assert api_for(cast["outsider"]).get(url, {"at_risk": "true"}).status_code == 404
