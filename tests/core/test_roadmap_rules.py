"""The roadmap judges each of the nine stages from facts, never from a tick box."""

import pytest

from obeya.core.roadmap import ProjectFacts, Stage, StageStatus, project_roadmap


def test_nine_stages_in_the_order_of_the_cqpm():
    roadmap = project_roadmap(ProjectFacts())
    assert [s.stage for s in roadmap.stages] == list(Stage)
    assert [s.stage.number for s in roadmap.stages] == list(range(1, 10))
    assert [s.value for s in Stage] == [
        "diagnose",
        "prioritise",
        "levers",
        "teams",
        "pilot",
        "measure",
        "correct",
        "standardise",
        "valorise",
    ]


def test_empty_project_has_nothing_done_and_later_modules_pending():
    roadmap = project_roadmap(ProjectFacts())
    status = {s.stage: s.status for s in roadmap.stages}
    assert status[Stage.DIAGNOSE] == StageStatus.NOT_STARTED
    assert status[Stage.PILOT] == StageStatus.NOT_STARTED
    assert status[Stage.MEASURE] == StageStatus.NOT_STARTED
    assert status[Stage.CORRECT] == StageStatus.NOT_STARTED
    for stage in (Stage.STANDARDISE, Stage.VALORISE):
        assert status[stage] == StageStatus.PENDING
    assert roadmap.done_count == 0
    assert roadmap.checks_met == 0
    assert roadmap.current.stage == Stage.DIAGNOSE


def test_a_stage_with_a_pending_check_is_never_done():
    from obeya.core.roadmap import Check, StageProgress

    stage = StageProgress(Stage.PILOT, (Check("a", True), Check("b", True), Check("c", None)))
    assert stage.missing_checks == ()
    assert [c.key for c in stage.pending_checks] == ["c"]
    assert stage.status == StageStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({}, set()),
        ({"obstacles_logged": 0}, {"obstacles_and_resistance"}),
        ({"obstacles_without_response": 1}, {"obstacles_and_resistance"}),
        ({"stakeholders_assessed": 0}, {"stakeholder_map"}),
        ({"reviews_written": 0}, {"progress_reviews"}),
    ],
)
def test_pilot_stage_follows_obstacles_stakeholders_and_reviews(change, missing):
    facts = dict(
        actions_open=4,
        actions_open_planned=4,
        obstacles_logged=3,
        obstacles_without_response=0,
        stakeholders_assessed=5,
        reviews_written=1,
    )
    pilot = project_roadmap(ProjectFacts(**{**facts, **change})).stages[Stage.PILOT.number - 1]
    assert {c.key for c in pilot.missing_checks} == missing


@pytest.mark.parametrize(
    ("kpis", "axes_without", "without_chart", "missing"),
    [
        (0, 0, 0, {"kpi_referential", "measurements"}),
        (3, 1, 0, {"kpi_referential"}),
        (3, 0, 1, {"measurements"}),
        (3, 0, 0, set()),
    ],
)
def test_measure_stage_needs_kpis_for_the_axes_and_their_measurements(
    kpis, axes_without, without_chart, missing
):
    facts = ProjectFacts(kpis=kpis, axes_without_kpi=axes_without, kpis_without_chart=without_chart)
    measure = project_roadmap(facts).stages[Stage.MEASURE.number - 1]
    assert {c.key for c in measure.missing_checks} == missing
    assert measure.status == (
        StageStatus.DONE
        if not missing
        else StageStatus.NOT_STARTED
        if len(missing) == 2
        else StageStatus.IN_PROGRESS
    )


TEAMS_DONE = dict(
    has_facilitator=True,
    teams_total=2,
    teams_formed=2,
    teams_with_objective=2,
    skill_targets=3,
    skills_short_untrained=0,
    meetings_with_minutes=1,
    meetings_upcoming=4,
)


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({}, set()),
        (
            {"teams_total": 0, "teams_formed": 0, "teams_with_objective": 0},
            {"teams_formed", "team_objectives"},
        ),
        ({"teams_formed": 1}, {"teams_formed"}),  # one team has no leader or no other member
        ({"teams_with_objective": 1}, {"team_objectives"}),
        ({"skill_targets": 0}, {"skills_and_trainings"}),  # no skills matrix for the area
        ({"skills_short_untrained": 1}, {"skills_and_trainings"}),  # a gap without a training
        ({"meetings_with_minutes": 0}, {"meetings"}),
        ({"meetings_upcoming": 0}, {"meetings"}),  # no rhythm: nothing planned ahead
    ],
)
def test_teams_stage_needs_formed_teams_objectives_trainings_and_meetings(change, missing):
    teams = project_roadmap(ProjectFacts(**{**TEAMS_DONE, **change})).stages[Stage.TEAMS.number - 1]
    assert {c.key for c in teams.missing_checks} == missing
    assert teams.status == (StageStatus.DONE if not missing else StageStatus.IN_PROGRESS)


@pytest.mark.parametrize(
    ("value_streams", "observations", "criteria", "missing"),
    [
        (0, 0, 0, {"value_stream_map", "field_observations", "diagnostic_grid"}),
        (1, 2, 3, {"field_observations"}),
        (1, 3, 2, {"diagnostic_grid"}),
        (1, 3, 3, set()),
    ],
)
def test_diagnose_stage_needs_a_map_observations_and_a_grid(
    value_streams, observations, criteria, missing
):
    facts = ProjectFacts(
        has_scope=True,
        has_stakes=True,
        has_constraints=True,
        current_value_streams=value_streams,
        observations=observations,
        grid_criteria=criteria,
    )
    diagnose = project_roadmap(facts).stages[0]
    assert {c.key for c in diagnose.missing_checks} == missing
    assert diagnose.status == (StageStatus.DONE if not missing else StageStatus.IN_PROGRESS)


@pytest.mark.parametrize(
    ("open_", "planned", "overdue", "expected_missing"),
    [
        (0, 0, 0, {"actions_planned", "actions_owned_and_dated", "no_overdue_actions"}),
        (3, 3, 0, set()),
        (3, 2, 0, {"actions_owned_and_dated"}),
        (3, 3, 1, {"no_overdue_actions"}),
    ],
)
def test_pilot_stage_follows_the_action_plan(open_, planned, overdue, expected_missing):
    facts = ProjectFacts(
        actions_open=open_,
        actions_open_planned=planned,
        actions_overdue=overdue,
        obstacles_logged=1,
        stakeholders_assessed=1,
        reviews_written=1,
    )
    pilot = project_roadmap(facts).stages[Stage.PILOT.number - 1]
    assert {c.key for c in pilot.missing_checks} == expected_missing
    assert (pilot.status == StageStatus.DONE) is (not expected_missing)


def test_missing_owner_count_is_reported():
    facts = ProjectFacts(actions_open=5, actions_open_planned=2)
    pilot = project_roadmap(facts).stages[Stage.PILOT.number - 1]
    owned = next(c for c in pilot.checks if c.key == "actions_owned_and_dated")
    assert owned.count == 3


def test_actions_per_stage_are_carried():
    facts = ProjectFacts(actions_by_stage={Stage.LEVERS: (4, 1)})
    levers = project_roadmap(facts).stages[Stage.LEVERS.number - 1]
    assert (levers.actions_total, levers.actions_done) == (4, 1)
    assert levers.status == StageStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("axes", "decisions", "missing", "status"),
    [
        (0, 0, {"three_measurable_axes", "decision_tool"}, StageStatus.IN_PROGRESS),
        (2, 1, {"three_measurable_axes"}, StageStatus.IN_PROGRESS),
        (3, 0, {"decision_tool"}, StageStatus.IN_PROGRESS),
        (3, 1, set(), StageStatus.DONE),
        (5, 2, set(), StageStatus.DONE),
    ],
)
def test_prioritise_stage_needs_three_measurable_axes_and_a_decision(
    axes, decisions, missing, status
):
    facts = ProjectFacts(has_objectives=True, measurable_axes=axes, decisions_recorded=decisions)
    stage = project_roadmap(facts).stages[Stage.PRIORITISE.number - 1]
    assert {c.key for c in stage.missing_checks} == missing
    assert stage.status == status
    axes_check = next(c for c in stage.checks if c.key == "three_measurable_axes")
    assert (axes_check.count, axes_check.expected) == (axes, 3)


@pytest.mark.parametrize(
    ("justified", "ratified", "missing"),
    [
        (0, 0, {"levers_justified", "levers_ratified"}),
        (2, 0, {"levers_ratified"}),
        (2, 1, set()),
    ],
)
def test_levers_stage_needs_justified_and_ratified_levers(justified, ratified, missing):
    facts = ProjectFacts(has_sponsor=True, levers_justified=justified, levers_ratified=ratified)
    stage = project_roadmap(facts).stages[Stage.LEVERS.number - 1]
    assert {c.key for c in stage.missing_checks} == missing
    assert (stage.status == StageStatus.DONE) == (not missing)


@pytest.mark.parametrize(
    ("problems", "without_root", "closed", "missing"),
    [
        (0, 0, 0, {"root_causes", "verified_by_measurement"}),
        (2, 1, 1, {"root_causes"}),  # one problem still without a confirmed root cause
        (2, 0, 0, {"verified_by_measurement"}),  # causes found, no effect shown yet
        (2, 0, 1, set()),
    ],
)
def test_correct_stage_needs_confirmed_root_causes_and_an_effect_shown(
    problems, without_root, closed, missing
):
    facts = ProjectFacts(
        problems=problems,
        problems_without_root_cause=without_root,
        problems_closed_with_effect=closed,
    )
    correct = project_roadmap(facts).stages[Stage.CORRECT.number - 1]
    assert {c.key for c in correct.missing_checks} == missing
