"""The analysis of a problem: 5-whys trees and the Ishikawa (6M) fishbone drawn as SVG.

5 whys: each answer to "why?" hangs from the answer it explains, so one deviation can branch
into several chains; the last why of a chain that the team holds for the cause to act on is a
*root cause*, and a root cause counts only once verified on the ground with evidence (Ohno's
"go and see"). `why_findings` lists what a facilitator should still challenge.

Ishikawa: the causes a team brainstorms, sorted into the 6M (Man, Machine, Method, Material,
Measurement, Milieu), each with its verification status; `ishikawa_svg` draws the fishbone as a
plain SVG string (escaped text, long causes wrapped, colours by status with a legend), for the
problem page and its download. docs/problems.md shows both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

TO_VERIFY, CONFIRMED, REJECTED = "to_verify", "confirmed", "rejected"
VERIFICATION_STATUSES = (TO_VERIFY, CONFIRMED, REJECTED)

MIN_WHY_DEPTH = 3
"""A root cause found at the first or second why is usually a symptom: the team is asked to
dig further (a finding, not a refusal: sometimes two whys are enough)."""


class WhyTreeError(ValueError):
    """A tree that is not one: a why pointing to an unknown parent, or a loop."""


@dataclass(frozen=True)
class Why:
    id: int
    parent_id: int | None  # None: a first "why?" asked of the deviation itself
    text: str
    root_cause: bool = False
    verification: str = TO_VERIFY
    has_evidence: bool = False


@dataclass(frozen=True)
class WhyNode:
    why: Why
    depth: int  # 1 for a first why
    children: tuple[WhyNode, ...]


def _children_of(whys: Sequence[Why]) -> dict[int | None, list[Why]]:
    ids = {w.id for w in whys}
    if len(ids) != len(whys):
        raise WhyTreeError("two whys share an id")
    children: dict[int | None, list[Why]] = {}
    for why in whys:
        if why.parent_id is not None and why.parent_id not in ids:
            raise WhyTreeError(f"why {why.id}: its parent {why.parent_id} is not in the tree")
        children.setdefault(why.parent_id, []).append(why)
    return children


def why_tree(whys: Iterable[Why]) -> tuple[WhyNode, ...]:
    """The chains as a forest, first whys at the top, each level in the order given."""
    whys = list(whys)
    children = _children_of(whys)
    seen: set[int] = set()

    def build(why: Why, depth: int) -> WhyNode:
        seen.add(why.id)
        return WhyNode(why, depth, tuple(build(c, depth + 1) for c in children.get(why.id, [])))

    roots = tuple(build(w, 1) for w in children.get(None, []))
    if len(seen) != len(whys):
        loop = sorted(w.id for w in whys if w.id not in seen)
        raise WhyTreeError(f"whys {loop} form a loop: none leads back to the deviation")
    return roots


def flatten(nodes: Iterable[WhyNode]) -> list[WhyNode]:
    """Depth first, as the page lists them (each why under the one it explains)."""
    out: list[WhyNode] = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def why_depths(whys: Iterable[Why]) -> dict[int, int]:
    return {node.why.id: node.depth for node in flatten(why_tree(whys))}


def would_create_cycle(whys: Iterable[Why], why_id: int, new_parent_id: int | None) -> bool:
    """Whether hanging `why_id` under `new_parent_id` would make it its own ancestor."""
    parents = {w.id: w.parent_id for w in whys}
    current = new_parent_id
    while current is not None:
        if current == why_id:
            return True
        current = parents.get(current)
    return False


@dataclass(frozen=True)
class WhyFinding:
    why_id: int
    kind: str  # a key the web layer words (obeya.problems.labels.WHY_FINDINGS)


def why_findings(whys: Iterable[Why], *, min_depth: int = MIN_WHY_DEPTH) -> list[WhyFinding]:
    """What is still open in the analysis, why by why:

    - `root_cause_not_at_end`: a root cause that is itself explained further;
    - `root_cause_shallow`: a root cause above `min_depth`;
    - `root_cause_without_evidence`, `root_cause_to_verify`, `root_cause_rejected`;
    - `chain_without_root_cause`: a chain that stops without reaching a root cause."""
    findings = []
    for node in flatten(why_tree(whys)):
        why = node.why
        if why.root_cause:
            if node.children:
                findings.append(WhyFinding(why.id, "root_cause_not_at_end"))
            if node.depth < min_depth:
                findings.append(WhyFinding(why.id, "root_cause_shallow"))
            if not why.has_evidence:
                findings.append(WhyFinding(why.id, "root_cause_without_evidence"))
            if why.verification == TO_VERIFY:
                findings.append(WhyFinding(why.id, "root_cause_to_verify"))
            elif why.verification == REJECTED:
                findings.append(WhyFinding(why.id, "root_cause_rejected"))
        elif not node.children:
            findings.append(WhyFinding(why.id, "chain_without_root_cause"))
    return findings


def verified_root_causes(whys: Iterable[Why]) -> list[Why]:
    """The root causes confirmed on the ground with evidence: the ones to act on."""
    return [w for w in whys if w.root_cause and w.verification == CONFIRMED and w.has_evidence]


# --- Ishikawa -------------------------------------------------------------------------------

MAN, MACHINE, METHOD, MATERIAL, MEASUREMENT, MILIEU = (
    "man",
    "machine",
    "method",
    "material",
    "measurement",
    "milieu",
)
CATEGORIES_6M = (MAN, MACHINE, METHOD, MATERIAL, MEASUREMENT, MILIEU)
DEFAULT_CATEGORY_LABELS = {
    MAN: "Man",
    MACHINE: "Machine",
    METHOD: "Method",
    MATERIAL: "Material",
    MEASUREMENT: "Measurement",
    MILIEU: "Milieu",
}
DEFAULT_STATUS_LABELS = {TO_VERIFY: "To verify", CONFIRMED: "Confirmed", REJECTED: "Rejected"}
STATUS_COLOURS = {TO_VERIFY: "#b26a00", CONFIRMED: "#1b7f3b", REJECTED: "#8a8a8a"}


@dataclass(frozen=True)
class IshikawaCause:
    category: str  # one of CATEGORIES_6M
    text: str
    status: str = TO_VERIFY


_COLUMN_W = 270.0
_LEFT = 40.0
_HEAD_W = 200.0
_LINE_H = 14.0
_CAUSE_GAP = 8.0
_SLANT = 70.0
_TEXT_W = 175.0


def wrap_label(text: str, width_chars: int, *, max_lines: int = 3) -> list[str]:
    """Break `text` into lines of at most `width_chars`; a word longer than a line is cut, and
    the last line ends with "…" when the text does not fit (the full text stays in the
    tooltip)."""
    width_chars = max(4, width_chars)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width_chars:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: width_chars - 1] + "-")
            word = word[width_chars - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width_chars - 1].rstrip() + "…"
    return lines or [""]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _cause_height(lines: int) -> float:
    return lines * _LINE_H + _CAUSE_GAP


def ishikawa_svg(
    effect: str,
    causes: Sequence[IshikawaCause],
    *,
    category_labels: Mapping[str, str] = DEFAULT_CATEGORY_LABELS,
    status_labels: Mapping[str, str] = DEFAULT_STATUS_LABELS,
    legend_title: str = "Verification",
    title: str = "Ishikawa diagram",
) -> str:
    """The fishbone: the effect in the head on the right, three bones above the spine (Man,
    Machine, Method) and three below (Material, Measurement, Milieu), each cause a twig on its
    bone, coloured by verification status (rejected causes struck through), with a legend."""
    chars = int(_TEXT_W / 6.2)
    by_category: dict[str, list[tuple[IshikawaCause, list[str]]]] = {c: [] for c in CATEGORIES_6M}
    for cause in causes:
        if cause.category not in by_category:
            raise ValueError(f"category: {cause.category!r} is not one of the 6M")
        if cause.status not in VERIFICATION_STATUSES:
            raise ValueError(f"status: {cause.status!r} is not a verification status")
        by_category[cause.category].append((cause, wrap_label(cause.text, chars)))

    def half_height(categories: Sequence[str]) -> float:
        tallest = max(
            sum(_cause_height(len(lines)) for _c, lines in by_category[c]) for c in categories
        )
        return max(90.0, tallest + 50.0)

    top, bottom = CATEGORIES_6M[:3], CATEGORIES_6M[3:]
    h_top, h_bottom = half_height(top), half_height(bottom)
    margin_top = 20.0
    spine_y = margin_top + h_top
    spine_x0, spine_x1 = _LEFT, _LEFT + 3 * _COLUMN_W + 20
    width = spine_x1 + _HEAD_W + 20
    legend_y = spine_y + h_bottom + 50
    height = legend_y + 30

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ishikawa" width="{_n(width)}" '
        f'height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{_e(title)}" font-family="sans-serif" font-size="12">',
        f"<title>{_e(title)}: {_e(effect)}</title>",
        f'<line class="spine" x1="{_n(spine_x0)}" y1="{_n(spine_y)}" x2="{_n(spine_x1)}" '
        f'y2="{_n(spine_y)}" stroke="#333" stroke-width="3"/>',
    ]
    # The head: the effect (the deviation), wrapped inside its box.
    head_lines = wrap_label(effect, int((_HEAD_W - 16) / 6.8), max_lines=5)
    head_h = max(50.0, len(head_lines) * 16 + 16)
    parts.append(
        f'<g class="effect"><title>{_e(effect)}</title><rect x="{_n(spine_x1)}" '
        f'y="{_n(spine_y - head_h / 2)}" width="{_n(_HEAD_W)}" height="{_n(head_h)}" rx="6" '
        'fill="#fdecea" stroke="#b3261e" stroke-width="2"/>'
    )
    first_y = spine_y - (len(head_lines) - 1) * 8 + 4
    for i, line in enumerate(head_lines):
        parts.append(
            f'<text x="{_n(spine_x1 + 8)}" y="{_n(first_y + i * 16)}" font-weight="bold">'
            f"{_e(line)}</text>"
        )
    parts.append("</g>")

    for column, (upper, lower) in enumerate(zip(top, bottom, strict=True)):
        x_spine = _LEFT + (column + 1) * _COLUMN_W
        for category, sign, half in ((upper, -1, h_top), (lower, 1, h_bottom)):
            end_y = spine_y + sign * half
            end_x = x_spine - _SLANT
            label = category_labels.get(category, category)
            parts.append(
                f'<g class="bone" data-category="{_e(category)}">'
                f'<line x1="{_n(x_spine)}" y1="{_n(spine_y)}" x2="{_n(end_x)}" y2="{_n(end_y)}" '
                'stroke="#333" stroke-width="2"/>'
                f'<text x="{_n(end_x)}" y="{_n(end_y + (-8 if sign < 0 else 18))}" '
                f'text-anchor="middle" font-weight="bold" font-size="13">{_e(label)}</text>'
            )
            # Twigs from the far end of the bone towards the spine.
            # Twigs stack downwards: from the bone's far end above the spine, from the spine
            # below it; the half heights leave room for every twig and its wrapped text.
            y = end_y + 30 if sign < 0 else spine_y + 30
            for cause, lines in by_category[category]:
                twig_y = y
                along = abs(spine_y - twig_y) / half
                bone_x = x_spine - _SLANT * along
                colour = STATUS_COLOURS[cause.status]
                decoration = ' text-decoration="line-through"' if cause.status == REJECTED else ""
                status = status_labels.get(cause.status, cause.status)
                parts.append(
                    f'<g class="cause status-{_e(cause.status)}" data-status="{_e(cause.status)}">'
                    f"<title>{_e(cause.text)} ({_e(status)})</title>"
                    f'<line x1="{_n(bone_x - 28)}" y1="{_n(twig_y)}" x2="{_n(bone_x)}" '
                    f'y2="{_n(twig_y)}" stroke="{colour}" stroke-width="2"/>'
                    f'<circle cx="{_n(bone_x - 28)}" cy="{_n(twig_y)}" r="3" fill="{colour}"/>'
                )
                for i, line in enumerate(lines):
                    parts.append(
                        f'<text x="{_n(bone_x - 34)}" y="{_n(twig_y + 4 + i * _LINE_H)}" '
                        f'text-anchor="end" fill="{colour}"{decoration}>{_e(line)}</text>'
                    )
                parts.append("</g>")
                y += _cause_height(len(lines))
            parts.append("</g>")

    # The legend: one swatch per verification status.
    parts.append(
        f'<g class="legend"><text x="{_n(_LEFT)}" y="{_n(legend_y)}" font-weight="bold">'
        f"{_e(legend_title)}</text>"
    )
    x = _LEFT + 10 + 7.5 * len(legend_title)
    for status in VERIFICATION_STATUSES:
        label = status_labels.get(status, status)
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(legend_y - 10)}" width="12" height="12" '
            f'fill="{STATUS_COLOURS[status]}"/>'
            f'<text x="{_n(x + 18)}" y="{_n(legend_y)}">{_e(label)}</text>'
        )
        x += 40 + 7.5 * len(label)
    parts.append("</g></svg>")
    return "".join(parts)
