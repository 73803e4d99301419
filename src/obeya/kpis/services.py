"""Every write to the KPI referential and the measurements: one transaction each, audited.

Entering a measurement is audited like any change; an import writes all its rows or none and
leaves one audit entry on the KPI saying how many points came from which file, rather than one
entry per point (a file of a year of hourly values would otherwise bury the history).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_delete,
    audited_save,
    audited_update,
)
from obeya.kpis.importing import MeasurementRow
from obeya.kpis.models import Kpi, KpiPhase, Measurement
from obeya.projects.models import Project

KPI_FIELDS = (
    "name",
    "shared_with_area",
    "definition",
    "purpose",
    "formula",
    "unit",
    "data_source",
    "owner",
    "direction",
    "target",
    "alert_threshold",
    "frequency",
    "frequency_reason",
    "data_type",
    "subgroup_size",
    "chart",
    "rule_set",
    "decision_date",
    "baseline_points",
    "lsl",
    "usl",
)
MEASUREMENT_FIELDS = ("measured_at", "value", "subgroup", "sample_size", "comment")


@transaction.atomic
def kpi_create(*, project: Project, user: Any, **fields: Any) -> Kpi:
    kpi = Kpi(project=project, **fields)
    audited_save(kpi, user=user, fields=KPI_FIELDS, project=project)
    return kpi


@transaction.atomic
def kpi_update(*, kpi: Kpi, user: Any, **fields: Any) -> Kpi:
    return audited_update(
        kpi,
        fields,
        user=user,
        fields=KPI_FIELDS,
        service="kpi_update",
        project=kpi.project,
        related=["owner"],
    )


@transaction.atomic
def kpi_delete(*, kpi: Kpi, user: Any) -> None:
    audited_delete(
        kpi,
        user=user,
        fields=KPI_FIELDS,
        project=kpi.project,
        extra_before={"measurements": kpi.measurements.count()},
    )


@transaction.atomic
def measurement_add(*, kpi: Kpi, user: Any, **fields: Any) -> Measurement:
    measurement = Measurement(kpi=kpi, entered_by=user if user.is_authenticated else None)
    assign_fields(measurement, fields, MEASUREMENT_FIELDS, service="measurement_add")
    audited_save(measurement, user=user, fields=MEASUREMENT_FIELDS, project=kpi.project)
    return measurement


@transaction.atomic
def measurement_update(*, measurement: Measurement, user: Any, **fields: Any) -> Measurement:
    return audited_update(
        measurement,
        fields,
        user=user,
        fields=MEASUREMENT_FIELDS,
        service="measurement_update",
        project=measurement.kpi.project,
    )


@transaction.atomic
def measurement_delete(*, measurement: Measurement, user: Any) -> None:
    audited_delete(
        measurement, user=user, fields=MEASUREMENT_FIELDS, project=measurement.kpi.project
    )


@transaction.atomic
def measurements_import(*, kpi: Kpi, user: Any, rows: Sequence[MeasurementRow], source: str) -> int:
    """Store every row or none: the first invalid row raises a ValidationError naming its line
    and field, and the transaction leaves the KPI as it was."""
    entered_by = user if user.is_authenticated else None
    objects = []
    problems = []
    for row in rows:
        measurement = Measurement(
            kpi=kpi,
            entered_by=entered_by,
            measured_at=row.measured_at,
            value=row.value,
            subgroup=row.subgroup,
            sample_size=row.sample_size,
            comment=row.comment,
        )
        try:
            measurement.full_clean(exclude=["kpi", "entered_by"])
            measurement.clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                problems.append(
                    _("Line %(line)d, %(field)s: %(message)s")
                    % {"line": row.line, "field": field, "message": " ".join(messages)}
                )
        objects.append(measurement)
        if len(problems) >= 20:
            break
    if problems:
        raise ValidationError(problems)
    Measurement.objects.bulk_create(objects, batch_size=1000)
    audit_record(
        obj=kpi,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=kpi.project,
        before={"measurements imported": None},
        after={"measurements imported": {"rows": len(objects), "file": source}},
    )
    return len(objects)


PHASE_FIELDS = ("starts_at", "name", "reason")


@transaction.atomic
def phase_add(*, kpi: Kpi, user: Any, **fields: Any) -> KpiPhase:
    """Start a new phase of the chart (after an improvement): its limits are recomputed."""
    phase = KpiPhase(kpi=kpi)
    assign_fields(phase, fields, PHASE_FIELDS, service="phase_add")
    audited_save(phase, user=user, fields=PHASE_FIELDS, project=kpi.project)
    return phase


@transaction.atomic
def phase_delete(*, phase: KpiPhase, user: Any) -> None:
    audited_delete(phase, user=user, fields=PHASE_FIELDS, project=phase.kpi.project)
