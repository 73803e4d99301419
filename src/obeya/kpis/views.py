"""The KPI referential, a KPI's sheet, and entering measurements (docs/kpis.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.audit.services import audit_trail
from obeya.kpis import services
from obeya.kpis.access import get_kpi_for_user, get_measurement_for_user
from obeya.kpis.charts import kpi_capability, kpi_chart, static_svgs
from obeya.kpis.forms import ImportForm, KpiForm, MeasurementForm, PhaseForm
from obeya.kpis.importing import read_measurements
from obeya.kpis.labels import CHART_REASONS, STATUS_LABELS
from obeya.kpis.selectors import kpi_row, measurements_of, referential
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_errors_from, form_saved, project_context

RECENT_MEASUREMENTS = 100


@login_required
def index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    rows = referential(access)
    return render(
        request,
        "kpis/kpi_index.html",
        project_context(access, rows=rows, status_labels=STATUS_LABELS),
    )


@login_required
def create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    form = KpiForm(request.POST or None, project=access.project)
    kpi = form_saved(request, form, services.kpi_create, _("KPI added."), project=access.project)
    if kpi:
        return redirect(kpi)
    return render(request, "kpis/kpi_form.html", project_context(access, form=form))


@login_required
def edit(request, project_id: int, kpi_id: int):
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, edit=True)
    form = KpiForm(request.POST or None, instance=kpi, project=access.project)
    if form_saved(request, form, services.kpi_update, _("KPI saved."), kpi=kpi):
        return redirect(kpi)
    return render(request, "kpis/kpi_form.html", project_context(access, form=form, kpi=kpi))


@login_required
@require_POST
def delete(request, project_id: int, kpi_id: int):
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, edit=True)
    services.kpi_delete(kpi=kpi, user=request.user)
    messages.success(request, _("KPI deleted with its measurements."))
    return redirect("kpis:index", access.project.pk)


def _entry_form(kpi, data=None, measured_at=None):
    """The entry row, dated now, or at the time of the row just entered (to type a series)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = MeasurementForm(data, kpi=kpi, initial={"measured_at": measured_at or now})
    if measured_at is not None:  # the row just entered: the cursor waits in the next value
        form.fields["value"].widget.attrs["autofocus"] = True
    return form


def _sheet_context(access, kpi, entry_form=None, **extra):
    row = kpi_row(kpi, own=kpi.project_id == access.project.pk)
    can_enter = row.own and access.can_contribute
    return project_context(
        access,
        kpi=kpi,
        row=row,
        chart=kpi_chart(kpi, row.chart),
        capability=kpi_capability(kpi),
        phases=kpi.phases.all(),
        reason=CHART_REASONS[row.recommendation.reason],
        status_label=STATUS_LABELS[row.status],
        measurements=measurements_of(kpi, limit=RECENT_MEASUREMENTS),
        entry_form=entry_form or (_entry_form(kpi) if can_enter else None),
        can_enter=can_enter,
        **extra,
    )


@login_required
def detail(request, project_id: int, kpi_id: int):
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id)
    phase_form = None
    if kpi.project_id == access.project.pk and access.can_edit:
        phase_form = PhaseForm(kpi=kpi)
    context = _sheet_context(access, kpi, history=audit_trail(kpi)[:20], phase_form=phase_form)
    return render(request, "kpis/kpi_detail.html", context)


@login_required
def sheet(request, project_id: int, kpi_id: int):
    """The printable KPI sheet: definition, use, calculation, frequency, chart."""
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id)
    context = _sheet_context(access, kpi)
    # Drawn on the server so the printed sheet needs no JavaScript (vl-convert's own SVG).
    context["chart_svgs"] = [mark_safe(svg) for svg in static_svgs(context["chart"].specs)]  # noqa: S308
    capability = context["capability"]
    if capability is not None and capability.spec is not None:
        context["capability_svg"] = mark_safe(static_svgs([capability.spec])[0])  # noqa: S308
    return render(request, "kpis/kpi_sheet.html", context)


@login_required
@require_POST
def measurement_add(request, project_id: int, kpi_id: int):
    """Keyboard entry: the row is posted with Enter, the table comes back with a fresh row."""
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, contribute=True)
    form = _entry_form(kpi, request.POST)
    if form_saved(request, form, services.measurement_add, _("Measurement added."), kpi=kpi):
        if not request.htmx:
            return redirect(kpi)
        form = _entry_form(kpi, measured_at=request.POST.get("measured_at"))
    if not request.htmx:
        return render(request, "kpis/kpi_detail.html", _sheet_context(access, kpi, form))
    return render(request, "kpis/_measurements.html", _sheet_context(access, kpi, form))


@login_required
def measurement_edit(request, project_id: int, kpi_id: int, measurement_id: int):
    access, measurement = get_measurement_for_user(request.user, project_id, kpi_id, measurement_id)
    kpi = measurement.kpi
    form = MeasurementForm(request.POST or None, instance=measurement, kpi=kpi)
    saved = form_saved(
        request,
        form,
        services.measurement_update,
        _("Measurement saved."),
        measurement=measurement,
    )
    if saved:
        return redirect(kpi)
    context = project_context(access, kpi=kpi, form=form, measurement=measurement)
    return render(request, "kpis/measurement_form.html", context)


@login_required
@require_POST
def measurement_delete(request, project_id: int, kpi_id: int, measurement_id: int):
    _access, measurement = get_measurement_for_user(
        request.user, project_id, kpi_id, measurement_id
    )
    kpi = measurement.kpi
    services.measurement_delete(measurement=measurement, user=request.user)
    messages.success(request, _("Measurement deleted."))
    return redirect(kpi)


@login_required
def measurement_import(request, project_id: int, kpi_id: int):
    """A file of measurements: every row stored, or none and the bad lines listed."""
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, contribute=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_measurements(upload.read(), upload.name)
            count = services.measurements_import(
                kpi=kpi, user=request.user, rows=rows, source=upload.name
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("%(count)d measurements imported.") % {"count": count})
            return redirect(kpi)
    return render(
        request, "kpis/measurement_import.html", project_context(access, kpi=kpi, form=form)
    )


@login_required
@require_POST
def phase_add(request, project_id: int, kpi_id: int):
    """A new phase on the user's request: the chart's limits restart from its date."""
    access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, edit=True)
    form = PhaseForm(request.POST, kpi=kpi)
    if form_saved(request, form, services.phase_add, _("New phase started."), kpi=kpi):
        return redirect(kpi)
    context = _sheet_context(access, kpi, history=audit_trail(kpi)[:20], phase_form=form)
    return render(request, "kpis/kpi_detail.html", context)


@login_required
@require_POST
def phase_delete(request, project_id: int, kpi_id: int, phase_id: int):
    _access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, edit=True)
    phase = kpi.phases.filter(pk=phase_id).first()
    if phase is None:
        raise Http404
    services.phase_delete(phase=phase, user=request.user)
    messages.success(request, _("Phase removed: the limits run on from the previous phase."))
    return redirect(kpi)
