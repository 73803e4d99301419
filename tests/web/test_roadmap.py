"""The roadmap selector gathers the project's facts from the database; the project page shows
the nine stages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from obeya.actions.models import Action
from obeya.core.roadmap import Stage, StageStatus
from obeya.projects.models import STAGE_LABELS
from obeya.projects.selectors import project_facts, roadmap_for_project


@pytest.fixture
def more_actions(cast, actions):
    """Beside the fixture's two open actions (one overdue): a done one, a cancelled one (it
    counts nowhere), and an open one without owner nor due date."""
    today = timezone.localdate()
    project = cast["project"]
    Action.objects.create(
        project=project,
        title="Interview team leaders",
        stage="diagnose",
        owner=cast["owner"].person,
        due_date=today - dt.timedelta(days=20),
        status=Action.Status.DONE,
        progress=100,
        completed_on=today - dt.timedelta(days=21),
    )
    Action.objects.create(
        project=project,
        title="Buy a new press",
        stage="levers",
        due_date=today - dt.timedelta(days=30),
        status=Action.Status.CANCELLED,
    )
    Action.objects.create(project=project, title="Update the board", stage="pilot")
    return actions


def test_project_facts_count_open_planned_and_overdue_actions(project, more_actions):
    facts = project_facts(project)
    assert facts.actions_open == 3
    assert facts.actions_open_planned == 2
    assert facts.actions_overdue == 1


def test_project_facts_count_actions_per_stage_without_cancelled_ones(project, more_actions):
    facts = project_facts(project)
    assert dict(facts.actions_by_stage) == {Stage.DIAGNOSE: (2, 1), Stage.PILOT: (2, 0)}


def test_project_facts_read_scope_people_and_team(project, actions):
    facts = project_facts(project)
    assert facts.has_scope and facts.has_sponsor and facts.has_facilitator
    assert not (facts.has_stakes or facts.has_constraints or facts.has_objectives)
    assert (facts.teams_total, facts.skill_targets, facts.meetings_with_minutes) == (0, 0, 0)


def test_project_facts_of_stage_4_teams_skills_trainings_meetings(cast, project):
    from obeya.meetings.models import Meeting
    from obeya.organisation.models import PersonSkill, Skill
    from obeya.teams.models import ImprovementTeam, SkillTarget, TeamMember, TeamObjective
    from obeya.trainings.models import Training

    formed = ImprovementTeam.objects.create(project=project, name="SMED press")
    TeamMember.objects.create(team=formed, person=cast["owner"].person, role="leader")
    TeamMember.objects.create(team=formed, person=cast["teammate"].person, role="member")
    TeamObjective.objects.create(
        team=formed,
        statement="Changeover",
        kpi_name="Changeover time",
        target=20,
        deadline=dt.date(2027, 3, 1),
    )
    lonely = ImprovementTeam.objects.create(project=project, name="5S store")
    TeamMember.objects.create(team=lonely, person=cast["viewer"].person, role="leader")
    TeamObjective.objects.create(team=lonely, statement="Tidy", kpi_name="5S score")  # no target

    smed = Skill.objects.create(company=project.company, name="SMED", kind="lean")
    five_s = Skill.objects.create(company=project.company, name="5S", kind="lean")
    for person in (cast["owner"].person, cast["teammate"].person):
        person.area = project.area
        person.save()
    PersonSkill.objects.create(person=cast["owner"].person, skill=smed, level=3)
    SkillTarget.objects.create(area=project.area, skill=smed, level=2, people=1)  # met
    SkillTarget.objects.create(area=project.area, skill=five_s, level=2, people=2)  # short

    now = timezone.now()
    Meeting.objects.create(project=project, title="Kick-off", starts_at=now - dt.timedelta(days=9))

    facts = project_facts(project)
    assert (facts.teams_total, facts.teams_formed, facts.teams_with_objective) == (2, 1, 1)
    assert (facts.skill_targets, facts.skills_short_untrained) == (2, 1)
    assert (facts.meetings_with_minutes, facts.meetings_upcoming) == (0, 0)

    Training.objects.create(
        project=project, skill=five_s, title="5S basics", starts_on=dt.date(2027, 1, 5)
    )
    Meeting.objects.filter(project=project).update(minutes="Scope agreed; two actions.")
    Meeting.objects.create(project=project, title="Stand-up", starts_at=now + dt.timedelta(days=2))
    facts = project_facts(project)
    assert facts.skills_short_untrained == 0
    assert (facts.meetings_with_minutes, facts.meetings_upcoming) == (1, 1)
    teams = {
        c.key: c.done for c in roadmap_for_project(project).stages[Stage.TEAMS.number - 1].checks
    }
    assert teams == {
        "facilitator": True,
        "teams_formed": False,
        "team_objectives": False,
        "skills_and_trainings": True,
        "meetings": True,
    }


def test_overdue_is_judged_on_the_given_day(project, actions):
    today = timezone.localdate()
    assert project_facts(project, today - dt.timedelta(days=3)).actions_overdue == 0
    assert project_facts(project, today + dt.timedelta(days=6)).actions_overdue == 2


def test_roadmap_of_the_cast_project(project, more_actions):
    roadmap = roadmap_for_project(project)
    by_stage = {s.stage: s for s in roadmap.stages}
    assert [s.stage for s in roadmap.stages] == list(Stage)
    pilot = {c.key: c for c in by_stage[Stage.PILOT].checks}
    assert pilot["actions_planned"].done and pilot["actions_planned"].count == 2
    assert pilot["actions_planned"].expected == 3
    assert not pilot["actions_owned_and_dated"].done
    assert pilot["actions_owned_and_dated"].count == 1
    assert not pilot["no_overdue_actions"].done
    assert pilot["no_overdue_actions"].count == 1
    assert by_stage[Stage.PILOT].status == StageStatus.IN_PROGRESS
    assert (by_stage[Stage.DIAGNOSE].actions_total, by_stage[Stage.DIAGNOSE].actions_done) == (2, 1)
    assert by_stage[Stage.TEAMS].status == StageStatus.IN_PROGRESS  # facilitator and a member
    assert by_stage[Stage.STANDARDISE].status == StageStatus.PENDING
    assert roadmap.done_count == 0
    assert roadmap.current.stage == Stage.DIAGNOSE


def test_project_facts_of_stages_5_and_6_obstacles_reviews_kpis(cast, project):
    from obeya.decisions.models import Axis
    from obeya.kpis.services import kpi_create, measurement_add
    from obeya.obstacles.models import Obstacle
    from obeya.obstacles.services import stakeholder_create
    from obeya.steering.services import review_create

    owner = cast["owner"]
    today = timezone.localdate()
    Obstacle.objects.create(
        project=project,
        title="Setters fear the standard",
        kind="human",
        is_resistance=True,
        raised_on=today,
        description="",
    )
    axis = Axis.objects.create(
        project=project,
        title="Cut changeover time",
        kpi_name="Changeover",
        baseline=45,
        target=10,
        deadline=today + dt.timedelta(days=90),
    )
    facts = project_facts(project)
    assert (facts.obstacles_logged, facts.obstacles_without_response) == (1, 1)
    assert (facts.stakeholders_assessed, facts.reviews_written) == (0, 0)
    assert (facts.kpis, facts.axes_without_kpi, facts.kpis_without_chart) == (0, 1, 0)

    Obstacle.objects.update(response="involve")
    stakeholder_create(project=project, user=owner, influence=4, attitude=-1, group="Setters")
    review_create(
        project=project, user=owner, title="Month 1", difficulties="Setters", progress="SMED trial"
    )
    kpi = kpi_create(project=project, user=owner, name="Changeover", definition="min")
    measurement_add(kpi=kpi, user=owner, measured_at=timezone.now(), value=44)
    axis.kpi = kpi
    axis.save()
    facts = project_facts(project)
    assert (facts.obstacles_without_response, facts.stakeholders_assessed) == (0, 1)
    assert facts.reviews_written == 1
    assert (facts.kpis, facts.axes_without_kpi, facts.kpis_without_chart) == (1, 0, 1)
    measurement_add(kpi=kpi, user=owner, measured_at=timezone.now(), value=41)
    assert project_facts(project).kpis_without_chart == 0


def test_closing_the_overdue_action_meets_the_no_overdue_check(cast, actions):
    from obeya.actions.services import action_update

    action_update(action=actions["teammate"], user=cast["teammate"], status="done")
    pilot = roadmap_for_project(cast["project"]).stages[4]
    assert {c.key: c.done for c in pilot.checks}["no_overdue_actions"] is True


def test_project_page_shows_the_nine_stage_names(client_for, cast, actions, in_language_of):
    response = client_for(cast["viewer"]).get(reverse("projects:detail", args=[cast["project"].pk]))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    for number, stage in enumerate(Stage, start=1):
        assert f'data-stage="{stage.value}"' in html
        assert f"{number}. {in_language_of(response, STAGE_LABELS[stage])}" in html
    assert html.count('class="stage ') == 9


def test_project_page_and_api_agree_on_the_roadmap(client_for, api_for, cast, more_actions):
    project = cast["project"]
    data = api_for(cast["sponsor"]).get(f"/api/projects/{project.pk}/roadmap").json()
    roadmap = roadmap_for_project(project)
    assert data["stages_done"] == roadmap.done_count
    assert data["current_stage"] == "diagnose"
    assert [s["stage"] for s in data["stages"]] == [s.value for s in Stage]
    pilot = data["stages"][4]
    assert (pilot["actions_total"], pilot["actions_done"], pilot["status"]) == (2, 0, "in_progress")
