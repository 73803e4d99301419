"""Fetch a training or an attendee for a user, applying the project's rules (docs/trainings.md).

Everyone with a role in the project reads its trainings and needs (404 for the others).
Facilitators plan, change, complete and cancel trainings; facilitators and team members record
attendance and evaluations; a level is validated by a facilitator of the project or by whoever
edits the skills matrix of the attendee's area (obeya.teams.access.can_edit_skills). Others 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.teams.access import can_edit_skills
from obeya.trainings.models import Attendee, Training


def can_validate(access: ProjectAccess, attendee: Attendee) -> bool:
    """Validate an attendee's level: the project's facilitators, or the editors of the skills
    matrix of the attendee's area, who answer for that matrix."""
    if access.can_edit:
        return True
    area = attendee.person.area
    return area is not None and can_edit_skills(access.user, area)


def get_training_for_user(
    user: Any, project_id: int, training_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, Training]:
    """404 unless the user may see the project and the training belongs to it; 403 if `edit`
    and the user is not a facilitator."""
    access = get_project_for_user(user, project_id, edit=edit)
    training = (
        Training.objects.select_related("skill", "trainer", "team", "project")
        .filter(project=access.project, pk=training_id)
        .first()
    )
    if training is None:
        raise Http404
    return access, training


def get_attendee_for_user(
    user: Any,
    project_id: int,
    training_id: int,
    attendee_id: int,
    *,
    record: bool = False,
    validate: bool = False,
) -> tuple[ProjectAccess, Attendee]:
    """404 unless the attendee's training belongs to a project the user sees; 403 if `record`
    and the user may not contribute, or `validate` and they may not validate this level."""
    access, training = get_training_for_user(user, project_id, training_id)
    attendee = (
        Attendee.objects.select_related("person__area__site", "training")
        .filter(training=training, pk=attendee_id)
        .first()
    )
    if attendee is None:
        raise Http404
    if record and not access.can_contribute:
        raise PermissionDenied
    if validate and not can_validate(access, attendee):
        raise PermissionDenied
    return access, attendee
