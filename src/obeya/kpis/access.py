"""Fetch a KPI for a user (docs/kpis.md): everyone who may see the project reads its
referential and measurements; facilitators change the referential; facilitators and team
members enter measurements. A KPI shared with the area is read, never changed, from the area's
other projects; any other KPI is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from obeya.kpis.models import Kpi, Measurement
from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.projects.models import Project


def visible_kpis_q(project: Project) -> Q:
    """The project's own KPIs and those the other projects of its area share."""
    own = Q(project=project)
    if project.area_id is None:
        return own
    return own | Q(shared_with_area=True, project__area_id=project.area_id)


def get_kpi_for_user(
    user: Any, project_id: int, kpi_id: int, *, edit: bool = False, contribute: bool = False
) -> tuple[ProjectAccess, Kpi]:
    """404 unless the user may see the project and the KPI is visible in it; 403 if `edit` (or
    `contribute`) and the user may not change the referential (or enter measurements), or the
    KPI belongs to another project."""
    access = get_project_for_user(user, project_id)
    kpi = (
        Kpi.objects.filter(visible_kpis_q(access.project), pk=kpi_id)
        .select_related("owner", "project")
        .first()
    )
    if kpi is None:
        raise Http404
    if edit or contribute:
        access.require(kpi.project_id == access.project.pk)
    if edit:
        access.require(access.can_edit)
    if contribute:
        access.require(access.can_contribute)
    return access, kpi


def get_measurement_for_user(
    user: Any, project_id: int, kpi_id: int, measurement_id: int
) -> tuple[ProjectAccess, Measurement]:
    """A measurement to change: facilitators any, team members those they entered."""
    access, kpi = get_kpi_for_user(user, project_id, kpi_id, contribute=True)
    measurement = kpi.measurements.filter(pk=measurement_id).first()
    if measurement is None:
        raise Http404
    access.require(access.can_edit or measurement.entered_by_id == user.pk)
    return access, measurement
