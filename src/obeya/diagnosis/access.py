"""Fetch a grid line or a SWOT item for a user, applying the project's rules (see
obeya.projects.access): everyone who may see the project reads the grid and the SWOT; only
facilitators change them."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_criterion_for_user(
    user: Any, project_id: int, criterion_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, GridCriterion]:
    """404 unless the user may see the project and the line belongs to it; 403 if `edit` and
    the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    criterion = GridCriterion.objects.filter(project=access.project, pk=criterion_id).first()
    if criterion is None:
        raise Http404
    return access, criterion


def get_swot_item_for_user(
    user: Any, project_id: int, item_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, SwotItem]:
    """404 unless the user may see the project and the item belongs to it; 403 if `edit` and
    the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    item = SwotItem.objects.filter(project=access.project, pk=item_id).first()
    if item is None:
        raise Http404
    return access, item
