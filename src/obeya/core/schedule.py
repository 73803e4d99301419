"""The action plan's schedule: the critical path method (CPM) over dated actions and their
dependencies, and the slippage of the current dates against the baseline.

Why: a facilitator piloting a plan needs to know which actions hold the end date (moving them
moves the end of the project) and how many days the others may slip before they do. That is
the critical path method of project management (Kelley & Walker, 1959), computed here on the
dates the team actually wrote down rather than on abstract durations:

- duration of an action = calendar days from its start to its due date, both included (an
  action starting and due the same day lasts one day); a milestone lasts zero days;
- its start date is a "start no earlier than" constraint: the earliest start is the later of
  that date and the earliest finish of every predecessor (finish-to-start links);
- forward pass: earliest start ES and finish EF = ES + duration; the plan ends at the latest EF;
- backward pass: latest finish LF = the earliest LS of the successors (the plan's end for an
  action without successor); latest start LS = LF - duration;
- total float = LS - ES: the days an action may slip without moving the end of the plan;
- the critical path = the chain(s) of zero-float actions, each driven by the one before, that
  end the plan last.

Time is counted in whole days from the first day of the plan, with exclusive ends (an action of
the first day runs over [0, 1)); dates are given back inclusive, as the plan shows them: a
finish date is the last day of work, a milestone's date the day it is reached (at its end).
Actions without both dates are left out of the computation and reported, as are the links
that touch them. Plain data in and out: actions are any hashable keys the caller chooses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Key = Hashable
MAX_CRITICAL_PATHS = 20  # a plan with more ties than this shows the first ones


class CycleError(ValueError):
    """The dependencies loop back on themselves: no action of the loop could ever start."""

    def __init__(self, cycle: Sequence[Key]):
        self.cycle = tuple(cycle)
        super().__init__("dependency cycle: " + " → ".join(str(k) for k in self.cycle))


@dataclass(frozen=True)
class PlannedAction:
    """One action of the plan as CPM needs it: dates, milestone flag and its predecessors."""

    key: Key
    start: dt.date | None
    due: dt.date | None
    milestone: bool = False
    predecessors: tuple[Key, ...] = ()

    @property
    def is_dated(self) -> bool:
        return self.start is not None and self.due is not None

    @property
    def duration_days(self) -> int:
        """Calendar days from start to due, both included; 0 for a milestone."""
        if self.milestone:
            return 0
        if self.start is None or self.due is None:
            raise ValueError(f"action {self.key}: no duration without a start and a due date")
        return (self.due - self.start).days + 1


@dataclass(frozen=True)
class ActionTiming:
    """Where an action sits in the schedule: earliest and latest dates, float, criticality."""

    key: Key
    duration_days: int
    earliest_start: dt.date
    earliest_finish: dt.date  # last day of work at the earliest (a milestone: its date)
    latest_start: dt.date
    latest_finish: dt.date
    total_float_days: int
    critical: bool
    pushed_days: int  # days the predecessors push the earliest start past the planned start


@dataclass(frozen=True)
class Schedule:
    timings: tuple[ActionTiming, ...]  # in the order the actions were given
    start: dt.date | None  # the plan's first day
    finish: dt.date | None  # the plan's last day at the earliest
    duration_days: int  # calendar days from start to finish, both included (0: nothing dated)
    critical_paths: tuple[tuple[Key, ...], ...]  # each chain in order of execution
    undated: tuple[Key, ...]  # actions left out: no start or no due date
    ignored_links: tuple[tuple[Key, Key], ...] = field(default=())  # (predecessor, successor)

    @property
    def by_key(self) -> dict[Key, ActionTiming]:
        return {t.key: t for t in self.timings}

    @property
    def critical_keys(self) -> frozenset[Key]:
        return frozenset(t.key for t in self.timings if t.critical)

    def critical_path_days(self, path: Sequence[Key]) -> int:
        """Days from the first action's earliest start to the last one's earliest finish."""
        timings = self.by_key
        first, last = timings[path[0]], timings[path[-1]]
        # A milestone's start is the end of its day: it adds no day of its own to the span.
        return (last.earliest_finish - first.earliest_start).days + (
            1 if first.duration_days else 0
        )


def find_cycle(predecessors: Mapping[Key, Iterable[Key]]) -> tuple[Key, ...] | None:
    """A loop in the dependencies, in order of execution and closed ("A", "B", "A": A comes
    before B, which comes before A), or None. Keys only named as predecessors count too."""
    successors: dict[Key, list[Key]] = {}
    for key, before in predecessors.items():
        successors.setdefault(key, [])
        for pred in before:
            successors.setdefault(pred, []).append(key)
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(successors, white)
    for root in successors:
        if colour[root] != white:
            continue
        path: list[Key] = [root]
        stack = [iter(successors[root])]
        colour[root] = grey
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour[nxt] == grey:
                return (*path[path.index(nxt) :], nxt)
            elif colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(successors[nxt]))
    return None


def _topological(keys: Sequence[Key], preds: Mapping[Key, tuple[Key, ...]]) -> list[Key]:
    cycle = find_cycle(preds)
    if cycle:
        raise CycleError(cycle)
    order: list[Key] = []
    done: set[Key] = set()

    def visit(key: Key) -> None:  # depth-first; acyclic, so depth <= number of actions
        stack = [(key, iter(preds[key]))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                if node not in done:
                    done.add(node)
                    order.append(node)
            elif nxt not in done:
                stack.append((nxt, iter(preds[nxt])))

    for key in keys:
        if key not in done:
            visit(key)
    return order


def critical_path_method(actions: Sequence[PlannedAction]) -> Schedule:
    """Earliest and latest dates, total float and critical path(s) of a plan.

    Raises CycleError (naming the loop) when the dependencies loop, and ValueError when a due
    date comes before its start or a key is repeated.
    """
    keys = [a.key for a in actions]
    if len(set(keys)) != len(keys):
        raise ValueError("each action must have its own key")
    dated = [a for a in actions if a.is_dated]
    undated = tuple(a.key for a in actions if not a.is_dated)
    dated_keys = {a.key for a in dated}
    ignored: list[tuple[Key, Key]] = []
    preds: dict[Key, tuple[Key, ...]] = {}
    for a in actions:
        if a.key not in dated_keys:
            ignored.extend((p, a.key) for p in a.predecessors)
            continue
        kept = tuple(dict.fromkeys(p for p in a.predecessors if p in dated_keys))
        ignored.extend((p, a.key) for p in a.predecessors if p not in dated_keys)
        preds[a.key] = kept
    for a in dated:
        if a.due < a.start:  # type: ignore[operator]
            raise ValueError(f"action {a.key}: due date {a.due} comes before start {a.start}")
    if not dated:
        return Schedule((), None, None, 0, (), undated, tuple(ignored))

    order = _topological([a.key for a in dated], preds)
    # A milestone is reached at the end of its day, so its constraint is the next day's offset.
    origin = min(a.start for a in dated)  # type: ignore[type-var]
    constraint = {
        a.key: (a.start - origin).days + (1 if a.milestone else 0)  # type: ignore[operator]
        for a in dated
    }
    duration = {a.key: a.duration_days for a in dated}
    es: dict[Key, int] = {}
    ef: dict[Key, int] = {}
    for key in order:
        es[key] = max([constraint[key], *(ef[p] for p in preds[key])])
        ef[key] = es[key] + duration[key]
    end = max(ef.values())
    succs: dict[Key, list[Key]] = {key: [] for key in order}
    for key in order:
        for p in preds[key]:
            succs[p].append(key)
    ls: dict[Key, int] = {}
    lf: dict[Key, int] = {}
    for key in reversed(order):
        lf[key] = min([end, *(ls[s] for s in succs[key])])
        ls[key] = lf[key] - duration[key]
    total_float = {key: ls[key] - es[key] for key in order}

    def day(offset: int) -> dt.date:
        return origin + dt.timedelta(days=offset)

    timings = []
    for a in dated:
        k = a.key
        start_offset = es[k] if duration[k] else es[k] - 1
        late_start_offset = ls[k] if duration[k] else ls[k] - 1
        timings.append(
            ActionTiming(
                key=k,
                duration_days=duration[k],
                earliest_start=day(start_offset),
                earliest_finish=day(ef[k] - 1),
                latest_start=day(late_start_offset),
                latest_finish=day(lf[k] - 1),
                total_float_days=total_float[k],
                critical=total_float[k] == 0,
                pushed_days=es[k] - constraint[k],
            )
        )
    first = min(es.values())
    paths = _critical_chains(order, preds, succs, es, ef, total_float, end)
    return Schedule(
        timings=tuple(timings),
        start=origin,
        finish=day(end - 1),
        duration_days=end - first,
        critical_paths=paths,
        undated=undated,
        ignored_links=tuple(ignored),
    )


def _critical_chains(order, preds, succs, es, ef, total_float, end) -> tuple[tuple[Key, ...], ...]:
    """Chains of zero-float actions, each driven by the one before (its finish is the next
    one's earliest start), from an action nothing drives to one that ends the plan."""

    def driving(key: Key) -> list[Key]:
        return [p for p in preds[key] if total_float[p] == 0 and ef[p] == es[key]]

    ends = [
        k
        for k in order
        if total_float[k] == 0
        and ef[k] == end
        and not any(total_float[s] == 0 and es[s] == ef[k] for s in succs[k])
    ]
    paths: list[tuple[Key, ...]] = []
    stack: list[tuple[Key, ...]] = [(k,) for k in reversed(ends)]
    while stack and len(paths) < MAX_CRITICAL_PATHS:
        chain = stack.pop()
        before = driving(chain[0])
        if not before:
            paths.append(chain)
        stack.extend((p, *chain) for p in reversed(before))
    return tuple(paths)


@dataclass(frozen=True)
class Slippage:
    """How far the current dates moved from the baseline (positive = later)."""

    start_days: int | None
    finish_days: int | None

    @property
    def slipped(self) -> bool:
        return bool(self.start_days) or bool(self.finish_days)


def slippage(
    *,
    planned_start: dt.date | None,
    planned_due: dt.date | None,
    start: dt.date | None,
    due: dt.date | None,
) -> Slippage:
    """Days the start and the due date moved since the baseline; None where a date is missing."""
    return Slippage(
        start_days=(start - planned_start).days if start and planned_start else None,
        finish_days=(due - planned_due).days if due and planned_due else None,
    )


def starts_before_predecessors(actions: Sequence[PlannedAction]) -> list[tuple[Key, Key, int]]:
    """(predecessor, action, days of overlap) for each action planned to start on or before a
    predecessor's due date: the plan as written cannot be held. A warning, not a refusal: a
    facilitator may overlap on purpose, knowing it."""
    by_key = {a.key: a for a in actions}
    clashes = []
    for a in actions:
        if a.start is None:
            continue
        for p in a.predecessors:
            before = by_key.get(p)
            if before is None or before.due is None:
                continue
            # A milestone is reached at the end of its day: a successor may start that day + 1.
            overlap = (before.due - a.start).days + 1
            if overlap > 0:
                clashes.append((p, a.key, overlap))
    return clashes
