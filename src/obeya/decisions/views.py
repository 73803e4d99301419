from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.decisions import services
from obeya.decisions.access import (
    can_change_decision,
    can_record_decision,
    get_axis_for_user,
    get_decision_for_user,
)
from obeya.decisions.forms import AxisForm, DecisionForm, RecordForm
from obeya.decisions.selectors import (
    REQUIRED_MEASURABLE_AXES,
    axis_sheet,
    decision_analysis,
    decision_grid,
    priorities_overview,
)
from obeya.kpis.charts import kpi_chart
from obeya.kpis.selectors import kpi_row
from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.site.views_support import form_errors_from, form_saved, project_context

# --- the priorities and their axes -------------------------------------------------------------


@login_required
def index(request, project_id: int):
    """The axes in priority order with what each objective lacks, and the decisions."""
    access = get_project_for_user(request.user, project_id)
    overview = priorities_overview(access.project)
    return render(
        request,
        "decisions/priorities_index.html",
        project_context(access, overview=overview, required=REQUIRED_MEASURABLE_AXES),
    )


@login_required
def axis_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = AxisForm(request.POST or None, project=access.project)
    if form_saved(request, form, services.axis_create, _("Axis added."), project=access.project):
        return redirect("decisions:index", access.project.pk)
    return render(request, "decisions/axis_form.html", project_context(access, form=form))


@login_required
def axis_edit(request, project_id: int, axis_id: int):
    access, axis = get_axis_for_user(request.user, project_id, axis_id, edit=True)
    form = AxisForm(request.POST or None, instance=axis, project=access.project)
    if form_saved(request, form, services.axis_update, _("Axis saved."), axis=axis):
        return redirect("decisions:index", access.project.pk)
    return render(
        request, "decisions/axis_form.html", project_context(access, form=form, axis=axis)
    )


@login_required
@require_POST
def axis_delete(request, project_id: int, axis_id: int):
    access, axis = get_axis_for_user(request.user, project_id, axis_id, edit=True)
    services.axis_delete(axis=axis, user=request.user)
    messages.success(request, _("Axis deleted."))
    return redirect("decisions:index", access.project.pk)


@login_required
@require_POST
def axis_move(request, project_id: int, axis_id: int):
    access, axis = get_axis_for_user(request.user, project_id, axis_id, edit=True)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.axis_move(axis=axis, user=request.user, offset=offset)
    return redirect("decisions:index", access.project.pk)


@login_required
def axis_sheet_page(request, project_id: int, axis_id: int):
    """The printable one-page sheet of an axis for the shop floor."""
    access, axis = get_axis_for_user(request.user, project_id, axis_id)
    kpi = axis.kpi
    row = kpi_row(kpi) if kpi else None
    chart = kpi_chart(kpi, row.chart) if kpi else None
    context = project_context(access, sheet=axis_sheet(axis), kpi=kpi, row=row, chart=chart)
    return render(request, "decisions/axis_sheet.html", context)


# --- the decisions -------------------------------------------------------------------------


def _decision_form_page(request, access: ProjectAccess, form: DecisionForm, decision=None):
    context = project_context(
        access,
        form=form,
        decision=decision,
        analysis=form.analysis() or (decision_analysis(decision) if decision else None),
    )
    return render(request, "decisions/decision_form.html", context)


def _save_decision(request, access: ProjectAccess, form: DecisionForm, decision=None):
    """Save a valid grid; the saved decision, or None with the errors on the form."""
    if request.method != "POST" or form.adding_row or not form.is_valid():
        return None
    try:
        return services.decision_save(
            project=access.project, user=request.user, decision=decision, **form.service_arguments()
        )
    except ValidationError as exc:
        form_errors_from(exc, form)
        return None


@login_required
def decision_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = DecisionForm(request.POST or None, project=access.project)
    decision = _save_decision(request, access, form)
    if decision is not None:
        messages.success(request, _("Decision saved as a draft."))
        return redirect(decision)
    return _decision_form_page(request, access, form)


@login_required
def decision_edit(request, project_id: int, decision_id: int):
    access, decision = get_decision_for_user(request.user, project_id, decision_id, edit=True)
    form = DecisionForm(request.POST or None, project=access.project, decision=decision)
    saved = _save_decision(request, access, form, decision)
    if saved is not None:
        messages.success(request, _("Decision saved."))
        return redirect(saved)
    return _decision_form_page(request, access, form, decision)


@login_required
@require_POST
def decision_preview(request, project_id: int):
    """HTMX: the ranking of the grid being edited, recomputed without saving."""
    access = get_project_for_user(request.user, project_id, edit=True)
    form = DecisionForm(request.POST, project=access.project)
    context = project_context(access, analysis=form.analysis(), form=form)
    return render(request, "decisions/_decision_preview.html", context)


@login_required
def decision_detail(request, project_id: int, decision_id: int):
    """The result: ranking, contributions chart, sensitivity, AHP consistency, pros and cons."""
    access, decision = get_decision_for_user(request.user, project_id, decision_id)
    options, criteria, table = decision_grid(decision)
    context = project_context(
        access,
        decision=decision,
        options=options,
        criteria=criteria,
        score_rows=list(zip(options, table, strict=True)),
        analysis=decision_analysis(decision),
        can_change=can_change_decision(access, decision),
        can_record=can_record_decision(access, decision),
    )
    return render(request, "decisions/decision_detail.html", context)


@login_required
def decision_record(request, project_id: int, decision_id: int):
    access, decision = get_decision_for_user(request.user, project_id, decision_id, record=True)
    analysis = decision_analysis(decision)
    winner = decision.options.filter(name=analysis.winner).first() if analysis.winner else None
    form = RecordForm(request.POST or None, decision=decision, initial_option=winner)
    if form_saved(
        request, form, services.decision_record, _("Decision recorded."), decision=decision
    ):
        return redirect(decision)
    context = project_context(access, form=form, decision=decision, analysis=analysis)
    return render(request, "decisions/decision_record.html", context)


@login_required
@require_POST
def decision_delete(request, project_id: int, decision_id: int):
    access, decision = get_decision_for_user(request.user, project_id, decision_id, edit=True)
    services.decision_delete(decision=decision, user=request.user)
    messages.success(request, _("Draft decision deleted."))
    return redirect("decisions:index", access.project.pk)
