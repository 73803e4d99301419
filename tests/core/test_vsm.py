"""Value stream maps: worked examples computed by hand, the file format and its errors."""

import json
import math
import re
from pathlib import Path

import pytest
import yaml

from obeya.core.vsm import (
    METRIC_FORMULAS,
    Inventory,
    Process,
    ValueStreamError,
    compare,
    compute_metrics,
    dump_value_stream,
    effective_cycle_time_s,
    load_value_stream,
    parse_value_stream,
    value_stream_to_dict,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"

BRACKETS = """
name: Brackets, line 2
customer: {name: Garage chain, demand: 9600, period_days: 20}
work: {shifts: 1, available_s_per_shift: 25200}
flow:
  - inventory: {name: Steel sheets, days: 3}
  - process: {name: Laser cutting, cycle_time_s: 20, changeover_s: 1800, uptime: 0.9, operators: 1}
  - inventory: {quantity: 1200}
  - process: {name: Bending, cycle_time_s: 35, changeover_s: 900, uptime: 0.95, operators: 1}
  - inventory: {name: Finished goods, quantity: 2400}
"""

# The brackets by hand: 9,600 / 20 days = 480 a day; one shift of 25,200 s a day, so takt is
# 25,200 / 480 = 52.5 s. Inventories: 3 days given, 1,200 / 480 = 2.5, 2,400 / 480 = 5: 10.5
# days. Processing time 20 + 35 = 55 s, which adds 55 / 25,200 of a day to the lead time.
# Effective cycle times 20 / 0.9 and 35 / 0.95 (no batch size: changeovers not spread).
BRACKETS_LEAD_DAYS = 3 + 1200 / 480 + 2400 / 480 + 55 / 25200
BRACKETS_FIGURES = [
    ("daily_demand", 480),
    ("available_s_per_day", 25200),
    ("takt_time_s", 52.5),
    ("inventory_days", 10.5),
    ("processing_time_s", 55),
    ("lead_time_days", BRACKETS_LEAD_DAYS),
    ("process_cycle_efficiency", 55 / (BRACKETS_LEAD_DAYS * 25200)),
    ("bottleneck", "Bending"),
    ("work_content_s", 55),
    ("operators_needed", 55 / 52.5),
    ("inventory_value", None),
]


@pytest.mark.parametrize(("key", "expected"), BRACKETS_FIGURES)
def test_brackets_worked_example(key, expected):
    value = compute_metrics(load_value_stream(BRACKETS)).to_dict()[key]
    if isinstance(expected, str | type(None)):
        assert value == expected
    else:
        assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("step", "effective", "takt_ratio"),
    [
        ("Laser cutting", 20 / 0.9, 20 / 0.9 / 52.5),
        ("Bending", 35 / 0.95, 35 / 0.95 / 52.5),
    ],
)
def test_brackets_steps_against_takt(step, effective, takt_ratio):
    steps = {s.name: s for s in compute_metrics(load_value_stream(BRACKETS)).steps}
    assert steps[step].effective_cycle_time_s == pytest.approx(effective)
    assert steps[step].takt_ratio == pytest.approx(takt_ratio)
    assert steps[step].over_takt is False


def test_brackets_inventory_days():
    m = compute_metrics(load_value_stream(BRACKETS))
    assert [(i.name, i.quantity, i.days) for i in m.inventories] == [
        ("Steel sheets", None, 3),
        (None, 1200, 2.5),
        ("Finished goods", 2400, 5),
    ]
    assert [i.days_from for i in m.inventories] == ["days", "quantity", "quantity"]


# Rother & Shook, "Learning to See", Acme Stamping current state: 18,400 pieces a month of 20
# days, two shifts of 27,600 s: takt 55,200 / 920 = 60 s. The book rounds each inventory to a
# tenth of a day; its ladder sums to 23.6 days and 188 s. The quantities are the sums of the
# book's left- and right-hand counts (4,600 + 2,400 after stamping, and so on).
ACME_INVENTORY_DAYS = [
    ("Coils", 5.0),
    (None, 7.6),  # 7,000 / 920
    (None, 1.8),  # 1,700 / 920
    (None, 2.7),  # 2,450 / 920
    (None, 2.0),  # 1,840 / 920
    ("Shipping", 4.5),  # 4,140 / 920
]


@pytest.mark.parametrize(
    ("key", "expected", "places"),
    [
        ("daily_demand", 920, 6),
        ("takt_time_s", 60, 6),
        ("lead_time_days", 23.6, 1),
        ("processing_time_s", 188, 6),
        ("operators_needed", 188 / 60, 6),
    ],
)
def test_acme_stamping_matches_learning_to_see(key, expected, places):
    m = compute_metrics(load_value_stream(EXAMPLES / "acme-stamping.yaml"))
    assert round(m.to_dict()[key], places) == pytest.approx(expected)


def test_acme_stamping_inventories_and_bottleneck():
    m = compute_metrics(load_value_stream(EXAMPLES / "acme-stamping.yaml"))
    assert [(i.name, round(i.days, 1)) for i in m.inventories] == ACME_INVENTORY_DAYS
    assert m.bottleneck == "Assembly 1"  # 62 s against a 60 s takt
    assert [s.name for s in m.steps if s.over_takt] == ["Assembly 1"]
    weld2 = next(s for s in m.steps if s.name == "S. Weld 2")
    assert weld2.effective_cycle_time_s == pytest.approx(46 / 0.8)  # 57.5 s: close to takt


def test_acme_future_state_compared_with_current():
    current = load_value_stream(EXAMPLES / "acme-stamping.yaml")
    future = load_value_stream(EXAMPLES / "acme-stamping-future.yaml")
    result = compare(current, future)
    lead = result["metrics"]["lead_time_days"]
    assert round(lead["current"], 1) == 23.6
    assert round(lead["future"], 1) == 4.5  # the book's future-state lead time
    assert lead["change"] == pytest.approx(lead["future"] - lead["current"])
    assert lead["change_pct"] == pytest.approx(lead["change"] / lead["current"] * 100)
    assert lead["improved"] is True
    processing = result["metrics"]["processing_time_s"]
    assert (processing["current"], processing["future"], processing["change"]) == (188, 169, -19)
    pce = result["metrics"]["process_cycle_efficiency"]
    assert pce["better"] == "higher" and pce["improved"] is True
    assert result["metrics"]["takt_time_s"]["improved"] is None  # demand, not performance
    assert result["current"]["bottleneck"] == "Assembly 1"
    steps = {s["name"]: s for s in result["steps"]}
    assert steps["Stamping"]["current"] and steps["Stamping"]["future"]
    assert steps["Assembly 1"]["future"] is None
    assert steps["Cell station 1"]["current"] is None
    json.dumps(result)  # plain data for the web layer


def test_compare_percent_is_none_when_the_current_value_is_missing():
    vs = load_value_stream(BRACKETS)
    result = compare(vs, compute_metrics(vs))
    assert result["metrics"]["inventory_value"]["change"] is None
    assert result["metrics"]["lead_time_days"]["change_pct"] == 0
    assert result["metrics"]["lead_time_days"]["improved"] is None


def _process(**fields):
    return Process(name="P", **{"cycle_time_s": 60, **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, 60),
        ({"uptime": 0.8}, 75),  # 60 / 0.8
        ({"scrap_rate": 0.25}, 80),  # 60 / 0.75
        ({"machines": 2}, 30),
        ({"changeover_s": 600}, 60),  # no batch size: the changeover is not spread
        ({"changeover_s": 600, "batch_size": 100}, 66),  # 60 + 600 / 100
        (
            {
                "changeover_s": 600,
                "batch_size": 100,
                "uptime": 0.8,
                "scrap_rate": 0.25,
                "machines": 2,
            },
            55,  # 66 / (0.8 x 0.75 x 2)
        ),
    ],
)
def test_effective_cycle_time(fields, expected):
    assert effective_cycle_time_s(_process(**fields)) == pytest.approx(expected)


def _stream(*flow, shifts=2, **extra):
    data = {
        "customer": {"name": "C", "demand": 920, "period_days": 1},
        "work": {"shifts": shifts, "available_s_per_shift": 27600},
        "flow": list(flow),
        **extra,
    }
    return parse_value_stream(data)


def test_a_step_on_fewer_shifts_has_a_shorter_takt():
    # 40 s is two thirds of the plant's 60 s takt, but on one shift of two the step has 30 s
    vs = _stream(
        {"process": {"name": "Paint", "cycle_time_s": 40, "shifts": 1}},
        {"process": {"name": "Pack", "cycle_time_s": 50}},
    )
    m = compute_metrics(vs)
    paint, pack = m.steps
    assert paint.takt_time_s == pytest.approx(30)
    assert paint.takt_ratio == pytest.approx(40 / 30) and paint.over_takt
    assert pack.takt_ratio == pytest.approx(50 / 60)
    assert m.bottleneck == "Paint"  # highest load, although Pack has the longer cycle


def test_value_added_share_and_inventory_value():
    vs = _stream(
        {"inventory": {"quantity": 460, "unit_value": 2.5}},
        {"process": {"name": "Weld", "cycle_time_s": 40, "value_added_share": 0.5, "operators": 2}},
        {"inventory": {"days": 1}},
    )
    m = compute_metrics(vs)
    assert m.processing_time_s == 20
    assert m.lead_time_days == pytest.approx(0.5 + 1 + 40 / 55200)  # the whole cycle counts
    assert m.work_content_s == 80 and m.operators_needed == pytest.approx(80 / 60)
    assert m.inventory_value == 1150
    assert m.inventories[1].value is None


def test_the_first_step_wins_a_tie_for_bottleneck():
    vs = _stream(
        {"process": {"name": "A", "cycle_time_s": 30}},
        {"process": {"name": "B", "cycle_time_s": 30}},
    )
    m = compute_metrics(vs)
    assert m.bottleneck == "A"
    assert [s.bottleneck for s in m.steps] == [True, False]


def test_a_step_exactly_at_takt_is_not_over_takt():
    m = compute_metrics(_stream({"process": {"name": "A", "cycle_time_s": 60}}))
    assert m.steps[0].takt_ratio == pytest.approx(1) and not m.steps[0].over_takt


# ---------------------------------------------------------------------------------------------
# The file format

BASE = yaml.safe_load(BRACKETS)


def _with(path, value):
    """BASE with the value at path replaced (value _DROP deletes the key)."""
    data = json.loads(json.dumps(BASE))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DROP = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("customer", "demand"), _DROP, "customer.demand: missing"),
        (("customer",), _DROP, "customer: missing"),
        (("work", "shifts"), 0, "work.shifts: must be a positive number, got 0"),
        (
            ("flow", 3, "process", "cycle_time_s"),
            "abc",
            "flow[3].process.cycle_time_s: must be a positive number, got 'abc'",
        ),
        (
            ("flow", 3, "process", "cycle_time_s"),
            True,
            "flow[3].process.cycle_time_s: must be a positive number, got true",
        ),
        (
            ("flow", 1, "process", "uptime"),
            90,
            "flow[1].process.uptime: must be a fraction above 0 and at most 1 (90 % is 0.9), "
            "got 90",
        ),
        (
            ("flow", 1, "process", "scrap_rate"),
            1,
            "flow[1].process.scrap_rate: must be a fraction from 0 to below 1 (2 % is 0.02), got 1",
        ),
        (
            ("flow", 1, "process", "machines"),
            1.5,
            "flow[1].process.machines: must be a whole number of at least 1, got 1.5",
        ),
        (
            ("flow", 1, "process", "batch_size"),
            0,
            "flow[1].process.batch_size: must be a whole number of at least 1, got 0",
        ),
        (
            ("flow", 1, "process", "cycle_tme_s"),
            20,
            "flow[1].process.cycle_tme_s: unknown key (did you mean 'cycle_time_s'?)",
        ),
        (("flows",), [], "flows: unknown key (did you mean 'flow'?)"),
        (("flow", 1, "process", "name"), _DROP, "flow[1].process.name: missing"),
        (("flow", 3, "process", "name"), "Laser cutting", "flow[3].process.name: 'Laser cutting'"),
        (("flow", 2), {"proces": {}}, "flow[2]: must be one of process"),
        (("flow", 2, "inventory", "quantity"), _DROP, "flow[2].inventory: needs a quantity"),
        (("flow", 2, "inventory", "quantity"), -1, "flow[2].inventory.quantity: must be zero or"),
        (("flow", 1), {"inventory": {"days": 1}}, "flow[1]: two inventories in a row"),
        (("flow",), [{"inventory": {"days": 1}}], "flow: must contain at least one process"),
        (("flow",), "Laser, Bending", "flow: must be a list"),
        (("name",), "bad\x07name", "name: must be one line of text"),
        (
            ("information",),
            [{"kind": "schedule", "from": "production control", "to": "Bendin"}],
            "information[0].to: unknown end 'Bendin' (did you mean 'Bending'?)",
        ),
        (
            ("information",),
            [{"kind": "telepathy", "from": "customer", "to": "production control"}],
            "information[0].kind: must be one of forecast, orders",
        ),
        (
            ("information",),
            [{"kind": "orders", "from": "customer", "to": "production control", "often": 1}],
            "information[0].often: unknown key",
        ),
        (("transport",), {"supplier": "truck", "plane": "x"}, "transport.plane: unknown key"),
    ],
)
def test_bad_input_names_the_place(path, value, message):
    with pytest.raises(ValueStreamError) as caught:
        parse_value_stream(_with(path, value))
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize("name", ["tab\there", "line\u2028break", "lone \ud800", "no \uffff"])
def test_names_that_would_break_the_drawing_are_refused(name):
    with pytest.raises(ValueStreamError, match="flow\\[1\\].process.name: must be one line"):
        parse_value_stream(_with(("flow", 1, "process", "name"), name))


def test_every_error_is_collected_not_just_the_first():
    data = _with(("customer", "demand"), _DROP)
    data["work"]["available_s_per_shift"] = "7h"
    data["flow"][3]["process"]["cycle_time_s"] = "abc"
    data["flow"][1]["process"]["colour"] = "red"
    with pytest.raises(ValueStreamError) as caught:
        parse_value_stream(data)
    errors = caught.value.errors
    assert len(errors) == 4
    assert [e.split(":")[0] for e in errors] == [
        "customer.demand",
        "work.available_s_per_shift",
        "flow[1].process.colour",
        "flow[3].process.cycle_time_s",
    ]
    assert str(caught.value) == "\n".join(errors)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "value stream: the file is empty"),
        ("customer: [1, 2\n", "line 2, column 1: not valid YAML"),
        ("- a list", "value stream: must be a mapping"),
    ],
)
def test_unreadable_text(text, message):
    with pytest.raises(ValueStreamError) as caught:
        load_value_stream(text)
    assert caught.value.errors[0].startswith(message)


def test_a_missing_file_is_a_value_stream_error(tmp_path):
    with pytest.raises(ValueStreamError, match="cannot read the file"):
        load_value_stream(tmp_path / "nowhere.yaml")


def test_json_is_accepted_and_equals_yaml(tmp_path):
    path = tmp_path / "brackets.json"
    path.write_text(json.dumps(BASE))
    assert load_value_stream(path) == load_value_stream(BRACKETS)
    assert load_value_stream(json.dumps(BASE)) == load_value_stream(BRACKETS)


def test_a_string_is_text_never_a_file_name(tmp_path):
    path = tmp_path / "brackets.yaml"
    path.write_text(BRACKETS)
    with pytest.raises(ValueStreamError, match="pass a pathlib.Path to read a file"):
        load_value_stream(str(path))
    with pytest.raises(ValueStreamError, match="must be a mapping"):
        load_value_stream("/etc/hostname")


def test_defaults():
    vs = load_value_stream(BRACKETS)
    bending = vs.processes[1]
    assert (bending.batch_size, bending.scrap_rate, bending.machines) == (None, 0, 1)
    assert (bending.value_added_share, bending.shifts) == (1, None)
    assert compute_metrics(vs).steps[1].shifts == 1  # the plant's
    assert vs.customer.unit == "pcs" and vs.supplier is None
    assert vs.flow[2] == Inventory(quantity=1200)


def test_information_ends_are_read_in_any_case():
    vs = _stream(
        {"process": {"name": "A", "cycle_time_s": 30}},
        information=[{"kind": "schedule", "from": "Production_Control", "to": "A"}],
    )
    assert vs.information[0].source == "production control"
    assert vs.information[0].text == "schedule"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_round_trip(path):
    vs = load_value_stream(path)
    assert load_value_stream(dump_value_stream(vs)) == vs
    assert parse_value_stream(value_stream_to_dict(vs)) == vs


def test_dump_leaves_defaults_out():
    text = dump_value_stream(load_value_stream(BRACKETS))
    assert "batch_size" not in text and "scrap_rate" not in text and "supplier" not in text
    assert "- process: {name: Bending, cycle_time_s: 35" in text


def test_metrics_json_is_plain_data():
    d = compute_metrics(load_value_stream(EXAMPLES / "brackets-line2.yaml")).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d["steps"][0]) >= {"name", "cycle_time_s", "effective_cycle_time_s", "takt_ratio"}
    assert set(d["inventories"][0]) >= {"name", "quantity", "days"}
    assert d["inventory_value"] == pytest.approx(1200 * 4.5 + 2400 * 7.2)


# ---------------------------------------------------------------------------------------------
# The docs say it all


def _metric_keys():
    d = compute_metrics(load_value_stream(BRACKETS)).to_dict()
    keys = set(d) - {"name", "unit", "steps", "inventories"}
    inputs = {"name", "kind", "quantity", "unit_value", "days_from", "bottleneck"}
    inputs |= set(Process.__dataclass_fields__)
    keys |= {f"steps.{k}" for k in d["steps"][0] if k not in inputs}
    keys |= {f"inventories.{k}" for k in d["inventories"][0] if k not in inputs}
    return sorted(keys)


@pytest.mark.parametrize("key", _metric_keys())
def test_every_computed_metric_has_a_formula(key):
    assert METRIC_FORMULAS.get(key)


@pytest.mark.parametrize("key", sorted(METRIC_FORMULAS))
def test_every_metric_is_documented(key):
    assert f"`{key.split('.')[-1]}`" in (ROOT / "docs" / "vsm.md").read_text()


def _fields():
    from obeya.core.vsm import _KEYS

    return sorted({k for keys in _KEYS.values() for k in keys})


@pytest.mark.parametrize("field", _fields())
def test_every_file_field_is_documented(field):
    text = (ROOT / "docs" / "vsm.md").read_text()
    assert re.search(rf"`([a-z_]+\.)?{field}`", text)


def test_formulas_are_one_line_english():
    for text in METRIC_FORMULAS.values():
        assert "\n" not in text and not math.isnan(len(text))


@pytest.mark.parametrize(
    ("information", "expected"),
    [
        ({"kind": "orders", "to": "Production control"}, "information[0].from: missing"),
        ({"kind": "orders", "from": "customer"}, "information[0].to: missing"),
        ({"from": "customer", "to": "Production control"}, "information[0].kind: missing"),
    ],
)
def test_information_flow_missing_an_end_is_reported_not_crashed(information, expected):
    data = {
        "name": "Line",
        "customer": {"name": "C", "demand": 100, "period_days": 5},
        "work": {"shifts": 1, "available_s_per_shift": 25200},
        "flow": [{"process": {"name": "Cut", "cycle_time_s": 10}}],
        "information": [information],
    }
    with pytest.raises(ValueStreamError) as exc:
        parse_value_stream(data)
    assert expected in exc.value.errors
    assert not any("object at 0x" in e for e in exc.value.errors)


def test_a_step_without_name_and_a_flow_to_an_unknown_step_are_both_reported():
    data = {
        "name": "Line",
        "customer": {"name": "C", "demand": 100, "period_days": 5},
        "work": {"shifts": 1, "available_s_per_shift": 25200},
        "flow": [{"process": {"cycle_time_s": 10}}],
        "information": [{"kind": "schedule", "from": "Production control", "to": "Nowhere"}],
    }
    with pytest.raises(ValueStreamError) as exc:
        parse_value_stream(data)
    assert "flow[0].process.name: missing" in exc.value.errors


def test_a_huge_integer_is_refused_with_its_place():
    data = {
        "name": "Line",
        "customer": {"name": "C", "demand": 100, "period_days": 5},
        "work": {"shifts": 1, "available_s_per_shift": 25200},
        "flow": [{"process": {"name": "Cut", "cycle_time_s": 10**400}}],
    }
    with pytest.raises(ValueStreamError) as exc:
        parse_value_stream(data)
    assert any(
        e.startswith("flow[0].process.cycle_time_s: must be a positive number")
        for e in exc.value.errors
    )
