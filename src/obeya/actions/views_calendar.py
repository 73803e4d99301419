"""The action plan as a month calendar, with the project's meetings and trainings."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.selectors import plan_calendar
from obeya.projects.access import get_project_for_user


def _month_from(value: str) -> dt.date | None:
    """`YYYY-MM` as the first day of that month; None when it is not one."""
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


@login_required
def action_calendar(request, project_id: int):
    """A month (`?month=YYYY-MM`, this month by default), weeks from Monday."""
    access = get_project_for_user(request.user, project_id)
    month = timezone.localdate().replace(day=1)
    if "month" in request.GET:
        asked = _month_from(request.GET["month"])
        if asked is None:
            messages.error(request, _("month: expected a year and month as YYYY-MM."))
        else:
            month = asked
    calendar = plan_calendar(project=access.project, month=month)
    return render(
        request,
        "actions/action_calendar.html",
        {"access": access, "project": access.project, "calendar": calendar},
    )
