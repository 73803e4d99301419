"""The `obeya` command, run as a user runs it: in a subprocess, on a fresh SQLite file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


@pytest.fixture
def env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OBEYA_")}
    env.update(
        {
            "OBEYA_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        }
    )
    return env


def obeya(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "obeya", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def test_help_lists_the_app_commands(env):
    out = obeya(env, "--help").stdout
    for command in ("serve", "migrate", "demo", "createuser", "worker", "manage"):
        assert command in out


def test_demo_is_idempotent_and_prints_the_logins(env):
    first = obeya(env, "demo", "--quiet").stdout
    second = obeya(env, "demo", "--quiet").stdout
    assert "20 people, 1 project, 18 actions" in first
    assert first == second
    assert "facilitateur" in first and "obeya-demo" in first


def test_createuser_refuses_a_weak_password_and_accepts_a_good_one(env):
    obeya(env, "migrate", "--quiet")
    weak = obeya(env, "createuser", "alice", "--password", "1234", check=False)
    assert weak.returncode == 1
    assert "error:" in weak.stderr
    good = obeya(
        env, "createuser", "alice", "--password", "long enough pass phrase 42", "--site-admin"
    )
    assert "Created user alice" in good.stdout
    again = obeya(
        env, "createuser", "alice", "--password", "long enough pass phrase 42", check=False
    )
    assert again.returncode == 1 and "taken" in again.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_in_production_uses_waitress_and_answers(env):
    port = _free_port()
    env = {**env, "OBEYA_DEBUG": "0", "OBEYA_SECRET_KEY": "x" * 60, "OBEYA_SSL_REDIRECT": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "obeya", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=15
                ) as resp:
                    status = resp.status
                    body = resp.read().decode()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                # Not listening yet, or the first request still loading the app on a busy machine.
                time.sleep(0.3)
        assert status == 200
        assert "csrfmiddlewaretoken" in body
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "waitress" in out


def test_help_lists_the_spc_and_capability_commands(env):
    out = obeya(env, "--help").stdout
    assert "spc" in out and "capability" in out
    bad = obeya(env, "spc", "nope.csv", "--chart", "xmr", check=False)
    assert bad.returncode == 2 and "no such file" in bad.stderr
