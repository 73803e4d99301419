"""The value-stream file's keys for the simulation: distributions, breakdowns, capacities,
arrivals; their exact-place errors; the static figures that use their means; the round trip."""

import pytest

from obeya.core.vsm import (
    Arrivals,
    Distribution,
    ValueStreamError,
    compute_metrics,
    dump_value_stream,
    load_value_stream,
)

HEAD = """\
customer: {name: C, demand: 500, period_days: 1}
work: {shifts: 1, available_s_per_shift: 25000}
"""

SPEC = (
    HEAD
    + """\
arrivals: {dist: exponential, mean: 1.25}
flow:
  - process: {name: Cut, cycle_time_s: {dist: lognormal, mean: 40, sd: 8}, machines: 2,
      mtbf_s: 36000, mttr_s: 1800}
  - inventory: {name: Buffer, capacity: 10}
  - process: {name: Weld, cycle_time_s: 35}
"""
)


def test_the_issues_example_reads_as_specified():
    vs = load_value_stream(SPEC)
    cut, buffer, weld = vs.flow
    assert vs.arrivals == Arrivals(interval=Distribution("exponential", (1.25,)))
    assert cut.cycle_time_dist == Distribution("lognormal", (40.0, 8.0))
    assert cut.cycle_time_s == 40.0  # the mean: the map's figures use it
    assert (cut.mtbf_s, cut.mttr_s) == (36000, 1800)
    assert cut.uptime == pytest.approx(36000 / 37800)
    assert (buffer.capacity, buffer.quantity) == (10, 0.0)
    assert weld.cycle_time_dist is None and weld.cycle_time_s == 35


@pytest.mark.parametrize(
    ("cycle", "mean_s"),
    [
        ("{dist: fixed, value: 12}", 12.0),
        ("{dist: exponential, mean: 12}", 12.0),
        ("{dist: lognormal, mean: 12, sd: 30}", 12.0),
        ("{dist: triangular, min: 6, mode: 9, max: 21}", 12.0),
        ("{dist: empirical, values: [10, 11, 15]}", 12.0),
        ("{dist: normal, mean: 12, sd: 2}", 12.0),  # truncated 6 sd below: no visible shift
        ("{dist: normal, mean: 2, sd: 2}", 2.0 + 2.0 * 0.287600),  # truncated 1 sd below
    ],
)
def test_static_figures_use_the_distributions_mean(cycle, mean_s):
    vs = load_value_stream(HEAD + f"flow:\n  - process: {{name: A, cycle_time_s: {cycle}}}\n")
    step = compute_metrics(vs).steps[0]
    assert step.cycle_time_s == pytest.approx(mean_s, rel=1e-5)
    assert step.effective_cycle_time_s == pytest.approx(mean_s, rel=1e-5)


def test_breakdowns_give_the_uptime_of_the_map():
    vs = load_value_stream(
        HEAD + "flow:\n  - process: {name: A, cycle_time_s: 40, mtbf_s: 3600, mttr_s: 400}\n"
    )
    assert compute_metrics(vs).steps[0].effective_cycle_time_s == pytest.approx(40 / 0.9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{name: A, cycle_time_s: {dist: lognormel, mean: 3}}",
            "flow[0].process.cycle_time_s.dist: unknown distribution 'lognormel' (did you mean "
            "'lognormal'?)",
        ),
        (
            "{name: A, cycle_time_s: {dist: normal, mean: 3}}",
            "flow[0].process.cycle_time_s.sd: missing",
        ),
        (
            "{name: A, cycle_time_s: {dist: normal, mean: 3, sd: 1, mode: 2}}",
            "flow[0].process.cycle_time_s.mode: not a parameter of normal; expected mean, sd",
        ),
        (
            "{name: A, cycle_time_s: {dist: fixed, valeu: 3}}",
            "flow[0].process.cycle_time_s.valeu: unknown key (did you mean 'value'?)",
        ),
        (
            "{name: A, cycle_time_s: {mean: 3}}",
            "flow[0].process.cycle_time_s.dist: missing; one of fixed, exponential",
        ),
        (
            "{name: A, cycle_time_s: {dist: triangular, min: 5, mode: 2, max: 9}}",
            "flow[0].process.cycle_time_s: needs min <= mode <= max, got 5, 2, 9",
        ),
        (
            "{name: A, cycle_time_s: {dist: empirical, values: [3, -1]}}",
            "flow[0].process.cycle_time_s.values[1]: must be zero or a positive number, got -1",
        ),
        (
            "{name: A, cycle_time_s: {dist: empirical, values: []}}",
            "flow[0].process.cycle_time_s.values: must be a non-empty list of times",
        ),
        (
            "{name: A, cycle_time_s: {dist: exponential, mean: 0}}",
            "flow[0].process.cycle_time_s.mean: must be a positive number, got 0",
        ),
        (
            "{name: A, cycle_time_s: {dist: empirical, values: [0, 0]}}",
            "flow[0].process.cycle_time_s: must have a positive mean",
        ),
        (
            "{name: A, cycle_time_s: 4, mtbf_s: 3600}",
            "flow[0].process.mttr_s: missing: mtbf_s needs mttr_s (breakdowns)",
        ),
        (
            "{name: A, cycle_time_s: 4, mtbf_s: 3600, mttr_s: 60, uptime: 0.9}",
            "flow[0].process.uptime: give uptime or mtbf_s and mttr_s, not both",
        ),
        (
            "{name: A, cycle_time_s: 4, mtbf_s: -1, mttr_s: 60}",
            "flow[0].process.mtbf_s: must be a positive number, got -1",
        ),
    ],
)
def test_process_mistakes_are_reported_at_their_place(text, message):
    with pytest.raises(ValueStreamError) as caught:
        load_value_stream(HEAD + f"flow:\n  - process: {text}\n")
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize(
    ("arrivals", "message"),
    [
        ("{dist: exponentail, mean: 3}", "arrivals.dist: unknown distribution 'exponentail'"),
        ("{schedule: [0, 30, 20], every_s: 60}", "arrivals.schedule: the times must be in"),
        ("{schedule: [0, 30, 45], every_s: 30}", "arrivals.every_s: must be above the last time"),
        ("{schedule: [0, 30]}", "arrivals.every_s: missing"),
        ("{schedule: [], every_s: 30}", "arrivals.schedule: must be a non-empty list"),
        ("{schedule: [0, 5], every_s: 30, evry: 2}", "arrivals.evry: unknown key"),
    ],
)
def test_arrival_mistakes_are_reported_at_their_place(arrivals, message):
    text = HEAD + f"arrivals: {arrivals}\nflow:\n  - process: {{name: A, cycle_time_s: 4}}\n"
    with pytest.raises(ValueStreamError) as caught:
        load_value_stream(text)
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize(
    ("capacity", "message"),
    [("-1", "must be a whole number, 0 or more, got -1"), ("2.5", "must be a whole number")],
)
def test_a_bad_capacity_is_reported(capacity, message):
    text = (
        HEAD
        + "flow:\n  - process: {name: A, cycle_time_s: 4}\n"
        + f"  - fifo: {{capacity: {capacity}}}\n  - process: {{name: B, cycle_time_s: 4}}\n"
    )
    with pytest.raises(ValueStreamError) as caught:
        load_value_stream(text)
    assert any(e.startswith(f"flow[1].fifo.capacity: {message}") for e in caught.value.errors)


def test_a_schedule_reads_as_times():
    vs = load_value_stream(
        HEAD + "arrivals: {schedule: [0, 30, 45], every_s: 60}\n"
        "flow:\n  - process: {name: A, cycle_time_s: 4}\n"
    )
    assert vs.arrivals == Arrivals(schedule=(0.0, 30.0, 45.0), every_s=60.0)


@pytest.mark.parametrize(
    "arrivals",
    ["{dist: exponential, mean: 1.25}", "{schedule: [0, 30, 45], every_s: 60}"],
)
def test_dump_writes_the_simulation_keys_back(arrivals):
    text = SPEC.replace("{dist: exponential, mean: 1.25}", arrivals).replace(
        "cycle_time_s: 35}", "cycle_time_s: {dist: empirical, values: [30, 35, 40]}, batch_size: 4}"
    )
    vs = load_value_stream(text)
    dumped = dump_value_stream(vs)
    assert load_value_stream(dumped) == vs
    assert "dist: lognormal" in dumped and "capacity: 10" in dumped and "mtbf_s: 36000" in dumped
    assert "uptime" not in dumped  # implied by the breakdowns
