"""Reads of the meetings: the project's list, one meeting's page, attendance rates, and the
calendar events the ICS export writes (obeya.core.ics)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from obeya.core.ics import Attendee, IcsEvent
from obeya.meetings.models import Attendance, Meeting, MeetingSeries
from obeya.meetings.rhythm import attendance_rate
from obeya.projects.models import Project


@dataclass(frozen=True)
class MeetingFilter:
    team: int | None = None
    kind: str = ""


@dataclass(frozen=True)
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]


@dataclass(frozen=True)
class AttendanceLine:
    """One person's or one series' attendance over the meetings whose attendance was recorded."""

    label: str
    present: int
    absent: int
    excused: int
    rate_pct: float | None


def meetings_of(project: Project, filters: MeetingFilter | None = None) -> QuerySet[Meeting]:
    filters = filters or MeetingFilter()
    rows = Meeting.objects.filter(project=project).select_related("team", "series")
    if filters.team:
        rows = rows.filter(team_id=filters.team)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows.prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("person__user"))
    )


def meeting_list(
    project: Project, filters: MeetingFilter | None = None, *, now: dt.datetime | None = None
) -> MeetingList:
    """Upcoming meetings soonest first, past ones latest first."""
    now = now or timezone.now()
    rows = list(meetings_of(project, filters))
    return MeetingList(
        upcoming=[m for m in rows if m.starts_at >= now],
        past=sorted(
            (m for m in rows if m.starts_at < now), key=lambda m: m.starts_at, reverse=True
        ),
    )


def meeting_actions(meeting: Meeting) -> QuerySet:
    return meeting.actions.select_related("owner").order_by("due_date", "pk")


def _line(label: str, statuses: list[str]) -> AttendanceLine:
    return AttendanceLine(
        label=label,
        present=statuses.count(Attendance.Status.PRESENT),
        absent=statuses.count(Attendance.Status.ABSENT),
        excused=statuses.count(Attendance.Status.EXCUSED),
        rate_pct=attendance_rate(statuses),
    )


def attendance_by_person(project: Project) -> list[AttendanceLine]:
    """Each person's attendance rate over the project's meetings (recorded ones only)."""
    by_person: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    rows = (
        Attendance.objects.filter(meeting__project=project)
        .exclude(status=Attendance.Status.INVITED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    for row in rows:
        by_person[row.person_id].append(row.status)
        names[row.person_id] = str(row.person)
    return [_line(names[pk], statuses) for pk, statuses in by_person.items()]


def attendance_by_series(project: Project) -> list[AttendanceLine]:
    """Each series' attendance rate: present ÷ recorded attendances over its meetings."""
    by_series: dict[int, list[str]] = defaultdict(list)
    rows = (
        Attendance.objects.filter(meeting__project=project, meeting__series__isnull=False)
        .exclude(status=Attendance.Status.INVITED)
        .values_list("meeting__series_id", "status")
    )
    for series_id, status in rows:
        by_series[series_id].append(status)
    series = MeetingSeries.objects.filter(project=project).order_by("first_starts_at", "pk")
    return [_line(s.title, by_series[s.pk]) for s in series if by_series[s.pk]]


def meeting_ics_events(meetings: Iterable[Meeting], *, domain: str) -> list[IcsEvent]:
    """The calendar events of `meetings` (attendances prefetched), one UID per meeting."""
    events = []
    for meeting in meetings:
        attendees = tuple(
            Attendee(name=str(a.person), email=_email(a.person)) for a in meeting.attendances.all()
        )
        description = meeting.agenda
        if meeting.team_id:
            description = f"{meeting.team.name}\n{description}".strip()
        events.append(
            IcsEvent(
                uid=f"meeting-{meeting.pk}@{domain}",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                summary=meeting.title,
                location=meeting.place,
                description=description,
                attendees=attendees,
            )
        )
    return events


def _email(person) -> str:
    if person.email:
        return person.email
    user = person.user if person.user_id else None
    return user.email if user is not None else ""
