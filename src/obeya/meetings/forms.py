from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.meetings.models import Attendance, Meeting, MeetingSeries
from obeya.meetings.services import MEETING_FIELDS, SERIES_FIELDS
from obeya.organisation.models import Person
from obeya.projects.forms import DateInput
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _limit_to_project(form: forms.ModelForm, project: Project) -> None:
    form.instance.project = project
    form.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)
    if "attendees" in form.fields:
        form.fields["attendees"].queryset = Person.objects.filter(company=project.company_id)


class SeriesForm(forms.ModelForm):
    """A series of meetings (or a one-off meeting) and who is usually invited."""

    class Meta:
        model = MeetingSeries
        fields = (*SERIES_FIELDS, "attendees")
        widgets = {
            "first_starts_at": DateTimeInput(),
            "ends_on": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "attendees": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "occurrences": _("How many meetings; or give the last date instead."),
            "ends_on": _("No meeting is planned after this day."),
            "first_starts_at": _(
                "A monthly series keeps the weekday and its rank in the month (the 2nd "
                "Tuesday...); a 5th weekday becomes the last one in shorter months."
            ),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_project(self, project)
        if self.instance.pk:
            self.fields["first_starts_at"].help_text = _(
                "Changes apply to the meetings still to come that were not held yet; past "
                "meetings and those with attendance or minutes keep what they were."
            )


class MeetingForm(forms.ModelForm):
    """One meeting's date, place and agenda."""

    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = {
            "starts_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_project(self, project)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttendanceForm(forms.Form):
    """One status per invited person, and someone who came without an invitation."""

    extra_person = forms.ModelChoiceField(
        label=_("Also present"),
        queryset=Person.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.rows = list(meeting.attendances.select_related("person"))
        for row in self.rows:
            self.fields[f"person_{row.person_id}"] = forms.ChoiceField(
                label=str(row.person), choices=Attendance.Status.choices, initial=row.status
            )
        invited = [row.person_id for row in self.rows]
        self.fields["extra_person"].queryset = Person.objects.filter(
            company=meeting.project.company_id
        ).exclude(pk__in=invited)
        # the person fields first, then the extra one
        self.order_fields([f"person_{pid}" for pid in invited] + ["extra_person"])

    def statuses(self) -> dict[Person, str]:
        found = {row.person: self.cleaned_data[f"person_{row.person_id}"] for row in self.rows}
        if self.cleaned_data.get("extra_person"):
            found[self.cleaned_data["extra_person"]] = Attendance.Status.PRESENT
        return found


class MeetingActionForm(forms.Form):
    """The short form under the minutes: an action decided in the meeting."""

    title = forms.CharField(label=_("Action"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(company=project.company_id)


class MeetingFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=ImprovementTeam.objects.none(),
        required=False,
        empty_label=_("All teams"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Meeting.Kind.choices]
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = ImprovementTeam.objects.filter(project=project)
