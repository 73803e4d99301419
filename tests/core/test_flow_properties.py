"""Little's law as a property: over a closed window that every case starts and ends inside,
mean WIP = throughput x mean lead time exactly (up to floating-point rounding)."""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.core.flow import analyse

T0 = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)

case_strategy = st.tuples(
    st.integers(0, 30 * 86_400),  # when the case arrives, seconds after T0
    st.lists(  # its events: (wait before, processing time or None when no start time)
        st.tuples(st.integers(0, 5 * 86_400), st.none() | st.integers(0, 8 * 3600)),
        min_size=1,
        max_size=6,
    ),
)


def build(cases: list) -> ibis.Table:
    rows = {"case_id": [], "activity": [], "start_time": [], "end_time": [], "row": []}
    for n, (arrival, events) in enumerate(cases):
        clock = arrival
        for i, (wait, processing) in enumerate(events):
            clock += wait
            start = None if processing is None else T0 + dt.timedelta(seconds=clock)
            clock += processing or 0
            rows["case_id"].append(f"c{n}")
            rows["activity"].append(f"step {i % 3}")
            rows["start_time"].append(start)
            rows["end_time"].append(T0 + dt.timedelta(seconds=clock))
            rows["row"].append(len(rows["row"]))
    schema = pa.schema(
        [
            ("case_id", pa.string()),
            ("activity", pa.string()),
            ("start_time", pa.timestamp("us", "UTC")),
            ("end_time", pa.timestamp("us", "UTC")),
            ("row", pa.int64()),
        ]
    )
    return ibis.memtable(pa.table(rows, schema=schema))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cases=st.lists(case_strategy, min_size=1, max_size=25),
    before=st.integers(0, 10 * 86_400),
    after=st.integers(0, 10 * 86_400),
    explicit=st.booleans(),
)
def test_littles_law_holds_over_a_window_holding_every_case(cases, before, after, explicit):
    flow = build(cases)
    window = None
    if explicit:  # any window that contains the whole log
        span = (
            flow.aggregate(
                first=flow.start_time.fill_null(flow.end_time).min(), last=flow.end_time.max()
            )
            .to_pyarrow()
            .to_pylist()[0]
        )
        window = (
            span["first"] - dt.timedelta(seconds=before),
            span["last"] + dt.timedelta(seconds=after),
        )
    law = analyse(flow, window=window).littles_law
    if law.wip_mean is None:  # every event at the same instant: an empty window
        return
    assert law.throughput_x_lead_time == pytest.approx(law.wip_mean, rel=1e-9, abs=1e-12)
    assert law.relative_gap == pytest.approx(0, abs=1e-9)
