"""Fetch a problem, a why or an Ishikawa cause for a user (docs/problems.md).

Everyone with a role in the project reads its problems. Facilitators open, edit, move, check,
close and reopen them and add corrective actions (those go into the action plan, which they
run). Facilitators and team members write the analysis, whys and Ishikawa causes with their
evidence: the team that lives with the problem knows its causes and goes to verify them. Others
get 403, and a user without a role 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.problems.models import Cause, Problem, Why
from obeya.projects.access import ProjectAccess, get_project_for_user


def get_problem_for_user(
    user: Any, project_id: int, problem_id: int, *, edit: bool = False, contribute: bool = False
) -> tuple[ProjectAccess, Problem]:
    """404 unless the user may see the project and the problem belongs to it; 403 if `edit`
    (or `contribute`) and the user is not a facilitator (or a facilitator or team member)."""
    access = get_project_for_user(user, project_id)
    problem = (
        Problem.objects.filter(project=access.project, pk=problem_id)
        .select_related("kpi", "team", "opened_by", "project")
        .first()
    )
    if problem is None:
        raise Http404
    if edit:
        access.require(access.can_edit)
    if contribute:
        access.require(access.can_contribute)
    return access, problem


def get_why_for_user(
    user: Any, project_id: int, problem_id: int, why_id: int
) -> tuple[ProjectAccess, Why]:
    access, problem = get_problem_for_user(user, project_id, problem_id, contribute=True)
    why = problem.whys.filter(pk=why_id).select_related("parent", "problem__project").first()
    if why is None:
        raise Http404
    return access, why


def get_cause_for_user(
    user: Any, project_id: int, problem_id: int, cause_id: int
) -> tuple[ProjectAccess, Cause]:
    access, problem = get_problem_for_user(user, project_id, problem_id, contribute=True)
    cause = problem.causes.filter(pk=cause_id).select_related("problem__project").first()
    if cause is None:
        raise Http404
    return access, cause
