"""Writing a review (bilan): one transaction, audited, with the figures frozen on the day.

There is no update nor delete: a review is a dated document; a correction is a new review that
names the one it corrects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from obeya.audit.services import audited_save
from obeya.projects.models import Project
from obeya.steering.models import Review
from obeya.steering.selectors import review_figures

REVIEW_FIELDS = ("title", "written_on", "period_start", "difficulties", "progress", "next_steps")


@transaction.atomic
def review_create(
    *,
    project: Project,
    user: Any,
    title: str,
    difficulties: str,
    progress: str,
    next_steps: str = "",
    period_start: dt.date | None = None,
    corrects: Review | None = None,
    today: dt.date | None = None,
) -> Review:
    """Write a review dated `today` and freeze the project's figures of that day with it."""
    today = today or timezone.localdate()
    review = Review(
        project=project,
        title=title.strip(),
        written_on=today,
        period_start=period_start,
        difficulties=difficulties.strip(),
        progress=progress.strip(),
        next_steps=next_steps.strip(),
        corrects=corrects,
        author=user if getattr(user, "is_authenticated", False) else None,
    )
    review.figures = review_figures(project, today=today)
    return audited_save(
        review,
        user=user,
        fields=REVIEW_FIELDS,
        project=project,
        extra_after={"corrects": corrects.pk if corrects else None},
        exclude=["figures"],
    )
