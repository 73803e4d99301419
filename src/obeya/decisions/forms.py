from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from obeya.decisions.models import Axis, Decision, DecisionCriterion, DecisionOption
from obeya.decisions.selectors import Analysis, CriterionInput, decision_grid, grid_analysis
from obeya.decisions.services import AXIS_FIELDS, SAATY_VALUES, CriterionRow, OptionRow
from obeya.diagnosis.forms import CriterionChoices, ObservationChoices
from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.gemba.models import Observation
from obeya.kpis.selectors import visible_kpis
from obeya.projects.models import Project

NUMBER = {"step": "any", "inputmode": "decimal"}
MAX_OPTIONS = 12
MAX_CRITERIA = 10


class SwotChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SwotItem) -> str:
        return f"{obj.get_kind_display()}: {Truncator(obj.text).chars(110)}"


class AxisForm(forms.ModelForm):
    """An axis, its objective and the findings it answers, chosen among this project's only."""

    observations = ObservationChoices(
        label=_("Observations it answers"),
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grid_criteria = CriterionChoices(
        label=_("Grid lines it answers"),
        queryset=GridCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    swot_items = SwotChoices(
        label=_("SWOT items it answers"),
        queryset=SwotItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Axis
        fields = AXIS_FIELDS + ("observations", "grid_criteria", "swot_items")
        widgets = {
            "stakes_gains": forms.Textarea(attrs={"rows": 2}),
            "stakes_risks": forms.Textarea(attrs={"rows": 2}),
            "reasoning": forms.Textarea(attrs={"rows": 3}),
            "flow_findings": forms.Textarea(attrs={"rows": 2}),
            "baseline": forms.NumberInput(attrs=NUMBER),
            "target": forms.NumberInput(attrs=NUMBER),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title": _("Unambiguous: no two axes of the project share a title."),
            "kpi_name": _("The indicator that tells whether the objective is reached."),
            "baseline": _("Where the KPI stands today, as measured."),
            "target": _("Where it must be by the deadline."),
            "flow_findings": _("Facts from the flow analysis: lead time, WIP, bottleneck..."),
            "reasoning": _("Why this axis, and why at this rank."),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["observations"].queryset = Observation.objects.filter(project=project).order_by(
            "-observed_on", "-pk"
        )
        self.fields["grid_criteria"].queryset = GridCriterion.objects.filter(project=project)
        self.fields["swot_items"].queryset = SwotItem.objects.filter(project=project)
        self.fields["kpi"].queryset = visible_kpis(project)


def _saaty_label(value: float) -> str:
    return f"{value:g}" if value >= 1 else f"1/{round(1 / value)}"


SAATY_MEANINGS = {
    1: _("equally important"),
    3: _("moderately more important"),
    5: _("strongly more important"),
    7: _("very strongly more important"),
    9: _("extremely more important"),
}


def _saaty_choice(value: float) -> tuple[str, Any]:
    """A value of Saaty's scale as a choice: its text (repr, so 1/3 round-trips exactly) and a
    label saying which criterion it favours and how much."""
    strength = round(value if value >= 1 else 1 / value)
    meaning = SAATY_MEANINGS.get(strength)
    if meaning is None:
        return repr(value), _saaty_label(value)
    if strength == 1:
        return repr(value), format_lazy("1: {}", meaning)
    side = _("the first is {meaning}") if value > 1 else _("the second is {meaning}")
    return repr(value), format_lazy(
        "{}: {}", _saaty_label(value), format_lazy(side, meaning=meaning)
    )


SAATY_CHOICES = [_saaty_choice(v) for v in reversed(SAATY_VALUES)]


class DecisionForm(forms.Form):
    """A decision and its grid: options (rows), criteria, a score per option and criterion,
    and for AHP a judgement per pair of criteria. Rows with an empty name are ignored, so
    blank rows can wait at the end of each table; "add a row" re-displays the form with one
    more."""

    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What is being decided, e.g. “Which axis comes first?”"),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Decision.Method.choices)
    n_options = forms.IntegerField(widget=forms.HiddenInput, min_value=2, max_value=MAX_OPTIONS)
    n_criteria = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_CRITERIA)

    def __init__(
        self, data: Any = None, *, project: Project, decision: Decision | None = None
    ) -> None:
        initial = self._initial(decision)
        n_options, n_criteria = initial["n_options"], initial["n_criteria"]
        if data is not None:
            n_options = _count(data.get("n_options"), n_options, 2, MAX_OPTIONS)
            n_criteria = _count(data.get("n_criteria"), n_criteria, 1, MAX_CRITERIA)
            data = data.copy()
            if "add_option" in data and n_options < MAX_OPTIONS:
                n_options += 1
            if "add_criterion" in data and n_criteria < MAX_CRITERIA:
                n_criteria += 1
            data["n_options"], data["n_criteria"] = n_options, n_criteria
        super().__init__(data, initial=initial)
        self.project = project
        self.n_options, self.n_criteria = n_options, n_criteria
        axes = Axis.objects.filter(project=project)
        for i in range(n_options):
            self.fields[f"o{i}_name"] = forms.CharField(
                label=_("Option %(n)d") % {"n": i + 1}, max_length=200, required=False
            )
            self.fields[f"o{i}_axis"] = forms.ModelChoiceField(
                label=_("Priority axis"), queryset=axes, required=False
            )
            for name, label in (("advantages", _("Advantages")), ("drawbacks", _("Drawbacks"))):
                self.fields[f"o{i}_{name}"] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
        for j in range(n_criteria):
            self.fields[f"c{j}_name"] = forms.CharField(
                label=_("Criterion %(n)d") % {"n": j + 1}, max_length=200, required=False
            )
            self.fields[f"c{j}_weight"] = forms.FloatField(
                label=_("Weight"), required=False, min_value=0, widget=forms.NumberInput(NUMBER)
            )
            self.fields[f"c{j}_direction"] = forms.ChoiceField(
                label=_("Direction"),
                choices=DecisionCriterion.Direction.choices,
                initial=DecisionCriterion.Direction.MAX,
            )
            self.fields[f"c{j}_lower"] = forms.FloatField(
                label=_("Scale from"), required=False, widget=forms.NumberInput(NUMBER)
            )
            self.fields[f"c{j}_upper"] = forms.FloatField(
                label=_("Scale to"), required=False, widget=forms.NumberInput(NUMBER)
            )
            for i in range(n_options):
                self.fields[f"s{i}_{j}"] = forms.FloatField(
                    label=_("Score"), required=False, widget=forms.NumberInput(NUMBER)
                )
        for a in range(n_criteria):
            for b in range(a + 1, n_criteria):
                self.fields[f"j{a}_{b}"] = forms.TypedChoiceField(
                    label=_("Judgement"),
                    choices=SAATY_CHOICES,
                    coerce=float,
                    initial=repr(1.0),
                )

    @staticmethod
    def _initial(decision: Decision | None) -> dict[str, Any]:
        if decision is None:
            return {"n_options": 3, "n_criteria": 3, "method": Decision.Method.WEIGHTED_MATRIX}
        options, criteria, table = decision_grid(decision)
        initial: dict[str, Any] = {
            "title": decision.title,
            "question": decision.question,
            "method": decision.method,
            "n_options": max(2, len(options) + 1) if len(options) < MAX_OPTIONS else MAX_OPTIONS,
            "n_criteria": len(criteria) + 1 if len(criteria) < MAX_CRITERIA else MAX_CRITERIA,
        }
        for i, option in enumerate(options):
            initial.update(
                {
                    f"o{i}_name": option.name,
                    f"o{i}_axis": option.axis_id,
                    f"o{i}_advantages": option.advantages,
                    f"o{i}_drawbacks": option.drawbacks,
                }
            )
            for j, value in enumerate(table[i]):
                initial[f"s{i}_{j}"] = value
        position = {c.pk: j for j, c in enumerate(criteria)}
        for j, c in enumerate(criteria):
            initial.update(
                {
                    f"c{j}_name": c.name,
                    f"c{j}_weight": c.weight,
                    f"c{j}_direction": c.direction,
                    f"c{j}_lower": c.lower,
                    f"c{j}_upper": c.upper,
                }
            )
        for judgement in decision.judgements.all():
            a, b = position[judgement.criterion_a_id], position[judgement.criterion_b_id]
            value = judgement.value if a < b else 1 / judgement.value
            closest = min(SAATY_VALUES, key=lambda v: abs(v - value))
            initial[f"j{min(a, b)}_{max(a, b)}"] = repr(closest)
        return initial

    # --- layout helpers for the template ---------------------------------------------------

    def option_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "index": i,
                "name": self[f"o{i}_name"],
                "axis": self[f"o{i}_axis"],
                "advantages": self[f"o{i}_advantages"],
                "drawbacks": self[f"o{i}_drawbacks"],
                "scores": [self[f"s{i}_{j}"] for j in range(self.n_criteria)],
            }
            for i in range(self.n_options)
        ]

    def criterion_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "index": j,
                "name": self[f"c{j}_name"],
                "weight": self[f"c{j}_weight"],
                "direction": self[f"c{j}_direction"],
                "lower": self[f"c{j}_lower"],
                "upper": self[f"c{j}_upper"],
                "label": self[f"c{j}_name"].value() or _("Criterion %(n)d") % {"n": j + 1},
            }
            for j in range(self.n_criteria)
        ]

    def judgement_rows(self) -> list[dict[str, Any]]:
        labels = {row["index"]: row["label"] for row in self.criterion_rows()}
        return [
            {"a": labels[a], "b": labels[b], "a_index": a, "b_index": b, "field": self[f"j{a}_{b}"]}
            for a in range(self.n_criteria)
            for b in range(a + 1, self.n_criteria)
        ]

    # --- validation ------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        method = data.get("method")
        scored = method in (Decision.Method.WEIGHTED_MATRIX, Decision.Method.AHP)
        options = [
            i
            for i in range(self.n_options)
            if (data.get(f"o{i}_name") or "").strip()
            or self._row_used(i, ("advantages", "drawbacks"))
        ]
        criteria = [j for j in range(self.n_criteria) if (data.get(f"c{j}_name") or "").strip()]
        for i in options:
            if not (data.get(f"o{i}_name") or "").strip():
                self.add_error(f"o{i}_name", _("Give this option a name."))
        for j in range(self.n_criteria):
            if j not in criteria and any(
                data.get(f"s{i}_{j}") is not None for i in range(self.n_options)
            ):
                self.add_error(f"c{j}_name", _("Name the criterion these scores are for."))
        if scored:
            for j in criteria:
                if method == Decision.Method.WEIGHTED_MATRIX and data.get(f"c{j}_weight") is None:
                    self.add_error(f"c{j}_weight", _("Give the criterion a weight."))
                for i in options:
                    if data.get(f"s{i}_{j}") is None:
                        self.add_error(f"s{i}_{j}", _("Score this option on this criterion."))
        if self.errors:
            return data
        axis_ids = {i: data.get(f"o{i}_axis") for i in options}
        data["options"] = [
            OptionRow(
                name=data[f"o{i}_name"].strip(),
                axis=axis_ids[i],
                advantages=data.get(f"o{i}_advantages") or "",
                drawbacks=data.get(f"o{i}_drawbacks") or "",
            )
            for i in options
        ]
        data["criteria"] = [
            CriterionRow(
                name=data[f"c{j}_name"].strip(),
                weight=data.get(f"c{j}_weight") if data.get(f"c{j}_weight") is not None else 1.0,
                direction=data[f"c{j}_direction"],
                lower=data.get(f"c{j}_lower"),
                upper=data.get(f"c{j}_upper"),
            )
            for j in criteria
        ]
        data["scores"] = [[data.get(f"s{i}_{j}") for j in criteria] for i in options]
        position = {j: k for k, j in enumerate(criteria)}
        data["judgements"] = {
            (position[a], position[b]): data[f"j{a}_{b}"]
            for a in criteria
            for b in criteria
            if a < b and data.get(f"j{a}_{b}") is not None
        }
        return data

    def _row_used(self, i: int, names: tuple[str, ...]) -> bool:
        data = self.cleaned_data
        return any((data.get(f"o{i}_{n}") or "").strip() for n in names) or any(
            data.get(f"s{i}_{j}") is not None for j in range(self.n_criteria)
        )

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of `services.decision_save`."""
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("title", "question", "method", "options", "criteria", "scores")
        } | {"judgements": data["judgements"]}

    def analysis(self) -> Analysis | None:
        """The ranking of the grid as submitted, or None until it is complete and valid."""
        if not self.is_bound or not self.is_valid():
            return None
        data = self.cleaned_data
        criteria = [
            CriterionInput(c.name, c.weight, c.direction, c.lower, c.upper)
            for c in data["criteria"]
        ]
        names = [c.name for c in criteria]
        return grid_analysis(
            method=data["method"],
            options=[o.name for o in data["options"]],
            criteria=criteria,
            scores=data["scores"],
            judgements={(names[a], names[b]): v for (a, b), v in data["judgements"].items()},
        )

    @property
    def adding_row(self) -> bool:
        return self.is_bound and ("add_option" in self.data or "add_criterion" in self.data)


def _count(raw: Any, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(raw), low), high)
    except (TypeError, ValueError):
        return default


class RecordForm(forms.Form):
    """The choice made: one of the decision's options and why."""

    chosen_option = forms.ModelChoiceField(
        label=_("Chosen option"), queryset=DecisionOption.objects.none(), empty_label=None
    )
    summary = forms.CharField(
        label=_("Why this option"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reasons, as they will be read in the project's history."),
    )

    def __init__(self, *args: Any, decision: Decision, initial_option: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["chosen_option"].queryset = decision.options.all()
        if initial_option is not None:
            self.fields["chosen_option"].initial = initial_option
