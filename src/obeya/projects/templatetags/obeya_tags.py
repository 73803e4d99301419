"""Template filters that put the roadmap's keys into words."""

from django import template

from obeya.core.roadmap import Stage
from obeya.projects.models import STAGE_LABELS
from obeya.projects.roadmap_labels import CHECK_LABELS, PENDING_LABELS, STATUS_LABELS

register = template.Library()


@register.filter
def stage_label(stage) -> str:
    try:
        return STAGE_LABELS[Stage(stage)]
    except ValueError:
        return ""


@register.filter
def check_label(key: str) -> str:
    return CHECK_LABELS.get(key, key)


@register.filter
def pending_label(key: str) -> str:
    return PENDING_LABELS.get(key, "")


@register.filter
def status_label(status) -> str:
    return STATUS_LABELS.get(str(status), str(status))
