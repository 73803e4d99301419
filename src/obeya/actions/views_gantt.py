"""The Gantt chart of the action plan, moving a bar on it, and the dependencies of an action."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from obeya.actions import services
from obeya.actions.access import get_action_for_user
from obeya.actions.gantt import GROUPINGS, gantt_chart
from obeya.actions.models import Action
from obeya.projects.access import get_project_for_user


class RescheduleForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("days"), min_value=-3650, max_value=3650)
    mode = forms.ChoiceField(
        label=gettext_lazy("mode"),
        choices=[("move", gettext_lazy("move")), ("resize", gettext_lazy("change the due date"))],
        initial="move",
        required=False,
    )


def _grouping(data) -> str:
    grouping = data.get("group", "axis")
    return grouping if grouping in GROUPINGS else "axis"


def _render_chart(request, access, template, *, grouping, message="", warnings=(), status=200):
    chart = gantt_chart(
        access.project, today=timezone.localdate(), grouping=grouping, access=access
    )
    context = {
        "access": access,
        "project": access.project,
        "chart": chart,
        "grouping": grouping,
        "gantt_message": message,
        "gantt_warnings": warnings,
        "gantt_refused": status != 200,
    }
    return render(request, template, context, status=status)


@login_required
def action_gantt(request, project_id: int):
    """The plan as a Gantt chart; HTMX requests get only the chart back."""
    access = get_project_for_user(request.user, project_id)
    template = "actions/_action_gantt_chart.html" if request.htmx else "actions/action_gantt.html"
    return _render_chart(request, access, template, grouping=_grouping(request.GET))


@login_required
@require_POST
def action_reschedule(request, project_id: int, action_id: int):
    """Move a bar by whole days (`mode=resize`: its due date only). Script requests get the
    chart back, critical path recomputed (403 if the user may not move this action, 400 with
    the reason when the move is refused); without script, the page reloads with a message."""
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    form = RescheduleForm(request.POST)
    warnings, code = [], 400
    if not form.is_valid():
        message = " ".join(f"{form[name].label}: {' '.join(e)}" for name, e in form.errors.items())
    else:
        try:
            warnings = services.action_reschedule(
                action=action,
                user=request.user,
                days=form.cleaned_data["days"],
                resize=form.cleaned_data["mode"] == "resize",
            )
        except ValidationError as exc:
            message = _("“%(title)s” was not moved: %(reason)s") % {
                "title": action.title,
                "reason": " ".join(exc.messages),
            }
        else:
            code = 200
            message = _("“%(title)s” now runs from %(start)s to %(due)s.") % {
                "title": action.title,
                "start": action.start_date.isoformat(),
                "due": action.due_date.isoformat(),
            }
    grouping = _grouping(request.POST)
    if request.htmx:
        template = "actions/_action_gantt_chart.html"
        return _render_chart(
            request,
            access,
            template,
            grouping=grouping,
            message=message,
            warnings=warnings,
            status=code,
        )
    (messages.success if code == 200 else messages.error)(request, message)
    for warning in warnings:
        messages.warning(request, warning)
    return redirect("actions:gantt", access.project.pk)


@login_required
@require_POST
def action_dependencies(request, project_id: int, action_id: int):
    """Add (`add`) or remove (`remove`) one predecessor of an action: the action page's form.
    HTMX requests get the dependencies section back, with the refusal or the warnings; without
    script, the action page reloads with them as messages."""
    access, action = get_action_for_user(request.user, project_id, action_id, edit=True)
    current = list(action.depends_on.all())
    others = Action.objects.filter(project=access.project).exclude(pk=action.pk)
    warnings, error = [], ""
    add, remove = request.POST.get("add", ""), request.POST.get("remove", "")
    chosen = others.filter(pk=add).first() if add.isdigit() else None
    if remove.isdigit():
        current = [p for p in current if str(p.pk) != remove]
    elif chosen is not None:
        current.append(chosen)
    else:
        error = _("Choose an action of this project as predecessor.")
    if not error:
        try:
            warnings = services.action_set_dependencies(
                action=action, predecessors=current, user=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        context = {
            "access": access,
            "project": access.project,
            "action": action,
            "can_edit": True,
            "dependency_error": error,
            "dependency_warnings": warnings,
        }
        # A refusal is swapped in like a success (htmx leaves 4xx answers unswapped): the
        # section then shows why, in place of the form the user just sent.
        return render(request, "actions/_action_dependencies.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Dependencies saved."))
    for warning in warnings:
        messages.warning(request, warning)
    return redirect(action)
