"""The value stream simulation against closed-form queueing results (obeya.core.simulation)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core.simulation import (
    SimulationError,
    SimulationSettings,
    draw,
    fifo_departures,
    line_from_value_stream,
    run_line,
    simulate,
    simulated_events,
    simulation_chart_spec,
    t975,
)
from obeya.core.vsm import (
    Arrivals,
    Customer,
    Distribution,
    Inventory,
    Process,
    ValueStream,
    Work,
)

DAY_S = 20_000.0
TAKT_S = 10.0

# Long runs for the closed forms: 8 replications of 100,000 units. Over eight seeds the relative
# error of the mean time in system stayed within 1.5 % (M/M/1 at 70 %, the noisiest case), so a
# 4 % tolerance is far from the scatter and still catches a wrong formula (M/D/1 against M/M/1
# at 70 % differ by 35 %; two machines sharing a queue against two separate queues by 20 %).
LONG = SimulationSettings(jobs=100_000, replications=8)
TOLERANCE = 0.04


def exponential(mean: float) -> Distribution:
    return Distribution("exponential", (mean,))


def line(*steps, takt_s=TAKT_S, day_s=DAY_S, shifts=1.0, arrivals=None) -> ValueStream:
    """A value stream from processes and inventories, demand one unit every `takt_s`; a number
    is a step with that fixed cycle time."""
    flow = tuple(
        Process(f"S{i}", s) if isinstance(s, int | float) else s for i, s in enumerate(steps)
    )
    return ValueStream(
        "test line",
        Customer("c", day_s / takt_s, 1),
        Work(shifts, day_s / shifts),
        flow,
        arrivals=arrivals,
    )


def step(name: str, dist: Distribution, **fields) -> Process:
    return Process(name, dist.mean_s, cycle_time_dist=dist, **fields)


POISSON = Arrivals(interval=exponential(TAKT_S))


def erlang_c_wait_s(c: int, arrival_rate: float, service_s: float) -> float:
    """M/M/c mean wait in queue: Erlang's C formula over (c mu - lambda)."""
    a = arrival_rate * service_s
    rho = a / c
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1 - rho)
    return tail / (head + tail) / (c / service_s - arrival_rate)


def pk_sojourn_s(service_s: float, cv: float, rho: float) -> float:
    """M/G/1, Pollaczek-Khinchine: W = S + rho S (1 + cv^2) / (2 (1 - rho))."""
    return service_s + rho * service_s * (1 + cv**2) / (2 * (1 - rho))


# --- closed forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dist", "expected_s", "name"),
    [
        (exponential(5.0), 1 / (1 / 5 - 1 / TAKT_S), "M/M/1 at 50 %"),
        (exponential(7.0), 1 / (1 / 7 - 1 / TAKT_S), "M/M/1 at 70 %"),
        (Distribution("fixed", (7.0,)), pk_sojourn_s(7.0, 0, 0.7), "M/D/1 at 70 %"),
        (Distribution("lognormal", (6.0, 3.0)), pk_sojourn_s(6.0, 0.5, 0.6), "M/G/1 lognormal"),
        (
            Distribution("triangular", (2.0, 5.0, 11.0)),
            pk_sojourn_s(6.0, math.sqrt(7.0) / 6.0, 0.6),  # var = (a²+b²+c²-ab-ac-bc)/18 = 7
            "M/G/1 triangular",
        ),
        (
            Distribution("empirical", values=(2.0, 4.0, 12.0)),
            pk_sojourn_s(6.0, math.sqrt(56 / 3) / 6.0, 0.6),  # var = (16 + 4 + 36) / 3
            "M/G/1 empirical",
        ),
    ],
)
def test_single_step_matches_its_closed_form(dist, expected_s, name):
    result = simulate(line(step("S0", dist), arrivals=POISSON), LONG)
    assert result.lead_time_s.mean == pytest.approx(expected_s, rel=TOLERANCE), name
    assert result.stable
    load = dist.mean_s / TAKT_S
    assert result.stations[0].utilisation.mean == pytest.approx(load, rel=0.02)
    assert result.throughput_per_hour.mean == pytest.approx(3600 / TAKT_S, rel=0.01)


@pytest.mark.parametrize(
    ("machines", "service_s"),
    [(2, 14.0), (3, 24.0), (4, 36.0)],  # 70 %, 80 %, 90 % of the machines
)
def test_machines_sharing_one_queue_match_erlang_c(machines, service_s):
    result = simulate(
        line(step("Press", exponential(service_s), machines=machines), arrivals=POISSON), LONG
    )
    expected_s = erlang_c_wait_s(machines, 1 / TAKT_S, service_s) + service_s
    assert result.lead_time_s.mean == pytest.approx(expected_s, rel=TOLERANCE)
    assert result.stations[0].utilisation.mean == pytest.approx(
        service_s / (machines * TAKT_S), rel=0.02
    )


def test_mm1_queue_length_and_wait_match_their_closed_forms():
    rho, service_s = 0.7, 7.0
    result = simulate(line(step("S0", exponential(service_s)), arrivals=POISSON), LONG)
    station = result.stations[0]
    assert station.mean_queue_units == pytest.approx(rho**2 / (1 - rho), rel=TOLERANCE)  # Lq
    assert station.mean_wait_s == pytest.approx(rho / (1 / service_s - 1 / TAKT_S), rel=TOLERANCE)
    assert station.load == pytest.approx(rho)
    low, high = result.lead_time_s.ci95
    assert low < 1 / (1 / service_s - 1 / TAKT_S) < high


def test_a_jackson_tandem_adds_up_its_mm1_stations():
    services = (5.0, 8.0, 6.0)
    result = simulate(
        line(*(step(f"S{i}", exponential(s)) for i, s in enumerate(services)), arrivals=POISSON),
        LONG,
    )
    expected_s = sum(1 / (1 / s - 1 / TAKT_S) for s in services)
    assert result.lead_time_s.mean == pytest.approx(expected_s, rel=TOLERANCE)
    assert result.bottleneck == "S1"
    # Little: L = lambda W, with lambda one unit per takt
    assert result.wip.mean == pytest.approx(expected_s / TAKT_S, rel=TOLERANCE)


def test_breakdowns_stretch_the_mean_service_as_uptime_does():
    # 6 s cycles, a failure every 600 s of work repaired in 150 s on average: uptime 0.8
    press = Process("Press", 6.0, mtbf_s=600, mttr_s=150, uptime=0.8)
    result = simulate(line(press, arrivals=POISSON), LONG)
    assert result.stations[0].load == pytest.approx(6 / 0.8 / TAKT_S)
    assert result.stations[0].utilisation.mean == pytest.approx(0.75, rel=0.02)
    # the same mean load spread evenly over every cycle queues much less than rare long stops
    stretched = simulate(line(Process("Press", 6.0, uptime=0.8), arrivals=POISSON), LONG)
    assert result.lead_time_s.mean > 2 * stretched.lead_time_s.mean


DETERMINISTIC = SimulationSettings(jobs=2_000, replications=2, warmup_jobs=100)


@pytest.mark.parametrize(
    ("steps", "expected_s"),
    [
        ((9.0,), 9.0),
        ((3.0, 9.5, 2.0), 14.5),
        # a standing stock of 50 units adds 50 takts to every unit's lead time
        ((4.0, Inventory(quantity=50), 6.0), 4.0 + 6.0 + 50 * TAKT_S),
        # or given in days of demand: 0.1 day x 2,000 units a day = 200 units
        ((Inventory(days=0.1), 4.0), 4.0 + 200 * TAKT_S),
        # two machines at 50 % uptime make a good piece every 8 s; each piece takes 16 s
        ((Process("Press", 8.0, machines=2, uptime=0.5),), 16.0),
        # a buffer with a capacity is no standing stock: the 50 units counted are not kept
        ((4.0, Inventory(quantity=50, capacity=60), 6.0), 10.0),
        # batches of 5 move when complete: unit i of a batch waits for the 4 - i behind it,
        # then for the i before it at the next step: 4 + (4 - i) x 10 + 6 i + 6, 42 s on average
        ((Process("Cut", 4.0, batch_size=5), 6.0), 4.0 + 2 * TAKT_S + 2 * 6.0 + 6.0),
    ],
)
def test_deterministic_line_below_capacity_has_no_queue(steps, expected_s):
    result = simulate(line(*steps), DETERMINISTIC)
    assert result.lead_time_s.mean == pytest.approx(expected_s, rel=1e-9)
    assert result.lead_time_s.ci95 == pytest.approx((expected_s, expected_s), rel=1e-9)
    assert result.stable
    assert result.littles_law_gap < 0.01


def test_effective_cycle_time_sets_the_service_time():
    # (30 + 600 / 50) / (0.84 x (1 - 0.0)) = 50 s: 50 % of a 100 s takt
    bend = Process("Bend", 30.0, changeover_s=600, batch_size=50, uptime=0.84)
    result = simulate(line(bend, takt_s=100.0), DETERMINISTIC)
    assert result.stations[0].load == pytest.approx(0.5)
    # 50 s of work, then the wait for the batch: 24.5 takts of 100 s on average
    assert result.lead_time_s.mean == pytest.approx(50.0 + 24.5 * 100, rel=0.01)


def test_a_step_on_more_shifts_than_the_plant_has_more_capacity():
    one = simulate(line(Process("Weld", 15.0), shifts=1), DETERMINISTIC)
    two = simulate(line(Process("Weld", 15.0, shifts=2), shifts=1), DETERMINISTIC)
    assert one.stations[0].load == pytest.approx(1.5)
    assert not one.stable
    assert two.stations[0].load == pytest.approx(0.75)
    assert two.stable


def test_an_overloaded_step_is_reported_not_hidden():
    result = simulate(line(5.0, 12.0, 3.0), SimulationSettings(jobs=5_000, replications=2))
    assert not result.stable
    assert result.bottleneck == "S1"
    assert result.stations[1].load == pytest.approx(1.2)
    assert result.stations[1].utilisation.mean == pytest.approx(1.0, abs=0.01)
    assert result.throughput_per_hour.mean == pytest.approx(3600 / 12.0, rel=0.02)


def test_a_full_buffer_blocks_the_step_before_it():
    # Cut (6 s) feeds Weld (9.5 s) through a buffer of 2 while units come every 10 s with
    # random cycles: Cut sometimes holds a finished unit, waiting for room
    flow = (
        step("Cut", exponential(6.0)),
        Inventory(capacity=2),
        step("Weld", exponential(9.5)),
    )
    result = simulate(line(*flow, takt_s=10.0, arrivals=POISSON), LONG)
    cut, weld = result.stations
    assert cut.blocked > 0.05 and weld.blocked == 0
    assert weld.mean_queue_units <= 2
    unlimited = simulate(line(flow[0], flow[2], arrivals=POISSON), LONG)
    assert unlimited.stations[0].blocked == 0
    assert unlimited.stations[1].mean_queue_units > 2


def test_a_buffer_smaller_than_the_batch_before_it_is_refused():
    flow = (Process("Cut", 4.0, batch_size=10), Inventory(capacity=5), Process("Weld", 6.0))
    with pytest.raises(SimulationError, match="^capacity: .*holds 5 units.*batch of 'Cut'"):
        simulate(line(*flow), DETERMINISTIC)


def test_a_schedule_of_arrivals_repeats_every_cycle():
    schedule = Arrivals(schedule=(0.0, 5.0, 30.0), every_s=60.0)
    result = simulate(line(4.0, arrivals=schedule), DETERMINISTIC)
    assert result.lead_time_s.mean == pytest.approx(4.0)
    assert result.throughput_per_hour.mean == pytest.approx(3 * 60, rel=0.01)
    assert result.stations[0].load == pytest.approx(4 / 20)


def test_the_starting_stock_counts_in_wip_from_the_first_unit():
    result = simulate(line(4.0, Inventory(quantity=300), 6.0), DETERMINISTIC)
    # 300 in the pile, and about 1 unit in each step (4 s and 6 s out of 10)
    assert result.wip.mean == pytest.approx(300 + 0.4 + 0.6, abs=0.05)
    assert result.stations[1].mean_queue_units == pytest.approx(300, abs=0.5)


def test_same_seed_same_result_other_seed_other_result():
    vs = line(step("A", exponential(6.0)), 8.0, arrivals=POISSON)
    quick = SimulationSettings(jobs=1_000, replications=3)
    assert simulate(vs, quick) == simulate(vs, quick)
    assert simulate(vs, quick) != simulate(
        vs, SimulationSettings(jobs=1_000, replications=3, seed=1)
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jobs": 1}, "jobs"),
        ({"jobs": 2.5}, "jobs"),
        ({"replications": 1}, "replications"),
        ({"replications": True}, "replications"),
        ({"seed": -1}, "seed"),
        ({"warmup_jobs": -1}, "warmup_jobs"),
        ({"jobs": 100, "warmup_jobs": 99}, "warmup_jobs"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(change, field):
    with pytest.raises(SimulationError, match=f"^{field}: "):
        simulate(line(5.0), SimulationSettings(**change))


def test_a_run_too_large_is_refused_before_it_starts():
    vs = line(5.0, 6.0)
    assert simulated_events(vs, SimulationSettings(jobs=1000, replications=3)) == 1001 * 2 * 3
    with pytest.raises(SimulationError, match="^jobs: .*fewer jobs or replications"):
        simulate(vs, SimulationSettings(jobs=1000, replications=3), max_events=5_000)


def test_to_dict_holds_the_documented_json():
    data = simulate(line(step("S0", exponential(5.0)), arrivals=POISSON), DETERMINISTIC).to_dict()
    low, high = data["lead_time_s"]["ci95"]
    assert low < data["lead_time_s"]["mean"] < high
    assert data["steps"][0]["name"] == "S0"
    assert 0 < data["steps"][0]["utilisation"] < 1
    assert data["wip_mean"] > 0 and data["throughput_per_hour"] > 0


def test_chart_compares_the_states_in_their_order():
    current = simulate(line(5.0, Inventory(quantity=100), 7.0), DETERMINISTIC)
    future = simulate(line(5.0, 7.0), DETERMINISTIC)
    spec = simulation_chart_spec(
        {"Current": current, "Future": future}, title="Simulated", lead_time_title="Days"
    )
    lead, wip = spec["hconcat"]
    assert spec["title"] == "Simulated"
    assert [v["state"] for v in wip["data"]["values"]] == ["Current", "Future"]
    assert lead["data"]["values"][0]["days"] == current.lead_time_p50_s / DAY_S
    assert lead["data"]["values"][3]["days"] == future.lead_time_p90_s / DAY_S
    assert wip["data"]["values"][0]["wip"] > wip["data"]["values"][1]["wip"]
    assert lead["encoding"]["y"]["title"] == "Days"


def test_the_map_becomes_stations():
    vs = line(
        Inventory(quantity=40),
        Process("Cut", 30.0, machines=2, uptime=0.75, scrap_rate=0.2),
        Inventory(capacity=4),
        Process("Weld", 10.0, mtbf_s=900, mttr_s=100, batch_size=6, changeover_s=60),
        Inventory(quantity=12),
    )
    built = line_from_value_stream(vs)
    cut, weld = built.stations
    assert (cut.stock_before, cut.capacity_before, cut.machines) == (40, None, 2)
    assert cut.mean_service_s == pytest.approx(30 / (0.75 * 0.8))
    assert (weld.capacity_before, weld.batch, weld.stock_before) == (4, 6, 0)
    assert weld.mean_service_s == pytest.approx((10 + 60 / 6) * (1 + 100 / 900))
    assert built.stock_after == 12


# --- distributions and the t quantile -------------------------------------------------------


@pytest.mark.parametrize(
    ("dist", "mean", "sd"),
    [
        (Distribution("fixed", (4.0,)), 4.0, 0.0),
        (Distribution("exponential", (3.0,)), 3.0, 3.0),
        (Distribution("normal", (40.0, 8.0)), 40.0, 8.0),
        (Distribution("lognormal", (40.0, 8.0)), 40.0, 8.0),
        (Distribution("lognormal", (10.0, 25.0)), 10.0, 25.0),
        (Distribution("triangular", (1.0, 2.0, 6.0)), 3.0, math.sqrt(7 / 6)),
        (Distribution("empirical", values=(1.0, 2.0, 6.0)), 3.0, math.sqrt(14 / 3)),
    ],
)
def test_draws_have_the_distributions_mean_and_sd(dist, mean, sd):
    times = draw(np.random.default_rng(7), dist, (400_000,))
    assert dist.mean_s == pytest.approx(mean, rel=1e-6)  # normal: truncated 5 sd below
    assert times.mean() == pytest.approx(mean, rel=0.03 if dist.kind == "lognormal" else 0.01)
    assert times.std() == pytest.approx(sd, rel=0.1 if dist.kind == "lognormal" else 0.01)
    assert times.min() >= 0


def test_a_normal_time_is_never_negative_and_its_mean_is_the_truncated_one():
    dist = Distribution("normal", (2.0, 2.0))  # a = 1: phi(1) / Phi(1) = 0.2876
    times = draw(np.random.default_rng(3), dist, (400_000,))
    assert times.min() >= 0
    assert dist.mean_s == pytest.approx(2.0 + 2.0 * 0.28760, rel=1e-4)
    assert times.mean() == pytest.approx(dist.mean_s, rel=0.01)


@pytest.mark.parametrize(("df", "t"), [(1, 12.706), (9, 2.262), (30, 2.042), (40, 2.021),
                                       (60, 2.000), (120, 1.980), (10_000, 1.960)])  # fmt: skip
def test_t_quantile_matches_the_published_table(df, t):
    assert t975(df) == pytest.approx(t, abs=1.5e-3)


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    arrivals=st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=40),
    services=st.lists(st.floats(0, 20, allow_nan=False), min_size=40, max_size=40),
)
def test_max_plus_form_equals_lindleys_recursion_unit_by_unit(arrivals, services):
    a = np.sort(np.array(arrivals))
    s = np.array(services[: len(a)])
    expected, last = [], -math.inf
    for arrival, service in zip(a, s, strict=True):
        last = max(arrival, last) + service
        expected.append(last)
    assert np.allclose(fifo_departures(a, s), expected, rtol=1e-12, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    machines=st.lists(st.integers(1, 3), min_size=1, max_size=4),
    seed=st.integers(0, 10_000),
)
def test_one_machine_with_several_machines_shape_is_the_max_plus_result(machines, seed):
    """A station forced through the unit-by-unit loop (a buffer of unlimited size written as a
    huge capacity) gives the max-plus pass's times exactly."""
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1.0, (3, 300)), axis=1)
    services = [rng.exponential(0.8 * c, (3, 300)) for c in machines]
    free = run_line(arrivals, services, machines=machines)
    looped = run_line(
        arrivals, services, machines=machines, capacities=[None] + [10**6] * (len(machines) - 1)
    )
    assert np.allclose(free.exit_s, looped.exit_s, rtol=1e-12)


@settings(max_examples=15, deadline=None)
@given(
    loads=st.lists(st.floats(0.05, 0.85), min_size=1, max_size=4),
    machines=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    capacities=st.lists(st.sampled_from([None, None, 0, 3]), min_size=4, max_size=4),
    batches=st.lists(st.sampled_from([None, None, 3]), min_size=4, max_size=4),
    stock=st.integers(0, 300),
    seed=st.integers(0, 10_000),
)
def test_littles_law_holds_on_the_output(loads, machines, capacities, batches, stock, seed):
    steps = []
    for i, load in enumerate(loads):
        if i and capacities[i] is not None:
            steps.append(Inventory(capacity=max(capacities[i], batches[i - 1] or 1)))
        elif i == 1 and stock:
            steps.append(Inventory(quantity=stock))
        m = machines[i]
        steps.append(
            step(f"S{i}", exponential(load * TAKT_S * m), machines=m, batch_size=batches[i])
        )
    result = simulate(
        line(*steps, arrivals=POISSON),
        SimulationSettings(jobs=6_000, replications=3, seed=seed),
    )
    # WIP = throughput x lead time, measured independently (time average of the units in the
    # line; exits in the window; lead times of the units entering it): only the window's edges
    # separate them.
    assert result.littles_law_gap < 0.05
    assert result.lead_time_p50_s <= result.lead_time_p90_s


@settings(max_examples=30, deadline=None)
@given(
    machines=st.lists(st.integers(1, 3), min_size=1, max_size=3),
    capacities=st.lists(st.sampled_from([None, 0, 2]), min_size=3, max_size=3),
    batches=st.lists(st.integers(1, 3), min_size=3, max_size=3),
    seed=st.integers(0, 10_000),
)
def test_both_forms_of_the_unit_loop_agree_even_on_ties(machines, capacities, batches, seed):
    """Whole-second times make many units finish at the same moment: the vectorised loop and
    the one on Python floats must still send the same unit first (the one that started first)."""
    import obeya.core.simulation as simulation

    count = len(machines)
    batches = batches[:count]
    caps = [None] + [
        None if cap is None else max(cap, batches[k - 1])
        for k, cap in enumerate(capacities[:count])
        if k
    ]
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.integers(0, 3, (3, 120)), axis=1).astype(float)
    services = [rng.integers(1, 4, (3, 120)).astype(float) * c for c in machines]
    runs = []
    saved = simulation.SCALAR_MAX_REPLICATIONS
    try:
        for limit in (0, 3):
            simulation.SCALAR_MAX_REPLICATIONS = limit
            options = {"machines": machines, "capacities": caps, "batches": batches}
            runs.append(run_line(arrivals, services, **options))
    finally:
        simulation.SCALAR_MAX_REPLICATIONS = saved
    assert np.array_equal(runs[0].exit_s, runs[1].exit_s)
    for a, b in zip(runs[0].stations, runs[1].stations, strict=True):
        assert np.array_equal(a.leave_s, b.leave_s)
