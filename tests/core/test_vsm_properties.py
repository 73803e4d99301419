"""Invariants of the value stream maths, on generated value streams (hypothesis)."""

import dataclasses
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.core.vsm import (
    Customer,
    InformationFlow,
    Inventory,
    Process,
    Supplier,
    Transport,
    ValueStream,
    Work,
    compute_metrics,
    dump_value_stream,
    load_value_stream,
)
from obeya.core.vsm_draw import draw_svg

names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), min_size=1
).filter(str.strip)  # what the parser accepts as a name
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
maybe = lambda s: st.none() | s  # noqa: E731

processes = st.builds(
    Process,
    name=names,
    cycle_time_s=positive,
    changeover_s=st.floats(min_value=0, max_value=1e5),
    uptime=st.floats(min_value=0.05, max_value=1),
    operators=st.integers(min_value=0, max_value=10),
    batch_size=maybe(st.integers(min_value=1, max_value=10_000)),
    scrap_rate=st.floats(min_value=0, max_value=0.9),
    machines=st.integers(min_value=1, max_value=8),
    value_added_share=st.floats(min_value=0, max_value=1),
    shifts=maybe(st.integers(min_value=1, max_value=3)),
)
inventories = st.builds(
    Inventory,
    name=maybe(names),
    quantity=st.floats(min_value=0, max_value=1e6),
    days=maybe(st.floats(min_value=0, max_value=100)),
    unit_value=maybe(st.floats(min_value=0, max_value=1e4)),
    kind=st.sampled_from(["inventory", "supermarket", "fifo"]),
)


def _svg(text):
    """Parse the drawing: our own output, not untrusted input."""
    return ET.fromstring(text)  # noqa: S314


@st.composite
def value_streams(draw):
    steps = draw(st.lists(processes, min_size=1, max_size=8, unique_by=lambda p: p.name))
    flow = []
    if draw(st.booleans()):
        flow.append(draw(inventories))
    for step in steps:
        flow.append(step)
        if draw(st.booleans()):
            flow.append(draw(inventories))
    ends = ["customer", "production control", "supplier", *[s.name for s in steps]]
    information = draw(
        st.lists(
            st.builds(
                InformationFlow,
                kind=st.sampled_from(["forecast", "orders", "schedule", "kanban"]),
                source=st.sampled_from(ends),
                target=st.sampled_from(ends),
                frequency=maybe(names),
                electronic=st.booleans(),
            ).filter(lambda f: f.source != f.target),
            max_size=4,
        )
    )
    return ValueStream(
        name=draw(st.just("") | names),
        customer=Customer(name=draw(names), demand=draw(positive), period_days=draw(positive)),
        work=Work(
            shifts=draw(st.integers(min_value=1, max_value=3)),
            available_s_per_shift=draw(st.floats(min_value=60, max_value=86400)),
        ),
        flow=tuple(flow),
        supplier=draw(maybe(st.builds(Supplier, name=names))),
        information=tuple(information),
        transport=draw(st.builds(Transport, supplier=maybe(names), customer=maybe(names))),
    )


@given(value_streams())
def test_lead_time_is_never_shorter_than_processing_time(vs):
    m = compute_metrics(vs)
    assert m.lead_time_s >= m.processing_time_s * (1 - 1e-9)
    assert 0 <= m.process_cycle_efficiency <= 1 + 1e-9


@given(value_streams(), st.floats(min_value=1.01, max_value=100))
def test_takt_ratio_grows_with_cycle_time(vs, factor):
    slower = dataclasses.replace(
        vs.processes[0], cycle_time_s=vs.processes[0].cycle_time_s * factor
    )
    flow = tuple(slower if item is vs.processes[0] else item for item in vs.flow)
    before = compute_metrics(vs).steps[0]
    after = compute_metrics(dataclasses.replace(vs, flow=flow)).steps[0]
    assert after.takt_ratio > before.takt_ratio
    assert after.effective_cycle_time_s > before.effective_cycle_time_s


@given(value_streams())
def test_dump_then_load_gives_the_same_value_stream(vs):
    assert load_value_stream(dump_value_stream(vs)) == vs


@settings(max_examples=40, deadline=None)
@given(value_streams())
def test_the_drawing_is_always_well_formed_xml(vs):
    root = _svg(draw_svg(vs))
    steps = [el for el in root.iter() if "step" in el.get("class", "").split()]
    assert len(steps) == len(vs.processes)
