"""`obeya simulate`: the table, the JSON, the errors; never Django."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CURRENT = ROOT / "docs" / "examples" / "acme-stamping.yaml"
FUTURE = ROOT / "docs" / "examples" / "acme-stamping-future.yaml"

NO_DJANGO = (
    "import sys\n"
    "from obeya.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "loaded = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
    "sys.stderr.write('DJANGO=' + ','.join(loaded))\n"
    "sys.exit(rc)\n"
)
QUICK = ("--days", "6", "--replications", "2")


def _run(*args):
    return subprocess.run(
        [sys.executable, "-c", NO_DJANGO, *args], capture_output=True, text=True, cwd=ROOT
    )


def test_simulate_json_never_imports_django():
    out = _run("simulate", str(CURRENT), "--future", str(FUTURE), "--json", *QUICK)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("DJANGO=")
    results = json.loads(out.stdout)
    assert set(results) == {"current", "future"}
    # Assembly 1 runs at 103 % of takt on the current map: reported, not hidden
    assert results["current"]["stable"] is False
    assert results["current"]["bottleneck"] == "Assembly 1"
    assert results["future"]["stable"] is True
    assert results["future"]["lead_time_days_p50"] < results["current"]["lead_time_days_p50"]
    assert [s["name"] for s in results["future"]["stations"]][:2] == ["Stamping", "Cell station 1"]


def test_the_same_seed_prints_the_same_figures_and_another_seed_others():
    first = _run("simulate", str(CURRENT), "--json", "--seed", "3", *QUICK)
    again = _run("simulate", str(CURRENT), "--json", "--seed", "3", *QUICK)
    other = _run("simulate", str(CURRENT), "--json", "--seed", "4", *QUICK)
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout


def test_deterministic_line_prints_its_exact_lead_time(tmp_path):
    vsm = tmp_path / "line.yaml"
    vsm.write_text(
        "customer: {name: C, demand: 2880, period_days: 1}\n"
        "work: {shifts: 1, available_s_per_shift: 28800}\n"
        "flow:\n"
        "  - process: {name: Cut, cycle_time_s: 4}\n"
        "  - fifo: {quantity: 30}\n"
        "  - process: {name: Bend, cycle_time_s: 6}\n"
    )
    out = _run("simulate", str(vsm), "--arrival-cv", "0", "--process-cv", "0", "--json")
    assert out.returncode == 0, out.stderr
    current = json.loads(out.stdout)["current"]
    # 4 s + 6 s + 30 units x 10 s takt = 310 s of a 28,800 s working day
    assert current["lead_time_days_p90"] * 28800 == pytest.approx(310)


def test_python_m_obeya_simulate_prints_the_table():
    out = subprocess.run(
        [sys.executable, "-m", "obeya", "simulate", str(CURRENT), "--future", str(FUTURE), *QUICK],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    for text in (
        "Simulated 6 working days (2 of warm-up), 2 replications",
        "Lead time median",
        "NO, overloaded",
        "Cell station 1",
        "Future state steps",
    ):
        assert text in out.stdout


def test_bad_settings_name_the_option_and_exit_2():
    out = _run("simulate", str(CURRENT), "--days", "1", "--warmup-days", "2")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith("--warmup-days: must be from 0 to below days")


def test_a_bad_future_file_prints_its_errors_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "customer: {name: C, demand: 10, period_days: 1}\n"
        "work: {shifts: 1, available_s_per_shift: 25200}\n"
        "flow:\n  - process: {name: Cut, cycle_time_s: -3}\n"
    )
    out = _run("simulate", str(CURRENT), "--future", str(bad))
    assert out.returncode == 2
    assert out.stdout == ""
    assert f"{bad}: flow[0].process.cycle_time_s: must be a positive number, got -3" in (
        out.stderr.splitlines()
    )
