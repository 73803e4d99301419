"""The value stream simulation against closed-form queueing results (obeya.core.simulation)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core.simulation import (
    SimulationError,
    SimulationResult,
    SimulationSettings,
    fifo_departures,
    simulate,
    simulated_events,
    simulation_chart_spec,
)
from obeya.core.vsm import Customer, Inventory, Process, ValueStream, Work

DAY_S = 20_000.0
TAKT_S = 10.0  # 2,000 units a day: 40 days x 10 replications make 720,000 measured units

# Long runs for the closed forms. Over eight seeds the relative error of the mean time in
# system had a standard deviation of 0.3 % (M/M/1 at 50 %), 0.6 % (M/M/1 at 70 %), 0.4 %
# (M/D/1 at 70 %) and 0.8 % (two M/M/1 in tandem, the second at 80 %), never more than 1.2 %:
# a 4 % tolerance is five standard deviations off, and still catches a wrong formula (M/D/1
# against M/M/1 at 70 % differ by 35 %).
LONG = SimulationSettings(days=40, warmup_days=4, replications=10, arrival_cv=1, process_cv=1)
TOLERANCE = 0.04


def line(*steps, takt_s=TAKT_S, day_s=DAY_S, shifts=1.0) -> ValueStream:
    """A value stream from processes and inventories, demand one unit every `takt_s`."""
    flow = tuple(
        Process(f"S{i}", s) if isinstance(s, int | float) else s for i, s in enumerate(steps)
    )
    return ValueStream(
        "test line", Customer("c", day_s / takt_s, 1), Work(shifts, day_s / shifts), flow
    )


def sojourn_s(result: SimulationResult) -> float:
    return result.lead_time_days_mean * DAY_S


# --- closed forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service_s", "process_cv", "expected_s", "name"),
    [
        # M/M/1: W = 1 / (mu - lambda)
        (5.0, 1.0, 1 / (1 / 5 - 1 / TAKT_S), "M/M/1 at 50 %"),
        (7.0, 1.0, 1 / (1 / 7 - 1 / TAKT_S), "M/M/1 at 70 %"),
        # M/D/1, Pollaczek-Khinchine: W = S + rho S / (2 (1 - rho))
        (7.0, 0.0, 7.0 + 0.7 * 7.0 / (2 * 0.3), "M/D/1 at 70 %"),
        # M/G/1 with gamma service cv 0.5: W = S + rho S (1 + cv^2) / (2 (1 - rho))
        (6.0, 0.5, 6.0 + 0.6 * 6.0 * 1.25 / (2 * 0.4), "M/G/1 at 60 %"),
    ],
)
def test_single_step_matches_its_closed_form(service_s, process_cv, expected_s, name):
    result = simulate(
        line(service_s), SimulationSettings(**{**LONG.__dict__, "process_cv": process_cv})
    )
    assert sojourn_s(result) == pytest.approx(expected_s, rel=TOLERANCE), name
    assert result.stable
    assert result.stations[0].utilisation == pytest.approx(service_s / TAKT_S, rel=0.02)


def test_mm1_queue_length_and_wait_match_their_closed_forms():
    rho, service_s = 0.7, 7.0
    station = simulate(line(service_s), LONG).stations[0]
    assert station.mean_queue_units == pytest.approx(rho**2 / (1 - rho), rel=TOLERANCE)  # Lq
    assert station.mean_wait_s == pytest.approx(rho / (1 / service_s - 1 / TAKT_S), rel=TOLERANCE)
    assert station.load == pytest.approx(rho)


def test_two_mm1_in_tandem_add_up_as_jackson_says():
    result = simulate(line(5.0, 8.0), LONG)
    expected_s = 1 / (1 / 5 - 1 / TAKT_S) + 1 / (1 / 8 - 1 / TAKT_S)
    assert sojourn_s(result) == pytest.approx(expected_s, rel=TOLERANCE)
    assert result.bottleneck == "S1"
    # Little: L = lambda W, with lambda one unit per takt
    assert result.mean_wip_units == pytest.approx(expected_s / TAKT_S, rel=TOLERANCE)
    assert result.throughput_per_day == pytest.approx(DAY_S / TAKT_S, rel=0.01)


DETERMINISTIC = SimulationSettings(
    days=5, warmup_days=1, replications=2, arrival_cv=0, process_cv=0
)


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
    ],
)
def test_deterministic_line_below_capacity_has_no_queue(steps, expected_s):
    result = simulate(line(*steps), DETERMINISTIC)
    assert result.lead_time_days_mean * DAY_S == pytest.approx(expected_s, rel=1e-9)
    assert result.lead_time_days_p90 * DAY_S == pytest.approx(expected_s, rel=1e-9)
    assert result.stable


def test_effective_cycle_time_sets_the_service_time():
    # (30 + 600 / 50) / (0.84 x (1 - 0.0)) = 50 s: 50 % of a 100 s takt
    step = Process("Bend", 30.0, changeover_s=600, batch_size=50, uptime=0.84)
    result = simulate(line(step, takt_s=100.0), DETERMINISTIC)
    assert result.stations[0].load == pytest.approx(0.5)
    assert result.lead_time_days_mean * DAY_S == pytest.approx(50.0)


def test_a_step_on_more_shifts_than_the_plant_has_more_capacity():
    one = simulate(line(Process("Weld", 15.0), shifts=1), DETERMINISTIC)
    two = simulate(line(Process("Weld", 15.0, shifts=2), shifts=1), DETERMINISTIC)
    assert one.stations[0].load == pytest.approx(1.5)
    assert not one.stable
    assert two.stations[0].load == pytest.approx(0.75)
    assert two.stable


def test_an_overloaded_step_is_reported_not_hidden():
    result = simulate(line(5.0, 12.0, 3.0), SimulationSettings(days=10, replications=2))
    assert not result.stable
    assert result.bottleneck == "S1"
    assert result.stations[1].load == pytest.approx(1.2)
    assert result.stations[1].utilisation == pytest.approx(1.0, abs=0.01)
    # it cannot ship more than its capacity
    assert result.throughput_per_day == pytest.approx(DAY_S / 12.0, rel=0.02)


def test_the_starting_stock_counts_in_wip_from_the_first_day():
    result = simulate(line(4.0, Inventory(quantity=300), 6.0), DETERMINISTIC)
    # 300 in the pile, and about 1 unit in each step (4 s and 6 s out of 10)
    assert result.mean_wip_units == pytest.approx(300 + 0.4 + 0.6, abs=0.05)
    assert result.stations[1].mean_queue_units == pytest.approx(300, abs=0.5)


def test_same_seed_same_result_other_seed_other_result():
    vs = line(6.0, 8.0)
    quick = SimulationSettings(days=3, warmup_days=1, replications=2)
    assert simulate(vs, quick) == simulate(vs, quick)
    assert simulate(vs, quick) != simulate(vs, SimulationSettings(**{**quick.__dict__, "seed": 1}))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": 0}, "days"),
        ({"days": float("nan")}, "days"),
        ({"warmup_days": 25}, "warmup_days"),
        ({"warmup_days": -1}, "warmup_days"),
        ({"replications": 0}, "replications"),
        ({"replications": 2.5}, "replications"),
        ({"arrival_cv": -0.1}, "arrival_cv"),
        ({"process_cv": "high"}, "process_cv"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(change, field):
    with pytest.raises(SimulationError, match=f"^{field}: "):
        simulate(line(5.0), SimulationSettings(**change))


def test_a_run_too_large_is_refused_before_it_starts():
    vs = line(5.0, 6.0)
    assert simulated_events(vs, SimulationSettings(days=10, replications=3)) == 2000 * 10 * 2 * 3
    with pytest.raises(SimulationError, match="^days: .*fewer days or replications"):
        simulate(vs, SimulationSettings(days=10, replications=3), max_events=100_000)


def test_to_dict_is_plain_json_data():
    data = simulate(line(5.0), DETERMINISTIC).to_dict()
    assert data["stations"][0]["name"] == "S0"
    assert set(data) >= {"lead_time_days_p50", "mean_wip_units", "stable", "littles_law_gap"}


def test_chart_compares_the_states_in_their_order():
    current = simulate(line(5.0, Inventory(quantity=100), 7.0), DETERMINISTIC)
    future = simulate(line(5.0, 7.0), DETERMINISTIC)
    spec = simulation_chart_spec(
        {"Current": current, "Future": future}, title="Simulated", lead_time_title="Days"
    )
    lead, wip = spec["hconcat"]
    assert spec["title"] == "Simulated"
    assert [v["state"] for v in wip["data"]["values"]] == ["Current", "Future"]
    assert lead["data"]["values"][0]["days"] == current.lead_time_days_p50
    assert lead["data"]["values"][3]["days"] == future.lead_time_days_p90
    assert wip["data"]["values"][0]["wip"] > wip["data"]["values"][1]["wip"]
    assert lead["encoding"]["y"]["title"] == "Days"


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


@settings(max_examples=15, deadline=None)
@given(
    loads=st.lists(st.floats(0.05, 0.85), min_size=1, max_size=4),
    machines=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    stock=st.integers(0, 400),
    arrival_cv=st.sampled_from([0.0, 0.5, 1.0]),
    process_cv=st.sampled_from([0.0, 0.5, 1.0, 1.5]),
    seed=st.integers(0, 10_000),
)
def test_littles_law_holds_on_the_output(loads, machines, stock, arrival_cv, process_cv, seed):
    steps = [
        Process(f"S{i}", load * TAKT_S * m, machines=m)
        for i, (load, m) in enumerate(zip(loads, machines, strict=False))
    ]
    if stock:
        steps.insert(1, Inventory(quantity=stock))
    result = simulate(
        line(*steps),
        SimulationSettings(
            days=12,
            warmup_days=2,
            replications=3,
            arrival_cv=arrival_cv,
            process_cv=process_cv,
            seed=seed,
        ),
    )
    # WIP = throughput x lead time, measured independently (time average of the units in the
    # line; exits in the window; lead times of the units entering it): only the window's edges
    # separate them, a few takts out of 20,000 takts per replication.
    assert result.littles_law_gap < 0.03
    assert result.stable
    assert result.lead_time_days_p50 <= result.lead_time_days_p90
