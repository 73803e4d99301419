"""Value stream maps of a project, kept as the YAML text users can also keep under version
control (docs/vsm.md); metrics and drawings are computed from it by obeya.core.vsm."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.projects.models import Project


class ValueStream(models.Model):
    class State(models.TextChoices):
        CURRENT = "current", _("Current state")
        FUTURE = "future", _("Future state")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="value_streams", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.CURRENT
    )
    current_state = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="future_states",
        verbose_name=_("current state it improves"),
    )
    source = models.TextField(
        _("value stream (YAML)"), help_text=_("The value stream in the text format of docs/vsm.md.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("value stream")
        verbose_name_plural = _("value streams")
        ordering = ["state", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("valuestreams:detail", args=[self.project_id, self.pk])
