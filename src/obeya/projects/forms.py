from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import Area, Company, Person, Process, ProductFamily
from obeya.projects.models import Membership, Project
from obeya.projects.services import PROJECT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.ModelForm):
    """A project's scope, people and context; choices limited to the project's company."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "stakes": forms.Textarea(attrs={"rows": 3}),
            "constraints": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(site__company=company)
        self.fields["product_family"].queryset = ProductFamily.objects.filter(company=company)
        self.fields["process"].queryset = Process.objects.filter(area__site__company=company)
        people = Person.objects.filter(company=company)
        self.fields["sponsor"].queryset = people
        self.fields["facilitator"].queryset = people


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, person__company=company)
            .order_by("person__last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.person} ({u.get_username()})"
