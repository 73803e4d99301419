"""API: a project's improvement teams, with the same rules as the pages (docs/teams.md):
everyone with a role reads them, facilitators change them, outsiders get 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from obeya.decisions.models import Axis
from obeya.levers.models import CandidateLever
from obeya.organisation.models import Area, Person, Process, ProductFamily
from obeya.projects.access import get_project_for_user
from obeya.teams import services
from obeya.teams.access import get_member_for_user, get_team_for_user
from obeya.teams.models import ImprovementTeam, TeamMember
from obeya.teams.selectors import company_loads

router = Router(tags=["teams"])


class TeamOut(Schema):
    id: int
    project_id: int
    name: str
    mission: str
    area_id: int | None
    product_family_id: int | None
    process_id: int | None
    scope: str
    axis_ids: list[int]
    lever_ids: list[int]
    leader_id: int | None  # the leading person's id
    members_count: int


class MemberOut(Schema):
    id: int
    person_id: int
    person: str
    role: str
    contribution: str
    hours_per_week: float | None
    load_hours_per_week: float  # across every team of the company
    load_teams: int
    over_committed: bool


class ObjectiveOut(Schema):
    id: int
    axis_id: int | None
    statement: str
    kpi_name: str
    kpi_unit: str
    kpi_direction: str
    baseline: float | None
    target: float | None
    deadline: dt.date | None
    unambiguous: bool
    gaps: list[str]


class TeamDetailOut(TeamOut):
    members: list[MemberOut]
    objectives: list[ObjectiveOut]


class TeamIn(Schema):
    name: str
    mission: str = ""
    area_id: int | None = None
    product_family_id: int | None = None
    process_id: int | None = None
    scope: str = ""
    axis_ids: list[int] = []
    lever_ids: list[int] = []


class MemberIn(Schema):
    person_id: int
    role: str = TeamMember.Role.MEMBER
    contribution: str = ""
    hours_per_week: Decimal | None = None


def _team_out(team: ImprovementTeam) -> dict:
    members = list(team.members.all())
    leader = next((m for m in members if m.role == TeamMember.Role.LEADER), None)
    return {
        "id": team.pk,
        "project_id": team.project_id,
        "name": team.name,
        "mission": team.mission,
        "area_id": team.area_id,
        "product_family_id": team.product_family_id,
        "process_id": team.process_id,
        "scope": team.scope,
        "axis_ids": sorted(a.pk for a in team.axes.all()),
        "lever_ids": sorted(c.pk for c in team.levers.all()),
        "leader_id": leader.person_id if leader else None,
        "members_count": len(members),
    }


def _member_out(member: TeamMember, loads: dict) -> dict:
    load = loads.get(member.person_id)
    return {
        "id": member.pk,
        "person_id": member.person_id,
        "person": str(member.person),
        "role": member.role,
        "contribution": member.contribution,
        "hours_per_week": None if member.hours_per_week is None else float(member.hours_per_week),
        "load_hours_per_week": load.hours_per_week if load else 0.0,
        "load_teams": load.teams if load else 0,
        "over_committed": bool(load and load.is_over_committed),
    }


def _detail_out(team: ImprovementTeam) -> dict:
    loads = company_loads(team.project.company_id)
    return {
        **_team_out(team),
        "members": [_member_out(m, loads) for m in team.members.select_related("person")],
        "objectives": [
            {
                **{f: getattr(o, f) for f in ("statement", "kpi_name", "kpi_unit", "baseline")},
                "id": o.pk,
                "axis_id": o.axis_id,
                "kpi_direction": o.kpi_direction,
                "target": o.target,
                "deadline": o.deadline,
                "unambiguous": o.is_unambiguous,
                "gaps": [str(g) for g in o.gaps],
            }
            for o in team.objectives.all()
        ],
    }


def _one_of(model, pk: int | None, field: str, **scope):
    """The row `pk` within `scope`, or a field error naming `field`."""
    if pk is None:
        return None
    row = model.objects.filter(pk=pk, **scope).first()
    if row is None:
        raise ValidationError({field: f"No such {model._meta.verbose_name} in this project."})
    return row


def _many_of(model, pks: list[int], field: str, **scope) -> list:
    rows = list(model.objects.filter(pk__in=pks, **scope))
    if len(rows) != len(set(pks)):
        raise ValidationError({field: f"Not every {model._meta.verbose_name} is of this project."})
    return rows


@router.get("/{project_id}/teams", response=list[TeamOut], summary="A project's teams")
def list_teams(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    teams = ImprovementTeam.objects.filter(project=access.project).prefetch_related(
        "members", "axes", "levers"
    )
    return [_team_out(t) for t in teams]


@router.post("/{project_id}/teams", response={201: TeamDetailOut}, summary="Form a team")
def create_team(request, project_id: int, payload: TeamIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    project = access.project
    company = project.company_id
    data = payload.dict()
    team = services.team_create(
        project=project,
        user=request.user,
        name=data["name"],
        mission=data["mission"],
        scope=data["scope"],
        area=_one_of(Area, data["area_id"], "area_id", site__company_id=company),
        product_family=_one_of(
            ProductFamily, data["product_family_id"], "product_family_id", company_id=company
        ),
        process=_one_of(Process, data["process_id"], "process_id", area__site__company_id=company),
        axes=_many_of(Axis, data["axis_ids"], "axis_ids", project=project),
        levers=_many_of(CandidateLever, data["lever_ids"], "lever_ids", project=project),
    )
    return 201, _detail_out(team)


@router.get(
    "/{project_id}/teams/{team_id}",
    response=TeamDetailOut,
    summary="One team with its members and objectives",
)
def get_team(request, project_id: int, team_id: int):
    _access, team = get_team_for_user(request.user, project_id, team_id)
    return _detail_out(team)


@router.post(
    "/{project_id}/teams/{team_id}/members",
    response={201: MemberOut},
    summary="Add a member (facilitators)",
)
def add_member(request, project_id: int, team_id: int, payload: MemberIn):
    access, team = get_team_for_user(request.user, project_id, team_id, edit=True)
    person = _one_of(Person, payload.person_id, "person_id", company_id=access.project.company_id)
    member = services.member_add(
        team=team,
        user=request.user,
        person=person,
        role=payload.role,
        contribution=payload.contribution,
        hours_per_week=payload.hours_per_week,
    )
    return 201, _member_out(member, company_loads(access.project.company_id))


@router.delete(
    "/{project_id}/teams/{team_id}/members/{member_id}",
    response={204: None},
    summary="Remove a member (facilitators)",
)
def remove_member(request, project_id: int, team_id: int, member_id: int):
    _access, member = get_member_for_user(request.user, project_id, team_id, member_id, edit=True)
    services.member_remove(member=member, user=request.user)
    return 204, None
