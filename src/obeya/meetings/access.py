"""Fetch a meeting or a series for a user, applying the project's rules (obeya.projects.access).

Everyone who may see the project reads its meetings and downloads their calendar;
facilitators plan and change them; facilitators and team members record attendance and
minutes (a team member is often the scribe).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.meetings.models import Meeting, MeetingSeries
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_meeting_for_user(
    user: Any, project_id: int, meeting_id: int, *, edit: bool = False, record: bool = False
) -> tuple[ProjectAccess, Meeting]:
    """404 unless the user may see the project and the meeting belongs to it; 403 if `edit`
    and the user is not a facilitator, or `record` and the user may not contribute."""
    access = get_project_for_user(user, project_id, edit=edit)
    meeting = (
        Meeting.objects.select_related("team", "series", "project")
        .filter(project=access.project, pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    if record:
        access.require(access.can_contribute)
    return access, meeting


def get_series_for_user(
    user: Any, project_id: int, series_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, MeetingSeries]:
    """404 unless the user may see the project and the series belongs to it; 403 if `edit`
    and the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    series = MeetingSeries.objects.filter(project=access.project, pk=series_id).first()
    if series is None:
        raise Http404
    return access, series
