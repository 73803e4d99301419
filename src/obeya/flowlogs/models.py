"""Event logs exported from an ERP or MES, their column mapping and their flow analysis."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.projects.models import Project


class EventLog(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, columns to map")
        IMPORTING = "importing", _("Importing")
        READY = "ready", _("Analysed")
        FAILED = "failed", _("Failed")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="event_logs", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    upload = models.FileField(_("file"), upload_to="eventlogs/%Y/%m/")
    file_format = models.CharField(_("format"), max_length=10)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    errors = models.JSONField(_("errors"), default=list, blank=True)
    events = models.PositiveIntegerField(_("events"), default=0)
    cases = models.PositiveIntegerField(_("cases"), default=0)
    table = models.CharField(_("imported table (Parquet)"), max_length=300, blank=True)
    analysis = models.JSONField(_("flow analysis"), default=dict, blank=True)
    job = models.ForeignKey(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import task"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event log")
        verbose_name_plural = _("event logs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("flowlogs:detail", args=[self.project_id, self.pk])
