"""Compute the reference figures of tests/core/test_flow_pm4py.py with PM4Py, once.

PM4Py is AGPL-licensed and heavy, so the tests never import it: this script runs it on the small
reference logs and stores what it finds in tests/core/fixtures/flow/pm4py_reference.json. Run it
again only when the reference logs or the definitions change:

    pip install -e '.[bench]'                      # PM4Py
    pip install --target /tmp/xlsxlib openpyxl     # only to rewrite the .xlsx fixture
    PYTHONPATH=/tmp/xlsxlib python bench/make_flow_fixture.py

Where PM4Py's definitions differ from Obeya's, the script asks PM4Py for Obeya's definition with
PM4Py's own tools, and says so in the fixture's "notes":
- percentiles: NumPy's default (linear interpolation) on PM4Py's raw values, like DuckDB's
  quantile_cont; PM4Py itself offers no p90;
- the wait on a path with start times: PM4Py's `get_dfg_graph` with an explicit
  `start_timestamp_key`, which clips overlaps at zero as Obeya does (the higher-level
  `discover_performance_dfg` does not clip);
- case durations with start times: PM4Py measures from the first *completion*; Obeya from the
  first *start*, so PM4Py is given the log in lifecycle form (a start and a complete event per
  activity instance), where its first event is the first start.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pm4py
from pm4py.algo.discovery.dfg.adapters.pandas.df_statistics import get_dfg_graph

ROOT = Path(__file__).resolve().parents[1]
LOGS = Path("/work/shared/reference/eventlogs")
OUT = ROOT / "tests/core/fixtures/flow"

CASE, ACTIVITY, END, START = (
    "case:concept:name",
    "concept:name",
    "time:timestamp",
    "start_timestamp",
)


def stats(values: list[float]) -> dict[str, float]:
    a = np.asarray(values, dtype=float)
    median, p90 = np.percentile(a, [50, 90])
    return {"mean": float(a.mean()), "median": float(median), "p90": float(p90)}


def load(name: str) -> pd.DataFrame:
    df = pd.read_csv(LOGS / name)
    df[CASE] = df[CASE].astype(str)
    df[END] = pd.to_datetime(df[END], utc=True, format="ISO8601")
    if START in df.columns:
        df[START] = pd.to_datetime(df[START], utc=True, format="ISO8601")
    df["file_row"] = np.arange(len(df))
    return df


def figures(name: str) -> dict:
    df = load(name)
    timed = START in df.columns
    # Obeya's order: start (or completion), completion, file row. PM4Py's data frames are sorted
    # by case and completion; both orders are recorded and must agree for these logs.
    begin = df[START] if timed else df[END]
    ours = df.assign(_b=begin).sort_values([CASE, "_b", END, "file_row"], kind="stable")
    theirs = df.sort_values([CASE, END, "file_row"], kind="stable")
    orders_agree = ours["file_row"].tolist() == theirs["file_row"].tolist()
    log = pm4py.format_dataframe(
        ours.drop(columns="_b").copy(),
        case_id=CASE,
        activity_key=ACTIVITY,
        timestamp_key=END,
        **({"start_timestamp_key": START} if timed else {}),
    )
    frequency, waits = get_dfg_graph(
        log.copy(),
        measure="both",
        activity_key=ACTIVITY,
        case_id_glue=CASE,
        timestamp_key=END,
        start_timestamp_key=START if timed else None,
        perf_aggregation_key="raw_values",
    )
    edges = [
        {
            "source": a,
            "target": b,
            "count": int(frequency[(a, b)]),
            **{f"{k}_s": v for k, v in stats(waits[(a, b)]).items()},
        }
        for (a, b) in sorted(frequency, key=lambda e: (-frequency[e], e))
    ]
    if timed:  # lifecycle form: PM4Py's first event of a case is then its first start
        starts = log.assign(**{END: log[START]})
        lifecycle = pd.concat([starts, log]).sort_values([CASE, END], kind="stable")
        lifecycle = lifecycle.drop(columns=[START])
        lifecycle.attrs = {}  # else PM4Py reads the start column back from the frame's attrs
        durations = pm4py.get_all_case_durations(lifecycle, case_id_key=CASE, timestamp_key=END)
    else:
        durations = pm4py.get_all_case_durations(log, case_id_key=CASE, timestamp_key=END)
    # PM4Py reads a case's variant in the frame's order: given a frame in Obeya's order (and
    # no attrs, so it does not re-sort), it returns Obeya's variants; on its own formatted frame
    # it returns the completion-order variants, kept for the record.
    in_our_order = ours.drop(columns="_b").copy()
    in_our_order.attrs = {}
    variants = pm4py.get_variants(
        in_our_order, activity_key=ACTIVITY, case_id_key=CASE, timestamp_key=END
    )
    by_completion = pm4py.get_variants(
        log, activity_key=ACTIVITY, case_id_key=CASE, timestamp_key=END
    )
    rework = pm4py.get_rework_cases_per_activity(log, activity_key=ACTIVITY, case_id_key=CASE)
    rework_cases = sum(c for v, c in variants.items() if len(set(v)) < len(v))
    out = {
        "orders_agree": orders_agree,
        "cases": int(log[CASE].nunique()),
        "events": len(log),
        "edges": edges,
        "start_activities": {
            k: int(v) for k, v in pm4py.get_start_activities(in_our_order).items()
        },
        "end_activities": {k: int(v) for k, v in pm4py.get_end_activities(in_our_order).items()},
        "case_duration_s": {
            **stats(durations),
            "min": float(min(durations)),
            "max": float(max(durations)),
        },
        "variants": [
            {"activities": list(v), "count": int(c)}
            for v, c in sorted(variants.items(), key=lambda vc: (-vc[1], vc[0]))
        ],
        "variants_in_completion_order": [
            {"activities": list(v), "count": int(c)}
            for v, c in sorted(by_completion.items(), key=lambda vc: (-vc[1], vc[0]))
        ],
        "rework_cases_per_activity": {k: int(v) for k, v in sorted(rework.items())},
        "rework_rate": rework_cases / int(log[CASE].nunique()),
    }
    if timed:
        out["processing_time_s"] = {
            act: {
                "mean": float(
                    pm4py.get_service_time(
                        log,
                        aggregation_measure="mean",
                        activity_key=ACTIVITY,
                        timestamp_key=END,
                        start_timestamp_key=START,
                        case_id_key=CASE,
                    )[act]
                ),
                "median": float(
                    pm4py.get_service_time(
                        log,
                        aggregation_measure="median",
                        activity_key=ACTIVITY,
                        timestamp_key=END,
                        start_timestamp_key=START,
                        case_id_key=CASE,
                    )[act]
                ),
            }
            for act in sorted(log[ACTIVITY].unique())
        }
    return out


def write_xlsx() -> None:
    """The running example as an Excel workbook with real date cells, written by openpyxl."""
    try:
        import openpyxl
    except ImportError:
        print("openpyxl not found: the .xlsx fixture is left as it is", file=sys.stderr)
        return
    df = pd.read_csv(LOGS / "running-example.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "events"
    sheet.append(["Case ID", "Activity", "Resource", "Complete Timestamp", "Cost"])
    columns = ["case:concept:name", "concept:name", "org:resource", "time:timestamp", "Costs"]
    for case, activity, resource, stamp, cost in df[columns].itertuples(index=False, name=None):
        wall = pd.Timestamp(stamp).tz_localize(None)  # +01:00 all along
        sheet.append([int(case), activity, resource, wall.to_pydatetime(), float(cost)])
    book.save(OUT / "running-example.xlsx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fixture = {
        "generated_by": "bench/make_flow_fixture.py",
        "pm4py_version": pm4py.__version__,
        "pandas_version": pd.__version__,
        "notes": [
            "percentiles: numpy.percentile (linear interpolation) on PM4Py's raw values",
            "edge times: get_dfg_graph(measure='both', perf_aggregation_key='raw_values'); "
            "with start times, start_timestamp_key is given so overlaps are clipped at 0",
            "case durations with start times: get_all_case_durations on the lifecycle form "
            "(start and complete events), i.e. first start to last completion",
            "rework_rate: share of cases whose PM4Py variant repeats an activity",
        ],
        "logs": {name: figures(name) for name in ("running-example.csv", "interval_event_log.csv")},
    }
    path = OUT / "pm4py_reference.json"
    path.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    write_xlsx()


if __name__ == "__main__":
    main()
