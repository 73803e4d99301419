"""The action plan's month calendar: due dates, milestones, meetings and trainings by day,
weeks from Monday, month names in the user's language, and who may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from permission_table import (
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def world(cast):
    from obeya.meetings.models import Meeting
    from obeya.organisation.models import Skill
    from obeya.trainings.models import Training

    project = cast["project"]
    Action.objects.create(project=project, title="Order the clamps", due_date=dt.date(2026, 3, 11))
    Action.objects.create(
        project=project,
        title="Pilot review",
        milestone=True,
        start_date=dt.date(2026, 3, 27),
        due_date=dt.date(2026, 3, 27),
    )
    Action.objects.create(project=project, title="April work", due_date=dt.date(2026, 4, 15))
    tz = timezone.get_current_timezone()
    Meeting.objects.create(
        project=project,
        title="Weekly stand-up",
        starts_at=dt.datetime(2026, 3, 16, 8, 30, tzinfo=tz),
    )
    skill = Skill.objects.create(company=project.company, name="SMED")
    Training.objects.create(
        project=project, skill=skill, title="SMED basics", starts_on=dt.date(2026, 3, 18)
    )
    return cast


def _calendar(client, project, month="2026-03", **headers):
    url = reverse("actions:calendar", args=[project.pk])
    return client.get(url, {"month": month} if month else {}, **(headers or EN))


def _day(calendar, day):
    return next(d for week in calendar.weeks for d in week if d.day == day)


def test_calendar_puts_each_entry_on_its_day(client_for, world):
    response = _calendar(client_for(world["viewer"]), world["project"])
    assert response.status_code == 200
    calendar = response.context["calendar"]
    assert [(e.kind, e.title) for e in _day(calendar, dt.date(2026, 3, 11)).events] == [
        ("action", "Order the clamps")
    ]
    assert [(e.kind, e.title) for e in _day(calendar, dt.date(2026, 3, 27)).events] == [
        ("milestone", "Pilot review")
    ]
    (meeting,) = _day(calendar, dt.date(2026, 3, 16)).events
    assert (meeting.kind, meeting.title, meeting.time) == (
        "meeting",
        "Weekly stand-up",
        dt.time(8, 30),
    )
    assert [e.kind for e in _day(calendar, dt.date(2026, 3, 18)).events] == ["training"]
    assert calendar.event_count == 4  # April's action is not in March


def test_calendar_weeks_start_on_monday_and_cover_the_month(client_for, world):
    calendar = _calendar(client_for(world["viewer"]), world["project"]).context["calendar"]
    assert all(week[0].day.weekday() == 0 and len(week) == 7 for week in calendar.weeks)
    assert calendar.weeks[0][0].day == dt.date(2026, 2, 23)  # 1 March 2026 is a Sunday
    assert calendar.weeks[-1][-1].day == dt.date(2026, 4, 5)
    assert (calendar.previous, calendar.next) == (dt.date(2026, 2, 1), dt.date(2026, 4, 1))


def test_calendar_links_actions_and_shows_the_month_in_english_and_french(client_for, world):
    client = client_for(world["viewer"])
    html = _calendar(client, world["project"]).content.decode()
    assert "March 2026" in html and "Monday" in html
    action = Action.objects.get(title="Order the clamps")
    assert f'href="{action.get_absolute_url()}"' in html
    assert "?month=2026-04" in html and "?month=2026-02" in html
    html_fr = _calendar(client, world["project"], **FR).content.decode()
    assert "Mars 2026" in html_fr and "lundi" in html_fr


def test_calendar_defaults_to_this_month(client_for, world):
    response = _calendar(client_for(world["viewer"]), world["project"], month=None)
    assert response.context["calendar"].month == timezone.localdate().replace(day=1)


def test_bad_month_says_which_field_and_shows_this_month(client_for, world):
    response = _calendar(client_for(world["viewer"]), world["project"], month="2026-13")
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "month: expected a year and month as YYYY-MM."
    ]
    assert response.context["calendar"].month == timezone.localdate().replace(day=1)


def test_calendar_shows_nothing_from_another_project(client_for, world):
    from obeya.projects.models import Project

    other = Project.objects.create(company=world["project"].company, title="Other")
    Action.objects.create(project=other, title="Foreign action", due_date=dt.date(2026, 3, 12))
    html = _calendar(client_for(world["owner"]), world["project"]).content.decode()
    assert "Foreign action" not in html


def test_plan_views_offer_the_calendar(client_for, world):
    html = (
        client_for(world["viewer"])
        .get(reverse("actions:index", args=[world["project"].pk]), **EN)
        .content.decode()
    )
    assert reverse("actions:calendar", args=[world["project"].pk]) in html


PAGES = [
    Endpoint(
        "calendar",
        "get",
        lambda w: reverse("actions:calendar", args=[w["project"].pk]) + "?month=2026-03",
        200,
    ),
]


def _state():
    return AuditEntry.objects.count(), Action.objects.count()


test_anonymous_user_is_sent_to_login_on_the_calendar = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_the_calendar = outsider_gets_404(PAGES, _state)
test_each_role_reads_the_calendar = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)
