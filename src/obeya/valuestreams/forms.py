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


DISTRIBUTION_LABELS = {
    "fixed": _("Fixed"),
    "exponential": _("Exponential"),
    "normal": _("Normal"),
    "lognormal": _("Lognormal"),
    "triangular": _("Triangular (shortest, most likely, longest)"),
    "empirical": _("Empirical (measured times)"),
}
RANDOM_DISTRIBUTIONS = ("exponential", "normal", "lognormal", "triangular", "empirical")
CYCLE_DIST_CHOICES = [
    ("", _("None: every cycle the same")),
    *((k, DISTRIBUTION_LABELS[k]) for k in RANDOM_DISTRIBUTIONS),
]
"""The cycle time's variability. `fixed` (the same as a plain number) is offered only to a
map whose file writes it, so that saving keeps what the file said."""
ARRIVAL_KIND_CHOICES = [
    ("", _("One unit every takt time")),
    ("fixed", _("Regular: one unit every … s")),
    *((k, DISTRIBUTION_LABELS[k]) for k in RANDOM_DISTRIBUTIONS),
    ("schedule", _("A schedule, repeated")),
]
ARRIVAL_FIELD_CLASSES = {
    "arrivals_kind": "",
    "arrivals_mean": "dist-mean dist-chosen",
    "arrivals_sd": "dist-sd",
    "arrivals_min": "dist-triangular",
    "arrivals_mode": "dist-triangular",
    "arrivals_max": "dist-triangular",
    "arrivals_values": "dist-values",
    "arrivals_schedule": "dist-schedule",
    "arrivals_every_s": "dist-schedule",
}
CYCLE_FIELD_CLASSES = {
    "cycle_time_s": "dist-mean",
    "cycle_dist": "",
    "cycle_sd": "dist-sd",
    "cycle_min": "dist-triangular",
    "cycle_mode": "dist-triangular",
    "cycle_max": "dist-triangular",
    "cycle_values": "dist-values",
}
"""Which of the cycle time's and arrivals' fields count for which kind (the CSS classes of
valuestreams.css): `dist-mean` the number (value or mean), hidden for the kinds that compute
their mean; `dist-sd` for normal and lognormal; `dist-chosen` hidden while nothing is chosen."""


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
    arrivals_kind = forms.ChoiceField(
        label=_("How units arrive"),
        choices=ARRIVAL_KIND_CHOICES,
        help_text=_("For the simulation only; the map's figures take one unit every takt time."),
    )
    arrivals_mean = forms.CharField(
        label=_("Time between two units (s)"),
        widget=_number(),
        help_text=_("The mean when it varies."),
    )
    arrivals_sd = forms.CharField(label=_("Standard deviation (s)"), widget=_number())
    arrivals_min = forms.CharField(label=_("Shortest time (s)"), widget=_number())
    arrivals_mode = forms.CharField(label=_("Most likely time (s)"), widget=_number())
    arrivals_max = forms.CharField(label=_("Longest time (s)"), widget=_number())
    arrivals_values = forms.CharField(
        label=_("Measured times between units (s)"),
        widget=_text("110, 95, 130", inputmode="decimal"),
        help_text=_("Separated by commas or spaces; drawn again at random."),
    )
    arrivals_schedule = forms.CharField(
        label=_("Arrival times in the cycle (s)"),
        widget=_text("0, 30, 45", inputmode="decimal"),
        help_text=_("Seconds from the start of the cycle, in increasing order."),
    )
    arrivals_every_s = forms.CharField(
        label=_("Cycle repeated every (s)"),
        widget=_number(placeholder="60"),
        help_text=_("Above the last arrival time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrivals_kind"].widget.attrs["class"] = "dist-select"

    def arrivals_fields(self) -> list[tuple[forms.BoundField, str]]:
        """The arrivals' fields with the class saying for which kind each one counts (the page
        hides the others; the server ignores them)."""
        return [(self[name], css) for name, css in ARRIVAL_FIELD_CLASSES.items()]


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
    "mtbf_s",
    "mttr_s",
)
INVENTORY_FIELDS = ("quantity", "days", "unit_value", "capacity")
PERCENT_FIELDS = frozenset({"uptime", "scrap_rate", "value_added_share"})


class FlowItemForm(_EditorForm):
    """One item of the material flow: a process step or a stock (inventory, supermarket,
    FIFO lane). Both kinds' fields are rendered; the page shows those of the chosen kind."""

    kind = forms.ChoiceField(label=_("Kind"), choices=FLOW_KIND_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=200)
    cycle_time_s = forms.CharField(
        label=_("Cycle time (s)"),
        widget=_number(title=_("Every cycle's time, or their mean when they vary.")),
    )
    cycle_dist = forms.ChoiceField(
        label=_("Cycle time variability"),
        choices=CYCLE_DIST_CHOICES,
        widget=forms.Select(
            attrs={"title": _("For the simulation: how the cycles spread around the mean.")}
        ),
    )
    cycle_sd = forms.CharField(label=_("Standard deviation (s)"), widget=_number())
    cycle_min = forms.CharField(label=_("Shortest cycle (s)"), widget=_number())
    cycle_mode = forms.CharField(label=_("Most likely cycle (s)"), widget=_number())
    cycle_max = forms.CharField(label=_("Longest cycle (s)"), widget=_number())
    cycle_values = forms.CharField(
        label=_("Timed cycles (s)"),
        widget=_text(
            "84, 79, 102",
            inputmode="decimal",
            title=_("Separated by commas or spaces; drawn again at random."),
        ),
    )
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
    mtbf_s = forms.CharField(
        label=_("MTBF (s)"),
        widget=_number(
            title=_(
                "Mean time between failures, in working time. With the MTTR it replaces the "
                "uptime, which becomes MTBF / (MTBF + MTTR)."
            )
        ),
    )
    mttr_s = forms.CharField(
        label=_("MTTR (s)"), widget=_number(title=_("Mean time to repair a breakdown."))
    )
    quantity = forms.CharField(label=_("Quantity"), widget=_number())
    days = forms.CharField(
        label=_("Days of demand"),
        widget=_number(title=_("For stock counted in another unit than pieces (coils, sheets).")),
    )
    unit_value = forms.CharField(label=_("Unit value"), widget=_number())
    capacity = forms.CharField(
        label=_("Capacity (units)"),
        widget=_number(
            step=1,
            title=_("The most units it holds in the simulation; empty: unlimited."),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "kind-select"
        self.fields["kind"].required = True
        self.fields["cycle_dist"].widget.attrs["class"] = "dist-select"
        if self.data.get(self.add_prefix("cycle_dist")) == "fixed":
            self.fields["cycle_dist"].choices = [
                *CYCLE_DIST_CHOICES[:1],
                ("fixed", _("Fixed (as written in the file)")),
                *CYCLE_DIST_CHOICES[1:],
            ]

    def process_fields(self) -> list[tuple[forms.BoundField, str]]:
        """The step's fields, each with the class saying for which variability it counts."""
        return [
            *((self[name], css) for name, css in CYCLE_FIELD_CLASSES.items()),
            *((self[name], "") for name in PROCESS_FIELDS if name != "cycle_time_s"),
        ]

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
"""Unit-step passages one map may take on the comparison page: well under a second each on
the max-plus path (a step with one machine and no capacity before the next), so both maps
answer within the request."""

WEB_MAX_LOOPED = 250_000
"""Unit-step passages through steps with several machines or finite buffers, which the
simulation computes unit by unit (vectorised over the replications only)."""


class SimulationForm(forms.Form):
    """The settings of the comparison page's simulation; the size of the run is checked
    against both maps so the request stays short. The variability itself is in the maps
    (arrivals, cycle-time distributions, breakdowns, buffers, batches: docs/vsm.md)."""

    jobs = forms.IntegerField(
        label=_("Units per replication"),
        min_value=100,
        max_value=200_000,
        initial=20_000,
        widget=_number(100, step="100"),
        help_text=_(
            "The first tenth fill the line (warm-up) and are not measured. Run many more units "
            "than the line holds, or the figures describe it filling up."
        ),
    )
    replications = forms.IntegerField(
        label=_("Replications"),
        min_value=2,
        max_value=100,
        initial=sim.SimulationSettings.replications,
        widget=_number(2, step="1"),
        help_text=_("Independent runs: the confidence intervals come from their scatter."),
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        widget=_number(0, step="1"),
        help_text=_("The same seed gives the same figures."),
    )

    def __init__(self, *args, maps: tuple[core.ValueStream, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.maps = maps

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        settings = self.simulation_settings(data)
        try:
            events = max((sim.simulated_events(vs, settings) for vs in self.maps), default=0)
            looped = max((sim.looped_events(vs, settings) for vs in self.maps), default=0)
        except sim.SimulationError as exc:
            self.add_error(None, str(exc))
            return data
        over = max(events / WEB_MAX_EVENTS, looped / WEB_MAX_LOOPED)
        if over > 1:
            most = max(1, int(settings.jobs / over))
            self.add_error(
                "jobs",
                _(
                    "Too long a run for this page with these maps: at most %(jobs)s units with "
                    "%(replications)s replications (fewer replications allow more units; "
                    "`obeya simulate` goes further)."
                )
                % {"jobs": most, "replications": settings.replications},
            )
        return data

    @staticmethod
    def simulation_settings(data: dict) -> sim.SimulationSettings:
        return sim.SimulationSettings(
            jobs=data["jobs"], replications=data["replications"], seed=data["seed"] or 0
        )

    @property
    def settings(self) -> sim.SimulationSettings:
        return self.simulation_settings(self.cleaned_data)
