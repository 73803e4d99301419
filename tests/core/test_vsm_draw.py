"""The value stream map drawing: valid SVG with the paper map's parts, for 2 to 50 steps."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from obeya.core.vsm import compute_metrics, load_value_stream, parse_value_stream
from obeya.core.vsm_draw import draw_svg

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(text):
    """Parse the drawing: our own output, not untrusted input."""
    return ET.fromstring(text)  # noqa: S314


def _classes(el):
    return set(el.get("class", "").split())


def _all(root, cls, tag="*"):
    return [
        el for el in root.iter() if cls in _classes(el) and (tag == "*" or el.tag.endswith(tag))
    ]


def _text(el):
    return " ".join(t.text or "" for t in el.iter("{http://www.w3.org/2000/svg}text"))


def test_acme_stamping_drawing_has_the_map_parts():
    vs = load_value_stream(EXAMPLES / "acme-stamping.yaml")
    root = _svg(draw_svg(vs))
    steps = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "step" in _classes(g)]
    assert [g.get("data-step") for g in steps] == [p.name for p in vs.processes]
    assert len(_all(root, "data-box", "g")) == len(vs.processes) + 1  # + the customer's
    assert len(_all(root, "triangle", "path")) == len(vs.inventories)
    assert len(_all(root, "push-arrow", "g")) == len(vs.processes) - 1
    assert len(_all(root, "factory", "g")) == 2  # supplier and customer
    assert len(_all(root, "transport", "g")) == 2
    assert len(_all(root, "production-control", "g")) == 1
    assert len(_all(root, "info-flow", "g")) == len(vs.information)
    totals = _text(_all(root, "ladder-totals", "g")[0])
    assert "23.6 days" in totals and "188 s" in totals and "PCE" in totals
    ladder = " ".join(_text(g) for g in _all(root, "ladder", "g"))
    for figure in ("5 days", "7.6 days", "1.8 days", "2.7 days", "2 days", "4.5 days", "62 s"):
        assert figure in ladder
    over = [g.get("data-step") for g in steps if "over-takt" in _classes(g)]
    assert over == ["Assembly 1"]
    assert "bottleneck" in _classes(steps[3])
    title = steps[3].find("s:title", NS).text
    assert "Effective C/T" in title and "Takt ratio" in title and "62 / 60" in title
    kpis = {g.get("data-metric") for g in _all(root, "kpi")}
    assert {
        "lead_time_days",
        "processing_time_s",
        "process_cycle_efficiency",
        "takt_time_s",
    } <= kpis


def test_names_are_escaped():
    vs = parse_value_stream(
        {
            "name": 'A <map> & "quotes"',
            "customer": {"name": "Müller & Söhne <GmbH>", "demand": 100, "period_days": 1},
            "work": {"shifts": 1, "available_s_per_shift": 28800},
            "supplier": {"name": "</svg><script>alert(1)</script>"},
            "flow": [{"process": {"name": "Cut & 'fold' <fast>", "cycle_time_s": 10}}],
            "information": [
                {"kind": "schedule", "from": "production control", "to": "Cut & 'fold' <fast>"}
            ],
        }
    )
    svg = draw_svg(vs)
    root = _svg(svg)  # would fail on a stray < or &
    assert "<script>" not in svg
    step = _all(root, "step", "g")[0]
    assert step.get("data-step") == "Cut & 'fold' <fast>"
    assert "Müller & Söhne <GmbH>" in _text(root)


def _long_stream(n):
    flow = [{"inventory": {"name": "Raw material", "days": 2}}]
    for i in range(n):
        flow.append({"process": {"name": f"Step {i + 1}", "cycle_time_s": 30 + i % 40}})
        kind = ("inventory", "supermarket", "fifo")[i % 3]
        flow.append({kind: {"quantity": 50 + i}})
    return parse_value_stream(
        {
            "customer": {"name": "C", "demand": 900, "period_days": 1},
            "work": {"shifts": 2, "available_s_per_shift": 27000},
            "flow": flow,
            "information": [
                {"kind": "schedule", "from": "production control", "to": f"Step {i + 1}"}
                for i in range(0, n, 7)
            ],
        }
    )


@pytest.mark.parametrize("n", [2, 5, 12, 50])
def test_long_streams_wrap_into_rows(n):
    vs = _long_stream(n)
    root = _svg(draw_svg(vs, compute_metrics(vs), max_row_width=1400))
    width = float(root.get("width"))
    assert width <= 1400 + 600  # wrapped, not one endless strip
    assert len(_all(root, "step", "g")) == n
    rows = len(_all(root, "ladder", "g"))
    assert len(_all(root, "connector", "g")) == 2 * (rows - 1)
    assert (rows == 1) == (n <= 5)
    assert rows <= -(-n // 5)  # at least five steps and their inventories a row
    boxes = [r for g in _all(root, "step", "g") for r in g if r.tag.endswith("rect")][::1]
    assert all(float(r.get("x")) + float(r.get("width")) <= width for r in boxes)
    assert len(_all(root, "ladder-totals", "g")) == 1


def test_ids_use_the_prefix_so_two_maps_share_a_page():
    vs = load_value_stream(EXAMPLES / "brackets-line2.yaml")
    current, future = draw_svg(vs, id_prefix="current"), draw_svg(vs, id_prefix="future")
    ids = lambda svg: {el.get("id") for el in _svg(svg).iter() if el.get("id")}  # noqa: E731
    assert not ids(current) & ids(future)
    assert "url(#future-stripes)" in future
