"""Event logs: the list, the upload, the column mapping with a preview, the import's progress,
the analysis page with its process map, the variants, the downloads, the proposed value stream
and the deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.flowlogs import figures, services
from obeya.flowlogs.access import get_event_log_for_user
from obeya.flowlogs.forms import MapForm, MappingForm, UploadForm
from obeya.flowlogs.models import EventLog
from obeya.flowlogs.preview import FIELDS
from obeya.flowlogs.selectors import error_rows, event_log_list
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from, project_context


@login_required
def event_log_index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    logs = event_log_list(project=access.project)
    return render(request, "flowlogs/event_log_list.html", project_context(access, logs=logs))


@login_required
def event_log_upload(request, project_id: int):
    """Upload a log (facilitators and team members); then map its columns."""
    access = get_project_for_user(request.user, project_id)
    access.require(access.can_contribute)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            log = services.event_log_upload(
                project=access.project,
                user=request.user,
                upload=form.cleaned_data["upload"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            return redirect("flowlogs:mapping", access.project.pk, log.pk)
    max_bytes = services.max_upload_bytes()
    context = project_context(
        access, form=form, max_bytes=max_bytes, max_size=services.size_text(max_bytes)
    )
    return render(request, "flowlogs/event_log_upload.html", context)


def _mapping_initial(log: EventLog, data) -> dict:
    """The mapping shown: the request's (HTMX preview), else the stored or detected one."""
    if data is not None:
        return {k: data.get(k, "") for k in (*FIELDS, "tz", "timestamp_format")}
    return {k: v or "" for k, v in log.mapping.items()}


@login_required
def event_log_mapping(request, project_id: int, pk: int):
    """Map the columns, looking at the first rows; confirming starts the import."""
    access, log = get_event_log_for_user(request.user, project_id, pk, contribute=True)
    if log.status == EventLog.Status.IMPORTING:
        messages.info(request, _("This log is being imported."))
        return redirect(log)
    try:
        preview = services.event_log_preview(log)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(log)
    posted = request.method == "POST"
    form = MappingForm(
        request.POST if posted else None,
        columns=preview.columns,
        initial=_mapping_initial(log, request.GET if request.htmx else None),
    )
    if posted and form.is_valid():
        try:
            services.event_log_import_start(
                event_log=log,
                user=request.user,
                mapping=form.cleaned_data,
                language=translation.get_language(),
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            return redirect(log)
    chosen = request.POST if posted else (request.GET if request.htmx else log.mapping)
    roles = {}
    for field in FIELDS:
        column = chosen.get(field)
        if column:
            roles.setdefault(column, form.fields[field].label)
    header = [(column, roles.get(column)) for column in preview.columns]
    rows = [
        [
            (value, bool(roles.get(column)))
            for value, column in zip(row, preview.columns, strict=False)
        ]
        for row in preview.rows
    ]
    context = project_context(access, log=log, form=form, header=header, rows=rows)
    if request.htmx:
        return render(request, "flowlogs/_mapping_preview.html", context)
    return render(request, "flowlogs/event_log_mapping.html", context)


def _map_view(request, log: EventLog) -> figures.MapView:
    paths, stat = MapForm(request.GET).values()
    return figures.process_map(log.analysis, paths=paths, stat=stat, id_prefix=f"pm{log.pk}")


@login_required
def event_log_detail(request, project_id: int, pk: int):
    """The log's import (progress or errors) and, once analysed, every figure of its flow."""
    access, log = get_event_log_for_user(request.user, project_id, pk)
    context = project_context(access, log=log)
    if log.status == EventLog.Status.FAILED:
        context["errors"], context["more_errors"] = error_rows(log)
    if log.status == EventLog.Status.READY and log.analysis:
        a = log.analysis
        map_view = _map_view(request, log)
        context.update(
            a=a,
            map=map_view,
            map_form=MapForm(initial={"paths": map_view.paths, "stat": map_view.stat}),
            charts=figures.charts(a),
            waiting=figures.waiting_rows(a),
            processing=figures.processing_rows(a),
            activities=figures.activity_rows(a),
            variants=figures.variant_rows(a, 0, figures.TOP_VARIANTS),
            variant_count=len(a.get("variants", [])),
            rework=figures.rework_rows(a),
            law=figures.littles_law(a),
        )
    return render(request, "flowlogs/event_log_detail.html", context)


@login_required
def event_log_progress(request, project_id: int, pk: int):
    """The import's progress bar (HTMX polls it); once the import ends, the page reloads."""
    access, log = get_event_log_for_user(request.user, project_id, pk)
    if log.status != EventLog.Status.IMPORTING:
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return redirect(log)
    return render(request, "flowlogs/_import_progress.html", project_context(access, log=log))


@login_required
def event_log_map(request, project_id: int, pk: int):
    """The process map alone, with the paths and the waiting time asked for (HTMX)."""
    access, log = get_event_log_for_user(request.user, project_id, pk)
    if log.status != EventLog.Status.READY or not log.analysis:
        raise Http404
    if not request.htmx:
        return redirect(f"{log.get_absolute_url()}?{request.GET.urlencode()}#process-map")
    context = project_context(access, log=log, map=_map_view(request, log))
    return render(request, "flowlogs/_process_map.html", context)


@login_required
def event_log_variants(request, project_id: int, pk: int):
    """Every variant, most frequent first, a hundred a page."""
    access, log = get_event_log_for_user(request.user, project_id, pk)
    if log.status != EventLog.Status.READY or not log.analysis:
        raise Http404
    variants = log.analysis.get("variants", [])
    page = Paginator(range(len(variants)), 100).get_page(request.GET.get("page"))
    rows = figures.variant_rows(log.analysis, page.start_index() - 1, page.end_index())
    context = project_context(access, log=log, page=page, rows=rows, variant_count=len(variants))
    return render(request, "flowlogs/event_log_variants.html", context)


def _download(name: str, filename: str, content_type: str | None = None) -> FileResponse:
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
    if content_type:
        response["Content-Type"] = content_type
    return response


@login_required
def event_log_download(request, project_id: int, pk: int):
    """The file as it was uploaded."""
    _access, log = get_event_log_for_user(request.user, project_id, pk)
    return _download(log.upload.name, log.upload.name.rsplit("/", 1)[-1])


@login_required
def event_log_table(request, project_id: int, pk: int):
    """The imported flow table (Parquet): one row per step of each case, times in UTC."""
    _access, log = get_event_log_for_user(request.user, project_id, pk)
    filename = f"{slugify(log.name)[:80] or 'event-log'}-flow.parquet"
    return _download(log.table, filename, "application/vnd.apache.parquet")


@login_required
def event_log_analysis_json(request, project_id: int, pk: int):
    """The analysis as JSON (docs/flow.md, "The JSON")."""
    _access, log = get_event_log_for_user(request.user, project_id, pk)
    if log.status != EventLog.Status.READY or not log.analysis:
        raise Http404
    body = json.dumps(log.analysis, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"{slugify(log.name)[:80] or 'event-log'}-flow.json"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


@login_required
@require_POST
def event_log_propose(request, project_id: int, pk: int):
    """Turn the proposed value stream into a map of the project, opened in the editor."""
    access, log = get_event_log_for_user(request.user, project_id, pk, edit=True)
    try:
        vs = services.event_log_propose_value_stream(event_log=log, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(log)
    messages.success(
        request,
        _("Value stream map “%(name)s” drawn from the log: check it and complete it here.")
        % {"name": vs.name},
    )
    return redirect("valuestreams:edit", access.project.pk, vs.pk)


@login_required
@require_POST
def event_log_delete(request, project_id: int, pk: int):
    access, log = get_event_log_for_user(request.user, project_id, pk, edit=True)
    services.event_log_delete(event_log=log, user=request.user)
    messages.success(request, _("Event log “%(name)s” deleted.") % {"name": log.name})
    return redirect("flowlogs:index", access.project.pk)
