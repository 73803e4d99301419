"""Numbers as people write them on a board: 4.1, not 4.100; in the reader's locale."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def figure(value, decimals: int = 3) -> str:
    """Round to `decimals` places and drop the trailing zeros (Django's `floatformat:"-3"`
    writes 4.1 as "4.100"); the decimal separator follows the active language."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(decimals)))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    text = format(number.normalize(), "f")
    return formats.number_format(Decimal(text), use_l10n=True)
