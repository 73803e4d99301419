from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obeya.actions.models import Action
from obeya.decisions.models import Axis
from obeya.obstacles.models import Obstacle, StakeholderAssessment
from obeya.obstacles.services import OBSTACLE_FIELDS
from obeya.organisation.models import Person
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ObstacleForm(forms.ModelForm):
    """An obstacle, what it blocks and who is concerned, chosen within the project only."""

    class Meta:
        model = Obstacle
        fields = (*OBSTACLE_FIELDS, "actions", "people")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "response_detail": forms.Textarea(attrs={"rows": 3}),
            "raised_on": DATE,
            "treated_on": DATE,
            "resolved_on": DATE,
            "actions": forms.CheckboxSelectMultiple,
            "people": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "treated_on": _("Set on the day the status becomes “being treated” if left empty."),
            "resolved_on": _("Set on the day the status becomes “resolved” if left empty."),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["axis"].queryset = Axis.objects.filter(project=project)
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)
        self.fields["actions"].queryset = Action.objects.filter(project=project)
        self.fields["people"].queryset = Person.objects.filter(company=project.company_id)
        self.fields["response_owner"].queryset = Person.objects.filter(company=project.company_id)
        if not self.instance.pk:
            self.fields["raised_on"].initial = timezone.localdate()


class ObstacleFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + Obstacle.Kind.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + Obstacle.Status.choices, required=False
    )
    resistance = forms.ChoiceField(
        label=_("Resistance to change"),
        choices=[("", _("All")), ("yes", _("Resistance only")), ("no", _("Other obstacles"))],
        required=False,
    )


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    influence = forms.TypedChoiceField(
        label=_("Influence"), choices=StakeholderAssessment.Influence.choices, coerce=int
    )
    attitude = forms.TypedChoiceField(
        label=_("Attitude to the change"),
        choices=StakeholderAssessment.Attitude.choices,
        coerce=int,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()


class StakeholderForm(AssessmentForm):
    """A person of the company or a named group, with the first assessment."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), required=False
    )
    group = forms.CharField(
        label=_("or group"),
        max_length=200,
        required=False,
        help_text=_("A team, shift or department when no single person stands for it."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    field_order = ["person", "group", "notes", "assessed_on", "influence", "attitude", "comment"]

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(company=project.company_id)
