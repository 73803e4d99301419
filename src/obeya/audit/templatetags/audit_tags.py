"""Put the audit trail's field names into the user's language."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def audit_field_label(entry, field: str) -> str:
    """The verbose name of a changed field; membership changes read "member <username>"."""
    if field.startswith("member:"):
        return _("member %(username)s") % {"username": field.split(":", 1)[1]}
    model = entry.content_type.model_class()
    try:
        found = model._meta.get_field(field) if model else None
    except FieldDoesNotExist:
        return field
    # A reverse relation (e.g. a decision's options) has no verbose name: use its model's.
    if found is None:
        return field
    name = getattr(found, "verbose_name", None) or found.related_model._meta.verbose_name_plural
    return str(name)
