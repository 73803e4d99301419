"""Reads of the KPI referential: each KPI with its latest value, status and chart advice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from obeya.core.kpi import (
    Chart,
    FrequencyCheck,
    Recommendation,
    check_frequency,
    recommend_chart,
    status_against_target,
)
from obeya.kpis.access import visible_kpis_q
from obeya.kpis.models import Kpi, Measurement
from obeya.projects.access import ProjectAccess
from obeya.projects.models import Project


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    own: bool  # False for a KPI shared by another project of the area
    recommendation: Recommendation
    chart: Chart  # the chart chosen, else the recommended one
    points: int
    latest: Measurement | None
    status: str  # core.kpi.status_against_target of the latest value, or "no_data"
    frequency: FrequencyCheck | None  # None without a decision date


def _has_varying_size(kpi: Kpi) -> bool:
    sizes = kpi.measurements.exclude(sample_size=None).values("sample_size").distinct()
    return sizes[:2].count() > 1


def kpi_row(kpi: Kpi, *, own: bool = True, today: dt.date | None = None) -> KpiRow:
    today = today or timezone.localdate()
    recommendation = recommend_chart(
        kpi.data_type, subgroup_size=kpi.subgroup_size, constant_size=not _has_varying_size(kpi)
    )
    points = getattr(kpi, "points", None)
    if points is None:
        points = kpi.measurements.count()
    latest = kpi.measurements.order_by("-measured_at", "-pk").first()
    status = "no_data"
    if latest is not None:
        status = status_against_target(
            latest.value,
            target=kpi.target,
            alert=kpi.alert_threshold,
            increase_is_better=kpi.increase_is_better,
        )
    frequency = None
    if kpi.decision_date is not None:
        frequency = check_frequency(
            kpi.frequency, points_so_far=points, today=today, decision_date=kpi.decision_date
        )
    return KpiRow(
        kpi=kpi,
        own=own,
        recommendation=recommendation,
        chart=Chart(kpi.chart) if kpi.chart else recommendation.chart,
        points=points,
        latest=latest,
        status=status,
        frequency=frequency,
    )


def referential(access: ProjectAccess, today: dt.date | None = None) -> list[KpiRow]:
    """The project's KPIs, then those shared by the area's other projects."""
    kpis = (
        Kpi.objects.filter(visible_kpis_q(access.project))
        .select_related("owner", "project")
        .annotate(points=Count("measurements"))
        .order_by("name", "pk")
    )
    rows = [kpi_row(k, own=k.project_id == access.project.pk, today=today) for k in kpis]
    return sorted(rows, key=lambda row: not row.own)


def visible_kpis(project: Project) -> QuerySet[Kpi]:
    """The KPIs a project may point to: its own and those shared by its area's projects."""
    return Kpi.objects.filter(visible_kpis_q(project)).order_by("name", "pk")


def measurements_of(kpi: Kpi, *, newest_first: bool = True, limit: int | None = None):
    rows = kpi.measurements.select_related("entered_by")
    rows = rows.order_by("-measured_at", "-pk") if newest_first else rows
    return rows[:limit] if limit else rows
