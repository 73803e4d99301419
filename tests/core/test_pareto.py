"""The Pareto analysis: order, shares, the vital few, and the chart it feeds."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.charts import SCHEMA, pareto_spec
from obeya.core.pareto import ParetoRow, pareto, vital_few


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # Textbook 80/20: two categories make 80 %.
        (
            {"waiting": 50, "inventory": 30, "motion": 10, "transport": 6, "defects": 4},
            [
                ("waiting", 50, 0.50, 0.50, True),
                ("inventory", 30, 0.30, 0.80, True),
                ("motion", 10, 0.10, 0.90, False),
                ("transport", 6, 0.06, 0.96, False),
                ("defects", 4, 0.04, 1.00, False),
            ],
        ),
        # The category crossing 80 % is in the vital few (70 -> 85 %).
        (
            {"a": 40, "b": 30, "c": 15, "d": 10, "e": 5},
            [
                ("a", 40, 0.40, 0.40, True),
                ("b", 30, 0.30, 0.70, True),
                ("c", 15, 0.15, 0.85, True),
                ("d", 10, 0.10, 0.95, False),
                ("e", 5, 0.05, 1.00, False),
            ],
        ),
        # Ties are ordered by name.
        (
            [("motion", 2), ("defects", 2), ("waiting", 4)],
            [
                ("waiting", 4, 0.5, 0.5, True),
                ("defects", 2, 0.25, 0.75, True),
                ("motion", 2, 0.25, 1.0, True),
            ],
        ),
        # One category holds it all.
        ({"waiting": 7}, [("waiting", 7, 1.0, 1.0, True)]),
        # Repeated pairs are summed (one pair per observation).
        (
            [("waiting", 1), ("motion", 1), ("waiting", 1), ("waiting", 1), ("motion", 1)],
            [("waiting", 3, 0.6, 0.6, True), ("motion", 2, 0.4, 1.0, True)],
        ),
        # A zero category is never in the vital few.
        (
            {"a": 9, "b": 1, "c": 0},
            [("a", 9, 0.9, 0.9, True), ("b", 1, 0.1, 1.0, False), ("c", 0, 0.0, 1.0, False)],
        ),
        ({}, []),
    ],
)
def test_pareto_rows(items, expected):
    rows = pareto(items)
    got = [(r.category, r.value, r.share, r.cumulative_share, r.vital_few) for r in rows]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1] == pytest.approx(e[1])
        assert g[2] == pytest.approx(e[2])
        assert g[3] == pytest.approx(e[3])
        assert g[4] is e[4], g


def test_zero_total_gives_zero_shares_and_no_vital_few():
    rows = pareto({"a": 0, "b": 0})
    assert [(r.category, r.share, r.cumulative_share, r.vital_few) for r in rows] == [
        ("a", 0.0, 0.0, False),
        ("b", 0.0, 0.0, False),
    ]


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_pareto_refuses_negative_or_non_finite_values(bad):
    with pytest.raises(ValueError, match="waiting"):
        pareto({"waiting": bad})


def test_vital_few_lists_the_categories_in_order():
    assert vital_few(pareto({"a": 1, "b": 8, "c": 1})) == ["b"]


values = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
).filter(lambda d: sum(d.values()) > 0)


@given(values)
def test_cumulative_share_is_monotone_and_ends_at_one(items):
    rows = pareto(items)
    cumulative = [r.cumulative_share for r in rows]
    assert cumulative[-1] == 1.0
    assert all(a <= b + 1e-12 for a, b in zip(cumulative, cumulative[1:], strict=False))
    assert all(a.value >= b.value for a, b in zip(rows, rows[1:], strict=False))
    assert math.fsum(r.share for r in rows) == pytest.approx(1.0)


@given(values)
def test_vital_few_is_a_prefix_reaching_eighty_percent(items):
    rows = pareto(items)
    flags = [r.vital_few for r in rows]
    first_false = flags.index(False) if False in flags else len(flags)
    assert not any(flags[first_false:]), "the vital few come first"
    vital = [r for r in rows if r.vital_few]
    assert vital, "a positive total always has a vital few"
    assert vital[-1].cumulative_share >= 0.8 - 1e-9
    if len(vital) > 1:
        assert vital[-2].cumulative_share < 0.8


def test_pareto_spec_is_inline_vega_lite_with_bars_line_and_80_percent_rule():
    rows = pareto({"Waiting": 5, "Motion": 3, "Defects": 2})
    spec = pareto_spec(rows, "Observations by waste", "Observations")
    assert spec["$schema"] == SCHEMA == "https://vega.github.io/schema/vega-lite/v6.4.json"
    assert "url" not in json.dumps(spec["data"])
    assert [v["category"] for v in spec["data"]["values"]] == ["Waiting", "Motion", "Defects"]
    bars, (line, rule) = spec["layer"][0], spec["layer"][1]["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["sort"] == ["Waiting", "Motion", "Defects"]
    assert line["mark"]["type"] == "line"
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert rule["mark"]["type"] == "rule"
    assert rule["data"]["values"] == [{"threshold": 0.8}]
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    json.dumps(spec)  # plain data, ready for json_script


def test_pareto_spec_compiles_with_vega_lite():
    vlc = pytest.importorskip("vl_convert")
    spec = pareto_spec(pareto({"Waiting": 5, "Motion": 3}), "T", "N")
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    assert "<svg" in svg and "Waiting" in svg


def test_rows_are_frozen():
    row = ParetoRow("a", 1, 1, 1, True)
    with pytest.raises(AttributeError):
        row.value = 2  # type: ignore[misc]
