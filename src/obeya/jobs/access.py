"""A job is seen by the user who started it (and by superusers), while they may see its project."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.jobs.models import Job
from obeya.projects.access import project_access


def get_job_for_user(user: Any, job_id: int) -> Job:
    found = Job.objects.select_related("project").filter(pk=job_id).first()
    if found is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if not (user.is_superuser or found.created_by_id == user.pk):
        raise Http404
    if found.project is not None and project_access(user, found.project) is None:
        raise Http404
    return found
