"""Fetch a value stream map for a user, applying the project's rules (see obeya.projects.access)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.valuestreams.models import ValueStream


def get_value_stream_for_user(
    user: Any, project_id: int, value_stream_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, ValueStream]:
    """404 unless the user may see the project and the map belongs to it; 403 if `edit` and the
    user may not edit the project (only facilitators draw and change maps)."""
    access = get_project_for_user(user, project_id)
    value_stream = (
        ValueStream.objects.select_related("project", "current_state", "created_by")
        .filter(project=access.project, pk=value_stream_id)
        .first()
    )
    if value_stream is None:
        raise Http404
    if edit:
        access.require(access.can_edit)
    return access, value_stream
