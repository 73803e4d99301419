from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from obeya.diagnosis import services
from obeya.diagnosis.access import get_criterion_for_user, get_swot_item_for_user
from obeya.diagnosis.forms import CriterionForm, SwotItemForm
from obeya.diagnosis.models import SwotItem
from obeya.diagnosis.overview import project_diagnosis
from obeya.diagnosis.selectors import diagnostic_grid, swot_quadrants
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_saved, project_context

# --- the whole diagnosis ---------------------------------------------------------------------


@login_required
def diagnosis_page(request, project_id: int):
    """Stage 1 on one printable page: maps, flow analysis, observations, grid and SWOT."""
    access = get_project_for_user(request.user, project_id)
    return render(
        request,
        "diagnosis/diagnosis_page.html",
        project_context(access, dx=project_diagnosis(access.project)),
    )


# --- the grid ------------------------------------------------------------------------------


@login_required
def grid_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    grid = diagnostic_grid(access.project)
    return render(request, "diagnosis/grid_list.html", project_context(access, grid=grid))


@login_required
def criterion_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = CriterionForm(request.POST or None, project=access.project)
    if form_saved(
        request, form, services.criterion_create, _("Line added."), project=access.project
    ):
        return redirect("diagnosis:grid", access.project.pk)
    return render(request, "diagnosis/criterion_form.html", project_context(access, form=form))


@login_required
def criterion_edit(request, project_id: int, criterion_id: int):
    access, criterion = get_criterion_for_user(request.user, project_id, criterion_id, edit=True)
    form = CriterionForm(request.POST or None, instance=criterion, project=access.project)
    if form_saved(request, form, services.criterion_update, _("Line saved."), criterion=criterion):
        return redirect("diagnosis:grid", access.project.pk)
    context = project_context(access, form=form, criterion=criterion)
    return render(request, "diagnosis/criterion_form.html", context)


@login_required
@require_POST
def criterion_delete(request, project_id: int, criterion_id: int):
    access, criterion = get_criterion_for_user(request.user, project_id, criterion_id, edit=True)
    services.criterion_delete(criterion=criterion, user=request.user)
    messages.success(request, _("Line deleted."))
    return redirect("diagnosis:grid", access.project.pk)


@login_required
@require_POST
def criteria_add_usual(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    added = services.criteria_add_usual(project=access.project, user=request.user)
    if added:
        text = ngettext(
            "%(n)d usual line added: enter its values.",
            "%(n)d usual lines added: enter their values.",
            len(added),
        )
        messages.success(request, text % {"n": len(added)})
    else:
        messages.info(request, _("The grid already holds the usual lines."))
    return redirect("diagnosis:grid", access.project.pk)


# --- the SWOT ------------------------------------------------------------------------------


@login_required
def swot_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    quadrants = swot_quadrants(access.project)
    return render(
        request, "diagnosis/swot_board.html", project_context(access, quadrants=quadrants)
    )


@login_required
def swot_item_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in SwotItem.Kind.values else None}
    form = SwotItemForm(request.POST or None, project=access.project, initial=initial)
    if form_saved(
        request, form, services.swot_item_create, _("Item added."), project=access.project
    ):
        return redirect("diagnosis:swot", access.project.pk)
    return render(request, "diagnosis/swot_form.html", project_context(access, form=form))


@login_required
def swot_item_edit(request, project_id: int, item_id: int):
    access, item = get_swot_item_for_user(request.user, project_id, item_id, edit=True)
    form = SwotItemForm(request.POST or None, instance=item, project=access.project)
    if form_saved(request, form, services.swot_item_update, _("Item saved."), item=item):
        return redirect("diagnosis:swot", access.project.pk)
    return render(
        request, "diagnosis/swot_form.html", project_context(access, form=form, item=item)
    )


@login_required
@require_POST
def swot_item_delete(request, project_id: int, item_id: int):
    access, item = get_swot_item_for_user(request.user, project_id, item_id, edit=True)
    services.swot_item_delete(item=item, user=request.user)
    messages.success(request, _("Item deleted."))
    return redirect("diagnosis:swot", access.project.pk)
