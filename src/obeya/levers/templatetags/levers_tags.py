"""Formatting of the economics of a lever: euros, percentages, months, in the user's locale."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def eur(value, decimals: int = 0) -> str:
    """12345.6 -> "12,346 €" (grouped in the locale's way); "—" for nothing."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value), int(decimals), force_grouping=True)} €"


@register.filter
def pct(fraction, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.253 -> "25.3 %"."""
    if fraction is None:
        return "—"
    return f"{number_format(float(fraction) * 100, int(decimals))} %"


@register.filter
def number(value, decimals: int = 1) -> str:
    if value is None:
        return "—"
    return number_format(float(value), int(decimals), force_grouping=True)
