"""API: a project's priority axes and decisions, with the same rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from obeya.decisions import services
from obeya.decisions.models import Axis, Decision
from obeya.decisions.selectors import Analysis, decisions_with_results, project_axes
from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.gemba.models import Observation
from obeya.projects.access import get_project_for_user

router = Router(tags=["decisions"])


class AxisOut(Schema):
    id: int
    project_id: int
    priority: int
    title: str
    stakes_gains: str
    stakes_risks: str
    reasoning: str
    kpi_name: str
    kpi_unit: str
    kpi_direction: str
    baseline: float | None
    target: float | None
    deadline: dt.date | None
    measurable: bool
    missing: list[str]
    observation_ids: list[int]
    grid_criterion_ids: list[int]
    swot_item_ids: list[int]
    flow_findings: str


class AxisIn(Schema):
    title: str
    stakes_gains: str = ""
    stakes_risks: str = ""
    reasoning: str = ""
    kpi_name: str = ""
    kpi_unit: str = ""
    kpi_direction: str = Axis.Direction.DECREASE
    baseline: float | None = None
    target: float | None = None
    deadline: dt.date | None = None
    observation_ids: list[int] = []
    grid_criterion_ids: list[int] = []
    swot_item_ids: list[int] = []
    flow_findings: str = ""


class RankOut(Schema):
    option: str
    rank: int
    total: float


class SensitivityOut(Schema):
    criterion: str
    weight: float
    lower: float
    upper: float | None
    lower_takeover: str | None
    upper_takeover: str | None


class AhpOut(Schema):
    weights: dict[str, float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    consistent: bool


class DecisionOut(Schema):
    id: int
    project_id: int
    title: str
    question: str
    method: str
    status: str
    options: list[str]
    criteria: list[str]
    weights: list[float]
    ranking: list[RankOut]
    sensitivity: list[SensitivityOut]
    ahp: AhpOut | None
    errors: list[str]
    chosen_option: str | None
    summary: str
    decided_by: str | None
    decided_at: dt.datetime | None


def _axis_out(axis: Axis) -> dict:
    return {
        **{name: getattr(axis, name) for name in services.AXIS_FIELDS},
        "id": axis.pk,
        "project_id": axis.project_id,
        "priority": axis.priority,
        "measurable": axis.is_measurable,
        "missing": axis.missing,
        "observation_ids": sorted(o.pk for o in axis.observations.all()),
        "grid_criterion_ids": sorted(c.pk for c in axis.grid_criteria.all()),
        "swot_item_ids": sorted(s.pk for s in axis.swot_items.all()),
    }


def _decision_out(decision: Decision, analysis: Analysis) -> dict:
    ahp = analysis.ahp
    return {
        "id": decision.pk,
        "project_id": decision.project_id,
        "title": decision.title,
        "question": decision.question,
        "method": decision.method,
        "status": decision.status,
        "options": analysis.options,
        "criteria": [c.name for c in analysis.criteria],
        "weights": analysis.weights,
        "ranking": [
            {"option": r.option, "rank": r.rank, "total": r.total}
            for r in (analysis.matrix.ranking if analysis.matrix else ())
        ],
        "sensitivity": [vars(r) for r in analysis.sensitivity],
        "ahp": None
        if ahp is None
        else {
            "weights": dict(zip(ahp.names, ahp.weights, strict=True)),
            "lambda_max": ahp.lambda_max,
            "consistency_index": ahp.consistency_index,
            "consistency_ratio": ahp.consistency_ratio,
            "consistent": ahp.consistent,
        },
        "errors": analysis.errors,
        "chosen_option": decision.chosen_option.name if decision.chosen_option else None,
        "summary": decision.summary,
        "decided_by": decision.decided_by.get_username() if decision.decided_by else None,
        "decided_at": decision.decided_at,
    }


@router.get(
    "/{project_id}/axes",
    response=list[AxisOut],
    summary="A project's priority axes, with what each objective lacks to be measurable",
)
def list_axes(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_axis_out(axis) for axis in project_axes(access.project)]


@router.post(
    "/{project_id}/axes", response={201: AxisOut}, summary="Add a priority axis (facilitators)"
)
def create_axis(request, project_id: int, payload: AxisIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    fields = payload.dict()
    project = access.project
    # Ids of another project are not found here, so the service names the field.
    links = {
        "observations": (Observation, fields.pop("observation_ids")),
        "grid_criteria": (GridCriterion, fields.pop("grid_criterion_ids")),
        "swot_items": (SwotItem, fields.pop("swot_item_ids")),
    }
    linked = {name: list(model.objects.filter(pk__in=ids)) for name, (model, ids) in links.items()}
    unknown = {
        name: f"No such id: {sorted(set(ids) - {obj.pk for obj in linked[name]})}"
        for name, (_model, ids) in links.items()
        if len(linked[name]) != len(set(ids))
    }
    if unknown:
        raise ValidationError(unknown)
    axis = services.axis_create(project=project, user=request.user, **linked, **fields)
    return 201, _axis_out(axis)


@router.get(
    "/{project_id}/decisions",
    response=list[DecisionOut],
    summary="A project's decisions with their ranking, sensitivity and result",
)
def list_decisions(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    return [_decision_out(d, a) for d, a in decisions_with_results(access.project)]
