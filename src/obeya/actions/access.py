"""Fetch an action for a user, applying the project's rules (see obeya.projects.access)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.actions.models import Action
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_action_for_user(
    user: Any, project_id: int, action_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Action]:
    """404 unless the user may see the project and the action belongs to it; 403 if `edit` and
    the user may not edit this action."""
    access = get_project_for_user(user, project_id)
    action = (
        Action.objects.select_related("owner__user", "project")
        .filter(project=access.project, pk=action_id)
        .first()
    )
    if action is None:
        raise Http404
    if edit:
        access.require(access.can_edit_action(action))
    return access, action
