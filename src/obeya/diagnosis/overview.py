"""The diagnosis of a project on one page: maps, flow analysis, observations, grid and SWOT.

It assembles what the other modules computed; every figure comes from the project's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from obeya.core.roadmap import Stage
from obeya.diagnosis.selectors import DiagnosticGrid, diagnostic_grid, swot_quadrants
from obeya.flowlogs.models import EventLog
from obeya.gemba.models import Observation
from obeya.gemba.selectors import waste_paretos
from obeya.projects.models import Project
from obeya.projects.selectors import roadmap_for_project
from obeya.valuestreams import figures
from obeya.valuestreams.drawing import draw
from obeya.valuestreams.models import ValueStream
from obeya.valuestreams.selectors import value_stream_analysis


@dataclass(frozen=True)
class MapSection:
    value_stream: ValueStream
    svg: str
    summary: figures.Summary | None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FlowSection:
    log: EventLog
    analysis: dict[str, Any]

    @property
    def top_waiting(self) -> list[dict[str, Any]]:
        return self.analysis.get("waiting_by_activity", [])[:5]

    @property
    def top_variants(self) -> list[dict[str, Any]]:
        cases = self.analysis.get("cases") or 0
        return [
            {**v, "share": v["count"] / cases if cases else 0.0}
            for v in self.analysis.get("variants", [])[:5]
        ]


@dataclass(frozen=True)
class Diagnosis:
    project: Project
    stage: Any
    maps: list[MapSection]
    flows: list[FlowSection]
    observations: list[Observation]
    observation_count: int
    paretos: dict[str, Any]
    grid: DiagnosticGrid
    swot: list[tuple[str, str, list]]


def _maps(project: Project) -> list[MapSection]:
    sections = []
    for vs in ValueStream.objects.filter(project=project, state=ValueStream.State.CURRENT):
        analysis = value_stream_analysis(vs)
        if analysis.ok:
            svg = draw(analysis.model, analysis.metrics, id_prefix=f"dx-{vs.pk}")
            sections.append(MapSection(vs, svg, figures.summary(analysis.metrics, analysis.model)))
        else:
            sections.append(MapSection(vs, "", None, analysis.errors))
    return sections


def project_diagnosis(project: Project, *, top_observations: int = 8) -> Diagnosis:
    roadmap = roadmap_for_project(project)
    observations = (
        Observation.objects.filter(project=project)
        .select_related("area", "observer")
        .prefetch_related("photos")
    )
    ranked = sorted(
        observations, key=lambda o: (-(float(o.impact_eur or 0)), -(o.impact_time_s or 0), -o.pk)
    )
    flows = [
        FlowSection(log, log.analysis)
        for log in EventLog.objects.filter(project=project, status=EventLog.Status.READY).exclude(
            analysis={}
        )
    ]
    return Diagnosis(
        project=project,
        stage=roadmap.stages[Stage.DIAGNOSE.number - 1],
        maps=_maps(project),
        flows=flows,
        observations=ranked[:top_observations],
        observation_count=len(ranked),
        paretos=waste_paretos(project=project),
        grid=diagnostic_grid(project),
        swot=swot_quadrants(project),
    )
