"""Every write to the obstacles log and the stakeholder map: one transaction each, each audited.

Validation errors name the field they are about, so the form or the API payload that fed the
service shows them next to it. Stakeholder assessments are only ever added: the previous one is
what the map draws the arrow from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    snapshot,
    stored_snapshot,
)
from obeya.obstacles.models import Obstacle, Stakeholder, StakeholderAssessment
from obeya.organisation.models import Person
from obeya.projects.models import Project
from obeya.projects.services import same_project_links

OBSTACLE_FIELDS = (
    "title",
    "kind",
    "is_resistance",
    "description",
    "axis",
    "team",
    "group",
    "severity",
    "response",
    "response_detail",
    "response_owner",
    "status",
    "raised_on",
    "treated_on",
    "resolved_on",
)
STAKEHOLDER_FIELDS = ("person", "group", "notes")
ASSESSMENT_FIELDS = ("assessed_on", "influence", "attitude", "comment")


def _obstacle_links(obstacle: Obstacle) -> dict[str, Any]:
    return {
        "actions": sorted(obstacle.actions.values_list("pk", flat=True)),
        "people": sorted(obstacle.people.values_list("pk", flat=True)),
    }


def _obstacle_snapshot(obstacle: Obstacle) -> dict[str, Any]:
    return {**snapshot(obstacle, OBSTACLE_FIELDS), **_obstacle_links(obstacle)}


def _check_people(project: Project, people: Iterable[Person]) -> list[Person]:
    people = list(people)
    if any(p.company_id != project.company_id for p in people):
        raise ValidationError({"people": _("Only people of the project's company can be named.")})
    return people


def _check_actions(project: Project, actions: Iterable[Action]) -> list[Action]:
    found = same_project_links(
        project, actions=(actions, _("Only actions of this project can be linked."))
    )
    return found["actions"]


def _date_the_status(obstacle: Obstacle, today: dt.date) -> None:
    """Keep the dates in step with the status: the day treatment started and the day it was
    resolved are set when the status first reaches them (unless given), and a reopened obstacle
    is no longer resolved."""
    status = obstacle.status
    if status in (Obstacle.Status.IN_TREATMENT, Obstacle.Status.RESOLVED):
        obstacle.treated_on = obstacle.treated_on or max(today, obstacle.raised_on or today)
    if status == Obstacle.Status.RESOLVED:
        obstacle.resolved_on = obstacle.resolved_on or max(today, obstacle.raised_on or today)
    else:
        obstacle.resolved_on = None
    if status == Obstacle.Status.OPEN:
        obstacle.treated_on = None


@transaction.atomic
def obstacle_create(
    *,
    project: Project,
    user: Any,
    actions: Iterable[Action] = (),
    people: Iterable[Person] = (),
    **fields: Any,
) -> Obstacle:
    """Log a brake, difficulty or resistance; raised today unless `raised_on` says otherwise."""
    actions = _check_actions(project, actions)
    people = _check_people(project, people)
    if fields.get("raised_on") is None:
        fields["raised_on"] = timezone.localdate()
    obstacle = Obstacle(project=project, **fields)
    _date_the_status(obstacle, timezone.localdate())
    obstacle.full_clean()
    obstacle.save()
    obstacle.actions.set(actions)
    obstacle.people.set(people)
    audit_record(
        obj=obstacle,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=_obstacle_snapshot(obstacle),
    )
    return obstacle


@transaction.atomic
def obstacle_update(
    *,
    obstacle: Obstacle,
    user: Any,
    actions: Iterable[Action] | None = None,
    people: Iterable[Person] | None = None,
    **fields: Any,
) -> Obstacle:
    before = _obstacle_snapshot(Obstacle.objects.get(pk=obstacle.pk))
    assign_fields(obstacle, fields, OBSTACLE_FIELDS, service="obstacle_update")
    linked_actions = _check_actions(
        obstacle.project, obstacle.actions.all() if actions is None else actions
    )
    linked_people = _check_people(
        obstacle.project, obstacle.people.all() if people is None else people
    )
    _date_the_status(obstacle, timezone.localdate())
    obstacle.full_clean()
    obstacle.save()
    obstacle.actions.set(linked_actions)
    obstacle.people.set(linked_people)
    audit_record(
        obj=obstacle,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=obstacle.project,
        before=before,
        after=_obstacle_snapshot(obstacle),
    )
    return obstacle


@transaction.atomic
def obstacle_delete(*, obstacle: Obstacle, user: Any) -> None:
    audited_delete(
        obstacle,
        user=user,
        fields=OBSTACLE_FIELDS,
        project=obstacle.project,
        extra_before=_obstacle_links(obstacle),
    )


# --- the stakeholder map -------------------------------------------------------------------


@transaction.atomic
def stakeholder_create(
    *,
    project: Project,
    user: Any,
    influence: int,
    attitude: int,
    assessed_on: dt.date | None = None,
    comment: str = "",
    person: Person | None = None,
    group: str = "",
    notes: str = "",
) -> Stakeholder:
    """Put a person or a group on the map with their first assessment."""
    stakeholder = Stakeholder(project=project, person=person, group=group.strip(), notes=notes)
    audited_save(stakeholder, user=user, fields=STAKEHOLDER_FIELDS, project=project)
    stakeholder_assess(
        stakeholder=stakeholder,
        user=user,
        influence=influence,
        attitude=attitude,
        assessed_on=assessed_on,
        comment=comment,
    )
    return stakeholder


@transaction.atomic
def stakeholder_assess(
    *,
    stakeholder: Stakeholder,
    user: Any,
    influence: int,
    attitude: int,
    assessed_on: dt.date | None = None,
    comment: str = "",
) -> StakeholderAssessment:
    """Record where a stakeholder stands now; the previous assessments are kept."""
    assessment = StakeholderAssessment(
        stakeholder=stakeholder,
        assessed_on=assessed_on or timezone.localdate(),
        influence=influence,
        attitude=attitude,
        comment=comment,
        assessed_by=user if getattr(user, "is_authenticated", False) else None,
    )
    assessment.full_clean()  # a bad value is reported before the order in time
    latest = stakeholder.assessments.order_by("-assessed_on").first()
    if latest is not None and assessment.assessed_on < latest.assessed_on:
        raise ValidationError(
            {"assessed_on": _("A newer assessment exists: the map moves forward in time.")}
        )
    return audited_save(
        assessment, user=user, fields=ASSESSMENT_FIELDS, project=stakeholder.project
    )


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, user: Any, notes: str) -> Stakeholder:
    """Change the notes on a stakeholder (who they are stays; their stance is assessed)."""
    before = stored_snapshot(stakeholder, STAKEHOLDER_FIELDS)
    stakeholder.notes = notes
    return audited_save(
        stakeholder,
        user=user,
        fields=STAKEHOLDER_FIELDS,
        project=stakeholder.project,
        before=before,
    )


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder, user: Any) -> None:
    audited_delete(
        stakeholder,
        user=user,
        fields=STAKEHOLDER_FIELDS,
        project=stakeholder.project,
        extra_before={"assessments": stakeholder.assessments.count()},
    )
