"""Pages of a project's improvement teams (docs/teams.md): list, sheet, members, objectives,
charter. Each view fetches through obeya.teams.access (404 for outsiders, 403 for a role that
may not change teams), validates with a form, calls one service or selector and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.core.teams import MAX_HOURS_PER_WEEK, MAX_TEAMS
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_saved, project_context
from obeya.teams import selectors, services
from obeya.teams.access import get_member_for_user, get_objective_for_user, get_team_for_user
from obeya.teams.forms import (
    MemberEditForm,
    MemberForm,
    ObjectiveForm,
    TeamForm,
    objective_initial_from_axis,
)
from obeya.teams.models import TeamMember


@login_required
def index(request, project_id: int):
    """The project's teams, and who among their members is over-committed."""
    access = get_project_for_user(request.user, project_id)
    board = selectors.project_teams_board(access.project)
    context = project_context(
        access, board=board, max_hours=MAX_HOURS_PER_WEEK, max_teams=MAX_TEAMS
    )
    return render(request, "teams/team_list.html", context)


@login_required
def team_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = TeamForm(request.POST or None, project=access.project)
    team = form_saved(
        request, form, services.team_create, _("Team formed."), project=access.project
    )
    if team:
        return redirect(team)
    return render(request, "teams/team_form.html", project_context(access, form=form))


@login_required
def team_detail(request, project_id: int, team_id: int):
    access, team = get_team_for_user(request.user, project_id, team_id)
    sheet = selectors.team_sheet(team)
    return render(request, "teams/team_detail.html", project_context(access, sheet=sheet))


@login_required
def team_edit(request, project_id: int, team_id: int):
    access, team = get_team_for_user(request.user, project_id, team_id, edit=True)
    form = TeamForm(request.POST or None, instance=team, project=access.project)
    if form_saved(request, form, services.team_update, _("Team saved."), team=team):
        return redirect(team)
    return render(request, "teams/team_form.html", project_context(access, form=form, team=team))


@login_required
@require_POST
def team_delete(request, project_id: int, team_id: int):
    access, team = get_team_for_user(request.user, project_id, team_id, edit=True)
    services.team_delete(team=team, user=request.user)
    messages.success(request, _("Team disbanded."))
    return redirect("project_teams:index", access.project.pk)


@login_required
def member_add(request, project_id: int, team_id: int):
    """Add a member; a suggestion's Add button prefills the person and the role."""
    access, team = get_team_for_user(request.user, project_id, team_id, edit=True)
    initial = {k: request.GET[k] for k in ("person", "role") if request.GET.get(k)}
    form = MemberForm(request.POST or None, team=team, initial=initial)
    if form_saved(request, form, services.member_add, _("Member added."), team=team):
        return redirect(team)
    context = project_context(access, form=form, team=team, title=_("Add a member"))
    return render(request, "teams/team_member_form.html", context)


@login_required
def member_edit(request, project_id: int, team_id: int, member_id: int):
    access, member = get_member_for_user(request.user, project_id, team_id, member_id, edit=True)
    form = MemberEditForm(request.POST or None, instance=member)
    if form_saved(request, form, services.member_update, _("Member saved."), member=member):
        return redirect(member.team)
    title = _("Role of %(person)s") % {"person": member.person}
    context = project_context(access, form=form, team=member.team, member=member, title=title)
    return render(request, "teams/team_member_form.html", context)


@login_required
@require_POST
def member_remove(request, project_id: int, team_id: int, member_id: int):
    _access, member = get_member_for_user(request.user, project_id, team_id, member_id, edit=True)
    services.member_remove(member=member, user=request.user)
    messages.success(request, _("%(person)s left the team.") % {"person": member.person})
    return redirect(member.team)


@login_required
def objective_create(request, project_id: int, team_id: int):
    """Add an objective; `?axis=` prefills it from an axis the team serves."""
    access, team = get_team_for_user(request.user, project_id, team_id, edit=True)
    axis = team.axes.filter(pk=request.GET.get("axis") or 0).first()
    initial = objective_initial_from_axis(axis) if axis else {}
    form = ObjectiveForm(request.POST or None, team=team, initial=initial)
    if form_saved(request, form, services.objective_create, _("Objective added."), team=team):
        return redirect(team)
    context = project_context(access, form=form, team=team, axes=team.axes.all())
    return render(request, "teams/team_objective_form.html", context)


@login_required
def objective_edit(request, project_id: int, team_id: int, objective_id: int):
    access, objective = get_objective_for_user(
        request.user, project_id, team_id, objective_id, edit=True
    )
    form = ObjectiveForm(request.POST or None, instance=objective, team=objective.team)
    saved = form_saved(
        request, form, services.objective_update, _("Objective saved."), objective=objective
    )
    if saved:
        return redirect(objective.team)
    context = project_context(access, form=form, team=objective.team, objective=objective)
    return render(request, "teams/team_objective_form.html", context)


@login_required
@require_POST
def objective_delete(request, project_id: int, team_id: int, objective_id: int):
    _access, objective = get_objective_for_user(
        request.user, project_id, team_id, objective_id, edit=True
    )
    services.objective_delete(objective=objective, user=request.user)
    messages.success(request, _("Objective removed."))
    return redirect(objective.team)


@login_required
def charter(request, project_id: int, team_id: int):
    """The team charter for its board: one A4 page to print."""
    access, team = get_team_for_user(request.user, project_id, team_id)
    charter = selectors.team_charter(team, now=timezone.now())
    context = project_context(access, charter=charter, roles=TeamMember.Role)
    return render(request, "teams/team_charter.html", context)
