"""Shared fixtures: the same small cast in every permission test (healthchecks' hc/test.py).

- owner: the project's facilitator
- teammate: a team member of the project, owning one action
- sponsor, viewer, assessor: the other roles
- outsider: a user of the same company with no role in the project; always gets 404
"""

from __future__ import annotations

import datetime as dt

import pytest

# The permission table of tests/web is shared by its test files: rewrite its asserts as pytest
# does a test module's, so that a failure shows the status got against the status expected.
pytest.register_assert_rewrite("permission_table")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.OBEYA_TASKS_MODE = "inline"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def company(db):
    from obeya.organisation.models import Area, Company, Site

    company = Company.objects.create(name="Acme Tôlerie")
    site = Site.objects.create(company=company, name="Plant A")
    Area.objects.create(site=site, name="Bending")
    return company


def _user_with_person(company, username: str, first: str):
    from django.contrib.auth import get_user_model

    from obeya.organisation.models import Person

    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    Person.objects.create(company=company, first_name=first, last_name="Test", user=user)
    return user


@pytest.fixture
def cast(company):
    """Users by role, plus the project they share."""
    from obeya.projects.models import Membership, Project

    users = {
        name: _user_with_person(company, name, name.title())
        for name in ("owner", "teammate", "sponsor", "viewer", "assessor", "outsider")
    }
    project = Project.objects.create(
        company=company,
        title="Lead time of line 2",
        area=company.sites.first().areas.first(),
        sponsor=users["sponsor"].person,
        facilitator=users["owner"].person,
    )
    roles = {
        "owner": Membership.Role.FACILITATOR,
        "teammate": Membership.Role.MEMBER,
        "sponsor": Membership.Role.SPONSOR,
        "viewer": Membership.Role.VIEWER,
        "assessor": Membership.Role.ASSESSOR,
    }
    for name, role in roles.items():
        Membership.objects.create(project=project, user=users[name], role=role)
    users["project"] = project
    return users


@pytest.fixture
def project(cast):
    return cast["project"]


@pytest.fixture
def actions(cast):
    """Two actions: one owned by the teammate (overdue), one by the owner."""
    from obeya.actions.models import Action

    today = dt.date.today()
    mine = Action.objects.create(
        project=cast["project"],
        title="SMED on press brake",
        owner=cast["teammate"].person,
        stage="pilot",
        start_date=today - dt.timedelta(days=10),
        due_date=today - dt.timedelta(days=2),
    )
    theirs = Action.objects.create(
        project=cast["project"],
        title="Map the flow",
        owner=cast["owner"].person,
        stage="diagnose",
        due_date=today + dt.timedelta(days=5),
    )
    return {"teammate": mine, "owner": theirs}


@pytest.fixture
def client_for(client):
    """Log the test client in as one of the cast."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- fixtures added for the web suite (tests/web) -------------------------------------------


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code called outside a request (services, selectors) speaks English in the tests, so their
    messages are compared with the source strings; requests still pick their language from the
    browser or the user's choice (LocaleMiddleware), and tests of the French interface say so.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """The login rate limiter counts failures in the cache: start every test from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_for(db):
    """An API client acting as a user through a fresh personal token (Bearer header)."""
    from django.test import Client

    from obeya.accounts.services import api_token_create

    def make(user):
        _token, raw = api_token_create(user=user, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


@pytest.fixture
def in_language_of():
    """Translate a message into the language a response was rendered in, so text assertions
    hold whatever the catalogues say: in_language_of(response, gettext_lazy("Done"))."""
    from django.utils import translation
    from django.utils.functional import Promise

    def translate(response, message, **params) -> str:
        language = response.headers.get("Content-Language") or translation.get_language()
        with translation.override(language):
            text = str(message) if isinstance(message, Promise) else translation.gettext(message)
            return text % params if params else text

    return translate
