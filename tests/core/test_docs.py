"""The docs fail the build when they drift (datasette's tests/test_docs.py)."""

import re
from pathlib import Path

import pytest

from obeya.cli import build_parser
from obeya.core.roadmap import ProjectFacts, project_roadmap

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_cli_command_is_documented(command):
    assert f"`obeya {command}" in (DOCS / "cli.md").read_text()


def _environment_variables() -> set[str]:
    source = (ROOT / "src/obeya/site/settings.py").read_text()
    names = set(re.findall(r"""os\.environ\.get\(\s*["']([A-Z_]+)["']""", source))
    names |= set(re.findall(r"""env_bool\(\s*["']([A-Z_]+)["']""", source))
    return names


def test_settings_read_environment_variables():
    assert {"DATABASE_URL", "OBEYA_SECRET_KEY", "OBEYA_DEBUG", "ALLOWED_HOSTS"} <= (
        _environment_variables()
    )


@pytest.mark.parametrize("name", sorted(_environment_variables()))
def test_every_environment_variable_is_documented(name):
    assert f"`{name}`" in (DOCS / "configuration.md").read_text()


@pytest.mark.parametrize(
    "check", [c.key for s in project_roadmap(ProjectFacts()).stages for c in s.checks]
)
def test_every_roadmap_requirement_is_documented(check):
    assert f"`{check}`" in (DOCS / "roadmap.md").read_text()


def test_readme_starts_with_make_demo_then_make_test():
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make demo") < readme.index("make test")


def _api_operations() -> list[str]:
    import django

    django.setup()
    from obeya.site.api import api

    paths = api.get_openapi_schema()["paths"]
    return sorted(f"{method.upper()} {path}" for path, ops in paths.items() for method in ops)


@pytest.mark.parametrize("operation", _api_operations())
def test_every_api_endpoint_is_documented(operation):
    assert f"`{operation}`" in (DOCS / "api.md").read_text()
