from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.actions.selectors import (
    flagged_actions_for_user,
    overdue_actions_for_user,
    project_flagged_actions,
)
from obeya.audit.models import AuditEntry
from obeya.organisation.access import company_for_new_project
from obeya.projects import services
from obeya.projects.access import get_project_for_user
from obeya.projects.forms import MembershipForm, ProjectForm
from obeya.projects.models import STAGE_LABELS, Membership
from obeya.projects.selectors import home_projects, roadmap_for_project
from obeya.site.views_support import form_errors_from


@login_required
def home(request):
    """The user's projects with their roadmap progress, their own overdue and at-risk actions
    (and, for facilitators, those of their projects), and every overdue action they may see."""
    return render(
        request,
        "projects/home.html",
        {
            "rows": home_projects(request.user),
            "flagged": flagged_actions_for_user(request.user)[:30],
            "overdue": overdue_actions_for_user(request.user)[:20],
            "can_create": company_for_new_project(request.user) is not None,
        },
    )


@login_required
def project_create(request):
    company = company_for_new_project(request.user)
    if company is None:
        raise PermissionDenied
    form = ProjectForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                company=company, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Project created."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form})


@login_required
def project_detail(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return render(
        request,
        "projects/project_detail.html",
        {
            "access": access,
            "project": access.project,
            "roadmap": roadmap_for_project(access.project),
            "flagged": project_flagged_actions(project=access.project),
            "stage_labels": STAGE_LABELS,
            "members": access.project.memberships.select_related("user__person").order_by(
                "role", "user__username"
            ),
            "history": AuditEntry.objects.filter(project=access.project).select_related(
                "user", "content_type"
            )[:15],
        },
    )


@login_required
def project_edit(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    project = access.project
    form = ProjectForm(request.POST or None, instance=project, company=project.company)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def project_members(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    project = access.project
    form = MembershipForm(request.POST or None, company=project.company)
    if request.method == "POST":
        access.require(access.can_edit)
        if form.is_valid():
            try:
                services.membership_set(
                    project=project,
                    member=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                    user=request.user,
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, _("Role saved."))
                return redirect("projects:members", project.pk)
    members = project.memberships.select_related("user__person").order_by("role")
    return render(
        request,
        "projects/project_members.html",
        {"access": access, "project": project, "form": form, "members": members},
    )


@login_required
@require_POST
def member_remove(request, project_id: int, membership_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    membership = get_object_or_404(Membership, pk=membership_id, project=access.project)
    try:
        services.membership_remove(membership=membership, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Member removed."))
    return redirect("projects:members", access.project.pk)


@login_required
def project_history(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    entries = AuditEntry.objects.filter(project=access.project).select_related(
        "user", "content_type"
    )[:500]
    return render(
        request,
        "projects/project_history.html",
        {"access": access, "project": access.project, "entries": entries},
    )
