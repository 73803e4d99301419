from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from obeya.actions import services
from obeya.actions.access import get_action_for_user
from obeya.actions.forms import ActionFilterForm, ActionForm, BulkEditForm
from obeya.actions.models import Action
from obeya.actions.selectors import ActionFilter, action_board, plan_rows, with_risks
from obeya.audit.services import audit_trail
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from


def _filters_from(form: ActionFilterForm) -> ActionFilter:
    if not form.is_valid():
        return ActionFilter()
    data = form.cleaned_data
    return ActionFilter(
        status=data["status"],
        stage=data["stage"],
        owner_id=data["owner"].pk if data["owner"] else None,
        overdue=data["overdue"],
        q=data["q"].strip(),
        team_id=data["team"].pk if data["team"] else None,
        axis_id=data["axis"].pk if data["axis"] else None,
        pdca_step=data["pdca_step"],
        milestone=data["milestone"],
        slipped=data["slipped"],
        at_risk=data["at_risk"],
    )


def _render_list(request, access, filter_data, extra: dict | None = None, status: int = 200):
    form = ActionFilterForm(filter_data or None, project=access.project)
    actions = plan_rows(project=access.project, filters=_filters_from(form))
    for action in actions:
        action.editable = access.can_edit_action(action)
    template = "actions/_action_table.html" if request.htmx else "actions/action_list.html"
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "actions": actions,
        "can_bulk_edit": access.can_edit or access.can_contribute,
        "bulk_form": BulkEditForm(project=access.project),
        **(extra or {}),
    }
    return render(request, template, context, status=status)


@login_required
def action_index(request, project_id: int):
    """The action plan with filters and risk flags; HTMX requests get only the table back."""
    access = get_project_for_user(request.user, project_id)
    return _render_list(request, access, request.GET)


@login_required
@require_POST
def action_bulk_edit(request, project_id: int):
    """One change to the selected actions (skip-and-report, see services.action_bulk_update).

    HTMX requests get the table back, filtered as the page was, with the outcome above it.
    """
    access = get_project_for_user(request.user, project_id)
    access.require(access.can_edit or access.can_contribute)
    form = BulkEditForm(request.POST, project=access.project)
    outcome, status = None, 200
    if form.is_valid():
        selected = Action.objects.filter(
            project=access.project, pk__in=form.cleaned_data["action_ids"]
        ).select_related("owner__user", "project")
        outcome = services.action_bulk_update(
            actions=list(selected),
            user=request.user,
            operation=form.cleaned_data["operation"],
            value=form.value,
            may_edit=access.can_edit_action,
            may_reassign=access.can_edit,
        )
    else:
        status = 400
    if not request.htmx:
        if outcome is None:
            for error in _named_errors(form):
                messages.error(request, error)
        else:
            _bulk_messages(request, outcome)
        return redirect("actions:index", access.project.pk)
    filter_data = {k: v for k, v in request.POST.items() if k in ActionFilterForm.base_fields}
    extra = {"bulk_outcome": outcome, "bulk_errors": _named_errors(form) if outcome is None else []}
    return _render_list(request, access, filter_data, extra, status)


def _named_errors(form) -> list[str]:
    """Each error of the bulk form prefixed with its field's label ("Days: ...")."""
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def _bulk_messages(request, outcome) -> None:
    messages.success(
        request,
        ngettext("%(n)s action changed.", "%(n)s actions changed.", len(outcome.updated))
        % {"n": len(outcome.updated)},
    )
    for skip in outcome.skipped:
        messages.warning(
            request,
            _("“%(title)s” left unchanged: %(reason)s.")
            % {"title": skip.action.title, "reason": skip.reason},
        )


@login_required
def action_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    initial = {"stage": request.GET.get("stage", "")}
    form = ActionForm(request.POST or None, project=access.project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_save(
                project=access.project, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Action “%(title)s” added.") % {"title": action.title})
            return redirect("actions:index", access.project.pk)
    return render(
        request,
        "actions/action_form.html",
        {"access": access, "project": access.project, "form": form},
    )


@login_required
def action_detail(request, project_id: int, action_id: int):
    access, action = get_action_for_user(request.user, project_id, action_id)
    return render(
        request,
        "actions/action_detail.html",
        {
            "access": access,
            "project": access.project,
            "action": with_risks([action])[0],
            "can_edit": access.can_edit_action(action),
            "levers": action.candidate_levers.all(),
            "skills": action.skills_needed.all(),
            "history": audit_trail(action),
        },
    )


@login_required
def action_edit(request, project_id: int, action_id: int):
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    form = ActionForm(
        request.POST or None,
        instance=action,
        project=access.project,
        can_reset_baseline=access.can_edit,
    )
    if not access.can_edit:
        # A team member updates the progress of their own action, not who owns it.
        for name in ("owner", "title", "stage"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                project=access.project, action=action, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Action saved."))
            return redirect(action)
    return render(
        request,
        "actions/action_form.html",
        {"access": access, "project": access.project, "form": form, "action": action},
    )


@login_required
@require_POST
def action_set_status(request, project_id: int, action_id: int):
    """Quick status change from the list (HTMX swaps the row)."""
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    status = request.POST.get("status", "")
    if status not in Action.Status.values:
        messages.error(request, _("Unknown status."))
    else:
        services.action_update(action=action, user=request.user, status=status)
    if request.htmx:
        action.editable = True
        with_risks([action])
        return render(
            request,
            "actions/_action_row.html",
            {
                "access": access,
                "project": access.project,
                "action": action,
                "can_bulk_edit": True,
            },
        )
    return redirect("actions:index", access.project.pk)


def _render_board(request, access, template: str, message: str = "", status: int = 200):
    columns = action_board(project=access.project)
    for column in columns:
        with_risks(column.actions)
        for action in column.actions:
            action.editable = access.can_edit_action(action)
    context = {"access": access, "project": access.project, "columns": columns}
    return render(request, template, {**context, "board_message": message}, status=status)


@login_required
def action_board_page(request, project_id: int):
    """The plan as a Kanban board by status; HTMX requests get only the board back."""
    access = get_project_for_user(request.user, project_id)
    template = "actions/_action_board.html" if request.htmx else "actions/action_board.html"
    return _render_board(request, access, template)


@login_required
@require_POST
def action_board_move(request, project_id: int, action_id: int):
    """Move a card to another column: drag and drop and the per-card form both post here.

    Script requests get the board back to swap in (403 if the user may not move this card);
    without script, the page is reloaded with the outcome as a message.
    """
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    status = request.POST.get("status", "")
    if status not in Action.Status.values:
        message, code = _("Unknown status “%(status)s”.") % {"status": status}, 400
    else:
        try:
            services.action_update(action=action, user=request.user, status=status)
        except ValidationError as exc:
            message, code = " ".join(exc.messages), 400
        else:
            label = action.get_status_display()
            message = _("“%(title)s” moved to %(status)s.") % {
                "title": action.title,
                "status": label,
            }
            code = 200
    if request.htmx:
        return _render_board(request, access, "actions/_action_board.html", message, code)
    (messages.success if code == 200 else messages.error)(request, message)
    return redirect("actions:board", access.project.pk)


@login_required
@require_POST
def action_delete(request, project_id: int, action_id: int):
    access, action = get_action_for_user(request.user, project_id, action_id)
    access.require(access.can_edit)
    services.action_delete(action=action, user=request.user)
    messages.success(request, _("Action deleted."))
    return redirect("actions:index", access.project.pk)
