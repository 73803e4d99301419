"""Fetch a review for a user (see obeya.projects.access): everyone who may see the project reads
the reviews and the status report; only facilitators write reviews."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.steering.models import Review


def get_review_for_user(user: Any, project_id: int, review_id: int) -> tuple[ProjectAccess, Review]:
    """404 unless the user may see the project and the review belongs to it."""
    access = get_project_for_user(user, project_id)
    review = (
        Review.objects.filter(project=access.project, pk=review_id)
        .select_related("author", "corrects")
        .first()
    )
    if review is None:
        raise Http404
    return access, review
