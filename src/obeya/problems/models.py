"""Problems found on a KPI and solved down to a verified root cause (docs/problems.md).

A problem opens from a KPI (a rule of its control chart fires, or the target is missed several
times in a row) or by hand; its analysis (5 whys, Ishikawa), the corrective actions of the plan
and the effectiveness check hang from it, one PDCA cycle after another.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Problem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANALYSING = "analysing", _("Analysing the causes")
        ACTING = "acting", _("Corrective actions under way")
        CHECKING = "checking", _("Checking the effect")
        CLOSED = "closed", _("Closed: effect shown")

    OPEN_STATUSES = (Status.OPEN, Status.ANALYSING, Status.ACTING, Status.CHECKING)

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("project"),
    )
    kpi = models.ForeignKey(
        "kpis.Kpi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("KPI"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("team"),
    )
    title = models.CharField(_("title"), max_length=200)
    deviation = models.TextField(_("deviation measured"))
    where = models.CharField(_("where"), max_length=200, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problems:detail", args=[self.project_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
