"""API: a project's action plan, with the same rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from obeya.actions import services
from obeya.actions.access import get_action_for_user
from obeya.actions.models import Action
from obeya.actions.selectors import ActionFilter, plan_rows, with_risks
from obeya.organisation.models import Person
from obeya.projects.access import get_project_for_user

router = Router(tags=["actions"])


class ActionOut(Schema):
    id: int
    project_id: int
    title: str
    description: str
    stage: str
    owner_id: int | None
    owner: str | None
    start_date: dt.date | None
    due_date: dt.date | None
    status: str
    progress: int
    completed_on: dt.date | None
    overdue: bool
    planned_start: dt.date | None = None
    planned_due: dt.date | None = None
    slippage_days: int | None = None
    milestone: bool = False
    effort_hours: float | None = None
    pdca_step: str = ""
    team_id: int | None = None
    axis_id: int | None = None
    meeting_id: int | None = None
    risks: list[str] = []  # reason codes of obeya.core.risk: overdue, behind_schedule, ...


class ActionIn(Schema):
    title: str
    description: str = ""
    stage: str = ""
    owner_id: int | None = None
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    status: str = Action.Status.TODO
    progress: int = 0


class ActionPatch(Schema):
    title: str | None = None
    description: str | None = None
    stage: str | None = None
    owner_id: int | None = None
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    status: str | None = None
    progress: int | None = None


def _out(action: Action) -> dict:
    if not hasattr(action, "risks"):
        with_risks([action])
    return {
        "id": action.pk,
        "project_id": action.project_id,
        "title": action.title,
        "description": action.description,
        "stage": action.stage,
        "owner_id": action.owner_id,
        "owner": str(action.owner) if action.owner else None,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "status": action.status,
        "progress": action.progress,
        "completed_on": action.completed_on,
        "overdue": action.is_overdue,
        "planned_start": action.planned_start,
        "planned_due": action.planned_due,
        "slippage_days": action.slippage_days,
        "milestone": action.milestone,
        "effort_hours": float(action.effort_hours) if action.effort_hours is not None else None,
        "pdca_step": action.pdca_step,
        "team_id": action.team_id,
        "axis_id": action.axis_id,
        "meeting_id": action.meeting_id,
        "risks": [str(flag.reason) for flag in action.risks],
    }


def _fields(payload: dict, project) -> dict:
    """Turn an API payload into service fields, resolving the owner within the company."""
    fields = dict(payload)
    if "owner_id" in fields:
        owner_id = fields.pop("owner_id")
        owner = None
        if owner_id is not None:
            owner = Person.objects.filter(pk=owner_id, company=project.company_id).first()
            if owner is None:
                raise ValidationError({"owner_id": "No such person in the project's company."})
        fields["owner"] = owner
    return fields


@router.get("/{project_id}/actions", response=list[ActionOut], summary="A project's actions")
def list_actions(
    request,
    project_id: int,
    status: str = "",
    stage: str = "",
    overdue: bool = False,
    at_risk: bool = False,
):
    access = get_project_for_user(request.user, project_id)
    filters = ActionFilter(status=status, stage=stage, overdue=overdue, at_risk=at_risk)
    return [_out(a) for a in plan_rows(project=access.project, filters=filters)]


@router.post("/{project_id}/actions", response={201: ActionOut}, summary="Add an action")
def create_action(request, project_id: int, payload: ActionIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    action = services.action_create(
        project=access.project, user=request.user, **_fields(payload.dict(), access.project)
    )
    return 201, _out(action)


@router.get("/{project_id}/actions/{action_id}", response=ActionOut, summary="One action")
def get_action(request, project_id: int, action_id: int):
    _access, action = get_action_for_user(request.user, project_id, action_id)
    return _out(action)


@router.patch(
    "/{project_id}/actions/{action_id}",
    response=ActionOut,
    summary="Change an action (facilitators; team members on their own actions)",
)
def update_action(request, project_id: int, action_id: int, payload: ActionPatch):
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    changes = payload.dict(exclude_unset=True)
    if not access.can_edit and {"owner_id", "title", "stage"} & set(changes):
        raise HttpError(403, "Team members may not change the owner, title or stage.")
    action = services.action_update(
        action=action, user=request.user, **_fields(changes, access.project)
    )
    return _out(action)


@router.delete(
    "/{project_id}/actions/{action_id}",
    response={204: None},
    summary="Delete an action (facilitators)",
)
def delete_action(request, project_id: int, action_id: int):
    access, action = get_action_for_user(request.user, project_id, action_id)
    access.require(access.can_edit)
    services.action_delete(action=action, user=request.user)
    return 204, None


# The Gantt chart endpoints (schedule, dependencies) live in their own module.
from obeya.actions import api_gantt  # noqa: E402, F401
