"""Browser journeys: Debian's Chromium, driven by Playwright, against pytest-django's live server.

No pytest-playwright plugin (it would look for its own browser downloads): one Chromium for the
session, a fresh context and page per test. The demo company is loaded before every journey, so
the tests log in with the demo accounts (`facilitateur`, `chef.pliage`, ...) as a newcomer would.

The browser's locale sets Accept-Language, which Django's LocaleMiddleware follows until the
user picks a language with the switch in the top bar: journeys about the French interface use
"fr-FR"; the others use "en-US" so they read the source strings and do not depend on how the
French catalogue words them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop in the main thread; Django would otherwise refuse
# ORM calls made from the test (fixtures, checks) as if they came from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser journeys after every other test.

    While the session's browser lives, Playwright's sync API keeps an asyncio loop running in
    the main thread, so any later test calling asyncio.run() or async_to_sync() would fail.
    pytest-django sorts transactional tests (these) before tests without a database; this
    hook runs after its sort and moves them to the end, keeping every other order unchanged.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db) -> dict:
    """The demo company, as `obeya demo` loads it (French content)."""
    from obeya.demo.loader import load_demo

    return load_demo()


@pytest.fixture
def project(demo):
    from obeya.projects.models import Project

    return Project.objects.get(pk=demo["project_id"])


@pytest.fixture
def new_page(browser, live_server, demo) -> Iterator[Callable[..., object]]:
    """Open a page in a fresh browser context (own cookies) on the live server.

    JavaScript errors on any page fail the test: HTMX and the site's script must load cleanly.
    """
    contexts = []
    errors: list[str] = []

    def open_page(locale: str = "en-US"):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def page_as(new_page):
    """A fresh page logged in as `username`, through the login form as a user would do it.

    The fields are found by id so the helper works in either interface language.
    """
    from playwright.sync_api import expect

    from obeya.demo.loader import DEMO_PASSWORD

    def log_in(username: str, *, locale: str = "en-US", password: str = DEMO_PASSWORD):
        page = new_page(locale)
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("#id_password").press("Enter")
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        return page

    return log_in
