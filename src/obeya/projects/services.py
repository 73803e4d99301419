"""Every write to a project and its memberships; one transaction each, audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from obeya.audit.models import AuditEntry
from obeya.audit.services import assign_fields, audit_record, audited_save, stored_snapshot
from obeya.organisation.models import Company
from obeya.projects.models import Membership, Project

PROJECT_FIELDS = (
    "title",
    "area",
    "product_family",
    "process",
    "sponsor",
    "facilitator",
    "start_date",
    "end_date",
    "stakes",
    "constraints",
    "objectives",
    "status",
)


def _check_same_company(project: Project) -> None:
    """Scope and people must come from the project's own company."""
    errors = {}
    company_id = project.company_id
    if project.area_id and project.area.site.company_id != company_id:
        errors["area"] = _("This area belongs to another company.")
    if project.product_family_id and project.product_family.company_id != company_id:
        errors["product_family"] = _("This product family belongs to another company.")
    if project.process_id and project.process.area.site.company_id != company_id:
        errors["process"] = _("This process belongs to another company.")
    for name in ("sponsor", "facilitator"):
        person = getattr(project, name)
        if person is not None and person.company_id != company_id:
            errors[name] = _("This person belongs to another company.")
    if errors:
        raise ValidationError(errors)


def same_project_links(project: Project, **links: tuple[Iterable[Any], str]) -> dict[str, list]:
    """The objects an item links to (`field=(objects, message)`), as lists, once every one
    belongs to `project`; else a ValidationError giving each field's message where an object
    of another project was slipped in (a forged form or an API call)."""
    found = {field: list(objects) for field, (objects, _message) in links.items()}
    errors = {
        field: message
        for field, (_objects, message) in links.items()
        if any(o.project_id != project.pk for o in found[field])
    }
    if errors:
        raise ValidationError(errors)
    return found


@transaction.atomic
def project_create(*, company: Company, user: Any, **fields: Any) -> Project:
    """Create a project; its creator becomes its facilitator member."""
    project = Project(company=company, **fields)
    project.full_clean()  # a bad value is reported before a scope of another company
    _check_same_company(project)
    audited_save(project, user=user, fields=PROJECT_FIELDS, project=project)
    Membership.objects.create(project=project, user=user, role=Membership.Role.FACILITATOR)
    return project


@transaction.atomic
def project_update(*, project: Project, user: Any, **fields: Any) -> Project:
    before = stored_snapshot(project, PROJECT_FIELDS)
    assign_fields(project, fields, PROJECT_FIELDS, service="project_update")
    project.full_clean()  # a bad value is reported before a scope of another company
    _check_same_company(project)
    return audited_save(project, user=user, fields=PROJECT_FIELDS, project=project, before=before)


@transaction.atomic
def membership_set(*, project: Project, member: Any, role: str, user: Any) -> Membership:
    """Give `member` a role in the project (or change it)."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    person = getattr(member, "person", None)
    if person is None or person.company_id != project.company_id:
        raise ValidationError(
            {"user": _("Only people of the project's company can be given a role.")}
        )
    membership, created = Membership.objects.get_or_create(
        project=project, user=member, defaults={"role": role}
    )
    old = None if created else membership.role
    if not created and membership.role != role:
        if membership.role == Membership.Role.FACILITATOR:
            _keep_one_facilitator(project, membership)
        membership.role = role
        membership.save(update_fields=["role"])
    audit_record(
        obj=project,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=project,
        before={f"member:{member.get_username()}": old},
        after={f"member:{member.get_username()}": role},
    )
    return membership


def _keep_one_facilitator(project: Project, membership: Membership) -> None:
    others = Membership.objects.filter(project=project, role=Membership.Role.FACILITATOR)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(_("A project keeps at least one facilitator."))


@transaction.atomic
def membership_remove(*, membership: Membership, user: Any) -> None:
    if membership.role == Membership.Role.FACILITATOR:
        _keep_one_facilitator(membership.project, membership)
    name = membership.user.get_username()
    audit_record(
        obj=membership.project,
        user=user,
        verb=AuditEntry.Verb.UPDATE,
        project=membership.project,
        before={f"member:{name}": membership.role},
        after={f"member:{name}": None},
    )
    membership.delete()
