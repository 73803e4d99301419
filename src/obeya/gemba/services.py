"""Every write to the field observations: one transaction each, each leaving an audit entry.

Photos are checked and re-encoded (obeya.gemba.photos) before anything is written, so a bad
file leaves no observation half-written; should the transaction fail after a photo reached the
storage, the stored files are removed again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    snapshot,
    stored_snapshot,
)
from obeya.gemba.models import Observation, ObservationPhoto
from obeya.gemba.photos import photo_prepare
from obeya.projects.models import Project

OBSERVATION_FIELDS = (
    "observed_on",
    "area",
    "value_stream",
    "step",
    "observer",
    "method",
    "description",
    "waste",
    "impact_time_s",
    "impact_quantity",
    "impact_eur",
)


def _photo_snapshot(photo: ObservationPhoto) -> dict[str, Any]:
    return {
        "observation": str(photo.observation),
        "image": photo.image.name,
        "caption": photo.caption,
    }


def _prepare_all(uploads: Sequence[IO[bytes]], field: str) -> list[ContentFile]:
    """Check every upload before writing anything; one message per bad file, under `field`."""
    prepared, errors = [], []
    for upload in uploads:
        try:
            prepared.append(photo_prepare(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors})
    return prepared


def _check_links(observation: Observation) -> None:
    """The place and the observer belong to the project's company, the value stream to the
    project."""
    project = observation.project
    errors = {}
    if observation.area_id and observation.area.site.company_id != project.company_id:
        errors["area"] = _("The area must belong to the project's company.")
    if observation.observer_id and observation.observer.company_id != project.company_id:
        errors["observer"] = _("The observer must belong to the project's company.")
    if observation.value_stream_id and observation.value_stream.project_id != project.pk:
        errors["value_stream"] = _("The value stream must belong to the project.")
    if errors:
        raise ValidationError(errors)


@contextlib.contextmanager
def _files_removed_on_error() -> Iterator[list[ObservationPhoto]]:
    """Yield a list to append stored photos to; delete their files if the block fails."""
    stored: list[ObservationPhoto] = []
    try:
        yield stored
    except BaseException:
        for photo in stored:
            photo.image.storage.delete(photo.image.name)
        raise


def _store_photo(
    *,
    observation: Observation,
    user: Any,
    content: ContentFile,
    stored: list[ObservationPhoto],
    caption: str = "",
) -> ObservationPhoto:
    """Write the file, then the row and its audit entry; `stored` learns of the file first."""
    photo = ObservationPhoto(observation=observation, caption=caption)
    photo.image.save(content.name, content, save=False)
    stored.append(photo)
    photo.save()
    audit_record(
        obj=photo,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=observation.project,
        after=_photo_snapshot(photo),
    )
    return photo


def observation_create(
    *, project: Project, user: Any, photos: Sequence[IO[bytes]] = (), **fields: Any
) -> Observation:
    """Record a field observation with its photos (all or nothing)."""
    prepared = _prepare_all(photos, "photos")
    author = user if getattr(user, "is_authenticated", False) else None
    observation = Observation(project=project, created_by=author, **fields)
    observation.full_clean(exclude=["project", "created_by"])
    _check_links(observation)
    with _files_removed_on_error() as stored, transaction.atomic():
        observation.save()
        audit_record(
            obj=observation,
            user=user,
            verb=AuditEntry.Verb.CREATE,
            project=project,
            after=snapshot(observation, OBSERVATION_FIELDS),
        )
        for content in prepared:
            _store_photo(observation=observation, user=user, content=content, stored=stored)
    return observation


def observation_update(
    *, observation: Observation, user: Any, photos: Sequence[IO[bytes]] = (), **fields: Any
) -> Observation:
    """Change an observation and add photos to it (all or nothing)."""
    prepared = _prepare_all(photos, "photos")
    before = stored_snapshot(
        observation, OBSERVATION_FIELDS, related=["area__site", "observer", "value_stream"]
    )
    assign_fields(observation, fields, OBSERVATION_FIELDS, service="observation_update")
    observation.full_clean(exclude=["project", "created_by"])
    _check_links(observation)
    with _files_removed_on_error() as stored, transaction.atomic():
        observation.save()
        audit_record(
            obj=observation,
            user=user,
            verb=AuditEntry.Verb.UPDATE,
            project=observation.project,
            before=before,
            after=snapshot(observation, OBSERVATION_FIELDS),
        )
        for content in prepared:
            _store_photo(observation=observation, user=user, content=content, stored=stored)
    return observation


@transaction.atomic
def observation_delete(*, observation: Observation, user: Any) -> None:
    """Delete an observation and its photos; the files go once the deletion is committed."""
    names = [photo.image.name for photo in observation.photos.all()]
    audited_delete(observation, user=user, fields=OBSERVATION_FIELDS, project=observation.project)
    storage = ObservationPhoto._meta.get_field("image").storage
    for name in names:
        transaction.on_commit(partial(storage.delete, name))


def photo_add(
    *, observation: Observation, user: Any, upload: IO[bytes], caption: str = ""
) -> ObservationPhoto:
    """Add one photo to an observation; a file that is not an image stores nothing."""
    (content,) = _prepare_all([upload], "image")
    photo = ObservationPhoto(observation=observation, caption=caption)
    photo.full_clean(exclude=["image", "observation"])
    with _files_removed_on_error() as stored, transaction.atomic():
        return _store_photo(
            observation=observation, user=user, content=content, stored=stored, caption=caption
        )


@transaction.atomic
def photo_delete(*, photo: ObservationPhoto, user: Any) -> None:
    observation = photo.observation
    audit_record(
        obj=photo,
        user=user,
        verb=AuditEntry.Verb.DELETE,
        project=observation.project,
        before=_photo_snapshot(photo),
    )
    name, storage = photo.image.name, photo.image.storage
    photo.delete()
    transaction.on_commit(partial(storage.delete, name))
