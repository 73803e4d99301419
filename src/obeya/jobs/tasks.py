"""Job bodies. Each loads what it needs and reports progress as it goes."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from obeya.jobs.runner import JobContext, job


@job("actions_export_csv", label=_("Export of the action plan (CSV)"))
def actions_export_csv(ctx: JobContext) -> dict[str, Any]:
    """Export a project's action plan to CSV (UTF-8 with BOM so spreadsheets read accents),
    with column names and values in the language of the user who asked for it."""
    from obeya.actions.models import Action

    actions = list(
        Action.objects.filter(project_id=ctx.params["project_id"])
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    ctx.report(0, len(actions))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = (
        "title",
        "stage",
        "owner",
        "start_date",
        "due_date",
        "status",
        "progress",
        "completed_on",
    )
    with translation.override(ctx.params.get("language") or settings.LANGUAGE_CODE):
        writer.writerow(
            [
                "id",
                *(str(Action._meta.get_field(c).verbose_name) for c in columns),
                str(_("Overdue")),
            ]
        )
        for n, action in enumerate(actions, start=1):
            writer.writerow(
                [
                    action.pk,
                    action.title,
                    action.get_stage_display(),
                    action.owner or "",
                    action.start_date or "",
                    action.due_date or "",
                    action.get_status_display(),
                    action.progress,
                    action.completed_on or "",
                    str(_("yes")) if action.is_overdue else "",
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


@job("demo_load", label=_("Loading the demo data"))
def demo_load(ctx: JobContext) -> dict[str, Any]:
    """Load the demo company (idempotent)."""
    from obeya.demo.loader import load_demo

    summary = load_demo(report=lambda done, total, msg: ctx.report(done, total, msg))
    return summary
