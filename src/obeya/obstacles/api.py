"""API: the obstacles log and the stakeholder map, with the same rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from obeya.actions.models import Action
from obeya.decisions.models import Axis
from obeya.obstacles import services
from obeya.obstacles.access import get_obstacle_for_user, get_stakeholder_for_user
from obeya.obstacles.models import Obstacle, Stakeholder, StakeholderAssessment
from obeya.obstacles.selectors import ObstacleFilter, obstacle_list, stakeholder_rows
from obeya.organisation.models import Person
from obeya.projects.access import get_project_for_user
from obeya.teams.models import ImprovementTeam

router = Router(tags=["obstacles"])


class ObstacleOut(Schema):
    id: int
    project_id: int
    title: str
    kind: str
    is_resistance: bool
    description: str
    axis_id: int | None
    team_id: int | None
    action_ids: list[int]
    people_ids: list[int]
    group: str
    severity: int
    response: str
    response_detail: str
    response_owner_id: int | None
    status: str
    raised_on: dt.date
    treated_on: dt.date | None
    resolved_on: dt.date | None


class ObstacleIn(Schema):
    title: str
    kind: str
    is_resistance: bool = False
    description: str = ""
    axis_id: int | None = None
    team_id: int | None = None
    action_ids: list[int] = []
    people_ids: list[int] = []
    group: str = ""
    severity: int = Obstacle.Severity.MEDIUM
    response: str = ""
    response_detail: str = ""
    response_owner_id: int | None = None
    status: str = Obstacle.Status.OPEN
    raised_on: dt.date | None = None
    treated_on: dt.date | None = None
    resolved_on: dt.date | None = None


class ObstaclePatch(Schema):
    title: str | None = None
    kind: str | None = None
    is_resistance: bool | None = None
    description: str | None = None
    axis_id: int | None = None
    team_id: int | None = None
    action_ids: list[int] | None = None
    people_ids: list[int] | None = None
    group: str | None = None
    severity: int | None = None
    response: str | None = None
    response_detail: str | None = None
    response_owner_id: int | None = None
    status: str | None = None
    raised_on: dt.date | None = None
    treated_on: dt.date | None = None
    resolved_on: dt.date | None = None


def _out(o: Obstacle) -> dict:
    return {
        **{f: getattr(o, f) for f in ObstacleOut.model_fields if hasattr(o, f)},
        "action_ids": sorted(o.actions.values_list("pk", flat=True)),
        "people_ids": sorted(o.people.values_list("pk", flat=True)),
    }


def _resolve(model, pk, field: str, **scope):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **scope).first()
    if found is None:
        raise ValidationError({field: _("No such object in this project.")})
    return found


def _fields(payload: dict, project) -> dict:
    """Turn ids into objects of the project (or its company), naming the field when one is not."""
    fields = dict(payload)
    company = {"company": project.company_id}
    for key, model, scope in (
        ("axis_id", Axis, {"project": project}),
        ("team_id", ImprovementTeam, {"project": project}),
        ("response_owner_id", Person, company),
    ):
        if key in fields:
            fields[key[:-3]] = _resolve(model, fields.pop(key), key, **scope)
    for key, model, scope, name in (
        ("action_ids", Action, {"project": project}, "actions"),
        ("people_ids", Person, company, "people"),
    ):
        if key in fields:
            ids = fields.pop(key)
            if ids is None:
                continue
            found = list(model.objects.filter(pk__in=ids, **scope))
            if len(found) != len(set(ids)):
                raise ValidationError({key: _("No such object in this project.")})
            fields[name] = found
    return fields


@router.get("/{project_id}/obstacles", response=list[ObstacleOut], summary="A project's obstacles")
def list_obstacles(
    request,
    project_id: int,
    kind: str = "",
    status: str = "",
    resistance: bool | None = None,
    unresolved: bool = False,
):
    access = get_project_for_user(request.user, project_id)
    filters = ObstacleFilter(kind=kind, status=status, resistance=resistance, unresolved=unresolved)
    return [_out(o) for o in obstacle_list(project=access.project, filters=filters)]


@router.post(
    "/{project_id}/obstacles",
    response={201: ObstacleOut},
    summary="Log an obstacle (facilitators and team members)",
)
def create_obstacle(request, project_id: int, payload: ObstacleIn):
    access = get_project_for_user(request.user, project_id)
    access.require(access.can_contribute)
    obstacle = services.obstacle_create(
        project=access.project, user=request.user, **_fields(payload.dict(), access.project)
    )
    return 201, _out(obstacle)


@router.get("/{project_id}/obstacles/{obstacle_id}", response=ObstacleOut, summary="One obstacle")
def get_obstacle(request, project_id: int, obstacle_id: int):
    _access, obstacle = get_obstacle_for_user(request.user, project_id, obstacle_id)
    return _out(obstacle)


@router.patch(
    "/{project_id}/obstacles/{obstacle_id}",
    response=ObstacleOut,
    summary="Change or answer an obstacle (facilitators)",
)
def update_obstacle(request, project_id: int, obstacle_id: int, payload: ObstaclePatch):
    access, obstacle = get_obstacle_for_user(request.user, project_id, obstacle_id, edit=True)
    changes = _fields(payload.dict(exclude_unset=True), access.project)
    obstacle = services.obstacle_update(obstacle=obstacle, user=request.user, **changes)
    return _out(obstacle)


@router.delete(
    "/{project_id}/obstacles/{obstacle_id}",
    response={204: None},
    summary="Delete an obstacle (facilitators)",
)
def delete_obstacle(request, project_id: int, obstacle_id: int):
    _access, obstacle = get_obstacle_for_user(request.user, project_id, obstacle_id, edit=True)
    services.obstacle_delete(obstacle=obstacle, user=request.user)
    return 204, None


# --- the stakeholder map -------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    assessed_on: dt.date
    influence: int
    attitude: int
    comment: str


class StakeholderOut(Schema):
    id: int
    name: str
    person_id: int | None
    group: str
    notes: str
    quadrant: str
    move: str
    assessments: list[AssessmentOut]


class AssessmentIn(Schema):
    influence: int
    attitude: int
    assessed_on: dt.date | None = None
    comment: str = ""


class StakeholderIn(AssessmentIn):
    person_id: int | None = None
    group: str = ""
    notes: str = ""


def _assessment(a: StakeholderAssessment) -> dict:
    return {f: getattr(a, f) for f in ("assessed_on", "influence", "attitude", "comment")} | {
        "id": a.pk
    }


def _stakeholder_out(project, stakeholder_id: int) -> dict:
    row = next(r for r in stakeholder_rows(project) if r.stakeholder.pk == stakeholder_id)
    return _row_out(row)


def _row_out(row) -> dict:
    s: Stakeholder = row.stakeholder
    return {
        "id": s.pk,
        "name": str(s),
        "person_id": s.person_id,
        "group": s.group,
        "notes": s.notes,
        "quadrant": row.position.quadrant.value,
        "move": row.position.move.value,
        "assessments": [_assessment(a) for a in row.history],
    }


@router.get(
    "/{project_id}/stakeholders",
    response=list[StakeholderOut],
    summary="The stakeholder map: each stakeholder's assessments, quadrant and last move",
)
def list_stakeholders(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_row_out(row) for row in stakeholder_rows(access.project)]


@router.post(
    "/{project_id}/stakeholders",
    response={201: StakeholderOut},
    summary="Put a person or a group on the map with a first assessment (facilitators)",
)
def create_stakeholder(request, project_id: int, payload: StakeholderIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    fields = payload.dict()
    person_id = fields.pop("person_id")
    fields["person"] = _resolve(Person, person_id, "person_id", company=access.project.company_id)
    stakeholder = services.stakeholder_create(project=access.project, user=request.user, **fields)
    return 201, _stakeholder_out(access.project, stakeholder.pk)


@router.post(
    "/{project_id}/stakeholders/{stakeholder_id}/assessments",
    response={201: StakeholderOut},
    summary="Assess a stakeholder again; the previous assessments are kept (facilitators)",
)
def assess_stakeholder(request, project_id: int, stakeholder_id: int, payload: AssessmentIn):
    access, stakeholder = get_stakeholder_for_user(
        request.user, project_id, stakeholder_id, edit=True
    )
    services.stakeholder_assess(stakeholder=stakeholder, user=request.user, **payload.dict())
    return 201, _stakeholder_out(access.project, stakeholder.pk)
