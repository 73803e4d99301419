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
