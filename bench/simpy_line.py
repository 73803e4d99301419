"""The same serial line as `obeya.core.simulation.run_line`, written the ordinary way in SimPy.

One process per unit walks the line: at each station it requests a machine
(`simpy.Resource(capacity=machines)`, whose queue is first in, first out), takes the next
pre-drawn service time of that station (the k-th unit to start there takes the k-th time, as
`run_line` does), then the repair time drawn for that service. With a finite buffer behind the
station it requests a place there (`simpy.Resource(capacity=buffer + next station's machines)`)
while still holding its machine: blocking after service. Batches are collected in a list and move
together when the last unit of the batch arrives (the last, incomplete batch with the last unit).

It consumes the same arrays as `run_line`, so the tests (tests/core/test_simulation_simpy.py)
can demand identical departure times, and bench/bench_simulation.py times both on one model.
Standing stocks are not modelled here: they only re-index the stream (`_pile`) and have their
own closed-form tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import simpy


def simpy_exit_times(
    arrivals_s: Sequence[float],
    services_s: Sequence[Sequence[float]],
    *,
    machines: Sequence[int] | None = None,
    capacities: Sequence[int | None] | None = None,
    batches: Sequence[int] | None = None,
    repairs_s: Sequence[Sequence[float]] | None = None,
) -> list[float]:
    """Exit time of each unit (in arrival order) of one replication. `capacities[k]` is the
    buffer in front of station k (None: no limit); the other arguments as in `run_line`."""
    count = len(services_s)
    machines = list(machines or [1] * count)
    capacities = list(capacities or [None] * count)
    batches = list(batches or [1] * count)
    units = len(arrivals_s)
    env = simpy.Environment()
    stations = [simpy.Resource(env, capacity=c) for c in machines]
    rooms: list[simpy.Resource | None] = [None] + [
        simpy.Resource(env, capacity=capacities[k] + machines[k])
        if capacities[k] is not None
        else None
        for k in range(1, count)
    ]
    started = [0] * count
    finished = [0] * count
    waiting: list[list[tuple[int, simpy.Event]]] = [[] for _ in range(count)]
    exit_s = [float("inf")] * units

    def unit(j: int):
        room_held = None
        for k in range(count):
            machine = stations[k].request()
            yield machine
            index = started[k]
            started[k] += 1
            yield env.timeout(services_s[k][index])
            if repairs_s is not None and repairs_s[k][index]:
                yield env.timeout(repairs_s[k][index])
            next_room = rooms[k + 1] if k + 1 < count else None
            place = None
            if next_room is not None:
                place = next_room.request()
                yield place  # blocked: the machine is held until there is room
            stations[k].release(machine)
            if room_held is not None:
                room_held[0].release(room_held[1])
            room_held = (next_room, place) if place is not None else None
            finished[k] += 1
            if batches[k] > 1:
                moved = env.event()
                waiting[k].append((j, moved))
                if len(waiting[k]) == batches[k] or finished[k] == units:
                    batch, waiting[k] = waiting[k], []
                    for _, event in batch:
                        event.succeed()
                yield moved  # the whole batch resumes in its order, this unit last
        exit_s[j] = env.now

    def source():
        previous = 0.0
        for j, at in enumerate(arrivals_s):
            yield env.timeout(at - previous)
            previous = at
            env.process(unit(j))

    env.process(source())
    env.run()
    return exit_s
