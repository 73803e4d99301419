from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from obeya.accounts import services


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request else ""


class RateLimitedAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing attempts once too many have failed recently."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts. Wait %(minutes)s minutes before trying again."),
    }

    def clean(self):
        from django.conf import settings

        username = self.data.get("username", "")
        address = client_address(self.request)
        if services.login_is_locked(username, address):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": max(1, settings.OBEYA_LOGIN_WINDOW_S // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_failed(username, address)
            raise
        services.login_succeeded(username, address)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'MES export script'."),
    )


class EmailPreferenceForm(forms.Form):
    action_digest = forms.BooleanField(
        label=_("E-mail me my overdue and at-risk actions"),
        required=False,
        help_text=_("Only on days when something is overdue or at risk."),
    )
    language = forms.ChoiceField(label=_("Language of e-mails"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The site's language")), *settings.LANGUAGES]
