from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.diagnosis.services import CRITERION_FIELDS
from obeya.gemba.models import Observation
from obeya.projects.models import Project


class CriterionForm(forms.ModelForm):
    class Meta:
        model = GridCriterion
        fields = CRITERION_FIELDS
        widgets = {
            "current_value": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "reference_value": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "current_value": _("Leave empty until measured."),
            "reference_value": _("The target, benchmark or past value it is compared with."),
            "weight": _("How much the line counts in the overall score."),
            "source": _("Where the figure comes from: ERP extract, field count, survey..."),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project


class ObservationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Observation) -> str:
        waste = f" [{obj.get_waste_display()}]" if obj.waste else ""
        return f"{obj.observed_on:%Y-%m-%d}{waste} {Truncator(obj.description).chars(110)}"


class CriterionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GridCriterion) -> str:
        return f"{obj.name} ({obj.get_category_display()})"


class SwotItemForm(forms.ModelForm):
    """A SWOT item and the facts behind it, chosen among this project's only."""

    observations = ObservationChoices(
        label=_("Observations behind it"),
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = CriterionChoices(
        label=_("Grid lines behind it"),
        queryset=GridCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SwotItem
        fields = ("kind", "text", "observations", "criteria")
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["observations"].queryset = Observation.objects.filter(project=project).order_by(
            "-observed_on", "-pk"
        )
        self.fields["criteria"].queryset = GridCriterion.objects.filter(project=project)
