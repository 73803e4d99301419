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
from obeya.kpis.models import Kpi
from obeya.levers.selectors import levers_counts
from obeya.meetings.models import Meeting
from obeya.obstacles.models import Obstacle, Stakeholder
from obeya.problems.models import Problem, Verification
from obeya.projects.access import visible_projects
from obeya.projects.models import Membership, Project
from obeya.steering.models import Review
from obeya.teams.models import SkillTarget, TeamMember
from obeya.teams.selectors import area_skills_matrix
from obeya.trainings.models import Training


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
        **_team_facts(project, today),
        **_pilot_and_measure_facts(project),
        actions_open=counts["total"],
        actions_open_planned=counts["planned"],
        actions_overdue=counts["overdue"],
        actions_by_stage=by_stage,
    )


def _team_facts(project: Project, today: dt.date) -> dict[str, int]:
    """Stage 4's facts: the improvement teams, the area's skills gaps against the project's
    trainings, and the meetings (docs/roadmap.md)."""
    teams = project.teams.annotate(
        leaders=Count("members", filter=Q(members__role=TeamMember.Role.LEADER), distinct=True),
        people=Count("members", distinct=True),
        objectives_set=Count(
            "objectives",
            filter=Q(objectives__target__isnull=False, objectives__deadline__isnull=False)
            & ~Q(objectives__kpi_name=""),
            distinct=True,
        ),
    )
    rows = list(teams.values("leaders", "people", "objectives_set"))
    facts = {
        "teams_total": len(rows),
        "teams_formed": sum(1 for r in rows if r["leaders"] > 0 and r["people"] >= 2),
        "teams_with_objective": sum(1 for r in rows if r["objectives_set"] > 0),
        "skill_targets": 0,
        "skills_short_untrained": 0,
    }
    if project.area_id is not None:
        facts["skill_targets"] = SkillTarget.objects.filter(
            area_id=project.area_id, people__gt=0
        ).count()
        if facts["skill_targets"]:
            short = {
                column.skill.pk
                for column in area_skills_matrix(project.area).columns
                if not column.gap.is_met
            }
            trained = set(
                Training.objects.filter(project=project, skill_id__in=short)
                .exclude(status=Training.Status.CANCELLED)
                .values_list("skill_id", flat=True)
            )
            facts["skills_short_untrained"] = len(short - trained)
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    start_of_tomorrow = start_of_today + dt.timedelta(days=1)
    meetings = Meeting.objects.filter(project=project).aggregate(
        held=Count("pk", filter=Q(starts_at__lt=start_of_tomorrow) & ~Q(minutes="")),
        upcoming=Count("pk", filter=Q(starts_at__gte=start_of_today, minutes="")),
    )
    facts["meetings_with_minutes"] = meetings["held"]
    facts["meetings_upcoming"] = meetings["upcoming"]
    return facts


def _pilot_and_measure_facts(project: Project) -> dict[str, int]:
    """Stage 5's obstacles, stakeholders and reviews; stage 6's KPIs (docs/roadmap.md)."""
    obstacles = Obstacle.objects.filter(project=project).aggregate(
        logged=Count("pk"),
        without_response=Count("pk", filter=Q(status__in=Obstacle.UNRESOLVED, response="")),
    )
    kpis = Kpi.objects.filter(project=project).annotate(points=Count("measurements"))
    measurable = [axis for axis in project.axes.all() if axis.is_measurable]
    return {
        "obstacles_logged": obstacles["logged"],
        "obstacles_without_response": obstacles["without_response"],
        "stakeholders_assessed": Stakeholder.objects.filter(
            project=project, assessments__isnull=False
        )
        .distinct()
        .count(),
        "reviews_written": Review.objects.filter(project=project).count(),
        "kpis": kpis.count(),
        "axes_without_kpi": sum(1 for axis in measurable if axis.kpi_id is None),
        "kpis_without_chart": kpis.filter(points__lt=2).count(),
        **_problem_facts(project),
    }


def _problem_facts(project: Project) -> dict[str, int]:
    """Stage 7: problems analysed down to a confirmed root cause, closed on their effect."""
    problems = Problem.objects.filter(project=project).annotate(
        roots=Count(
            "whys",
            filter=Q(whys__is_root_cause=True, whys__verification=Verification.CONFIRMED),
        )
    )
    rows = list(problems.values_list("roots", "status"))
    return {
        "problems": len(rows),
        "problems_without_root_cause": sum(1 for roots, _status in rows if roots == 0),
        "problems_closed_with_effect": sum(
            1 for _roots, status in rows if status == Problem.Status.CLOSED
        ),
    }


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
