"""Reads about projects: the roadmap facts gathered from the data, the home page's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from obeya.actions.models import Action
from obeya.actions.selectors import overdue_q
from obeya.core.roadmap import ProjectFacts, Roadmap, Stage, project_roadmap
from obeya.decisions.selectors import decisions_count, measurable_axes_count
from obeya.levers.selectors import levers_counts
from obeya.projects.access import visible_projects
from obeya.projects.models import Membership, Project


def project_facts(project: Project, today: dt.date | None = None) -> ProjectFacts:
    """Gather from the database what the core's roadmap judges (a few aggregate queries)."""
    today = today or timezone.localdate()
    live = Action.objects.filter(project=project).exclude(status=Action.Status.CANCELLED)
    open_actions = live.filter(status__in=Action.OPEN_STATUSES)
    counts = open_actions.aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(owner__isnull=False, due_date__isnull=False)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    levers = levers_counts(project)
    by_stage = {}
    for row in (
        live.exclude(stage="")
        .values("stage")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=Action.Status.DONE)))
    ):
        by_stage[Stage(row["stage"])] = (row["total"], row["done"])
    return ProjectFacts(
        has_scope=bool(project.area_id or project.product_family_id or project.process_id),
        has_stakes=bool(project.stakes.strip()),
        has_constraints=bool(project.constraints.strip()),
        has_objectives=bool(project.objectives.strip()),
        has_sponsor=project.sponsor_id is not None,
        has_facilitator=project.facilitator_id is not None,
        current_value_streams=project.value_streams.filter(state="current").count(),
        observations=project.observations.count(),
        grid_criteria=project.grid_criteria.count(),
        measurable_axes=measurable_axes_count(project),
        decisions_recorded=decisions_count(project),
        levers_justified=levers["justified"],
        levers_ratified=levers["ratified"],
        team_members=Membership.objects.filter(
            project=project, role=Membership.Role.MEMBER
        ).count(),
        actions_open=counts["total"],
        actions_open_planned=counts["planned"],
        actions_overdue=counts["overdue"],
        actions_by_stage=by_stage,
    )


def roadmap_for_project(project: Project, today: dt.date | None = None) -> Roadmap:
    return project_roadmap(project_facts(project, today))


def home_projects(user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The user's projects with their roadmap and overdue count, for the home page."""
    today = today or timezone.localdate()
    projects = (
        visible_projects(user)
        .select_related("area__site", "sponsor", "facilitator")
        .annotate(
            overdue=Count(
                "actions",
                filter=Q(actions__status__in=Action.OPEN_STATUSES, actions__due_date__lt=today),
            )
        )
        .order_by("status", "title")
    )
    roles = dict(Membership.objects.filter(user=user).values_list("project_id", "role"))
    return [
        {
            "project": p,
            "roadmap": roadmap_for_project(p, today),
            "overdue": p.overdue,
            "role": roles.get(p.pk),
        }
        for p in projects
    ]
