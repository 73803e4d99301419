"""Every write to a project's trainings: one transaction each, each change audited.

Completing a training changes nothing on the skills matrix: the level an attendee reached is
proposed by the trainer and only a validation (attendee_validate) writes it to
organisation.PersonSkill, raising the level, never lowering it (docs/trainings.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_save,
    snapshot,
    stored_snapshot,
)
from obeya.core.skills import level_after_validation
from obeya.organisation.models import Person, PersonSkill
from obeya.projects.models import Project
from obeya.trainings.models import Attendee, Training

TRAINING_FIELDS = (
    "title",
    "skill",
    "target_level",
    "team",
    "trainer",
    "external_trainer",
    "starts_on",
    "duration_hours",
    "place",
)
RESULT_FIELDS = ("attended", "score", "assessment", "proposed_level")
VALIDATION_FIELDS = ("validated_level", "level_before", "validated_by", "validated_at")


# What the audit trail records of a training.
_TRAINING_AUDITED = TRAINING_FIELDS + ("status",)


def _check_people(project: Project, people: Iterable[Person]) -> list[Person]:
    people = list(dict.fromkeys(people))
    if any(p.company_id != project.company_id for p in people):
        raise ValidationError({"attendees": _("Attendees must be people of the company.")})
    return people


def _attendee_add(training: Training, person: Person, user: Any) -> Attendee:
    attendee = Attendee.objects.create(training=training, person=person)
    audit_record(
        obj=attendee,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=training.project,
        after={"person": str(person)},
    )
    return attendee


@transaction.atomic
def training_create(
    *, project: Project, user: Any, attendees: Iterable[Person] = (), **fields: Any
) -> Training:
    """Plan a training, with the people registered for it."""
    people = _check_people(project, attendees)
    training = Training(project=project)
    assign_fields(training, fields, TRAINING_FIELDS, service="training_create")
    audited_save(training, user=user, fields=_TRAINING_AUDITED, project=project)
    for person in people:
        _attendee_add(training, person, user)
    return training


@transaction.atomic
def training_update(
    *, training: Training, user: Any, attendees: Iterable[Person] | None = None, **fields: Any
) -> Training:
    """Change a training and, when given, its list of attendees. An attendee whose level was
    already validated stays: the matrix was changed on the strength of their line."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status == Training.Status.CANCELLED:
        raise ValidationError(_("A cancelled training cannot be changed."))
    before = stored_snapshot(training, _TRAINING_AUDITED)
    assign_fields(training, fields, TRAINING_FIELDS, service="training_update")
    fixed = ("skill", "target_level")
    if snapshot(training, fixed) != {k: before[k] for k in fixed} and (
        training.attendees.filter(validated_at__isnull=False).exists()
    ):
        raise ValidationError(
            {"skill": _("Levels were validated for this training: its skill and level stay.")}
        )
    audited_save(
        training, user=user, fields=_TRAINING_AUDITED, project=training.project, before=before
    )
    if attendees is not None:
        wanted = {p.pk: p for p in _check_people(training.project, attendees)}
        current = {a.person_id: a for a in training.attendees.select_related("person")}
        for person_id, attendee in current.items():
            if person_id in wanted:
                continue
            if attendee.is_validated:
                raise ValidationError(
                    {
                        "attendees": _("%(person)s cannot be removed: their level was validated.")
                        % {"person": attendee.person}
                    }
                )
            audit_record(
                obj=attendee,
                user=user,
                verb=AuditEntry.Verb.DELETE,
                project=training.project,
                before={"person": str(attendee.person)},
            )
            attendee.delete()
        for person_id, person in wanted.items():
            if person_id not in current:
                _attendee_add(training, person, user)
    return training


def _set_status(training: Training, user: Any, status: str) -> Training:
    before = stored_snapshot(training, ("status",))
    training.status = status
    training.save(update_fields=["status", "updated_at"])
    audit_record(
        obj=training,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=training.project,
        before=before,
        after=snapshot(training, ("status",)),
    )
    return training


@transaction.atomic
def training_complete(*, training: Training, user: Any, today: dt.date | None = None) -> Training:
    """Mark a training done. The skills matrix does not change: levels wait for validation."""
    training = Training.objects.select_for_update().select_related("project").get(pk=training.pk)
    today = today or timezone.localdate()
    if training.status != Training.Status.PLANNED:
        raise ValidationError({"status": _("Only a planned training can be marked as done.")})
    if training.starts_on > today:
        raise ValidationError(
            {
                "starts_on": _(
                    "The training is dated %(date)s: it cannot be marked as done before then."
                )
                % {"date": training.starts_on.isoformat()}
            }
        )
    return _set_status(training, user, Training.Status.DONE)


@transaction.atomic
def training_cancel(*, training: Training, user: Any) -> Training:
    """Cancel a training that has not been held; its attendees' lines are kept for the record."""
    training = Training.objects.select_for_update().select_related("project").get(pk=training.pk)
    if training.status != Training.Status.PLANNED:
        raise ValidationError({"status": _("Only a planned training can be cancelled.")})
    return _set_status(training, user, Training.Status.CANCELLED)


@transaction.atomic
def attendee_record(*, attendee: Attendee, user: Any, **fields: Any) -> Attendee:
    """Record an attendee's presence, evaluation and the level the trainer proposes."""
    attendee = (
        Attendee.objects.select_for_update()
        .select_related("training__project", "person")
        .get(pk=attendee.pk)
    )
    training = attendee.training
    if training.status == Training.Status.CANCELLED:
        raise ValidationError(_("The training was cancelled: there is nothing to record."))
    before = snapshot(attendee, RESULT_FIELDS)
    assign_fields(attendee, fields, RESULT_FIELDS, service="attendee_record")
    if attendee.attended is False and attendee.proposed_level is not None:
        raise ValidationError(
            {"proposed_level": _("An absent attendee cannot be proposed a level reached.")}
        )
    if attendee.is_validated and snapshot(attendee, ("attended", "proposed_level")) != {
        k: before[k] for k in ("attended", "proposed_level")
    }:
        raise ValidationError(
            {"proposed_level": _("The level was already validated: presence and level stay.")}
        )
    return audited_save(
        attendee, user=user, fields=RESULT_FIELDS, project=training.project, before=before
    )


@transaction.atomic
def attendee_validate(*, attendee: Attendee, user: Any, level: int | None = None) -> Attendee:
    """Validate the level an attendee reached and raise their level on the skills matrix.

    `level` defaults to the trainer's proposal. The matrix keeps the higher of the level held
    and the level validated; the attendee's line and the matrix change together or not at all.
    """
    attendee = (
        Attendee.objects.select_for_update()
        .select_related("training__project", "training__skill", "person")
        .get(pk=attendee.pk)
    )
    training = attendee.training
    if training.status != Training.Status.DONE:
        raise ValidationError(
            {"validated_level": _("Mark the training as done before validating levels.")}
        )
    if attendee.attended is not True:
        raise ValidationError(
            {"validated_level": _("Only an attendee recorded as present can be validated.")}
        )
    if attendee.is_validated:
        raise ValidationError({"validated_level": _("This level was already validated.")})
    if level is None:
        level = attendee.proposed_level
    if level is None:
        raise ValidationError(
            {"validated_level": _("Choose the level reached: the trainer proposed none.")}
        )
    if level not in (1, 2, 3):
        raise ValidationError(
            {"validated_level": _("Level reached: %(value)s is not 1, 2 or 3.") % {"value": level}}
        )
    row = (
        PersonSkill.objects.select_for_update()
        .filter(person=attendee.person, skill=training.skill)
        .first()
    )
    held = row.level if row else PersonSkill.Level.NOT_TRAINED
    new_level = level_after_validation(held, level)
    if row is None:
        row = PersonSkill.objects.create(
            person=attendee.person, skill=training.skill, level=new_level
        )
        audit_record(obj=row, user=user, verb=AuditEntry.Verb.CREATE, after={"level": new_level})
    elif new_level != held:
        row.level = new_level
        row.save(update_fields=["level"])
        audit_record(
            obj=row,
            user=user,
            verb=AuditEntry.Verb.UPDATE,
            before={"level": held},
            after={"level": new_level},
        )
    before = snapshot(attendee, VALIDATION_FIELDS)
    attendee.validated_level = level
    attendee.level_before = held
    attendee.validated_by = user
    attendee.validated_at = timezone.now()
    attendee.save(update_fields=list(VALIDATION_FIELDS))
    audit_record(
        obj=attendee,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=training.project,
        before=before,
        after=snapshot(attendee, VALIDATION_FIELDS),
    )
    return attendee
