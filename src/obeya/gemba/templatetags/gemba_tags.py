"""Template filters for figures of the diagnosis: durations, shares, waste badges."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration_s(seconds) -> str:
    """Seconds as a reader counts them: "40 s", "45 min", "3 h 20 min", "22.5 h"."""
    if seconds is None or seconds == "":
        return ""
    seconds = float(seconds)
    if round(seconds, 1) < 60:
        return _("%(n)s s") % {"n": figure(seconds, 1)}
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(n)s min") % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if hours >= 10 or rest == 0:
        return _("%(n)s h") % {"n": figure(seconds / 3600, 1)}
    return _("%(h)s h %(m)s min") % {"h": hours, "m": rest}


@register.filter
def share_pct(fraction, decimals: int = 1) -> str:
    """A fraction (0..1) as a percentage: 0.2706 -> "27.1 %"."""
    if fraction is None or fraction == "":
        return ""
    return f"{number_format(round(float(fraction) * 100, decimals), decimal_pos=decimals)} %"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def figure(value, decimals: int = 2) -> str:
    """A measured figure: at most `decimals` decimals, trailing zeros dropped, localised
    (2.50 -> "2.5", 23.0 -> "23", 1234.5 -> "1,234.5")."""
    if value is None or value == "":
        return ""
    rounded = round(float(value), int(decimals)) + 0.0
    if rounded.is_integer():
        return number_format(int(rounded), force_grouping=True)
    return number_format(rounded, force_grouping=True)
