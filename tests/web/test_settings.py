"""Production settings pass Django's deployment checks; debug settings never reach production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _production_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OBEYA_", "DJANGO_"))}
    env.update(
        {
            "OBEYA_DEBUG": "0",
            "OBEYA_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_SETTINGS_MODULE": "obeya.site.settings",
            "ALLOWED_HOSTS": "obeya.example.org",
            "OBEYA_VAR_DIR": str(tmp_path / "var"),
        }
    )
    env.update(extra)
    return env


def _django(tmp_path, env, *args):
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _django(
        tmp_path, _production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["OBEYA_SECRET_KEY"]
    result = _django(tmp_path, env, "check")
    assert result.returncode != 0
    assert "OBEYA_SECRET_KEY" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()
