"""API: the KPI referential and its measurements, with the same rules as the pages.

A MES or a script pushes measurements with a token (docs/kpis.md has a curl example):
`POST /api/projects/{project_id}/kpis/{kpi_id}/measurements` with a list of points; the whole
batch is stored or none of it, and a refused batch names the index and field of each bad point.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router, Schema

from obeya.kpis import services
from obeya.kpis.access import get_kpi_for_user
from obeya.kpis.importing import MeasurementRow
from obeya.kpis.selectors import measurements_of, referential
from obeya.projects.access import get_project_for_user

router = Router(tags=["kpis"])
MAX_POINTS_PER_CALL = 10_000


class KpiOut(Schema):
    id: int
    project_id: int
    name: str
    unit: str
    definition: str
    formula: str
    frequency: str
    data_type: str
    chart: str  # the chart chosen, else the recommended one
    recommended_chart: str
    direction: str
    target: float | None
    alert_threshold: float | None
    points: int
    latest_value: float | None
    latest_at: dt.datetime | None
    status: str


class MeasurementIn(Schema):
    measured_at: dt.datetime
    value: float
    subgroup: str = ""
    sample_size: int | None = None
    comment: str = ""


class MeasurementOut(Schema):
    id: int
    measured_at: dt.datetime
    value: float
    subgroup: str
    sample_size: int | None
    comment: str
    entered_by: str | None


class ImportOut(Schema):
    stored: int


def _kpi_out(row) -> dict:
    kpi = row.kpi
    return {
        "id": kpi.pk,
        "project_id": kpi.project_id,
        "name": kpi.name,
        "unit": kpi.unit,
        "definition": kpi.definition,
        "formula": kpi.formula,
        "frequency": kpi.frequency,
        "data_type": kpi.data_type,
        "chart": row.chart.value,
        "recommended_chart": row.recommendation.chart.value,
        "direction": kpi.direction,
        "target": kpi.target,
        "alert_threshold": kpi.alert_threshold,
        "points": row.points,
        "latest_value": row.latest.value if row.latest else None,
        "latest_at": row.latest.measured_at if row.latest else None,
        "status": row.status,
    }


@router.get("/{project_id}/kpis", response=list[KpiOut], summary="A project's KPI referential")
def list_kpis(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_kpi_out(row) for row in referential(access)]


@router.get(
    "/{project_id}/kpis/{kpi_id}/measurements",
    response=list[MeasurementOut],
    summary="A KPI's measurements, oldest first",
)
def list_measurements(request, project_id: int, kpi_id: int):
    _access, kpi = get_kpi_for_user(request.user, project_id, kpi_id)
    return [
        {
            "id": m.pk,
            "measured_at": m.measured_at,
            "value": m.value,
            "subgroup": m.subgroup,
            "sample_size": m.sample_size,
            "comment": m.comment,
            "entered_by": m.entered_by.get_username() if m.entered_by else None,
        }
        for m in measurements_of(kpi, newest_first=False)
    ]


@router.post(
    "/{project_id}/kpis/{kpi_id}/measurements",
    response={201: ImportOut},
    summary="Push measurements (facilitators and team members): all stored or none",
)
def push_measurements(request, project_id: int, kpi_id: int, payload: list[MeasurementIn]):
    _access, kpi = get_kpi_for_user(request.user, project_id, kpi_id, contribute=True)
    if not payload:
        raise ValidationError({"points": "Send at least one point."})
    if len(payload) > MAX_POINTS_PER_CALL:
        raise ValidationError({"points": f"At most {MAX_POINTS_PER_CALL} points per call."})
    rows = []
    for index, point in enumerate(payload):
        moment = point.measured_at
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # `line` numbers the points from 1 so a refusal names the point as it was sent.
        rows.append(
            MeasurementRow(
                line=index + 1,
                measured_at=moment,
                value=point.value,
                subgroup=point.subgroup,
                sample_size=point.sample_size,
                comment=point.comment,
            )
        )
    stored = services.measurements_import(kpi=kpi, user=request.user, rows=rows, source="API")
    return 201, {"stored": stored}
