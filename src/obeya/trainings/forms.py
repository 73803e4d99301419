from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import Person, Skill
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam
from obeya.trainings.models import Attendee, Training

LEVELS_REACHED = [("", "—")] + [
    (value, label) for value, label in Attendee._meta.get_field("proposed_level").choices
]


class TrainingForm(forms.ModelForm):
    """Plan or change a training: its skill, level, trainer, date, place, team and attendees."""

    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Attendees"),
        help_text=_("People of the company registered for the training."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Training
        fields = [
            "title",
            "skill",
            "target_level",
            "team",
            "trainer",
            "external_trainer",
            "starts_on",
            "duration_hours",
            "place",
        ]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = project.company_id
        self.fields["skill"].queryset = Skill.objects.filter(company=company)
        self.fields["trainer"].queryset = Person.objects.filter(company=company)
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)
        self.fields["attendees"].queryset = Person.objects.filter(company=company)
        if self.instance.pk and not self.is_bound:
            self.initial["attendees"] = [a.person_id for a in self.instance.attendees.all()]


class AttendeeForm(forms.ModelForm):
    """One attendee's line: present or not, their score, the trainer's assessment and level."""

    class Meta:
        model = Attendee
        fields = ["attended", "score", "assessment", "proposed_level"]
        widgets = {
            "attended": forms.NullBooleanSelect,
            "assessment": forms.Textarea(attrs={"rows": 2}),
            "score": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"] = forms.NullBooleanField(
            label=_("attended"), required=False, widget=forms.NullBooleanSelect
        )
        self.fields["score"].error_messages.update(
            {
                "min_value": _("Score: give a mark from 1 to 5."),
                "max_value": _("Score: give a mark from 1 to 5."),
                "invalid": _("Score: give a mark from 1 to 5."),
            }
        )


class ValidateForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level validated"),
        choices=LEVELS_REACHED[1:],
        coerce=int,
        error_messages={"invalid_choice": _("Level validated: choose 1, 2 or 3.")},
    )
