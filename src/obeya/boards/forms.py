"""The TV mode's settings, read from the address so a TV's bookmark keeps them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DEFAULT_REFRESH_S = 60
DEFAULT_ROTATE_S = 0


class TvForm(forms.Form):
    refresh = forms.IntegerField(
        label=_("refresh every (seconds)"),
        min_value=10,
        max_value=3600,
        required=False,
        help_text=_("How often the tiles are read again; paused while the tab is hidden."),
    )
    rotate = forms.IntegerField(
        label=_("next board every (seconds, 0 = stay)"),
        min_value=0,
        max_value=3600,
        required=False,
        help_text=_("Show the project's boards one after the other."),
    )

    def settings(self) -> tuple[int, int]:
        """(refresh_s, rotate_s): the defaults for what is missing or refused."""
        data = self.cleaned_data if self.is_valid() else {}
        refresh = data.get("refresh")
        rotate = data.get("rotate")
        return (
            DEFAULT_REFRESH_S if refresh is None else refresh,
            DEFAULT_ROTATE_S if rotate is None else rotate,
        )
