from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.actions import services
from obeya.actions.access import get_action_for_user
from obeya.actions.forms import ActionFilterForm, ActionForm
from obeya.actions.models import Action
from obeya.actions.selectors import ActionFilter, action_board, action_list
from obeya.audit.services import audit_trail
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from


@login_required
def action_index(request, project_id: int):
    """The action plan with filters; HTMX requests get only the table back."""
    access = get_project_for_user(request.user, project_id)
    form = ActionFilterForm(request.GET or None, project=access.project)
    filters = ActionFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = ActionFilter(
            status=data["status"],
            stage=data["stage"],
            owner_id=data["owner"].pk if data["owner"] else None,
            overdue=data["overdue"],
            q=data["q"].strip(),
        )
    actions = list(action_list(project=access.project, filters=filters))
    for action in actions:
        action.editable = access.can_edit_action(action)
    template = "actions/_action_table.html" if request.htmx else "actions/action_list.html"
    return render(
        request,
        template,
        {"access": access, "project": access.project, "form": form, "actions": actions},
    )


@login_required
def action_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    initial = {"stage": request.GET.get("stage", "")}
    form = ActionForm(request.POST or None, project=access.project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
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
            "action": action,
            "can_edit": access.can_edit_action(action),
            "history": audit_trail(action),
        },
    )


@login_required
def action_edit(request, project_id: int, action_id: int):
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    form = ActionForm(request.POST or None, instance=action, project=access.project)
    if not access.can_edit:
        # A team member updates the progress of their own action, not who owns it.
        for name in ("owner", "title", "stage"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, user=request.user, **form.cleaned_data)
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
        return render(
            request,
            "actions/_action_row.html",
            {"access": access, "project": access.project, "action": action},
        )
    return redirect("actions:index", access.project.pk)


def _render_board(request, access, template: str, message: str = "", status: int = 200):
    columns = action_board(project=access.project)
    for column in columns:
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
