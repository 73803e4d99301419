"""API: the status report as JSON (the same figures as the page, PDF and XLSX) and reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from obeya.projects.access import get_project_for_user
from obeya.steering import services
from obeya.steering.access import get_review_for_user
from obeya.steering.models import Review
from obeya.steering.selectors import DEFAULT_WEEKS, MAX_WEEKS, report_as_dict, status_report

router = Router(tags=["steering"])


@router.get(
    "/{project_id}/steering/report",
    summary="The status report for a steering meeting, from the live data",
)
def get_status_report(request, project_id: int, weeks: int = DEFAULT_WEEKS) -> dict[str, Any]:
    access = get_project_for_user(request.user, project_id)
    if not 0 <= weeks <= MAX_WEEKS:
        raise ValidationError({"weeks": _("Between 0 and %(max)d weeks.") % {"max": MAX_WEEKS}})
    return report_as_dict(status_report(access.project, weeks=weeks))


class ReviewOut(Schema):
    id: int
    project_id: int
    title: str
    written_on: dt.date
    period_start: dt.date | None
    difficulties: str
    progress: str
    next_steps: str
    corrects_id: int | None
    author: str | None
    figures: dict[str, Any]


class ReviewIn(Schema):
    title: str
    difficulties: str
    progress: str
    next_steps: str = ""
    period_start: dt.date | None = None
    corrects_id: int | None = None


def _out(review: Review) -> dict:
    return {
        **{f: getattr(review, f) for f in ReviewOut.model_fields if f != "author"},
        "author": str(review.author) if review.author else None,
    }


@router.get("/{project_id}/reviews", response=list[ReviewOut], summary="A project's reviews")
def list_reviews(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_out(r) for r in Review.objects.filter(project=access.project).select_related("author")]


@router.get("/{project_id}/reviews/{review_id}", response=ReviewOut, summary="One review")
def get_review(request, project_id: int, review_id: int):
    _access, review = get_review_for_user(request.user, project_id, review_id)
    return _out(review)


@router.post(
    "/{project_id}/reviews",
    response={201: ReviewOut},
    summary="Write a review dated today, freezing today's figures (facilitators)",
)
def create_review(request, project_id: int, payload: ReviewIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    fields = payload.dict()
    corrects_id = fields.pop("corrects_id")
    corrects = None
    if corrects_id is not None:
        corrects = Review.objects.filter(project=access.project, pk=corrects_id).first()
        if corrects is None:
            raise ValidationError({"corrects_id": _("No such review in this project.")})
    review = services.review_create(
        project=access.project, user=request.user, corrects=corrects, **fields
    )
    return 201, _out(review)
