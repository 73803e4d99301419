"""The e-mail digest: each subscriber's overdue and at-risk actions, in their language.

Sent by `obeya digest` (or `python -m django action_digest`), typically from a daily cron job.
A user subscribes on their profile page (accounts.EmailPreference); the actions listed are
those of the home page's "Your overdue and at-risk actions" (selectors.flagged_actions_for_user:
the actions they own and, in the projects they facilitate, every action), judged by the rules
of obeya.core.risk. Nobody receives an empty digest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from obeya.actions.selectors import flagged_actions_for_user


@dataclass
class DigestReport:
    """What a run did, for the command's output."""

    sent: list[str] = field(default_factory=list)  # usernames e-mailed (or that would be)
    nothing_to_report: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)


def digest_subscribers() -> Any:
    """Active users who asked for the digest."""
    return (
        get_user_model()
        .objects.filter(is_active=True, email_preference__action_digest=True)
        .select_related("email_preference")
        .order_by("username")
    )


def digest_language(user: Any) -> str:
    """The user's language for e-mails, else the site's (settings.LANGUAGE_CODE)."""
    preference = getattr(user, "email_preference", None)
    return (preference.language if preference else "") or settings.LANGUAGE_CODE


def digest_message(
    user: Any, actions: list[Any], *, today: dt.date, base_url: str = ""
) -> EmailMessage:
    """The digest e-mail of one user, rendered in their language."""
    with translation.override(digest_language(user)):
        context = {
            "user": user,
            "actions": actions,
            "today": today,
            "base_url": base_url.rstrip("/"),
            "overdue": [a for a in actions if not a.at_risk],
            "at_risk": [a for a in actions if a.at_risk],
        }
        subject = " ".join(render_to_string("actions/digest_subject.txt", context).split())
        body = render_to_string("actions/digest_email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def digest_send(
    *, today: dt.date | None = None, dry_run: bool = False, base_url: str = ""
) -> DigestReport:
    """E-mail every subscriber with something overdue or at risk; `dry_run` sends nothing."""
    today = today or timezone.localdate()
    base_url = base_url or getattr(settings, "OBEYA_BASE_URL", "")
    report, messages = DigestReport(), []
    for user in digest_subscribers():
        if not user.email:
            report.without_email.append(user.get_username())
            continue
        with translation.override(digest_language(user)):
            actions = flagged_actions_for_user(user, today)
        if not actions:
            report.nothing_to_report.append(user.get_username())
            continue
        messages.append(digest_message(user, actions, today=today, base_url=base_url))
        report.sent.append(user.get_username())
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return report
