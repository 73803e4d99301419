"""Visual boards: which KPIs a team's board shows, the tiles' status and special-cause flag,
the overdue actions and open problems counted, the TV mode's refresh and rotation, the A3
print with server-side SVG, the JSON tiles, and who may read them (docs/boards.md).

Rules: everyone with a role in the project reads every board (the boards change nothing);
a user without a role gets 404, an anonymous visitor the login page (a TV logs in too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from permission_table import (
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.boards import selectors
from obeya.core.charts import sparkline_spec
from obeya.decisions.models import Axis
from obeya.kpis.models import Kpi, Measurement
from obeya.meetings.models import Meeting
from obeya.problems.models import Problem
from obeya.projects.access import project_access
from obeya.teams.models import ImprovementTeam, TeamObjective

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _kpi(project, name: str, values: list[float], **fields) -> Kpi:
    kpi = Kpi.objects.create(project=project, name=name, definition=name, **fields)
    start = timezone.now() - dt.timedelta(days=len(values))
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, measured_at=start + dt.timedelta(days=i), value=v)
        for i, v in enumerate(values)
    )
    return kpi


@pytest.fixture
def world(cast):
    project = cast["project"]
    today = timezone.localdate()
    # Changeover: stable around 45 min, the last value far beyond the upper limit (rule 1).
    steady = [45, 46, 44, 45, 47, 43, 45, 46, 44, 45, 46, 44, 45, 47, 43, 45, 46, 44, 45, 46]
    changeover = _kpi(
        project,
        "Changeover time",
        [*steady, 80],
        unit="min",
        target=20,
        alert_threshold=50,
        direction=Kpi.Direction.DECREASE,
    )
    # Lead time: on target (4 days or less), no signal.
    lead_time = _kpi(project, "Lead time", [5, 4, 5, 4, 4, 5, 4, 4, 3], unit="days", target=4)
    # A KPI no team points to: only on the project's board.
    _kpi(project, "Absenteeism", [3, 2, 3], unit="%")
    team = ImprovementTeam.objects.create(project=project, name="SMED team")
    axis = Axis.objects.create(project=project, title="Shorter changeovers", kpi=changeover)
    team.axes.add(axis)
    TeamObjective.objects.create(team=team, statement="Lead time in 4 days", kpi_name=" lead TIME ")
    overdue = Action.objects.create(
        project=project, title="Kit the dies", team=team, due_date=today - dt.timedelta(days=3)
    )
    Action.objects.create(  # done: not overdue
        project=project,
        title="Film a changeover",
        team=team,
        due_date=today - dt.timedelta(days=5),
        status=Action.Status.DONE,
    )
    Action.objects.create(  # due later: not overdue
        project=project, title="Train setters", team=team, due_date=today + dt.timedelta(days=5)
    )
    Action.objects.create(  # another team's (none): not on the team's board
        project=project, title="Paint the floor", due_date=today - dt.timedelta(days=1)
    )
    problem = Problem.objects.create(
        project=project, kpi=changeover, title="Changeover at 80 min", deviation="80 vs 45"
    )
    Problem.objects.create(
        project=project,
        kpi=changeover,
        title="Old one",
        deviation="—",
        status=Problem.Status.CLOSED,
    )
    meeting = Meeting.objects.create(
        project=project,
        team=team,
        title="SMED stand-up",
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    Meeting.objects.create(
        project=project, team=team, title="Past", starts_at=timezone.now() - dt.timedelta(days=1)
    )
    return {
        **cast,
        "team": team,
        "changeover": changeover,
        "lead_time": lead_time,
        "overdue": overdue,
        "problem": problem,
        "meeting": meeting,
    }


def _access(w):
    return project_access(w["owner"], w["project"])


def _team_board(w):
    access = _access(w)
    return selectors.board(access, selectors.board_ref(access, f"team-{w['team'].pk}"))


def test_a_team_board_shows_the_kpis_of_its_axes_and_of_its_objectives_by_name(world):
    board = _team_board(world)
    assert [t.kpi.name for t in board.tiles] == ["Changeover time", "Lead time"]


def test_the_project_board_shows_every_kpi_of_the_referential(world):
    access = _access(world)
    board = selectors.board(access, selectors.board_ref(access, "project"))
    assert [t.kpi.name for t in board.tiles] == ["Absenteeism", "Changeover time", "Lead time"]
    assert [o.title for o in board.overdue_actions] == ["Kit the dies", "Paint the floor"]


@pytest.mark.parametrize(
    ("kpi", "status", "latest", "fired"),
    [("changeover", "alert", 80, True), ("lead_time", "on_target", 3, False)],
)
def test_each_tile_shows_its_status_latest_value_and_whether_a_rule_fired(
    world, kpi, status, latest, fired
):
    tile = next(t for t in _team_board(world).tiles if t.kpi == world[kpi])
    assert (tile.status, tile.latest_value, tile.rule_fired) == (status, latest, fired)
    if fired:
        assert tile.signal_rules == (1,) and tile.signal_points == (21,)
        assert tile.sparkline["data"]["values"][-1] == {"n": 21, "v": 80.0, "r": True, "last": True}


def test_the_team_board_counts_only_its_open_overdue_actions_and_open_problems(world):
    board = _team_board(world)
    assert [a.title for a in board.overdue_actions] == ["Kit the dies"]
    assert [p.title for p in board.open_problems] == ["Changeover at 80 min"]
    assert board.next_meeting == world["meeting"]
    tile = next(t for t in board.tiles if t.kpi == world["changeover"])
    assert tile.open_problems == (world["problem"],)


def test_the_board_page_shows_tiles_counts_and_the_signal(world, client_for):
    url = reverse("boards:detail", args=[world["project"].pk, f"team-{world['team'].pk}"])
    page = client_for(world["viewer"]).get(url, **EN).content.decode()
    assert 'class="board-tile status-alert signal"' in page
    assert 'class="board-tile status-on_target"' in page
    assert "Special cause on the latest points: rule 1" in page
    assert '<h3>Overdue actions <span class="count">1</span></h3>' in page
    assert "Kit the dies" in page and "Paint the floor" not in page
    assert "SMED stand-up" in page
    assert 'class="board-spark tile-spark" data-spec-id="board-spark-' in page


def test_tv_mode_has_no_navigation_refreshes_its_tiles_and_rotates_when_asked(world, client_for):
    project, team = world["project"], world["team"]
    url = reverse("boards:detail", args=[project.pk, f"team-{team.pk}"])
    page = client_for(world["viewer"]).get(url + "?tv=1&refresh=30&rotate=20", **EN)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="tabs"' not in html and 'class="topbar"' not in html
    tiles = reverse("boards:tiles", args=[project.pk, f"team-{team.pk}"])
    assert f'hx-get="{tiles}?tv=1"' in html
    assert "hx-trigger=\"every 30s [document.visibilityState === 'visible']" in html
    next_url = reverse("boards:detail", args=[project.pk, "project"])  # wraps to the first
    assert (
        f'data-rotate-s="20" data-next-url="{next_url}?tv=1&amp;refresh=30&amp;rotate=20"' in html
    )
    assert "boards/tv.js" in html


def test_tv_mode_names_a_refused_setting_and_keeps_the_default(world, client_for):
    url = reverse("boards:detail", args=[world["project"].pk, "project"])
    page = client_for(world["viewer"]).get(url + "?tv=1&refresh=2", **EN)
    html = page.content.decode()
    assert page.status_code == 400
    assert "Refresh every (seconds):" in html and "greater than or equal to 10" in html
    assert "every 60s" in html


def test_the_tiles_partial_is_what_the_tv_polls(world, client_for):
    url = reverse("boards:tiles", args=[world["project"].pk, f"team-{world['team'].pk}"])
    html = client_for(world["viewer"]).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'class="board-tile' in html


def test_the_print_version_is_a3_landscape_with_server_side_svg(world, client_for):
    url = reverse("boards:print", args=[world["project"].pk, f"team-{world['team'].pk}"])
    html = client_for(world["viewer"]).get(url, **EN).content.decode()
    assert html.count('<div class="tile-spark"><svg') == 2
    assert "vega-embed" not in html and "<script" not in html
    assert "boards/boards.css" in html


def test_the_stylesheet_prints_on_a3_landscape():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("boards/boards.css")).read_text()
    assert "@page { size: A3 landscape" in css


def test_the_api_gives_a_boards_tiles_as_json(world, api_for):
    client = api_for(world["viewer"])
    project = world["project"]
    boards = client.get(f"/api/projects/{project.pk}/boards").json()
    assert [b["key"] for b in boards] == ["project", f"team-{world['team'].pk}"]
    data = client.get(f"/api/projects/{project.pk}/boards/team-{world['team'].pk}/tiles").json()
    changeover = data["tiles"][0]
    assert changeover["name"] == "Changeover time" and changeover["status"] == "alert"
    assert changeover["rule_fired"] is True and changeover["signal_rules"] == [1]
    assert changeover["trend"][-1] == 80 and len(changeover["trend"]) == 21
    assert changeover["open_problems"] == [world["problem"].pk]
    assert [a["title"] for a in data["overdue_actions"]] == ["Kit the dies"]
    assert data["next_meeting"]["title"] == "SMED stand-up"


@pytest.mark.parametrize("key", ["team-999999", "team-x", "nothing", "team-"])
def test_an_unknown_board_is_a_404(world, client_for, key):
    url = reverse("boards:detail", args=[world["project"].pk, key])
    assert client_for(world["owner"]).get(url).status_code == 404


def test_a_team_of_another_project_is_a_404(world, client_for):
    from obeya.projects.models import Project

    other = Project.objects.create(company=world["project"].company, title="Other")
    team = ImprovementTeam.objects.create(project=other, name="Elsewhere")
    url = reverse("boards:detail", args=[world["project"].pk, f"team-{team.pk}"])
    assert client_for(world["owner"]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("values", "status", "flagged", "colour_of_line"),
    [
        ([1, 2, 3], "on_target", (), "#1f7a3f"),
        ([5, 9], "alert", (2,), "#b42318"),
        ([5, 4, 6, 5], "off_target", (1, 3), "#e09a1f"),
    ],
)
def test_a_sparkline_marks_the_latest_and_flagged_points(values, status, flagged, colour_of_line):
    spec = sparkline_spec(values, target=2, status=status, flagged=flagged)
    rows = spec["data"]["values"]
    assert [r["n"] for r in rows] == list(range(1, len(values) + 1))
    assert rows[-1]["last"] and [r["n"] for r in rows if r["r"]] == list(flagged)
    assert spec["layer"][0]["mark"]["color"] == colour_of_line
    assert spec["layer"][-1]["data"]["values"] == [{"t": 2.0}]
    assert isinstance(spec["width"], int)  # no "container": vl-convert renders it


# --- who may read the boards ------------------------------------------------------------------


def _url(name: str, board: Callable[[dict], str], suffix: str = "") -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, board(w)]) + suffix


def _team(w):
    return f"team-{w['team'].pk}"


def _project(w):
    return "project"


PAGES = [
    Endpoint("index", "get", lambda w: reverse("boards:index", args=[w["project"].pk]), 200),
    Endpoint("project board", "get", _url("boards:detail", _project), 200),
    Endpoint("team board", "get", _url("boards:detail", _team), 200),
    Endpoint("tv", "get", _url("boards:detail", _team, "?tv=1&rotate=30"), 200),
    Endpoint("tiles", "get", _url("boards:tiles", _team), 200, htmx=True),
    Endpoint("print", "get", _url("boards:print", _team), 200),
    ApiEndpoint("api boards", "get", lambda w: f"/api/projects/{w['project'].pk}/boards", 200),
    ApiEndpoint(
        "api tiles",
        "get",
        lambda w: f"/api/projects/{w['project'].pk}/boards/{_team(w)}/tiles",
        200,
    ),
]


def _state():
    return (
        Kpi.objects.count(),
        Measurement.objects.count(),
        Problem.objects.count(),
        Action.objects.count(),
        Meeting.objects.count(),
    )


test_anonymous_is_sent_to_login = anonymous_sent_to_login([e for e in PAGES if not e.api], _state)
test_outsider_gets_404_on_every_board = outsider_gets_404(PAGES, _state)
test_each_role_reads_every_board = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)
