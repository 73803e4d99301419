"""Write audit entries; every service that changes a project object calls one of these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from obeya.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the audit trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        # 42000.00 as stored and 42000 as typed are the same figure: no change to record.
        return format(value.normalize(), "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as the audit trail stores them."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def audit_record(
    *,
    obj: models.Model,
    user: Any,
    verb: str,
    project: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Record a change of `obj`; for updates, only fields whose value changed are kept.

    Returns None (and writes nothing) for an update that changed nothing.
    """
    changes: dict[str, list[Any]] = {}
    if before is not None or after is not None:
        before = before or {}
        after = after or {}
        for name in sorted(set(before) | set(after)):
            old, new = before.get(name), after.get(name)
            if old != new:
                changes[name] = [old, new]
    if verb == AuditEntry.Verb.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        project=project,
        user=user if getattr(user, "is_authenticated", False) else None,
        verb=verb,
        changes=changes,
    )


def audit_trail(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """The changes of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
    ).select_related("user", "content_type")


def stored_snapshot(
    obj: models.Model, fields: Iterable[str], *, related: Iterable[str] = ()
) -> dict[str, Any]:
    """The snapshot of the row as stored, not as `obj` is now: a ModelForm bound to `obj` has
    already copied the submitted data onto it, so reading `obj` would record no change."""
    rows = type(obj)._default_manager.all()
    if related:
        rows = rows.select_related(*related)
    return snapshot(rows.get(pk=obj.pk), fields)


def assign_fields(
    obj: models.Model, changes: dict[str, Any], allowed: Iterable[str], *, service: str
) -> None:
    """Set the changed fields on `obj`, refusing a field the service does not edit (a
    programming error, so TypeError like an unexpected keyword argument)."""
    allowed = set(allowed)
    for name, value in changes.items():
        if name not in allowed:
            raise TypeError(f"{service}() got an unexpected field {name!r}")
        setattr(obj, name, value)
