"""Pages of the meetings: the list, a meeting with its attendance, minutes and actions, the
series form, the printable minutes and the calendar exports (ICS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.core.ics import calendar
from obeya.meetings import selectors, services
from obeya.meetings.access import get_meeting_for_user, get_series_for_user
from obeya.meetings.forms import (
    AttendanceForm,
    MeetingActionForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
)
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from, form_saved, project_context


@login_required
def meeting_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    form = MeetingFilterForm(request.GET or None, project=access.project)
    filters = selectors.MeetingFilter()
    if form.is_valid():
        team = form.cleaned_data["team"]
        filters = selectors.MeetingFilter(
            team=team.pk if team else None, kind=form.cleaned_data["kind"]
        )
    context = project_context(
        access,
        filter_form=form,
        meetings=selectors.meeting_list(access.project, filters),
        by_person=selectors.attendance_by_person(access.project),
        by_series=selectors.attendance_by_series(access.project),
    )
    template = "meetings/_meeting_tables.html" if request.htmx else "meetings/meeting_list.html"
    return render(request, template, context)


@login_required
def series_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = SeriesForm(request.POST or None, project=access.project)
    if form_saved(
        request, form, services.series_create, _("Meetings planned."), project=access.project
    ):
        return redirect("meetings:index", access.project.pk)
    return render(request, "meetings/series_form.html", project_context(access, form=form))


@login_required
def series_edit(request, project_id: int, series_id: int):
    access, series = get_series_for_user(request.user, project_id, series_id, edit=True)
    form = SeriesForm(request.POST or None, instance=series, project=access.project)
    if form_saved(request, form, services.series_update, _("Series saved."), series=series):
        return redirect("meetings:index", access.project.pk)
    context = project_context(access, form=form, series=series)
    return render(request, "meetings/series_form.html", context)


def _detail_context(request, access, meeting, **forms):
    return project_context(
        access,
        meeting=meeting,
        actions=selectors.meeting_actions(meeting),
        attendances=meeting.attendances.select_related("person"),
        action_form=forms.get("action_form") or MeetingActionForm(project=access.project),
        can_record=access.can_contribute,
    )


@login_required
def meeting_detail(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id)
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, access, meeting)
    )


@login_required
def meeting_edit(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, edit=True)
    form = MeetingForm(request.POST or None, instance=meeting, project=access.project)
    if form_saved(request, form, services.meeting_update, _("Meeting saved."), meeting=meeting):
        return redirect(meeting)
    context = project_context(access, form=form, meeting=meeting)
    return render(request, "meetings/meeting_form.html", context)


@login_required
@require_POST
def meeting_delete(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, edit=True)
    services.meeting_delete(meeting=meeting, user=request.user)
    messages.success(request, _("Meeting deleted."))
    return redirect("meetings:index", access.project.pk)


@login_required
def meeting_minutes(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, record=True)
    initial = {"minutes": meeting.minutes, "decisions": meeting.decisions}
    form = MinutesForm(request.POST or None, initial=initial)
    if form_saved(
        request, form, services.meeting_record_minutes, _("Minutes saved."), meeting=meeting
    ):
        return redirect(meeting)
    context = project_context(access, form=form, meeting=meeting)
    return render(request, "meetings/minutes_form.html", context)


@login_required
def meeting_attendance(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, record=True)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, user=request.user, statuses=form.statuses())
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect(meeting)
    context = project_context(access, form=form, meeting=meeting)
    return render(request, "meetings/attendance_form.html", context)


@login_required
@require_POST
def meeting_action_create(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id, edit=True)
    form = MeetingActionForm(request.POST, project=access.project)
    if form_saved(
        request,
        form,
        services.meeting_action_create,
        _("Action added to the plan."),
        meeting=meeting,
    ):
        return redirect(meeting)
    context = _detail_context(request, access, meeting, action_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=400)


@login_required
def meeting_print(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id)
    return render(request, "meetings/minutes_print.html", _detail_context(request, access, meeting))


def _ics_response(request, meetings, *, name: str, filename: str) -> HttpResponse:
    events = selectors.meeting_ics_events(meetings, domain=request.get_host().split(":")[0])
    body = calendar(events, stamp=timezone.now(), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request, project_id: int, meeting_id: int):
    access, meeting = get_meeting_for_user(request.user, project_id, meeting_id)
    meetings = selectors.meetings_of(access.project).filter(pk=meeting.pk)
    filename = f"{slugify(meeting.title) or 'meeting'}-{meeting.starts_at:%Y%m%d}.ics"
    return _ics_response(request, meetings, name=meeting.title, filename=filename)


@login_required
def project_calendar(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    meetings = selectors.meetings_of(access.project)
    filename = f"{slugify(access.project.title) or 'project'}-meetings.ics"
    return _ics_response(request, meetings, name=access.project.title, filename=filename)
