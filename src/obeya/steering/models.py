"""Periodic reviews (bilans) of a project: the facilitator's account of difficulties and
progress, with the figures frozen as they were on the day it was written.

A review is a dated document: once saved it is never changed (a correction is a new review that
says which one it corrects), so a steering committee can compare what was said at each date.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.projects.models import Project


class Review(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    written_on = models.DateField(_("date"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    difficulties = models.TextField(_("difficulties met"))
    progress = models.TextField(_("progress made"))
    next_steps = models.TextField(_("next steps"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects the review"),
    )
    figures = models.JSONField(_("figures on the day"), encoder=DjangoJSONEncoder, default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """A review is a dated document: refuse to change one already saved."""
        if not self._state.adding:
            raise ValidationError(
                _("A review is kept as written: write a new review that corrects it.")
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("steering:review_detail", args=[self.project_id, self.pk])

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.written_on and self.period_start > self.written_on:
            errors["period_start"] = _("The period starts after the review date.")
        if self.corrects_id and self.project_id and self.corrects.project_id != self.project_id:
            errors["corrects"] = _("This belongs to another project.")
        if errors:
            raise ValidationError(errors)
