from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.accounts import services
from obeya.accounts.forms import ApiTokenForm, EmailPreferenceForm, RateLimitedAuthenticationForm
from obeya.accounts.models import ApiToken, EmailPreference


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = RateLimitedAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been set. You can log in."))
        return super().form_valid(form)


@login_required
def profile(request):
    """The user's profile: their person record, password, personal API tokens."""
    form = ApiTokenForm()
    new_token = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, new_token = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    preference = EmailPreference.objects.filter(user=request.user).first()
    email_form = EmailPreferenceForm(
        initial={
            "action_digest": preference.action_digest if preference else False,
            "language": preference.language if preference else "",
        }
    )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "email_form": email_form},
    )


@login_required
@require_POST
def email_preference(request):
    """The user's choice of the action digest and of the language of their e-mails."""
    form = EmailPreferenceForm(request.POST)
    if form.is_valid():
        services.email_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:profile")
