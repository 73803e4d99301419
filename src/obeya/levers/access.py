"""Fetch levers and candidates for a user, applying the project's rules (obeya.projects.access).

Everyone with a role in the project reads the catalogue and the candidates. Facilitators write
candidates, submit and withdraw them; sponsors decide (ratify, reject, postpone). A company's own
levers are added and changed by the project's facilitators and by the site administrators of
that company who have a role in the project; the built-in levers are read-only for everyone.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from obeya.levers.models import CandidateLever, Lever
from obeya.levers.selectors import levers_for_company
from obeya.organisation.access import can_manage_organisation, user_company
from obeya.projects.access import ProjectAccess, get_project_for_user


def can_manage_levers(access: ProjectAccess) -> bool:
    """Add or change the company's own levers."""
    if access.can_edit:
        return True
    return can_manage_organisation(access.user) and (
        user_company(access.user) == access.project.company
    )


def get_lever_for_user(
    user: Any, project_id: int, lever_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Lever]:
    """404 unless the user may see the project and the lever is built-in or of the project's
    company; 403 if `edit` and the lever is built-in or the user may not manage levers."""
    access = get_project_for_user(user, project_id)
    lever = levers_for_company(access.project.company_id).filter(pk=lever_id).first()
    if lever is None:
        raise Http404
    if edit and (lever.is_builtin or not can_manage_levers(access)):
        raise PermissionDenied
    return access, lever


def get_candidate_for_user(
    user: Any, project_id: int, candidate_id: int, *, edit: bool = False, ratify: bool = False
) -> tuple[ProjectAccess, CandidateLever]:
    """404 unless the user may see the project and the candidate belongs to it; 403 if `edit`
    and the user is not a facilitator, or `ratify` and not a sponsor."""
    access = get_project_for_user(user, project_id)
    candidate = (
        CandidateLever.objects.select_related(
            "lever", "axis", "value_stream__current_state", "decided_by", "project"
        )
        .filter(project=access.project, pk=candidate_id)
        .first()
    )
    if candidate is None:
        raise Http404
    if edit:
        access.require(access.can_edit)
    if ratify:
        access.require(access.can_ratify)
    return access, candidate
