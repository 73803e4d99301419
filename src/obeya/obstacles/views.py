"""Views of obeya.obstacles: the log of brakes and resistance, and the stakeholder map."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.audit.services import audit_trail
from obeya.obstacles import services
from obeya.obstacles.access import get_obstacle_for_user, get_stakeholder_for_user
from obeya.obstacles.forms import AssessmentForm, ObstacleFilterForm, ObstacleForm, StakeholderForm
from obeya.obstacles.selectors import (
    ObstacleFilter,
    move_labels,
    obstacle_count_table,
    obstacle_counts,
    obstacle_list,
    quadrant_hints,
    quadrant_labels,
    stakeholder_map,
)
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_saved, project_context

# --- the log -------------------------------------------------------------------------------


@login_required
def obstacle_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    form = ObstacleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    resistance = {"yes": True, "no": False}.get(data.get("resistance", ""))
    filters = ObstacleFilter(
        kind=data.get("kind", ""), status=data.get("status", ""), resistance=resistance
    )
    counts = obstacle_counts(access.project)
    context = project_context(
        access,
        obstacles=obstacle_list(project=access.project, filters=filters),
        counts=counts,
        filter_form=form,
        **obstacle_count_table(counts),
    )
    return render(request, "obstacles/obstacle_list.html", context)


@login_required
def obstacle_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    access.require(access.can_contribute)
    form = ObstacleForm(request.POST or None, project=access.project)
    saved = form_saved(
        request, form, services.obstacle_create, _("Obstacle logged."), project=access.project
    )
    if saved:
        return redirect(saved.get_absolute_url())
    return render(request, "obstacles/obstacle_form.html", project_context(access, form=form))


@login_required
def obstacle_detail(request, project_id: int, obstacle_id: int):
    access, obstacle = get_obstacle_for_user(request.user, project_id, obstacle_id)
    context = project_context(access, obstacle=obstacle, history=audit_trail(obstacle))
    return render(request, "obstacles/obstacle_detail.html", context)


@login_required
def obstacle_edit(request, project_id: int, obstacle_id: int):
    access, obstacle = get_obstacle_for_user(request.user, project_id, obstacle_id, edit=True)
    form = ObstacleForm(request.POST or None, instance=obstacle, project=access.project)
    if form_saved(request, form, services.obstacle_update, _("Obstacle saved."), obstacle=obstacle):
        return redirect(obstacle.get_absolute_url())
    context = project_context(access, form=form, obstacle=obstacle)
    return render(request, "obstacles/obstacle_form.html", context)


@login_required
@require_POST
def obstacle_delete(request, project_id: int, obstacle_id: int):
    access, obstacle = get_obstacle_for_user(request.user, project_id, obstacle_id, edit=True)
    services.obstacle_delete(obstacle=obstacle, user=request.user)
    messages.success(request, _("Obstacle deleted."))
    return redirect("obstacles:index", access.project.pk)


# --- the stakeholder map -------------------------------------------------------------------


@login_required
def stakeholder_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    context = project_context(
        access,
        map=stakeholder_map(access.project),
        labels=quadrant_labels(),
        hints=quadrant_hints(),
        moves=move_labels(),
    )
    return render(request, "obstacles/stakeholder_map.html", context)


@login_required
def stakeholder_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = StakeholderForm(request.POST or None, project=access.project)
    if form_saved(
        request,
        form,
        services.stakeholder_create,
        _("Stakeholder added to the map."),
        project=access.project,
    ):
        return redirect("obstacles:stakeholders", access.project.pk)
    return render(request, "obstacles/stakeholder_form.html", project_context(access, form=form))


@login_required
def stakeholder_assess(request, project_id: int, stakeholder_id: int):
    access, stakeholder = get_stakeholder_for_user(
        request.user, project_id, stakeholder_id, edit=True
    )
    form = AssessmentForm(request.POST or None)
    if form_saved(
        request,
        form,
        services.stakeholder_assess,
        _("Assessment recorded; the previous one is kept."),
        stakeholder=stakeholder,
    ):
        return redirect("obstacles:stakeholders", access.project.pk)
    context = project_context(access, form=form, stakeholder=stakeholder)
    return render(request, "obstacles/stakeholder_form.html", context)


@login_required
@require_POST
def stakeholder_delete(request, project_id: int, stakeholder_id: int):
    access, stakeholder = get_stakeholder_for_user(
        request.user, project_id, stakeholder_id, edit=True
    )
    services.stakeholder_delete(stakeholder=stakeholder, user=request.user)
    messages.success(request, _("Stakeholder removed from the map."))
    return redirect("obstacles:stakeholders", access.project.pk)
