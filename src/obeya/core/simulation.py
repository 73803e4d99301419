"""Discrete-event simulation of a value stream: how the line behaves with variability.

The static map (`obeya.core.vsm.compute_metrics`) adds up averages: a step at 90 % of takt
looks fine there. On the floor it is not, because arrivals and cycle times vary and a queue
builds in front of every step that is busy most of the time (Kingman's law). This module runs
the map as a serial line, `jobs` units per replication and several replications at once (the
replications are the first axis of every array), and reports what the facilitator would measure,
with a 95 % confidence interval: lead time, work in process, throughput, each step's utilisation.

The model (docs/simulation.md gives the formulas, the reading and the checks):

- Units enter at the map's `arrivals`: a distribution of the time between two units, a schedule
  repeated every `every_s`, or by default exactly one every takt time.
- Each step has `machines` identical machines fed by ONE first-in-first-out queue. A machine's
  time for a unit is drawn from the step's cycle-time distribution (a plain number: always the
  same), plus the changeover spread over the batch, stretched by scrap (a scrapped unit is made
  again) and by `uptime` when no breakdowns are given, on the plant's clock.
- Breakdowns (`mtbf_s`, `mttr_s`) are operation-dependent: during a service of length s the
  machine fails Poisson(s / MTBF) times and each repair takes an exponential time of mean MTTR,
  so a unit's time is s + Gamma(failures, MTTR). The mean is s (1 + MTTR / MTBF) = s / uptime.
- An inventory with a `capacity` is a finite buffer with blocking after service: a unit done at
  a step leaves its machine only when there is room in the buffer behind it (the room counts the
  next step's machines), and the machine waits meanwhile. Without a capacity, the inventory is
  the map's standing stock: the pile of its quantity is there at the start and keeps its level, a
  unit leaving when a new one comes in, which adds quantity / demand to the lead time as on the
  map's ladder; the queues the variability builds come on top.
- A step with a `batch_size` hands its units on by whole batches: a unit moves to the next step
  when the last unit of its batch is done (the last, incomplete batch when the last unit is).

The computation is exact, not time-stepped (`run_line`):

- one machine, unlimited room behind: Lindley's recursion D_j = max(A_j, D_{j-1}) + S_j in its
  max-plus form D = C + cummax(A - C + S) with C = cumsum(S), one vectorised pass;
- several machines or blocking: one loop over the units, each step of it vectorised over the
  replications (on Python floats, one replication after the other, up to
  `SCALAR_MAX_REPLICATIONS`, where NumPy's overhead would cost more than it saves). Unit m
  starts at max(A_m, the (m - c)-th departure) (c machines, one queue); the n-th departure
  is the n-th smallest finish among the units started, delayed until the (n - room)-th
  departure from the next step frees a place (blocking after service).

The first `warmup_jobs` units (a tenth by default) fill the line and are not measured. The
measurement window of a replication runs from the arrival of the first measured unit to the
arrival of the last one; the standing stocks get as many extra units behind them as they hold,
so that every measured unit is pushed out of them.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from obeya.core.charts import ACCENT, CHART_CONFIG, MUTED, SCHEMA
from obeya.core.vsm import Distribution, Inventory, Process, ValueStream

DEFAULT_MAX_EVENTS = 60_000_000
"""Units x steps x replications above which `simulate` refuses to run (a few seconds and a few
GB of memory): fewer jobs or replications answer the same question."""


class SimulationError(ValueError):
    """A model or settings that cannot be simulated; the message starts with the setting's or
    the field's name."""


@dataclass(frozen=True)
class SimulationSettings:
    """How many units each replication runs, how many replications, and the random seed.
    `warmup_jobs` (None: a tenth of `jobs`) are run but not measured: the line filling up."""

    jobs: int = 10_000
    replications: int = 10
    warmup_jobs: int | None = None
    seed: int = 0

    @property
    def warmup(self) -> int:
        return self.jobs // 10 if self.warmup_jobs is None else self.warmup_jobs


@dataclass(frozen=True)
class Estimate:
    """The mean over the replications and its 95 % confidence interval (Student's t on the
    replications' means, which are independent)."""

    mean: float
    low: float
    high: float

    @property
    def ci95(self) -> tuple[float, float]:
        return (self.low, self.high)


@dataclass(frozen=True)
class StationResult:
    """One process step as simulated. `utilisation` is the share of its machines' time spent
    working, `blocked` the share spent holding a finished unit with no room behind; `load` the
    share demand asks for (arrival rate x mean service time / machines), which may pass 100 %.
    `mean_queue_units` counts the units waiting in front of the step (its standing stock
    included); `mean_wait_s` is their wait."""

    name: str
    utilisation: Estimate
    blocked: float
    mean_queue_units: float
    mean_wait_s: float
    load: float
    machines: int


@dataclass(frozen=True)
class SimulationResult:
    """What the simulation measured after the warm-up; times in seconds of the plant's working
    clock (`day_s` working seconds a day). `littles_law_gap` is |WIP - throughput x lead time|
    / WIP: close to 0 when the run was long enough for the figures to agree."""

    jobs: int
    replications: int
    warmup_jobs: int
    day_s: float
    lead_time_s: Estimate
    lead_time_p50_s: float
    lead_time_p90_s: float
    wip: Estimate
    throughput_per_hour: Estimate
    stations: tuple[StationResult, ...]
    stable: bool
    bottleneck: str
    littles_law_gap: float

    @property
    def lead_time_days(self) -> Estimate:
        e = self.lead_time_s
        return Estimate(e.mean / self.day_s, e.low / self.day_s, e.high / self.day_s)

    @property
    def throughput_per_day(self) -> Estimate:
        e, hours = self.throughput_per_hour, self.day_s / 3600
        return Estimate(e.mean * hours, e.low * hours, e.high * hours)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the CLI's --json): a stable interface."""

        def pair(e: Estimate) -> list[float]:
            return [e.low, e.high]

        return {
            "jobs": self.jobs,
            "replications": self.replications,
            "warmup_jobs": self.warmup_jobs,
            "lead_time_s": {
                "mean": self.lead_time_s.mean,
                "ci95": pair(self.lead_time_s),
                "p50": self.lead_time_p50_s,
                "p90": self.lead_time_p90_s,
            },
            "lead_time_days": self.lead_time_s.mean / self.day_s,
            "wip_mean": self.wip.mean,
            "wip_ci95": pair(self.wip),
            "throughput_per_hour": self.throughput_per_hour.mean,
            "throughput_per_hour_ci95": pair(self.throughput_per_hour),
            "steps": [
                {
                    "name": s.name,
                    "utilisation": s.utilisation.mean,
                    "utilisation_ci95": pair(s.utilisation),
                    "blocked": s.blocked,
                    "load": s.load,
                    "machines": s.machines,
                    "mean_queue_units": s.mean_queue_units,
                    "mean_wait_s": s.mean_wait_s,
                }
                for s in self.stations
            ],
            "stable": self.stable,
            "bottleneck": self.bottleneck,
            "littles_law_gap": self.littles_law_gap,
        }


# --------------------------------------------------------------------------------------------
# Drawing times


def draw(rng: np.random.Generator, dist: Distribution, shape: tuple[int, ...]) -> np.ndarray:
    """Times from one of the file's distributions (`obeya.core.vsm.DISTRIBUTIONS`).

    normal: truncated at 0 by drawing the negative values again; lognormal: from the mean m and
    standard deviation s of the time itself, sigma^2 = ln(1 + s^2 / m^2), mu = ln m - sigma^2 / 2;
    empirical: the sample's values drawn with replacement (bootstrap)."""
    kind = dist.kind
    if kind == "fixed":
        return np.full(shape, dist.params[0])
    if kind == "exponential":
        return rng.standard_exponential(shape) * dist.params[0]
    if kind == "normal":
        mean, sd = dist.params
        out = rng.normal(mean, sd, shape) if sd else np.full(shape, mean)
        negative = out < 0
        while negative.any():
            out[negative] = rng.normal(mean, sd, int(negative.sum()))
            negative = out < 0
        return out
    if kind == "lognormal":
        mean, sd = dist.params
        if sd == 0:
            return np.full(shape, mean)
        sigma2 = math.log1p((sd / mean) ** 2)
        return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), shape)
    if kind == "triangular":
        low, mode, high = dist.params
        if low == high:
            return np.full(shape, low)
        return rng.triangular(low, mode, high, shape)
    if kind == "empirical":
        return rng.choice(np.asarray(dist.values, dtype=float), size=shape)
    raise SimulationError(f"dist: unknown distribution {kind!r}")


def repairs_s(
    rng: np.random.Generator, service_s: np.ndarray, mtbf_s: float, mttr_s: float
) -> np.ndarray:
    """Repair time added to each service: Poisson(service / MTBF) failures while working, each
    repaired in an exponential time of mean MTTR; their sum is Gamma(failures, MTTR)."""
    failures = rng.poisson(service_s / mtbf_s)
    out = np.zeros_like(service_s)
    hit = failures > 0
    out[hit] = rng.standard_gamma(failures[hit]) * mttr_s
    return out


# --------------------------------------------------------------------------------------------
# The line as stations


@dataclass(frozen=True)
class Station:
    """A process step as the simulation runs it, on the plant's clock. A unit's time is
    (draw(cycle) + extra_s) x scale, plus the repairs when `mtbf_s` is given. `capacity_before`
    is the room of the inventory in front (None: no limit) and `stock_before` the standing
    stock of an inventory without a capacity."""

    name: str
    cycle: Distribution
    machines: int = 1
    extra_s: float = 0.0
    scale: float = 1.0
    mtbf_s: float | None = None
    mttr_s: float | None = None
    batch: int = 1
    capacity_before: int | None = None
    stock_before: int = 0

    @property
    def mean_service_s(self) -> float:
        base = (self.cycle.mean_s + self.extra_s) * self.scale
        if self.mtbf_s:
            base *= 1 + (self.mttr_s or 0) / self.mtbf_s
        return base

    def service_s(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        times = draw(rng, self.cycle, shape)
        if self.extra_s:
            times += self.extra_s
        if self.scale != 1:
            times *= self.scale
        if self.mtbf_s and self.mttr_s:
            times += repairs_s(rng, times, self.mtbf_s, self.mttr_s)
        return times


@dataclass(frozen=True)
class Line:
    """The value stream as the simulation sees it: stations in order, the standing stock after
    the last one, the demand (`interval_mean_s`) and the plant's working seconds a day."""

    stations: tuple[Station, ...]
    stock_after: int
    arrivals: Any  # obeya.core.vsm.Arrivals, or None: one unit every takt time
    interval_mean_s: float
    day_s: float


def line_from_value_stream(vs: ValueStream) -> Line:
    """The map's steps and inventories as stations; see the module docstring."""
    day_s = vs.work.available_s_per_day
    daily_demand = vs.customer.demand / vs.customer.period_days
    takt_s = day_s / daily_demand
    stations: list[Station] = []
    pending_capacity: int | None = None
    pending_stock = 0
    for item in vs.flow:
        if isinstance(item, Inventory):
            if item.capacity is not None:
                pending_capacity, pending_stock = item.capacity, 0
            else:
                pending_capacity, pending_stock = None, _pile_units(item, daily_demand)
            continue
        if not isinstance(item, Process):
            continue
        shifts = item.shifts if item.shifts is not None else vs.work.shifts
        clock = vs.work.shifts / shifts  # a step on two shifts in a one-shift plant runs 2x
        breakdowns = item.mtbf_s is not None and item.mttr_s is not None
        stretch = (1 if breakdowns else item.uptime) * (1 - item.scrap_rate)
        cycle = item.cycle_time_dist or Distribution("fixed", (float(item.cycle_time_s),))
        capacity = pending_capacity if stations else None  # no room to lack before the line
        previous_batch = stations[-1].batch if stations else 1
        if capacity is not None and capacity < previous_batch:
            raise SimulationError(
                f"capacity: the inventory before {item.name!r} holds {capacity} units, less "
                f"than a batch of {stations[-1].name!r} ({previous_batch}): the line would stop"
            )
        stations.append(
            Station(
                name=item.name,
                cycle=cycle,
                machines=item.machines,
                extra_s=item.changeover_s / item.batch_size if item.batch_size else 0.0,
                scale=clock / stretch,
                mtbf_s=item.mtbf_s * clock if breakdowns else None,  # type: ignore[operator]
                mttr_s=item.mttr_s * clock if breakdowns else None,  # type: ignore[operator]
                batch=item.batch_size or 1,
                capacity_before=capacity,
                stock_before=pending_stock,
            )
        )
        pending_capacity, pending_stock = None, 0
    if not stations:
        raise SimulationError("flow: must contain at least one process")
    arrivals = vs.arrivals
    if arrivals is None:
        interval_mean_s = takt_s
    elif arrivals.interval is not None:
        interval_mean_s = arrivals.interval.mean_s
    else:
        interval_mean_s = arrivals.every_s / len(arrivals.schedule)
    return Line(tuple(stations), pending_stock, arrivals, interval_mean_s, day_s)


def _pile_units(inventory: Inventory, daily_demand: float) -> int:
    if inventory.days is not None:
        return int(round(inventory.days * daily_demand))
    return int(round(inventory.quantity or 0))


def station_load(line: Line, station: Station) -> float:
    """What demand asks of a step: arrival rate x mean service time / machines."""
    return station.mean_service_s / (station.machines * line.interval_mean_s)


def _units(line: Line, settings: SimulationSettings) -> int:
    """Units entering per replication: the jobs, then enough to push them out of the piles
    and the batches, and past the reordering at steps with several machines."""
    stock = sum(s.stock_before for s in line.stations) + line.stock_after
    machines = sum(s.machines - 1 for s in line.stations)
    return settings.jobs + stock + max(s.batch for s in line.stations) + 4 * machines


def simulated_events(vs: ValueStream, settings: SimulationSettings = SimulationSettings()) -> int:
    """How many unit-step passages `simulate` computes: the size of the run, for a caller that
    must keep it within a time budget (the web page)."""
    line = line_from_value_stream(vs)
    return _units(line, settings) * len(line.stations) * settings.replications


def looped_events(vs: ValueStream, settings: SimulationSettings = SimulationSettings()) -> int:
    """The unit-step passages computed unit by unit (steps with several machines or a finite
    buffer on either side): the slow part of a run."""
    line = line_from_value_stream(vs)
    stations = line.stations
    looped = sum(
        1
        for k, s in enumerate(stations)
        if s.machines > 1
        or s.capacity_before is not None
        or (k + 1 < len(stations) and stations[k + 1].capacity_before is not None)
    )
    return _units(line, settings) * looped * settings.replications


def _check(settings: SimulationSettings) -> None:
    def whole(name: str, least: int, why: str = "") -> int:
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise SimulationError(
                f"{name}: must be a whole number of at least {least}{why}, got {value!r}"
            )
        return value

    whole("jobs", 2)
    whole("replications", 2, " (the confidence interval needs two)")
    whole("seed", 0)
    if settings.warmup_jobs is not None:
        whole("warmup_jobs", 0)
    if not 0 <= settings.warmup <= settings.jobs - 2:
        raise SimulationError(
            f"warmup_jobs: must leave at least 2 of the {settings.jobs} jobs to measure, "
            f"got {settings.warmup!r}"
        )


# --------------------------------------------------------------------------------------------
# The exact computation


def fifo_departures(arrivals: np.ndarray, service: np.ndarray) -> np.ndarray:
    """Departure times of a single FIFO server, exactly, along the last axis.

    Lindley's recursion D_j = max(A_j, D_{j-1}) + S_j unrolls to
    D_j = max over i <= j of (A_i + S_i + ... + S_j) = C_j + max over i <= j of (A_i - C_{i-1})
    with C the cumulative service: one cumulative sum and one cumulative maximum, no loop over
    units. `arrivals` must be sorted along the last axis."""
    done = np.cumsum(service, axis=-1)
    return done + np.maximum.accumulate(arrivals - (done - service), axis=-1)


@dataclass(frozen=True)
class StationRun:
    """Times at one station, indexed by the order units started there (= arrival order):
    `arrive_s` joined the queue (or the standing stock in front; -inf: in it from the start),
    `start_s` began, `done_s` finished, `leave_s` left the machine
    (later than done when blocked)."""

    arrive_s: np.ndarray
    start_s: np.ndarray
    done_s: np.ndarray
    leave_s: np.ndarray


@dataclass(frozen=True)
class LineRun:
    """`exit_s[r, u]`: when unit u (its index in the arrivals; the standing stocks' units
    follow) left the line in replication r (inf: still in a pile at the end)."""

    exit_s: np.ndarray
    stations: tuple[StationRun, ...]


def _batched(leave: np.ndarray, batch: int) -> np.ndarray:
    """Times units reach the next step when they move by whole batches: the leaving time of
    the batch's last unit (the last, incomplete batch moves with the last unit)."""
    if batch == 1:
        return leave
    units = leave.shape[1]
    last = np.minimum((np.arange(units) // batch + 1) * batch - 1, units - 1)
    return leave[:, last]


SCALAR_MAX_REPLICATIONS = 10
"""Up to this many replications, the unit-by-unit loop runs on Python floats one replication
after the other: NumPy's overhead on a handful of numbers costs more than it saves."""


def _segment(
    arrive0: np.ndarray,
    services: Sequence[np.ndarray],
    machines: Sequence[int],
    rooms: Sequence[int | None],
    batches: Sequence[int],
) -> tuple[list[StationRun], list[np.ndarray], list[np.ndarray]]:
    """Stations joined by finite buffers (or one station with several machines), unit by unit,
    vectorised over the replications.

    `rooms[k]` is the room behind station k (its buffer's capacity + the next station's
    machines), None for the last. Returns each station's times, its departures in time order
    and, for each departure rank, the start index of the unit that left. Station k handles start
    m = t - lag_k at iteration t; the lags make every value it reads computed already (the
    departure rank n - room of the next station, the arrivals of batches of the previous one).
    Among units finishing at the same time, the one that started first leaves first."""
    reps, units = arrive0.shape
    count = len(services)
    lag = [0] * count
    for k in range(1, count):
        lag[k] = lag[k - 1] + machines[k - 1] - 1 + batches[k - 1] - 1
    last_t = units + lag[-1] + machines[-1] - 1
    if reps <= SCALAR_MAX_REPLICATIONS:
        rows = [
            _segment_row(arrive0[r], [s[r] for s in services], machines, rooms, batches, lag)
            for r in range(reps)
        ]
        arrive, start, done, leave, who = (
            [np.stack([row[i][k] for row in rows]) for k in range(count)] for i in range(5)
        )
    else:
        # units on the first axis: one unit's values for every replication are contiguous
        arrive = [np.ascontiguousarray(arrive0.T)] + [
            np.empty((units, reps)) for _ in range(1, count)
        ]
        service = [np.ascontiguousarray(s[:, :units].T) for s in services]
        start = [np.empty((units, reps)) for _ in range(count)]
        done = [np.empty((units, reps)) for _ in range(count)]
        leave = [np.empty((units, reps)) for _ in range(count)]  # by departure rank
        who = [np.empty((units, reps), dtype=np.int64) for _ in range(count)]
        pending = [np.full((reps, c), np.inf) for c in machines]
        pending_m = [np.full((reps, c), units, dtype=np.int64) for c in machines]
        slot = [np.zeros(reps, dtype=np.int64) for _ in range(count)]
        cols = np.arange(reps)
        for t in range(last_t):
            for k in range(count):
                c = machines[k]
                m = t - lag[k]
                n = m - (c - 1)
                if n >= units or m < 0:
                    continue
                if m < units:
                    a = arrive[k][m]
                    s = np.maximum(a, leave[k][m - c]) if m >= c else a
                    e = s + service[k][m]
                    start[k][m] = s
                    done[k][m] = e
                    if c == 1:
                        d, mm = e, m
                    else:
                        pending[k][cols, slot[k]] = e
                        pending_m[k][cols, slot[k]] = m
                        if n < 0:
                            slot[k][:] = m + 1
                            continue
                if c > 1:
                    p = pending[k]
                    d = p.min(axis=1)
                    j = np.where(p == d[:, None], pending_m[k], units).argmin(axis=1)
                    mm = pending_m[k][cols, j]
                    p[cols, j] = np.inf
                    slot[k] = j
                room = rooms[k]
                if room is not None and n >= room:
                    d = np.maximum(d, leave[k + 1][n - room])
                leave[k][n] = d
                who[k][n] = mm
                if k + 1 < count:
                    b = batches[k]
                    if b == 1:
                        arrive[k + 1][n] = d
                    elif (n + 1) % b == 0 or n == units - 1:
                        arrive[k + 1][n - n % b : n + 1] = d
        arrive, start, done, leave, who = (
            [x.T for x in group] for group in (arrive, start, done, leave, who)
        )
    runs = []
    for k in range(count):
        by_start = np.empty_like(leave[k])
        np.put_along_axis(by_start, who[k], leave[k], axis=1)
        runs.append(StationRun(arrive[k], start[k], done[k], by_start))
    return runs, leave, who


def _segment_row(
    arrive0: np.ndarray,
    services: Sequence[np.ndarray],
    machines: Sequence[int],
    rooms: Sequence[int | None],
    batches: Sequence[int],
    lag: Sequence[int],
) -> tuple[list[list[float]], ...]:
    """`_segment` for one replication on Python floats, the units in service in a heap."""
    units = len(arrive0)
    count = len(services)
    arrive = [arrive0.tolist()] + [[0.0] * units for _ in range(1, count)]
    service = [s[:units].tolist() for s in services]
    start = [[0.0] * units for _ in range(count)]
    done = [[0.0] * units for _ in range(count)]
    leave = [[0.0] * units for _ in range(count)]
    who = [[0] * units for _ in range(count)]
    busy: list[list[tuple[float, int]]] = [[] for _ in range(count)]
    last_t = units + lag[-1] + machines[-1] - 1
    for t in range(last_t):
        for k in range(count):
            c = machines[k]
            m = t - lag[k]
            n = m - (c - 1)
            if n >= units or m < 0:
                continue
            if m < units:
                a = arrive[k][m]
                if m >= c and leave[k][m - c] > a:
                    a = leave[k][m - c]
                start[k][m] = a
                e = done[k][m] = a + service[k][m]
                if c == 1:
                    d, mm = e, m
                else:
                    heapq.heappush(busy[k], (e, m))
                    if n < 0:
                        continue
            if c > 1:
                d, mm = heapq.heappop(busy[k])
            room = rooms[k]
            if room is not None and n >= room and leave[k + 1][n - room] > d:
                d = leave[k + 1][n - room]
            leave[k][n] = d
            who[k][n] = mm
            if k + 1 < count:
                b = batches[k]
                if b == 1:
                    arrive[k + 1][n] = d
                elif (n + 1) % b == 0 or n == units - 1:
                    arrive[k + 1][n - n % b : n + 1] = [d] * (n % b + 1)
    return arrive, start, done, leave, who


def run_line(
    arrivals_s: np.ndarray,
    services_s: Sequence[np.ndarray],
    *,
    machines: Sequence[int] | None = None,
    capacities: Sequence[int | None] | None = None,
    batches: Sequence[int] | None = None,
    stocks: Sequence[int] | None = None,
    stock_after: int = 0,
) -> LineRun:
    """Run units through a serial line, exactly, from pre-drawn times.

    `arrivals_s` (replications x units, sorted along each row); `services_s[k]` the service
    times at station k, used in the order units start there (so the stock units come in their
    place; the stocks in front of station k add as many units, and columns needed). Per
    station: `machines` (one FIFO queue in front of them), `capacities[k]` the room
    of the buffer in front of station k (None: no limit, and no effect in front of the first),
    `batches[k]` its transfer batch, `stocks[k]` the standing stock in front of it (only where
    the capacity is None); `stock_after` the standing stock after the last station."""
    count = len(services_s)
    machines = list(machines or [1] * count)
    capacities = list(capacities or [None] * count)
    batches = list(batches or [1] * count)
    stocks = list(stocks or [0] * count)
    reps, arrived = arrivals_s.shape
    total = arrived + sum(stocks) + stock_after
    entry = np.concatenate([arrivals_s, np.full((reps, total - arrived), -np.inf)], axis=1)
    times = arrivals_s
    ids = np.broadcast_to(np.arange(arrived), (reps, arrived))
    next_stock = arrived
    runs: list[StationRun] = []
    k = 0
    while k < count:
        joined = None
        if stocks[k]:
            joined = np.concatenate([np.full((reps, stocks[k]), -np.inf), times], axis=1)
            times, ids, next_stock = _pile(times, ids, stocks[k], next_stock)
        end = k + 1  # stations k..end-1 joined by finite buffers
        while end < count and capacities[end] is not None:
            end += 1
        units = times.shape[1]
        if end == k + 1 and machines[k] == 1:
            service = services_s[k][:, :units]
            leave = fifo_departures(times, service)
            run = StationRun(times, leave - service, leave, leave)
            runs.append(run)
        else:
            rooms = [capacities[i + 1] + machines[i + 1] for i in range(k, end - 1)] + [None]
            seg_runs, leaves, who = _segment(
                times,
                [services_s[i][:, :units] for i in range(k, end)],
                machines[k:end],
                rooms,  # type: ignore[arg-type]
                batches[k:end],
            )
            runs.extend(seg_runs)
            leave = leaves[-1]
            for i in range(k, end):  # units leave each station in the order they finish
                if machines[i] > 1:
                    ids = np.take_along_axis(ids, who[i - k], axis=1)
        if joined is not None:  # the pile in front counts as the station's queue
            runs[k] = replace(runs[k], arrive_s=joined)
        times = _batched(leave, batches[end - 1])
        k = end
    if stock_after:
        times, ids, next_stock = _pile(times, ids, stock_after, next_stock)
    exit_s = np.full(entry.shape, np.inf)
    np.put_along_axis(exit_s, ids, times, axis=1)
    return LineRun(exit_s, tuple(runs))


def _pile(
    times: np.ndarray, ids: np.ndarray, units: int, next_id: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """A standing stock of `units`: each unit coming in lets the oldest one out, so the pile
    keeps its level and the stream leaves at the times it comes in, `units` places later. When
    the last unit has come in, the pile empties at once (the end of the run): the stream grows
    by `units`."""
    reps = ids.shape[0]
    stock = np.broadcast_to(np.arange(next_id, next_id + units), (reps, units))
    tail = np.broadcast_to(times[:, -1:], (reps, units))
    return (
        np.concatenate([times, tail], axis=1),
        np.concatenate([stock, ids], axis=1),
        next_id + units,
    )


# --------------------------------------------------------------------------------------------
# Running a value stream


def arrival_times(rng: np.random.Generator, line: Line, reps: int, units: int) -> np.ndarray:
    """When each unit enters, one row per replication: the map's `arrivals` or one unit every
    takt time (the first at time 0)."""
    arrivals = line.arrivals
    if arrivals is None:
        return np.broadcast_to(np.arange(units) * line.interval_mean_s, (reps, units)).copy()
    if arrivals.interval is not None:
        gaps = draw(rng, arrivals.interval, (reps, units))
        gaps[:, 0] = 0.0
        return np.cumsum(gaps, axis=1)
    schedule = np.asarray(arrivals.schedule)
    cycles = -(-units // len(schedule))
    times = (np.arange(cycles)[:, None] * arrivals.every_s + schedule).ravel()[:units]
    return np.broadcast_to(times, (reps, units)).copy()


_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)  # fmt: skip


def t975(df: int) -> float:
    """Student's t 97.5 % quantile: the table up to 30 degrees of freedom, then the
    Cornish-Fisher expansion around the normal's 1.96 (within 1e-4 from 31 on)."""
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959963985
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


def estimate(per_replication: np.ndarray) -> Estimate:
    """Mean and 95 % confidence interval of independent replications' values."""
    values = np.asarray(per_replication, dtype=float)
    mean = float(values.mean())
    half = t975(len(values) - 1) * float(values.std(ddof=1)) / math.sqrt(len(values))
    return Estimate(mean, mean - half, mean + half)


def _overlap(start: np.ndarray, end: np.ndarray, w0: np.ndarray, w1: np.ndarray) -> np.ndarray:
    """Seconds of each interval [start, end] inside each row's window [w0, w1]."""
    return np.clip(np.minimum(end, w1[:, None]) - np.maximum(start, w0[:, None]), 0, None)


def simulate(
    vs: ValueStream,
    settings: SimulationSettings = SimulationSettings(),
    *,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> SimulationResult:
    """Run the value stream as a line (see the module docstring) and measure it after the
    warm-up. Raises SimulationError for a model or settings that cannot be simulated or a run
    larger than `max_events` unit-step passages."""
    _check(settings)
    line = line_from_value_stream(vs)
    units = _units(line, settings)
    reps = settings.replications
    if units * len(line.stations) * reps > max_events:
        raise SimulationError(
            f"jobs: {settings.jobs:,} jobs x {reps} replications of this map make more than "
            f"{max_events:,} unit-step passages; simulate fewer jobs or replications"
        )
    rng = np.random.default_rng(settings.seed)
    entry = arrival_times(rng, line, reps, units)
    stock = sum(s.stock_before for s in line.stations)
    services = [s.service_s(rng, (reps, units + stock)) for s in line.stations]
    run = run_line(
        entry,
        services,
        machines=[s.machines for s in line.stations],
        capacities=[s.capacity_before for s in line.stations],
        batches=[s.batch for s in line.stations],
        stocks=[s.stock_before for s in line.stations],
        stock_after=line.stock_after,
    )
    return measure(line, settings, entry, run)


def measure(
    line: Line, settings: SimulationSettings, entry: np.ndarray, run: LineRun
) -> SimulationResult:
    """The figures of a run over each replication's window (from the arrival of the first
    measured unit to that of the last), then their means and confidence intervals."""
    first, last = settings.warmup, settings.jobs - 1
    w0, w1 = entry[:, first], entry[:, last]
    window = np.maximum(w1 - w0, 1e-12)
    reps = entry.shape[0]
    full_entry = np.concatenate(
        [entry, np.full((reps, run.exit_s.shape[1] - entry.shape[1]), -np.inf)], axis=1
    )
    lead = run.exit_s[:, first : last + 1] - entry[:, first : last + 1]
    lead_per_rep = lead.mean(axis=1)
    wip = _overlap(full_entry, run.exit_s, w0, w1).sum(axis=1) / window
    left = ((run.exit_s >= w0[:, None]) & (run.exit_s < w1[:, None])).sum(axis=1)
    throughput = left / window * 3600
    stations = []
    for station, times in zip(line.stations, run.stations, strict=True):
        c = station.machines
        busy = _overlap(times.start_s, times.done_s, w0, w1).sum(axis=1) / (window * c)
        blocked = _overlap(times.done_s, times.leave_s, w0, w1).sum(axis=1) / (window * c)
        queue = _overlap(times.arrive_s, times.start_s, w0, w1).sum(axis=1) / window
        joined = (times.arrive_s >= w0[:, None]) & (times.arrive_s < w1[:, None])
        waits = (times.start_s - times.arrive_s)[joined]
        stations.append(
            StationResult(
                name=station.name,
                utilisation=estimate(busy),
                blocked=float(blocked.mean()),
                mean_queue_units=float(queue.mean()),
                mean_wait_s=float(waits.mean()) if waits.size else 0.0,
                load=station_load(line, station),
                machines=c,
            )
        )
    lead_s = estimate(lead_per_rep)
    wip_e = estimate(wip)
    rate = float(throughput.mean()) / 3600
    gap = abs(wip_e.mean - rate * lead_s.mean) / wip_e.mean if wip_e.mean else 0.0
    loads = [s.load for s in stations]
    worst = max(range(len(loads)), key=loads.__getitem__)
    return SimulationResult(
        jobs=settings.jobs,
        replications=reps,
        warmup_jobs=settings.warmup,
        day_s=line.day_s,
        lead_time_s=lead_s,
        lead_time_p50_s=float(np.percentile(lead, 50)),
        lead_time_p90_s=float(np.percentile(lead, 90)),
        wip=wip_e,
        throughput_per_hour=estimate(throughput),
        stations=tuple(stations),
        stable=all(load < 1 for load in loads),
        bottleneck=stations[worst].name,
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
    translated): the simulated lead time in working days as two bars per state (median and
    90th percentile, the spread the static map cannot show) and the mean WIP beside it with its
    95 % confidence interval as an error bar."""
    states = list(results)
    lead = []
    for state, r in results.items():
        lead.append({"state": state, "measure": median_label, "days": r.lead_time_p50_s / r.day_s})
        lead.append({"state": state, "measure": p90_label, "days": r.lead_time_p90_s / r.day_s})
    wip = [
        {"state": state, "wip": r.wip.mean, "low": r.wip.low, "high": r.wip.high}
        for state, r in results.items()
    ]
    x = {"field": "state", "type": "nominal", "sort": states, "title": None}
    return {
        "$schema": SCHEMA,
        "title": title,
        "config": CHART_CONFIG,
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
                "width": 160,
                "height": 220,
                "encoding": {"x": {**x, "axis": {"labelAngle": 0}}},
                "layer": [
                    {
                        "mark": {"type": "bar", "cornerRadiusEnd": 2, "color": ACCENT},
                        "encoding": {
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
                    {
                        "mark": {"type": "rule", "color": MUTED},
                        "encoding": {
                            "y": {"field": "low", "type": "quantitative"},
                            "y2": {"field": "high"},
                        },
                    },
                ],
            },
        ],
    }
