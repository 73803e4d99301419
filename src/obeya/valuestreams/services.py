"""Every write to a project's value stream maps: one transaction each, each leaving an audit entry.

A map is stored as the text of its file (docs/vsm.md). Every service that stores a text reads it
with the core parser first, so a map in the database always parses: a text with mistakes raises
ValidationError({"source": [...]}), each message starting with its place in the file, and
nothing is written.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from obeya.audit.services import assign_fields, audited_delete, audited_save, stored_snapshot
from obeya.core import vsm as core
from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream

VALUE_STREAM_FIELDS = ("name", "state", "current_state", "notes", "source")
EDITABLE_FIELDS = ("name", "notes", "source")


def value_stream_parse(source: str) -> core.ValueStream:
    """The map a text describes, or ValidationError listing every mistake with its place."""
    try:
        return core.load_value_stream(source)
    except core.ValueStreamError as exc:
        raise ValidationError({"source": exc.errors}) from exc
    except (TypeError, AttributeError, OverflowError) as exc:
        # The parser trips on a few odd files (an information flow without "from", a number
        # too large for a float); refuse them rather than fail the request.
        message = _("value stream: could not be checked (%(reason)s); look for a missing name")
        raise ValidationError({"source": [message % {"reason": exc}]}) from exc


def _is_json(text: str) -> bool:
    if not text.lstrip().startswith("{"):
        return False
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _check_current_state(project: Project, current_state: ValueStream | None) -> None:
    if current_state is None:
        return
    if current_state.project_id != project.pk:
        raise ValidationError(
            {"current_state": _("The current state must be a map of the same project.")}
        )
    if current_state.state != ValueStream.State.CURRENT:
        raise ValidationError({"current_state": _("This map is not a current state.")})


def _user_or_none(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def value_stream_create(
    *,
    project: Project,
    user: Any,
    name: str,
    source: str,
    notes: str = "",
    state: str = ValueStream.State.CURRENT,
    current_state: ValueStream | None = None,
) -> ValueStream:
    value_stream_parse(source)
    _check_current_state(project, current_state)
    if current_state is not None:
        state = ValueStream.State.FUTURE
    value_stream = ValueStream(
        project=project,
        name=name.strip(),
        source=source,
        notes=notes,
        state=state,
        current_state=current_state,
        created_by=_user_or_none(user),
    )
    audited_save(value_stream, user=user, fields=VALUE_STREAM_FIELDS, project=project)
    return value_stream


@transaction.atomic
def value_stream_update(*, value_stream: ValueStream, user: Any, **fields: Any) -> ValueStream:
    before = stored_snapshot(value_stream, VALUE_STREAM_FIELDS, related=["current_state"])
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    assign_fields(value_stream, fields, EDITABLE_FIELDS, service="value_stream_update")
    value_stream_parse(value_stream.source)
    return audited_save(
        value_stream,
        user=user,
        fields=VALUE_STREAM_FIELDS,
        project=value_stream.project,
        before=before,
    )


@transaction.atomic
def value_stream_delete(*, value_stream: ValueStream, user: Any) -> None:
    """Delete a map; its future states stay, no longer tied to a current state."""
    audited_delete(
        value_stream, user=user, fields=VALUE_STREAM_FIELDS, project=value_stream.project
    )


@transaction.atomic
def value_stream_copy_to_future(
    *, value_stream: ValueStream, user: Any, name: str = ""
) -> ValueStream:
    """Start the future state of a current-state map: the same map under a new name, which the
    facilitator then changes (SMED, supermarkets, a cell...). Only the title changes in the
    text, so the drawings of the two states are told apart."""
    if value_stream.state != ValueStream.State.CURRENT:
        raise ValidationError(_("Only a current-state map can be copied to a future state."))
    name = name.strip() or _("%(name)s (future state)") % {"name": value_stream.name}
    name = name[: ValueStream._meta.get_field("name").max_length]
    parsed = value_stream_parse(value_stream.source)
    source = core.dump_value_stream(dataclasses.replace(parsed, name=name))
    return value_stream_create(
        project=value_stream.project,
        user=user,
        name=name,
        source=source,
        notes=value_stream.notes,
        current_state=value_stream,
    )


@transaction.atomic
def value_stream_import(
    *,
    project: Project,
    user: Any,
    text: str,
    name: str = "",
    current_state: ValueStream | None = None,
) -> ValueStream:
    """Store a map read from a YAML or JSON file. YAML is kept as written, comments included
    (the text users keep under version control); JSON is turned into the same YAML."""
    parsed = value_stream_parse(text)
    source = core.dump_value_stream(parsed) if _is_json(text) else text
    name = name.strip() or parsed.name or _("Imported value stream")
    return value_stream_create(
        project=project,
        user=user,
        name=name[: ValueStream._meta.get_field("name").max_length],
        source=source,
        current_state=current_state,
    )
