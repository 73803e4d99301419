from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.gemba.models import Observation, Waste
from obeya.organisation.models import Area, Person
from obeya.projects.forms import DateInput
from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream

EDITABLE_FIELDS = (
    "observed_on",
    "observer",
    "method",
    "area",
    "step",
    "value_stream",
    "description",
    "waste",
    "impact_time_s",
    "impact_quantity",
    "impact_eur",
)
QUICK_FIELDS = ("description", "waste", "area", "step", "impact_time_s", "impact_eur")
IMPACT_HELP = _("Use one basis for every observation of the project (per week, say).")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; the services check that each one is an image."""

    def __init__(self, *, capture: bool = False, **kwargs):
        attrs = {"accept": "image/*"}
        if capture:
            attrs["capture"] = "environment"
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(f, initial) for f in files if f]


class _ObservationFormBase(forms.ModelForm):
    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        if "area" in self.fields:
            self.fields["area"].queryset = Area.objects.filter(
                site__company=project.company_id
            ).select_related("site")
        if "observer" in self.fields:
            self.fields["observer"].queryset = Person.objects.filter(company=project.company_id)
        if "value_stream" in self.fields:
            self.fields["value_stream"].queryset = ValueStream.objects.filter(project=project)
        self.fields["step"].widget.attrs.update({"list": "step-names", "autocomplete": "off"})
        for name in ("impact_time_s", "impact_eur"):
            self.fields[name].help_text = IMPACT_HELP
        self.fields["impact_time_s"].widget.attrs.update({"min": 0, "step": "any"})


class ObservationForm(_ObservationFormBase):
    photos = PhotosField(help_text=_("JPEG, PNG, WebP...; at most 15 MB each."))

    class Meta:
        model = Observation
        fields = EDITABLE_FIELDS
        widgets = {
            "observed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class QuickObservationForm(_ObservationFormBase):
    """The phone form: what was seen, the waste, where, a photo; the date is today and the
    observer is the user."""

    photos = PhotosField(capture=True, label=_("Take photos"))

    class Meta:
        model = Observation
        fields = QUICK_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "autofocus": True}),
            "waste": forms.RadioSelect(),
            "impact_time_s": forms.NumberInput(attrs={"inputmode": "decimal"}),
            "impact_eur": forms.NumberInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waste"].choices = [("", _("Not sure yet")), *Waste.choices]
        self.fields["description"].widget.attrs["placeholder"] = _(
            "What did you see? Facts, not opinions."
        )
        for name in ("impact_time_s", "impact_eur"):
            self.fields[name].help_text = ""


class PhotoForm(forms.Form):
    """One more photo for an observation; the services read it with Pillow and name the file
    in their message when it is not an image."""

    image = forms.FileField(label=_("Photo"), widget=forms.FileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class ObservationFilterForm(forms.Form):
    waste = forms.ChoiceField(
        label=_("Waste"), required=False, choices=[("", _("All wastes")), *Waste.choices]
    )
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[("", _("All methods")), *Observation.Method.choices],
    )
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("All areas")
    )
    step = forms.ChoiceField(label=_("Process step"), required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Area.objects.filter(observations__project=project).select_related("site").distinct()
        )
        steps = (
            project.observations.exclude(step="")
            .order_by("step")
            .values_list("step", flat=True)
            .distinct()
        )
        self.fields["step"].choices = [("", _("All steps")), *((s, s) for s in steps)]
