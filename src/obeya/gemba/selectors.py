"""Reads of the field observations: the filtered list, the Paretos by waste, step names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from obeya.core.charts import pareto_spec
from obeya.core.pareto import ParetoRow, pareto
from obeya.gemba.models import Observation, Waste
from obeya.projects.models import Project


@dataclass(frozen=True)
class ObservationFilter:
    """The filters of the observation list; every field is optional."""

    waste: str = ""
    method: str = ""
    area_id: int | None = None
    step: str = ""


def observation_list(
    *, project: Project, filters: ObservationFilter | None = None
) -> QuerySet[Observation]:
    filters = filters or ObservationFilter()
    qs = (
        Observation.objects.filter(project=project)
        .select_related("area__site", "observer", "value_stream")
        .annotate(photo_count=Count("photos"))
    )
    if filters.waste:
        qs = qs.filter(waste=filters.waste)
    if filters.method:
        qs = qs.filter(method=filters.method)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.step:
        qs = qs.filter(step=filters.step)
    return qs.order_by("-observed_on", "-pk")


@dataclass(frozen=True)
class WastePareto:
    """One Pareto of the observations by waste: `measure` is "count", "eur" or "hours"."""

    measure: str
    title: str
    value_title: str
    rows: list[ParetoRow]
    codes: dict[str, str] = field(default_factory=dict)  # waste label -> waste code
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(row.value for row in self.rows)


def waste_paretos(*, project: Project, filters: ObservationFilter | None = None) -> dict:
    """The Paretos of the observations by waste: by number, by € and by hours lost.

    They follow the list's filters except the waste filter (a Pareto of one waste says
    nothing). Observations without a waste category are counted in `unclassified`; the € and
    time Paretos hold only the wastes with a quantified impact.
    """
    filters = filters or ObservationFilter()
    base = observation_list(
        project=project,
        filters=ObservationFilter(
            method=filters.method, area_id=filters.area_id, step=filters.step
        ),
    )
    totals = (
        Observation.objects.filter(pk__in=base.values("pk"))
        .exclude(waste="")
        .values("waste")
        .annotate(n=Count("pk"), eur=Sum("impact_eur"), seconds=Sum("impact_time_s"))
        .order_by()
    )
    label = dict(Waste.choices)
    counts, euros, hours = {}, {}, {}
    for row in totals:
        name = str(label.get(row["waste"], row["waste"]))
        counts[name] = row["n"]
        if row["eur"]:
            euros[name] = float(row["eur"])
        if row["seconds"]:
            hours[name] = row["seconds"] / 3600
    codes = {str(text): code for code, text in Waste.choices}
    measures = [
        ("count", _("Observations by waste"), _("Observations"), counts, "d"),
        ("eur", _("Impact in € by waste"), _("Impact (€)"), euros, ",.0f"),
        ("hours", _("Time lost by waste"), _("Time lost (h)"), hours, ",.1f"),
    ]
    paretos = {}
    for measure, title, value_title, values, fmt in measures:
        rows = pareto(values)
        spec = pareto_spec(
            rows,
            title,
            value_title,
            category_title=_("Waste"),
            cumulative_title=_("Cumulative %"),
            value_format=fmt,
        )
        paretos[measure] = WastePareto(measure, title, value_title, rows, codes, spec)
    unclassified = base.filter(waste="").count()
    return {"paretos": list(paretos.values()), "unclassified": unclassified}


def step_names(project: Project) -> list[str]:
    """Process steps to suggest: those of the project's value stream maps, then those already
    used in its observations."""
    from obeya.core.vsm import load_value_stream  # the value-stream maths, Django-free

    names: list[str] = []
    for source in project.value_streams.values_list("source", flat=True):
        try:
            names += [process.name for process in load_value_stream(source).processes]
        except ValueError:  # a map being written: its steps come once it parses
            continue
    names += project.observations.exclude(step="").values_list("step", flat=True)
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))
