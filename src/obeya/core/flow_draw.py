"""Drawings of a flow analysis: the process map as SVG, and Vega-Lite specs of its charts.

The process map (directly-follows graph) is laid out left to right in layers, the way a
facilitator draws a value stream: a path taken by most cases runs straight, a loop back (rework)
runs under the map. The layout is a small Sugiyama layering:

1. The steps are ordered by their usual position in the cases (the median position of their
   first run, as the proposed value stream orders them); an arrow going back along that order
   is a loop (rework), drawn under the map.
2. Each step goes in the layer after its furthest predecessor (longest path).
3. A path spanning several layers gets a waypoint in each layer it crosses, so it runs between
   the boxes, never through one.
4. Within each layer, steps are ordered by the barycentre of their neighbours, sweeping left
   and right a few times and keeping the order with the fewest crossings (crossings of frequent
   paths weigh more); then each layer slides up or down to line up with its neighbours.

Works from plain data (`map_from_analysis` for a `FlowAnalysis`, `map_from_dict` for its JSON),
so the `obeya flow` command and the web app draw the same map. Texts and number formats are
parameters: the command passes English, the web app its translations and localised numbers.
No Django here.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from obeya.core.charts import ACCENT, BAD, CHART_CONFIG, INK, MUTED, SCHEMA, WARN

START, END = "\x00start", "\x00end"  # the map's two ends; no activity has such a name
STATS = ("median", "mean", "p90")


# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapNode:
    """A step of the map: how often it ran, its usual position in the cases (median position
    of its first run, from 1), and its median processing time when start times are known."""

    name: str
    count: int
    position: float = 0.0
    processing_median_s: float | None = None


@dataclass(frozen=True)
class MapEdge:
    """A path: `count` times `target` directly followed `source`, with the waiting times."""

    source: str
    target: str
    count: int
    mean_s: float | None = None
    median_s: float | None = None
    p90_s: float | None = None

    def wait_s(self, stat: str) -> float | None:
        return {"mean": self.mean_s, "median": self.median_s, "p90": self.p90_s}[stat]


@dataclass(frozen=True)
class ProcessMap:
    """Steps, paths (most frequent first), and how many cases start and end at each step."""

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    starts: tuple[tuple[str, int], ...] = ()
    ends: tuple[tuple[str, int], ...] = ()
    total_edges: int = 0  # paths in the log, including those `top` hid
    total_nodes: int = 0  # steps in the log, including those `top` hid

    def top(self, paths: int | None) -> ProcessMap:
        """The map with its `paths` most frequent paths. Start and end arrows taken fewer times
        than the least frequent path kept are hidden too, except the most frequent of each, so
        the map always shows where cases begin and end; steps left with no arrow are hidden."""
        total = self.total_edges or len(self.edges)
        edges = sorted(self.edges, key=lambda e: (-e.count, e.source, e.target))
        if paths is None or paths >= len(edges):
            return replace(
                self,
                edges=tuple(edges),
                total_edges=total,
                total_nodes=self.total_nodes or len(self.nodes),
            )
        kept = edges[: max(paths, 0)]
        floor = kept[-1].count if kept else math.inf

        def arrows(items: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
            ranked = sorted(items, key=lambda kv: (-kv[1], kv[0]))
            return tuple(kv for i, kv in enumerate(ranked) if i == 0 or kv[1] >= floor)

        starts, ends = arrows(self.starts), arrows(self.ends)
        touched = {e.source for e in kept} | {e.target for e in kept}
        touched |= {name for name, _n in starts + ends}
        return replace(
            self,
            nodes=tuple(n for n in self.nodes if n.name in touched),
            edges=tuple(kept),
            starts=starts,
            ends=ends,
            total_edges=total,
            total_nodes=self.total_nodes or len(self.nodes),
        )

    @property
    def min_count(self) -> int:
        """How often the least frequent path shown was taken (0 without paths)."""
        return min((e.count for e in self.edges), default=0)


def map_from_analysis(a: Any) -> ProcessMap:
    """The map of an `obeya.core.flow.FlowAnalysis`."""
    nodes = tuple(
        MapNode(s.name, s.count, s.position_median, s.processing.median_s) for s in a.activities
    )
    edges = tuple(
        MapEdge(e.source, e.target, e.count, e.mean_s, e.median_s, e.p90_s) for e in a.edges
    )
    return ProcessMap(
        nodes, edges, tuple(a.start_activities), tuple(a.end_activities), len(edges), len(nodes)
    )


def map_from_dict(d: Mapping[str, Any]) -> ProcessMap:
    """The map of a `FlowAnalysis.to_dict()` (the JSON the web app stores)."""
    processing = d.get("processing_time_s") or {}
    nodes = tuple(
        MapNode(
            a["name"],
            int(a["count"]),
            float(a.get("position_median") or 0),
            (processing.get(a["name"]) or {}).get("median"),
        )
        for a in d.get("activities", [])
    )
    edges = tuple(
        MapEdge(
            e["source"],
            e["target"],
            int(e["count"]),
            e.get("mean_s"),
            e.get("median_s"),
            e.get("p90_s"),
        )
        for e in d.get("edges", [])
    )
    starts = tuple((s["name"], int(s["count"])) for s in d.get("start_activities", []))
    ends = tuple((s["name"], int(s["count"])) for s in d.get("end_activities", []))
    return ProcessMap(nodes, edges, starts, ends, len(edges), len(nodes))


# --- layout ---------------------------------------------------------------------------------

BOX_W, BOX_H = 142, 54
NAME_CHARS = 20  # per line of a step's name; two lines at most
END_R = 15  # radius of the start and end circles
DUMMY_H = 18  # room a long path takes in a layer it crosses
GAP_X, GAP_Y = 112, 30
GAP_END = 56  # between the start (or end) circle and the steps
MARGIN = 24
LANE_GAP = 22  # between two back paths under the map


@dataclass
class _Item:
    key: str  # a step's name, START, END, or a waypoint ("\x01<edge index>:<layer>")
    layer: int
    height: float
    width: float
    y: float = 0.0
    x: float = 0.0

    @property
    def is_dummy(self) -> bool:
        return self.key.startswith("\x01")

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass
class Layout:
    """Where everything goes: items by key, each forward path as its list of item keys
    (source, waypoints, target), the back paths, and the size of the drawing."""

    items: dict[str, _Item]
    layers: list[list[str]]
    forward: list[tuple[int, list[str]]] = field(default_factory=list)  # (edge index, keys)
    back: list[int] = field(default_factory=list)  # edge indexes
    loops: list[int] = field(default_factory=list)  # edge indexes of self-loops
    width: float = 0.0
    height: float = 0.0  # of the layered part; back paths go below


def _arcs(pm: ProcessMap) -> list[tuple[str, str, int]]:
    """Every arrow of the map as (source, target, count): paths, then start and end arrows."""
    arcs = [(e.source, e.target, e.count) for e in pm.edges]
    arcs += [(START, name, n) for name, n in pm.starts]
    arcs += [(name, END, n) for name, n in pm.ends]
    return arcs


def _ranks(pm: ProcessMap, arcs: list[tuple[str, str, int]]) -> dict[str, tuple]:
    """The steps' order along the map: by their usual position in the cases (median position
    of their first run), the start first and the end last. Steps at the same position are
    ordered so the heavier arcs between them point forward (a greedy feedback-arc rule), then
    by how often they run."""
    position = {n.name: n.position for n in pm.nodes}
    net = dict.fromkeys(position, 0)
    for s, t, n in arcs:
        if s in position and t in position and s != t and position[s] == position[t]:
            net[s] += n
            net[t] -= n
    ranks: dict[str, tuple] = {START: (-math.inf,), END: (math.inf,)}
    for node in pm.nodes:
        ranks[node.name] = (node.position, -net[node.name], -node.count, node.name)
    return ranks


def _back_arcs(ranks: Mapping[str, tuple], arcs: list[tuple[str, str, int]]) -> set[int]:
    """Indexes of the arcs that go back along the map's order: the loops (rework)."""
    return {i for i, (s, t, _n) in enumerate(arcs) if s != t and ranks[t] < ranks[s]}


def layout(pm: ProcessMap) -> Layout:
    """Layers, order and coordinates of the map's boxes and waypoints."""
    arcs = _arcs(pm)
    ranks = _ranks(pm, arcs)
    back = _back_arcs(ranks, arcs)
    names = [n.name for n in pm.nodes]
    has_start, has_end = bool(pm.starts), bool(pm.ends)
    forward = [i for i, (s, t, _n) in enumerate(arcs) if i not in back and s != t]
    # Longest-path layering over the forward arcs (a DAG once the back arcs are set aside).
    preds: dict[str, list[str]] = {}
    for i in forward:
        s, t, _n = arcs[i]
        preds.setdefault(t, []).append(s)
    layer: dict[str, int] = {START: 0} if has_start else {}
    first = 1 if has_start else 0

    for name in sorted(names, key=lambda n: ranks[n]):  # predecessors come first
        layer[name] = max((layer[p] + 1 for p in preds.get(name, []) if p in layer), default=first)
    last = max((layer[n] for n in names), default=first)
    if has_end:
        layer[END] = last + 1

    items: dict[str, _Item] = {}
    for name in names:
        items[name] = _Item(name, layer[name], BOX_H, BOX_W)
    for key in (START, END):
        if key in layer:
            items[key] = _Item(key, layer[key], 2 * END_R, 2 * END_R)
    chains: list[tuple[int, list[str]]] = []
    for i in forward:
        s, t, _n = arcs[i]
        keys = [s]
        for k in range(layer[s] + 1, layer[t]):
            dummy = f"\x01{i}:{k}"
            items[dummy] = _Item(dummy, k, DUMMY_H, 0)
            keys.append(dummy)
        keys.append(t)
        chains.append((i, keys))

    n_layers = max((it.layer for it in items.values()), default=-1) + 1
    position = {n.name: ranks[n.name] for n in pm.nodes}
    layers: list[list[str]] = [[] for _ in range(n_layers)]
    for key, it in items.items():
        layers[it.layer].append(key)

    def initial(key: str) -> tuple:
        if key in position:
            return position[key]
        if key.startswith("\x01"):
            i = int(key[1:].split(":")[0])
            return position.get(arcs[i][0], (0,))
        return (0,)

    for keys in layers:
        keys.sort(key=initial)
    weights: dict[tuple[str, str], int] = {}
    for i, keys in chains:
        for a, b in zip(keys, keys[1:], strict=False):
            weights[(a, b)] = weights.get((a, b), 0) + arcs[i][2]
    layers = _order(layers, weights)
    result = Layout(items=items, layers=layers, back=sorted(back))
    result.forward = chains
    result.loops = [i for i, (s, t, _n) in enumerate(arcs) if s == t]
    _coordinates(result, weights)
    return result


def _crossings(layers: list[list[str]], weights: dict[tuple[str, str], int]) -> float:
    """Crossings between adjacent layers, each weighted by the lighter of the two paths."""
    total = 0.0
    by_pair: dict[int, list[tuple[int, int, int]]] = {}
    where = {k: (li, j) for li, keys in enumerate(layers) for j, k in enumerate(keys)}
    for (a, b), w in weights.items():
        la, ia = where[a]
        _lb, ib = where[b]
        by_pair.setdefault(la, []).append((ia, ib, w))
    for segs in by_pair.values():
        for x in range(len(segs)):
            a1, b1, w1 = segs[x]
            for y in range(x + 1, len(segs)):
                a2, b2, w2 = segs[y]
                if (a1 - a2) * (b1 - b2) < 0:
                    total += min(w1, w2)
    return total


def _order(layers: list[list[str]], weights: dict[tuple[str, str], int]) -> list[list[str]]:
    """Barycentre sweeps, weighted by how often each path is taken; the best order wins."""
    succ: dict[str, list[tuple[str, int]]] = {}
    pred: dict[str, list[tuple[str, int]]] = {}
    for (a, b), w in weights.items():
        succ.setdefault(a, []).append((b, w))
        pred.setdefault(b, []).append((a, w))
    best = [list(keys) for keys in layers]
    best_score = _crossings(best, weights)
    current = [list(keys) for keys in layers]
    for sweep in range(8):
        down = sweep % 2 == 0
        indexes = range(1, len(current)) if down else range(len(current) - 2, -1, -1)
        for li in indexes:
            ref = current[li - 1] if down else current[li + 1]
            pos = {k: j for j, k in enumerate(ref)}
            links = pred if down else succ
            keys = current[li]

            def bary(key: str, keys: list[str] = keys, pos: dict = pos, links: dict = links):
                near = [(pos[k], w) for k, w in links.get(key, []) if k in pos]
                if not near:
                    return keys.index(key)
                return sum(p * w for p, w in near) / sum(w for _p, w in near)

            current[li] = sorted(keys, key=bary)
        score = _crossings(current, weights)
        if score < best_score:
            best, best_score = [list(k) for k in current], score
    return best


def _coordinates(result: Layout, weights: dict[tuple[str, str], int]) -> None:
    """x by layer; y stacks each layer, then slides it towards its neighbours."""
    items, layers = result.items, result.layers
    x = MARGIN
    for li, keys in enumerate(layers):
        width = max((items[k].width for k in keys), default=0)
        for k in keys:
            items[k].x = x + (width - items[k].width) / 2
        x += width
        if li + 1 < len(layers):
            ends = START in keys or END in layers[li + 1]
            x += GAP_END if ends else GAP_X
    result.width = x + MARGIN

    heights = [
        sum(items[k].height for k in keys) + GAP_Y * max(len(keys) - 1, 0) for keys in layers
    ]
    tallest = max(heights, default=0)
    for keys, h in zip(layers, heights, strict=True):
        y = MARGIN + (tallest - h) / 2
        for k in keys:
            items[k].y = y
            y += items[k].height + GAP_Y
    # Slide each layer (as a block, keeping its order) to line up with its neighbours, so the
    # main path runs straight: a few passes to the median offset, kept inside the drawing.
    neighbours: dict[str, list[tuple[str, int]]] = {}
    for (a, b), w in weights.items():
        neighbours.setdefault(a, []).append((b, w))
        neighbours.setdefault(b, []).append((a, w))
    for _ in range(4):
        for keys, h in zip(layers, heights, strict=True):
            wanted = []
            for k in keys:
                for other, w in neighbours.get(k, []):
                    wanted += [items[other].cy - items[k].cy] * min(w, 50)
            if not wanted:
                continue
            wanted.sort()
            shift = wanted[len(wanted) // 2]
            top = items[keys[0]].y
            shift = min(max(shift, MARGIN - top), MARGIN + tallest - h - top)
            for k in keys:
                items[k].y += shift
    result.height = MARGIN * 2 + tallest


# --- the SVG --------------------------------------------------------------------------------


def format_duration(seconds: float | None) -> str:
    """A duration the way a facilitator says it: 35 s, 12 min, 4.5 h, 3.2 d (English)."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "-"
    if abs(seconds) < 60:
        return f"{seconds:.3g} s"
    if abs(seconds) < 3600:
        return f"{seconds / 60:.3g} min"
    if abs(seconds) < 86_400:
        return f"{seconds / 3600:.3g} h"
    days = seconds / 86_400
    return f"{days:.3g} d" if abs(days) < 1000 else f"{days:,.0f} d"


DEFAULT_TEXT: dict[str, str] = {
    "aria": "Process map",
    "start": "Start",
    "end": "End",
    "runs": "%(n)s runs",
    "processing": "%(t)s each",
    "cases_started": "%(n)s cases start with %(name)s",
    "cases_ended": "%(n)s cases end with %(name)s",
    "path": "%(source)s → %(target)s: taken %(n)s times; wait mean %(mean)s, median "
    "%(median)s, p90 %(p90)s",
    "step": "%(name)s: %(n)s runs",
}
"""The map's words, as %-format strings; the web app passes their translations."""

_GREY = (0x8C, 0x95, 0x9F)
_RED = (0xB4, 0x23, 0x18)


def _heat(share: float) -> str:
    """Grey for the shortest waits to red for the longest."""
    share = min(max(share, 0.0), 1.0)
    r, g, b = (round(a + (z - a) * share) for a, z in zip(_GREY, _RED, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name_lines(name: str, limit: int = NAME_CHARS) -> list[str]:
    """A step's name on one line, or two split at a space (the rest cut with "…")."""
    if len(name) <= limit:
        return [name]
    cut = name.rfind(" ", 0, limit + 1)
    if cut <= 0:
        return [_truncate(name, limit)]
    return [name[:cut], _truncate(name[cut + 1 :], limit)]


def process_map_svg(
    pm: ProcessMap,
    *,
    stat: str = "median",
    count: Callable[[int], str] = lambda n: f"{n:,}",
    duration: Callable[[float | None], str] = format_duration,
    text: Mapping[str, str] | None = None,
    highlight: Sequence[str] = (),
    id_prefix: str = "pm",
    fit: float | None = None,
) -> str:
    """The process map as an SVG element (no external resource, no script).

    Boxes are the steps (runs, and median processing time when known); arrows the paths, as
    thick as they are frequent and from grey to red as their wait (`stat`: median, mean or
    p90) grows, labelled with the times taken and that wait; the full figures are in each
    arrow's tooltip. Loops back (rework) run under the map. `highlight` names steps drawn
    with a red border (the longest queue, say). With `fit` (0.75, say) the drawing shrinks
    to the width of its container, down to that share of its size, instead of keeping it.
    """
    if stat not in STATS:
        raise ValueError(f"stat must be one of {', '.join(STATS)}")
    words = {**DEFAULT_TEXT, **(text or {})}
    esc = html.escape
    if not pm.nodes:
        return ""
    lay = layout(pm)
    arcs = _arcs(pm)
    items = lay.items
    edge_of = {(e.source, e.target): e for e in pm.edges}
    waits = [w for e in pm.edges if (w := e.wait_s(stat)) is not None]
    longest = max(waits, default=0) or 1
    most = max((n for _s, _t, n in arcs), default=1) or 1

    def stroke(n: int) -> float:
        return 1.2 + 6 * n / most

    def title_of(s: str, t: str, n: int) -> str:
        e = edge_of.get((s, t))
        if s == START:
            return words["cases_started"] % {"n": count(n), "name": t}
        if t == END:
            return words["cases_ended"] % {"n": count(n), "name": s}
        assert e is not None
        return words["path"] % {
            "source": s,
            "target": t,
            "n": count(n),
            "mean": duration(e.mean_s),
            "median": duration(e.median_s),
            "p90": duration(e.p90_s),
        }

    def label_of(s: str, t: str, n: int) -> str:
        e = edge_of.get((s, t))
        if e is None or s == START or t == END:
            return count(n)
        return f"{count(n)} · {duration(e.wait_s(stat))}"

    def colour_of(s: str, t: str) -> str:
        e = edge_of.get((s, t))
        if e is None or s == START or t == END:
            return "#b8c2cc"
        w = e.wait_s(stat)
        return _heat((w or 0) / longest)

    # Ports: arrows leave a box's right side and enter its left side, spread along it in the
    # order of the boxes they lead to, so they do not cross at the box.
    outgoing: dict[str, list[tuple[float, int]]] = {}
    incoming: dict[str, list[tuple[float, int]]] = {}
    for i, keys in lay.forward:
        outgoing.setdefault(keys[0], []).append((items[keys[1]].cy, i))
        incoming.setdefault(keys[-1], []).append((items[keys[-2]].cy, i))
    for i in lay.back:
        s, t, _n = arcs[i]
        outgoing.setdefault(s, []).append((math.inf, i))
        incoming.setdefault(t, []).append((math.inf, i))
    port_out: dict[int, float] = {}
    port_in: dict[int, float] = {}
    for ports, side in ((outgoing, port_out), (incoming, port_in)):
        for key, entries in ports.items():
            entries.sort()
            it = items[key]
            spread = min(9.0, (it.height - 10) / max(len(entries), 1))
            for j, (_y, i) in enumerate(entries):
                side[i] = it.cy + (j - (len(entries) - 1) / 2) * spread

    p = id_prefix
    height_total = lay.height
    lanes = _lanes(lay, arcs)
    if lanes:
        height_total += LANE_GAP * (max(lanes.values()) + 1) + 16
    width = lay.width
    size = f'width="{width:.0f}" height="{height_total:.0f}"'
    if fit:
        size = (
            f'width="100%" style="max-width:{width:.0f}px;min-width:{width * fit:.0f}px;'
            'height:auto"'
        )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="process-map" '
        f'viewBox="0 0 {width:.0f} {height_total:.0f}" {size} role="img" '
        f'aria-label="{esc(words["aria"])}">',
        "<style>"
        f".{p}-t{{font:12px system-ui,Segoe UI,Roboto,Arial,sans-serif;fill:{INK}}}"
        f".{p}-n{{font-weight:600}}.{p}-s{{font-size:10.5px;fill:#5b6775}}"
        f".{p}-l{{font-size:11px;fill:{INK}}}"
        "</style>",
    ]
    markers: dict[str, str] = {}  # colour -> marker id: one arrowhead per colour used

    def arrowhead(colour: str) -> str:
        if colour not in markers:
            markers[colour] = f"{p}-a{len(markers)}"
        return f"url(#{markers[colour]})"

    def arrow(d: str, s: str, t: str, n: int) -> str:
        colour = colour_of(s, t)
        dashed = ' stroke-dasharray="4 3"' if s == START or t == END else ""
        return (
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{stroke(n):.1f}" '
            f'stroke-opacity=".85"{dashed} marker-end="{arrowhead(colour)}">'
            f"<title>{esc(title_of(s, t, n))}</title></path>"
        )

    labels: list[tuple[float, float, str, int]] = []  # x, y, text, gap column

    for i, keys in lay.forward:
        s, t, n = arcs[i]
        points = []
        for j, key in enumerate(keys):
            it = items[key]
            if j == 0:
                points.append((it.x + it.width, port_out.get(i, it.cy)))
            elif j == len(keys) - 1:
                points.append((it.x, port_in.get(i, it.cy)))
            else:
                points.append((it.x, it.cy))
        d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            mid = (x0 + x1) / 2
            d += f" C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        parts.append(arrow(d, s, t, n))
        # The label sits halfway along the segment in the middle of the path.
        k = (len(points) - 1) // 2
        (x0, y0), (x1, y1) = points[k], points[k + 1]
        labels.append(((x0 + x1) / 2, (y0 + y1) / 2 + 4, label_of(s, t, n), items[keys[k]].layer))

    bottom = lay.height
    for i in lay.back:
        s, t, n = arcs[i]
        a, b = items[s], items[t]
        lane = bottom + LANE_GAP * (lanes[i] + 1) - 6
        out_x = a.x + a.width + 14 + 5 * lanes[i]
        in_x = b.x - 14 - 5 * lanes[i]
        sy, ty = port_out.get(i, a.cy), port_in.get(i, b.cy)
        r = 8
        d = (
            f"M{a.x + a.width:.1f},{sy:.1f} H{out_x - r:.1f} Q{out_x:.1f},{sy:.1f} "
            f"{out_x:.1f},{sy + r:.1f} V{lane - r:.1f} Q{out_x:.1f},{lane:.1f} "
            f"{out_x - r:.1f},{lane:.1f} H{in_x + r:.1f} Q{in_x:.1f},{lane:.1f} "
            f"{in_x:.1f},{lane - r:.1f} V{ty + r:.1f} Q{in_x:.1f},{ty:.1f} {in_x + r:.1f},"
            f"{ty:.1f} H{b.x:.1f}"
        )
        parts.append(arrow(d, s, t, n))
        labels.append(((out_x + in_x) / 2, lane + 4, label_of(s, t, n), -1 - lanes[i]))

    for i in lay.loops:
        s, _t, n = arcs[i]
        it = items[s]
        x1, x2, y = it.x + 22, it.x + 46, it.y  # a small loop on the box's top-left
        d = (
            f"M{x1:.1f},{y:.1f} C{x1 - 4:.1f},{y - 24:.1f} {x2 + 4:.1f},{y - 24:.1f} "
            f"{x2:.1f},{y:.1f}"
        )
        parts.append(arrow(d, s, s, n))
        text = label_of(s, s, n)  # beside the loop, in the gap above the box
        labels.append((x2 + 10 + (6.2 * len(text) + 6) / 2, y - 7, text, -1000))

    # Labels of the same gap are pushed apart so they never overlap.
    by_gap: dict[int, list[int]] = {}
    for j, (_x, _y, _txt, gap) in enumerate(labels):
        by_gap.setdefault(gap, []).append(j)
    placed = list(labels)
    for gap, members in by_gap.items():
        if gap < 0:
            continue
        members.sort(key=lambda j: labels[j][1])
        last_y = -math.inf
        for j in members:
            x, y, txt, g = placed[j]
            y = max(y, last_y + 15)
            placed[j] = (x, y, txt, g)
            last_y = y
    for x, y, txt, _gap in placed:
        w = 6.2 * len(txt) + 6  # a white plate under the label, so no line runs through it
        parts.append(
            f'<rect x="{x - w / 2:.1f}" y="{y - 11:.1f}" width="{w:.1f}" height="14" rx="3" '
            'fill="#fff" fill-opacity=".88"/>'
            f'<text class="{p}-t {p}-l" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
            f"{esc(txt)}</text>"
        )

    hot = set(highlight)
    for node in pm.nodes:
        it = items[node.name]
        border = BAD if node.name in hot else ACCENT
        width_px = 2.5 if node.name in hot else 1.2
        sub = words["runs"] % {"n": count(node.count)}
        if node.processing_median_s is not None:
            sub += " · " + words["processing"] % {"t": duration(node.processing_median_s)}
        lines = _name_lines(node.name)
        top = 22 if len(lines) == 1 else 16
        parts.append(
            f"<g><title>{esc(words['step'] % {'name': node.name, 'n': count(node.count)})}"
            f'</title><rect x="{it.x:.1f}" y="{it.y:.1f}" width="{it.width:.0f}" '
            f'height="{it.height:.0f}" rx="7" fill="#eaf2fb" stroke="{border}" '
            f'stroke-width="{width_px}"/>'
            + "".join(
                f'<text class="{p}-t {p}-n" x="{it.x + it.width / 2:.1f}" '
                f'y="{it.y + top + 14 * k:.1f}" text-anchor="middle">{esc(line)}</text>'
                for k, line in enumerate(lines)
            )
            + f'<text class="{p}-t {p}-s" x="{it.x + it.width / 2:.1f}" '
            f'y="{it.y + top + 14 * len(lines) + 2:.1f}" '
            f'text-anchor="middle">{esc(sub)}</text></g>'
        )
    for key, word, fill in ((START, "start", "#1f7a3f"), (END, "end", INK)):
        if key not in items:
            continue
        it = items[key]
        parts.append(
            f'<g><circle cx="{it.x + END_R:.1f}" cy="{it.cy:.1f}" r="{END_R}" fill="{fill}"/>'
            f'<text class="{p}-t {p}-s" x="{it.x + END_R:.1f}" y="{it.y - 5:.1f}" '
            f'text-anchor="middle">{esc(words[word])}</text></g>'
        )
    defs = "".join(
        f'<marker id="{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
        'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>'
        for colour, mid in markers.items()
    )
    parts.insert(2, f"<defs>{defs}</defs>")
    parts.append("</svg>")
    return "".join(parts)


def _lanes(lay: Layout, arcs: list[tuple[str, str, int]]) -> dict[int, int]:
    """A lane under the map for each back path; paths whose spans do not overlap share one,
    the shortest spans nearest the boxes."""
    spans = []
    for i in lay.back:
        s, t, _n = arcs[i]
        a, b = lay.items[s], lay.items[t]
        spans.append((abs(a.x - b.x), min(a.x, b.x) - 20, max(a.x, b.x) + BOX_W + 40, i))
    spans.sort()
    lanes: dict[int, int] = {}
    taken: list[list[tuple[float, float]]] = []
    for _len, lo, hi, i in spans:
        for k, used in enumerate(taken):
            if all(hi < u_lo or lo > u_hi for u_lo, u_hi in used):
                used.append((lo, hi))
                lanes[i] = k
                break
        else:
            taken.append([(lo, hi)])
            lanes[i] = len(taken) - 1
    return lanes


# --- Vega-Lite specs ------------------------------------------------------------------------


def _spec(title: str, height: int, locale: Mapping[str, Any] | None) -> dict[str, Any]:
    config = dict(CHART_CONFIG)
    if locale:
        config["locale"] = dict(locale)
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": config,
    }


def duration_unit(seconds: float | None) -> tuple[float, str]:
    """The unit a chart of durations around `seconds` reads best in: (seconds per unit, key
    among "min", "h", "d")."""
    if seconds is not None and seconds < 2 * 3600:
        return 60.0, "min"
    if seconds is not None and seconds < 2 * 86_400:
        return 3600.0, "h"
    return 86_400.0, "d"


def lead_time_histogram_spec(
    edges_s: Sequence[float],
    counts: Sequence[int],
    *,
    title: str,
    x_title: str,
    y_title: str,
    markers: Sequence[tuple[str, float | None]] = (),
    unit_s: float = 86_400.0,
    locale: Mapping[str, Any] | None = None,
    height: int = 240,
) -> dict[str, Any]:
    """Case lead times as pre-binned bars (in units of `unit_s`), with a rule and a label for
    each of `markers` (("median", seconds), ...)."""
    values = [
        {"start": a / unit_s, "end": b / unit_s, "cases": int(c)}
        for a, b, c in zip(edges_s, edges_s[1:], counts, strict=False)
    ]
    rules = [
        {"label": label, "at": seconds / unit_s, "offset": 4 + 14 * k}
        for k, (label, seconds) in enumerate(m for m in markers if m[1] is not None)
    ]
    spec = _spec(title, height, locale)
    spec["layer"] = [
        {
            "data": {"values": values},
            "mark": {"type": "bar", "color": MUTED, "stroke": "#fff", "strokeWidth": 0.5},
            "encoding": {
                "x": {
                    "field": "start",
                    "bin": "binned",
                    "type": "quantitative",
                    "title": x_title,
                    "axis": {"format": ",.1~f", "tickCount": 10, "labelOverlap": "greedy"},
                },
                "x2": {"field": "end"},
                "y": {"field": "cases", "type": "quantitative", "title": y_title},
                "tooltip": [
                    {"field": "start", "type": "quantitative", "title": "≥", "format": ",.2~f"},
                    {"field": "end", "type": "quantitative", "title": "<", "format": ",.2~f"},
                    {"field": "cases", "type": "quantitative", "title": y_title},
                ],
            },
        },
        {
            "data": {"values": rules},
            "mark": {"type": "rule", "color": ACCENT, "strokeDash": [5, 3], "strokeWidth": 1.5},
            "encoding": {"x": {"field": "at", "type": "quantitative"}},
        },
        {
            "data": {"values": rules},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "dx": 3,
                "dy": 2,
                "color": ACCENT,
                "fontSize": 11,
            },
            "encoding": {
                "x": {"field": "at", "type": "quantitative"},
                "y": {"field": "offset", "type": "quantitative", "scale": None},
                "text": {"field": "label"},
            },
        },
    ]
    return spec


def _epoch_ms(day: str) -> int:
    """A calendar date "YYYY-MM-DD" as milliseconds since 1970 at midnight UTC: charts put
    dates on a UTC scale, so no browser's time zone moves them by a day."""
    return (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days * 86_400_000


def daily_series_spec(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    y_title: str,
    mark: str = "line",
    period_days: int = 1,
    labels: Sequence[str] | None = None,
    color: str = ACCENT,
    mean: float | None = None,
    mean_label: str = "",
    value_format: str = ",.1f",
    locale: Mapping[str, Any] | None = None,
    height: int = 220,
) -> dict[str, Any]:
    """A value per calendar day or week ("YYYY-MM-DD" of its first day, value) as a stepped
    line or as bars spanning the period, with an optional dashed mean. `labels` name the
    periods in the tooltips (the dates otherwise)."""
    period_ms = period_days * 86_400_000
    values = [
        {
            "t": _epoch_ms(d),
            "t2": _epoch_ms(d) + round(period_ms * (0.86 if mark == "bar" else 1)),
            "value": v,
            "label": labels[i] if labels else d,
        }
        for i, (d, v) in enumerate(points)
    ]
    x: dict[str, Any] = {
        "field": "t",
        "type": "temporal",
        "scale": {"type": "utc"},
        "title": None,
        "axis": {"format": "%d %b", "labelAngle": 0, "tickCount": 8},
    }
    y = {"field": "value", "type": "quantitative", "title": y_title}
    tooltip = [
        {"field": "label", "type": "nominal", "title": " "},
        {**y, "format": value_format},
    ]
    if mark == "bar":
        series: dict[str, Any] = {
            "mark": {"type": "bar", "color": color},
            "encoding": {
                "x": x,
                "x2": {"field": "t2"},
                "y": y,
                "y2": {"datum": 0},
                "tooltip": tooltip,
            },
        }
    else:
        series = {
            "mark": {"type": "line", "color": color, "interpolate": "step-after"},
            "encoding": {"x": x, "y": y, "tooltip": tooltip},
        }
    layers: list[dict[str, Any]] = [{"data": {"values": values}, **series}]
    if mean is not None:
        layers.append(
            {
                "data": {"values": [{"mean": mean, "label": mean_label}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "color": WARN, "strokeDash": [6, 4]},
                        "encoding": {"y": {"field": "mean", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "right",
                            "baseline": "bottom",
                            "dy": -3,
                            "color": WARN,
                            "fontSize": 11,
                        },
                        "encoding": {
                            "y": {"field": "mean", "type": "quantitative"},
                            "x": {"value": "width"},
                            "text": {"field": "label"},
                        },
                    },
                ],
            }
        )
    spec = _spec(title, height, locale)
    spec["layer"] = layers
    return spec


def ranked_bars_spec(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    x_title: str,
    highlight_first: bool = True,
    value_format: str = ",.1f",
    locale: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Horizontal bars in the given order (longest first, say); the first in red."""
    most = max((v for _n, v in rows), default=0) or 1
    # A long bar carries its figure inside its end, a short one just after it, so no label
    # runs out of the chart.
    values = [
        {"name": n, "value": v, "rank": i, "inside": v >= 0.55 * most}
        for i, (n, v) in enumerate(rows)
    ]
    spec = _spec(title, 26 * max(len(values), 1), locale)
    y = {
        "field": "name",
        "type": "nominal",
        "sort": [n for n, _v in rows],
        "title": None,
        "axis": {"labelLimit": 220},
    }
    spec["encoding"] = {"y": y}
    spec["layer"] = [
        {
            "data": {"values": values},
            "mark": {"type": "bar", "cornerRadiusEnd": 2},
            "encoding": {
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": x_title,
                    "scale": {"domainMax": most * 1.05},
                    "axis": {"tickCount": 5, "labelOverlap": "greedy"},
                },
                "color": {
                    "condition": {
                        "test": "datum.rank === 0" if highlight_first else "false",
                        "value": BAD,
                    },
                    "value": MUTED,
                },
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": " "},
                    {
                        "field": "value",
                        "type": "quantitative",
                        "title": x_title,
                        "format": value_format,
                    },
                ],
            },
        },
        *(
            {
                "data": {"values": values},
                "transform": [{"filter": f"{'' if inside else '!'}datum.inside"}],
                "mark": {
                    "type": "text",
                    "align": "right" if inside else "left",
                    "dx": -4 if inside else 4,
                    "color": "#fff" if inside else INK,
                },
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "text": {"field": "value", "type": "quantitative", "format": value_format},
                },
            }
            for inside in (True, False)
        ),
    ]
    return spec


__all__ = [
    "DEFAULT_TEXT",
    "Layout",
    "MapEdge",
    "MapNode",
    "ProcessMap",
    "daily_series_spec",
    "duration_unit",
    "format_duration",
    "layout",
    "lead_time_histogram_spec",
    "map_from_analysis",
    "map_from_dict",
    "process_map_svg",
    "ranked_bars_spec",
]
