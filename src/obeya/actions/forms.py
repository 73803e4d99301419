from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.actions.models import Action
from obeya.actions.services import BulkOperation
from obeya.decisions.models import Axis
from obeya.meetings.models import Meeting
from obeya.organisation.models import Person, Skill
from obeya.projects.forms import DateInput
from obeya.projects.models import STAGE_CHOICES, Project
from obeya.teams.models import ImprovementTeam

EDITABLE_FIELDS = (
    "title",
    "description",
    "stage",
    "owner",
    "start_date",
    "due_date",
    "planned_start",
    "planned_due",
    "milestone",
    "status",
    "progress",
    "effort_hours",
    "pdca_step",
    "axis",
    "team",
    "meeting",
    "skills_needed",
)


class ActionForm(forms.ModelForm):
    """The full action form. The baseline dates may be typed when the action is created (left
    blank, they take the first start and due dates); afterwards they are shown read-only and
    only a facilitator's explicit "reset the baseline" moves them to the current dates."""

    reset_baseline = forms.BooleanField(
        label=_("Reset the baseline to these dates"),
        required=False,
        help_text=_("For a re-plan agreed with the sponsor: slippage is then counted from here."),
    )

    class Meta:
        model = Action
        fields = EDITABLE_FIELDS
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "planned_start": DateInput(),
            "planned_due": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "effort_hours": forms.NumberInput(attrs={"min": 0, "step": 0.5}),
            "skills_needed": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, project: Project, can_reset_baseline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["owner"].queryset = Person.objects.filter(company=project.company_id)
        self.fields["axis"].queryset = Axis.objects.filter(project=project)
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)
        self.fields["meeting"].queryset = Meeting.objects.filter(project=project)
        self.fields["skills_needed"].queryset = Skill.objects.filter(company=project.company_id)
        # Not "planned due date": a label search for "Due date" must find one field only.
        self.fields["planned_start"].label = _("Baseline: start")
        self.fields["planned_due"].label = _("Baseline: due")
        if self.instance.pk:
            for name in ("planned_start", "planned_due"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Baseline: kept from the first plan.")
            if not can_reset_baseline:
                del self.fields["reset_baseline"]
        else:
            del self.fields["reset_baseline"]
            for name in ("planned_start", "planned_due"):
                self.fields[name].help_text = _("Left blank: the first dates become the baseline.")


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
    team = forms.ModelChoiceField(
        label=_("Team"),
        required=False,
        queryset=ImprovementTeam.objects.none(),
        empty_label=_("All teams"),
    )
    axis = forms.ModelChoiceField(
        label=_("Priority axis"),
        required=False,
        queryset=Axis.objects.none(),
        empty_label=_("All axes"),
    )
    pdca_step = forms.ChoiceField(
        label=_("PDCA step"),
        required=False,
        choices=[("", _("All steps")), *Action.PdcaStep.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    at_risk = forms.BooleanField(label=_("Overdue or at risk only"), required=False)
    slipped = forms.BooleanField(label=_("Slipped only"), required=False)
    milestone = forms.BooleanField(label=_("Milestones only"), required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(
            company=project.company_id, actions__project=project
        ).distinct()
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)
        self.fields["axis"].queryset = Axis.objects.filter(project=project)


class BulkEditForm(forms.Form):
    """Several selected actions, one change: which change says which value field is read.

    Prefixed "bulk-" so that its fields do not clash with the filters sent along with it.
    """

    prefix = "bulk"

    action_ids = forms.TypedMultipleChoiceField(
        label=_("Actions"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Select at least one action.")},
    )
    operation = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (BulkOperation.STATUS, _("Set the status")),
            (BulkOperation.OWNER, _("Set the owner")),
            (BulkOperation.TEAM, _("Set the team")),
            (BulkOperation.PDCA_STEP, _("Set the PDCA step")),
            (BulkOperation.SHIFT, _("Shift the dates by N days")),
        ],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=Action.Status.choices)
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Person.objects.none(), empty_label=_("Nobody")
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        required=False,
        queryset=ImprovementTeam.objects.none(),
        empty_label=_("No team"),
    )
    pdca_step = forms.ChoiceField(
        label=_("PDCA step"), required=False, choices=[("", "—"), *Action.PdcaStep.choices]
    )
    days = forms.IntegerField(label=_("Days"), required=False, min_value=-365, max_value=365)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_ids"].choices = [
            (pk, pk) for pk in Action.objects.filter(project=project).values_list("pk", flat=True)
        ]
        self.fields["owner"].queryset = Person.objects.filter(company=project.company_id)
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)

    def clean(self):
        data = super().clean()
        operation = data.get("operation")
        if operation == BulkOperation.STATUS and not data.get("status"):
            self.add_error("status", _("Choose the status to set."))
        if operation == BulkOperation.SHIFT and not data.get("days"):
            self.add_error("days", _("Give a number of days other than 0."))
        return data

    @property
    def value(self):
        """The value the chosen change sets (the number of days for a shift)."""
        operation = self.cleaned_data["operation"]
        return self.cleaned_data["days" if operation == BulkOperation.SHIFT else operation]
