"""Template filters of the flow analysis: durations in days, and the reasons of bad rows."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

# The reasons `obeya.core.eventlog` gives for a bad row (docs/flow.md, "Bad rows").
REASONS = {
    "empty case id": gettext_lazy("empty case id"),
    "empty activity": gettext_lazy("empty activity"),
    "missing completion timestamp": gettext_lazy("missing completion timestamp"),
    "unparseable timestamp": gettext_lazy("unparseable timestamp"),
    "start after completion": gettext_lazy("start after completion"),
    "not a number": gettext_lazy("not a number"),
    "unexpected error": gettext_lazy(
        "the import stopped on an unexpected error; the administrator can read the details in "
        "the background task"
    ),
}


def _number(value: float, decimals: int) -> str:
    rounded = round(value, decimals) + 0.0
    if rounded.is_integer():
        return number_format(int(rounded), force_grouping=True)
    return number_format(rounded, force_grouping=True)


@register.filter
def flow_duration(seconds) -> str:
    """Seconds as a flow is read: "40 s", "12 min", "5.5 h", "3.2 d" (days from 24 hours)."""
    if seconds is None or seconds == "":
        return "–"
    seconds = float(seconds)
    if abs(seconds) < 59.5:
        return _("%(n)s s") % {"n": _number(seconds, 0 if abs(seconds) >= 10 else 1)}
    if abs(seconds) < 3570:
        return _("%(n)s min") % {"n": _number(seconds / 60, 0)}
    if abs(seconds) < 86_400 - 180:
        hours = seconds / 3600
        return _("%(n)s h") % {"n": _number(hours, 0 if abs(hours) >= 10 else 1)}
    days = seconds / 86_400
    return _("%(n)s d") % {"n": _number(days, 0 if abs(days) >= 100 else 1)}


@register.filter
def row_reason(reason: str) -> str:
    """A bad row's reason in the reader's language (as written by the reader otherwise)."""
    text = str(reason or "")
    if text in REASONS:
        return str(REASONS[text])
    if text.startswith("malformed XML: "):
        return _("malformed XML: %(detail)s") % {"detail": text.removeprefix("malformed XML: ")}
    if text.startswith("no column named "):
        return _("no column named %(c)s") % {"c": text.removeprefix("no column named ")}
    return text


@register.filter
def number(value, decimals: int = 1) -> str:
    """A figure with at most `decimals` decimals, localised (trailing zeros dropped)."""
    if value is None or value == "":
        return "–"
    return _number(float(value), int(decimals))
