"""The meetings of a project: kick-offs, stand-ups and reviews, with their minutes.

Actions decided in a meeting point back to it (`Action.meeting`), so the plan says where each
action was decided; docs/meetings.md explains the rules.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    KICKOFF = "kickoff", _("Kick-off")
    STANDUP = "standup", _("Stand-up")
    REVIEW = "review", _("Review")
    INFORMATION = "information", _("Information meeting")
    STEERING = "steering", _("Steering committee")
    WORKSHOP = "workshop", _("Workshop")


class MeetingSeries(models.Model):
    """A rhythm of meetings (a weekly stand-up, a monthly review, or a one-off kick-off).

    Creating it creates its meetings; changing it changes the meetings still to come that
    were not held yet (no attendance, no minutes). Rules in obeya.meetings.rhythm.
    """

    class Recurrence(models.TextChoices):
        ONCE = "once", _("One-off")
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month, same weekday")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="meeting_series",
        verbose_name=_("project"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_series",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDUP)
    title = models.CharField(_("title"), max_length=200)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    first_starts_at = models.DateTimeField(_("first meeting starts at"))
    occurrences = models.PositiveSmallIntegerField(
        _("number of meetings"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    attendees = models.ManyToManyField(
        "organisation.Person",
        blank=True,
        related_name="meeting_series",
        verbose_name=_("usual attendees"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["first_starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.recurrence != self.Recurrence.ONCE and not (self.occurrences or self.ends_on):
            errors["occurrences"] = _(
                "Give the number of meetings or the last date of a recurring series."
            )
        if self.ends_on and self.first_starts_at:
            first_day = timezone.localtime(self.first_starts_at).date()
            if self.ends_on < first_day:
                errors["ends_on"] = _("The last date comes before the first meeting.")
        if self.team_id and self.project_id and self.team.project_id != self.project_id:
            errors["team"] = _("This team belongs to another project.")
        if errors:
            raise ValidationError(errors)


class Meeting(models.Model):
    """One meeting: planned alone or as part of a series, then held, with its attendance
    and minutes."""

    Kind = Kind

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("project"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDUP)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.project_id, self.pk])

    def clean(self) -> None:
        if self.team_id and self.project_id and self.team.project_id != self.project_id:
            raise ValidationError({"team": _("This team belongs to another project.")})

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def has_started_at(self, moment) -> bool:
        return self.starts_at <= moment

    @property
    def has_started(self) -> bool:
        return self.has_started_at(timezone.now())


class Attendance(models.Model):
    """A person expected at a meeting, and whether they came (recorded after the meeting)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=Status.choices, default=Status.INVITED
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    def clean(self) -> None:
        if (
            self.person_id
            and self.meeting_id
            and self.person.company_id != self.meeting.project.company_id
        ):
            raise ValidationError({"person": _("This person belongs to another company.")})
