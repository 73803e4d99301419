"""API: the catalogue of levers and a project's candidate actions with their economics, with
the same rules as the pages (facilitators write and submit, sponsors decide)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from obeya.decisions.models import Axis
from obeya.levers import selectors, services
from obeya.levers.access import get_candidate_for_user
from obeya.levers.models import CandidateLever
from obeya.projects.access import get_project_for_user

router = Router(tags=["levers"])


class LeverOut(Schema):
    id: int
    code: str
    builtin: bool
    company_id: int | None
    category: str
    name: str
    acts_on: str
    when_fits: str
    indicators: str
    pitfalls: str


class EconomicsOut(Schema):
    net_annual_gain_eur: float | None = None
    total_net_gain_eur: float | None = None
    roi: float | None = None
    payback_months: float | None = None
    discounted_payback_months: float | None = None
    npv_eur: float | None = None
    irr: float | None = None
    break_even_months: float | None = None
    errors: list[str] = []


class CandidateOut(Schema):
    id: int
    project_id: int
    title: str
    description: str
    facts: str
    lever_id: int | None
    axis_id: int | None
    gain_eur_per_year: float | None
    gain_kpi: float | None
    investment_eur: float | None
    running_cost_eur_per_year: float
    horizon_years: int
    discount_rate_pct: float
    ramp_up_months: int
    risks: str
    effort: int | None
    impact: int | None
    culture_fit: int | None
    status: str
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_comment: str
    action_ids: list[int]
    economics: EconomicsOut


class CandidateIn(Schema):
    title: str
    description: str = ""
    facts: str = ""
    lever_id: int | None = None
    axis_id: int | None = None
    gain_eur_per_year: Decimal | None = None
    gain_kpi: float | None = None
    investment_eur: Decimal | None = None
    running_cost_eur_per_year: Decimal = Decimal(0)
    horizon_years: int = 3
    discount_rate_pct: float = 8.0
    ramp_up_months: int = 0
    risks: str = ""
    effort: int | None = None
    impact: int | None = None
    culture_fit: int | None = None
    culture_comment: str = ""


class ActionIn(Schema):
    title: str
    stage: str = "pilot"
    due_date: dt.date | None = None


class RatifyIn(Schema):
    comment: str = ""
    actions: list[ActionIn] | None = None  # default: the proposed first actions


class DecisionIn(Schema):
    comment: str


def _lever_out(lever) -> dict:
    texts = lever.texts
    return {
        "id": lever.pk,
        "code": lever.code,
        "builtin": lever.is_builtin,
        "company_id": lever.company_id,
        "category": lever.category,
        **{
            f: getattr(texts, f) for f in ("name", "acts_on", "when_fits", "indicators", "pitfalls")
        },
    }


def _economics_out(candidate: CandidateLever) -> dict:
    economics = selectors.candidate_economics(candidate)
    if not economics.ok:
        return {"errors": economics.errors}
    a = economics.appraisal
    return {key: getattr(a, key) for key in selectors.FIGURE_KINDS} | {"errors": []}


def _money(value) -> float | None:
    return None if value is None else float(value)


def _out(c: CandidateLever) -> dict:
    return {
        "id": c.pk,
        "project_id": c.project_id,
        "title": c.title,
        "description": c.description,
        "facts": c.facts,
        "lever_id": c.lever_id,
        "axis_id": c.axis_id,
        "gain_eur_per_year": _money(c.gain_eur_per_year),
        "gain_kpi": c.gain_kpi,
        "investment_eur": _money(c.investment_eur),
        "running_cost_eur_per_year": float(c.running_cost_eur_per_year),
        "horizon_years": c.horizon_years,
        "discount_rate_pct": c.discount_rate_pct,
        "ramp_up_months": c.ramp_up_months,
        "risks": c.risks,
        "effort": c.effort,
        "impact": c.impact,
        "culture_fit": c.culture_fit,
        "status": c.status,
        "decided_by": str(c.decided_by) if c.decided_by_id else None,
        "decided_at": c.decided_at,
        "decision_comment": c.decision_comment,
        "action_ids": sorted(c.actions.values_list("pk", flat=True)),
        "economics": _economics_out(c),
    }


def _fields(payload: dict, project) -> dict:
    """Resolve the lever and axis ids within what the project may use."""
    fields = dict(payload)
    lever_id, axis_id = fields.pop("lever_id", None), fields.pop("axis_id", None)
    fields["lever"] = fields["axis"] = None
    if lever_id is not None:
        fields["lever"] = (
            selectors.levers_for_company(project.company_id).filter(pk=lever_id).first()
        )
        if fields["lever"] is None:
            raise ValidationError({"lever_id": "No such lever in the catalogue of the project."})
    if axis_id is not None:
        fields["axis"] = Axis.objects.filter(pk=axis_id, project=project).first()
        if fields["axis"] is None:
            raise ValidationError({"axis_id": "No such axis in the project."})
    return fields


@router.get(
    "/{project_id}/levers/catalogue", response=list[LeverOut], summary="The catalogue of levers"
)
def list_catalogue(request, project_id: int, q: str = "", category: str = ""):
    access = get_project_for_user(request.user, project_id)
    levers = selectors.lever_catalogue(project=access.project, query=q, category=category)
    return [_lever_out(lever) for lever in levers]


@router.get("/{project_id}/levers", response=list[CandidateOut], summary="Candidate actions")
def list_candidates(request, project_id: int, status: str = ""):
    access = get_project_for_user(request.user, project_id)
    candidates = selectors.candidates_of(access.project).prefetch_related("actions")
    if status:
        candidates = candidates.filter(status=status)
    return [_out(c) for c in candidates]


@router.post("/{project_id}/levers", response={201: CandidateOut}, summary="Add a candidate")
def create_candidate(request, project_id: int, payload: CandidateIn):
    access = get_project_for_user(request.user, project_id, edit=True)
    candidate = services.candidate_create(
        project=access.project, user=request.user, **_fields(payload.dict(), access.project)
    )
    return 201, _out(candidate)


@router.get("/{project_id}/levers/{candidate_id}", response=CandidateOut, summary="One candidate")
def get_candidate(request, project_id: int, candidate_id: int):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id)
    return _out(candidate)


@router.post(
    "/{project_id}/levers/{candidate_id}/submit",
    response=CandidateOut,
    summary="Submit a complete candidate to the sponsor (facilitators)",
)
def submit_candidate(request, project_id: int, candidate_id: int):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, edit=True)
    return _out(services.candidate_submit(candidate=candidate, user=request.user))


@router.post(
    "/{project_id}/levers/{candidate_id}/ratify",
    response=CandidateOut,
    summary="Ratify a submitted candidate and create its first actions (sponsors)",
)
def ratify_candidate(request, project_id: int, candidate_id: int, payload: RatifyIn):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, ratify=True)
    if payload.actions is None:
        actions = [{"title": t} for t in selectors.proposed_actions(candidate)]
    else:
        actions = [a.dict() for a in payload.actions]
    services.candidate_ratify(
        candidate=candidate, user=request.user, comment=payload.comment, actions=actions
    )
    return _out(candidate)


@router.post(
    "/{project_id}/levers/{candidate_id}/reject",
    response=CandidateOut,
    summary="Reject a submitted candidate, with the reason (sponsors)",
)
def reject_candidate(request, project_id: int, candidate_id: int, payload: DecisionIn):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, ratify=True)
    services.candidate_reject(candidate=candidate, user=request.user, comment=payload.comment)
    return _out(candidate)


@router.post(
    "/{project_id}/levers/{candidate_id}/postpone",
    response=CandidateOut,
    summary="Postpone a submitted candidate, with the reason (sponsors)",
)
def postpone_candidate(request, project_id: int, candidate_id: int, payload: DecisionIn):
    _access, candidate = get_candidate_for_user(request.user, project_id, candidate_id, ratify=True)
    services.candidate_postpone(candidate=candidate, user=request.user, comment=payload.comment)
    return _out(candidate)
