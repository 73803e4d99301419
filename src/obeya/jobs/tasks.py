"""Job bodies. Each loads what it needs and reports progress as it goes."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from obeya.jobs.runner import JobContext, job


@job("actions_export_csv")
def actions_export_csv(ctx: JobContext) -> dict[str, Any]:
    """Export a project's action plan to CSV (UTF-8 with BOM so spreadsheets read accents)."""
    from obeya.actions.models import Action

    actions = list(
        Action.objects.filter(project_id=ctx.params["project_id"])
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    ctx.report(0, len(actions))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
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
        ]
    )
    for n, action in enumerate(actions, start=1):
        writer.writerow(
            [
                action.pk,
                action.title,
                action.stage,
                action.owner or "",
                action.start_date or "",
                action.due_date or "",
                action.status,
                action.progress,
                action.completed_on or "",
                "yes" if action.is_overdue else "",
            ]
        )
        if n % 50 == 0 or n == len(actions):
            ctx.report(n)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = default_storage.save(
        f"exports/project-{ctx.params['project_id']}-actions-{stamp}.csv",
        ContentFile(("\ufeff" + buffer.getvalue()).encode()),
    )
    return {"file": name, "rows": len(actions)}


@job("demo_load")
def demo_load(ctx: JobContext) -> dict[str, Any]:
    """Load the demo company (idempotent)."""
    from obeya.demo.loader import load_demo

    summary = load_demo(report=lambda done, total, msg: ctx.report(done, total, msg))
    return summary
