"""Who may see and change what in a project: the one place every view and API endpoint asks.

A user who may not see a project gets 404 (Http404) on everything in it, so the existence of a
project is not leaked; a user who may see it but not make a change gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from obeya.projects.models import Membership, Project

Role = Membership.Role


@dataclass(frozen=True)
class ProjectAccess:
    """A user's rights in one project, derived from their role."""

    project: Project
    user: Any
    role: str | None  # None for a superuser who is not a member

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    @property
    def can_edit(self) -> bool:
        """Edit the project itself, its members and every object in it."""
        return self.role == Role.FACILITATOR or self.is_superuser

    @property
    def can_ratify(self) -> bool:
        """Ratify or reject decisions submitted to management."""
        return self.role == Role.SPONSOR or self.is_superuser

    @property
    def can_contribute(self) -> bool:
        """Add field observations and measurements."""
        return self.role in (Role.FACILITATOR, Role.MEMBER) or self.is_superuser

    def can_edit_action(self, action: Any) -> bool:
        """Facilitators edit every action; team members the actions they own."""
        if self.can_edit:
            return True
        if self.role != Role.MEMBER or action.owner_id is None:
            return False
        return action.owner.user_id == self.user.pk

    def require(self, allowed: bool) -> ProjectAccess:
        if not allowed:
            raise PermissionDenied
        return self


def visible_projects(user: Any) -> QuerySet[Project]:
    """The projects a user may see: those they have a role in (all of them for a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user).distinct()


def project_access(user: Any, project: Project) -> ProjectAccess | None:
    """The user's access to `project`, or None when they may not see it."""
    if not getattr(user, "is_authenticated", False):
        return None
    role = (
        Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    )
    if role is None and not user.is_superuser:
        return None
    return ProjectAccess(project=project, user=user, role=role)


def get_project_for_user(user: Any, project_id: int, *, edit: bool = False) -> ProjectAccess:
    """Fetch a project for a user: 404 if they may not see it, 403 if `edit` and they may not."""
    project = (
        Project.objects.select_related(
            "company", "area__site", "product_family", "process", "sponsor", "facilitator"
        )
        .filter(pk=project_id)
        .first()
    )
    access = project_access(user, project) if project else None
    if access is None:
        raise Http404
    if edit:
        access.require(access.can_edit)
    return access
