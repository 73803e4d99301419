from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.actions.models import Action
from obeya.organisation.models import Person
from obeya.projects.forms import DateInput
from obeya.projects.models import STAGE_CHOICES, Project

EDITABLE_FIELDS = (
    "title",
    "description",
    "stage",
    "owner",
    "start_date",
    "due_date",
    "status",
    "progress",
)


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = EDITABLE_FIELDS
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["owner"].queryset = Person.objects.filter(company=project.company_id)


class ActionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Action.Status.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *STAGE_CHOICES]
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Person.objects.none(), empty_label=_("Everyone")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(
            company=project.company_id, actions__project=project
        ).distinct()
