from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import PersonSkill, Skill
from obeya.teams.models import SkillTarget
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
