"""The process map's layout and drawing, and the Vega-Lite specs of the flow charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core import flow_draw as fd
from obeya.core.eventlog import read_log
from obeya.core.flow import analyse

REFERENCE = Path("/work/shared/reference/eventlogs")

STEPS = ["Laser cutting", "Bending", "Quality check", "Welding", "Shipping"]


def line_with_rework() -> fd.ProcessMap:
    """Five steps in a line; 26 of 400 orders go back from the check to bending; 20 skip
    welding."""
    nodes = tuple(fd.MapNode(name, 400, i + 1) for i, name in enumerate(STEPS))
    edges = (
        fd.MapEdge("Laser cutting", "Bending", 400, 150_000, 160_000, 260_000),
        fd.MapEdge("Bending", "Quality check", 426, 8_000, 2_400, 12_000),
        fd.MapEdge("Quality check", "Welding", 380, 60, 0, 0),
        fd.MapEdge("Quality check", "Bending", 26, 150_000, 155_000, 250_000),
        fd.MapEdge("Welding", "Shipping", 380, 40_000, 18_000, 60_000),
        fd.MapEdge("Quality check", "Shipping", 20, 30_000, 20_000, 50_000),
    )
    return fd.ProcessMap(nodes, edges, (("Laser cutting", 400),), (("Shipping", 400),), 6, 5)


def test_steps_are_laid_out_left_to_right_with_rework_under_the_map():
    pm = line_with_rework()
    lay = fd.layout(pm)
    layers = {name: lay.items[name].layer for name in STEPS}
    assert layers == {
        "Laser cutting": 1,
        "Bending": 2,
        "Quality check": 3,
        "Welding": 4,
        "Shipping": 5,
    }
    assert lay.items[fd.START].layer == 0 and lay.items[fd.END].layer == 6
    arcs = fd._arcs(pm)
    assert [arcs[i][:2] for i in lay.back] == [("Quality check", "Bending")]
    # The path skipping welding runs through a waypoint in welding's layer, beside the box.
    skip = next(keys for i, keys in lay.forward if arcs[i][:2] == ("Quality check", "Shipping"))
    assert len(skip) == 3 and lay.items[skip[1]].is_dummy and lay.items[skip[1]].layer == 4
    welding, waypoint = lay.items["Welding"], lay.items[skip[1]]
    assert waypoint.y >= welding.y + welding.height or waypoint.y + waypoint.height <= welding.y


def test_main_path_runs_straight():
    lay = fd.layout(line_with_rework())
    ys = {round(lay.items[name].cy) for name in ("Laser cutting", "Bending", "Quality check")}
    assert len(ys) == 1


def test_steps_at_the_same_position_put_the_heavier_path_forward():
    nodes = (fd.MapNode("A", 10, 1), fd.MapNode("B", 10, 2), fd.MapNode("C", 5, 2))
    edges = (fd.MapEdge("A", "B", 10), fd.MapEdge("C", "B", 4), fd.MapEdge("B", "C", 1))
    lay = fd.layout(fd.ProcessMap(nodes, edges))
    assert lay.items["C"].layer < lay.items["B"].layer
    arcs = fd._arcs(fd.ProcessMap(nodes, edges))
    assert [arcs[i][:2] for i in lay.back] == [("B", "C")]


def test_top_keeps_the_most_frequent_paths_and_the_steps_they_touch():
    pm = line_with_rework().top(4)
    assert [(e.source, e.target) for e in pm.edges] == [
        ("Bending", "Quality check"),
        ("Laser cutting", "Bending"),
        ("Quality check", "Welding"),
        ("Welding", "Shipping"),
    ]
    assert (pm.total_edges, pm.total_nodes, pm.min_count) == (6, 5, 380)
    assert [n.name for n in pm.nodes] == STEPS
    rare = line_with_rework().top(1)
    assert {n.name for n in rare.nodes} == {"Bending", "Quality check", "Laser cutting", "Shipping"}
    assert rare.starts == (("Laser cutting", 400),)  # the most frequent start always stays
    assert line_with_rework().top(None).edges == line_with_rework().top(99).edges


def test_map_from_the_json_is_the_map_from_the_analysis():
    analysis = analyse(read_log(REFERENCE / "running-example.csv"))
    from_analysis = fd.map_from_analysis(analysis)
    from_json = fd.map_from_dict(analysis.to_dict())
    assert from_json.edges == from_analysis.edges
    assert [(n.name, n.count, n.position) for n in from_json.nodes] == [
        (n.name, n.count, n.position) for n in from_analysis.nodes
    ]
    assert from_json.starts == from_analysis.starts == (("register request", 6),)


def test_svg_labels_each_path_with_its_count_and_the_chosen_wait():
    svg = fd.process_map_svg(line_with_rework(), stat="p90")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    for name in STEPS:
        assert f">{name}</text>" in svg
    assert ">400 · 3.01 d</text>" in svg  # laser -> bending: p90 260,000 s
    assert ">26 · 2.89 d</text>" in svg  # the rework loop
    assert "Laser cutting → Bending: taken 400 times; wait mean 1.74 d, median 1.85 d" in svg
    median = fd.process_map_svg(line_with_rework())
    assert ">400 · 1.85 d</text>" in median
    with pytest.raises(ValueError, match="stat"):
        fd.process_map_svg(line_with_rework(), stat="max")


def test_svg_takes_words_numbers_and_size_from_the_caller():
    text = {"runs": "%(n)s passages", "start": "Début", "end": "Fin"}
    svg = fd.process_map_svg(
        line_with_rework(),
        text=text,
        count=lambda n: f"{n:,}".replace(",", " "),
        duration=lambda s: "—" if s is None else f"{s / 86400:.1f} j".replace(".", ","),
        highlight=["Bending"],
        id_prefix="demo",
        fit=0.8,
    )
    assert "400 passages" in svg and ">Début</text>" in svg and ">Fin</text>" in svg
    assert ">400 · 1,9 j</text>" in svg
    assert 'width="100%"' in svg and re.search(r"min-width:\d+px", svg)
    assert 'id="demo-a0"' in svg and "pm-" not in svg
    assert svg.count('stroke="#b42318" stroke-width="2.5"') == 1  # the highlighted step


def test_names_are_escaped_and_long_ones_wrapped():
    nodes = (
        fd.MapNode("<b>Cut & bend</b>", 3, 1),
        fd.MapNode("T06 Determine necessity of stop advice", 3, 2),
    )
    svg = fd.process_map_svg(fd.ProcessMap(nodes, (fd.MapEdge(nodes[0].name, nodes[1].name, 3),)))
    assert "<b>" not in svg and "&lt;b&gt;Cut &amp; bend&lt;/b&gt;" in svg
    assert fd._name_lines("T06 Determine necessity of stop advice") == [
        "T06 Determine",
        "necessity of stop a…",
    ]
    assert fd._name_lines("Bending") == ["Bending"]
    assert fd.process_map_svg(fd.ProcessMap((), ())) == ""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "-"), (42, "42 s"), (90, "1.5 min"), (5400, "1.5 h"), (3 * 86400, "3 d")],
)
def test_durations_read_the_way_a_facilitator_says_them(seconds, text):
    assert fd.format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "unit"), [(600, "min"), (5 * 3600, "h"), (3 * 86400, "d"), (None, "d")]
)
def test_chart_unit_follows_the_durations(seconds, unit):
    assert fd.duration_unit(seconds)[1] == unit


def test_histogram_spec_is_binned_with_a_rule_per_marker():
    spec = fd.lead_time_histogram_spec(
        [0, 86400, 172800],
        [3, 5],
        title="Lead time",
        x_title="days",
        y_title="Cases",
        markers=[("median", 90000), ("p90", None)],
        locale={"number": {"decimal": ","}},
    )
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    bars, rules, _labels = spec["layer"]
    assert bars["data"]["values"] == [
        {"start": 0, "end": 1, "cases": 3},
        {"start": 1, "end": 2, "cases": 5},
    ]
    assert bars["encoding"]["x"]["bin"] == "binned"
    assert rules["data"]["values"] == [{"label": "median", "at": 90000 / 86400, "offset": 4}]
    assert spec["config"]["locale"] == {"number": {"decimal": ","}}


def test_series_spec_puts_calendar_days_on_a_utc_scale():
    spec = fd.daily_series_spec(
        [("2024-03-04", 3), ("2024-03-11", 5)],
        title="Per week",
        y_title="Cases",
        mark="bar",
        period_days=7,
        labels=["week of 4 March", "week of 11 March"],
        mean=4,
        mean_label="mean 4",
    )
    values = spec["layer"][0]["data"]["values"]
    assert values[0]["t"] == 1_709_510_400_000  # 2024-03-04T00:00:00Z
    assert values[0]["t2"] - values[0]["t"] == round(7 * 86_400_000 * 0.86)
    assert values[1]["label"] == "week of 11 March"
    encoding = spec["layer"][0]["encoding"]
    assert encoding["x"]["scale"] == {"type": "utc"} and encoding["y2"] == {"datum": 0}
    assert spec["layer"][1]["data"]["values"] == [{"mean": 4, "label": "mean 4"}]


def test_ranked_bars_keep_the_order_and_redden_the_first():
    spec = fd.ranked_bars_spec([("Bending", 13.1), ("Shipping", 5.0)], title="Queues", x_title="n")
    assert spec["encoding"]["y"]["sort"] == ["Bending", "Shipping"]
    assert spec["layer"][0]["encoding"]["color"]["condition"]["test"] == "datum.rank === 0"


# --- a property: whatever the graph, boxes never overlap and forward paths go right ---------


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 9))
    names = [f"S{i}" for i in range(n)]
    nodes = tuple(
        fd.MapNode(name, draw(st.integers(1, 50)), draw(st.floats(1, 8))) for name in names
    )
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=25, unique=True
        )
    )
    edges = tuple(fd.MapEdge(a, b, draw(st.integers(1, 50)), 1.0, 1.0, 1.0) for a, b in pairs)
    starts = ((names[0], 3),) if draw(st.booleans()) else ()
    ends = ((names[-1], 3),) if draw(st.booleans()) else ()
    return fd.ProcessMap(nodes, edges, starts, ends)


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_layout_never_overlaps_boxes_and_forward_paths_go_right(pm):
    lay = fd.layout(pm)
    arcs = fd._arcs(pm)
    for keys in lay.layers:
        boxes = sorted((lay.items[k] for k in keys), key=lambda it: it.y)
        for a, b in zip(boxes, boxes[1:], strict=False):
            assert a.y + a.height <= b.y + 1e-6
    for i, keys in lay.forward:
        layers = [lay.items[k].layer for k in keys]
        assert layers == list(range(layers[0], layers[0] + len(keys)))
        assert arcs[i][0] == keys[0] and arcs[i][1] == keys[-1]
    drawn = {i for i, _keys in lay.forward} | set(lay.back) | set(lay.loops)
    assert drawn == set(range(len(arcs)))
    svg = fd.process_map_svg(pm)
    assert svg.count("<g><title>") == len(pm.nodes)
