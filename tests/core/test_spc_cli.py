"""`obeya spc` and `obeya capability`: the JSON, the SVG, the errors; never Django."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reference_data import SPC

ROOT = Path(__file__).resolve().parents[2]
REF = SPC
pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="shared/reference/spc not present")

NO_DJANGO = (
    "import sys\n"
    "from obeya.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "loaded = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
    "sys.stderr.write('DJANGO=' + ','.join(loaded))\n"
    "sys.exit(rc)\n"
)


def _run(*args):
    return subprocess.run(
        [sys.executable, "-c", NO_DJANGO, *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def test_spc_json_never_imports_django_and_holds_the_specified_keys():
    out = _run("spc", REF / "xmr_loan_cost_montgomery_qicharts2.csv", "--chart", "xmr",
               "--value", "cost", "--baseline", "20", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("DJANGO=")
    data = json.loads(out.stdout)
    x, mr = data["charts"]
    assert (x["name"], mr["name"]) == ("x", "mr")
    assert x["center"] == pytest.approx(300.5)
    assert x["ucl"] == pytest.approx(321.216685, rel=1e-6)
    assert set(x["points"][0]) == {"index", "value", "lcl", "ucl", "rules"}
    assert [p["index"] for p in x["points"] if 1 in p["rules"]] == [39, 40]


def test_varying_sizes_give_null_chart_limits_and_per_point_ones():
    out = _run("spc", REF / "p_varying_n_montgomery_tbl7_4_qicharts2.csv", "--chart", "p",
               "--value", "count", "--size", "size", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    chart = json.loads(out.stdout)["charts"][0]
    assert chart["lcl"] is None and chart["ucl"] is None
    assert chart["points"][10]["rules"] == [1] and chart["points"][10]["index"] == 11
    assert chart["points"][0]["ucl"] == pytest.approx(0.183686, rel=1e-5)


def test_svg_is_written(tmp_path):
    svg = tmp_path / "rings.svg"
    out = _run("spc", REF / "xbar_r_s_pistonrings_qcc.csv", "--chart", "xbar-r",
               "--value", "diameter", "--subgroup", "sample", "--baseline", "25",
               "--svg", svg)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "rule 1" in out.stdout and "37, 38, 39" in out.stdout
    assert svg.read_text().startswith("<svg")


def test_capability_json_keys_and_values():
    out = _run("capability", REF / "capability_small_qcc_tests.csv", "--value", "value",
               "--subgroup", "subgroup", "--lsl", "9.9", "--usl", "10.1", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("DJANGO=")
    data = json.loads(out.stdout)
    assert {"cp", "cpk", "pp", "ppk", "mean", "sigma_within", "sigma_overall"} <= set(data)
    assert data["cp"] == pytest.approx(1.372667, rel=1e-6)
    assert data["ppk"] == pytest.approx(1.531968, rel=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("spc", "{bad}", "--chart", "xmr", "--value", "v"), "row 3, column 'v': 'abc'"),
        (("spc", "{bad}", "--chart", "xmr", "--value", "w"), "--value: no column 'w'"),
        (("spc", "{bad}", "--chart", "p", "--value", "v"), "--size"),
        (("spc", "{bad}", "--chart", "xbar-r", "--value", "v"), "--subgroup"),
        (("spc", "{neg}", "--chart", "c", "--value", "v"), "row 3"),
        (("capability", "{neg}", "--value", "v"), "--lsl/--usl"),
        (("capability", "{neg}", "--value", "v", "--lsl", "2", "--usl", "1"), "--usl"),
        (("spc", "{missing}", "--chart", "xmr"), "no such file"),
    ],
)
def test_bad_input_exits_2_naming_the_row_or_column(tmp_path, args, message):
    bad = tmp_path / "bad.csv"
    bad.write_text("v\n1\nabc\n3\n")
    neg = tmp_path / "neg.csv"
    neg.write_text("v\n1\n-2\n3\n")
    files = {"bad": bad, "neg": neg, "missing": tmp_path / "nope.csv"}
    out = _run(*(a.format(**files) for a in args))
    assert out.returncode == 2
    assert message in out.stderr


def test_xlsx_is_read(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["week", "cost"])
    for week, cost in enumerate([10, 12, 11, 13, 9, 10, 30], start=1):
        sheet.append([week, cost])
    path = tmp_path / "cost.xlsx"
    book.save(path)
    out = _run("spc", path, "--chart", "xmr", "--value", "cost", "--baseline", "6", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["charts"][0]["points"][-1]["rules"] == [1]
