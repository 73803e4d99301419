"""JSON API of obeya.trainings (mounted under /api/projects), with the same rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from obeya.organisation.models import Person, Skill
from obeya.projects.access import get_project_for_user
from obeya.teams.models import ImprovementTeam
from obeya.trainings import services
from obeya.trainings.access import get_attendee_for_user, get_training_for_user
from obeya.trainings.models import Attendee, Training
from obeya.trainings.selectors import summary_of, trainings_of

router = Router(tags=["trainings"])


class SummaryOut(Schema):
    registered: int
    present: int
    attendance_rate: float | None
    average_score: float | None
    validated: int
    levels_raised: int


class AttendeeOut(Schema):
    id: int
    person_id: int
    person: str
    attended: bool | None
    score: int | None
    assessment: str
    proposed_level: int | None
    validated_level: int | None
    level_before: int | None
    validated_by: str | None
    validated_at: dt.datetime | None


class TrainingOut(Schema):
    id: int
    project_id: int
    title: str
    skill_id: int
    skill: str
    target_level: int
    team_id: int | None
    trainer_id: int | None
    trainer: str
    starts_on: dt.date
    duration_hours: Decimal
    place: str
    status: str
    attendees: list[AttendeeOut]
    summary: SummaryOut


class TrainingIn(Schema):
    title: str
    skill_id: int
    target_level: int = 2
    team_id: int | None = None
    trainer_id: int | None = None
    external_trainer: str = ""
    starts_on: dt.date
    duration_hours: Decimal = Decimal(7)
    place: str = ""
    attendee_ids: list[int] = []


class AttendeePatch(Schema):
    attended: bool | None = None
    score: int | None = None
    assessment: str | None = None
    proposed_level: int | None = None


class ValidateIn(Schema):
    level: int | None = None


def _attendee(a: Attendee) -> dict:
    return {
        "id": a.pk,
        "person_id": a.person_id,
        "person": str(a.person),
        "attended": a.attended,
        "score": a.score,
        "assessment": a.assessment,
        "proposed_level": a.proposed_level,
        "validated_level": a.validated_level,
        "level_before": a.level_before,
        "validated_by": a.validated_by.username if a.validated_by else None,
        "validated_at": a.validated_at,
    }


def _out(t: Training) -> dict:
    attendees = list(t.attendees.select_related("person", "validated_by"))
    s = summary_of(attendees)
    return {
        "id": t.pk,
        "project_id": t.project_id,
        "title": t.title,
        "skill_id": t.skill_id,
        "skill": str(t.skill),
        "target_level": t.target_level,
        "team_id": t.team_id,
        "trainer_id": t.trainer_id,
        "trainer": t.trainer_name,
        "starts_on": t.starts_on,
        "duration_hours": t.duration_hours,
        "place": t.place,
        "status": t.status,
        "attendees": [_attendee(a) for a in attendees],
        "summary": {
            "registered": s.registered,
            "present": s.present,
            "attendance_rate": s.attendance_rate,
            "average_score": s.average_score,
            "validated": s.validated,
            "levels_raised": s.levels_raised,
        },
    }


def _fields(payload: TrainingIn, project) -> dict:
    """Resolve the ids of a payload within the project's company, naming the field at fault."""
    data = payload.dict()
    company = project.company_id
    fields = {k: data[k] for k in ("title", "target_level", "external_trainer", "starts_on")}
    fields.update(duration_hours=data["duration_hours"], place=data["place"])
    fields["skill"] = Skill.objects.filter(company=company, pk=data["skill_id"]).first()
    if fields["skill"] is None:
        raise ValidationError({"skill_id": "No such skill in the project's company."})
    fields["trainer"] = None
    if data["trainer_id"] is not None:
        fields["trainer"] = Person.objects.filter(company=company, pk=data["trainer_id"]).first()
        if fields["trainer"] is None:
            raise ValidationError({"trainer_id": "No such person in the project's company."})
    fields["team"] = None
    if data["team_id"] is not None:
        fields["team"] = ImprovementTeam.objects.filter(project=project, pk=data["team_id"]).first()
        if fields["team"] is None:
            raise ValidationError({"team_id": "No such team in the project."})
    ids = set(data["attendee_ids"])
    people = list(Person.objects.filter(company=company, pk__in=ids))
    if len(people) != len(ids):
        raise ValidationError({"attendee_ids": "Attendees must be people of the company."})
    fields["attendees"] = people
    return fields


@router.get("/{project_id}/trainings", response=list[TrainingOut], summary="A project's trainings")
def list_trainings(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_out(t) for t in trainings_of(access.project)]


@router.post(
    "/{project_id}/trainings",
    response={201: TrainingOut},
    summary="Plan a training (facilitators)",
)
def create_training(request, project_id: int, payload: TrainingIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    training = services.training_create(
        project=access.project, user=request.user, **_fields(payload, access.project)
    )
    return 201, _out(training)


@router.get("/{project_id}/trainings/{training_id}", response=TrainingOut, summary="One training")
def get_training(request, project_id: int, training_id: int):
    _access, training = get_training_for_user(request.user, project_id, training_id)
    return _out(training)


@router.post(
    "/{project_id}/trainings/{training_id}/done",
    response=TrainingOut,
    summary="Mark a training as done (facilitators); the skills matrix waits for validation",
)
def complete_training(request, project_id: int, training_id: int):
    _access, training = get_training_for_user(request.user, project_id, training_id, edit=True)
    return _out(services.training_complete(training=training, user=request.user))


@router.patch(
    "/{project_id}/trainings/{training_id}/attendees/{attendee_id}",
    response=AttendeeOut,
    summary="Record an attendee's presence and evaluation (facilitators and team members)",
)
def record_attendee(
    request, project_id: int, training_id: int, attendee_id: int, payload: AttendeePatch
):
    _access, attendee = get_attendee_for_user(
        request.user, project_id, training_id, attendee_id, record=True
    )
    changes = payload.dict(exclude_unset=True)
    if changes.get("assessment") is None:
        changes.pop("assessment", None)
    attendee = services.attendee_record(attendee=attendee, user=request.user, **changes)
    return _attendee(attendee)


@router.post(
    "/{project_id}/trainings/{training_id}/attendees/{attendee_id}/validate",
    response=AttendeeOut,
    summary="Validate the level an attendee reached: raises their skills matrix level",
)
def validate_attendee(
    request, project_id: int, training_id: int, attendee_id: int, payload: ValidateIn
):
    _access, attendee = get_attendee_for_user(
        request.user, project_id, training_id, attendee_id, validate=True
    )
    attendee = services.attendee_validate(attendee=attendee, user=request.user, level=payload.level)
    return _attendee(attendee)
