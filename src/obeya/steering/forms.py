from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.projects.models import Project
from obeya.steering.models import Review
from obeya.steering.selectors import DEFAULT_WEEKS, MAX_WEEKS


class ReportForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Next steps over (weeks)"),
        min_value=0,
        max_value=MAX_WEEKS,
        initial=DEFAULT_WEEKS,
        required=False,
    )

    def weeks_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data.get("weeks") is not None:
            return self.cleaned_data["weeks"]
        return DEFAULT_WEEKS


class ReviewForm(forms.Form):
    """A review's text; the service dates it and freezes the figures of the day."""

    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(
        label=_("Period from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    difficulties = forms.CharField(
        label=_("Difficulties met"), widget=forms.Textarea(attrs={"rows": 5})
    )
    progress = forms.CharField(label=_("Progress made"), widget=forms.Textarea(attrs={"rows": 5}))
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    corrects = forms.ModelChoiceField(
        label=_("Corrects the review"),
        queryset=Review.objects.none(),
        required=False,
        help_text=_("A review is never changed: to correct one, write a new review."),
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = Review.objects.filter(project=project)
