"""Every write to a project's event logs: upload, column mapping, import, value stream, delete.

An import runs as a background job (`flowlogs_import`, obeya.flowlogs.tasks) calling
`event_log_import`: it reads and checks the whole file with `obeya.core.eventlog.read_log`,
analyses it with `obeya.core.flow.analyse`, writes the flow table as Parquet next to the upload
(so an analysis can run again without parsing the export) and stores the analysis. It stores
all of it in one transaction, or, when the file has bad rows, the errors alone: a log is never
left with half an analysis. Each change leaves an audit entry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import audit_record, audited_delete, snapshot
from obeya.core.eventlog import ColumnMapping, EventLogError, connect, log_format, read_log
from obeya.core.flow import analyse
from obeya.core.vsm import ValueStreamError, dump_value_stream, parse_value_stream
from obeya.flowlogs.models import EventLog
from obeya.flowlogs.preview import FIELDS, REQUIRED, Preview, detect_mapping, read_preview
from obeya.projects.models import Project

EVENT_LOG_FIELDS = ("name", "file_format", "status", "mapping", "events", "cases")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
IMPORT_KIND = "flowlogs_import"
PHASES = 4  # reading, validating, analysing, saving
UNEXPECTED_ERROR = {"line": None, "column": "", "value": "", "reason": "unexpected error"}
"""Stored when an import stops on an error that is not the file's (the job keeps the details)."""

Report = Callable[..., None]


def _noop(*_args: Any, **_kwargs: Any) -> None:
    pass


def max_upload_bytes() -> int:
    """The largest log accepted: settings.OBEYA_EVENT_LOG_MAX_BYTES, 200 MB by default."""
    return int(getattr(settings, "OBEYA_EVENT_LOG_MAX_BYTES", MAX_UPLOAD_BYTES))


def size_text(n_bytes: int) -> str:
    return _("%(n)s MB") % {"n": number_format(round(n_bytes / 1024 / 1024, 1), decimal_pos=0)}


def _user_or_none(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _delete_file(name: str) -> None:
    if name:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def _files_deleted_on_commit(*names: str) -> None:
    transaction.on_commit(lambda: [_delete_file(n) for n in names])


# --- upload and mapping ---------------------------------------------------------------------


def event_log_preview(event_log: EventLog) -> Preview:
    """The log's header and first rows; ValidationError when the file cannot be read."""
    try:
        return read_preview(event_log.upload.path, event_log.file_format)
    except (EventLogError, OSError) as exc:
        raise ValidationError({"upload": _("The file cannot be read: %(e)s") % {"e": exc}}) from exc


def event_log_upload(*, project: Project, user: Any, upload: IO[bytes], name: str = "") -> EventLog:
    """Store an uploaded log with the mapping guessed from its columns, ready to be mapped.

    The file must be a CSV, XLSX, Parquet or XES file (gzipped or not) no larger than
    `max_upload_bytes()`, and its header must be readable; otherwise ValidationError on
    "upload" and nothing is stored."""
    filename = os.path.basename(getattr(upload, "name", "") or "event-log.csv")
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            {
                "upload": _(
                    "The file is %(size)s; an event log may be %(limit)s at most. Export a "
                    "shorter period, or save it as Parquet or gzipped CSV (.csv.gz), which "
                    "are several times smaller."
                )
                % {"size": size_text(size), "limit": size_text(max_upload_bytes())}
            }
        )
    try:
        file_format = log_format(filename)
    except EventLogError as exc:
        raise ValidationError(
            {
                "upload": _(
                    "“%(name)s” is not a format Obeya reads: upload a .csv, .xlsx, .parquet or "
                    ".xes file (gzipped or not)."
                )
                % {"name": filename}
            }
        ) from exc
    event_log = EventLog(
        project=project,
        name=(name.strip() or _stem(filename))[: EventLog._meta.get_field("name").max_length],
        file_format=file_format,
        created_by=_user_or_none(user),
    )
    event_log.upload.save(filename, File(upload, name=filename), save=False)
    try:
        preview = event_log_preview(event_log)
        event_log.mapping = {
            **detect_mapping(preview.columns),
            "tz": settings.TIME_ZONE,
            "timestamp_format": "",
        }
        with transaction.atomic():
            event_log.save()
            audit_record(
                obj=event_log,
                user=user,
                verb=AuditEntry.Verb.CREATE,
                project=project,
                after=snapshot(event_log, EVENT_LOG_FIELDS),
            )
    except BaseException:
        _delete_file(event_log.upload.name)
        raise
    return event_log


def _stem(filename: str) -> str:
    name = filename
    for suffix in (".gz", ".gzip"):
        name = name.removesuffix(suffix)
    return name.rsplit(".", 1)[0] or filename


def mapping_clean(mapping: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The mapping as stored: every field a column of the file or None, the required ones
    given, no column used twice, a known time zone. ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    used: dict[str, str] = {}
    for field in FIELDS:
        value = (mapping.get(field) or "").strip() or None
        if value is None and field in REQUIRED:
            errors.setdefault(field, []).append(_("Choose the column that holds this field."))
        elif value is not None and value not in columns:
            errors.setdefault(field, []).append(
                _("The file has no column named “%(c)s”.") % {"c": value}
            )
        elif value is not None and value in used:
            errors.setdefault(field, []).append(
                _("This column already holds another field.")  # (the first one chosen keeps it)
            )
        if value is not None:
            used.setdefault(value, field)
        cleaned[field] = value
    tz = (mapping.get("tz") or "").strip() or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors.setdefault("tz", []).append(
            _("Unknown time zone “%(tz)s”: write it as Europe/Paris, say.") % {"tz": tz}
        )
    cleaned["tz"] = tz
    fmt = (mapping.get("timestamp_format") or "").strip()
    if fmt and "%" not in fmt:
        errors.setdefault("timestamp_format", []).append(
            _("Write the format with strptime codes, e.g. %%d/%%m/%%Y %%H:%%M.")
        )
    cleaned["timestamp_format"] = fmt
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def event_log_map(*, event_log: EventLog, user: Any, mapping: dict[str, Any]) -> EventLog:
    """Store the mapping the user confirmed and mark the log as importing; the analysis of a
    previous import is dropped (its Parquet table once the transaction commits)."""
    event_log = EventLog.objects.select_for_update().get(pk=event_log.pk)
    if event_log.status == EventLog.Status.IMPORTING:
        raise ValidationError(_("This log is being imported; wait for the import to finish."))
    cleaned = mapping_clean(mapping, event_log_preview(event_log).columns)
    before = snapshot(event_log, EVENT_LOG_FIELDS)
    old_table = event_log.table
    event_log.mapping = cleaned
    event_log.status = EventLog.Status.IMPORTING
    event_log.errors = []
    event_log.analysis = {}
    event_log.events = event_log.cases = 0
    event_log.table = ""
    event_log.save()
    audit_record(
        obj=event_log,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=event_log.project,
        before=before,
        after=snapshot(event_log, EVENT_LOG_FIELDS),
    )
    _files_deleted_on_commit(old_table)
    return event_log


@transaction.atomic
def event_log_import_start(
    *, event_log: EventLog, user: Any, mapping: dict[str, Any], language: str | None = None
) -> EventLog:
    """Confirm the mapping and start the import in the background; the job runs once the
    transaction commits (at once in inline mode) and its progress shows on the log's page."""
    from obeya.jobs.runner import job_enqueue

    event_log = event_log_map(event_log=event_log, user=user, mapping=mapping)
    job = job_enqueue(
        kind=IMPORT_KIND,
        params={"event_log_id": event_log.pk, "language": language or settings.LANGUAGE_CODE},
        user=user,
        project=event_log.project,
    )
    EventLog.objects.filter(pk=event_log.pk).update(job=job)
    event_log.job = job
    return event_log


# --- the import (the job's body) ------------------------------------------------------------


def _column_mapping(mapping: dict[str, Any]) -> ColumnMapping:
    return ColumnMapping(**{f: mapping.get(f) or None for f in FIELDS})  # type: ignore[arg-type]


def _error_rows(exc: EventLogError, source: str) -> list[dict[str, Any]]:
    """An EventLogError as the JSON stored in `EventLog.errors`: one item per bad value
    {line, column, value, reason}, then {"more": n} when more were found than listed. A
    problem with no row (an empty file, an unknown zone) is an item with line None."""
    rows: list[dict[str, Any]] = [dataclasses.asdict(e) for e in exc.errors]
    if not rows:
        message = exc.message.removeprefix(f"{source}: ")
        rows.append({"line": None, "column": "", "value": "", "reason": message})
    if exc.more:
        rows.append({"more": exc.more})
    return rows


def _write_table(flow_table: Any, project_id: int, event_log_id: int) -> str:
    """Write the flow table as Parquet in the media storage; its storage name."""
    name = f"eventlogs/tables/{project_id}/{event_log_id}-{uuid.uuid4().hex[:10]}.parquet"
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:  # a remote storage: write locally, then upload
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / "table.parquet"
            flow_table.to_parquet(local)
            with open(local, "rb") as f:
                return default_storage.save(name, File(f, name=name))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    flow_table.to_parquet(partial)
    os.replace(partial, path)
    return name


def _finish(event_log_id: int, user: Any, **fields: Any) -> EventLog | None:
    """Store the outcome of an import, if the log still exists and is still importing."""
    with transaction.atomic():
        event_log = (
            EventLog.objects.select_for_update()
            .filter(pk=event_log_id, status=EventLog.Status.IMPORTING)
            .first()
        )
        if event_log is None:
            return None
        before = snapshot(event_log, EVENT_LOG_FIELDS)
        for name, value in fields.items():
            setattr(event_log, name, value)
        event_log.save()
        audit_record(
            obj=event_log,
            user=user,
            verb=AuditEntry.Verb.UPDATE,
            project=event_log.project,
            before=before,
            after=snapshot(event_log, EVENT_LOG_FIELDS),
        )
    return event_log


def event_log_fail(*, event_log_id: int, user: Any, errors: list[dict[str, Any]]) -> None:
    """Mark an import as failed with its errors; nothing of an analysis is kept."""
    _finish(
        event_log_id,
        user,
        status=EventLog.Status.FAILED,
        errors=errors,
        analysis={},
        events=0,
        cases=0,
        table="",
    )


def event_log_import(
    *, event_log_id: int, user: Any = None, report: Report = _noop
) -> dict[str, Any]:
    """Read, check, analyse and store a log whose mapping is confirmed (status importing).

    Reports four phases: reading (the file and its columns), validating (every row, by
    `read_log`), analysing, saving. Bad rows end the import with status failed and the
    errors by line and column; the job itself succeeds, since it did its work."""
    event_log = EventLog.objects.filter(pk=event_log_id).first()
    if event_log is None or event_log.status != EventLog.Status.IMPORTING:
        return {"status": "skipped"}
    user = user or event_log.created_by
    source = event_log.upload.path
    mapping = event_log.mapping
    report(0, PHASES, _("Reading the file"))
    try:
        columns = read_preview(source, event_log.file_format, rows=1).columns
        missing = [c for c in _column_mapping(mapping).columns().values() if c not in columns]
        if missing:
            raise EventLogError(message=_("no column named %(c)s") % {"c": ", ".join(missing)})
        report(1, PHASES, _("Validating every row"))
        con = connect()
        log = read_log(
            source,
            _column_mapping(mapping),
            tz=mapping.get("tz") or "UTC",
            timestamp_format=mapping.get("timestamp_format") or None,
            con=con,
        )
        report(2, PHASES, _("Analysing the flow"))
        analysis = analyse(log, name=event_log.name)
    except EventLogError as exc:
        errors = _error_rows(exc, source)
        event_log_fail(event_log_id=event_log_id, user=user, errors=errors)
        report(PHASES, PHASES, _("The file has errors"))
        return {"status": EventLog.Status.FAILED, "errors": exc.total or 1}
    report(3, PHASES, _("Saving the analysis"))
    table = _write_table(log.table, event_log.project_id, event_log_id)
    try:
        saved = _finish(
            event_log_id,
            user,
            status=EventLog.Status.READY,
            errors=[],
            analysis=analysis.to_dict(),
            events=analysis.events,
            cases=analysis.cases,
            table=table,
        )
    except BaseException:
        _delete_file(table)
        raise
    if saved is None:  # deleted (or started again) while it was read
        _delete_file(table)
        return {"status": "skipped"}
    report(PHASES, PHASES, _("Done"))
    return {"status": EventLog.Status.READY, "events": analysis.events, "cases": analysis.cases}


def event_log_reanalyse(event_log: EventLog, **options: Any) -> Any:
    """The flow analysis again, from the stored Parquet table (no parsing of the export):
    `options` go to `obeya.core.flow.analyse` (window=..., min_case_share=...)."""
    if not event_log.table:
        raise ValidationError(_("This log has no imported table."))
    con = connect()
    table = con.read_parquet(default_storage.path(event_log.table))
    options.setdefault("tz", event_log.mapping.get("tz") or "UTC")
    options.setdefault("name", event_log.name)
    return analyse(table, **options)


# --- value stream and delete ----------------------------------------------------------------


@transaction.atomic
def event_log_propose_value_stream(*, event_log: EventLog, user: Any) -> Any:
    """Store the value stream the analysis proposes as a current-state map of the project,
    for the facilitator to edit: the log's steps with their median cycle times and the cases
    waiting before them (docs/flow.md, "The proposed value stream")."""
    from obeya.valuestreams.services import value_stream_create

    proposal = event_log.analysis.get("value_stream") if event_log.analysis else None
    if event_log.status != EventLog.Status.READY or not proposal:
        notes = "; ".join((event_log.analysis or {}).get("value_stream_notes", []))
        message = _("No value stream can be drawn from this log.")
        raise ValidationError(f"{message} {notes}".strip())
    try:
        parsed = parse_value_stream(proposal)
    except ValueStreamError as exc:
        raise ValidationError(exc.errors) from exc
    name = _("Value stream from %(name)s") % {"name": event_log.name}
    name = name[:200]
    parsed = dataclasses.replace(
        parsed,
        name=name,
        customer=dataclasses.replace(parsed.customer, name=_("Customer"), unit=_("cases")),
    )
    lines = [
        _(
            "Proposed from the event log “%(name)s” (%(cases)s cases) on %(date)s. The cycle "
            "times are the steps' median processing times; the inventories, the cases waiting "
            "before each step on average. The working time is one 24-hour shift a day, since "
            "the log's clock is calendar time: set your real opening hours before reading "
            "takt times."
        )
        % {
            "name": event_log.name,
            "cases": number_format(event_log.cases, force_grouping=True),
            "date": timezone.localdate().isoformat(),
        }
    ]
    lines += event_log.analysis.get("value_stream_notes", [])
    return value_stream_create(
        project=event_log.project,
        user=user,
        name=name,
        source=dump_value_stream(parsed),
        notes="\n".join(lines),
    )


@transaction.atomic
def event_log_delete(*, event_log: EventLog, user: Any) -> None:
    """Delete a log, its uploaded file and its Parquet table (once the deletion commits)."""
    _files_deleted_on_commit(event_log.upload.name, event_log.table)
    audited_delete(event_log, user=user, fields=EVENT_LOG_FIELDS, project=event_log.project)
