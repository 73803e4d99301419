"""Accounts: API tokens and the login rate limiter."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from obeya.accounts.models import ApiToken, EmailPreference, token_digest
from obeya.audit.models import AuditEntry
from obeya.audit.services import audit_record, snapshot

TOKEN_PREFIX = "oby_"  # noqa: S105 (a public prefix, not a secret)


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw secret, which is never stored nor shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API", prefix=raw[:12], digest=token_digest(raw)
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_user(raw: str) -> Any | None:
    """The active user a raw token belongs to, or None; records when it was last used."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- login rate limiting -------------------------------------------------------------------
# Failures are counted per username and per client address in the cache; past the limit,
# further attempts are refused until the window has passed, even with the right password.


def _keys(username: str, address: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:addr:{address}"]


def login_is_locked(username: str, address: str) -> bool:
    limit = settings.OBEYA_LOGIN_MAX_FAILURES
    return any((cache.get(k) or 0) >= limit for k in _keys(username, address))


def login_failed(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, timeout=settings.OBEYA_LOGIN_WINDOW_S)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.OBEYA_LOGIN_WINDOW_S)


def login_succeeded(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])


# --- users ---------------------------------------------------------------------------------

SITE_ADMIN_GROUP = "Site administrators"


def site_admin_group() -> Any:
    """The group of site administrators: they manage the organisation and the users in the
    admin, without seeing projects they are not members of."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=SITE_ADMIN_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=["organisation"]
    ) | Permission.objects.filter(content_type__app_label="auth", content_type__model__in=["user"])
    group.permissions.set(perms)
    return group


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    superuser: bool = False,
    site_admin: bool = False,
) -> Any:
    """Create a user after validating the username and password like the sign-up forms do."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"The username {username!r} is taken.")
    user = User(username=username, email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.is_superuser = user.is_staff = superuser
    if site_admin:
        user.is_staff = True
    user.save()
    if site_admin:
        user.groups.add(site_admin_group())
    return user


# --- e-mail preferences ----------------------------------------------------------------------


@transaction.atomic
def email_preference_set(*, user: Any, action_digest: bool, language: str = "") -> Any:
    """Subscribe a user to the action digest (or not) and choose the language of their e-mails."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": f"Unknown language {language!r}."})
    preference, created = EmailPreference.objects.get_or_create(user=user)
    fields = ("action_digest", "language")
    before = None if created else snapshot(preference, fields)
    preference.action_digest, preference.language = action_digest, language
    preference.save()
    audit_record(
        obj=preference,
        user=user,
        verb=AuditEntry.Verb.CREATE if created else AuditEntry.Verb.UPDATE,
        before=before,
        after=snapshot(preference, fields),
    )
    return preference
