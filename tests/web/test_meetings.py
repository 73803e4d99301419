"""Meetings: series and their rhythm (month ends, summer time), attendance rates, minutes that
create actions in the plan, the ICS exports, the API, who may do what, and the demo.

Rules (docs/meetings.md): everyone with a role in the project reads the meetings and downloads
their calendar; facilitators plan, change and delete them and add actions from the minutes;
facilitators and team members record attendance and minutes; a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from permission_table import (
    CONTRIBUTORS,
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.meetings import rhythm, selectors, services
from obeya.meetings.models import Attendance, Meeting, MeetingSeries
from obeya.organisation.models import Company, Person
from obeya.teams.models import ImprovementTeam

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _local(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- the rhythm (plain functions) -----------------------------------------------------------

D = dt.datetime


@pytest.mark.parametrize(
    ("first", "recurrence", "occurrences", "until", "expected"),
    [
        (D(2026, 3, 2, 9), "once", None, None, [D(2026, 3, 2, 9)]),
        (
            D(2026, 3, 2, 9),
            "weekly",
            3,
            None,
            [D(2026, 3, 2, 9), D(2026, 3, 9, 9), D(2026, 3, 16, 9)],
        ),
        (
            D(2026, 3, 2, 9),
            "biweekly",
            3,
            None,
            [D(2026, 3, 2, 9), D(2026, 3, 16, 9), D(2026, 3, 30, 9)],
        ),
        # the end date is inclusive, and wins over a larger count
        (
            D(2026, 3, 2, 9),
            "weekly",
            10,
            dt.date(2026, 3, 16),
            [D(2026, 3, 2, 9), D(2026, 3, 9, 9), D(2026, 3, 16, 9)],
        ),
        (
            D(2026, 3, 2, 9),
            "weekly",
            None,
            dt.date(2026, 3, 15),
            [D(2026, 3, 2, 9), D(2026, 3, 9, 9)],
        ),
        # monthly: 2nd Tuesday stays the 2nd Tuesday
        (
            D(2026, 1, 13, 14),
            "monthly",
            3,
            None,
            [D(2026, 1, 13, 14), D(2026, 2, 10, 14), D(2026, 3, 10, 14)],
        ),
        # monthly across the year end
        (
            D(2026, 11, 3, 14),
            "monthly",
            3,
            None,
            [D(2026, 11, 3, 14), D(2026, 12, 1, 14), D(2027, 1, 5, 14)],
        ),
        # month ends: Friday 30 Jan 2026 is the 5th Friday; February has four, so its last one;
        # May 2026 has a 5th Friday again (the 29th)
        (
            D(2026, 1, 30, 10),
            "monthly",
            5,
            None,
            [
                D(2026, 1, 30, 10),
                D(2026, 2, 27, 10),
                D(2026, 3, 27, 10),
                D(2026, 4, 24, 10),
                D(2026, 5, 29, 10),
            ],
        ),
        # Saturday 31 Jan 2026 is the 5th Saturday: 28 Feb, 28 Mar (4th and last), 25 Apr
        (
            D(2026, 1, 31, 8),
            "monthly",
            4,
            None,
            [D(2026, 1, 31, 8), D(2026, 2, 28, 8), D(2026, 3, 28, 8), D(2026, 4, 25, 8)],
        ),
    ],
)
def test_series_starts_follow_the_rhythm(first, recurrence, occurrences, until, expected):
    assert rhythm.series_starts(first, recurrence, occurrences=occurrences, until=until) == expected


def test_a_recurring_series_needs_an_end():
    with pytest.raises(ValueError, match="occurrences or an end date"):
        rhythm.series_starts(D(2026, 3, 2, 9), "weekly")


def test_a_series_never_exceeds_the_cap():
    starts = rhythm.series_starts(D(2026, 3, 2, 9), "weekly", until=dt.date(2040, 1, 1))
    assert len(starts) == rhythm.MAX_OCCURRENCES


@pytest.mark.parametrize(
    ("statuses", "rate"),
    [
        ([], None),
        (["invited", "invited"], None),
        (["present", "present", "absent", "excused"], 50.0),
        (["present", "invited", "present"], 100.0),
        (["absent"], 0.0),
        (["present", "absent", "absent"], 100 / 3),
    ],
)
def test_attendance_rate_counts_recorded_attendances_only(statuses, rate):
    assert rhythm.attendance_rate(statuses) == (pytest.approx(rate) if rate is not None else None)


# --- the world of the web tests -------------------------------------------------------------


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    team = ImprovementTeam.objects.create(project=project, name="Bending team")
    today = timezone.localdate()
    series = services.series_create(
        project=project,
        user=owner,
        kind="standup",
        team=team,
        title="Weekly stand-up",
        recurrence="weekly",
        first_starts_at=_local(today - dt.timedelta(days=15), 8, 30),
        occurrences=4,
        duration_minutes=15,
        place="Team board",
        attendees=[owner.person, cast["teammate"].person],
    )
    meetings = list(series.meetings.order_by("starts_at"))
    return {
        **cast,
        "team": team,
        "series": series,
        "past": meetings[0],
        "future": meetings[-1],
    }


def _state() -> tuple:
    return (
        tuple(
            Meeting.objects.order_by("pk").values_list(
                "pk", "title", "starts_at", "place", "minutes", "decisions"
            )
        ),
        tuple(MeetingSeries.objects.order_by("pk").values_list("pk", "title", "recurrence")),
        tuple(Attendance.objects.order_by("pk").values_list("pk", "person_id", "status")),
        tuple(Action.objects.order_by("pk").values_list("pk", "title", "meeting_id")),
    )


# --- series ---------------------------------------------------------------------------------


def test_creating_a_series_creates_its_meetings_and_invitations(world):
    series = world["series"]
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 4
    assert [timezone.localtime(m.starts_at).time() for m in meetings] == [dt.time(8, 30)] * 4
    assert [(b.starts_at - a.starts_at).days for a, b in pairwise(meetings)] == [7, 7, 7]
    assert {m.team for m in meetings} == {world["team"]}
    for meeting in meetings:
        assert set(meeting.attendances.values_list("person", "status")) == {
            (world["owner"].person.pk, "invited"),
            (world["teammate"].person.pk, "invited"),
        }
    assert AuditEntry.objects.filter(object_repr="Weekly stand-up").count() >= 5


def test_a_weekly_series_keeps_its_local_time_across_summer_time(cast, settings):
    settings.TIME_ZONE = "Europe/Paris"
    with timezone.override("Europe/Paris"):
        series = services.series_create(
            project=cast["project"],
            user=cast["owner"],
            title="Stand-up",
            recurrence="weekly",
            first_starts_at=_local(dt.date(2026, 3, 23), 9),
            occurrences=2,
        )
        starts = list(series.meetings.values_list("starts_at", flat=True))
        assert [timezone.localtime(s).strftime("%d/%m %H:%M") for s in starts] == [
            "23/03 09:00",
            "30/03 09:00",
        ]
        # the change to summer time (29 March) makes the week one hour shorter in UTC
        assert (starts[1] - starts[0]) == dt.timedelta(days=7, hours=-1)


def test_a_monthly_series_falls_back_to_the_last_weekday_at_month_end(cast):
    series = services.series_create(
        project=cast["project"],
        user=cast["owner"],
        kind="review",
        title="Monthly review",
        recurrence="monthly",
        first_starts_at=_local(dt.date(2026, 1, 30), 14),
        occurrences=3,
    )
    days = [timezone.localtime(m.starts_at).date() for m in series.meetings.all()]
    assert days == [dt.date(2026, 1, 30), dt.date(2026, 2, 27), dt.date(2026, 3, 27)]


def test_changing_a_series_changes_only_the_meetings_to_come_not_held(world):
    series, past, owner = world["series"], world["past"], world["owner"]
    services.attendance_record(meeting=past, user=owner, statuses={owner.person: "present"})
    before_past = Meeting.objects.get(pk=past.pk).starts_at
    now = timezone.now()
    services.series_update(
        series=series,
        user=owner,
        title="Stand-up at the board",
        place="Bending shop",
        first_starts_at=series.first_starts_at + dt.timedelta(hours=1),
        occurrences=6,
        attendees=[owner.person],
    )
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 6
    held = Meeting.objects.get(pk=past.pk)
    assert (held.title, held.place, held.starts_at) == (
        "Weekly stand-up",
        "Team board",
        before_past,
    )
    # the meeting of the future kept its id (its calendar UID) and took the new rhythm
    moved = Meeting.objects.get(pk=world["future"].pk)
    assert moved.title == "Stand-up at the board"
    assert timezone.localtime(moved.starts_at).time() == dt.time(9, 30)
    for meeting in meetings:
        if meeting.starts_at > now:
            assert meeting.place == "Bending shop"
            assert list(meeting.attendances.values_list("person", flat=True)) == [owner.person.pk]


def test_shortening_a_series_deletes_the_surplus_meetings_to_come(world):
    services.series_update(series=world["series"], user=world["owner"], occurrences=2)
    assert not Meeting.objects.filter(pk=world["future"].pk).exists()
    assert Meeting.objects.filter(pk=world["past"].pk).exists()


def test_a_recurring_series_without_end_is_refused_naming_the_field(cast, client_for):
    client = client_for(cast["owner"])
    url = reverse("meetings:series_create", args=[cast["project"].pk])
    response = client.post(
        url,
        {
            "kind": "standup",
            "title": "Stand-up",
            "recurrence": "weekly",
            "first_starts_at": "2026-03-02T09:00",
            "duration_minutes": "15",
        },
        **EN,
    )
    assert response.status_code == 200
    assert "number of meetings or the last date" in response.content.decode()
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()


def test_a_series_cannot_invite_people_of_another_company(cast):
    other = Company.objects.create(name="Other")
    stranger = Person.objects.create(company=other, first_name="X", last_name="Y")
    with pytest.raises(ValidationError) as caught:
        services.series_create(
            project=cast["project"],
            user=cast["owner"],
            title="Kick-off",
            recurrence="once",
            first_starts_at=timezone.now(),
            attendees=[stranger],
        )
    assert "attendees" in caught.value.message_dict
    assert not MeetingSeries.objects.exists()


def test_a_failure_half_way_through_a_series_leaves_nothing(cast, monkeypatch):
    calls = {"n": 0}
    real = services.audit_record

    def fail_on_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "audit_record", fail_on_third)
    audits = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        services.series_create(
            project=cast["project"],
            user=cast["owner"],
            title="Stand-up",
            recurrence="weekly",
            first_starts_at=timezone.now(),
            occurrences=5,
            attendees=[cast["owner"].person],
        )
    assert calls["n"] == 3
    assert not MeetingSeries.objects.exists()
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.count() == audits


# --- attendance and minutes -----------------------------------------------------------------


def test_attendance_rates_per_person_and_per_series(world):
    owner, teammate = world["owner"], world["teammate"]
    meetings = list(world["series"].meetings.order_by("starts_at"))
    services.attendance_record(
        meeting=meetings[0],
        user=owner,
        statuses={owner.person: "present", teammate.person: "absent"},
    )
    services.attendance_record(
        meeting=meetings[1],
        user=owner,
        statuses={owner.person: "present", teammate.person: "excused"},
    )
    services.attendance_record(
        meeting=meetings[2],
        user=owner,
        statuses={owner.person: "absent", teammate.person: "present"},
    )
    by_person = {line.label: line for line in selectors.attendance_by_person(world["project"])}
    assert by_person[str(owner.person)].rate_pct == pytest.approx(200 / 3)
    assert (by_person[str(teammate.person)].present, by_person[str(teammate.person)].absent) == (
        1,
        1,
    )
    assert by_person[str(teammate.person)].rate_pct == pytest.approx(100 / 3)
    (line,) = selectors.attendance_by_series(world["project"])
    assert (line.label, line.present, line.absent, line.excused) == ("Weekly stand-up", 3, 2, 1)
    assert line.rate_pct == pytest.approx(50.0)


def test_the_meetings_page_shows_the_attendance_rates(world, client_for):
    owner, teammate = world["owner"], world["teammate"]
    services.attendance_record(
        meeting=world["past"],
        user=owner,
        statuses={owner.person: "present", teammate.person: "absent"},
    )
    response = client_for(owner).get(reverse("meetings:index", args=[world["project"].pk]), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Weekly stand-up" in html
    assert '<td class="num">100 %</td>' in html and '<td class="num">0 %</td>' in html
    assert '<td class="num">50 %</td>' in html  # the series


def test_the_list_filters_by_team_and_kind(world, client_for):
    project, owner = world["project"], world["owner"]
    services.meeting_create(
        project=project,
        user=owner,
        kind="review",
        title="Quarterly review",
        starts_at=timezone.now() + dt.timedelta(days=3),
    )
    client = client_for(world["viewer"])
    url = reverse("meetings:index", args=[project.pk])
    page = client.get(url, {"kind": "review"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Quarterly review" in page and "Weekly stand-up" not in page
    assert "<h1>" not in page  # the HTMX partial only
    page = client.get(url, {"team": world["team"].pk}).content.decode()
    assert "Weekly stand-up" in page and "Quarterly review" not in page
    listed = selectors.meeting_list(project)
    assert [m.title for m in listed.upcoming] == ["Quarterly review", "Weekly stand-up"]
    assert [m.starts_at for m in listed.past] == sorted(
        (m.starts_at for m in listed.past), reverse=True
    )


def test_attendance_form_adds_someone_who_came_uninvited(world, client_for):
    extra = Person.objects.create(company=world["project"].company, first_name="Léa", last_name="F")
    past, owner, teammate = world["past"], world["owner"], world["teammate"]
    response = client_for(teammate).post(
        reverse("meetings:attendance", args=[world["project"].pk, past.pk]),
        {
            f"person_{owner.person.pk}": "present",
            f"person_{teammate.person.pk}": "excused",
            "extra_person": extra.pk,
        },
    )
    assert response.status_code == 302
    assert dict(past.attendances.values_list("person", "status")) == {
        owner.person.pk: "present",
        teammate.person.pk: "excused",
        extra.pk: "present",
    }


def test_attendance_and_minutes_wait_for_the_meeting_to_start(world):
    future, owner = world["future"], world["owner"]
    with pytest.raises(ValidationError) as caught:
        services.meeting_record_minutes(meeting=future, user=owner, minutes="Too early")
    assert "minutes" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(meeting=future, user=owner, statuses={owner.person: "present"})
    assert "attendance" in caught.value.message_dict


def test_minutes_are_edited_after_the_meeting(world, client_for):
    url = reverse("meetings:minutes", args=[world["project"].pk, world["past"].pk])
    client = client_for(world["teammate"])
    response = client.post(url, {"minutes": "Two reworks", "decisions": "Move the rack"})
    assert response.status_code == 302
    response = client.post(url, {"minutes": "Two reworks, one scrap", "decisions": "Move the rack"})
    past = Meeting.objects.get(pk=world["past"].pk)
    assert (past.minutes, past.decisions) == ("Two reworks, one scrap", "Move the rack")
    assert (
        AuditEntry.objects.filter(
            object_id=past.pk, verb="update", changes__has_key="minutes"
        ).count()
        == 2
    )


# --- actions from the minutes ---------------------------------------------------------------


def test_an_action_from_the_minutes_goes_into_the_plan(world, client_for):
    project, past, owner = world["project"], world["past"], world["owner"]
    client = client_for(owner)
    due = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        reverse("meetings:action_create", args=[project.pk, past.pk]),
        {"title": "Move the tool rack", "owner": world["teammate"].person.pk, "due_date": due},
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Move the tool rack")
    assert (action.project, action.meeting, action.team) == (project, past, world["team"])
    assert (action.owner, action.due_date, action.planned_due) == (
        world["teammate"].person,
        due,
        due,
    )
    page = client.get(reverse("meetings:detail", args=[project.pk, past.pk]), **EN).content.decode()
    assert "Move the tool rack" in page and "To do" in page
    plan = client.get(reverse("actions:index", args=[project.pk]), **EN).content.decode()
    assert "Move the tool rack" in plan


def test_an_action_without_title_is_refused_naming_the_field(world, client_for):
    response = client_for(world["owner"]).post(
        reverse("meetings:action_create", args=[world["project"].pk, world["past"].pk]),
        {"title": "", "owner": "", "due_date": ""},
        **EN,
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Action.objects.exists()


# --- ICS ------------------------------------------------------------------------------------


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_one_meeting_downloads_as_ics(world, client_for):
    world["owner"].person.email = "camille@example.com"
    world["owner"].person.save()
    past = world["past"]
    response = client_for(world["viewer"]).get(
        reverse("meetings:ics", args=[world["project"].pk, past.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = _unfold(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{past.pk}@testserver" in lines
    assert f"DTSTART:{past.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in lines
    assert "LOCATION:Team board" in lines
    assert "ATTENDEE;CN=Owner Test;ROLE=REQ-PARTICIPANT:mailto:camille@example.com" in lines


def test_the_project_calendar_holds_every_meeting(world, client_for):
    response = client_for(world["assessor"]).get(
        reverse("meetings:calendar", args=[world["project"].pk])
    )
    lines = _unfold(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 4
    uids = {line for line in lines if line.startswith("UID:")}
    assert uids == {f"UID:meeting-{m.pk}@testserver" for m in world["series"].meetings.all()}


# --- printable minutes ----------------------------------------------------------------------


def test_printable_minutes_show_minutes_attendance_and_actions(world, client_for):
    past, owner = world["past"], world["owner"]
    services.meeting_record_minutes(meeting=past, user=owner, minutes="Board reviewed")
    services.attendance_record(meeting=past, user=owner, statuses={owner.person: "present"})
    services.meeting_action_create(meeting=past, user=owner, title="Label the racks")
    response = client_for(world["viewer"]).get(
        reverse("meetings:print", args=[world["project"].pk, past.pk]), **EN
    )
    html = response.content.decode()
    assert "Board reviewed" in html and "Label the racks" in html and "Present" in html
    assert "meetings/meetings.css" in html


# --- API ------------------------------------------------------------------------------------


def test_api_plans_a_meeting_then_records_attendance_and_minutes(cast, api_for):
    project, owner, teammate = cast["project"], cast["owner"], cast["teammate"]
    api = api_for(owner)
    base = f"/api/projects/{project.pk}/meetings"
    starts = (timezone.now() - dt.timedelta(minutes=10)).isoformat()
    response = api.post(
        base,
        {
            "title": "Kick-off",
            "kind": "kickoff",
            "starts_at": starts,
            "attendee_ids": [owner.person.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["attendance"] == [
        {"person_id": owner.person.pk, "person": str(owner.person), "status": "invited"}
    ]
    response = api_for(teammate).put(
        f"{base}/{meeting['id']}/attendance",
        [
            {"person_id": owner.person.pk, "status": "present"},
            {"person_id": teammate.person.pk, "status": "absent"},
        ],
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert {a["person_id"]: a["status"] for a in response.json()["attendance"]} == {
        owner.person.pk: "present",
        teammate.person.pk: "absent",
    }
    response = api.put(
        f"{base}/{meeting['id']}/minutes",
        {"minutes": "Scope agreed", "decisions": "Weekly stand-up"},
        content_type="application/json",
    )
    assert response.json()["minutes"] == "Scope agreed"
    listed = api_for(cast["viewer"]).get(base).json()
    assert [m["title"] for m in listed] == ["Kick-off"]


def test_api_refuses_an_unknown_status_naming_the_field(world, api_for):
    response = api_for(world["owner"]).put(
        f"/api/projects/{world['project'].pk}/meetings/{world['past'].pk}/attendance",
        [{"person_id": world["owner"].person.pk, "status": "late"}],
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "attendance" in json.loads(response.content)["detail"]
    assert set(world["past"].attendances.values_list("status", flat=True)) == {"invited"}


# --- who may do what ------------------------------------------------------------------------


def _url(name: str, key: str | None = None) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *([w[key].pk] if key else [])])


def _series_data(w: dict) -> dict:
    return {
        "kind": "review",
        "title": "Monthly review",
        "recurrence": "monthly",
        "first_starts_at": "2026-06-09T14:00",
        "occurrences": "3",
        "duration_minutes": "60",
        "attendees": [w["owner"].person.pk],
    }


def _meeting_data(w: dict) -> dict:
    return {
        "kind": "standup",
        "title": "Stand-up moved",
        "starts_at": "2026-06-10T08:30",
        "duration_minutes": "15",
        "place": "Bending shop",
    }


def _attendance_data(w: dict) -> dict:
    return {
        f"person_{w['owner'].person.pk}": "present",
        f"person_{w['teammate'].person.pk}": "absent",
    }


def _api(suffix: str = "", key: str | None = None) -> Callable[[dict], str]:
    def url(w: dict) -> str:
        middle = f"/{w[key].pk}" if key else ""
        return f"/api/projects/{w['project'].pk}/meetings{middle}{suffix}"

    return url


PAGES = [
    Endpoint("list", "get", _url("meetings:index"), 200),
    Endpoint("calendar", "get", _url("meetings:calendar"), 200),
    Endpoint("plan form", "get", _url("meetings:series_create"), 200, FACILITATORS),
    Endpoint("plan", "post", _url("meetings:series_create"), 302, FACILITATORS, _series_data),
    Endpoint("series form", "get", _url("meetings:series_edit", "series"), 200, FACILITATORS),
    Endpoint(
        "series edit",
        "post",
        _url("meetings:series_edit", "series"),
        302,
        FACILITATORS,
        _series_data,
    ),
    Endpoint("detail", "get", _url("meetings:detail", "past"), 200),
    Endpoint("edit form", "get", _url("meetings:edit", "future"), 200, FACILITATORS),
    Endpoint("edit", "post", _url("meetings:edit", "future"), 302, FACILITATORS, _meeting_data),
    Endpoint("delete", "post", _url("meetings:delete", "future"), 302, FACILITATORS),
    Endpoint("minutes form", "get", _url("meetings:minutes", "past"), 200, CONTRIBUTORS),
    Endpoint(
        "minutes",
        "post",
        _url("meetings:minutes", "past"),
        302,
        CONTRIBUTORS,
        lambda w: {"minutes": "Board reviewed", "decisions": ""},
    ),
    Endpoint("attendance form", "get", _url("meetings:attendance", "past"), 200, CONTRIBUTORS),
    Endpoint(
        "attendance",
        "post",
        _url("meetings:attendance", "past"),
        302,
        CONTRIBUTORS,
        _attendance_data,
    ),
    Endpoint(
        "action from minutes",
        "post",
        _url("meetings:action_create", "past"),
        302,
        FACILITATORS,
        lambda w: {"title": "Label the racks", "owner": "", "due_date": ""},
    ),
    Endpoint("printable minutes", "get", _url("meetings:print", "past"), 200),
    Endpoint("meeting ics", "get", _url("meetings:ics", "past"), 200),
]

API = [
    ApiEndpoint("list", "get", _api(), 200),
    ApiEndpoint(
        "create",
        "post",
        _api(),
        201,
        FACILITATORS,
        lambda w: {
            "title": "Kick-off",
            "starts_at": "2026-06-10T09:00:00+02:00",
            "kind": "kickoff",
        },
    ),
    ApiEndpoint("one", "get", _api("", "past"), 200),
    ApiEndpoint(
        "attendance",
        "put",
        _api("/attendance", "past"),
        200,
        CONTRIBUTORS,
        lambda w: [{"person_id": w["owner"].person.pk, "status": "present"}],
    ),
    ApiEndpoint(
        "minutes",
        "put",
        _api("/minutes", "past"),
        200,
        CONTRIBUTORS,
        lambda w: {"minutes": "Board reviewed"},
    ),
]

test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_meetings_page = outsider_gets_404(PAGES + API, _state)
test_each_role_gets_what_it_may_on_every_meetings_page = each_role_gets_what_it_may(
    PAGES + API, _state, reads_change_nothing=True
)


def test_a_meeting_of_another_project_is_404(world, client_for):
    from obeya.projects.models import Membership, Project

    other = Project.objects.create(company=world["project"].company, title="Other")
    Membership.objects.create(project=other, user=world["owner"], role="facilitator")
    url = reverse("meetings:detail", args=[other.pk, world["past"].pk])
    assert client_for(world["owner"]).get(url).status_code == 404


# --- demo -----------------------------------------------------------------------------------


def test_demo_meetings(cast):
    from obeya.meetings.demo import load_demo_meetings

    project = cast["project"]
    team = ImprovementTeam.objects.create(project=project, name="Bending")
    load_demo_meetings(project, {"bending": team}, language="en")
    load_demo_meetings(project, {"bending": team}, language="en")  # twice: nothing more
    kickoff = Meeting.objects.get(kind="kickoff")
    assert kickoff.minutes and kickoff.actions.count() == 2
    assert set(kickoff.actions.values_list("meeting", flat=True)) == {kickoff.pk}
    standups = Meeting.objects.filter(kind="standup")
    assert standups.count() == 12 and {m.team for m in standups} == {team}
    now = timezone.now()
    assert standups.filter(starts_at__lt=now).count() == 3
    assert all(
        m.attendances.exclude(status="invited").exists() for m in standups.filter(starts_at__lt=now)
    )
    assert standups.filter(starts_at__gt=now).exists()
    assert Meeting.objects.filter(kind="review").count() == 6
    assert selectors.attendance_by_person(project)
