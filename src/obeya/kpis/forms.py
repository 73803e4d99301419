from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.kpis.models import Kpi, KpiPhase, Measurement
from obeya.organisation.models import Person
from obeya.projects.forms import DateInput
from obeya.projects.models import Project

KPI_FORM_FIELDS = (
    "name",
    "definition",
    "purpose",
    "formula",
    "unit",
    "data_source",
    "owner",
    "direction",
    "target",
    "alert_threshold",
    "frequency",
    "frequency_reason",
    "data_type",
    "subgroup_size",
    "chart",
    "rule_set",
    "decision_date",
    "baseline_points",
    "lsl",
    "usl",
    "shared_with_area",
)


class KpiForm(forms.ModelForm):
    class Meta:
        model = Kpi
        fields = KPI_FORM_FIELDS
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "frequency_reason": forms.Textarea(attrs={"rows": 2}),
            "decision_date": DateInput(),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["owner"].queryset = Person.objects.filter(company=project.company_id)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ("measured_at", "value", "subgroup", "sample_size", "comment")
        widgets = {"measured_at": DateTimeInput()}

    def __init__(self, *args, kpi: Kpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kpi = kpi
        self.fields["measured_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if kpi.data_type != Kpi.DataType.SUBGROUPS:
            del self.fields["subgroup"]
        if kpi.data_type not in (Kpi.DataType.PROPORTION, Kpi.DataType.DEFECTS_PER_UNIT):
            del self.fields["sample_size"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns: time, value, and as the KPI needs: subgroup, sample_size, comment."),
    )


class PhaseForm(forms.ModelForm):
    class Meta:
        model = KpiPhase
        fields = ("starts_at", "name", "reason")
        widgets = {"starts_at": DateTimeInput(), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, kpi: Kpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kpi = kpi
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
