"""Which open actions of a plan need the facilitator's attention today, and why.

A plan review goes faster when the list says *why* an action is flagged rather than only that
it is: an action is **overdue** once its due date has passed while it is still open, and
**at risk** before that when one of these rules holds (defaults in `RiskRules`, docs/actions.md):

- *behind schedule*: it is due within `horizon_days` and its progress trails the linear
  expectation from its start to its due date by more than `progress_margin_pct` points
  (expected % = elapsed days / planned days x 100, clamped to 0-100); an action without a
  start date has no such expectation and is never flagged by this rule;
- *waiting on a predecessor*: an action it depends on is still open and due after this action
  is meant to start (its start date, else its due date), so it cannot start on time;
- *slipped*: its due date has moved more than `slippage_limit_days` past its baseline.

Done and cancelled actions are never flagged. Plain data in and out: the caller turns its rows
into `PlannedAction` and its keys are returned untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    OVERDUE = "overdue"
    BEHIND_SCHEDULE = "behind_schedule"
    PREDECESSOR_LATE = "predecessor_late"
    SLIPPED = "slipped"


@dataclass(frozen=True)
class RiskRules:
    """The thresholds of the rules; the defaults are those documented in docs/actions.md."""

    horizon_days: int = 7
    progress_margin_pct: float = 20.0
    slippage_limit_days: int = 14

    def __post_init__(self) -> None:
        if self.horizon_days < 0:
            raise ValueError(f"horizon_days: {self.horizon_days} is negative")
        if not 0 <= self.progress_margin_pct <= 100:
            raise ValueError(f"progress_margin_pct: {self.progress_margin_pct} is not 0-100")
        if self.slippage_limit_days < 0:
            raise ValueError(f"slippage_limit_days: {self.slippage_limit_days} is negative")


@dataclass(frozen=True)
class Predecessor:
    """An action this one depends on, as far as the rules need it."""

    key: Hashable
    title: str
    is_open: bool
    due: dt.date | None


@dataclass(frozen=True)
class PlannedAction:
    key: Hashable
    is_open: bool
    start: dt.date | None
    due: dt.date | None
    progress_pct: int
    planned_due: dt.date | None = None
    predecessors: tuple[Predecessor, ...] = ()


@dataclass(frozen=True)
class RiskFlag:
    """One reason an action is flagged, with the numbers that make it (for the message)."""

    reason: Reason
    days: int | None = None  # days late (overdue) or slipped past the baseline
    expected_pct: float | None = None  # behind schedule: the linear expectation today
    progress_pct: int | None = None  # behind schedule: the progress reported
    predecessor: Predecessor | None = None


def expected_progress_pct(start: dt.date, due: dt.date, today: dt.date) -> float:
    """The progress a steady pace from `start` to `due` would have reached by `today` (0-100).

    A one-day action (start = due) is expected done on its day.
    """
    if due < start:
        raise ValueError(f"due: {due} comes before start {start}")
    if today >= due:
        return 100.0
    if today <= start:
        return 0.0
    return 100.0 * (today - start).days / (due - start).days


def action_risks(
    action: PlannedAction, today: dt.date, rules: RiskRules | None = None
) -> tuple[RiskFlag, ...]:
    """The reasons an action is overdue or at risk today; empty when it is on track."""
    rules = rules or RiskRules()
    if not action.is_open:
        return ()
    flags: list[RiskFlag] = []
    if action.due is not None and action.due < today:
        flags.append(RiskFlag(Reason.OVERDUE, days=(today - action.due).days))
    elif (
        action.due is not None
        and action.start is not None
        and action.start <= action.due
        and (action.due - today).days <= rules.horizon_days
    ):
        expected = expected_progress_pct(action.start, action.due, today)
        if expected - action.progress_pct > rules.progress_margin_pct:
            flags.append(
                RiskFlag(
                    Reason.BEHIND_SCHEDULE,
                    expected_pct=round(expected, 1),
                    progress_pct=action.progress_pct,
                )
            )
    starts = action.start or action.due
    if starts is not None:
        for predecessor in action.predecessors:
            if predecessor.is_open and predecessor.due is not None and predecessor.due > starts:
                flags.append(RiskFlag(Reason.PREDECESSOR_LATE, predecessor=predecessor))
    if action.planned_due is not None and action.due is not None:
        slipped = (action.due - action.planned_due).days
        if slipped > rules.slippage_limit_days:
            flags.append(RiskFlag(Reason.SLIPPED, days=slipped))
    return tuple(flags)


def is_overdue(flags: Iterable[RiskFlag]) -> bool:
    return any(f.reason == Reason.OVERDUE for f in flags)


def plan_risks(
    actions: Iterable[PlannedAction], today: dt.date, rules: RiskRules | None = None
) -> dict[Hashable, tuple[RiskFlag, ...]]:
    """The flagged actions of a plan by key (actions on track are left out)."""
    found = {}
    for action in actions:
        flags = action_risks(action, today, rules)
        if flags:
            found[action.key] = flags
    return found
