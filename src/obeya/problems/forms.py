from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.kpis.selectors import visible_kpis
from obeya.organisation.models import Person
from obeya.problems.models import Cause, Problem, Why
from obeya.projects.forms import DateInput
from obeya.teams.models import ImprovementTeam


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ("title", "deviation", "where", "since", "kpi", "team", "check_from")
        widgets = {
            "deviation": forms.Textarea(attrs={"rows": 3}),
            "since": DateInput(),
            "check_from": DateInput(),
        }
        help_texts = {
            "deviation": _("In figures: the value measured, the limit or target, the date."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["kpi"].queryset = visible_kpis(project)
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Problem.Status.choices)


class WhyForm(forms.ModelForm):
    class Meta:
        model = Why
        fields = ("text", "parent", "is_root_cause", "verification", "evidence")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("Why?")}

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.problem = problem
        parents = problem.whys.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— the deviation itself —")


class CauseForm(forms.ModelForm):
    class Meta:
        model = Cause
        fields = ("category", "text", "verification", "evidence")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.problem = problem


class CorrectiveActionForm(forms.Form):
    cause = forms.ModelChoiceField(label=_("Root cause treated"), queryset=Why.objects.none())
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    side_effects = forms.CharField(
        label=_("Could degrade"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which other parts of the value chain this action could degrade."),
    )
    watch = forms.CharField(
        label=_("How it is watched"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The indicator, check or person that would see the degradation."),
    )

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = problem.whys.filter(is_root_cause=True)
        self.fields["owner"].queryset = Person.objects.filter(company=problem.project.company_id)


class CheckForm(forms.Form):
    check_from = forms.DateField(
        label=_("Compare before and after"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Empty: the date kept on the problem, else the start of the KPI's latest phase."
        ),
    )


class LessonsForm(forms.Form):
    lessons = forms.CharField(
        label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
