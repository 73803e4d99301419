"""The import of an event log, as a background job (see obeya.jobs.runner)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from obeya.jobs.runner import JobContext, job


@job("flowlogs_import", label=_("Import of an event log"))
def flowlogs_import(ctx: JobContext) -> dict[str, Any]:
    """Read, check and analyse an uploaded log (obeya.flowlogs.services.event_log_import),
    reporting its phases in the language of the user who started it. Should the import stop
    on an unexpected error, the log is marked failed before the job records the error, so its
    page never waits for an import that ended."""
    from obeya.flowlogs import services

    event_log_id = ctx.params["event_log_id"]
    user = ctx.job.created_by
    with translation.override(ctx.params.get("language") or settings.LANGUAGE_CODE):
        try:
            return services.event_log_import(
                event_log_id=event_log_id, user=user, report=ctx.report
            )
        except Exception:
            services.event_log_fail(
                event_log_id=event_log_id,
                user=user,
                errors=[services.UNEXPECTED_ERROR],
            )
            raise
