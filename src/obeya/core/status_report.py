"""The figures of a steering status report, over plain rows of the action plan.

A steering committee asks three things of the plan: how far each axis has gone (the share of
its actions done), what slipped (an action due later than first planned, or still open past its
due date) and what comes next (open actions due within the next weeks). The web layer, the PDF
and the XLSX all read these same figures (docs/status-report.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DONE, CANCELLED = "done", "cancelled"
OPEN_STATUSES = ("todo", "in_progress")


@dataclass(frozen=True)
class ActionFacts:
    """What the report needs of one action."""

    title: str
    status: str
    due_date: dt.date | None = None
    planned_due: dt.date | None = None
    axis_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, today: dt.date) -> bool:
        """Still open after its due date."""
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def slippage_days(self) -> int | None:
        """Days the due date moved since the baseline (positive = later)."""
        if self.due_date is None or self.planned_due is None:
            return None
        return (self.due_date - self.planned_due).days

    def is_slipped_on(self, today: dt.date) -> bool:
        """Slipped: due later than first planned (done or not: the committee wants to know the
        plan moved), or still open past its due date. A cancelled action no longer counts."""
        if self.status == CANCELLED:
            return False
        return (self.slippage_days or 0) > 0 or self.is_overdue_on(today)


@dataclass(frozen=True)
class ActionCounts:
    total: int  # cancelled actions excluded: they are no longer part of the plan
    done: int
    open: int
    overdue: int
    slipped: int

    @property
    def done_pct(self) -> float | None:
        """Share of the plan done, in %; None for an empty plan (no progress to speak of)."""
        return None if self.total == 0 else 100.0 * self.done / self.total


def action_counts(actions: Iterable[ActionFacts], today: dt.date) -> ActionCounts:
    """Count done, open, overdue and slipped actions, leaving cancelled ones out."""
    rows = [a for a in actions if a.status != CANCELLED]
    return ActionCounts(
        total=len(rows),
        done=sum(a.status == DONE for a in rows),
        open=sum(a.is_open for a in rows),
        overdue=sum(a.is_overdue_on(today) for a in rows),
        slipped=sum(a.is_slipped_on(today) for a in rows),
    )


def counts_by_axis(
    actions: Sequence[ActionFacts], axis_ids: Iterable[int], today: dt.date
) -> dict[int, ActionCounts]:
    """The counts of each axis's actions (an axis without actions gets zeros)."""
    return {
        axis_id: action_counts((a for a in actions if a.axis_id == axis_id), today)
        for axis_id in axis_ids
    }


def due_soon(actions: Iterable[ActionFacts], today: dt.date, weeks: int) -> list[ActionFacts]:
    """Open actions due from today to `weeks` weeks ahead, soonest first: the next steps."""
    if weeks < 0:
        raise ValueError("weeks must be 0 or more")
    horizon = today + dt.timedelta(weeks=weeks)
    rows = [a for a in actions if a.is_open and a.due_date and today <= a.due_date <= horizon]
    return sorted(rows, key=lambda a: (a.due_date, a.title))


def objective_gap(baseline: float | None, target: float | None) -> float | None:
    """The improvement an axis objective asks for (target - baseline, in the KPI's unit)."""
    if baseline is None or target is None:
        return None
    return target - baseline
