"""Who may read and change a skills matrix (docs/skills.md).

Skills are company data, not project data: every user of the company reads every area's
matrix; site administrators and the facilitators of a project of the area change it (they are
the ones who plan the trainings there); others get 403. A user of another company, or with no
company, gets 404: the area is not theirs to know about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from obeya.organisation.access import can_manage_organisation, get_company_for_user
from obeya.organisation.models import Area, Company
from obeya.projects.models import Membership


def can_edit_skills(user: Any, area: Area) -> bool:
    """Site administrators, superusers and the facilitators of a project of `area`."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or can_manage_organisation(user):
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.FACILITATOR, project__area=area
    ).exists()


@dataclass(frozen=True)
class AreaAccess:
    area: Area
    company: Company
    can_edit: bool


def get_area_for_user(user: Any, area_id: int, *, edit: bool = False) -> AreaAccess:
    """404 unless the area belongs to the user's company; 403 if `edit` and they may not."""
    company = get_company_for_user(user)
    area = Area.objects.select_related("site").filter(pk=area_id, site__company=company).first()
    if area is None:
        raise Http404
    access = AreaAccess(area=area, company=company, can_edit=can_edit_skills(user, area))
    if edit and not access.can_edit:
        raise PermissionDenied
    return access
