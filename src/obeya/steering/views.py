"""Views of obeya.steering: the status report (page, PDF, XLSX) and the reviews."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_saved, project_context
from obeya.steering import services
from obeya.steering.access import get_review_for_user
from obeya.steering.exports import report_pdf, report_xlsx
from obeya.steering.forms import ReportForm, ReviewForm
from obeya.steering.models import Review
from obeya.steering.selectors import status_report
from obeya.steering.tables import report_tables, summary_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    form = ReportForm(request.GET or None)
    return access, form, status_report(access.project, weeks=form.weeks_or_default())


def _download(content: bytes, content_type: str, report, extension: str) -> HttpResponse:
    name = f"{slugify(report.project) or 'project'}-{report.generated_on:%Y-%m-%d}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_page(request, project_id: int):
    """The status report for a steering meeting, printable (A4 print CSS)."""
    access, form, report = _report(request, project_id)
    context = project_context(
        access,
        report=report,
        form=form,
        summary=summary_lines(report),
        tables=report_tables(report),
        query=request.GET.urlencode(),
    )
    return render(request, "steering/report_page.html", context)


@login_required
def report_pdf_download(request, project_id: int):
    _access, _form, report = _report(request, project_id)
    return _download(report_pdf(report), "application/pdf", report, "pdf")


@login_required
def report_xlsx_download(request, project_id: int):
    _access, _form, report = _report(request, project_id)
    return _download(report_xlsx(report), XLSX, report, "xlsx")


@login_required
def review_list(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    reviews = Review.objects.filter(project=access.project).select_related("author", "corrects")
    return render(request, "steering/review_list.html", project_context(access, reviews=reviews))


@login_required
def review_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = ReviewForm(request.POST or None, project=access.project)
    review = form_saved(
        request,
        form,
        services.review_create,
        _("Review written; its figures are frozen as of today."),
        project=access.project,
    )
    if review:
        return redirect(review.get_absolute_url())
    return render(request, "steering/review_form.html", project_context(access, form=form))


@login_required
def review_detail(request, project_id: int, review_id: int):
    access, review = get_review_for_user(request.user, project_id, review_id)
    context = project_context(access, review=review, corrections=review.corrections.all())
    return render(request, "steering/review_detail.html", context)
