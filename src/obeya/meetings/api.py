"""API: a project's meetings, with the same rules as the pages (obeya.meetings.access)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from obeya.meetings import selectors, services
from obeya.meetings.access import get_meeting_for_user
from obeya.meetings.models import Meeting
from obeya.organisation.models import Person
from obeya.projects.access import get_project_for_user
from obeya.teams.models import ImprovementTeam

router = Router(tags=["meetings"])


class AttendanceOut(Schema):
    person_id: int
    person: str
    status: str


class MeetingOut(Schema):
    id: int
    project_id: int
    series_id: int | None
    team_id: int | None
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    place: str
    agenda: str
    minutes: str
    decisions: str
    attendance: list[AttendanceOut]
    action_ids: list[int]


class MeetingIn(Schema):
    title: str
    starts_at: dt.datetime
    kind: str = Meeting.Kind.STANDUP
    team_id: int | None = None
    duration_minutes: int = 30
    place: str = ""
    agenda: str = ""
    attendee_ids: list[int] = []


class AttendanceIn(Schema):
    person_id: int
    status: str


class MinutesIn(Schema):
    minutes: str
    decisions: str = ""


def _out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "project_id": meeting.project_id,
        "series_id": meeting.series_id,
        "team_id": meeting.team_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "attendance": [
            {"person_id": a.person_id, "person": str(a.person), "status": a.status}
            for a in meeting.attendances.select_related("person")
        ],
        "action_ids": list(meeting.actions.values_list("pk", flat=True)),
    }


def _people(project, ids: list[int], field: str) -> list[Person]:
    people = list(Person.objects.filter(company=project.company_id, pk__in=ids))
    if len(people) != len(set(ids)):
        raise ValidationError({field: "No such person in the project's company."})
    return people


@router.get("/{project_id}/meetings", response=list[MeetingOut], summary="A project's meetings")
def list_meetings(request, project_id: int, team: int | None = None, kind: str = ""):
    access = get_project_for_user(request.user, project_id)
    filters = selectors.MeetingFilter(team=team, kind=kind)
    return [_out(m) for m in selectors.meetings_of(access.project, filters)]


@router.post(
    "/{project_id}/meetings", response={201: MeetingOut}, summary="Plan a meeting (facilitators)"
)
def create_meeting(request, project_id: int, payload: MeetingIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    fields = payload.dict()
    attendees = _people(access.project, fields.pop("attendee_ids"), "attendee_ids")
    team_id = fields.pop("team_id")
    team = None
    if team_id is not None:
        team = ImprovementTeam.objects.filter(project=access.project, pk=team_id).first()
        if team is None:
            raise ValidationError({"team_id": "No such team in this project."})
    meeting = services.meeting_create(
        project=access.project, user=request.user, team=team, attendees=attendees, **fields
    )
    return 201, _out(meeting)


@router.get("/{project_id}/meetings/{meeting_id}", response=MeetingOut, summary="One meeting")
def get_meeting(request, project_id: int, meeting_id: int):
    _access, meeting = get_meeting_for_user(request.user, project_id, meeting_id)
    return _out(meeting)


@router.put(
    "/{project_id}/meetings/{meeting_id}/attendance",
    response=MeetingOut,
    summary="Record who came (facilitators and team members)",
)
def record_attendance(request, project_id: int, meeting_id: int, payload: list[AttendanceIn]):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, record=True)
    people = {p.pk: p for p in _people(access.project, [r.person_id for r in payload], "person_id")}
    statuses = {people[row.person_id]: row.status for row in payload}
    services.attendance_record(meeting=meeting, user=request.user, statuses=statuses)
    return _out(meeting)


@router.put(
    "/{project_id}/meetings/{meeting_id}/minutes",
    response=MeetingOut,
    summary="Write the minutes and decisions (facilitators and team members)",
)
def record_minutes(request, project_id: int, meeting_id: int, payload: MinutesIn):
    _access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, record=True)
    meeting = services.meeting_record_minutes(meeting=meeting, user=request.user, **payload.dict())
    return _out(meeting)
