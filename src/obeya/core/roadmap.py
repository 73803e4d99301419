"""The nine stages of a Lean improvement project and how far a project has gone through them.

The stages are the nine capabilities of the CQPM "Animateur de la démarche Lean": a project's
roadmap follows them in order. A stage is judged from facts about the project's data (how many
actions are planned, whether the sponsor is named, ...), never ticked by hand. Each stage holds
checks; a check whose module is not built yet is *pending*: it says what the stage will hold and
counts neither as done nor as missing, so the roadmap never shows a fake number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

MIN_OBSERVATIONS = 3
"""A diagnosis rests on several factual field findings, not on one anecdote."""
MIN_GRID_CRITERIA = 3
"""A techno-economic grid compares at least quality, cost and delivery figures."""
MIN_PRIORITY_AXES = 3
"""The CQPM asks for at least three priority improvement axes, each with a measurable objective."""


class Stage(StrEnum):
    """The nine stages, in the order of the CQPM referential (capabilities 1 to 9)."""

    DIAGNOSE = "diagnose"
    PRIORITISE = "prioritise"
    LEVERS = "levers"
    TEAMS = "teams"
    PILOT = "pilot"
    MEASURE = "measure"
    CORRECT = "correct"
    STANDARDISE = "standardise"
    VALORISE = "valorise"

    @property
    def number(self) -> int:
        return list(Stage).index(self) + 1


class StageStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PENDING = "pending"  # every check belongs to a module not built yet


@dataclass(frozen=True)
class Check:
    """One requirement of a stage.

    `done` is None while the module that would hold the data does not exist yet. `count` and
    `expected` carry the figures behind the verdict when it has some (e.g. 2 of 3 axes).
    """

    key: str
    done: bool | None
    count: int | None = None
    expected: int | None = None


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    checks: tuple[Check, ...]
    actions_total: int = 0
    actions_done: int = 0

    @property
    def available_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.done is not None)

    @property
    def status(self) -> StageStatus:
        """Done only when every check is met: a check still waiting for its module keeps the
        stage in progress at best, so no stage claims more than the data shows."""
        available = self.available_checks
        if not available:
            return StageStatus.PENDING
        done = sum(1 for c in available if c.done)
        if done == len(self.checks):
            return StageStatus.DONE
        if done or self.actions_done:
            return StageStatus.IN_PROGRESS
        return StageStatus.NOT_STARTED

    @property
    def done_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.done)

    @property
    def missing_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.done is False)

    @property
    def pending_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.done is None)


@dataclass(frozen=True)
class ProjectFacts:
    """What the roadmap needs to know about a project, gathered by the web layer's selector."""

    has_scope: bool = False
    has_stakes: bool = False
    has_constraints: bool = False
    has_objectives: bool = False
    has_sponsor: bool = False
    has_facilitator: bool = False
    current_value_streams: int = 0
    observations: int = 0
    grid_criteria: int = 0
    measurable_axes: int = 0  # priority axes whose KPI, baseline, target and deadline are set
    decisions_recorded: int = 0  # decisions taken with a decision tool (matrix, AHP, grid)
    levers_justified: int = 0  # candidate levers whose economics compute (gains, investment)
    levers_ratified: int = 0  # candidate levers ratified by a sponsor
    teams_total: int = 0  # improvement teams of the project
    teams_formed: int = 0  # teams with a leader and at least one other member
    teams_with_objective: int = 0  # teams with an objective tied to a KPI, target and deadline
    skill_targets: int = 0  # skill requirements set on the project's area (its skills matrix)
    skills_short_untrained: int = 0  # short skills of the area no training of the project covers
    meetings_with_minutes: int = 0  # meetings held whose minutes are written
    meetings_upcoming: int = 0  # meetings planned from today on (the team's rhythm)
    obstacles_logged: int = 0  # brakes, difficulties and resistance logged
    obstacles_without_response: int = 0  # unresolved ones with no response chosen yet
    stakeholders_assessed: int = 0  # stakeholders placed on the map (influence x attitude)
    reviews_written: int = 0  # dated reviews (bilans) of difficulties and progress
    kpis: int = 0  # KPIs of the project's own referential
    axes_without_kpi: int = 0  # measurable axes pointing to no KPI of the referential
    kpis_without_chart: int = 0  # own KPIs with fewer than two measurements
    problems: int = 0  # deviations opened as problems (by hand or from a KPI)
    problems_without_root_cause: int = 0  # problems with no root cause confirmed by evidence
    problems_closed_with_effect: int = 0  # closed once the KPI showed the effect
    actions_open: int = 0
    actions_open_planned: int = 0  # open actions with an owner and a due date
    actions_overdue: int = 0
    actions_by_stage: Mapping[Stage, tuple[int, int]] = field(default_factory=dict)
    """For each stage, (actions total, actions done), cancelled actions excluded."""


@dataclass(frozen=True)
class Roadmap:
    stages: tuple[StageProgress, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.stages if s.status == StageStatus.DONE)

    @property
    def checks_met(self) -> int:
        return sum(len(s.done_checks) for s in self.stages)

    @property
    def checks_available(self) -> int:
        return sum(len(s.available_checks) for s in self.stages)

    @property
    def current(self) -> StageProgress | None:
        """The first stage that is neither done nor waiting for a module: where work is now."""
        for s in self.stages:
            if s.status in (StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS):
                return s
        return None


def _checks(facts: ProjectFacts) -> dict[Stage, tuple[Check, ...]]:
    """The requirement list of each stage; None marks what a later module will judge."""
    return {
        Stage.DIAGNOSE: (
            Check("scope", facts.has_scope),
            Check("context", facts.has_stakes and facts.has_constraints),
            Check(
                "value_stream_map",
                facts.current_value_streams > 0,
                count=facts.current_value_streams,
                expected=1,
            ),
            Check(
                "field_observations",
                facts.observations >= MIN_OBSERVATIONS,
                count=facts.observations,
                expected=MIN_OBSERVATIONS,
            ),
            Check(
                "diagnostic_grid",
                facts.grid_criteria >= MIN_GRID_CRITERIA,
                count=facts.grid_criteria,
                expected=MIN_GRID_CRITERIA,
            ),
        ),
        Stage.PRIORITISE: (
            Check("objectives", facts.has_objectives),
            Check(
                "three_measurable_axes",
                facts.measurable_axes >= MIN_PRIORITY_AXES,
                count=facts.measurable_axes,
                expected=MIN_PRIORITY_AXES,
            ),
            Check("decision_tool", facts.decisions_recorded > 0, count=facts.decisions_recorded),
        ),
        Stage.LEVERS: (
            Check("sponsor", facts.has_sponsor),
            Check("levers_justified", facts.levers_justified > 0, count=facts.levers_justified),
            Check("levers_ratified", facts.levers_ratified > 0, count=facts.levers_ratified),
        ),
        Stage.TEAMS: (
            Check("facilitator", facts.has_facilitator),
            Check(
                "teams_formed",
                facts.teams_total > 0 and facts.teams_formed == facts.teams_total,
                count=facts.teams_formed,
                expected=facts.teams_total,
            ),
            Check(
                "team_objectives",
                facts.teams_total > 0 and facts.teams_with_objective == facts.teams_total,
                count=facts.teams_with_objective,
                expected=facts.teams_total,
            ),
            Check(
                "skills_and_trainings",
                facts.skill_targets > 0 and facts.skills_short_untrained == 0,
                count=facts.skills_short_untrained,
            ),
            Check(
                "meetings",
                facts.meetings_with_minutes > 0 and facts.meetings_upcoming > 0,
                count=facts.meetings_with_minutes,
            ),
        ),
        Stage.PILOT: (
            Check(
                "actions_planned",
                facts.actions_open_planned > 0,
                count=facts.actions_open_planned,
                expected=facts.actions_open,
            ),
            Check(
                "actions_owned_and_dated",
                facts.actions_open > 0 and facts.actions_open_planned == facts.actions_open,
                count=facts.actions_open - facts.actions_open_planned,
            ),
            Check(
                "no_overdue_actions",
                facts.actions_open > 0 and facts.actions_overdue == 0,
                count=facts.actions_overdue,
            ),
            Check(
                "obstacles_and_resistance",
                facts.obstacles_logged > 0 and facts.obstacles_without_response == 0,
                count=facts.obstacles_without_response,
            ),
            Check(
                "stakeholder_map",
                facts.stakeholders_assessed > 0,
                count=facts.stakeholders_assessed,
            ),
            Check("progress_reviews", facts.reviews_written > 0, count=facts.reviews_written),
        ),
        Stage.MEASURE: (
            Check(
                "kpi_referential",
                facts.kpis > 0 and facts.axes_without_kpi == 0,
                count=facts.axes_without_kpi,
            ),
            Check(
                "measurements",
                facts.kpis > 0 and facts.kpis_without_chart == 0,
                count=facts.kpis_without_chart,
            ),
        ),
        Stage.CORRECT: (
            Check(
                "root_causes",
                facts.problems > 0 and facts.problems_without_root_cause == 0,
                count=facts.problems_without_root_cause,
            ),
            Check(
                "verified_by_measurement",
                facts.problems_closed_with_effect > 0,
                count=facts.problems_closed_with_effect,
            ),
        ),
        Stage.STANDARDISE: (
            Check("standards", None),
            Check("deployment", None),
        ),
        Stage.VALORISE: (
            Check("results_validated", None),
            Check("communication", None),
        ),
    }


def project_roadmap(facts: ProjectFacts) -> Roadmap:
    """Judge each of the nine stages from the project's facts."""
    checks = _checks(facts)
    stages = []
    for stage in Stage:
        total, done = facts.actions_by_stage.get(stage, (0, 0))
        stages.append(StageProgress(stage, checks[stage], actions_total=total, actions_done=done))
    return Roadmap(tuple(stages))
