"""Discrete-event simulation of a value stream: how the line behaves with variability.

The static map (`obeya.core.vsm.compute_metrics`) adds up averages: a step at 90 % of takt
looks fine there. On the floor it is not, because arrivals and cycle times vary and a queue
builds in front of every step that is busy most of the time (Kingman's law). This module runs
the map as a serial line of FIFO steps, many units and several replications at once, and
reports what the facilitator would measure after a few weeks: throughput, lead time (mean,
median, 90th percentile), work in process, each step's utilisation and queue.

The model (docs/simulation.md gives the formulas and the reading):

- Units arrive at the pace of customer demand (one every takt time on average) with
  inter-arrival coefficient of variation `arrival_cv` (1: Poisson arrivals, 0: exactly at takt).
- Each step serves units first in, first out. Its service time per unit has the step's
  effective cycle time as mean (cycle time plus changeover spread over the batch, stretched by
  uptime and scrap, exactly as `effective_cycle_time_s`), converted to the plant's clock when the
  step works other shifts, and a gamma distribution with coefficient of variation `process_cv`
  (0: deterministic).
- A single machine is computed exactly with the max-plus form of Lindley's recursion, one
  vectorised pass per step over every unit and every replication:
  D_j = max(A_j, D_{j-1}) + S_j, i.e. D = C + cummax(A - C + S) with C = cumsum(S).
- A step with `machines` identical machines deals the units out in turn (unit k to machine
  k mod machines), each machine an exact FIFO single server with the per-machine service time;
  the units leave in the order they finish. One shared queue would wait a little less: the
  simulated waits at such steps are a slight upper bound.
- An inventory drawn on the map is a standing stock: the pile holds its quantity (or its days
  times daily demand) and a unit leaves it when the unit `quantity` places behind it comes in,
  which is how a pushed pile, a supermarket or a FIFO lane kept at its level behaves. It adds
  quantity / demand to the lead time, as on the map's ladder. The map gives no maximum for a
  lane or a kanban loop, so no buffer is capped: the queues the variability builds are on top.
- Time runs on the plant's working clock (available seconds), as the map's lead time does;
  nights and weekends are not simulated.
- The first `warmup_days` are discarded before measuring; the unit counts are pooled over the
  replications.

A step loaded at or above 100 % (demand x effective cycle time >= the step's available time)
cannot keep up: its queue grows for as long as the simulation runs. The result says so
(`stable` False, `bottleneck` named) rather than hiding it; its lead time then depends on the
number of days simulated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from obeya.core.charts import _CONFIG, ACCENT, MUTED, SCHEMA
from obeya.core.vsm import Inventory, Process, ValueStream, effective_cycle_time_s

DEFAULT_MAX_EVENTS = 60_000_000
"""Units x steps x replications above which `simulate` refuses to run (about 5 s and 2 GB of
memory): fewer days or replications answer the same question."""


class SimulationError(ValueError):
    """Settings that cannot be simulated; the message starts with the setting's name."""


@dataclass(frozen=True)
class SimulationSettings:
    """How long and how often to run the line, and how much it varies.

    `days` and `warmup_days` are working days of the plant; the warm-up (the line filling up
    from empty) is run but not measured."""

    days: float = 20.0
    warmup_days: float = 2.0
    replications: int = 10
    arrival_cv: float = 1.0
    process_cv: float = 0.5
    seed: int = 0


@dataclass(frozen=True)
class StationResult:
    """One process step as simulated. `utilisation` is the share of its machines' time spent
    working (measured); `load` the share demand asks for (demand x mean service time /
    capacity, the map's takt ratio), which may pass 100 %. `mean_queue_units` counts the units
    waiting in front of the step, its standing stock included; `mean_wait_s` is their wait."""

    name: str
    utilisation: float
    mean_queue_units: float
    mean_wait_s: float
    load: float = 0.0
    machines: int = 1


@dataclass(frozen=True)
class SimulationResult:
    """What the simulation measured after the warm-up, pooled over the replications.

    `littles_law_gap` is |WIP - throughput x lead time| / WIP: close to 0 when the run was long
    enough for the figures to be consistent with each other."""

    units_completed: int
    throughput_per_day: float
    lead_time_days_mean: float
    lead_time_days_p50: float
    lead_time_days_p90: float
    mean_wip_units: float
    stations: tuple[StationResult, ...]
    stable: bool
    bottleneck: str
    littles_law_gap: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the CLI's --json)."""
        out = asdict(self)
        out["stations"] = [asdict(s) for s in self.stations]
        return out


# --------------------------------------------------------------------------------------------
# The line as stages


@dataclass(frozen=True)
class _Station:
    name: str
    service_s: float  # mean service time of one machine, on the plant's clock
    machines: int
    load: float


@dataclass(frozen=True)
class _Pile:
    units: int


def _stages(vs: ValueStream) -> list[_Station | _Pile]:
    daily_demand = vs.customer.demand / vs.customer.period_days
    takt_s = vs.work.available_s_per_day / daily_demand
    stages: list[_Station | _Pile] = []
    for item in vs.flow:
        if isinstance(item, Inventory):
            stages.append(_Pile(_pile_units(item, daily_demand)))
        elif isinstance(item, Process):
            shifts = item.shifts if item.shifts is not None else vs.work.shifts
            clock = vs.work.shifts / shifts  # a step on two shifts in a one-shift plant runs 2x
            per_machine_s = effective_cycle_time_s(item) * item.machines * clock
            load = per_machine_s / (item.machines * takt_s)
            stages.append(_Station(item.name, per_machine_s, item.machines, load))
    return stages


def _pile_units(inventory: Inventory, daily_demand: float) -> int:
    if inventory.days is not None:
        return int(round(inventory.days * daily_demand))
    return int(round(inventory.quantity or 0))


def simulated_events(vs: ValueStream, settings: SimulationSettings = SimulationSettings()) -> int:
    """How many unit-step passages `simulate` computes: the size of the run, for a caller that
    must keep it within a time budget (the web page)."""
    stages = _stages(vs)
    daily_demand = vs.customer.demand / vs.customer.period_days
    piles = sum(s.units for s in stages if isinstance(s, _Pile))
    units = settings.days * daily_demand + piles
    steps = sum(1 for s in stages if isinstance(s, _Station))
    return int(units * max(steps, 1) * settings.replications)


def _check(settings: SimulationSettings) -> None:
    def finite(name: str) -> float:
        value = getattr(settings, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise SimulationError(f"{name}: must be a number, got {value!r}")
        return float(value)

    if finite("days") <= 0:
        raise SimulationError(f"days: must be a positive number of days, got {settings.days!r}")
    if not 0 <= finite("warmup_days") < settings.days:
        raise SimulationError(
            f"warmup_days: must be from 0 to below days ({settings.days!r}), "
            f"got {settings.warmup_days!r}"
        )
    replications = settings.replications
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise SimulationError(
            f"replications: must be a whole number of at least 1, got {replications!r}"
        )
    for name in ("arrival_cv", "process_cv"):
        if not 0 <= finite(name) <= 10:
            raise SimulationError(f"{name}: must be from 0 to 10, got {getattr(settings, name)!r}")


# --------------------------------------------------------------------------------------------
# The simulation


def _draw(rng: np.random.Generator, mean: float, cv: float, shape: tuple[int, int]) -> np.ndarray:
    """Gamma-distributed times with the given mean and coefficient of variation (cv 0: all
    equal to the mean; cv 1: exponential)."""
    if cv == 0:
        return np.full(shape, mean)
    if cv == 1:
        return rng.standard_exponential(shape) * mean
    shape_k = 1 / cv**2
    return rng.standard_gamma(shape_k, shape) * (mean / shape_k)


def fifo_departures(arrivals: np.ndarray, service: np.ndarray) -> np.ndarray:
    """Departure times of a single FIFO server, exactly, along the last axis.

    Lindley's recursion D_j = max(A_j, D_{j-1}) + S_j unrolls to
    D_j = max over i <= j of (A_i + S_i + ... + S_j) = C_j + max over i <= j of (A_i - C_{i-1})
    with C the cumulative service: one cumulative sum and one cumulative maximum, no loop over
    units. `arrivals` must be sorted along the last axis."""
    done = np.cumsum(service, axis=-1)
    return done + np.maximum.accumulate(arrivals - (done - service), axis=-1)


def _overlap(start: np.ndarray, end: np.ndarray, w0: float, w1: float) -> np.ndarray:
    """Seconds of each interval [start, end] inside the window [w0, w1]."""
    return np.clip(np.minimum(end, w1) - np.maximum(start, w0), 0, None)


def _arrivals(
    rng: np.random.Generator, takt_s: float, cv: float, until_s: float, reps: int, spare: int
) -> np.ndarray:
    """Arrival times, one row per replication: enough that every row passes `until_s`, then
    `spare` more. The spare ones push the last measured units out of the standing stocks (a
    unit leaves a pile when the one `units` places behind it comes) and through the
    reordering at parallel machines."""
    expected = until_s / takt_s
    count = int(expected + 6 * math.sqrt(expected + 1) * max(cv, 0.2) + 10)
    entry = np.cumsum(_draw(rng, takt_s, cv, (reps, count)), axis=1)
    while entry[:, -1].min() <= until_s:
        more = np.cumsum(_draw(rng, takt_s, cv, (reps, count // 4 + 10)), axis=1)
        entry = np.concatenate([entry, entry[:, -1:] + more], axis=1)
    if spare:
        tail = np.cumsum(_draw(rng, takt_s, cv, (reps, spare)), axis=1)
        entry = np.concatenate([entry, entry[:, -1:] + tail], axis=1)
    return entry


def simulate(
    vs: ValueStream,
    settings: SimulationSettings = SimulationSettings(),
    *,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> SimulationResult:
    """Run the value stream as a line of FIFO steps (see the module docstring) and measure it
    after the warm-up. Raises SimulationError for settings that cannot be simulated or a run
    larger than `max_events` unit-step passages."""
    _check(settings)
    stages = _stages(vs)
    if not any(isinstance(s, _Station) for s in stages):
        raise SimulationError("flow: must contain at least one process")
    if simulated_events(vs, settings) > max_events:
        raise SimulationError(
            f"days: {settings.days:g} days x {settings.replications} replications of this map "
            f"make more than {max_events:,} unit-step passages; simulate fewer days or "
            "replications"
        )
    day_s = vs.work.available_s_per_day
    takt_s = day_s / (vs.customer.demand / vs.customer.period_days)
    w0, w1 = settings.warmup_days * day_s, settings.days * day_s
    window_s = w1 - w0
    reps = settings.replications
    rng = np.random.default_rng(settings.seed)

    spare = sum(s.units for s in stages if isinstance(s, _Pile))
    spare += sum(2 * s.machines for s in stages if isinstance(s, _Station))
    entry = _arrivals(rng, takt_s, settings.arrival_cv, w1, reps, spare)
    arrived = entry.shape[1]
    # The stocks on the map are there when the simulation starts: their units count in the WIP
    # and the throughput, but they entered before time 0, so not in the lead times (entry -inf).
    stock = sum(s.units for s in stages if isinstance(s, _Pile))
    entry = np.concatenate([entry, np.full((reps, stock), -np.inf)], axis=1)

    ids = np.broadcast_to(np.arange(arrived), (reps, arrived)).copy()  # unit at each position
    released = entry[:, :arrived]  # when each position may start at the next step
    joined = released  # when it joined the queue in front of that step
    next_stock_id = arrived
    stations: list[StationResult] = []
    for stage in stages:
        if isinstance(stage, _Pile):
            # A standing stock of `units`: each unit coming in lets the oldest one out, so the
            # pile keeps its level and the stream leaves at the times it comes in.
            k = min(stage.units, released.shape[1])
            if k:
                stock_ids = np.arange(next_stock_id, next_stock_id + k)
                next_stock_id += k
                ids = np.concatenate([np.broadcast_to(stock_ids, (reps, k)), ids[:, :-k]], axis=1)
                joined = np.concatenate([np.zeros((reps, k)), joined[:, :-k]], axis=1)
            continue
        service = _draw(rng, stage.service_s, settings.process_cv, released.shape)
        if stage.machines == 1:
            done = fifo_departures(released, service)
        else:
            done = np.empty_like(released)
            for m in range(stage.machines):
                done[:, m :: stage.machines] = fifo_departures(
                    released[:, m :: stage.machines], service[:, m :: stage.machines]
                )
        start = done - service
        busy = _overlap(start, done, w0, w1).sum(axis=1) / (window_s * stage.machines)
        queue = _overlap(joined, start, w0, w1).sum(axis=1) / window_s
        waited = (joined >= w0) & (joined < w1) & (ids < arrived)  # not the starting stock
        wait_s = float((start - joined)[waited].mean()) if waited.any() else 0.0
        stations.append(
            StationResult(
                name=stage.name,
                utilisation=float(busy.mean()),
                mean_queue_units=float(queue.mean()),
                mean_wait_s=wait_s,
                load=stage.load,
                machines=stage.machines,
            )
        )
        if stage.machines > 1:  # units leave in the order they finish
            order = np.argsort(done, axis=1, kind="stable")
            done = np.take_along_axis(done, order, axis=1)
            ids = np.take_along_axis(ids, order, axis=1)
        released = joined = done

    leave = np.full(entry.shape, np.inf)
    np.put_along_axis(leave, ids, released, axis=1)
    in_window = (entry >= w0) & (entry < w1) & np.isfinite(leave)
    lead_days = (leave - entry)[in_window] / day_s
    completed = (leave >= w0) & (leave < w1)
    wip = _overlap(entry, leave, w0, w1).sum(axis=1) / window_s
    window_days = window_s / day_s
    throughput = float(completed.sum()) / (reps * window_days)
    mean_lead = float(lead_days.mean()) if lead_days.size else 0.0
    mean_wip = float(wip.mean())
    gap = abs(mean_wip - throughput * mean_lead) / mean_wip if mean_wip else 0.0
    worst = max((s for s in stages if isinstance(s, _Station)), key=lambda s: s.load)
    return SimulationResult(
        units_completed=int(completed.sum()),
        throughput_per_day=throughput,
        lead_time_days_mean=mean_lead,
        lead_time_days_p50=float(np.percentile(lead_days, 50)) if lead_days.size else 0.0,
        lead_time_days_p90=float(np.percentile(lead_days, 90)) if lead_days.size else 0.0,
        mean_wip_units=mean_wip,
        stations=tuple(stations),
        stable=all(s.load < 1 for s in stages if isinstance(s, _Station)),
        bottleneck=worst.name,
        littles_law_gap=gap,
    )


# --------------------------------------------------------------------------------------------
# The chart


def simulation_chart_spec(
    results: Mapping[str, SimulationResult],
    *,
    title: str,
    lead_time_title: str,
    wip_title: str = "WIP (units)",
    median_label: str = "median",
    p90_label: str = "9 in 10 under",
) -> dict[str, Any]:
    """Current against future state (the keys of `results`, in their order, already
    translated): the simulated lead time as two bars per state (median and 90th percentile,
    the spread the static map cannot show) and the mean WIP beside it."""
    states = list(results)
    lead = []
    for state, r in results.items():
        lead.append({"state": state, "measure": median_label, "days": r.lead_time_days_p50})
        lead.append({"state": state, "measure": p90_label, "days": r.lead_time_days_p90})
    wip = [{"state": state, "wip": r.mean_wip_units} for state, r in results.items()]
    x = {"field": "state", "type": "nominal", "sort": states, "title": None}
    return {
        "$schema": SCHEMA,
        "title": title,
        "config": _CONFIG,
        "hconcat": [
            {
                "data": {"values": lead},
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "width": 260,
                "height": 220,
                "encoding": {
                    "x": {**x, "axis": {"labelAngle": 0}},
                    "xOffset": {"field": "measure", "sort": [median_label, p90_label]},
                    "y": {"field": "days", "type": "quantitative", "title": lead_time_title},
                    "color": {
                        "field": "measure",
                        "type": "nominal",
                        "sort": [median_label, p90_label],
                        "scale": {"range": [ACCENT, MUTED]},
                        "legend": {"title": None, "orient": "bottom"},
                    },
                    "tooltip": [
                        {"field": "state", "type": "nominal", "title": " "},
                        {"field": "measure", "type": "nominal", "title": "  "},
                        {
                            "field": "days",
                            "type": "quantitative",
                            "title": lead_time_title,
                            "format": ",.2f",
                        },
                    ],
                },
            },
            {
                "data": {"values": wip},
                "mark": {"type": "bar", "cornerRadiusEnd": 2, "color": ACCENT},
                "width": 160,
                "height": 220,
                "encoding": {
                    "x": {**x, "axis": {"labelAngle": 0}},
                    "y": {"field": "wip", "type": "quantitative", "title": wip_title},
                    "tooltip": [
                        {"field": "state", "type": "nominal", "title": " "},
                        {
                            "field": "wip",
                            "type": "quantitative",
                            "title": wip_title,
                            "format": ",.0f",
                        },
                    ],
                },
            },
        ],
    }
