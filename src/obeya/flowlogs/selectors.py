"""Reads of a project's event logs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from obeya.flowlogs.models import EventLog
from obeya.projects.models import Project


def event_log_list(*, project: Project) -> QuerySet[EventLog]:
    """The project's logs, newest first, with who imported them."""
    return (
        EventLog.objects.filter(project=project)
        .select_related("created_by", "job")
        .defer("analysis")
        .order_by("-created_at", "-pk")
    )


def error_rows(event_log: EventLog) -> tuple[list[dict[str, Any]], int]:
    """A failed import's problems (line, column, value, reason), in file order, and how many
    more were found than listed (`EventLog.errors` ends with {"more": n} then)."""
    rows, more = [], 0
    for item in event_log.errors or []:
        if "more" in item:
            more += int(item["more"])
        else:
            rows.append(item)
    return rows, more
