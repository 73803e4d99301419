"""Event logs on the web: who may do what, the upload, the mapping with its preview, the import
job (its phases, the bad rows by line and column, nothing half stored), the analysis page,
the proposed value stream, the deletion with its files, and the demo log."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from permission_table import (
    CONTRIBUTORS,
    FACILITATORS,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.audit.models import AuditEntry
from obeya.core import vsm as core
from obeya.flowlogs import services
from obeya.flowlogs.models import EventLog
from obeya.flowlogs.preview import detect_mapping, read_preview
from obeya.jobs.models import Job
from obeya.valuestreams.models import ValueStream

REFERENCE = Path("/work/shared/reference/eventlogs")
ROOT = Path(__file__).resolve().parents[2]
RUNNING_CSV = REFERENCE / "running-example.csv"
RUNNING_XES = REFERENCE / "running-example.xes"
RUNNING_XLSX = ROOT / "tests" / "core" / "fixtures" / "flow" / "running-example.xlsx"

# Line 1 is the header; line 4 has a date that is no date, line 7 an empty case.
BAD_CSV = (
    "case,activity,timestamp\n"
    "A1,Cut,2024-03-04 08:00\n"
    "A1,Bend,2024-03-04 10:00\n"
    "A1,Weld,2024-13-45 10:00\n"
    "A2,Cut,2024-03-04 09:00\n"
    "A2,Bend,2024-03-05 11:00\n"
    ",Weld,2024-03-05 15:00\n"
    "A2,Ship,2024-03-06 16:00\n"
)


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload_file(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def import_now(project, user, upload, mapping: dict | None = None, name: str = "") -> EventLog:
    """Upload a log and run its import inline, as the job would."""
    log = services.event_log_upload(project=project, user=user, upload=upload, name=name)
    services.event_log_map(event_log=log, user=user, mapping=mapping or log.mapping)
    services.event_log_import(event_log_id=log.pk, user=user)
    log.refresh_from_db()
    return log


@pytest.fixture(autouse=True)
def _english(client):
    """Pages and messages in English, the source language, whatever the default is."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def ready(cast):
    """The running example, imported and analysed."""
    return import_now(cast["project"], cast["owner"], upload_file(RUNNING_CSV))


@pytest.fixture
def world(cast, ready):
    return {**cast, "ready": ready}


def _state() -> tuple:
    return (
        AuditEntry.objects.count(),
        ValueStream.objects.count(),
        list(EventLog.objects.order_by("pk").values_list("name", "status", "mapping", "table")),
    )


# --- who gets what -------------------------------------------------------------------------


def _url(name: str, with_log: bool = True) -> Callable[[dict], str]:
    def url(w: dict) -> str:
        args = [w["project"].pk] + ([w["ready"].pk] if with_log else [])
        return reverse(name, args=args)

    return url


MAPPING_POST = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "tz": "Europe/Paris",
}

PAGES = [
    Endpoint("list", "get", _url("flowlogs:index", False), 200),
    Endpoint("upload form", "get", _url("flowlogs:upload", False), 200, CONTRIBUTORS),
    Endpoint(
        "upload",
        "post",
        _url("flowlogs:upload", False),
        302,
        CONTRIBUTORS,
        lambda w: {"upload": upload_file(RUNNING_CSV), "name": "Again"},
    ),
    Endpoint("analysis page", "get", _url("flowlogs:detail"), 200),
    Endpoint("mapping page", "get", _url("flowlogs:mapping"), 200, CONTRIBUTORS),
    Endpoint("mapping preview", "get", _url("flowlogs:mapping"), 200, CONTRIBUTORS, htmx=True),
    Endpoint(
        "import again", "post", _url("flowlogs:mapping"), 302, CONTRIBUTORS, lambda w: MAPPING_POST
    ),
    Endpoint("progress", "get", _url("flowlogs:progress"), 204, htmx=True),
    Endpoint("process map", "get", _url("flowlogs:map"), 200, htmx=True),
    Endpoint("variants", "get", _url("flowlogs:variants"), 200),
    Endpoint("download the file", "get", _url("flowlogs:download"), 200),
    Endpoint("download the table", "get", _url("flowlogs:table"), 200),
    Endpoint("download the analysis", "get", _url("flowlogs:analysis_json"), 200),
    Endpoint("propose a value stream", "post", _url("flowlogs:propose"), 302, FACILITATORS),
    Endpoint("delete", "post", _url("flowlogs:delete"), 302, FACILITATORS),
]

test_anonymous_user_is_sent_to_login_on_every_event_log_page = anonymous_sent_to_login(
    PAGES, _state, with_next=True
)
test_outsider_gets_404_on_every_event_log_page_and_download = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_event_log_page = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)


def test_log_of_another_project_is_404_through_this_project(client_for, world, company):
    from obeya.projects.models import Membership, Project

    other = Project.objects.create(company=company, title="Paint shop")
    Membership.objects.create(project=other, user=world["owner"], role="facilitator")
    client = client_for(world["owner"])
    for name in ("flowlogs:detail", "flowlogs:mapping", "flowlogs:download", "flowlogs:table"):
        assert client.get(reverse(name, args=[other.pk, world["ready"].pk])).status_code == 404
    response = client.post(reverse("flowlogs:delete", args=[other.pk, world["ready"].pk]))
    assert response.status_code == 404
    assert EventLog.objects.filter(pk=world["ready"].pk).exists()


# --- the whole journey: upload, map, import, analysis ---------------------------------------


def test_teammate_imports_the_running_example_with_the_detected_mapping(
    client_for, cast, settings, django_capture_on_commit_callbacks
):
    client = client_for(cast["teammate"])
    project = cast["project"]
    response = client.post(
        reverse("flowlogs:upload", args=[project.pk]), {"upload": upload_file(RUNNING_CSV)}
    )
    log = EventLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("flowlogs:mapping", args=[project.pk, log.pk])
    assert (log.name, log.file_format, log.status) == ("running-example", "csv", "uploaded")
    assert log.created_by == cast["teammate"]

    page = client.get(response["Location"]).content.decode()
    assert page.count("register request") >= 5  # the first rows of the file
    assert page.count("<tr>") == 21  # the header and 20 rows
    for name, column in (
        ("case", "case:concept:name"),
        ("activity", "concept:name"),
        ("timestamp", "time:timestamp"),
        ("resource", "org:resource"),
    ):
        assert f'name="{name}"' in page
        assert f'<option value="{column}" selected>' in page.split(f'name="{name}"')[1]

    mapping = {**log.mapping, "tz": "Europe/Paris", "timestamp_format": ""}
    mapping = {k: v or "" for k, v in mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("flowlogs:mapping", args=[project.pk, log.pk]), mapping)
    assert response.status_code == 302
    assert response["Location"] == log.get_absolute_url()

    log.refresh_from_db()
    assert log.status == "ready", log.errors
    # The README of the reference logs: the textbook's running example has 6 cases, 42 events.
    assert (log.cases, log.events) == (6, 42)
    assert log.analysis["cases"] == 6 and len(log.analysis["variants"]) == 6
    assert log.errors == []
    assert (Path(settings.MEDIA_ROOT) / log.table).is_file()
    assert log.table.endswith(".parquet")
    job = Job.objects.get()
    assert (job.kind, job.status, job.created_by, job.project) == (
        "flowlogs_import",
        "done",
        cast["teammate"],
        project,
    )
    assert job.result == {"status": "ready", "events": 42, "cases": 6}
    assert job.total == services.PHASES and job.progress == services.PHASES

    page = client.get(log.get_absolute_url()).content.decode()
    assert 'class="process-map"' in page and "<svg" in page
    for step in ("register request", "examine casually", "decide", "pay compensation"):
        assert step in page
    assert page.count('data-variant="') == 6  # all six variants, each shown once
    assert 'id="littles-law"' in page and 'data-spec-id="fl-lead"' in page
    assert 'data-spec-id="fl-wip"' in page and 'data-spec-id="fl-days"' in page
    assert "propose" not in page.split('id="value-stream"')[1].split("</section>")[0].lower()


def test_the_import_reports_its_four_phases(cast, ready):
    seen: list[tuple] = []
    log = services.event_log_upload(
        project=cast["project"], user=cast["owner"], upload=upload_file(RUNNING_CSV)
    )
    services.event_log_map(event_log=log, user=cast["owner"], mapping=log.mapping)
    result = services.event_log_import(event_log_id=log.pk, report=lambda *a: seen.append(a))
    assert result["status"] == "ready"
    assert [s[0] for s in seen] == [0, 1, 2, 3, 4]
    assert all(s[1] == 4 for s in seen)
    assert [s[2] for s in seen] == [
        "Reading the file",
        "Validating every row",
        "Analysing the flow",
        "Saving the analysis",
        "Done",
    ]


def test_bad_rows_are_listed_by_line_and_column_and_nothing_is_analysed(
    client_for, cast, settings, django_capture_on_commit_callbacks
):
    client = client_for(cast["owner"])
    project = cast["project"]
    client.post(
        reverse("flowlogs:upload", args=[project.pk]),
        {"upload": SimpleUploadedFile("bad.csv", BAD_CSV.encode())},
    )
    log = EventLog.objects.get()
    assert (log.mapping["case"], log.mapping["activity"], log.mapping["timestamp"]) == (
        "case",
        "activity",
        "timestamp",
    )
    data = {"case": "case", "activity": "activity", "timestamp": "timestamp", "tz": "UTC"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("flowlogs:mapping", args=[project.pk, log.pk]), data)
    log.refresh_from_db()
    assert log.status == "failed"
    assert log.errors == [
        {
            "line": 4,
            "column": "timestamp",
            "value": "2024-13-45 10:00",
            "reason": "unparseable timestamp",
        },
        {"line": 7, "column": "case", "value": "", "reason": "empty case id"},
    ]
    assert (log.analysis, log.events, log.cases, log.table) == ({}, 0, 0, "")
    assert not [p for p in media_files(settings) if p.suffix in (".parquet", ".partial")]
    assert Job.objects.get().status == "done"  # the job did its work: it found the errors

    page = client.get(log.get_absolute_url()).content.decode()
    assert 'data-line="4" data-column="timestamp"' in page
    assert 'data-line="7" data-column="case"' in page
    assert "unparseable timestamp" in page and "empty case id" in page
    assert "2024-13-45 10:00" in page
    assert 'class="process-map"' not in page
    assert reverse("flowlogs:mapping", args=[project.pk, log.pk]) in page  # to try again


def test_more_bad_rows_than_listed_are_counted(cast, settings):
    rows = "".join(f"C{i},Step,not a date\n" for i in range(150))
    log = import_now(
        cast["project"],
        cast["owner"],
        SimpleUploadedFile("many.csv", f"case,activity,timestamp\n{rows}".encode()),
    )
    assert log.status == "failed"
    assert len(log.errors) == 101 and log.errors[-1] == {"more": 50}
    assert log.errors[0]["line"] == 2


def test_an_import_that_fails_unexpectedly_leaves_a_failed_log_and_a_failed_job(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "analyse", broken)
    log = services.event_log_upload(
        project=cast["project"], user=cast["owner"], upload=upload_file(RUNNING_CSV)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.event_log_import_start(event_log=log, user=cast["owner"], mapping=log.mapping)
    log.refresh_from_db()
    assert log.status == "failed" and log.analysis == {}
    assert log.errors == [services.UNEXPECTED_ERROR]
    job = Job.objects.get()
    assert job.status == "failed" and "disk full" in job.error


@pytest.mark.parametrize(
    ("path", "file_format"), [(RUNNING_XES, "xes"), (RUNNING_XLSX, "xlsx")], ids=["xes", "xlsx"]
)
def test_xes_and_excel_logs_are_read_like_the_csv(cast, ready, path, file_format):
    log = import_now(cast["project"], cast["owner"], upload_file(path))
    assert log.file_format == file_format
    assert log.status == "ready", log.errors
    assert (log.cases, log.events) == (6, 42)
    assert log.analysis["edges"] == ready.analysis["edges"]
    assert log.analysis["variants"] == ready.analysis["variants"]


def test_gzipped_xes_is_previewed_and_read(cast, tmp_path):
    import gzip

    packed = tmp_path / "running-example.xes.gz"
    packed.write_bytes(gzip.compress(RUNNING_XES.read_bytes()))
    log = import_now(cast["project"], cast["owner"], upload_file(packed))
    assert (log.file_format, log.name, log.status, log.cases) == (
        "xes",
        "running-example",
        "ready",
        6,
    )


def test_upload_refuses_an_unknown_format_and_a_file_over_the_limit(client_for, cast, settings):
    client = client_for(cast["owner"])
    url = reverse("flowlogs:upload", args=[cast["project"].pk])
    response = client.post(url, {"upload": SimpleUploadedFile("orders.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "not a format Obeya reads" in response.content.decode()
    settings.OBEYA_EVENT_LOG_MAX_BYTES = 1000
    response = client.post(url, {"upload": upload_file(RUNNING_CSV)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "an event log may be 0 MB at most" in page or "at most" in page
    assert 'data-max-bytes="1000"' in page
    response = client.post(url, {"upload": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert "cannot be read" in response.content.decode()
    assert not EventLog.objects.exists() and not media_files(settings)


def test_mapping_refuses_missing_and_repeated_columns(client_for, world):
    client = client_for(world["owner"])
    log = world["ready"]
    url = reverse("flowlogs:mapping", args=[world["project"].pk, log.pk])
    data = {**MAPPING_POST, "case": "", "resource": "concept:name", "tz": "Mars/Olympus"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required" in page or "Choose the column" in page
    assert "already holds another field" in page
    log.refresh_from_db()
    assert log.status == "ready"


def test_mapping_preview_marks_the_chosen_columns(client_for, world):
    client = client_for(world["teammate"])
    url = reverse("flowlogs:mapping", args=[world["project"].pk, world["ready"].pk])
    response = client.get(
        url, {"case": "Costs", "activity": "Activity"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.startswith('<section id="mapping-preview"')
    assert page.count('<th scope="col" class="fl-mapped">') == 2
    assert page.count('<td class="fl-mapped">') == 40


def test_progress_polls_while_importing_then_reloads_the_page(client_for, cast):
    log = services.event_log_upload(
        project=cast["project"], user=cast["owner"], upload=upload_file(RUNNING_CSV)
    )
    services.event_log_import_start(event_log=log, user=cast["owner"], mapping=log.mapping)
    client = client_for(cast["viewer"])
    url = reverse("flowlogs:progress", args=[cast["project"].pk, log.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()
    detail = client.get(log.get_absolute_url()).content.decode()
    assert 'id="import-progress"' in detail and 'role="progressbar"' in detail
    services.event_log_import(event_log_id=log.pk)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_mapping_page_of_a_log_being_imported_goes_back_to_the_log(client_for, cast):
    log = services.event_log_upload(
        project=cast["project"], user=cast["owner"], upload=upload_file(RUNNING_CSV)
    )
    services.event_log_map(event_log=log, user=cast["owner"], mapping=log.mapping)
    response = client_for(cast["owner"]).get(
        reverse("flowlogs:mapping", args=[cast["project"].pk, log.pk])
    )
    assert response.status_code == 302 and response["Location"] == log.get_absolute_url()


def test_process_map_shows_the_paths_and_waiting_time_asked_for(client_for, world):
    client = client_for(world["viewer"])
    url = reverse("flowlogs:map", args=[world["project"].pk, world["ready"].pk])
    response = client.get(url, {"paths": 3, "stat": "p90"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.startswith('<figure id="process-map-figure"')
    assert "The 3 most frequent paths of 16 shown (taken at least 3 times)" in " ".join(
        page.split()
    )
    assert "check ticket → decide: taken 6 times" in page
    assert "register request → examine thoroughly" not in page  # taken once: hidden
    assert "4.4 d" in page  # p90 of check ticket -> decide: 379,500 s
    full = client.get(url, {"paths": 99}, headers={"HX-Request": "true"}).content.decode()
    assert "16 most frequent paths of 16" in " ".join(full.split())
    assert client.get(url, {"paths": 3}).status_code == 302  # no HTMX: the whole page


def test_analysis_page_explains_every_figure(client_for, world):
    page = client_for(world["sponsor"]).get(world["ready"].get_absolute_url()).content.decode()
    for section in (
        "process-map",
        "queues",
        "steps",
        "lead-time",
        "variants",
        "rework",
        "wip",
        "littles-law",
        "value-stream",
    ):
        body = page.split(f'<section id="{section}"')[1].split("</section>")[0]
        assert 'class="explain"' in body, section
    assert "The log has no start times" in page


def test_numbers_are_localised_in_french(client_for, world):
    client = client_for(world["owner"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = client.get(world["ready"].get_absolute_url())
    text = page.content.decode()
    assert page["Content-Language"] == "fr"
    assert "2,67" in text  # mean WIP 2.668...
    assert '"decimal": ","' in text  # the charts' number format


def test_downloads_give_the_file_the_table_and_the_analysis(client_for, world):
    import pyarrow.parquet as pq

    client = client_for(world["assessor"])
    log = world["ready"]
    args = [world["project"].pk, log.pk]
    original = client.get(reverse("flowlogs:download", args=args))
    assert b"".join(original.streaming_content) == RUNNING_CSV.read_bytes()
    table = client.get(reverse("flowlogs:table", args=args))
    assert "running-example-flow.parquet" in table["Content-Disposition"]
    path = Path(log.table)
    assert path.suffix == ".parquet"
    analysis = client.get(reverse("flowlogs:analysis_json", args=args))
    assert json.loads(analysis.content)["cases"] == 6
    from django.core.files.storage import default_storage

    flow = pq.read_table(default_storage.path(log.table))
    assert flow.num_rows == 42
    assert flow.column_names[:4] == ["case_id", "activity", "start_time", "end_time"]


def test_reanalysing_the_stored_table_gives_the_same_figures(world):
    again = services.event_log_reanalyse(world["ready"]).to_dict()
    stored = world["ready"].analysis
    for key in ("cases", "events", "edges", "variants", "case_duration_s", "rework_rate"):
        assert again[key] == stored[key], key


def test_facilitator_proposes_a_value_stream_that_parses(client_for, world):
    client = client_for(world["owner"])
    log = world["ready"]
    response = client.post(reverse("flowlogs:propose", args=[world["project"].pk, log.pk]))
    vs = ValueStream.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("valuestreams:edit", args=[world["project"].pk, vs.pk])
    model = core.load_value_stream(vs.source)
    assert vs.name == model.name == "Value stream from running-example"
    assert vs.state == "current" and vs.created_by == world["owner"]
    assert model.customer.unit == "cases" and model.customer.demand == 6
    assert [p.name for p in model.processes][:2] == ["examine casually", "check ticket"]
    assert "running-example" in vs.notes
    assert client.get(response["Location"]).status_code == 200


def test_no_value_stream_from_a_log_that_is_not_analysed(client_for, cast):
    log = import_now(
        cast["project"], cast["owner"], SimpleUploadedFile("bad.csv", BAD_CSV.encode())
    )
    response = client_for(cast["owner"]).post(
        reverse("flowlogs:propose", args=[cast["project"].pk, log.pk])
    )
    assert response.status_code == 302 and response["Location"] == log.get_absolute_url()
    assert not ValueStream.objects.exists()


def test_delete_removes_the_log_and_its_files(
    client_for, world, settings, django_capture_on_commit_callbacks
):
    log = world["ready"]
    files = media_files(settings)
    assert {p.suffix for p in files} == {".csv", ".parquet"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world["owner"]).post(
            reverse("flowlogs:delete", args=[world["project"].pk, log.pk])
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("flowlogs:index", args=[world["project"].pk])
    assert not EventLog.objects.exists()
    assert media_files(settings) == []
    assert AuditEntry.objects.filter(verb="delete", object_id=log.pk).exists()


def test_importing_again_replaces_the_table(
    cast, ready, settings, django_capture_on_commit_callbacks
):
    old = ready.table
    mapping = {**ready.mapping, "resource": None, "cost": None}
    with django_capture_on_commit_callbacks(execute=True):
        services.event_log_import_start(event_log=ready, user=cast["owner"], mapping=mapping)
    ready.refresh_from_db()
    assert ready.status == "ready" and ready.table != old
    assert not (Path(settings.MEDIA_ROOT) / old).exists()
    assert (Path(settings.MEDIA_ROOT) / ready.table).exists()


def test_list_shows_status_counts_importer_and_date(client_for, world):
    failed = import_now(
        world["project"], world["teammate"], SimpleUploadedFile("bad.csv", BAD_CSV.encode())
    )
    page = (
        client_for(world["viewer"])
        .get(reverse("flowlogs:index", args=[world["project"].pk]))
        .content.decode()
    )
    ready_row = page.split(f'data-log="{world["ready"].pk}"')[1].split("</tr>")[0]
    failed_row = page.split(f'data-log="{failed.pk}"')[1].split("</tr>")[0]
    assert 'data-status="ready"' in ready_row and ">42<" in ready_row and ">6<" in ready_row
    assert "Owner Test" in ready_row
    assert 'data-status="failed"' in failed_row and "Teammate Test" in failed_row
    assert dt.date.today().strftime("%m/%d/%Y") in ready_row or "/" in ready_row


def test_diagnosis_overview_reads_the_analysed_log(client_for, world):
    page = client_for(world["viewer"]).get(reverse("diagnosis:page", args=[world["project"].pk]))
    assert world["ready"].name in page.content.decode()


def test_variants_page_lists_every_variant(client_for, world):
    page = (
        client_for(world["viewer"])
        .get(reverse("flowlogs:variants", args=[world["project"].pk, world["ready"].pk]))
        .content.decode()
    )
    assert page.count('data-variant="') == 6


# --- the preview and the detected mapping --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "file_format", "case"),
    [
        (RUNNING_CSV, "csv", "case:concept:name"),
        (RUNNING_XES, "xes", "case:concept:name"),
        (RUNNING_XLSX, "xlsx", "Case ID"),
        (REFERENCE / "interval_event_log.csv", "csv", "case:concept:name"),
        (REFERENCE / "helpdesk.xes.gz", "xes", "case:concept:name"),
    ],
)
def test_preview_reads_the_first_rows_and_detects_the_columns(path, file_format, case):
    from obeya.core.eventlog import read_log

    preview = read_preview(path, file_format)
    assert len(preview.rows) == 20
    mapping = detect_mapping(preview.columns)
    assert mapping["case"] == case
    # The reader names the columns as the preview does, so the mapping reads the file.
    if path.stat().st_size < 2_000_000:
        log = read_log(path, case=mapping["case"], activity=mapping["activity"])
        assert log.mapping.timestamp == mapping["timestamp"]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["Order", "Date", "Step"], {"case": None, "activity": "Step", "timestamp": "Date"}),
        (["Case ID", "Activity", "Complete Timestamp"], {"case": "Case ID"}),
        (["x", "y"], {"case": None, "activity": None, "timestamp": None}),
        (["case", "Operation", "completed"], {"case": "case", "timestamp": "completed"}),
    ],
)
def test_detected_mapping_keeps_what_it_found_when_a_column_is_missing(columns, expected):
    mapping = detect_mapping(columns)
    for field_name, column in expected.items():
        assert mapping[field_name] == column


# --- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_log_is_ready_fast_idempotent_and_shows_the_bending_queue(cast, language):
    from obeya.flowlogs.demo import load_demo_event_logs

    project, user = cast["project"], cast["owner"]
    today = dt.date(2026, 5, 13)
    started = time.perf_counter()
    log = load_demo_event_logs(project=project, language=language, user=user, today=today)
    elapsed = time.perf_counter() - started
    again = load_demo_event_logs(project=project, language=language, user=user, today=today)
    assert again.pk == log.pk and EventLog.objects.count() == 1
    assert elapsed < 3, f"the demo log took {elapsed:.1f} s"
    assert log.status == "ready" and 380 <= log.cases <= 420
    a = log.analysis
    bending = "Bending" if language == "en" else "Pliage"
    assert a["waiting_by_activity"][0]["activity"] == bending
    assert a["waiting_by_activity"][0]["mean_s"] > 86_400  # days of wait before bending
    assert 0.04 <= a["rework_rate"] <= 0.08
    assert a["has_start_times"] and len(a["activities"]) == 6
    assert a["littles_law"]["window_end"] < today.isoformat()
    first_week = a["throughput"]["weeks"][0]["week_start"]
    assert (today - dt.date.fromisoformat(first_week)).days <= 10 * 7
    assert a["value_stream"]["flow"]  # a map can be proposed
    assert log.mapping["tz"] == "Europe/Paris"
