"""API of problem solving, with the same rules as the pages (docs/problems.md): list and open
problems, add whys and Ishikawa causes, read the effectiveness check as JSON."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from obeya.kpis.access import get_kpi_for_user
from obeya.problems import services
from obeya.problems.access import get_problem_for_user
from obeya.problems.models import Problem
from obeya.problems.selectors import effect_check, project_problems
from obeya.projects.access import get_project_for_user
from obeya.teams.models import ImprovementTeam

router = Router(tags=["problems"])


class ProblemOut(Schema):
    id: int
    project_id: int
    title: str
    deviation: str
    where: str
    since: dt.date | None
    kpi_id: int | None
    team_id: int | None
    status: str
    cycle: int
    check_from: dt.date | None


class ProblemIn(Schema):
    title: str
    deviation: str
    where: str = ""
    since: dt.date | None = None
    kpi_id: int | None = None
    team_id: int | None = None


class WhyIn(Schema):
    text: str
    parent_id: int | None = None
    is_root_cause: bool = False
    verification: str = "to_verify"
    evidence: str = ""


class CauseIn(Schema):
    category: str
    text: str
    verification: str = "to_verify"
    evidence: str = ""


class CreatedOut(Schema):
    id: int


class EffectOut(Schema):
    problem_id: int
    kpi_id: int | None
    chart: str
    check_from: dt.date | None
    check_from_source: str  # "chosen" or "phase"
    problem: str  # why no check could be made ("" when there is one)
    check: dict | None  # obeya.core.effect.EffectCheck.to_dict()


def _out(problem: Problem) -> dict:
    return {
        "id": problem.pk,
        "project_id": problem.project_id,
        "title": problem.title,
        "deviation": problem.deviation,
        "where": problem.where,
        "since": problem.since,
        "kpi_id": problem.kpi_id,
        "team_id": problem.team_id,
        "status": problem.status,
        "cycle": problem.cycle,
        "check_from": problem.check_from,
    }


@router.get("/{project_id}/problems", response=list[ProblemOut], summary="A project's problems")
def list_problems(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    open_problems, closed = project_problems(access.project)
    return [_out(p) for p in open_problems + closed]


@router.post(
    "/{project_id}/problems",
    response={201: ProblemOut},
    summary="Open a problem (facilitators)",
)
def create_problem(request, project_id: int, payload: ProblemIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    kpi = team = None
    if payload.kpi_id is not None:
        _a, kpi = get_kpi_for_user(request.user, project_id, payload.kpi_id)
    if payload.team_id is not None:
        team = ImprovementTeam.objects.filter(project=access.project, pk=payload.team_id).first()
        if team is None:
            raise ValidationError({"team_id": "No such team in this project."})
    problem = services.problem_create(
        project=access.project,
        user=request.user,
        title=payload.title,
        deviation=payload.deviation,
        where=payload.where,
        since=payload.since,
        kpi=kpi,
        team=team,
    )
    return 201, _out(problem)


@router.get("/{project_id}/problems/{problem_id}", response=ProblemOut, summary="A problem")
def get_problem(request, project_id: int, problem_id: int):
    _access, problem = get_problem_for_user(request.user, project_id, problem_id)
    return _out(problem)


@router.post(
    "/{project_id}/problems/{problem_id}/whys",
    response={201: CreatedOut},
    summary="Add a why (facilitators and team members)",
)
def add_why(request, project_id: int, problem_id: int, payload: WhyIn):
    _access, problem = get_problem_for_user(request.user, project_id, problem_id, contribute=True)
    parent = None
    if payload.parent_id is not None:
        parent = problem.whys.filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError({"parent_id": "No such why in this problem."})
    why = services.why_create(
        problem=problem,
        user=request.user,
        text=payload.text,
        parent=parent,
        is_root_cause=payload.is_root_cause,
        verification=payload.verification,
        evidence=payload.evidence,
    )
    return 201, {"id": why.pk}


@router.post(
    "/{project_id}/problems/{problem_id}/causes",
    response={201: CreatedOut},
    summary="Add an Ishikawa cause (facilitators and team members)",
)
def add_cause(request, project_id: int, problem_id: int, payload: CauseIn):
    _access, problem = get_problem_for_user(request.user, project_id, problem_id, contribute=True)
    cause = services.cause_create(problem=problem, user=request.user, **payload.dict())
    return 201, {"id": cause.pk}


@router.get(
    "/{project_id}/problems/{problem_id}/effect",
    response=EffectOut,
    summary="The effectiveness check: the KPI before and after, with the test's figures",
)
def get_effect(request, project_id: int, problem_id: int, check_from: dt.date | None = None):
    _access, problem = get_problem_for_user(request.user, project_id, problem_id)
    result = effect_check(problem, check_from=check_from)
    return {
        "problem_id": problem.pk,
        "kpi_id": problem.kpi_id,
        "chart": result.chart,
        "check_from": result.split,
        "check_from_source": result.split_source,
        "problem": result.problem,
        "check": result.check.to_dict() if result.check else None,
    }
