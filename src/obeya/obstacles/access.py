"""Fetch an obstacle or a stakeholder for a user, applying the project's rules (see
obeya.projects.access): everyone who may see the project reads the log and the map; team
members and facilitators log obstacles; only facilitators answer, change or delete them and
update the stakeholder map."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.obstacles.models import Obstacle, Stakeholder
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_obstacle_for_user(
    user: Any, project_id: int, obstacle_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Obstacle]:
    """404 unless the user may see the project and the obstacle belongs to it; 403 if `edit`
    and the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    obstacle = (
        Obstacle.objects.filter(project=access.project, pk=obstacle_id)
        .select_related("axis", "team", "response_owner")
        .first()
    )
    if obstacle is None:
        raise Http404
    return access, obstacle


def get_stakeholder_for_user(
    user: Any, project_id: int, stakeholder_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Stakeholder]:
    """404 unless the user may see the project and the stakeholder belongs to it; 403 if
    `edit` and the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    stakeholder = (
        Stakeholder.objects.filter(project=access.project, pk=stakeholder_id)
        .select_related("person")
        .first()
    )
    if stakeholder is None:
        raise Http404
    return access, stakeholder
