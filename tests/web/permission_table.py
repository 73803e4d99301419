"""The permission table of the web tests: one row per page or API endpoint of an area, and the
three tests every area runs over its rows.

Each test file states its own rows, its `world` fixture (the cast and the objects the URLs point
at) and a snapshot of what a request could change; how a row is requested, and what an
anonymous visitor, an outsider and each role must get, is the same everywhere (docs/roles.md),
so it is written once here:

    test_outsider_gets_404_on_every_levers_page = outsider_gets_404(PAGES, _state)

The three builders return a parametrized test function; pytest collects it under the name it is
given in the test module, with the ids `<row label>` or `<row label>-<role>`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import pytest
from django.urls import reverse

from obeya.audit.models import AuditEntry

MEMBERS = ("owner", "teammate", "sponsor", "viewer", "assessor")

# Who may: the roles that get a row's success status (owner = the facilitator, teammate = a team
# member); the other members get the row's `denied` status.
EVERYONE = frozenset(MEMBERS)
FACILITATORS = frozenset({"owner"})
CONTRIBUTORS = frozenset({"owner", "teammate"})
AUTHORS = CONTRIBUTORS  # on what the teammate owns: the facilitator and the teammate
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Endpoint:
    """One request of the table and who may make it.

    `writes` says whether a success must leave an audit entry; left to None, every request but
    a GET does. `api` rows are sent with a personal token and a JSON body.
    """

    label: str
    method: str  # get, post, patch or delete
    url: Callable[[dict], str]
    ok: int
    who: frozenset[str] = EVERYONE
    data: Callable[[dict], dict] = field(default=lambda w: {})
    htmx: bool = False
    api: bool = False
    writes: bool | None = None
    denied: int = 403  # 404 where the object itself is hidden from the others (a job)

    def may(self, role: str) -> bool:
        return role in self.who

    def expected(self, role: str) -> int:
        return self.ok if self.may(role) else self.denied

    @property
    def audited(self) -> bool:
        return self.method != "get" if self.writes is None else self.writes


ApiEndpoint = partial(Endpoint, api=True)


def call(client, endpoint: Endpoint, w: dict):
    """Send the row's request with `client`, as the browser (form, HTMX) or an API client would."""
    url = endpoint.url(w)
    send = getattr(client, endpoint.method)
    headers = {"HX-Request": "true"} if endpoint.htmx else {}
    if endpoint.method in ("get", "delete"):
        return send(url, headers=headers)
    if endpoint.api:
        return send(url, endpoint.data(w), content_type="application/json", headers=headers)
    return send(url, endpoint.data(w), headers=headers)


def _label(endpoint: Endpoint) -> str:
    return endpoint.label


def anonymous_sent_to_login(
    endpoints: Sequence[Endpoint], state: Callable[[], object], *, with_next: bool = False
) -> Callable:
    """An anonymous visitor is redirected to the login page (`?next=` the page when
    `with_next`) and changes nothing."""
    login = reverse("accounts:login") + ("?next=" if with_next else "")

    @pytest.mark.parametrize("endpoint", endpoints, ids=_label)
    def test(client, world, endpoint):
        before = state()
        response = call(client, endpoint, world)
        assert response.status_code == 302
        assert response["Location"].startswith(login)
        assert state() == before

    return test


def outsider_gets_404(endpoints: Sequence[Endpoint], state: Callable[[], object]) -> Callable:
    """A user without a role in the project gets 404 on every row and changes nothing."""

    @pytest.mark.parametrize("endpoint", endpoints, ids=_label)
    def test(client_for, api_for, world, endpoint):
        outsider = world["outsider"]
        client = api_for(outsider) if endpoint.api else client_for(outsider)
        before = state()
        assert call(client, endpoint, world).status_code == 404
        assert state() == before

    return test


def each_role_gets_what_it_may(
    endpoints: Sequence[Endpoint],
    state: Callable[[], object],
    *,
    reads_change_nothing: bool = False,
    redirect_is_not_login: bool = False,
) -> Callable:
    """Each member gets the row's status for their role; a refused request changes nothing and
    an allowed write leaves an audit entry. `reads_change_nothing` also checks that an allowed
    request that writes nothing leaves the snapshot as it was; `redirect_is_not_login` that an
    allowed redirect does not lead to the login page."""

    @pytest.mark.parametrize("role", MEMBERS)
    @pytest.mark.parametrize("endpoint", endpoints, ids=_label)
    def test(client_for, api_for, world, endpoint, role):
        client = api_for(world[role]) if endpoint.api else client_for(world[role])
        before, audit_entries = state(), AuditEntry.objects.count()
        response = call(client, endpoint, world)
        expected = endpoint.expected(role)
        assert response.status_code == expected, response.content[:800]
        if redirect_is_not_login and expected == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))
        if not endpoint.may(role):
            assert state() == before, "a refused request changed something"
        elif endpoint.audited:
            assert AuditEntry.objects.count() > audit_entries, "a change left no audit entry"
        elif reads_change_nothing:
            assert state() == before, "a read changed something"

    return test
