"""Fetch an event log for a user, applying the project's rules (see obeya.projects.access).

Everyone who may see the project reads its event logs and their analysis; facilitators and
team members import logs (they bring the exports of the ERP or the MES); only facilitators
delete a log or turn its analysis into a value stream map.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.flowlogs.models import EventLog
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_event_log_for_user(
    user: Any, project_id: int, event_log_id: int, *, contribute: bool = False, edit: bool = False
) -> tuple[ProjectAccess, EventLog]:
    """404 unless the user may see the project and the log belongs to it; 403 if `contribute`
    and the user may not import logs, or if `edit` and the user may not edit the project."""
    access = get_project_for_user(user, project_id)
    event_log = (
        EventLog.objects.select_related("project", "created_by", "job")
        .filter(project=access.project, pk=event_log_id)
        .first()
    )
    if event_log is None:
        raise Http404
    if contribute:
        access.require(access.can_contribute)
    if edit:
        access.require(access.can_edit)
    return access, event_log
