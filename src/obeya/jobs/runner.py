"""The one background-task runner: database-backed, in-process by default.

`job_enqueue` stores a job and, once the surrounding transaction commits, starts it according
to settings.OBEYA_TASKS_MODE: in a thread of the web process ("thread", the embedded default),
at once in the caller ("inline", used by tests and the CLI), or not at all ("worker"), leaving
it to `obeya worker`, which claims queued jobs one at a time. A job function receives the Job
and reports progress through `JobContext.report`, which writes it so the page can poll it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from obeya.jobs.models import Job

log = logging.getLogger(__name__)

JobFunction = Callable[["JobContext"], dict[str, Any] | None]
_REGISTRY: dict[str, JobFunction] = {}
_LABELS: dict[str, Any] = {}


def job(kind: str, label: Any = None) -> Callable[[JobFunction], JobFunction]:
    """Register a function as the body of jobs of this kind, with the label users see."""

    def register(func: JobFunction) -> JobFunction:
        _REGISTRY[kind] = func
        _LABELS[kind] = label or kind
        return func

    return register


def job_label(kind: str) -> Any:
    """What users read for a job kind (a lazy translation when one was given)."""
    return _LABELS.get(kind, kind)


class JobContext:
    """What a job function sees: its parameters and a way to report progress."""

    def __init__(self, job: Job):
        self.job = job
        self.params = job.params

    def report(self, progress: int, total: int | None = None, message: str = "") -> None:
        fields = {"progress": progress}
        if total is not None:
            fields["total"] = total
        if message:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)


def job_enqueue(
    *, kind: str, params: dict[str, Any] | None = None, user: Any = None, project: Any = None
) -> Job:
    """Store a job and start it after the current transaction commits."""
    if kind not in _REGISTRY:
        raise KeyError(f"no job function registered for {kind!r}")
    new = Job.objects.create(
        kind=kind,
        params=params or {},
        project=project,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    mode = settings.OBEYA_TASKS_MODE
    if mode == "inline":
        transaction.on_commit(lambda: run_job(new.pk))
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(new.pk))
    return new


def _start_thread(job_id: int) -> None:
    def target() -> None:
        try:
            run_job(job_id)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"obeya-job-{job_id}", daemon=True).start()


def _claim(job_id: int | None = None) -> Job | None:
    """Atomically move one queued job to running; None when there is none to take."""
    queued = Job.objects.filter(status=Job.Status.QUEUED)
    if job_id is not None:
        queued = queued.filter(pk=job_id)
    candidate = queued.order_by("created_at", "pk").values_list("pk", flat=True).first()
    if candidate is None:
        return None
    claimed = Job.objects.filter(pk=candidate, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    return Job.objects.get(pk=candidate) if claimed else None


def run_job(job_id: int | None = None) -> Job | None:
    """Run one queued job (the given one, or the oldest); returns it, finished."""
    current = _claim(job_id)
    if current is None:
        return None
    func = _REGISTRY.get(current.kind)
    try:
        if func is None:
            raise KeyError(f"no job function registered for {current.kind!r}")
        result = func(JobContext(current)) or {}
    except Exception as exc:  # a failed job is recorded, never lost
        log.exception("job %s failed", current.pk)
        current.status = Job.Status.FAILED
        current.error = f"{exc}\n\n{traceback.format_exc()}"[:10000]
    else:
        current.status = Job.Status.DONE
        current.result = result
        current.progress = current.total or current.progress
    current.finished_at = timezone.now()
    current.save(update_fields=["status", "error", "result", "progress", "finished_at"])
    return current


def work(*, once: bool = False, poll_s: float = 1.0, stop: threading.Event | None = None) -> int:
    """The worker loop of `obeya worker`: run queued jobs until stopped; returns jobs run."""
    import time

    done = 0
    stop = stop or threading.Event()
    while not stop.is_set():
        close_old_connections()
        finished = run_job()
        if finished is not None:
            done += 1
            continue
        if once:
            break
        time.sleep(poll_s)
    return done
