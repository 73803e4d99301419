"""The forms of the map editor and of the import page.

The editor's fields are all text: the core parser (`obeya.core.vsm.parse_value_stream`) is the
one judge of what a map may hold, and `obeya.valuestreams.editor` puts its messages back next to
the fields. Fractions of the file format (uptime, scrap rate, value-added share) are typed in
per cent here, as facilitators write them on the data boxes.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from obeya.core import simulation as sim
from obeya.core import vsm as core
from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream

MAX_IMPORT_BYTES = 512 * 1024
IMPORT_SUFFIXES = (".yaml", ".yml", ".json")


def _number(min_value: float | None = 0, placeholder: str = "", **attrs) -> forms.NumberInput:
    widget_attrs = {"step": "any", "inputmode": "decimal", **attrs}
    if min_value is not None:
        widget_attrs["min"] = min_value
    if placeholder:
        widget_attrs["placeholder"] = placeholder
    return forms.NumberInput(attrs=widget_attrs)


def _text(placeholder: str | None = None, **attrs) -> forms.TextInput:
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.TextInput(attrs=attrs)


class _EditorForm(forms.Form):
    """Every field optional text; each input points at the slot where its errors are shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            described_by = [f"{self.add_prefix(name)}-errors"]
            if field.help_text:
                described_by.insert(0, f"{self[name].auto_id}_helptext")
            field.widget.attrs.setdefault("aria-describedby", " ".join(described_by))

    def errors_slot(self, name: str) -> str:
        return f"{self.add_prefix(name)}-errors"


class HeaderForm(_EditorForm):
    name = forms.CharField(label=_("Name of the map"), max_length=200)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))
    customer_name = forms.CharField(label=_("Customer"), widget=_text(_("Customer")))
    customer_demand = forms.CharField(
        label=_("Demand per period"),
        widget=_number(placeholder="9600"),
        help_text=_("Pieces ordered over the period."),
    )
    customer_period_days = forms.CharField(
        label=_("Period (working days)"),
        widget=_number(placeholder="20"),
        help_text=_("A month of 20 working days is 20."),
    )
    customer_unit = forms.CharField(label=_("Unit"), widget=_text("pcs"))
    work_shifts = forms.CharField(label=_("Shifts per day"), widget=_number(placeholder="2"))
    work_available_s_per_shift = forms.CharField(
        label=_("Available time per shift (s)"),
        widget=_number(placeholder="27600"),
        help_text=_("The shift less planned stops: 8 h less two 10-minute breaks is 27,600 s."),
    )
    supplier_name = forms.CharField(label=_("Supplier"), widget=_text(_("Steel service centre")))
    pc_name = forms.CharField(label=_("Production control"), widget=_text(_("Production control")))
    pc_system = forms.CharField(label=_("Planning system"), widget=_text(_("ERP, MRP, kanban")))
    transport_supplier = forms.CharField(
        label=_("Deliveries from the supplier"), widget=_text(_("truck weekly"))
    )
    transport_customer = forms.CharField(
        label=_("Shipments to the customer"), widget=_text(_("truck daily"))
    )


FLOW_KIND_CHOICES = [
    ("process", _("Process step")),
    ("inventory", _("Inventory")),
    ("supermarket", _("Supermarket")),
    ("fifo", _("FIFO lane")),
]
PROCESS_FIELDS = (
    "cycle_time_s",
    "changeover_s",
    "uptime",
    "operators",
    "batch_size",
    "scrap_rate",
    "machines",
    "value_added_share",
    "shifts",
)
INVENTORY_FIELDS = ("quantity", "days", "unit_value")
PERCENT_FIELDS = frozenset({"uptime", "scrap_rate", "value_added_share"})


class FlowItemForm(_EditorForm):
    """One item of the material flow: a process step or a stock (inventory, supermarket,
    FIFO lane). Both kinds' fields are rendered; the page shows those of the chosen kind."""

    kind = forms.ChoiceField(label=_("Kind"), choices=FLOW_KIND_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=200)
    cycle_time_s = forms.CharField(label=_("Cycle time (s)"), widget=_number())
    changeover_s = forms.CharField(label=_("Changeover (s)"), widget=_number(placeholder="0"))
    uptime = forms.CharField(label=_("Uptime (%)"), widget=_number(placeholder="100", max=100))
    operators = forms.CharField(label=_("Operators"), widget=_number(placeholder="1"))
    batch_size = forms.CharField(
        label=_("Batch size"),
        widget=_number(1, step=1, title=_("Pieces made between two changeovers.")),
    )
    scrap_rate = forms.CharField(label=_("Scrap (%)"), widget=_number(placeholder="0", max=100))
    machines = forms.CharField(
        label=_("Machines in parallel"), widget=_number(1, placeholder="1", step=1)
    )
    value_added_share = forms.CharField(
        label=_("Value-added share (%)"), widget=_number(placeholder="100", max=100)
    )
    shifts = forms.CharField(
        label=_("Own shifts per day"),
        widget=_number(title=_("Only when the step works more or fewer shifts than the plant.")),
    )
    quantity = forms.CharField(label=_("Quantity"), widget=_number())
    days = forms.CharField(
        label=_("Days of demand"),
        widget=_number(title=_("For stock counted in another unit than pieces (coils, sheets).")),
    )
    unit_value = forms.CharField(label=_("Unit value"), widget=_number())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "kind-select"
        self.fields["kind"].required = True

    def process_fields(self):
        return [self[name] for name in PROCESS_FIELDS]

    def inventory_fields(self):
        return [self[name] for name in INVENTORY_FIELDS]


INFORMATION_KIND_LABELS = {
    "forecast": _("Forecast"),
    "orders": _("Orders"),
    "schedule": _("Schedule"),
    "kanban": _("Kanban"),
    "go_see": _("Go see"),
    "other": _("Other"),
}


class InformationForm(_EditorForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, INFORMATION_KIND_LABELS.get(k, k)) for k in core.INFORMATION_KINDS],
    )
    source = forms.CharField(label=_("From"), widget=_text(list="vsm-ends", autocomplete="off"))
    target = forms.CharField(label=_("To"), widget=_text(list="vsm-ends", autocomplete="off"))
    frequency = forms.CharField(label=_("Frequency"), widget=_text(_("weekly")))
    label = forms.CharField(label=_("Label"), widget=_text(_("instead of frequency and kind")))
    electronic = forms.BooleanField(label=_("Electronic (EDI, e-mail)"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A value stream in YAML (.yaml, .yml) or JSON (.json), as in docs/vsm.md."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "code"}),
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the name written in the file."),
    )
    current_state = forms.ModelChoiceField(
        label=_("Future state of"),
        required=False,
        queryset=ValueStream.objects.none(),
        empty_label=_("None: this is a current state"),
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current_state"].queryset = ValueStream.objects.filter(
            project=project, state=ValueStream.State.CURRENT
        ).order_by("name", "pk")

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if not text.strip():
            text = ""
        if upload and text:
            raise forms.ValidationError(_("Choose a file or paste a text, not both."))
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste the text of a value stream."))
        if upload:
            if PurePath(upload.name).suffix.lower() not in IMPORT_SUFFIXES:
                self.add_error("file", _("The file must end in .yaml, .yml or .json."))
                return data
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error("file", _("The file is too large (512 KB at most)."))
                return data
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not UTF-8 text."))
                return data
        text = text.replace("\r\n", "\n")  # a browser posts a textarea with CRLF
        data["content"] = text if text.endswith("\n") else text + "\n"
        return data


WEB_MAX_EVENTS = 6_000_000
"""Unit-step passages one map may take on the comparison page: about a quarter of a second
each, so both maps answer within the request."""


class SimulationForm(forms.Form):
    """The settings of the comparison page's simulation; the size of the run is checked
    against both maps so the request stays short."""

    days = forms.FloatField(
        label=_("Days simulated"),
        min_value=1,
        max_value=250,
        initial=sim.SimulationSettings.days,
        widget=_number(1, step="1"),
        help_text=_("Working days; the first tenth (2 days at most) is not measured."),
    )
    replications = forms.IntegerField(
        label=_("Replications"),
        min_value=1,
        max_value=50,
        initial=sim.SimulationSettings.replications,
        widget=_number(1, step="1"),
    )
    arrival_cv = forms.FloatField(
        label=_("Order variability (cv)"),
        min_value=0,
        max_value=3,
        initial=sim.SimulationSettings.arrival_cv,
        widget=_number(0, step="0.1"),
        help_text=_("1: orders arrive at random; 0: exactly at takt (levelled)."),
    )
    process_cv = forms.FloatField(
        label=_("Cycle time variability (cv)"),
        min_value=0,
        max_value=3,
        initial=sim.SimulationSettings.process_cv,
        widget=_number(0, step="0.1"),
        help_text=_("Standard deviation / mean of the cycle times; 0: every cycle the same."),
    )

    def __init__(self, *args, maps: tuple[core.ValueStream, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.maps = maps

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        settings = self.simulation_settings(data)
        events = max(sim.simulated_events(vs, settings) for vs in self.maps) if self.maps else 0
        if events > WEB_MAX_EVENTS:
            most = max(1, int(settings.days * WEB_MAX_EVENTS / events))
            self.add_error(
                "days",
                _(
                    "Too long a run for this page with these maps: at most %(days)s days with "
                    "%(replications)s replications (fewer replications allow more days; "
                    "`obeya simulate` goes further)."
                )
                % {"days": most, "replications": settings.replications},
            )
        return data

    @staticmethod
    def simulation_settings(data: dict) -> sim.SimulationSettings:
        return sim.SimulationSettings(
            days=data["days"],
            warmup_days=min(2.0, data["days"] / 10),
            replications=data["replications"],
            arrival_cv=data["arrival_cv"],
            process_cv=data["process_cv"],
        )

    @property
    def settings(self) -> sim.SimulationSettings:
        return self.simulation_settings(self.cleaned_data)
