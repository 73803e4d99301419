"""Fetch an observation for a user, applying the project's rules (see obeya.projects.access).

Everyone who may see the project reads its observations; facilitators and team members add
them; an observation is changed by a facilitator or by its author (the contributor who entered
it, or whose person is its observer).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.gemba.models import Observation
from obeya.projects.access import ProjectAccess, get_project_for_user


def can_edit_observation(access: ProjectAccess, observation: Observation) -> bool:
    """Facilitators edit every observation; team members the ones they wrote or observed."""
    if access.can_edit:
        return True
    if not access.can_contribute:
        return False
    user_id = access.user.pk
    if observation.created_by_id == user_id:
        return True
    return observation.observer_id is not None and observation.observer.user_id == user_id


def get_observation_for_user(
    user: Any, project_id: int, observation_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Observation]:
    """404 unless the user may see the project and the observation belongs to it; 403 if
    `edit` and the user may not change this observation."""
    access = get_project_for_user(user, project_id)
    observation = (
        Observation.objects.select_related("area__site", "observer", "value_stream", "created_by")
        .filter(project=access.project, pk=observation_id)
        .first()
    )
    if observation is None:
        raise Http404
    if edit:
        access.require(can_edit_observation(access, observation))
    return access, observation
