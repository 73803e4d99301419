"""Logging in (with its rate limit), passwords, and personal API tokens."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from obeya.accounts.forms import RateLimitedAuthenticationForm
from obeya.accounts.models import ApiToken
from obeya.accounts.services import api_token_create

NEW_PASSWORD = "Flow-and-pull-2026"


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _logged_in_as(client):
    return client.session.get(SESSION_KEY)


# --- login ---------------------------------------------------------------------------------


def test_login_with_the_right_password_opens_the_home_page(client, cast):
    response = _login(client, "owner", "pw-owner")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:home")
    assert _logged_in_as(client) == str(cast["owner"].pk)


def test_login_follows_next(client, cast):
    target = reverse("projects:detail", args=[cast["project"].pk])
    response = client.post(
        reverse("accounts:login"), {"username": "owner", "password": "pw-owner", "next": target}
    )
    assert response["Location"] == target


def test_login_does_not_follow_next_to_another_site(client, cast):
    response = client.post(
        reverse("accounts:login"),
        {"username": "owner", "password": "pw-owner", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("projects:home")


def test_login_with_a_wrong_password_is_refused(client, cast):
    response = _login(client, "owner", "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _logged_in_as(client) is None


def test_login_is_locked_after_too_many_failures_even_with_the_right_password(
    client, cast, in_language_of
):
    for _ in range(settings.OBEYA_LOGIN_MAX_FAILURES):
        assert _login(client, "owner", "wrong").status_code == 200
    response = _login(client, "owner", "pw-owner")
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    (error,) = response.context["form"].errors.as_data()["__all__"]
    assert error.code == "locked"
    message = in_language_of(
        response,
        RateLimitedAuthenticationForm.error_messages["locked"],
        minutes=settings.OBEYA_LOGIN_WINDOW_S // 60,
    )
    assert message.replace("'", "&#x27;") in response.content.decode()


def test_login_is_not_locked_one_failure_before_the_limit(client, cast):
    for _ in range(settings.OBEYA_LOGIN_MAX_FAILURES - 1):
        _login(client, "owner", "wrong")
    assert _login(client, "owner", "pw-owner").status_code == 302


def test_login_lock_counts_failures_per_username_whatever_the_case(client, cast, settings):
    settings.OBEYA_LOGIN_MAX_FAILURES = 2
    _login(client, "OWNER", "wrong")
    _login(client, "Owner", "wrong")
    # Another address, same username: still locked.
    response = client.post(
        reverse("accounts:login"),
        {"username": "owner", "password": "pw-owner"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["__all__"][0].code == "locked"


def test_login_lock_counts_failures_per_address(client, cast, settings):
    settings.OBEYA_LOGIN_MAX_FAILURES = 2
    _login(client, "nobody-1", "wrong")
    _login(client, "nobody-2", "wrong")
    response = _login(client, "owner", "pw-owner")
    assert response.context["form"].errors.as_data()["__all__"][0].code == "locked"
    other_address = client.post(
        reverse("accounts:login"),
        {"username": "owner", "password": "pw-owner"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other_address.status_code == 302


def test_logout_ends_the_session(client_for, cast):
    client = client_for(cast["owner"])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert _logged_in_as(client) is None


# --- passwords -----------------------------------------------------------------------------


def test_password_change(client_for, cast):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pw-owner",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert _logged_in_as(client) == str(cast["owner"].pk)  # still logged in
    cast["owner"].refresh_from_db()
    assert cast["owner"].check_password(NEW_PASSWORD)


def test_password_change_needs_the_old_password(client_for, cast):
    response = client_for(cast["owner"]).post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    cast["owner"].refresh_from_db()
    assert cast["owner"].check_password("pw-owner")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, cast):
    user = cast["teammate"]
    user.email = "teammate@acme.example"
    user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "teammate" in message.body
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    assert client.get(link, follow=True).context["validlink"] is False  # used once
    assert _login(client, "teammate", NEW_PASSWORD).status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- API tokens ----------------------------------------------------------------------------


def test_profile_creates_a_token_shown_once_and_lists_it(client_for, api_for, cast):
    client = client_for(cast["owner"])
    response = client.post(reverse("accounts:profile"), {"name": "MES export script"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("oby_")
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=cast["owner"])
    assert token.name == "MES export script"
    assert token.digest != raw and raw not in token.digest

    again = client.get(reverse("accounts:profile"))
    html = again.content.decode()
    assert raw not in html
    assert "MES export script" in html
    assert token.prefix in html

    api = client.__class__(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/projects/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_profile_lists_only_the_users_own_tokens(client_for, cast):
    api_token_create(user=cast["sponsor"], name="Sponsor's dashboard")
    response = client_for(cast["owner"]).get(reverse("accounts:profile"))
    assert list(response.context["tokens"]) == []
    assert "Sponsor&#x27;s dashboard" not in response.content.decode()


def test_revoking_a_token_stops_it(client_for, cast):
    token, raw = api_token_create(user=cast["owner"], name="script")
    client = client_for(cast["owner"])
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = client.__class__(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/projects/").status_code == 401


def test_revoking_someone_elses_token_is_404(client_for, cast):
    token, raw = api_token_create(user=cast["sponsor"], name="dashboard")
    response = client_for(cast["owner"]).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(client_for, cast):
    token, _raw = api_token_create(user=cast["owner"], name="script")
    response = client_for(cast["owner"]).get(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["", "   "])
def test_a_token_needs_a_name(client_for, cast, name):
    response = client_for(cast["owner"]).post(reverse("accounts:profile"), {"name": name})
    assert response.context["new_token"] is None
    assert not ApiToken.objects.exists()
