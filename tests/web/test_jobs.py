"""Background jobs: the CSV export of the action plan, its page and download, the worker."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from obeya.actions.models import Action
from obeya.jobs import runner
from obeya.jobs.models import Job
from obeya.jobs.runner import job, job_enqueue


@job("tests_failing_job")
def _failing_job(ctx):
    ctx.report(1, 4, "halfway there")
    raise ValueError("the press brake data is missing")


@job("tests_counting_job")
def _counting_job(ctx):
    ctx.report(3, 3)
    return {"counted": ctx.params["n"]}


@pytest.fixture
def export(client_for, cast, actions, django_capture_on_commit_callbacks):
    """The facilitator posts the export; inline mode runs it once the request commits."""
    client = client_for(cast["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:export_actions", args=[cast["project"].pk]))
    created = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[created.pk])
    return client, created


# The export's columns, in order; their headings follow the language of the user who asked.
COLUMNS = (
    "id",
    "title",
    "stage",
    "owner",
    "start_date",
    "due_date",
    "status",
    "progress",
    "completed_on",
    "overdue",
)


def _rows(content: bytes) -> list[dict[str, str]]:
    """The data rows of an export, keyed by column (the heading row is checked and dropped)."""
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the accents
    heading, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    assert len(heading) == len(COLUMNS)
    assert all(len(row) == len(COLUMNS) for row in rows)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def test_export_job_finishes_done_with_a_csv_of_the_projects_actions(export, cast, actions):
    from django.core.files.storage import default_storage

    _client, created = export
    created.refresh_from_db()
    assert created.status == Job.Status.DONE
    assert (created.created_by, created.project) == (cast["owner"], cast["project"])
    assert created.result["rows"] == 2
    assert (created.progress, created.total, created.percent) == (2, 2, 100)
    with default_storage.open(created.result["file"], "rb") as f:
        rows = _rows(f.read())
    expected = Action.objects.filter(project=cast["project"]).order_by("due_date", "pk")
    assert [int(r["id"]) for r in rows] == [a.pk for a in expected]
    by_id = {int(r["id"]): r for r in rows}
    mine = by_id[actions["teammate"].pk]
    assert mine["title"] == "SMED on press brake"
    assert mine["owner"] == "Teammate Test"
    assert mine["due_date"] == actions["teammate"].due_date.isoformat()
    assert mine["progress"] == "0"
    with translation.override(created.params.get("language") or settings.LANGUAGE_CODE):
        assert mine["stage"] == str(actions["teammate"].get_stage_display())
        assert mine["status"] == str(actions["teammate"].get_status_display())
    assert mine["overdue"] != ""
    assert by_id[actions["owner"].pk]["overdue"] == ""


def test_export_leaves_out_actions_of_other_projects(export, cast, company):
    from obeya.projects.models import Project

    other = Project.objects.create(company=company, title="Other")
    Action.objects.create(project=other, title="Not in the export")
    client, created = export
    rows = _rows(
        b"".join(client.get(reverse("jobs:download", args=[created.pk])).streaming_content)
    )
    assert "Not in the export" not in {r["title"] for r in rows}


def test_job_page_shows_100_percent_and_the_download_link(export):
    client, created = export
    response = client.get(reverse("jobs:detail", args=[created.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "100 %" in html
    assert 'aria-valuenow="100"' in html
    assert 'data-status="done"' in html
    assert reverse("jobs:download", args=[created.pk]) in html
    assert "hx-trigger" not in html  # finished: no more polling


def test_job_progress_partial_for_htmx(export):
    client, created = export
    response = client.get(reverse("jobs:detail", args=[created.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<section")
    assert f'id="job-{created.pk}"' in html


def test_download_returns_the_csv(export, cast, actions):
    client, created = export
    response = client.get(reverse("jobs:download", args=[created.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"project-{cast['project'].pk}-actions-" in response["Content-Disposition"]
    rows = _rows(b"".join(response.streaming_content))
    assert {r["title"] for r in rows} == {"SMED on press brake", "Map the flow"}


@pytest.mark.parametrize("who", ["outsider", "teammate", "sponsor", "viewer", "assessor"])
def test_job_page_and_download_are_404_for_anyone_but_its_starter(export, client, cast, who):
    _owner_client, created = export
    client.force_login(cast[who])
    assert client.get(reverse("jobs:detail", args=[created.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[created.pk])).status_code == 404


def test_starter_who_left_the_project_loses_the_job(export, cast):
    from obeya.projects.models import Membership

    client, created = export
    Membership.objects.filter(user=cast["owner"]).delete()
    assert client.get(reverse("jobs:detail", args=[created.pk])).status_code == 404


def test_member_may_export_and_sees_their_own_job(
    client_for, cast, actions, django_capture_on_commit_callbacks
):
    client = client_for(cast["viewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:export_actions", args=[cast["project"].pk]))
    assert client.get(response["Location"]).status_code == 200


def test_export_needs_a_post(client_for, cast):
    url = reverse("jobs:export_actions", args=[cast["project"].pk])
    assert client_for(cast["owner"]).get(url).status_code == 405
    assert not Job.objects.exists()


def test_download_of_an_unfinished_job_is_404(client_for, cast, settings):
    settings.OBEYA_TASKS_MODE = "worker"
    client = client_for(cast["owner"])
    client.post(reverse("jobs:export_actions", args=[cast["project"].pk]))
    queued = Job.objects.get()
    assert queued.status == Job.Status.QUEUED
    page = client.get(reverse("jobs:detail", args=[queued.pk]))
    assert "hx-trigger" in page.content.decode()  # still polling
    assert client.get(reverse("jobs:download", args=[queued.pk])).status_code == 404


# --- the runner ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_queued_job(settings, cast, actions):
    settings.OBEYA_TASKS_MODE = "worker"
    queued = job_enqueue(
        kind="actions_export_csv",
        params={"project_id": cast["project"].pk},
        user=cast["owner"],
        project=cast["project"],
    )
    queued.refresh_from_db()
    assert queued.status == Job.Status.QUEUED  # worker mode leaves it for `obeya worker`
    assert runner.work(once=True) == 1
    queued.refresh_from_db()
    assert queued.status == Job.Status.DONE
    assert queued.started_at and queued.finished_at
    assert queued.result["rows"] == 2
    assert runner.work(once=True) == 0  # nothing left


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_jobs_oldest_first(settings, db):
    settings.OBEYA_TASKS_MODE = "worker"
    first = job_enqueue(kind="tests_counting_job", params={"n": 1})
    second = job_enqueue(kind="tests_counting_job", params={"n": 2})
    assert runner.run_job().pk == first.pk
    assert runner.work(once=True) == 1
    second.refresh_from_db()
    assert second.result == {"counted": 2}


def test_failing_job_ends_failed_with_its_error_stored(settings, db):
    settings.OBEYA_TASKS_MODE = "worker"
    queued = job_enqueue(kind="tests_failing_job")
    finished = runner.run_job(queued.pk)
    assert finished.status == Job.Status.FAILED
    queued.refresh_from_db()
    assert queued.status == Job.Status.FAILED
    assert queued.error.startswith("the press brake data is missing")
    assert "ValueError" in queued.error  # the traceback too
    assert queued.finished_at is not None
    assert (queued.progress, queued.total, queued.message) == (1, 4, "halfway there")
    assert queued.percent == 25


def test_failed_job_page_says_it_failed(client_for, cast, settings):
    settings.OBEYA_TASKS_MODE = "worker"
    queued = job_enqueue(kind="tests_failing_job", user=cast["owner"], project=cast["project"])
    runner.run_job(queued.pk)
    response = client_for(cast["owner"]).get(reverse("jobs:detail", args=[queued.pk]))
    assert 'data-status="failed"' in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert (
        client_for(cast["owner"]).get(reverse("jobs:download", args=[queued.pk])).status_code == 404
    )


def test_a_job_runs_only_once(settings, db):
    settings.OBEYA_TASKS_MODE = "worker"
    queued = job_enqueue(kind="tests_counting_job", params={"n": 5})
    assert runner.run_job(queued.pk).status == Job.Status.DONE
    assert runner.run_job(queued.pk) is None


def test_unknown_job_kind_is_refused(db):
    with pytest.raises(KeyError):
        job_enqueue(kind="no_such_job")
    assert not Job.objects.exists()
