"""API of the Gantt chart: a project's schedule (critical path method) and the dependencies of
an action, with the same rules as the pages (registered on obeya.actions.api's router)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Schema

from obeya.actions import services
from obeya.actions.access import get_action_for_user
from obeya.actions.api import router
from obeya.actions.gantt import project_schedule
from obeya.actions.models import Action
from obeya.projects.access import get_project_for_user


class ScheduledActionOut(Schema):
    id: int
    title: str
    start_date: dt.date | None
    due_date: dt.date | None
    milestone: bool
    predecessor_ids: list[int]
    duration_days: int | None
    earliest_start: dt.date | None
    earliest_finish: dt.date | None
    latest_start: dt.date | None
    latest_finish: dt.date | None
    total_float_days: int | None
    critical: bool
    slippage_days: int | None


class ScheduleOut(Schema):
    start: dt.date | None
    finish: dt.date | None
    duration_days: int
    critical_paths: list[list[int]]
    undated_ids: list[int]
    actions: list[ScheduledActionOut]


class DependenciesIn(Schema):
    predecessor_ids: list[int]


class DependenciesOut(Schema):
    id: int
    predecessor_ids: list[int]
    warnings: list[str]


@router.get(
    "/{project_id}/schedule",
    response=ScheduleOut,
    summary="The plan's schedule: earliest and latest dates, float and critical path",
)
def get_schedule(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    actions, schedule = project_schedule(access.project)
    timings = schedule.by_key
    rows = []
    for action in actions:
        timing = timings.get(action.pk)
        rows.append(
            {
                "id": action.pk,
                "title": action.title,
                "start_date": action.start_date,
                "due_date": action.due_date,
                "milestone": action.milestone,
                "predecessor_ids": sorted(p.pk for p in action.depends_on.all()),
                "duration_days": timing.duration_days if timing else None,
                "earliest_start": timing.earliest_start if timing else None,
                "earliest_finish": timing.earliest_finish if timing else None,
                "latest_start": timing.latest_start if timing else None,
                "latest_finish": timing.latest_finish if timing else None,
                "total_float_days": timing.total_float_days if timing else None,
                "critical": bool(timing and timing.critical),
                "slippage_days": action.slippage_days,
            }
        )
    return {
        "start": schedule.start,
        "finish": schedule.finish,
        "duration_days": schedule.duration_days,
        "critical_paths": [list(path) for path in schedule.critical_paths],
        "undated_ids": list(schedule.undated),
        "actions": rows,
    }


@router.post(
    "/{project_id}/actions/{action_id}/dependencies",
    response=DependenciesOut,
    summary="Set the actions that must be finished before this one (refused if they loop)",
)
def set_dependencies(request, project_id: int, action_id: int, payload: DependenciesIn):
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    wanted = set(payload.predecessor_ids)
    found = list(Action.objects.filter(project=access.project, pk__in=wanted))
    missing = wanted - {a.pk for a in found}
    if missing:
        raise ValidationError(
            {"predecessor_ids": f"No such action in this project: {sorted(missing)}."}
        )
    warnings = services.action_set_dependencies(
        action=action, predecessors=found, user=request.user
    )
    return {
        "id": action.pk,
        "predecessor_ids": sorted(p.pk for p in action.depends_on.all()),
        "warnings": warnings,
    }
