from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.levers.models import CandidateLever
from obeya.organisation.models import Area, Person, PersonSkill, Process, ProductFamily, Skill
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam, SkillTarget, TeamMember, TeamObjective
from obeya.teams.selectors import SkillsMatrix


def cell_name(person_id: int, skill_id: int) -> str:
    return f"level-{person_id}-{skill_id}"


class SkillGridForm(forms.Form):
    """One select per cell of the matrix, named level-<person id>-<skill id>."""

    def __init__(self, data: Any = None, *, matrix: SkillsMatrix) -> None:
        super().__init__(data)
        self.cells: dict[str, tuple[int, int]] = {}
        for row in matrix.rows:
            for cell in row.cells:
                name = cell_name(row.person.pk, cell.skill.pk)
                label = f"{row.person} · {cell.skill}"
                message = _("Level of %(person)s in %(skill)s: choose a level from 0 to 3.") % {
                    "person": row.person,
                    "skill": cell.skill,
                }
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=PersonSkill.Level.choices,
                    coerce=int,
                    initial=cell.level,
                    error_messages={"invalid_choice": message, "required": message},
                )
                self.cells[name] = (row.person.pk, cell.skill.pk)

    def levels(self) -> dict[tuple[int, int], int]:
        return {key: self.cleaned_data[name] for name, key in self.cells.items()}

    def with_typed(self, matrix: SkillsMatrix) -> SkillsMatrix:
        """`matrix` with what was posted in each cell, so a refused grid keeps what was typed."""
        rows = tuple(
            replace(
                row,
                cells=tuple(
                    replace(
                        cell, typed=str(self.data.get(cell_name(row.person.pk, cell.skill.pk), ""))
                    )
                    for cell in row.cells
                ),
            )
            for row in matrix.rows
        )
        return replace(matrix, rows=rows)


class SkillTargetForm(forms.ModelForm):
    """Set a target, on an existing skill or a new one (which adds a column to the matrix)."""

    skill = forms.ModelChoiceField(queryset=Skill.objects.none(), required=False, label=_("Skill"))
    new_skill_name = forms.CharField(label=_("or a new skill"), max_length=200, required=False)
    new_skill_kind = forms.ChoiceField(
        label=_("Kind of the new skill"), choices=Skill.Kind.choices, initial=Skill.Kind.TRADE
    )

    class Meta:
        model = SkillTarget
        fields = ["level", "people"]

    field_order = ["skill", "new_skill_name", "new_skill_kind", "level", "people"]

    def __init__(self, *args: Any, company: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(company=company)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("skill") and not (data.get("new_skill_name") or "").strip():
            self.add_error("skill", _("Choose a skill or name a new one."))
        return data


# --- improvement teams (docs/teams.md) -----------------------------------------------------

NUMBER = {"step": "any", "inputmode": "decimal"}


class TeamForm(forms.ModelForm):
    """A team, with its scope and what it serves limited to the project and its company."""

    class Meta:
        model = ImprovementTeam
        fields = ("name", "mission", "area", "product_family", "process", "scope", "axes", "levers")
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 2}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "axes": forms.CheckboxSelectMultiple,
            "levers": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "scope": _("What the team may change and what it leaves alone."),
            "levers": _("Only the levers the sponsor ratified are offered."),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        company = project.company_id
        self.fields["area"].queryset = Area.objects.filter(site__company_id=company)
        self.fields["product_family"].queryset = ProductFamily.objects.filter(company_id=company)
        self.fields["process"].queryset = Process.objects.filter(area__site__company_id=company)
        self.fields["axes"].queryset = project.axes.order_by("priority", "pk")
        self.fields["levers"].queryset = CandidateLever.objects.filter(
            project=project, status=CandidateLever.Status.RATIFIED
        )
        if not self.instance.pk:
            self.initial.setdefault("area", project.area_id)
            self.initial.setdefault("product_family", project.product_family_id)
            self.initial.setdefault("process", project.process_id)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj} · {obj.function}" if obj.function else str(obj)


class MemberForm(forms.ModelForm):
    """Add a person of the project's company to the team."""

    person = PersonChoice(label=_("Person"), queryset=Person.objects.none())

    class Meta:
        model = TeamMember
        fields = ("person", "role", "contribution", "hours_per_week")
        widgets = {
            "contribution": forms.Textarea(attrs={"rows": 2}),
            "hours_per_week": forms.NumberInput(attrs=NUMBER),
        }
        help_texts = {"contribution": _("What this person brings to the team.")}

    def __init__(self, *args: Any, team: ImprovementTeam, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["person"].queryset = Person.objects.filter(
            company_id=team.project.company_id
        ).order_by("last_name", "first_name")


class MemberEditForm(forms.ModelForm):
    """Change a member's role, contribution or hours."""

    class Meta:
        model = TeamMember
        fields = ("role", "contribution", "hours_per_week")
        widgets = MemberForm.Meta.widgets


class ObjectiveForm(forms.ModelForm):
    """An objective of the team; the axis it serves, if any, is one of the project's."""

    class Meta:
        model = TeamObjective
        fields = (
            "axis",
            "statement",
            "kpi_name",
            "kpi_unit",
            "kpi_direction",
            "baseline",
            "target",
            "deadline",
        )
        widgets = {
            "baseline": forms.NumberInput(attrs=NUMBER),
            "target": forms.NumberInput(attrs=NUMBER),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, team: ImprovementTeam, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["axis"].queryset = team.project.axes.order_by("priority", "pk")


def objective_initial_from_axis(axis: Any) -> dict[str, Any]:
    """Prefill an objective from an axis the team serves: its KPI, baseline, target, deadline."""
    return {
        "axis": axis.pk,
        "statement": axis.title,
        "kpi_name": axis.kpi_name,
        "kpi_unit": axis.kpi_unit,
        "kpi_direction": axis.kpi_direction,
        "baseline": axis.baseline,
        "target": axis.target,
        "deadline": axis.deadline,
    }
