"""Skills matrix arithmetic: ILUO levels against an area's targets, gaps and training needs.

A target reads the way a shop-floor skills matrix states it: "at least N people at level L or
above in skill S" ("two people autonomous in SMED in the bending shop"). Counting people rather
than demanding everyone reach the level is what makes the matrix a planning tool: a line needs
enough autonomous people per shift, not every operator able to do every job.

- gap of a skill = people missing to reach the target = max(0, N - people at L or above);
- training needs of a skill = the people of the area below L, nearest to it first (they are
  the cheapest to train), listed only while the skill has a gap;
- gap of a person = the skills still short of people in which that person is below the target
  level: how many of the area's gaps their training could close.

For trainings (docs/trainings.md): the needs grouped by skill with the people short and the
nearest candidates, the same rule applied to a team's members against the skills its actions
need, the level a validation leaves on the matrix (it raises, never lowers) and the summary of
a training's evaluation.

Plain data in and out: people and skills are any hashable keys the caller chooses.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

NOT_TRAINED, IN_TRAINING, AUTONOMOUS, CAN_TRAIN = 0, 1, 2, 3
LEVELS = (NOT_TRAINED, IN_TRAINING, AUTONOMOUS, CAN_TRAIN)

# The quarters of the circle drawn for each level on the matrix, as on paper matrices (I, U, O:
# one quarter in training, three quarters autonomous, the full circle for who can train others).
QUARTERS_BY_LEVEL = {NOT_TRAINED: 0, IN_TRAINING: 1, AUTONOMOUS: 3, CAN_TRAIN: 4}


@dataclass(frozen=True)
class Target:
    """At least `people` people at `level` or above; `people` = 0 tracks a skill without need."""

    level: int
    people: int

    def __post_init__(self) -> None:
        if self.level not in LEVELS or self.level == NOT_TRAINED:
            raise ValueError(f"target level: {self.level} is not 1, 2 or 3")
        if self.people < 0:
            raise ValueError(f"target people: {self.people} is negative")


@dataclass(frozen=True)
class SkillGap:
    skill: Hashable
    target: Target | None
    people_at_target: int  # people at the target level or above (0 without a target)
    missing_people: int  # max(0, target people - people_at_target)
    people_by_level: tuple[int, int, int, int]  # how many people at each ILUO level

    @property
    def is_met(self) -> bool:
        return self.missing_people == 0


@dataclass(frozen=True)
class TrainingNeed:
    """One person who could be trained to close a skill's gap."""

    skill: Hashable
    person: Hashable
    from_level: int
    to_level: int

    @property
    def levels_to_climb(self) -> int:
        return self.to_level - self.from_level


@dataclass(frozen=True)
class MatrixGaps:
    by_skill: dict[Hashable, SkillGap]
    by_person: dict[Hashable, tuple[Hashable, ...]]  # skills short of people this one could fill
    training_needs: tuple[TrainingNeed, ...]

    @property
    def missing_people(self) -> int:
        """Total people missing over every skill: the matrix's headline gap."""
        return sum(g.missing_people for g in self.by_skill.values())

    @property
    def skills_short(self) -> int:
        return sum(1 for g in self.by_skill.values() if not g.is_met)


def check_level(level: int) -> int:
    """The level itself, or ValueError: only 0 to 3 exist on the ILUO scale."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise ValueError(f"level: {level!r} is not 0, 1, 2 or 3")
    return level


def people_at_or_above(levels: Iterable[int], level: int) -> int:
    return sum(1 for held in levels if held >= level)


def skill_gap(skill: Hashable, levels: Sequence[int], target: Target | None) -> SkillGap:
    """The gap of one skill from the levels of the area's people (one entry per person)."""
    counts = [0, 0, 0, 0]
    for held in levels:
        counts[check_level(held)] += 1
    if target is None:
        return SkillGap(skill, None, 0, 0, (counts[0], counts[1], counts[2], counts[3]))
    reached = people_at_or_above(levels, target.level)
    return SkillGap(
        skill,
        target,
        reached,
        max(0, target.people - reached),
        (counts[0], counts[1], counts[2], counts[3]),
    )


def matrix_gaps(
    people: Sequence[Hashable],
    skills: Sequence[Hashable],
    levels: Mapping[tuple[Hashable, Hashable], int],
    targets: Mapping[Hashable, Target],
) -> MatrixGaps:
    """Gaps per skill and per person, and training needs, for a whole matrix.

    `levels` maps (person, skill) to a level; a missing pair counts as not trained.
    """
    by_skill: dict[Hashable, SkillGap] = {}
    short_for: dict[Hashable, list[Hashable]] = {p: [] for p in people}
    needs: list[TrainingNeed] = []
    for skill in skills:
        held = [levels.get((p, skill), NOT_TRAINED) for p in people]
        gap = skill_gap(skill, held, targets.get(skill))
        by_skill[skill] = gap
        if gap.is_met or gap.target is None:
            continue
        below = [(lv, i) for i, lv in enumerate(held) if lv < gap.target.level]
        for lv, i in sorted(below, key=lambda pair: (-pair[0], pair[1])):
            short_for[people[i]].append(skill)
            needs.append(TrainingNeed(skill, people[i], lv, gap.target.level))
    return MatrixGaps(
        by_skill=by_skill,
        by_person={p: tuple(s) for p, s in short_for.items()},
        training_needs=tuple(needs),
    )


# --- trainings: needs from the gaps, levels after validation, evaluation summary ----------------


@dataclass(frozen=True)
class SkillNeed:
    """A skill short of people, and whom to train first to close its gap.

    `candidates` are the people below the target level, nearest to it first: a person one
    level short is the cheapest to train and the soonest autonomous.
    """

    skill: Hashable
    target: Target
    missing_people: int
    candidates: tuple[TrainingNeed, ...]

    @property
    def first_candidates(self) -> tuple[TrainingNeed, ...]:
        """As many candidates as people are missing: the attendees a training would start with."""
        return self.candidates[: self.missing_people]


def skill_needs(gaps: MatrixGaps) -> tuple[SkillNeed, ...]:
    """The skills with a gap, the most people short first (ties kept in the matrix's order)."""
    by_skill: dict[Hashable, list[TrainingNeed]] = {}
    for need in gaps.training_needs:
        by_skill.setdefault(need.skill, []).append(need)
    needs = [
        SkillNeed(gap.skill, gap.target, gap.missing_people, tuple(by_skill.get(gap.skill, ())))
        for gap in gaps.by_skill.values()
        if gap.target is not None and not gap.is_met
    ]
    order = {skill: i for i, skill in enumerate(gaps.by_skill)}
    return tuple(sorted(needs, key=lambda n: (-n.missing_people, order[n.skill])))


# A team whose actions need a skill should count at least one member autonomous in it: the
# person who does the work without help and shows the others on the job.
TEAM_TARGET = Target(AUTONOMOUS, 1)


def team_skill_needs(
    members: Sequence[Hashable],
    skills_needed: Sequence[Hashable],
    levels: Mapping[tuple[Hashable, Hashable], int],
    target: Target = TEAM_TARGET,
) -> tuple[SkillNeed, ...]:
    """The skills a team's actions need that too few of its members hold at `target`."""
    skills = list(dict.fromkeys(skills_needed))
    return skill_needs(matrix_gaps(members, skills, levels, {s: target for s in skills}))


def level_after_validation(held: int, validated: int) -> int:
    """The matrix level once a training's result is validated: it raises, never lowers.

    A person autonomous in 5S who sits a refresher validated "in training" stays autonomous:
    a training adds to what the matrix says a person can do, it does not take it away.
    """
    return max(check_level(held), check_level(validated))


@dataclass(frozen=True)
class AttendeeResult:
    """What one attendee's line of a training holds (None where nothing was recorded)."""

    attended: bool | None
    score: int | None  # the attendee's evaluation of the training, 1 to 5
    level_before: int | None  # matrix level just before the validation
    level_after: int | None  # matrix level once validated


@dataclass(frozen=True)
class TrainingSummary:
    registered: int
    present: int
    absent: int
    attendance_rate: float | None  # present / (present + absent); None before any record
    scores: int  # evaluations received
    average_score: float | None  # mean of the scores, 1 to 5
    validated: int  # attendees whose level was validated
    levels_raised: int  # of them, those whose matrix level went up
    levels_gained: int  # sum of the levels climbed on the matrix


def training_summary(results: Sequence[AttendeeResult]) -> TrainingSummary:
    """Evaluation of a training from its attendees' lines.

    Attendance counts only the lines where presence was recorded, so a training whose sheet is
    half entered does not look half empty; the average score is over the scores given.
    """
    present = sum(1 for r in results if r.attended is True)
    absent = sum(1 for r in results if r.attended is False)
    scores = [r.score for r in results if r.score is not None]
    for score in scores:
        if not 1 <= score <= 5:
            raise ValueError(f"score: {score} is not between 1 and 5")
    validated = [r for r in results if r.level_after is not None]
    raised = [r for r in validated if r.level_after > (r.level_before or 0)]
    return TrainingSummary(
        registered=len(results),
        present=present,
        absent=absent,
        attendance_rate=present / (present + absent) if present + absent else None,
        scores=len(scores),
        average_score=sum(scores) / len(scores) if scores else None,
        validated=len(validated),
        levels_raised=len(raised),
        levels_gained=sum(r.level_after - (r.level_before or 0) for r in raised),
    )
