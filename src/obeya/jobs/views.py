from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from obeya.jobs.access import get_job_for_user
from obeya.jobs.runner import job_enqueue
from obeya.projects.access import get_project_for_user


@login_required
def job_detail(request, job_id: int):
    """The job's progress bar; while it runs, HTMX polls the partial every second."""
    job = get_job_for_user(request.user, job_id)
    template = "jobs/_job_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, job_id: int):
    job = get_job_for_user(request.user, job_id)
    name = job.result.get("file") if job.is_finished else None
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def export_actions(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    job = job_enqueue(
        kind="actions_export_csv",
        params={"project_id": access.project.pk, "language": translation.get_language()},
        user=request.user,
        project=access.project,
    )
    return redirect("jobs:detail", job.pk)
