"""`obeya vsm`: the table, the JSON, the drawing, the errors; never Django."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "brackets-line2.yaml"

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
        [sys.executable, "-c", NO_DJANGO, *args], capture_output=True, text=True, cwd=ROOT
    )


def test_vsm_json_never_imports_django():
    out = _run("vsm", str(EXAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("DJANGO=")
    figures = json.loads(out.stdout)
    assert figures["takt_time_s"] == 52.5
    assert figures["bottleneck"] == "Bending"
    assert [s["name"] for s in figures["steps"]] == ["Laser cutting", "Bending"]


def test_python_m_obeya_vsm_prints_the_table():
    out = subprocess.run(
        [sys.executable, "-m", "obeya", "vsm", "docs/examples/acme-stamping.yaml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    for text in (
        "Takt time         60 s",
        "Lead time         23.6 days",
        "Assembly 1",
        "over takt",
    ):
        assert text in out.stdout


def test_vsm_writes_the_svg(tmp_path):
    target = tmp_path / "map.svg"
    out = _run("vsm", str(EXAMPLE), "--svg", str(target))
    assert out.returncode == 0, out.stderr
    assert target.read_text().startswith("<svg")
    assert f"Drawing written to {target}" in out.stdout


def test_a_bad_file_prints_every_error_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "customer: {name: C, period_days: 20}\n"
        "work: {shifts: 1, available_s_per_shift: 25200}\n"
        "flow:\n  - process: {name: Cut, cycle_time_s: abc}\n"
    )
    out = _run("vsm", str(bad), "--json")
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert f"{bad}: customer.demand: missing" in lines
    assert f"{bad}: flow[0].process.cycle_time_s: must be a positive number, got 'abc'" in lines


def test_a_missing_file_exits_2(tmp_path):
    out = _run("vsm", str(tmp_path / "none.yaml"))
    assert out.returncode == 2
    assert "cannot read the file" in out.stderr


def test_svg_to_stdout():
    out = _run("vsm", str(EXAMPLE), "--svg", "-")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("<svg") and out.stdout.rstrip().endswith("</svg>")
