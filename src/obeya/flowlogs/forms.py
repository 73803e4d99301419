from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.flowlogs import figures
from obeya.flowlogs.preview import FIELDS, REQUIRED

ACCEPT = ".csv,.tsv,.txt,.gz,.xlsx,.xlsm,.parquet,.pq,.xes"


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("Event log"),
        help_text=_(
            "A CSV, Excel (.xlsx), Parquet or XES file, gzipped or not (.csv.gz, .xes.gz), "
            "with one row per event: the case, the activity and when it was completed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("How the log is listed; the file's name if left empty."),
    )


FIELD_LABELS = {
    "case": (
        _("Case"),
        _("What flows through the process (an order, a ticket): each value is one case."),
    ),
    "activity": (_("Activity"), _("The step of the process the event records.")),
    "timestamp": (_("Completion time"), _("When the step was completed.")),
    "start": (
        _("Start time"),
        _("When the step started, if the log says: processing and waiting are then told apart."),
    ),
    "resource": (_("Resource"), _("Who or which machine did the step.")),
    "cost": (_("Cost"), _("A number; the analysis does not use it yet.")),
    "lifecycle": (
        _("Lifecycle transition"),
        _(
            "For logs with separate start and complete events (XES lifecycle:transition): "
            "they are paired into one step with a start and a completion time."
        ),
    ),
}


@cache
def _zones() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(zoneinfo.available_timezones() | {"UTC"})]


class MappingForm(forms.Form):
    """Which column holds each field, the time zone and the format of the timestamps."""

    tz = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_(
            "Of the timestamps written without a UTC offset, and where calendar days begin "
            "for the daily and weekly figures."
        ),
    )
    timestamp_format = forms.CharField(
        label=_("Timestamp format"),
        required=False,
        max_length=100,
        help_text=_(
            "Only for dates that are not written as 2024-03-04 08:15: strptime codes, "
            "e.g. %d/%m/%Y %H:%M for 04/03/2024 08:15."
        ),
        widget=forms.TextInput(attrs={"placeholder": "%d/%m/%Y %H:%M", "spellcheck": "false"}),
    )

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for name in FIELDS:
            label, help_text = FIELD_LABELS[name]
            empty = _("— choose a column —") if name in REQUIRED else _("— none —")
            fields[name] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                required=name in REQUIRED,
                choices=[("", empty), *((c, c) for c in columns)],
            )
        self.fields = {**fields, **self.fields}
        self.fields["tz"].choices = _zones()

    def clean(self):
        data = super().clean()
        used: set[str] = set()
        for name in FIELDS:
            column = data.get(name)
            if column and column in used:
                self.add_error(name, _("This column already holds another field."))
            elif column:
                used.add(column)
        return data

    @property
    def field_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in FIELDS]


class MapForm(forms.Form):
    """The process map's controls: how many paths, and which waiting time labels them."""

    paths = forms.IntegerField(label=_("Paths shown"), min_value=1, required=False)
    stat = forms.ChoiceField(label=_("Label the paths with the"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stat"].choices = figures.stat_choices()

    def values(self) -> tuple[int | None, str]:
        if self.is_valid():
            return self.cleaned_data["paths"], self.cleaned_data["stat"] or "median"
        return None, "median"
