from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from obeya.core.finance import GainAssumptions
from obeya.gemba.models import Observation
from obeya.levers.catalogue import Category
from obeya.levers.models import CandidateLever, Lever
from obeya.levers.selectors import levers_for_company
from obeya.levers.services import CANDIDATE_FIELDS, LEVER_FIELDS
from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream

NUMBER = {"step": "any", "inputmode": "decimal"}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + list(Category.CHOICES)
    )


class LeverForm(forms.ModelForm):
    """A company's own lever."""

    class Meta:
        model = Lever
        fields = LEVER_FIELDS
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in LEVER_FIELDS[3:]}
        help_texts = {"code": _("A short identifier: letters, digits, hyphens (e.g. milk-run).")}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.company = company


class LeverChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Lever) -> str:
        return str(obj.texts.name)


class ObservationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Observation) -> str:
        return f"{obj.observed_on:%Y-%m-%d} {Truncator(obj.description).chars(110)}"


class CandidateForm(forms.ModelForm):
    """A candidate action, with choices limited to the project's axes, maps and observations."""

    lever = LeverChoice(label=_("Lever"), queryset=Lever.objects.none(), required=False)
    observations = ObservationChoices(
        label=_("Observations behind it"),
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CandidateLever
        fields = (*CANDIDATE_FIELDS, "observations")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "facts": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 2}),
            "culture_comment": forms.Textarea(attrs={"rows": 2}),
            "gain_eur_per_year": forms.NumberInput(attrs=NUMBER),
            "gain_kpi": forms.NumberInput(attrs=NUMBER),
            "investment_eur": forms.NumberInput(attrs=NUMBER),
            "running_cost_eur_per_year": forms.NumberInput(attrs=NUMBER),
            "discount_rate_pct": forms.NumberInput(attrs=NUMBER),
        }
        help_texts = {
            "impact": _("Your estimate of the effect on the axis: 1 small, 5 decisive."),
            "effort": _("Time, money and people it takes: 1 light, 5 heavy."),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["lever"].queryset = levers_for_company(project.company_id)
        self.fields["axis"].queryset = project.axes.order_by("priority", "pk")
        self.fields["value_stream"].queryset = ValueStream.objects.filter(
            project=project, state=ValueStream.State.FUTURE
        )
        self.fields["observations"].queryset = Observation.objects.filter(project=project).order_by(
            "-observed_on", "-pk"
        )


class DecisionForm(forms.Form):
    """The sponsor's decision; ratifying names the first actions of the plan."""

    RATIFY, REJECT, POSTPONE = "ratify", "reject", "postpone"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RATIFY, _("Ratify")), (REJECT, _("Reject")), (POSTPONE, _("Postpone"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject or postpone: the reason is kept for the final report."),
    )
    actions = forms.CharField(
        label=_("First actions of the plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One action per line; created in the action plan when you ratify."),
    )
    stage = forms.ChoiceField(
        label=_("Roadmap stage of the actions"),
        choices=[("pilot", _("Pilot actions")), ("levers", _("Levers"))],
        initial="pilot",
    )
    due_date = forms.DateField(
        label=_("Due date of the actions"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def action_fields(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"title": line.strip()[:200], "stage": data["stage"], "due_date": data["due_date"]}
            for line in data["actions"].splitlines()
            if line.strip()
        ]


class AssumptionsForm(forms.Form):
    """What turns the future state's days, units and operators into euros."""

    unit_value_eur = forms.FloatField(
        label=_("Value of one unit in stock (€)"), min_value=0, widget=forms.NumberInput(NUMBER)
    )
    carrying_rate_pct = forms.FloatField(
        required=False,
        label=_("Inventory carrying rate (% per year)"),
        min_value=0,
        max_value=100,
        initial=25,
        widget=forms.NumberInput(NUMBER),
    )
    labour_cost_eur_per_hour = forms.FloatField(
        required=False,
        label=_("Labour cost (€ per hour)"),
        min_value=0,
        initial=35,
        widget=forms.NumberInput(NUMBER),
    )
    hours_per_operator_year = forms.FloatField(
        required=False,
        label=_("Hours worked per operator and year"),
        min_value=1,
        initial=1600,
        widget=forms.NumberInput(NUMBER),
    )
    working_days_per_year = forms.FloatField(
        required=False,
        label=_("Working days per year"),
        min_value=1,
        initial=220,
        widget=forms.NumberInput(NUMBER),
    )

    def assumptions(self):
        """The core's assumptions; a field left empty takes its usual value (the initial)."""
        data = {
            name: value if value is not None else self.fields[name].initial
            for name, value in self.cleaned_data.items()
        }
        return GainAssumptions(
            unit_value_eur=data["unit_value_eur"],
            carrying_rate=data["carrying_rate_pct"] / 100.0,
            labour_cost_eur_per_hour=data["labour_cost_eur_per_hour"],
            hours_per_operator_year=data["hours_per_operator_year"],
            working_days_per_year=data["working_days_per_year"],
        )
