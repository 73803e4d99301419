"""Drawing a value stream map as SVG, with the icons of the paper map (Rother & Shook).

Pure string building, no library: the same function feeds the CLI's `--svg`, the web page and
the PDF export. Layout, top to bottom: supplier, production control and customer with the
information flows between them; then the material flow in rows (process boxes with their data
boxes, inventory triangles, push arrows), a row wrapping to the next through lettered connectors
when the stream is longer than `max_row_width`; each row has its lead-time ladder, the totals
close the last one. Every element carries a class and data attributes (`<g class="step"
data-step="Bending">`) and a `<title>` with the formula and its inputs, so the web UI can add
hover explanations without parsing text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from html import escape

from obeya.core.vsm import (
    CUSTOMER,
    INFORMATION_KINDS,
    METRIC_FORMULAS,
    PRODUCTION_CONTROL,
    SUPPLIER,
    Customer,
    InformationFlow,
    Inventory,
    InventoryMetrics,
    Process,
    ProductionControl,
    StepMetrics,
    ValueStream,
    VsmMetrics,
    compute_metrics,
)
from obeya.core.vsm import format_number as _format_number

MARGIN = 20
SIDE_W = 150  # the supplier's and the customer's columns
ICON_W, ICON_H = 120, 80  # factory icons
BOX_W, BOX_H = 130, 66  # process boxes
INV_W = 100  # an inventory's slot between two process boxes
JOIN_W = 44  # the gap between two steps in continuous flow
PC_W = 190
CONNECTOR_W = 34
ROW_GAP = 26
LINE = 14  # data box line height
TOP_SOURCES = (PRODUCTION_CONTROL, CUSTOMER, SUPPLIER)  # order of the information buses

STYLE = """
.vsm text{font-family:Helvetica,Arial,sans-serif;fill:#1c2329;font-size:11px}
.vsm .title{font-size:17px;font-weight:bold}
.vsm .name{font-size:12px;font-weight:bold}
.vsm .small{font-size:10px}
.vsm .label{font-size:10px;fill:#37474f;paint-order:stroke;stroke:#fff;stroke-width:3px;
stroke-linejoin:round}
.vsm .strong{font-weight:bold}
.vsm .over{fill:#c62828}
.vsm .box{fill:#fff;stroke:#263238;stroke-width:1.5}
.vsm .panel{fill:#f7f9fa;stroke:#263238;stroke-width:1}
.vsm .on-dark{fill:#fff}
.vsm .over-takt .box{stroke:#c62828;stroke-width:3}
.vsm .factory path{fill:#eceff1;stroke:#263238;stroke-width:1.5}
.vsm .info{fill:none;stroke:#455a64;stroke-width:1.3}
.vsm .info.kanban{stroke-dasharray:5 3}
.vsm .ladder path{fill:none;stroke:#263238;stroke-width:1.5}
.vsm .triangle{fill:#ffd54f;stroke:#263238;stroke-width:1.5}
.vsm .shelf{fill:none;stroke:#263238;stroke-width:2}
""".strip()


@dataclass(frozen=True)
class DrawingLabels:
    """Every fixed text the drawing writes, English by default.

    The core stays framework-free: a web page builds these in the reader's language (see
    `obeya.valuestreams.drawing`) and passes them to `draw_svg`. Names the user typed (steps,
    inventories, flow labels and frequencies) are drawn as typed; the defaults the core fills in
    when the map leaves them out (production control's name, the unit "pcs") are translated.

    Fields ending in a `%(...)s` placeholder are templates, filled with `%`; a template a
    translation broke (a placeholder renamed) falls back to the English one rather than failing.
    `format_number(value, decimals)` writes every number: at most `decimals` decimals, trailing
    zeros dropped ("52.5", "25,200"); a French one writes "52,5" and "25 200".
    """

    # numbers and units
    format_number: Callable[[float, int], str] = _format_number
    seconds: str = "%(value)s s"
    minutes: str = "%(value)s min"
    hours: str = "%(value)s h"
    day: str = "%(value)s day"  # when the number reads 1 (French: below 2)
    days: str = "%(value)s days"
    singular_below_two: bool = False
    """French grammar keeps the singular up to 2: "0,5 jour", "1,5 jour", "2,5 jours"."""
    percent: str = "%(value)s %%"
    pieces: str = "pcs"  # the customer's unit when the map keeps the default one
    times: str = "x"  # the multiplication sign of the worked formulas
    minus: str = "-"
    # the map and its top band
    map_title: str = "Value stream map"
    map_title_named: str = "Value stream map: %(name)s"
    supplier: str = "Supplier"
    production_control: str = "Production control"
    transport: str = "Transport"
    transport_named: str = "Transport: %(label)s"
    # the customer's data box
    per_day: str = "%(value)s %(unit)s/day"
    shifts_per_day: str = "%(shifts)s shift(s) x %(seconds)s"
    takt: str = "Takt %(value)s"
    daily_demand_title: str = "Daily demand"
    takt_time_title: str = "Takt time"
    # process and data boxes
    cycle_time: str = "C/T"
    changeover: str = "C/O"
    uptime: str = "Uptime"
    operators: str = "Operators"
    batch: str = "Batch"
    scrap: str = "Scrap"
    machines: str = "Machines"
    value_added: str = "Value added"
    shifts: str = "Shifts"
    effective_cycle_time: str = "Eff. C/T"
    of_takt: str = "%(percent)s of takt"
    bottleneck: str = "bottleneck"
    effective_cycle_time_title: str = "Effective C/T"
    takt_ratio_title: str = "Takt ratio"
    slower_than_takt: str = "slower than takt"
    bottleneck_title: str = "Bottleneck: %(formula)s"
    no_batch_size: str = "no batch size"
    # inventories and the material flow
    inventory: str = "Inventory"
    supermarket: str = "Supermarket"
    fifo_lane: str = "FIFO lane"
    fifo_icon: str = "FIFO"
    inventory_icon: str = "I"
    days_given: str = "Days given: %(days)s"
    days_title: str = "Days"
    value_title: str = "Value"
    push: str = "Push: made to schedule, not to need"
    pull: str = "Pull: withdrawal from a supermarket"
    # information flows
    information_kinds: Mapping[str, str] = field(
        default_factory=lambda: {kind: kind.replace("_", " ") for kind in INFORMATION_KINDS}
    )
    information_text: str = "%(frequency)s %(kind)s"  # a flow without a label of its own
    places: Mapping[str, str] = field(
        default_factory=lambda: {place: place for place in (CUSTOMER, SUPPLIER, PRODUCTION_CONTROL)}
    )
    flow_title: str = "%(text)s: %(source)s -> %(target)s"
    electronic: str = "electronic"
    flow_to: str = "%(text)s to %(step)s"
    flow_from: str = "%(text)s from %(step)s"
    # the lead-time ladder's totals
    lead_time: str = "Lead time"
    processing_time: str = "Processing time"
    pce: str = "PCE"
    lead_time_inputs: str = "%(inventory)s days in inventory + %(steps)s days in the steps"
    # the formulas in words of the tooltips, keyed like METRIC_FORMULAS
    formulas: Mapping[str, str] = field(default_factory=lambda: dict(METRIC_FORMULAS))

    def fill(self, template: str, /, **values: object) -> str:
        """The field `template` filled with `values`; the English one when the translated
        template does not fit them."""
        try:
            return getattr(self, template) % values
        except (KeyError, TypeError, ValueError):
            return _ENGLISH_TEMPLATES[template] % values

    def formula(self, key: str) -> str:
        return self.formulas.get(key) or METRIC_FORMULAS[key]


_ENGLISH_TEMPLATES = {
    f.name: f.default for f in fields(DrawingLabels) if isinstance(f.default, str)
}
ENGLISH = DrawingLabels()


def draw_svg(
    vs: ValueStream,
    metrics: VsmMetrics | None = None,
    *,
    max_row_width: float = 1400,
    id_prefix: str = "vsm",
    labels: DrawingLabels | None = None,
) -> str:
    """The value stream map as a standalone SVG document (a string).

    `metrics` saves recomputing when the caller has them. Rows wrap past `max_row_width`
    pixels of material flow; `id_prefix` keeps ids unique when a page shows several maps
    (current and future state side by side); `labels` are the drawing's words and number
    format, English when not given.
    """
    metrics = metrics or compute_metrics(vs)
    return _Drawing(vs, metrics, max_row_width, id_prefix, labels or ENGLISH).render()


# --------------------------------------------------------------------------------------------
# Small builders


def _n(v: float) -> str:
    """A coordinate, short: 12.0 -> "12", 12.25 -> "12.2"."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _text(x: float, y: float, content: str, cls: str = "", anchor: str = "start", **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    klass = f' class="{cls}"' if cls else ""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_n(x)}" y="{_n(y)}"{klass}{a}{extra}>{_e(content)}</text>'


def _title(text: str) -> str:
    return f"<title>{_e(text)}</title>"


def _path(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _wrap(text: str, width_px: float, size: float = 11, lines: int = 2) -> list[str]:
    """Break a name into at most `lines` lines that fit; the last one ends with "…" when cut
    (the full name stays in the tooltip)."""
    per_line = max(4, int(width_px / (size * 0.56)))
    words, out, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
    if current:
        out.append(current)
    out = [w if len(w) <= per_line else w[: per_line - 1] + "…" for w in out]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: per_line - 1].rstrip() + "…"
    return out or [""]


def _pct(ratio: float, labels: DrawingLabels) -> str:
    """A percentage with enough digits to be non-zero: 0.7 -> "70 %", 0.000208 -> "0.021 %"."""
    pct, number = ratio * 100, labels.format_number
    if pct == 0:
        return labels.fill("percent", value=number(0, 0))
    if pct >= 10:
        return labels.fill("percent", value=number(pct, 0))
    decimals = max(1, 1 - math.floor(math.log10(abs(pct))))
    return labels.fill("percent", value=number(pct, decimals))


def _seconds(value: float, decimals: int, labels: DrawingLabels) -> str:
    return labels.fill("seconds", value=labels.format_number(value, decimals))


def _duration(seconds: float, labels: DrawingLabels) -> str:
    """Seconds the way a data box shows them: "35 s", "30 min", "1.5 h" (as
    `obeya.core.vsm.format_duration_s`, in the labels' words)."""
    number = labels.format_number
    if seconds >= 3600 and seconds % 360 == 0:
        return labels.fill("hours", value=number(seconds / 3600, 1))
    if seconds >= 60 and seconds % 30 == 0:
        return labels.fill("minutes", value=number(seconds / 60, 1))
    return _seconds(seconds, 1 if seconds >= 10 else 2, labels)


def _days(days: float, labels: DrawingLabels) -> str:
    """As `obeya.core.vsm.format_days`: "1 day", "2.5 days", "0.25 days"."""
    decimals = 1 if days >= 1 else 2
    text = labels.format_number(days, decimals)
    if labels.singular_below_two:
        one = abs(round(days, decimals)) < 2
    else:
        one = text == labels.format_number(1, 1)
    return labels.fill("day" if one else "days", value=text)


def _factory(x: float, y: float, w: float, h: float, name: str, cls: str, ident: str) -> str:
    """The factory icon: a building with a saw-tooth roof, the name inside."""
    roof = 24
    body = [
        (x, y + h),
        (x, y + roof),
        (x + w / 3, y),
        (x + w / 3, y + roof),
        (x + 2 * w / 3, y),
        (x + 2 * w / 3, y + roof),
        (x + w, y),
        (x + w, y + h),
    ]
    parts = [
        f'<g class="factory {cls}" id="{ident}">',
        _title(name),
        f"<path d='{_path(body)} Z'/>",
    ]
    lines = _wrap(name, w - 12, 12)
    base = y + roof + (h - roof) / 2 - (len(lines) - 1) * 7 + 4
    for i, line in enumerate(lines):
        parts.append(_text(x + w / 2, base + 14 * i, line, "name", "middle"))
    parts.append("</g>")
    return "".join(parts)


def _truck(x: float, y: float, label: str | None, cls: str, labels: DrawingLabels) -> str:
    """The truck of a shipment, with its frequency beneath."""
    parts = [
        f'<g class="transport {cls}">',
        _title(labels.fill("transport_named", label=label) if label else labels.transport),
        f'<rect x="{_n(x)}" y="{_n(y)}" width="36" height="18" fill="#fff" stroke="#263238"/>',
        f"<path d='M{_n(x + 36)},{_n(y + 18)} V{_n(y + 5)} H{_n(x + 45)} L{_n(x + 51)},"
        f"{_n(y + 11)} V{_n(y + 18)} Z' fill='#fff' stroke='#263238'/>",
        f'<circle cx="{_n(x + 9)}" cy="{_n(y + 20)}" r="4" fill="#263238"/>',
        f'<circle cx="{_n(x + 43)}" cy="{_n(y + 20)}" r="4" fill="#263238"/>',
    ]
    if label:
        for i, line in enumerate(_wrap(label, 110, 10)):
            parts.append(_text(x + 26, y + 38 + 12 * i, line, "label", "middle"))
    parts.append("</g>")
    return "".join(parts)


def _shipment(points: list[tuple[float, float]], cls: str) -> str:
    """The wide hollow shipment arrow: a thick dark line with a white core and a white head."""
    *body, end = points
    (px, py) = body[-1]
    dx, dy = end[0] - px, end[1] - py
    length = math.hypot(dx, dy) or 1
    ux, uy = dx / length, dy / length
    base = (end[0] - ux * 16, end[1] - uy * 16)
    nx, ny = -uy, ux
    head = [
        (base[0] + nx * 13, base[1] + ny * 13),
        end,
        (base[0] - nx * 13, base[1] - ny * 13),
    ]
    line = _path([*body, (base[0] + ux, base[1] + uy)])
    return (
        f'<g class="shipment {cls}">'
        f"<path d='{line}' fill='none' stroke='#263238' stroke-width='14'/>"
        f"<path d='{line}' fill='none' stroke='#fff' stroke-width='10'/>"
        f"<path d='{_path(head)} Z' fill='#fff' stroke='#263238' stroke-width='2'/></g>"
    )


# --------------------------------------------------------------------------------------------
# Layout


@dataclass
class _Slot:
    index: int  # in vs.flow
    item: Process | Inventory
    row: int
    x: float
    w: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass
class _Row:
    slots: list[_Slot] = field(default_factory=list)
    top: float = 0
    box_y: float = 0
    ladder_y: float = 0  # the high level of the ladder
    bottom: float = 0

    @property
    def end(self) -> float:
        return self.slots[-1].right if self.slots else 0


def _groups(flow: tuple[Process | Inventory, ...]) -> list[list[int]]:
    """Flow indices grouped so a row never breaks between an inventory and the step it feeds:
    each group is the inventory before a step and the step; what follows the last step joins
    the last group."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i, item in enumerate(flow):
        current.append(i)
        if isinstance(item, Process):
            groups.append(current)
            current = []
    if current:
        if groups:
            groups[-1].extend(current)
        else:
            groups.append(current)
    return groups


def _width(item: Process | Inventory) -> float:
    return BOX_W if isinstance(item, Process) else INV_W


class _Drawing:
    def __init__(
        self,
        vs: ValueStream,
        m: VsmMetrics,
        max_row_width: float,
        prefix: str,
        labels: DrawingLabels,
    ):
        self.vs, self.m, self.p, self.l = vs, m, prefix, labels
        self.num = labels.format_number
        # the unit the map keeps by default is one of the drawing's words
        self.unit = labels.pieces if vs.customer.unit == Customer.unit else vs.customer.unit
        self.out: list[str] = []
        self.step_metrics = {s.name: s for s in m.steps}
        inv_metrics = iter(m.inventories)
        self.inv_metrics: dict[int, InventoryMetrics] = {
            i: next(inv_metrics) for i, item in enumerate(vs.flow) if isinstance(item, Inventory)
        }
        uses = {f.source for f in vs.information} | {f.target for f in vs.information}
        self.has_supplier = bool(
            vs.supplier
            or vs.transport.supplier
            or SUPPLIER in uses
            or isinstance(vs.flow[0], Inventory)
        )
        self.has_control = vs.production_control is not None or PRODUCTION_CONTROL in uses
        self.x_start = MARGIN + (SIDE_W if self.has_supplier else 50)
        self._pack(max_row_width)

    # -- geometry ---------------------------------------------------------------------------

    def _pack(self, max_row_width: float) -> None:
        rows: list[_Row] = [_Row()]
        x = self.x_start
        for group in _groups(self.vs.flow):
            width = sum(_width(self.vs.flow[i]) for i in group)
            joins = self._joins(group, first_in_row=not rows[-1].slots)
            if rows[-1].slots and x + width + joins - self.x_start > max_row_width:
                rows.append(_Row())
                x = self.x_start
                joins = self._joins(group, first_in_row=True)
            for i in group:
                item = self.vs.flow[i]
                prev = self.vs.flow[i - 1] if i else None
                if isinstance(item, Process) and isinstance(prev, Process) and rows[-1].slots:
                    x += JOIN_W
                rows[-1].slots.append(_Slot(i, item, len(rows) - 1, x, _width(item)))
                x += _width(item)
        self.rows = rows
        self.slots = {s.index: s for r in rows for s in r.slots}
        self.step_slot = {
            s.item.name: s for s in self.slots.values() if isinstance(s.item, Process)
        }
        content = max(r.end for r in rows) - self.x_start
        content += CONNECTOR_W if len(rows) > 1 else 0
        # room for the top band (supplier, production control, customer and their arrows)
        content = max(content, 720 - self.x_start + MARGIN)
        self.trunk_x0 = self.x_start + content + 18
        self.cust_x = self.trunk_x0 + 8 * len(TOP_SOURCES) + 22
        self.width = self.cust_x + ICON_W + MARGIN
        # the totals box after the last row's ladder
        self.width = max(self.width, rows[-1].end + 16 + 210 + MARGIN)
        self.top = MARGIN + (34 if self.vs.name else 0)

    def _joins(self, group: list[int], first_in_row: bool) -> float:
        joins = 0.0
        for i in group:
            prev = self.vs.flow[i - 1] if i else None
            if isinstance(self.vs.flow[i], Process) and isinstance(prev, Process):
                joins += 0 if first_in_row and i == group[0] else JOIN_W
        return joins

    # -- the whole ---------------------------------------------------------------------------

    def render(self) -> str:
        top_flows, bus_flows, step_flows = self._sort_flows()
        band_bottom = self._top_band(top_flows)
        y = band_bottom + 24
        for row in self.rows:
            row.top = y
            row.box_y = y + 60
            y = self._layout_row(row) + ROW_GAP
        height = y - ROW_GAP + MARGIN
        self._material_arrows()
        for row in self.rows:
            for slot in row.slots:
                if isinstance(slot.item, Process):
                    self._process(slot, row)
                else:
                    self._inventory(slot, row)
        self._connectors()
        self._shipments()
        self._buses(bus_flows)
        self._step_flows(step_flows)
        for r, row in enumerate(self.rows):
            self._ladder(row, last=r == len(self.rows) - 1)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="vsm" id="{_e(self.p)}" '
            f'width="{_n(self.width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(self.width)} {_n(height)}" role="img">'
            f"{_title(self._map_title())}"
            f"<style>{STYLE}</style>{self._defs()}"
            f'<rect width="100%" height="100%" fill="#fff"/>'
        )
        if self.vs.name:
            self.out.insert(0, _text(MARGIN, MARGIN + 16, self.vs.name, "title"))
        return head + "".join(self.out) + "</svg>\n"

    def _map_title(self) -> str:
        if self.vs.name:
            return self.l.fill("map_title_named", name=self.vs.name)
        return self.l.map_title

    def _defs(self) -> str:
        p = _e(self.p)
        return (
            "<defs>"
            f'<pattern id="{p}-stripes" width="8" height="8" patternUnits="userSpaceOnUse">'
            '<rect width="8" height="8" fill="#fff"/><rect width="4" height="8" fill="#263238"/>'
            "</pattern>"
            f'<marker id="{p}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
            'markerHeight="8" orient="auto-start-reverse" markerUnits="userSpaceOnUse">'
            '<path d="M0,1 L10,5 L0,9 z" fill="#455a64"/></marker>'
            f'<marker id="{p}-solid" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
            'markerHeight="10" orient="auto" markerUnits="userSpaceOnUse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#263238"/></marker>'
            "</defs>"
        )

    def _sort_flows(
        self,
    ) -> tuple[list[InformationFlow], list[InformationFlow], list[InformationFlow]]:
        top, bus, steps = [], [], []
        for f in self.vs.information:
            ends = (f.source in TOP_SOURCES, f.target in TOP_SOURCES)
            if all(ends):
                top.append(f)
            elif any(ends):
                bus.append(f)
            else:
                steps.append(f)
        return top, bus, steps

    # -- top band: supplier, production control, customer -----------------------------------

    def _top_band(self, flows: list[InformationFlow]) -> float:
        vs, y = self.vs, self.top
        sup_x1 = MARGIN + ICON_W
        pairs: dict[tuple[str, str], list[InformationFlow]] = {}
        for f in flows:
            pairs.setdefault(tuple(sorted((f.source, f.target))), []).append(f)  # type: ignore[arg-type]
        side_flows = max((len(v) for v in pairs.values()), default=0)
        self.pc_box = None
        bottom = y + ICON_H
        if self.has_control:
            pc = vs.production_control
            default = not pc or pc.name == ProductionControl.name
            name = self.l.production_control if default else pc.name  # type: ignore[union-attr]
            h = max(62, 28 + 26 * side_flows)
            x = (sup_x1 + self.cust_x) / 2 - PC_W / 2
            self.pc_box = (x, y + 4, PC_W, h)
            parts = [
                f'<g class="production-control" id="{self.p}-production-control">',
                _title(name + (f" ({pc.system})" if pc and pc.system else "")),
                f'<rect class="box" x="{_n(x)}" y="{_n(y + 4)}" width="{PC_W}" height="{_n(h)}"/>',
                _text(x + PC_W / 2, y + 24, name, "name", "middle"),
            ]
            if pc and pc.system:
                parts.append(_text(x + PC_W / 2, y + 40, pc.system, "label", "middle"))
            parts.append("</g>")
            self.out.append("".join(parts))
            bottom = max(bottom, y + 4 + h)
        if self.has_supplier:
            name = vs.supplier.name if vs.supplier else self.l.supplier
            self.out.append(
                _factory(MARGIN, y, ICON_W, ICON_H, name, "supplier", f"{self.p}-supplier")
            )
        cname = vs.customer.name
        self.out.append(
            _factory(self.cust_x, y, ICON_W, ICON_H, cname, "customer", f"{self.p}-customer")
        )
        self._customer_box(y + ICON_H + 6)
        # information flows between the three
        anchors = {
            SUPPLIER: (sup_x1, sup_x1),
            CUSTOMER: (self.cust_x, self.cust_x),
        }
        if self.pc_box:
            anchors[PRODUCTION_CONTROL] = (self.pc_box[0], self.pc_box[0] + PC_W)
        for (a, b), group in pairs.items():
            for k, f in enumerate(group):
                left, right = sorted((a, b), key=lambda e: anchors[e][0])
                x1, x2 = anchors[left][1], anchors[right][0]
                fy = y + 30 + 26 * k
                if {a, b} == {SUPPLIER, CUSTOMER} and self.pc_box:
                    fy = self.pc_box[1] + self.pc_box[3] + 18 + 26 * k
                start, end = (x1, x2) if f.source == left else (x2, x1)
                self.out.append(self._info_line([(start, fy), (end, fy)], f, label_above=True))
        return max(bottom, y + ICON_H + 10)

    def _customer_box(self, y: float) -> None:
        vs, m, lb, num, unit = self.vs, self.m, self.l, self.num, self.unit
        c = vs.customer
        lines = [
            (f"{num(c.demand, 2)} {unit} / {_days(c.period_days, lb)}", "", None),
            (lb.fill("per_day", value=num(m.daily_demand, 2), unit=unit), "", "daily_demand"),
            (
                lb.fill(
                    "shifts_per_day",
                    shifts=num(vs.work.shifts, 2),
                    seconds=_seconds(vs.work.available_s_per_shift, 0, lb),
                ),
                "",
                "available_s_per_day",
            ),
            (lb.fill("takt", value=_seconds(m.takt_time_s, 1, lb)), "strong", "takt_time_s"),
        ]
        h = 10 + LINE * len(lines)
        tip = (
            f"{lb.daily_demand_title} = {lb.formula('daily_demand')} = "
            f"{num(c.demand, 2)} / {num(c.period_days, 2)} = "
            f"{num(m.daily_demand, 2)} {unit}\n"
            f"{lb.takt_time_title} = {lb.formula('takt_time_s')} = "
            f"{num(m.available_s_per_day, 0)} / {num(m.daily_demand, 2)} = "
            f"{_seconds(m.takt_time_s, 2, lb)}"
        )
        parts = [
            '<g class="data-box customer-data">',
            _title(tip),
            f'<rect class="panel" x="{_n(self.cust_x)}" y="{_n(y)}" width="{ICON_W}" '
            f'height="{_n(h)}"/>',
        ]
        for i, (text, cls, metric) in enumerate(lines):
            attrs = {"data_metric": metric} if metric else {}
            klass = f"kpi {cls}".strip() if metric else cls
            parts.append(_text(self.cust_x + 6, y + 14 + LINE * i, text, klass, **attrs))
        parts.append("</g>")
        self.out.append("".join(parts))
        self.cust_box_bottom = y + h

    # -- one row of the material flow ---------------------------------------------------------

    def _data_lines(self, s: StepMetrics) -> list[tuple[str, str]]:
        lb, num = self.l, self.num
        lines = [
            (
                lb.cycle_time,
                _duration(s.cycle_time_s, lb)
                if s.cycle_time_s >= 3600
                else _seconds(s.cycle_time_s, 2, lb),
            ),
            (lb.changeover, _duration(s.changeover_s, lb) if s.changeover_s else num(0, 0)),
            (lb.uptime, _pct(s.uptime, lb)),
            (lb.operators, num(s.operators, 2)),
        ]
        if s.batch_size:
            lines.append((lb.batch, num(s.batch_size, 0)))
        if s.scrap_rate:
            lines.append((lb.scrap, _pct(s.scrap_rate, lb)))
        if s.machines > 1:
            lines.append((lb.machines, str(s.machines)))
        if s.value_added_share != 1:
            lines.append((lb.value_added, _pct(s.value_added_share, lb)))
        lines.append((lb.shifts, num(s.shifts, 2)))
        return lines

    def _layout_row(self, row: _Row) -> float:
        deepest = row.box_y + BOX_H + 60  # inventory texts
        for slot in row.slots:
            if isinstance(slot.item, Process):
                s = self.step_metrics[slot.item.name]
                h = 12 + LINE * len(self._data_lines(s)) + 44
                deepest = max(deepest, row.box_y + BOX_H + h)
        row.ladder_y = deepest + 30
        row.bottom = row.ladder_y + 26 + 22
        return row.bottom

    def _process(self, slot: _Slot, row: _Row) -> None:
        s = self.step_metrics[slot.item.name]  # type: ignore[union-attr]
        x, y = slot.x, row.box_y
        classes = (
            "step" + (" over-takt" if s.over_takt else "") + (" bottleneck" if s.bottleneck else "")
        )
        lb, num, times, minus = self.l, self.num, self.l.times, self.l.minus
        batch = num(s.batch_size, 0) if s.batch_size else lb.no_batch_size
        tip = [
            s.name,
            f"{lb.effective_cycle_time_title} = {lb.formula('steps.effective_cycle_time_s')} = "
            f"({num(s.cycle_time_s, 2)} + {num(s.changeover_s, 0)} / {batch})"
            f" / ({num(s.uptime, 3)} {times} (1 {minus} {num(s.scrap_rate, 3)}) {times} "
            f"{s.machines}) = {_seconds(s.effective_cycle_time_s, 2, lb)}",
            f"{lb.takt_ratio_title} = {lb.formula('steps.takt_ratio')} = "
            f"{num(s.effective_cycle_time_s, 2)} / {num(s.takt_time_s, 2)} = "
            f"{_pct(s.takt_ratio, lb)}" + (f" - {lb.slower_than_takt}" if s.over_takt else ""),
        ]
        if s.bottleneck:
            tip.append(lb.fill("bottleneck_title", formula=lb.formula("bottleneck")))
        parts = [
            f'<g class="{classes}" id="{self.p}-step-{slot.index}" data-step="{_e(s.name)}" '
            f'data-takt-ratio="{s.takt_ratio:.4f}">',
            _title("\n".join(tip)),
            f'<rect class="box" x="{_n(x)}" y="{_n(y)}" width="{BOX_W}" height="{BOX_H}"/>',
            f'<line x1="{_n(x)}" y1="{_n(y + 40)}" x2="{_n(x + BOX_W)}" y2="{_n(y + 40)}" '
            'stroke="#b0bec5"/>',
        ]
        lines = _wrap(s.name, BOX_W - 10, 12)
        for i, line in enumerate(lines):
            parts.append(
                _text(
                    x + BOX_W / 2,
                    y + (22 if len(lines) == 1 else 16) + 14 * i,
                    line,
                    "name",
                    "middle",
                )
            )
        # the operator icon and the count
        ox, oy = x + 14, y + 53
        parts.append(
            f'<circle cx="{_n(ox)}" cy="{_n(oy - 4)}" r="3.6" fill="#263238"/>'
            f"<path d='M{_n(ox - 6)},{_n(oy + 8)} a6,6 0 0 1 12,0 Z' fill='#263238'/>"
        )
        parts.append(_text(ox + 10, oy + 6, num(s.operators, 2), "small"))
        if s.machines > 1:
            parts.append(_text(x + 44, oy + 6, f"x{s.machines}", "small"))
        if s.bottleneck:
            parts.append(
                f'<rect x="{_n(x + BOX_W - 68)}" y="{_n(y + 45)}" width="62" height="15" rx="3" '
                f'fill="{"#c62828" if s.over_takt else "#546e7a"}" class="bottleneck-tag"/>'
                + _text(x + BOX_W - 37, y + 56, lb.bottleneck, "small on-dark", "middle")
            )
        if s.over_takt:
            parts.append(
                f'<g class="over-takt-marker"><circle cx="{_n(x + BOX_W)}" cy="{_n(y)}" r="10" '
                f'fill="#c62828"/>{_text(x + BOX_W, y + 4.5, "!", "strong on-dark", "middle")}'
                "</g>"
            )
        parts.append("</g>")
        self.out.append("".join(parts))
        self._data_box(slot, s, y + BOX_H)

    def _data_box(self, slot: _Slot, s: StepMetrics, y: float) -> None:
        x = slot.x
        lines = self._data_lines(s)
        h = 12 + LINE * len(lines) + 44
        parts = [
            f'<g class="data-box" data-step="{_e(s.name)}">',
            f'<rect class="panel" x="{_n(x)}" y="{_n(y)}" width="{BOX_W}" height="{_n(h)}"/>',
        ]
        for i, (label, value) in enumerate(lines):
            ly = y + 14 + LINE * i
            parts.append(_text(x + 6, ly, label))
            parts.append(_text(x + BOX_W - 6, ly, value, anchor="end"))
        ly = y + 12 + LINE * len(lines)
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(ly - 6)}" x2="{_n(x + BOX_W)}" y2="{_n(ly - 6)}" '
            'stroke="#263238"/>'
        )
        over = " over" if s.over_takt else ""
        parts.append(
            _text(
                x + 6,
                ly + 8,
                self.l.effective_cycle_time,
                "strong" + over,
                data_metric="steps.effective_cycle_time_s",
            )
        )
        parts.append(
            _text(
                x + BOX_W - 6,
                ly + 8,
                _seconds(s.effective_cycle_time_s, 1, self.l),
                "strong" + over,
                "end",
            )
        )
        # takt gauge: the bar fills to the takt ratio, the tick marks takt
        bx, by, bw = x + 6, ly + 16, BOX_W - 12
        scale = 1.25
        fill = min(s.takt_ratio, scale) / scale * bw
        colour = "#c62828" if s.over_takt else ("#f9a825" if s.takt_ratio > 0.9 else "#2e7d32")
        parts.append(
            f'<g class="takt-gauge" data-metric="steps.takt_ratio">'
            f'<rect x="{_n(bx)}" y="{_n(by)}" width="{_n(bw)}" height="7" fill="#e0e0e0"/>'
            f'<rect x="{_n(bx)}" y="{_n(by)}" width="{_n(fill)}" height="7" fill="{colour}"/>'
            f'<line x1="{_n(bx + bw / scale)}" y1="{_n(by - 3)}" x2="{_n(bx + bw / scale)}" '
            f'y2="{_n(by + 10)}" stroke="#263238" stroke-width="1.5"/></g>'
        )
        of_takt = self.l.fill("of_takt", percent=_pct(s.takt_ratio, self.l))
        parts.append(_text(x + 6, by + 20, of_takt, "small" + over))
        parts.append("</g>")
        self.out.append("".join(parts))

    def _inventory(self, slot: _Slot, row: _Row) -> None:
        inv: Inventory = slot.item  # type: ignore[assignment]
        im = self.inv_metrics[slot.index]
        cx, y = slot.cx, row.box_y
        lb, num = self.l, self.num
        name = inv.name or {"supermarket": lb.supermarket, "fifo": lb.fifo_lane}.get(inv.kind, "")
        if im.days_from == "days":
            how = lb.fill("days_given", days=_days(im.days, lb))
        else:
            how = (
                f"{lb.days_title} = {lb.formula('inventories.days')} = "
                f"{num(im.quantity or 0, 2)} / {num(self.m.daily_demand, 2)} "
                f"= {_days(im.days, lb)}"
            )
        tip = [name or lb.inventory, how]
        if im.value is not None:
            tip.append(
                f"{lb.value_title} = {lb.formula('inventories.value')} = "
                f"{num(im.quantity or 0, 2)} {lb.times} {num(im.unit_value or 0, 2)} = "
                f"{num(im.value, 2)}"
            )
        parts = [
            f'<g class="inventory {inv.kind}" id="{self.p}-inventory-{slot.index}" '
            f'data-kind="{inv.kind}" data-days="{im.days:.4f}">',
            _title("\n".join(tip)),
        ]
        if inv.kind == "supermarket":
            parts.append(
                f"<path class='shelf' d='M{_n(cx - 18)},{_n(y + 4)} H{_n(cx + 18)} V{_n(y + 38)} "
                f"H{_n(cx - 18)} M{_n(cx - 18)},{_n(y + 15)} H{_n(cx + 18)} M{_n(cx - 18)},"
                f"{_n(y + 27)} H{_n(cx + 18)}'/>"
            )
        elif inv.kind == "fifo":
            parts.append(
                f"<path class='shelf' d='M{_n(slot.x + 8)},{_n(y + 10)} H{_n(slot.right - 8)} "
                f"M{_n(slot.x + 8)},{_n(y + 34)} H{_n(slot.right - 8)}'/>"
                + _text(cx, y + 27, lb.fifo_icon, "name", "middle")
            )
        else:
            tri = [(cx, y + 2), (cx + 21, y + 38), (cx - 21, y + 38)]
            parts.append(f"<path class='triangle' d='{_path(tri)} Z'/>")
            parts.append(_text(cx, y + 33, lb.inventory_icon, "name", "middle"))
        ty = y + BOX_H + 10
        if im.quantity is not None:
            parts.append(_text(cx, ty, f"{num(im.quantity, 2)} {self.unit}", "", "middle"))
            ty += 13
        parts.append(_text(cx, ty, _days(im.days, lb), "strong", "middle"))
        ty += 13
        for line in _wrap(name, INV_W - 6, 10):
            parts.append(_text(cx, ty, line, "label", "middle"))
            ty += 12
        parts.append("</g>")
        self.out.append("".join(parts))

    # -- arrows of the material flow ----------------------------------------------------------

    def _arrow_y(self, slot: _Slot) -> float:
        return self.rows[slot.row].box_y + 52

    def _material_arrows(self) -> None:
        flow = self.vs.flow
        steps = [i for i, item in enumerate(flow) if isinstance(item, Process)]
        for a, b in zip(steps, steps[1:], strict=False):
            between = [flow[i] for i in range(a + 1, b)]
            kind = between[0].kind if between else "join"  # type: ignore[union-attr]
            sa, sb = self.slots[a], self.slots[b]
            if sa.row == sb.row:
                self.out.append(self._material(sa.right, sb.x, self._arrow_y(sa), kind))
            else:
                end = self.rows[sa.row].end + 18
                self.out.append(self._material(sa.right, end - 10, self._arrow_y(sa), kind))
                self.out.append(
                    self._material(self.x_start - 12, sb.x, self._arrow_y(sb), kind, half=True)
                )

    def _material(self, x1: float, x2: float, y: float, kind: str, half: bool = False) -> str:
        """Push arrow (striped) through an inventory, pull (circular arrow) through a
        supermarket, plain arrow for a FIFO lane or continuous flow."""
        if kind == "inventory":
            body = (
                f'<rect x="{_n(x1 + 2)}" y="{_n(y - 5)}" width="{_n(max(x2 - x1 - 16, 1))}" '
                f'height="10" fill="url(#{self.p}-stripes)" stroke="#263238"/>'
            )
            head = [(x2 - 14, y - 10), (x2, y), (x2 - 14, y + 10)]
            return (
                f'<g class="push-arrow">{_title(self.l.push)}{body}'
                f"<path d='{_path(head)} Z' fill='#263238'/></g>"
            )
        line = (
            f"<path d='M{_n(x1 + 2)},{_n(y)} H{_n(x2 - 1)}' stroke='#263238' stroke-width='2' "
            f"marker-end='url(#{self.p}-solid)' fill='none'/>"
        )
        if kind == "supermarket" and not half:
            cx = (x1 + x2) / 2
            line = (
                f"<path d='M{_n(x1 + 2)},{_n(y)} H{_n(cx - 14)} M{_n(cx + 14)},{_n(y)} "
                f"H{_n(x2 - 1)}' stroke='#263238' stroke-width='2' "
                f"marker-end='url(#{self.p}-solid)' fill='none'/>"
                f"<path d='M{_n(cx + 9)},{_n(y + 6)} A11,11 0 1 1 {_n(cx + 10)},{_n(y - 4)}' "
                f"fill='none' stroke='#263238' stroke-width='2.5' "
                f"marker-end='url(#{self.p}-solid)'/>"
            )
            return f'<g class="pull-arrow">{_title(self.l.pull)}{line}</g>'
        names = {"supermarket": "pull-arrow", "fifo": "fifo-arrow", "join": "flow-arrow"}
        return f'<g class="{names[kind]}">{line}</g>'

    def _connectors(self) -> None:
        """Lettered circles where a row continues on the next."""
        for r in range(len(self.rows) - 1):
            letter = chr(ord("A") + r) if r < 26 else str(r + 1)
            a_slot = next(s for s in reversed(self.rows[r].slots) if isinstance(s.item, Process))
            b_slot = self.rows[r + 1].slots[0]
            for x, slot in ((self.rows[r].end + 18, a_slot), (self.x_start - 22, b_slot)):
                y = self._arrow_y(slot)
                self.out.append(
                    f'<g class="connector" data-connector="{letter}">'
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="10" fill="#fff" stroke="#263238" '
                    f'stroke-width="1.5"/>{_text(x, y + 4, letter, "strong", "middle")}</g>'
                )

    def _shipments(self) -> None:
        first, last = self.slots[0], self.slots[len(self.vs.flow) - 1]
        fy = self.rows[0].box_y + 24
        if self.has_supplier:
            sx = MARGIN + 30
            self.out.append(
                _shipment(
                    [(sx, self.top + ICON_H), (sx, fy), (self._entry_x(first), fy)], "from-supplier"
                )
            )
            if self.vs.transport.supplier:
                self.out.append(
                    _truck(
                        sx + 16,
                        self.top + ICON_H + 14,
                        self.vs.transport.supplier,
                        "supplier",
                        self.l,
                    )
                )
        ly = self.rows[last.row].box_y + 24
        cx = self.cust_x + ICON_W - 24
        self.out.append(
            _shipment(
                [(self._exit_x(last), ly), (cx, ly), (cx, self.cust_box_bottom + 2)], "to-customer"
            )
        )
        if self.vs.transport.customer:
            self.out.append(
                _truck(cx - 26, ly + 14, self.vs.transport.customer, "customer", self.l)
            )

    @staticmethod
    def _entry_x(slot: _Slot) -> float:
        return slot.x - 6 if isinstance(slot.item, Process) else slot.cx - 30

    @staticmethod
    def _exit_x(slot: _Slot) -> float:
        return slot.right + 6 if isinstance(slot.item, Process) else slot.cx + 30

    # -- information flows reaching the steps -------------------------------------------------

    def _info_line(
        self,
        points: list[tuple[float, float]],
        f: InformationFlow,
        label_above: bool = False,
        arrow: bool = True,
    ) -> str:
        """A manual flow is a straight arrow, an electronic one has the zigzag in its last
        segment; kanban flows are dashed."""
        pts = list(points)
        d = _path(pts)
        if f.electronic:
            (x1, y1), (x2, y2) = pts[-2], pts[-1]
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            if abs(x2 - x1) >= abs(y2 - y1):
                sgn = 1 if x2 > x1 else -1
                zig = [
                    (mx - 8 * sgn, my),
                    (mx - 2 * sgn, my - 7),
                    (mx + 2 * sgn, my + 7),
                    (mx + 8 * sgn, my),
                ]
            else:  # a drop onto a step: the zigzag high, clear of the labels
                my = y1 + (y2 - y1) * 0.3
                sgn = 1 if y2 > y1 else -1
                zig = [
                    (mx, my - 6 * sgn),
                    (mx + 6, my - 2 * sgn),
                    (mx - 6, my + 2 * sgn),
                    (mx, my + 6 * sgn),
                ]
            d = _path([*pts[:-1], *zig, pts[-1]])
        ends = f'marker-end="url(#{self.p}-arrow)"' if arrow else ""
        cls = f"info {f.kind}" + (" electronic" if f.electronic else "")
        parts = [
            f'<g class="info-flow" data-kind="{_e(f.kind)}" data-from="{_e(f.source)}" '
            f'data-to="{_e(f.target)}">',
            _title(self._flow_title(f) + (f" ({self.l.electronic})" if f.electronic else "")),
            f"<path class='{cls}' d='{d}' {ends}/>",
        ]
        if label_above:
            (x1, y1), (x2, _) = pts[0], pts[-1]
            lift = 10 if f.electronic else 5
            parts.append(_text((x1 + x2) / 2, y1 - lift, self._flow_text(f), "label", "middle"))
        parts.append("</g>")
        return "".join(parts)

    def _flow_text(self, f: InformationFlow) -> str:
        """What an arrow says: its label, else "<frequency> <kind>" (as
        `InformationFlow.text`, the kind in the labels' words)."""
        if f.label:
            return f.label
        kind = self.l.information_kinds.get(f.kind) or f.kind.replace("_", " ")
        if not f.frequency:
            return kind
        return self.l.fill("information_text", frequency=f.frequency, kind=kind)

    def _flow_title(self, f: InformationFlow) -> str:
        places = self.l.places
        return self.l.fill(
            "flow_title",
            text=self._flow_text(f),
            source=places.get(f.source, f.source),
            target=places.get(f.target, f.target),
        )

    def _drop_xs(self, flows: list[InformationFlow]) -> dict[int, float]:
        """Where each flow lands on its step's box: spread when a step gets several."""
        per_step: dict[str, list[int]] = {}
        for i, f in enumerate(flows):
            step = f.target if f.target not in TOP_SOURCES else f.source
            per_step.setdefault(step, []).append(i)
        xs = {}
        for step, ids in per_step.items():
            slot = self.step_slot[step]
            for j, i in enumerate(ids):
                xs[i] = slot.x + 30 + j * 20
        return xs

    def _buses(self, flows: list[InformationFlow]) -> None:
        """Flows between a step and production control, the customer or the supplier travel
        on one bus per source: down to a lane above each row, along it, then a drop onto the
        step. Lanes of lower rows are reached through a trunk right of the rows."""
        if not flows:
            return
        xs = self._drop_xs(flows)
        per_step: dict[str, list[int]] = {}
        for i, f in enumerate(flows):
            per_step.setdefault(self._step_of(f), []).append(i)
        for k, source in enumerate(TOP_SOURCES):
            mine = [i for i, f in enumerate(flows) if source in (f.source, f.target)]
            if not mine or (source == PRODUCTION_CONTROL and not self.pc_box):
                continue
            trunk = self.trunk_x0 + 8 * k
            rows = sorted({self.step_slot[self._step_of(flows[i])].row for i in mine})
            lane = {r: self.rows[r].top + 6 + 8 * k for r in range(len(self.rows))}
            if source == PRODUCTION_CONTROL:
                x, y, w, h = self.pc_box  # type: ignore[misc]
                entry = [(x + w / 2 - 30 + 20 * k, y + h), (x + w / 2 - 30 + 20 * k, lane[0])]
                entry_x = entry[-1][0]
            elif source == CUSTOMER:
                ey = self.cust_box_bottom - 20
                entry = [(self.cust_x, ey), (trunk, ey), (trunk, lane[0])]
                entry_x = trunk
            else:
                ey = self.top + ICON_H - 10
                entry = [(MARGIN + ICON_W, ey), (self.x_start + 8, ey), (self.x_start + 8, lane[0])]
                entry_x = self.x_start + 8
            segments = [_path(entry)]
            below = [r for r in rows if r > 0]
            for r in sorted(set(rows) | ({0} if below else set())):
                lane_xs = [xs[i] for i in mine if self.step_slot[self._step_of(flows[i])].row == r]
                if r == 0:
                    lane_xs.append(entry_x)
                    if below:
                        lane_xs.append(trunk)
                else:
                    lane_xs.append(trunk)
                segments.append(f"M{_n(min(lane_xs))},{_n(lane[r])} H{_n(max(lane_xs))}")
            if below:
                segments.append(f"M{_n(trunk)},{_n(lane[0])} V{_n(lane[max(below)])}")
            self.out.append(
                f'<g class="info-bus" data-source="{_e(source)}">'
                f"<path class='info' d='{' '.join(segments)}'/></g>"
            )
            for i in mine:
                f = flows[i]
                step = self._step_of(f)
                slot = self.step_slot[step]
                box_y = self.rows[slot.row].box_y
                drop = [(xs[i], lane[slot.row]), (xs[i], box_y - 1)]
                to_step = f.target == step
                if not to_step:  # the arrow points back up the bus, at its source
                    self.out.append(self._reverse_head(entry[0], source))
                self.out.append(self._info_line(drop, f, arrow=to_step))
                # the rightmost drop's label lowest, so no label hides another's line
                ids = per_step[step]
                rank = len(ids) - 1 - ids.index(i)
                self.out.append(
                    _text(xs[i] + 4, box_y - 6 - 12 * rank, self._flow_text(f), "label")
                )

    def _reverse_head(self, point: tuple[float, float], source: str) -> str:
        x, y = point
        if source == PRODUCTION_CONTROL:
            head = [(x - 5, y + 9), (x, y), (x + 5, y + 9)]
        else:
            dx = -1 if source == CUSTOMER else 1
            head = [(x - 9 * dx, y - 5), (x, y), (x - 9 * dx, y + 5)]
        return f"<path d='{_path(head)} Z' fill='#455a64'/>"

    @staticmethod
    def _step_of(f: InformationFlow) -> str:
        return f.target if f.target not in TOP_SOURCES else f.source

    def _step_flows(self, flows: list[InformationFlow]) -> None:
        """Step to step (kanban, signals): an arc above the boxes in one row; across rows, a
        labelled stub at each end."""
        for f in flows:
            a, b = self.step_slot[f.source], self.step_slot[f.target]
            top = self.rows[a.row].box_y
            if a.row == b.row:
                # at the right end of the boxes, clear of the drops and labels of the buses
                x1, x2 = a.right - 12, b.right - 12
                peak = top - 44
                d = (
                    f"M{_n(x1)},{_n(top - 1)} C{_n(x1)},{_n(peak)} {_n(x2)},{_n(peak)} "
                    f"{_n(x2)},{_n(top - 1)}"
                )
                cls = f"info {f.kind}"
                self.out.append(
                    f'<g class="info-flow" data-kind="{_e(f.kind)}" data-from="{_e(f.source)}" '
                    f'data-to="{_e(f.target)}">{_title(self._flow_title(f))}'
                    f"<path class='{cls}' d='{d}' marker-end='url(#{self.p}-arrow)'/>"
                    + _text((x1 + x2) / 2, peak + 8, self._flow_text(f), "label", "middle")
                    + "</g>"
                )
            else:
                flow_text = self._flow_text(f)
                for slot, text, up in (
                    (a, self.l.fill("flow_to", text=flow_text, step=f.target), True),
                    (b, self.l.fill("flow_from", text=flow_text, step=f.source), False),
                ):
                    y = self.rows[slot.row].box_y
                    x = slot.right - 12
                    pts = [(x, y - 1), (x, y - 22)] if up else [(x, y - 22), (x, y - 1)]
                    self.out.append(self._info_line(pts, f))
                    self.out.append(_text(x - 4, y - 26, text, "label", "end"))

    # -- the lead-time ladder -----------------------------------------------------------------

    def _ladder(self, row: _Row, last: bool) -> None:
        hi = row.ladder_y
        lo = hi + 26
        points: list[tuple[float, float]] = []
        texts = []
        for slot in row.slots:
            if isinstance(slot.item, Process):
                s = self.step_metrics[slot.item.name]
                level = lo
                texts.append(
                    _text(
                        slot.cx,
                        lo + 15,
                        _seconds(s.value_added_s, 2, self.l),
                        "",
                        "middle",
                        data_metric="steps.value_added_s",
                    )
                )
            else:
                im = self.inv_metrics[slot.index]
                level = hi
                texts.append(
                    _text(
                        slot.cx,
                        hi - 6,
                        _days(im.days, self.l),
                        "",
                        "middle",
                        data_metric="inventories.days",
                    )
                )
            x1 = slot.x
            if points and points[-1][1] != level:
                points.append((x1, points[-1][1]))
                points.append((x1, level))
            elif not points:
                points.append((x1, level))
            points.append((slot.right, level))
        parts = [
            f'<g class="ladder" data-row="{self.rows.index(row)}">',
            f"<path d='{_path(points)}'/>",
            *texts,
        ]
        if last:
            parts.append(self._totals(points[-1][0] + 16, hi, lo))
        parts.append("</g>")
        self.out.append("".join(parts))

    def _totals(self, x: float, hi: float, lo: float) -> str:
        m, lb, num = self.m, self.l, self.num
        rows = [
            (
                "lead_time_days",
                lb.lead_time,
                _days(m.lead_time_days, lb),
                hi + 3,
                lb.fill(
                    "lead_time_inputs",
                    inventory=num(m.inventory_days, 2),
                    steps=num(m.lead_time_days - m.inventory_days, 4),
                ),
            ),
            (
                "processing_time_s",
                lb.processing_time,
                _seconds(m.processing_time_s, 2, lb),
                lo + 3,
                "",
            ),
            (
                "process_cycle_efficiency",
                lb.pce,
                _pct(m.process_cycle_efficiency, lb),
                lo + 19,
                f"{_seconds(m.processing_time_s, 2, lb)} / "
                f"({lb.fill('days', value=num(m.lead_time_days, 3))} {lb.times} "
                f"{_seconds(m.available_s_per_day, 0, lb)})",
            ),
        ]
        parts = [
            '<g class="ladder-totals">',
            f'<rect x="{_n(x)}" y="{_n(hi - 16)}" width="200" height="{_n(lo - hi + 44)}" '
            'fill="#fff" stroke="#263238" stroke-width="1.5"/>',
        ]
        for key, label, value, y, inputs in rows:
            tip = f"{label} = {lb.formula(key)}" + (f"\n= {inputs}" if inputs else "")
            parts.append(
                f'<g class="kpi" data-metric="{key}">{_title(tip)}'
                + _text(x + 8, y, label)
                + _text(x + 192, y, value, "strong", "end")
                + "</g>"
            )
        parts.append("</g>")
        return "".join(parts)
