from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.audit.services import audit_trail
from obeya.gemba import services
from obeya.gemba.access import can_edit_observation, get_observation_for_user
from obeya.gemba.forms import (
    ObservationFilterForm,
    ObservationForm,
    PhotoForm,
    QuickObservationForm,
)
from obeya.gemba.selectors import ObservationFilter, observation_list, step_names, waste_paretos
from obeya.organisation.models import Person
from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.site.views_support import form_errors_from, project_context


def _contributor(request, project_id: int) -> ProjectAccess:
    """The project, for a facilitator or a team member (403 for the other roles)."""
    access = get_project_for_user(request.user, project_id)
    return access.require(access.can_contribute)


def _user_person(user, project) -> Person | None:
    return Person.objects.filter(user=user, company=project.company_id).first()


@login_required
def observation_index(request, project_id: int):
    """The observations with filters and their Paretos; HTMX requests get the results only."""
    access = get_project_for_user(request.user, project_id)
    form = ObservationFilterForm(request.GET or None, project=access.project)
    filters = ObservationFilter()
    if form.is_valid():
        data = form.cleaned_data
        area = data["area"]
        filters = ObservationFilter(
            waste=data["waste"], method=data["method"], area_id=area and area.pk, step=data["step"]
        )
    observations = list(observation_list(project=access.project, filters=filters))
    for observation in observations:
        observation.editable = can_edit_observation(access, observation)
    template = "gemba/_observation_results.html" if request.htmx else "gemba/observation_list.html"
    paretos = waste_paretos(project=access.project, filters=filters)
    return render(
        request, template, project_context(access, form=form, observations=observations, **paretos)
    )


def _save_new(request, access: ProjectAccess, form, **fixed):
    """Create from a valid form, or put the services' errors on it; the observation or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        observation = services.observation_create(
            project=access.project, user=request.user, **fixed, **form.cleaned_data
        )
    except ValidationError as exc:
        form_errors_from(exc, form)
        return None
    messages.success(request, _("Observation recorded."))
    return observation


@login_required
def observation_create(request, project_id: int):
    access = _contributor(request, project_id)
    initial = {
        "observed_on": timezone.localdate(),
        "observer": _user_person(request.user, access.project),
        "area": access.project.area_id,
    }
    form = ObservationForm(
        request.POST or None, request.FILES or None, project=access.project, initial=initial
    )
    if observation := _save_new(request, access, form):
        return redirect(observation)
    context = project_context(access, form=form, steps=step_names(access.project))
    return render(request, "gemba/observation_form.html", context)


@login_required
def observation_quick(request, project_id: int):
    """The phone form: today's date, the user as observer; back to an empty form once saved."""
    access = _contributor(request, project_id)
    form = QuickObservationForm(
        request.POST or None,
        request.FILES or None,
        project=access.project,
        initial={"area": access.project.area_id},
    )
    fixed = {
        "observed_on": timezone.localdate(),
        "observer": _user_person(request.user, access.project),
    }
    if observation := _save_new(request, access, form, **fixed):
        return redirect(f"{request.path}?saved={observation.pk}")
    saved = access.project.observations.filter(pk=request.GET.get("saved") or 0).first()
    context = project_context(access, form=form, steps=step_names(access.project), saved=saved)
    return render(request, "gemba/observation_quick.html", context)


@login_required
def observation_detail(request, project_id: int, observation_id: int):
    access, observation = get_observation_for_user(request.user, project_id, observation_id)
    context = project_context(
        access,
        observation=observation,
        photos=observation.photos.all(),
        can_edit=can_edit_observation(access, observation),
        photo_form=PhotoForm(),
        history=audit_trail(observation),
    )
    return render(request, "gemba/observation_detail.html", context)


@login_required
def observation_edit(request, project_id: int, observation_id: int):
    access, observation = get_observation_for_user(
        request.user, project_id, observation_id, edit=True
    )
    form = ObservationForm(
        request.POST or None, request.FILES or None, instance=observation, project=access.project
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_update(
                observation=observation, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Observation saved."))
            return redirect(observation)
    context = project_context(
        access, form=form, observation=observation, steps=step_names(access.project)
    )
    return render(request, "gemba/observation_form.html", context)


@login_required
@require_POST
def observation_delete(request, project_id: int, observation_id: int):
    access, observation = get_observation_for_user(
        request.user, project_id, observation_id, edit=True
    )
    services.observation_delete(observation=observation, user=request.user)
    messages.success(request, _("Observation deleted."))
    return redirect("gemba:index", access.project.pk)


@login_required
def photo_view(request, project_id: int, observation_id: int, photo_id: int):
    """A photo, served only to those who may see the project (never from a public URL)."""
    _access, observation = get_observation_for_user(request.user, project_id, observation_id)
    photo = observation.photos.filter(pk=photo_id).first()
    if photo is None or not photo.image.storage.exists(photo.image.name):
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def photo_add(request, project_id: int, observation_id: int):
    _access, observation = get_observation_for_user(
        request.user, project_id, observation_id, edit=True
    )
    form = PhotoForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("image") or _("Choose a photo."))
        services.photo_add(
            observation=observation,
            user=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Photo added."))
    return redirect(observation)


@login_required
@require_POST
def photo_delete(request, project_id: int, observation_id: int, photo_id: int):
    _access, observation = get_observation_for_user(
        request.user, project_id, observation_id, edit=True
    )
    photo = observation.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    services.photo_delete(photo=photo, user=request.user)
    messages.success(request, _("Photo deleted."))
    return redirect(observation)
