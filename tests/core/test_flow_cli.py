"""`obeya flow`: summary, JSON, HTML report, value stream file, errors; and no Django."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from obeya.core.vsm import parse_value_stream

LOGS = Path("/work/shared/reference/eventlogs")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "obeya", "flow", *args], capture_output=True, text=True
    )


def test_the_command_never_imports_django():
    code = (
        "import sys, io, contextlib\n"
        "from obeya.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['flow', {str(LOGS / 'running-example.csv')!r}, '--json'])\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(code, ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_json_output_holds_the_log_and_every_metric():
    out = run(str(LOGS / "interval_event_log.csv"), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["cases"] == 1266
    assert data["log"]["mapping"]["start"] == "start_timestamp"
    assert data["littles_law"]["relative_gap"] < 1e-9
    parse_value_stream(data["value_stream"])


def test_summary_html_and_value_stream_files(tmp_path):
    report, vsm = tmp_path / "flow.html", tmp_path / "map.yaml"
    out = run(str(LOGS / "running-example.xes"), "--html", str(report), "--vsm", str(vsm))
    assert out.returncode == 0, out.stderr
    assert "Lead time" in out.stdout and "Longest queues" in out.stdout
    page = report.read_text()
    assert page.count("<svg") == 2  # the process map and the lead-time histogram
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # self-contained
    assert "<script" not in page
    parse_value_stream(yaml.safe_load(vsm.read_text()))


def test_bad_rows_exit_2_with_line_and_column(tmp_path):
    log = tmp_path / "bad.csv"
    log.write_text("case,activity,timestamp\nc1,A,2024-01-01\nc1,B,someday\n,C,2024-01-02\n")
    out = run(str(log))
    assert out.returncode == 2
    assert out.stdout == ""
    assert f"{log}: line 3, column 'timestamp': unparseable timestamp: 'someday'" in out.stderr
    assert f"{log}: line 4, column 'case': empty case id" in out.stderr


def test_columns_named_on_the_command_line(tmp_path):
    log = tmp_path / "odd.csv"
    log.write_text("ticket;what;closed\nT1;open;2024-01-01 08:00\nT1;fix;2024-01-01 09:30\n")
    out = run(str(log), "--case", "ticket", "--activity", "what", "--timestamp", "closed", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["edges"][0]["mean_s"] == 5400.0
    missing = run(str(log))
    assert missing.returncode == 2
    assert "--case" in missing.stderr


def test_a_bad_time_zone_or_window_exits_2():
    log = str(LOGS / "running-example.csv")
    zone = run(log, "--timezone", "Mars/Olympus")
    assert (zone.returncode, "unknown time zone 'Mars/Olympus'" in zone.stderr) == (2, True)
    window = run(log, "--window", "2011-01-01", "later")
    assert window.returncode == 2
