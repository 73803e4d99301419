"""JSON API of obeya.boards (mounted under /api/projects): a project's boards, and one
board's tiles as the page shows them (docs/boards.md), with the same rules as the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from obeya.boards import selectors
from obeya.projects.access import get_project_for_user

router = Router(tags=["boards"])


class BoardOut(Schema):
    key: str
    title: str
    team_id: int | None


class ProblemOut(Schema):
    id: int
    title: str
    status: str
    kpi_id: int | None
    team_id: int | None


class TileOut(Schema):
    kpi_id: int
    name: str
    unit: str
    target: float | None
    status: str
    latest_value: float | None
    latest_at: dt.datetime | None
    trend: list[float]
    chart: str
    rule_fired: bool
    signal_rules: list[int]
    signal_points: list[int]
    open_problems: list[int]


class ActionOut(Schema):
    id: int
    title: str
    due_date: dt.date | None
    owner: str | None


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime


class BoardTilesOut(Schema):
    key: str
    title: str
    team_id: int | None
    today: dt.date
    tiles: list[TileOut]
    open_problems: list[ProblemOut]
    overdue_actions: list[ActionOut]
    next_meeting: MeetingOut | None


def _ref_out(ref: selectors.BoardRef) -> dict:
    return {"key": ref.key, "title": ref.title, "team_id": ref.team.pk if ref.team else None}


@router.get("/{project_id}/boards", response=list[BoardOut], summary="A project's boards")
def list_boards(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_ref_out(ref) for ref in selectors.project_boards(access)]


@router.get(
    "/{project_id}/boards/{board}/tiles",
    response=BoardTilesOut,
    summary="A board's KPI tiles, open problems, overdue actions and next meeting",
)
def board_tiles(request, project_id: int, board: str):
    access = get_project_for_user(request.user, project_id)
    the_board = selectors.board(access, selectors.board_ref(access, board))
    meeting = the_board.next_meeting
    return {
        **_ref_out(the_board.ref),
        "today": the_board.today,
        "tiles": [
            {
                "kpi_id": t.kpi.pk,
                "name": t.kpi.name,
                "unit": t.kpi.unit,
                "target": t.kpi.target,
                "status": t.status,
                "latest_value": t.latest_value,
                "latest_at": t.latest_at,
                "trend": list(t.trend),
                "chart": t.chart,
                "rule_fired": t.rule_fired,
                "signal_rules": list(t.signal_rules),
                "signal_points": list(t.signal_points),
                "open_problems": [p.pk for p in t.open_problems],
            }
            for t in the_board.tiles
        ],
        "open_problems": [
            {
                "id": p.pk,
                "title": p.title,
                "status": p.status,
                "kpi_id": p.kpi_id,
                "team_id": p.team_id,
            }
            for p in the_board.open_problems
        ],
        "overdue_actions": [
            {
                "id": a.pk,
                "title": a.title,
                "due_date": a.due_date,
                "owner": str(a.owner) if a.owner else None,
            }
            for a in the_board.overdue_actions
        ],
        "next_meeting": (
            {"id": meeting.pk, "title": meeting.title, "starts_at": meeting.starts_at}
            if meeting
            else None
        ),
    }
