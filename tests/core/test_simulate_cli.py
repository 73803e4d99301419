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
QUICK = ("--jobs", "1500", "--replications", "2")


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
    assert results["future"]["lead_time_s"]["p50"] < results["current"]["lead_time_s"]["p50"]
    assert [s["name"] for s in results["future"]["steps"]][:2] == ["Stamping", "Cell station 1"]


SPEC_EXAMPLE = """\
arrivals: {dist: exponential, mean: 50}
customer: {name: C, demand: 500, period_days: 1}
work: {shifts: 1, available_s_per_shift: 25000}
flow:
  - process: {name: Cut, cycle_time_s: {dist: lognormal, mean: 80, sd: 16}, machines: 2,
      mtbf_s: 36000, mttr_s: 1800}
  - inventory: {name: Buffer, capacity: 10}
  - process: {name: Weld, cycle_time_s: 35}
"""


def test_json_of_one_file_holds_the_specified_keys(tmp_path):
    vsm = tmp_path / "line.yaml"
    vsm.write_text(SPEC_EXAMPLE)
    out = _run(
        "simulate", str(vsm), "--replications", "5", "--seed", "2", "--jobs", "3000", "--json"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    lead = data["lead_time_s"]
    low, high = lead["ci95"]
    assert low < lead["mean"] < high
    assert data["wip_mean"] > 0
    # one unit every 50 s on average: 72 an hour
    assert data["throughput_per_hour"] == pytest.approx(72, rel=0.05)
    cut, weld = data["steps"]
    assert (cut["name"], weld["name"]) == ("Cut", "Weld")
    # 80 s x (1 + 1800 / 36000) (breakdowns) / (2 machines x 50 s) = 84 %; a few long repairs
    # per replication make it scatter
    assert cut["utilisation"] == pytest.approx(0.84, abs=0.08)
    assert weld["utilisation"] == pytest.approx(0.70, abs=0.04)
    assert (data["jobs"], data["replications"]) == (3000, 5)


def test_the_same_seed_prints_the_same_figures_and_another_seed_others(tmp_path):
    vsm = tmp_path / "line.yaml"
    vsm.write_text(SPEC_EXAMPLE)
    first = _run("simulate", str(vsm), "--json", "--seed", "3", *QUICK)
    again = _run("simulate", str(vsm), "--json", "--seed", "3", *QUICK)
    other = _run("simulate", str(vsm), "--json", "--seed", "4", *QUICK)
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
    out = _run("simulate", str(vsm), "--json", "--jobs", "500")
    assert out.returncode == 0, out.stderr
    lead = json.loads(out.stdout)["lead_time_s"]
    # 4 s + 6 s + 30 units x 10 s takt = 310 s, in every replication
    assert lead["p90"] == pytest.approx(310)
    assert lead["ci95"] == pytest.approx([310, 310])


def test_python_m_obeya_simulate_prints_the_table():
    out = subprocess.run(
        [sys.executable, "-m", "obeya", "simulate", str(CURRENT), "--future", str(FUTURE), *QUICK],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    for text in (
        "Simulated 2 replications of 1,500 jobs (150 of warm-up)",
        "Lead time median",
        "NO, overloaded",
        "Cell station 1",
        "Future state steps",
    ):
        assert text in out.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--replications", "1"), "--replications: must be a whole number of at least 2"),
        (("--jobs", "100", "--warmup-jobs", "99"), "--warmup-jobs: must leave at least 2"),
        (("--seed", "-3"), "--seed: must be a whole number of at least 0"),
    ],
)
def test_bad_settings_name_the_option_and_exit_2(options, message):
    out = _run("simulate", str(CURRENT), *options)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith(message)


def test_a_model_that_cannot_run_names_the_field(tmp_path):
    vsm = tmp_path / "line.yaml"
    vsm.write_text(SPEC_EXAMPLE.replace("machines: 2,", "machines: 2, batch_size: 20,"))
    out = _run("simulate", str(vsm))
    assert out.returncode == 2
    assert out.stderr.startswith("capacity: the inventory before 'Weld' holds 10 units")


def test_a_bad_future_file_prints_its_errors_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "customer: {name: C, demand: 10, period_days: 1}\n"
        "work: {shifts: 1, available_s_per_shift: 25200}\n"
        "flow:\n  - process: {name: Cut, cycle_time_s: {dist: normal, mean: 3}}\n"
    )
    out = _run("simulate", str(CURRENT), "--future", str(bad))
    assert out.returncode == 2
    assert out.stdout == ""
    assert f"{bad}: flow[0].process.cycle_time_s.sd: missing" in out.stderr.splitlines()
