"""API: the projects a user may see, with their roadmap."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from obeya.projects.access import get_project_for_user, visible_projects
from obeya.projects.selectors import roadmap_for_project

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    title: str
    status: str
    area: str | None
    product_family: str | None
    process: str | None
    sponsor: str | None
    facilitator: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    stakes: str
    constraints: str
    objectives: str
    role: str | None


class CheckOut(Schema):
    key: str
    done: bool | None
    count: int | None
    expected: int | None


class StageOut(Schema):
    stage: str
    number: int
    status: str
    actions_total: int
    actions_done: int
    checks: list[CheckOut]


class RoadmapOut(Schema):
    stages_done: int
    current_stage: str | None
    stages: list[StageOut]


def _project_out(project, role) -> dict:
    def name(obj):
        return str(obj) if obj is not None else None

    return {
        "id": project.pk,
        "title": project.title,
        "status": project.status,
        "area": name(project.area),
        "product_family": name(project.product_family),
        "process": name(project.process),
        "sponsor": name(project.sponsor),
        "facilitator": name(project.facilitator),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "stakes": project.stakes,
        "constraints": project.constraints,
        "objectives": project.objectives,
        "role": role,
    }


@router.get("/", response=list[ProjectOut], summary="Projects visible to the user")
def list_projects(request):
    from obeya.projects.models import Membership

    roles = dict(Membership.objects.filter(user=request.user).values_list("project_id", "role"))
    projects = visible_projects(request.user).select_related(
        "area__site", "product_family", "process", "sponsor", "facilitator"
    )
    return [_project_out(p, roles.get(p.pk)) for p in projects]


@router.get("/{project_id}", response=ProjectOut, summary="One project")
def get_project(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return _project_out(access.project, access.role)


@router.get(
    "/{project_id}/roadmap",
    response=RoadmapOut,
    summary="The nine stages, judged from the project's data",
)
def get_roadmap(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    roadmap = roadmap_for_project(access.project)
    current = roadmap.current
    return {
        "stages_done": roadmap.done_count,
        "current_stage": current.stage.value if current else None,
        "stages": [
            {
                "stage": s.stage.value,
                "number": s.stage.number,
                "status": s.status.value,
                "actions_total": s.actions_total,
                "actions_done": s.actions_done,
                "checks": [
                    {"key": c.key, "done": c.done, "count": c.count, "expected": c.expected}
                    for c in s.checks
                ],
            }
            for s in roadmap.stages
        ],
    }
