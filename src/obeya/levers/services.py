"""Every write to the levers: the catalogue, candidate actions and their ratification.

One transaction each, each audited. Validation errors name the field they are about, so the
form that fed the service shows them next to it. The rules of the life of a candidate:

    draft --submit--> submitted --ratify / reject / postpone--> decided (read-only)
              <--withdraw--

Only a draft changes; a decided candidate keeps what was decided, by whom and when. Ratifying
creates the first actions of the plan in the same transaction, so a ratified lever is never
left without its actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obeya.actions.models import Action
from obeya.actions.services import action_create
from obeya.audit.models import AuditEntry
from obeya.audit.services import (
    assign_fields,
    audit_record,
    audited_save,
    audited_update,
    snapshot,
    stored_snapshot,
)
from obeya.gemba.models import Observation
from obeya.levers.catalogue import TEXT_FIELDS, sync_builtin_rows
from obeya.levers.models import CandidateLever, Lever
from obeya.organisation.models import Company
from obeya.projects.models import Project
from obeya.projects.services import same_project_links

LEVER_FIELDS = ("code", "category", *TEXT_FIELDS)
CANDIDATE_FIELDS = (
    "lever",
    "axis",
    "title",
    "description",
    "facts",
    "gain_eur_per_year",
    "gain_kpi",
    "investment_eur",
    "running_cost_eur_per_year",
    "horizon_years",
    "discount_rate_pct",
    "ramp_up_months",
    "risks",
    "effort",
    "impact",
    "culture_fit",
    "culture_comment",
    "value_stream",
)
DECISION_FIELDS = ("status", "submitted_at", "decided_by", "decided_at", "decision_comment")
ACTION_STAGES = ("levers", "pilot")

Status = CandidateLever.Status


# --- the catalogue -------------------------------------------------------------------------


@transaction.atomic
def catalogue_sync() -> int:
    """Bring the built-in rows in line with obeya.levers.catalogue (new levers added, texts
    refreshed); returns how many were created. Not audited: the catalogue is code."""
    return sync_builtin_rows(Lever)


@transaction.atomic
def lever_create(*, company: Company, user: Any, **fields: Any) -> Lever:
    lever = Lever(company=company, **fields)
    return audited_save(lever, user=user, fields=LEVER_FIELDS)


@transaction.atomic
def lever_update(*, lever: Lever, user: Any, **fields: Any) -> Lever:
    if lever.is_builtin:
        raise ValidationError(_("The built-in levers are read-only; add your company's own."))
    return audited_update(lever, fields, user=user, fields=LEVER_FIELDS, service="lever_update")


# --- candidates ------------------------------------------------------------------------------


def _candidate_snapshot(candidate: CandidateLever, *, stored: bool = False) -> dict[str, Any]:
    fields = CANDIDATE_FIELDS + DECISION_FIELDS
    if stored:
        data = stored_snapshot(candidate, fields, related=["lever", "axis", "value_stream"])
    else:
        data = snapshot(candidate, fields)
    if candidate.pk:
        data["observations"] = sorted(candidate.observations.values_list("pk", flat=True))
    return data


def _check_observations(project: Project, observations: Iterable[Observation]) -> list:
    message = _("Only observations of this project can be cited.")
    return same_project_links(project, observations=(observations, message))["observations"]


def _require_status(candidate: CandidateLever, *allowed: str, message: str) -> None:
    if candidate.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def candidate_create(
    *, project: Project, user: Any, observations: Iterable[Observation] = (), **fields: Any
) -> CandidateLever:
    candidate = CandidateLever(project=project, **fields)
    candidate.full_clean()
    observations = _check_observations(project, observations)
    candidate.save()
    candidate.observations.set(observations)
    audit_record(
        obj=candidate,
        user=user,
        verb=AuditEntry.Verb.CREATE,
        project=project,
        after=_candidate_snapshot(candidate),
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: CandidateLever,
    user: Any,
    observations: Iterable[Observation] | None = None,
    **fields: Any,
) -> CandidateLever:
    _require_status(
        candidate,
        Status.DRAFT,
        message=_("Only a draft can be changed: withdraw the candidate first."),
    )
    before = _candidate_snapshot(candidate, stored=True)
    assign_fields(
        candidate, fields, CANDIDATE_FIELDS + ("gain_breakdown",), service="candidate_update"
    )
    candidate.full_clean()
    candidate.save()
    if observations is not None:
        candidate.observations.set(_check_observations(candidate.project, observations))
    audit_record(
        obj=candidate,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=candidate.project,
        before=before,
        after=_candidate_snapshot(candidate),
    )
    return candidate


@transaction.atomic
def candidate_delete(*, candidate: CandidateLever, user: Any) -> None:
    _require_status(
        candidate,
        Status.DRAFT,
        message=_("Only a draft can be deleted: decided candidates stay in the project's history."),
    )
    audit_record(
        obj=candidate,
        user=user,
        verb=AuditEntry.Verb.DELETE,
        project=candidate.project,
        before=_candidate_snapshot(candidate),
    )
    candidate.delete()


def _change_status(candidate: CandidateLever, user: Any, **changes: Any) -> CandidateLever:
    before = _candidate_snapshot(candidate, stored=True)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.save()
    audit_record(
        obj=candidate,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=candidate.project,
        before=before,
        after=_candidate_snapshot(candidate),
    )
    return candidate


@transaction.atomic
def candidate_submit(*, candidate: CandidateLever, user: Any) -> CandidateLever:
    """Send a complete draft to the sponsor; says what is missing otherwise."""
    _require_status(candidate, Status.DRAFT, message=_("Only a draft can be submitted."))
    missing = candidate.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Complete the candidate before submitting it; missing: %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    return _change_status(candidate, user, status=Status.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def candidate_withdraw(*, candidate: CandidateLever, user: Any) -> CandidateLever:
    """Take a submitted candidate back to draft, to change it before the sponsor decides."""
    _require_status(
        candidate, Status.SUBMITTED, message=_("Only a submitted candidate can be withdrawn.")
    )
    return _change_status(candidate, user, status=Status.DRAFT, submitted_at=None)


def _decide(candidate: CandidateLever, user: Any, status: str, comment: str) -> CandidateLever:
    _require_status(
        candidate, Status.SUBMITTED, message=_("Only a submitted candidate can be decided.")
    )
    return _change_status(
        candidate,
        user,
        status=status,
        decided_by=user,
        decided_at=timezone.now(),
        decision_comment=comment.strip(),
    )


def _require_comment(comment: str) -> None:
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Give the reason: it is kept for the end-of-project report.")}
        )


@transaction.atomic
def candidate_ratify(
    *,
    candidate: CandidateLever,
    user: Any,
    actions: Sequence[dict[str, Any]],
    comment: str = "",
) -> list[Action]:
    """Ratify a submitted candidate and create its first actions in the plan, all or nothing.

    `actions`: at least one dict of `action_create` fields (title, stage, description,
    owner, due_date...); the stage defaults to "pilot".
    """
    actions = [a for a in actions if str(a.get("title", "")).strip()]
    if not actions:
        raise ValidationError({"actions": _("Name at least one first action of the plan.")})
    for fields in actions:
        if fields.get("stage", "pilot") not in ACTION_STAGES:
            raise ValidationError(
                {"actions": _("An action of a lever is in the levers or pilot stage.")}
            )
    _decide(candidate, user, Status.RATIFIED, comment)
    created = [
        action_create(
            project=candidate.project,
            user=user,
            **{
                "stage": "pilot",
                "description": candidate.description,
                "axis": candidate.axis,  # the plan's progress per axis counts these actions
                **fields,
            },
        )
        for fields in actions
    ]
    candidate.actions.add(*created)
    return created


@transaction.atomic
def candidate_reject(*, candidate: CandidateLever, user: Any, comment: str) -> CandidateLever:
    _require_comment(comment)
    return _decide(candidate, user, Status.REJECTED, comment)


@transaction.atomic
def candidate_postpone(*, candidate: CandidateLever, user: Any, comment: str) -> CandidateLever:
    _require_comment(comment)
    return _decide(candidate, user, Status.POSTPONED, comment)


@transaction.atomic
def candidate_use_future_state_gains(
    *, candidate: CandidateLever, user: Any, gains: Any, assumptions: Any
) -> CandidateLever:
    """Take the euros of the linked future state's gains as the expected gain, keeping the
    breakdown and the assumptions beside it (see selectors.future_state_gains_of)."""
    breakdown = {
        "value_stream": candidate.value_stream_id,
        "assumptions": {k: float(v) for k, v in asdict(assumptions).items()},
        "gains": {k: round(float(v), 2) for k, v in asdict(gains).items()},
    }
    return candidate_update(
        candidate=candidate,
        user=user,
        gain_eur_per_year=Decimal(str(round(gains.annual_gain_eur, 2))),
        gain_breakdown=breakdown,
    )
