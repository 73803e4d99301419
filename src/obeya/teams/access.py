"""Who may read and change a skills matrix (docs/skills.md) and a project's teams (docs/teams.md).

Teams are project data: everyone with a role in the project reads them, facilitators change
them, others get 404 (see the end of this module).

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
from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.projects.models import Membership
from obeya.teams.models import ImprovementTeam, TeamMember, TeamObjective


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


# --- improvement teams: the project's rules (obeya.projects.access) ------------------------


def get_team_for_user(
    user: Any, project_id: int, team_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, ImprovementTeam]:
    """404 unless the user may see the project and the team is in it; 403 if `edit` and the
    user is not a facilitator. Everyone with a role reads the teams."""
    access = get_project_for_user(user, project_id, edit=edit)
    team = ImprovementTeam.objects.filter(project=access.project, pk=team_id).first()
    if team is None:
        raise Http404
    return access, team


def get_member_for_user(
    user: Any, project_id: int, team_id: int, member_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, TeamMember]:
    access, team = get_team_for_user(user, project_id, team_id, edit=edit)
    member = TeamMember.objects.filter(team=team, pk=member_id).select_related("person").first()
    if member is None:
        raise Http404
    return access, member


def get_objective_for_user(
    user: Any, project_id: int, team_id: int, objective_id: int, *, edit: bool = False
) -> tuple[ProjectAccess, TeamObjective]:
    access, team = get_team_for_user(user, project_id, team_id, edit=edit)
    objective = TeamObjective.objects.filter(team=team, pk=objective_id).first()
    if objective is None:
        raise Http404
    return access, objective
