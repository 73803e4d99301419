"""Views of obeya.trainings: the list, the needs from the skills gaps, a training's sheet."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.organisation.models import Person, PersonSkill, Skill
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from, form_saved, project_context
from obeya.trainings import services
from obeya.trainings.access import can_validate, get_attendee_for_user, get_training_for_user
from obeya.trainings.forms import AttendeeForm, TrainingForm, ValidateForm
from obeya.trainings.models import Training
from obeya.trainings.selectors import project_training_needs, training_lines, training_sheet


@login_required
def training_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    lines = training_lines(access.project)
    return render(request, "trainings/training_list.html", project_context(access, lines=lines))


@login_required
def training_needs(request, project_id: int):
    """What to train, from the gaps of the area's skills matrix and of the teams' actions."""
    access = get_project_for_user(request.user, project_id)
    groups = project_training_needs(access.project)
    return render(request, "trainings/training_needs.html", project_context(access, groups=groups))


def _initial(request, project) -> dict:
    """A form prefilled from a need ("plan a training" on the needs page)."""
    get, company = request.GET, project.company_id
    skill = Skill.objects.filter(company=company, pk=get.get("skill") or None).first()
    level = get.get("level")
    initial = {"starts_on": timezone.localdate() + dt.timedelta(days=14)}
    if skill is not None:
        initial.update(skill=skill, title=_("Training in %(skill)s") % {"skill": skill})
    if level in {str(v) for v in PersonSkill.Level.values if v}:
        initial["target_level"] = int(level)
    if (get.get("team") or "").isdigit() and project.teams.filter(pk=get["team"]).exists():
        initial["team"] = int(get["team"])
    ids = [i for i in get.getlist("attendees") if i.isdigit()]
    initial["attendees"] = list(Person.objects.filter(company=company, pk__in=ids))
    return initial


@login_required
def training_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = TrainingForm(
        request.POST or None,
        project=access.project,
        instance=Training(project=access.project),
        initial=None if request.POST else _initial(request, access.project),
    )
    saved = form_saved(
        request, form, services.training_create, _("Training planned."), project=access.project
    )
    if saved:
        return redirect("trainings:detail", access.project.pk, saved.pk)
    status = 400 if form.is_bound else 200
    context = project_context(access, form=form)
    return render(request, "trainings/training_form.html", context, status=status)


@login_required
def training_edit(request, project_id: int, training_id: int):
    access, training = get_training_for_user(request.user, project_id, training_id, edit=True)
    form = TrainingForm(request.POST or None, project=access.project, instance=training)
    if form_saved(request, form, services.training_update, _("Training saved."), training=training):
        return redirect("trainings:detail", access.project.pk, training.pk)
    status = 400 if form.is_bound else 200
    context = project_context(access, form=form, training=training)
    return render(request, "trainings/training_form.html", context, status=status)


def _render_sheet(request, access, training, *, bound=None, status=200):
    """The training's sheet; `bound` is (attendee id, form) for a line refused on save."""
    sheet = training_sheet(training)
    rows = []
    for line in sheet.attendees:
        attendee = line.attendee
        form = AttendeeForm(instance=attendee, prefix=f"a{attendee.pk}")
        validate = ValidateForm(
            initial={"level": attendee.proposed_level or training.target_level},
            prefix=f"v{attendee.pk}",
        )
        if bound and bound[0] == attendee.pk:
            form, validate = (bound[1], validate) if bound[2] == "record" else (form, bound[1])
        rows.append((line, form, validate, can_validate(access, attendee)))
    context = project_context(access, training=training, sheet=sheet, rows=rows)
    return render(request, "trainings/training_detail.html", context, status=status)


@login_required
def training_detail(request, project_id: int, training_id: int):
    access, training = get_training_for_user(request.user, project_id, training_id)
    return _render_sheet(request, access, training)


def _status_change(request, project_id, training_id, service, message):
    access, training = get_training_for_user(request.user, project_id, training_id, edit=True)
    try:
        service(training=training, user=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return _render_sheet(request, access, training, status=400)
    messages.success(request, message)
    return redirect("trainings:detail", access.project.pk, training.pk)


@login_required
@require_POST
def training_complete(request, project_id: int, training_id: int):
    message = _("Training done. Validate each attendee's level to update the skills matrix.")
    return _status_change(request, project_id, training_id, services.training_complete, message)


@login_required
@require_POST
def training_cancel(request, project_id: int, training_id: int):
    return _status_change(
        request, project_id, training_id, services.training_cancel, _("Training cancelled.")
    )


@login_required
@require_POST
def attendee_record(request, project_id: int, training_id: int, attendee_id: int):
    access, attendee = get_attendee_for_user(
        request.user, project_id, training_id, attendee_id, record=True
    )
    form = AttendeeForm(request.POST, instance=attendee, prefix=f"a{attendee.pk}")
    saved = _("Line of %(person)s saved.") % {"person": attendee.person}
    if form_saved(request, form, services.attendee_record, saved, attendee=attendee):
        return redirect("trainings:detail", access.project.pk, attendee.training_id)
    training = get_training_for_user(request.user, project_id, training_id)[1]
    return _render_sheet(request, access, training, bound=(attendee.pk, form, "record"), status=400)


@login_required
@require_POST
def attendee_validate(request, project_id: int, training_id: int, attendee_id: int):
    access, attendee = get_attendee_for_user(
        request.user, project_id, training_id, attendee_id, validate=True
    )
    form = ValidateForm(request.POST, prefix=f"v{attendee.pk}")
    done = _("Level of %(person)s validated: the skills matrix is up to date.")
    if form.is_valid():
        try:
            services.attendee_validate(attendee=attendee, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, done % {"person": attendee.person})
            return redirect("trainings:detail", access.project.pk, attendee.training_id)
    training = get_training_for_user(request.user, project_id, training_id)[1]
    return _render_sheet(
        request, access, training, bound=(attendee.pk, form, "validate"), status=400
    )
