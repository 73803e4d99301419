"""Write audit entries; every service that changes a project object calls one of these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from obeya.audit.models import AuditEntry

M = TypeVar("M", bound=models.Model)


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


def audited_save(
    obj: M,
    *,
    user: Any,
    fields: Iterable[str],
    project: Any = None,
    before: dict[str, Any] | None = None,
    extra_after: dict[str, Any] | None = None,
    exclude: Iterable[str] | None = None,
) -> M:
    """Validate and save `obj`, then record it: a CREATE when `before` is None, otherwise an
    UPDATE against `before` (take it with `stored_snapshot` before changing `obj`).

    Every service wrote these three steps by hand, in this order: `full_clean` first (minus
    `exclude`) so that a refused value leaves no row and no entry, then the entry with the
    `fields` as saved, plus `extra_after` (values that are not fields, such as a count). A
    check of the service's own that must report after the model's may call `full_clean`
    itself before this. Call it inside the service's `transaction.atomic`, so the row and its
    entry stand or fall together. Returns `obj`.
    """
    obj.full_clean(exclude=None if exclude is None else list(exclude))
    obj.save()
    audit_record(
        obj=obj,
        user=user,
        verb=AuditEntry.Verb.CREATE if before is None else AuditEntry.Verb.UPDATE,
        project=project,
        before=before,
        after={**snapshot(obj, fields), **(extra_after or {})},
    )
    return obj


def audited_update(
    obj: M,
    changes: dict[str, Any],
    *,
    user: Any,
    fields: Iterable[str],
    service: str,
    project: Any = None,
    related: Iterable[str] = (),
) -> M:
    """The usual update service in one call: snapshot the stored row, set `changes` (only the
    `fields` the service edits, see `assign_fields`), validate, save and record the UPDATE.

    Call it inside the service's `transaction.atomic`; `project` is read by the caller before
    the change. Returns `obj`.
    """
    fields = tuple(fields)  # read twice
    before = stored_snapshot(obj, fields, related=related)
    assign_fields(obj, changes, fields, service=service)
    return audited_save(obj, user=user, fields=fields, project=project, before=before)


def audited_delete(
    obj: models.Model,
    *,
    user: Any,
    fields: Iterable[str],
    project: Any = None,
    extra_before: dict[str, Any] | None = None,
) -> None:
    """Record the DELETE of `obj` (its `fields`, plus `extra_before`, e.g. how many children go
    with it), then delete it.

    The entry is written first because it needs the row's primary key and values, which the
    delete clears; call it inside the service's `transaction.atomic` so a failed delete leaves
    no entry behind.
    """
    audit_record(
        obj=obj,
        user=user,
        verb=AuditEntry.Verb.DELETE,
        project=project,
        before={**snapshot(obj, fields), **(extra_before or {})},
    )
    obj.delete()
