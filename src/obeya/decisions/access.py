"""Fetch an axis or a decision for a user, applying the project's rules (see
obeya.projects.access): everyone who may see the project reads the axes and the decisions;
facilitators change them; facilitators and sponsors record a decision; once decided, a decision
is read-only history except for a superuser."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.decisions.models import Axis, Decision
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_axis_for_user(
    user: Any, project_id: int, axis_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Axis]:
    """404 unless the user may see the project and the axis belongs to it; 403 if `edit` and
    the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    axis = Axis.objects.filter(project=access.project, pk=axis_id).first()
    if axis is None:
        raise Http404
    return access, axis


def can_change_decision(access: ProjectAccess, decision: Decision) -> bool:
    """Facilitators change drafts; a decided decision only a superuser may change."""
    return access.can_edit and (not decision.is_decided or access.is_superuser)


def can_record_decision(access: ProjectAccess, decision: Decision) -> bool:
    """Facilitators and sponsors record the choice, once (a superuser may correct it)."""
    return (access.can_edit or access.can_ratify) and (
        not decision.is_decided or access.is_superuser
    )


def get_decision_for_user(
    user: Any, project_id: int, decision_id: int, *, edit: bool = False, record: bool = False
) -> tuple[ProjectAccess, Decision]:
    """404 unless the user may see the project and the decision belongs to it; 403 if `edit`
    (or `record`) and the user may not change (or record) it."""
    access = get_project_for_user(user, project_id)
    decision = (
        Decision.objects.filter(project=access.project, pk=decision_id)
        .select_related("chosen_option", "decided_by", "created_by")
        .first()
    )
    if decision is None:
        raise Http404
    if edit:
        access.require(can_change_decision(access, decision))
    if record:
        access.require(can_record_decision(access, decision))
    return access, decision
