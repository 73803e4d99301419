"""The simulation against SimPy on the same model and the same random draws: not statistics
compared, but every unit's exit time, to float tolerance.

The SimPy model (bench/simpy_line.py, shared with the benchmark) is the ordinary way of writing
the line: machines as `simpy.Resource(capacity=c)`, finite buffers as a resource for the room
behind a step requested before releasing the machine (blocking after service), batches held on
an event, breakdowns as a repair timeout after the service."""

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core import simulation
from obeya.core.simulation import repairs_s, run_line

pytest.importorskip("simpy")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from simpy_line import simpy_exit_times  # noqa: E402

REPS = 3


@pytest.fixture(autouse=True, params=["vectorised", "scalar"])
def loop(request, monkeypatch):
    """Both forms of the unit-by-unit loop: vectorised over the replications, and on Python
    floats one replication at a time (used for a few replications)."""
    limit = 0 if request.param == "vectorised" else REPS
    monkeypatch.setattr(simulation, "SCALAR_MAX_REPLICATIONS", limit)
    return request.param


def _compare(machines, capacities, batches, *, units=400, seed=0, breakdowns=False, cv=1.0):
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1.0, (REPS, units)), axis=1)
    services, repairs = [], []
    for c in machines:
        mean = 0.8 * c
        if cv == 1.0:
            s = rng.exponential(mean, (REPS, units))
        else:
            sigma2 = np.log1p(cv**2)
            s = rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), (REPS, units))
        services.append(s)
        repairs.append(repairs_s(rng, s, 20.0, 3.0) if breakdowns else np.zeros_like(s))
    run = run_line(
        arrivals,
        [s + r for s, r in zip(services, repairs, strict=True)],
        machines=machines,
        capacities=capacities,
        batches=batches,
    )
    for r in range(REPS):
        theirs = simpy_exit_times(
            arrivals[r],
            [s[r] for s in services],
            machines=machines,
            capacities=capacities,
            batches=batches,
            repairs_s=[x[r] for x in repairs],
        )
        np.testing.assert_allclose(run.exit_s[r], theirs, rtol=1e-12, atol=1e-9)
    return run


@pytest.mark.parametrize(
    ("machines", "capacities", "batches", "breakdowns", "case"),
    [
        ([1, 1, 1], [None, None, None], [1, 1, 1], False, "tandem, max-plus path"),
        ([2, 1, 3], [None, None, None], [1, 1, 1], False, "shared queues at 2 and 3 machines"),
        ([1, 1, 1], [None, 2, 0], [1, 1, 1], False, "finite buffers, blocking"),
        ([2, 1, 3], [None, 3, 1], [1, 1, 1], False, "machines and blocking"),
        ([2, 1, 3], [None, None, None], [3, 1, 2], False, "batch transfer"),
        ([1, 2, 1], [None, 4, 5], [4, 2, 1], False, "batches into finite buffers"),
        ([2, 3, 1, 2], [None, 0, 2, 0], [1, 1, 1, 1], True, "breakdowns with blocking"),
        ([1, 1], [None, None], [1, 1], True, "breakdowns"),
    ],
)
def test_exit_times_equal_simpys(machines, capacities, batches, breakdowns, case):
    run = _compare(machines, capacities, batches, breakdowns=breakdowns)
    assert np.isfinite(run.exit_s).all(), case


def test_blocking_really_happens_in_the_compared_runs():
    """The equivalence would be empty if no unit ever waited for room."""
    run = _compare([1, 1, 1], [None, 0, 0], [1, 1, 1], cv=0.3)
    blocked = sum(float((s.leave_s - s.done_s).sum()) for s in run.stations)
    assert blocked > 0


@settings(max_examples=20, deadline=None)
@given(
    machines=st.lists(st.integers(1, 3), min_size=1, max_size=4),
    capacities=st.lists(st.sampled_from([None, 0, 1, 4]), min_size=4, max_size=4),
    batches=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    breakdowns=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_random_lines_equal_simpys(machines, capacities, batches, breakdowns, seed):
    count = len(machines)
    batches = batches[:count]
    caps = [None] + [
        None if cap is None else max(cap, batches[k - 1])
        for k, cap in enumerate(capacities[:count])
        if k
    ]
    _compare(machines, caps, batches, units=150, seed=seed, breakdowns=breakdowns, cv=0.5)
