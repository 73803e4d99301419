"""Pages of the levers: the catalogue, the project's candidates and their ratification.

Each view fetches through obeya.levers.access (404 for outsiders, 403 for a role that may not
do it), validates with a form, calls one service or selector and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.audit.services import audit_trail
from obeya.levers import selectors, services
from obeya.levers.access import can_manage_levers, get_candidate_for_user, get_lever_for_user
from obeya.levers.forms import (
    AssumptionsForm,
    CandidateForm,
    CatalogueFilterForm,
    DecisionForm,
    LeverForm,
)
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from, form_saved, project_context


def _run(request, service, message: str, **kwargs) -> bool:
    """Call a state-changing service; a refused change is reported as a message."""
    try:
        service(user=request.user, **kwargs)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return False
    messages.success(request, message)
    return True


# --- the catalogue -------------------------------------------------------------------------


@login_required
def catalogue(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    form = CatalogueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    levers = selectors.lever_catalogue(
        project=access.project, query=data.get("q", ""), category=data.get("category", "")
    )
    context = project_context(
        access, form=form, levers=levers, can_manage=can_manage_levers(access)
    )
    return render(request, "levers/lever_list.html", context)


@login_required
def lever_detail(request, project_id: int, lever_id: int):
    access, lever = get_lever_for_user(request.user, project_id, lever_id)
    can_change = not lever.is_builtin and can_manage_levers(access)
    context = project_context(access, lever=lever, can_change=can_change)
    return render(request, "levers/lever_detail.html", context)


@login_required
def lever_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    access.require(can_manage_levers(access))
    company = access.project.company
    form = LeverForm(request.POST or None, company=company)
    lever = form_saved(request, form, services.lever_create, _("Lever added."), company=company)
    if lever:
        return redirect("levers:lever_detail", access.project.pk, lever.pk)
    return render(request, "levers/lever_form.html", project_context(access, form=form))


@login_required
def lever_edit(request, project_id: int, lever_id: int):
    access, lever = get_lever_for_user(request.user, project_id, lever_id, edit=True)
    form = LeverForm(request.POST or None, instance=lever, company=lever.company)
    if form_saved(request, form, services.lever_update, _("Lever saved."), lever=lever):
        return redirect("levers:lever_detail", access.project.pk, lever.pk)
    return render(
        request, "levers/lever_form.html", project_context(access, form=form, lever=lever)
    )


# --- candidates ----------------------------------------------------------------------------


@login_required
def index(request, project_id: int):
    """The candidates by status with their economics, the matrix, and the ideas turned down."""
    access = get_project_for_user(request.user, project_id)
    board = selectors.levers_board(access.project)
    return render(request, "levers/candidate_list.html", project_context(access, board=board))


@login_required
def candidate_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    initial = {"lever": request.GET.get("lever")}
    form = CandidateForm(request.POST or None, project=access.project, initial=initial)
    candidate = form_saved(
        request, form, services.candidate_create, _("Candidate added."), project=access.project
    )
    if candidate:
        return redirect(candidate)
    return render(request, "levers/candidate_form.html", project_context(access, form=form))


@login_required
def candidate_edit(request, project_id: int, candidate_id: int):
    access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, edit=True)
    if not candidate.is_editable:
        messages.error(request, _("Only a draft can be changed: withdraw the candidate first."))
        return redirect(candidate)
    form = CandidateForm(request.POST or None, instance=candidate, project=access.project)
    saved = form_saved(
        request, form, services.candidate_update, _("Candidate saved."), candidate=candidate
    )
    if saved:
        return redirect(candidate)
    context = project_context(access, form=form, candidate=candidate)
    return render(request, "levers/candidate_form.html", context)


@login_required
def candidate_detail(request, project_id: int, candidate_id: int):
    access, candidate = get_candidate_for_user(request.user, project_id, candidate_id)
    economics = selectors.candidate_economics(candidate)
    decision_form = DecisionForm(
        initial={"actions": "\n".join(selectors.proposed_actions(candidate))}
    )
    context = project_context(
        access,
        candidate=candidate,
        economics=economics,
        figures=selectors.appraisal_figures(economics),
        cash_flow_spec=selectors.cash_flow_spec(economics),
        decision_form=decision_form,
        history=audit_trail(candidate),
        actions=candidate.actions.all(),
    )
    return render(request, "levers/candidate_detail.html", context)


@login_required
@require_POST
def candidate_delete(request, project_id: int, candidate_id: int):
    access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, edit=True)
    if _run(request, services.candidate_delete, _("Candidate deleted."), candidate=candidate):
        return redirect("levers:index", access.project.pk)
    return redirect(candidate)


@login_required
@require_POST
def candidate_submit(request, project_id: int, candidate_id: int):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, edit=True)
    _run(request, services.candidate_submit, _("Submitted to the sponsor."), candidate=candidate)
    return redirect(candidate)


@login_required
@require_POST
def candidate_withdraw(request, project_id: int, candidate_id: int):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, edit=True)
    _run(request, services.candidate_withdraw, _("Back to draft."), candidate=candidate)
    return redirect(candidate)


@login_required
def candidate_decide(request, project_id: int, candidate_id: int):
    """The sponsor ratifies (creating the first actions), rejects or postpones."""
    access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, ratify=True)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.RATIFY:
                services.candidate_ratify(
                    candidate=candidate,
                    user=request.user,
                    comment=data["comment"],
                    actions=form.action_fields(),
                )
            elif data["decision"] == DecisionForm.REJECT:
                services.candidate_reject(
                    candidate=candidate, user=request.user, comment=data["comment"]
                )
            else:
                services.candidate_postpone(
                    candidate=candidate, user=request.user, comment=data["comment"]
                )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(candidate)
    context = project_context(access, candidate=candidate, decision_form=form)
    return render(request, "levers/candidate_decide.html", context)


@login_required
def candidate_future_gains(request, project_id: int, candidate_id: int):
    """Preview the future state's gains under the assumptions; facilitators take them as the
    candidate's expected gain (POST)."""
    edit = request.method == "POST"
    access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, edit=edit)
    form = AssumptionsForm(request.POST if edit else (request.GET or None))
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = selectors.future_state_gains_of(candidate, form.assumptions())
        if edit and comparison.ok:
            saved = _run(
                request,
                services.candidate_use_future_state_gains,
                _("The future state's gains are now the expected gain."),
                candidate=candidate,
                gains=comparison.gains,
                assumptions=form.assumptions(),
            )
            if saved:
                return redirect(candidate)
    context = project_context(access, candidate=candidate, form=form, comparison=comparison)
    return render(request, "levers/candidate_future_gains.html", context)
