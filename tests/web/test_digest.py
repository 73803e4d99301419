"""The e-mail digest of overdue and at-risk actions: who subscribes, what it lists, in which
language, that nobody gets an empty one, and `obeya digest` / `action_digest`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from obeya.accounts.models import EmailPreference
from obeya.accounts.services import email_preference_set
from obeya.actions.digest import digest_send
from obeya.actions.models import Action

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def subscribed(cast, actions):
    """The teammate (owning the overdue SMED action) and the facilitator subscribe; the
    facilitator also has a behind-schedule action."""
    for name in ("teammate", "owner"):
        cast[name].email = f"{name}@example.com"
        cast[name].save()
    email_preference_set(user=cast["teammate"], action_digest=True, language="en")
    email_preference_set(user=cast["owner"], action_digest=True, language="fr")
    Action.objects.create(
        project=cast["project"],
        title="Train operators on SMED",
        owner=cast["owner"].person,
        start_date=TODAY - dt.timedelta(days=10),
        due_date=TODAY + dt.timedelta(days=2),
        progress=10,
    )
    return cast


def _mail_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def test_digest_lists_the_subscribers_overdue_actions_in_english(subscribed):
    report = digest_send(base_url="https://obeya.example.com")
    assert sorted(report.sent) == ["owner", "teammate"]
    message = _mail_to("teammate@example.com")
    assert message.subject == "Obeya: 1 action needs your attention"
    assert "SMED on press brake" in message.body
    assert "Overdue by 2 days" in message.body
    assert "Train operators on SMED" not in message.body  # not theirs, not their project's plan
    action = Action.objects.get(title="SMED on press brake")
    assert f"https://obeya.example.com{action.get_absolute_url()}" in message.body


def test_facilitator_digest_covers_their_project_in_french(subscribed):
    """The facilitator gets every flagged action of the plan they facilitate, rendered in
    French: the date in Django's French format; our own wording as the French catalogue has
    it (compared through gettext, so the test holds before the lead translates it)."""
    digest_send()
    message = _mail_to("owner@example.com")
    assert "SMED on press brake" in message.body  # the teammate's, overdue
    assert "Train operators on SMED" in message.body  # their own, behind schedule
    with translation.override("fr"):
        assert date_format(TODAY, "DATE_FORMAT") in message.body
        assert translation.gettext("At risk") in message.body
        assert (
            translation.ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", 2)
            % {"days": 2}
            in message.body
        )
    with translation.override("en"):
        english_date = date_format(TODAY, "DATE_FORMAT")
    assert english_date not in message.body


def test_language_defaults_to_the_sites(subscribed, settings):
    email_preference_set(user=subscribed["teammate"], action_digest=True, language="")
    settings.LANGUAGE_CODE = "en"
    digest_send()
    assert "Overdue by 2 days" in _mail_to("teammate@example.com").body


def test_nobody_gets_an_empty_digest(subscribed):
    Action.objects.filter(project=subscribed["project"]).update(status=Action.Status.DONE)
    report = digest_send()
    assert mail.outbox == []
    assert sorted(report.nothing_to_report) == ["owner", "teammate"]


def test_unsubscribed_users_and_users_without_address_get_nothing(subscribed):
    email_preference_set(user=subscribed["owner"], action_digest=False)
    subscribed["teammate"].email = ""
    subscribed["teammate"].save()
    report = digest_send()
    assert mail.outbox == []
    assert report.without_email == ["teammate"]
    assert report.sent == []


def test_digest_never_lists_actions_of_projects_the_user_left(subscribed):
    from obeya.projects.models import Membership

    Membership.objects.filter(user=subscribed["teammate"]).delete()
    digest_send()
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


def test_dry_run_sends_nothing_and_says_who_would_get_one(subscribed, capsys):
    call_command("action_digest", "--dry-run")
    assert mail.outbox == []
    assert "2 digest(s) would be sent: owner, teammate" in capsys.readouterr().out


def test_management_command_sends(subscribed, capsys):
    call_command("action_digest")
    assert len(mail.outbox) == 2
    assert "2 digest(s) sent" in capsys.readouterr().out


def test_obeya_digest_cli_is_documented_and_runs(subscribed, capsys):
    from obeya.cli import cmd_digest

    class Args:
        dry_run = True
        base_url = ""

    assert cmd_digest(Args()) == 0
    assert "would be sent" in capsys.readouterr().out
    assert mail.outbox == []


# --- the preference on the profile page -------------------------------------------------------


def test_user_subscribes_on_their_profile(client_for, cast):
    client = client_for(cast["viewer"])
    assert "email_form" in client.get(reverse("accounts:profile")).context
    response = client.post(
        reverse("accounts:email_preference"), {"action_digest": "on", "language": "en"}
    )
    assert response.status_code == 302
    preference = EmailPreference.objects.get(user=cast["viewer"])
    assert (preference.action_digest, preference.language) == (True, "en")
    form = client.get(reverse("accounts:profile")).context["email_form"]
    assert form.initial == {"action_digest": True, "language": "en"}


def test_unknown_language_is_refused_naming_the_field(client_for, cast):
    client = client_for(cast["viewer"])
    response = client.post(
        reverse("accounts:email_preference"),
        {"action_digest": "on", "language": "xx"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert any("Language of e-mails" in str(m) for m in response.context["messages"])
    assert not EmailPreference.objects.filter(user=cast["viewer"]).exists()


def test_preference_change_is_audited(cast):
    from obeya.audit.models import AuditEntry

    email_preference_set(user=cast["viewer"], action_digest=True)
    email_preference_set(user=cast["viewer"], action_digest=False)
    assert AuditEntry.objects.filter(object_repr="viewer").count() == 2


def test_anonymous_user_cannot_set_preferences(client, db):
    response = client.post(reverse("accounts:email_preference"), {"action_digest": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not EmailPreference.objects.exists()
