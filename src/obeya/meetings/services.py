"""Every write to the meetings of a project: one transaction each, each audited.

A series creates its meetings; changing it reschedules only the meetings still to come that
were not held (no attendance recorded, no minutes), so the record of past meetings never
moves. Actions decided in a meeting go straight into the project's plan through
obeya.actions.services.action_create, pointing back to the meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.actions.services import action_create
from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    snapshot,
    stored_snapshot,
)
from obeya.meetings import rhythm
from obeya.meetings.models import Attendance, Meeting, MeetingSeries
from obeya.organisation.models import Person
from obeya.projects.models import Project

SERIES_FIELDS = (
    "kind",
    "team",
    "title",
    "recurrence",
    "first_starts_at",
    "occurrences",
    "ends_on",
    "duration_minutes",
    "place",
    "agenda",
)
MEETING_FIELDS = (
    "kind",
    "team",
    "title",
    "starts_at",
    "duration_minutes",
    "place",
    "agenda",
)
MINUTES_FIELDS = ("minutes", "decisions")
# What a meeting of a series takes from it (the rest is its own date).
_FROM_SERIES = ("kind", "team", "title", "duration_minutes", "place", "agenda")


def _company_people(project: Project, people: Iterable[Person], field: str) -> list[Person]:
    people = list(people)
    if any(p.company_id != project.company_id for p in people):
        raise ValidationError({field: _("Only people of the project's company can be invited.")})
    return people


def _series_starts(series: MeetingSeries) -> list[dt.datetime]:
    """The series' meeting starts, stepped in local wall time and made aware again."""
    local_first = timezone.localtime(series.first_starts_at).replace(tzinfo=None)
    starts = rhythm.series_starts(
        local_first, series.recurrence, occurrences=series.occurrences, until=series.ends_on
    )
    return [timezone.make_aware(s) for s in starts]


def _is_held(meeting: Meeting) -> bool:
    """Held: minutes written or attendance recorded. Such a meeting is never rescheduled."""
    if meeting.minutes or meeting.decisions:
        return True
    return meeting.attendances.exclude(status=Attendance.Status.INVITED).exists()


# What the audit trail records of a meeting.
_MEETING_AUDITED = MEETING_FIELDS + MINUTES_FIELDS


def _meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    return snapshot(meeting, _MEETING_AUDITED)


def _invite(meeting: Meeting, people: Iterable[Person]) -> None:
    for person in people:
        Attendance.objects.get_or_create(meeting=meeting, person=person)


def _new_meeting(*, series: MeetingSeries, starts_at: dt.datetime, user: Any) -> Meeting:
    meeting = Meeting(
        project=series.project,
        series=series,
        starts_at=starts_at,
        **{name: getattr(series, name) for name in _FROM_SERIES},
    )
    # By hand, not audited_save: tests/web/test_meetings.py fails this module's audit_record
    # half way through a series to show that nothing of it is left.
    meeting.full_clean()
    meeting.save()
    _invite(meeting, series.attendees.all())
    audit_record(
        obj=meeting,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=series.project,
        after=_meeting_snapshot(meeting),
    )
    return meeting


def _series_snapshot(series: MeetingSeries) -> dict[str, Any]:
    return {
        **snapshot(series, SERIES_FIELDS),
        "attendees": sorted(str(p) for p in series.attendees.all()),
    }


# --- series --------------------------------------------------------------------------------


@transaction.atomic
def series_create(
    *,
    project: Project,
    user: Any,
    attendees: Iterable[Person] = (),
    **fields: Any,
) -> MeetingSeries:
    """Create a series and all its meetings, each attendee invited to each meeting."""
    people = _company_people(project, attendees, "attendees")
    series = MeetingSeries(project=project, **fields)
    series.full_clean()
    series.save()
    series.attendees.set(people)
    for starts_at in _series_starts(series):
        _new_meeting(series=series, starts_at=starts_at, user=user)
    audit_record(
        obj=series,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=_series_snapshot(series),
    )
    return series


@transaction.atomic
def series_update(
    *,
    series: MeetingSeries,
    user: Any,
    attendees: Iterable[Person] | None = None,
    now: dt.datetime | None = None,
    **fields: Any,
) -> MeetingSeries:
    """Change a series and the meetings still to come that were not held.

    Those meetings are rescheduled to the new rhythm (kept in order, so their links and
    calendar UIDs stay), the surplus is deleted and missing ones are created; past meetings
    and held ones keep what they were.
    """
    now = now or timezone.now()
    before = _series_snapshot(MeetingSeries.objects.get(pk=series.pk))
    assign_fields(series, fields, SERIES_FIELDS, service="series_update")
    series.full_clean()
    series.save()
    if attendees is not None:
        series.attendees.set(_company_people(series.project, attendees, "attendees"))
    people = list(series.attendees.all())
    upcoming = [
        m
        for m in series.meetings.filter(starts_at__gt=now).order_by("starts_at")
        if not _is_held(m)
    ]
    held_starts = set(
        series.meetings.exclude(pk__in=[m.pk for m in upcoming]).values_list("starts_at", flat=True)
    )
    new_starts = [s for s in _series_starts(series) if s > now and s not in held_starts]
    for meeting, starts_at in zip(upcoming, new_starts, strict=False):
        meeting_before = _meeting_snapshot(meeting)
        for name in _FROM_SERIES:
            setattr(meeting, name, getattr(series, name))
        meeting.starts_at = starts_at
        audited_save(
            meeting,
            user=user,
            fields=_MEETING_AUDITED,
            project=series.project,
            before=meeting_before,
        )
        meeting.attendances.exclude(person__in=people).delete()
        _invite(meeting, people)
    for meeting in upcoming[len(new_starts) :]:
        _delete_meeting(meeting, user)
    for starts_at in new_starts[len(upcoming) :]:
        _new_meeting(series=series, starts_at=starts_at, user=user)
    audit_record(
        obj=series,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=series.project,
        before=before,
        after=_series_snapshot(series),
    )
    return series


# --- single meetings -----------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *, project: Project, user: Any, attendees: Iterable[Person] = (), **fields: Any
) -> Meeting:
    """Plan one meeting outside any series."""
    people = _company_people(project, attendees, "attendees")
    meeting = Meeting(project=project, **fields)
    audited_save(meeting, user=user, fields=_MEETING_AUDITED, project=project)
    _invite(meeting, people)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, user: Any, **fields: Any) -> Meeting:
    before = stored_snapshot(meeting, _MEETING_AUDITED)
    assign_fields(meeting, fields, MEETING_FIELDS, service="meeting_update")
    return audited_save(
        meeting, user=user, fields=_MEETING_AUDITED, project=meeting.project, before=before
    )


def _delete_meeting(meeting: Meeting, user: Any) -> None:
    audited_delete(meeting, user=user, fields=_MEETING_AUDITED, project=meeting.project)


@transaction.atomic
def meeting_delete(*, meeting: Meeting, user: Any) -> None:
    """Delete a meeting; the actions decided in it stay in the plan (their link is cleared)."""
    _delete_meeting(meeting, user)


def _require_started(meeting: Meeting, field: str, now: dt.datetime | None) -> None:
    if not meeting.has_started_at(now or timezone.now()):
        messages = {
            "minutes": _("Minutes are written once the meeting has started."),
            "attendance": _("Attendance is recorded once the meeting has started."),
        }
        raise ValidationError({field: messages[field]})


@transaction.atomic
def meeting_record_minutes(
    *,
    meeting: Meeting,
    user: Any,
    minutes: str,
    decisions: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Write (or correct) the minutes and decisions of a meeting that has started."""
    _require_started(meeting, "minutes", now)
    before = stored_snapshot(meeting, MINUTES_FIELDS)
    meeting.minutes, meeting.decisions = minutes, decisions
    return audited_save(
        meeting, user=user, fields=MINUTES_FIELDS, project=meeting.project, before=before
    )


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    user: Any,
    statuses: Mapping[Person, str],
    now: dt.datetime | None = None,
) -> list[Attendance]:
    """Record who came: one status per person (present, absent, excused, or invited).

    A person not yet on the list is added (someone who came without an invitation).
    """
    _require_started(meeting, "attendance", now)
    people = _company_people(meeting.project, statuses, "attendance")
    valid = set(Attendance.Status.values)
    before = {str(a.person): a.status for a in meeting.attendances.select_related("person")}
    rows = []
    for person in people:
        status = statuses[person]
        if status not in valid:
            raise ValidationError({"attendance": _("Unknown attendance status: %s") % status})
        row, _created = Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status}
        )
        rows.append(row)
    after = {str(a.person): a.status for a in meeting.attendances.select_related("person")}
    audit_record(
        obj=meeting,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=meeting.project,
        before={"attendance": before},
        after={"attendance": after},
    )
    return rows


@transaction.atomic
def meeting_action_create(
    *,
    meeting: Meeting,
    user: Any,
    title: str,
    owner: Person | None = None,
    due_date: dt.date | None = None,
) -> Action:
    """An action decided in the meeting, added to the project's plan with the meeting and
    its team as origin (audited by the action plan's own service)."""
    return action_create(
        project=meeting.project,
        user=user,
        title=title,
        owner=owner,
        due_date=due_date,
        meeting=meeting,
        team=meeting.team,
    )
