"""5-whys trees and the Ishikawa fishbone (obeya.core.problem_solving)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.problem_solving import (
    CATEGORIES_6M,
    STATUS_COLOURS,
    IshikawaCause,
    Why,
    WhyTreeError,
    flatten,
    ishikawa_svg,
    verified_root_causes,
    why_depths,
    why_findings,
    why_tree,
    would_create_cycle,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own drawing)


# The demo's scrap problem: two branches from the deviation, one reaching a verified root cause.
SCRAP = [
    Why(1, None, "Angles out of tolerance"),
    Why(2, 1, "Sheet thicker than planned"),
    Why(3, 2, "Coil out of tolerance"),
    Why(4, 3, "Certificate not checked at reception", True, "confirmed", True),
    Why(5, None, "Operator new on the press"),
    Why(6, 1, "Backgauge drift", True, "rejected", True),
]


def test_tree_keeps_branches_and_depths():
    roots = why_tree(SCRAP)
    assert [r.why.id for r in roots] == [1, 5]
    assert [c.why.id for c in roots[0].children] == [2, 6]
    assert why_depths(SCRAP) == {1: 1, 2: 2, 3: 3, 4: 4, 6: 2, 5: 1}
    assert [n.why.id for n in flatten(roots)] == [1, 2, 3, 4, 6, 5]


def test_unknown_parent_and_loops_are_refused():
    with pytest.raises(WhyTreeError, match="parent 9"):
        why_tree([Why(1, 9, "x")])
    with pytest.raises(WhyTreeError, match="loop"):
        why_tree([Why(1, None, "a"), Why(2, 3, "b"), Why(3, 2, "c")])


@pytest.mark.parametrize(
    ("why_id", "new_parent", "loops"),
    [(2, 4, True), (2, 2, True), (4, 1, False), (5, 4, False), (1, None, False)],
)
def test_would_create_cycle(why_id, new_parent, loops):
    assert would_create_cycle(SCRAP, why_id, new_parent) is loops


@pytest.mark.parametrize(
    ("whys", "expected"),
    [
        (
            SCRAP,
            {
                (5, "chain_without_root_cause"),
                (6, "root_cause_shallow"),
                (6, "root_cause_rejected"),
            },
        ),
        (
            [Why(1, None, "a", True)],
            {
                (1, "root_cause_shallow"),
                (1, "root_cause_without_evidence"),
                (1, "root_cause_to_verify"),
            },
        ),
        (
            [
                Why(1, None, "a"),
                Why(2, 1, "b"),
                Why(3, 2, "c", True, "confirmed", True),
                Why(4, 3, "d"),
            ],
            {
                (3, "root_cause_not_at_end"),
                (4, "chain_without_root_cause"),
            },
        ),
        ([Why(1, None, "a"), Why(2, 1, "b"), Why(3, 2, "c", True, "confirmed", True)], set()),
    ],
)
def test_findings_say_what_to_challenge(whys, expected):
    assert {(f.why_id, f.kind) for f in why_findings(whys)} == expected


def test_only_confirmed_root_causes_with_evidence_count():
    assert [w.id for w in verified_root_causes(SCRAP)] == [4]
    assert verified_root_causes([Why(1, None, "a", True, "confirmed", False)]) == []


@st.composite
def forests(draw):
    n = draw(st.integers(1, 30))
    return [Why(i, draw(st.sampled_from([None, *range(1, i)])), f"w{i}") for i in range(1, n + 1)]


@given(forests())
def test_every_why_appears_once_one_level_below_its_parent(whys):
    depths = why_depths(whys)
    assert set(depths) == {w.id for w in whys}
    for why in whys:
        assert depths[why.id] == (1 if why.parent_id is None else depths[why.parent_id] + 1)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Coil out of tolerance", 30, ["Coil out of tolerance"]),
        ("Coil out of tolerance", 10, ["Coil out", "of", "tolerance"]),
        ("Supercalifragilistic", 8, ["Superca-", "lifragi-", "listic"]),
        ("one two three four five six seven", 9, ["one two", "three", "four fiv…"]),
        ("", 10, [""]),
    ],
)
def test_wrap_label(text, width, lines):
    assert wrap_label(text, width) == lines


def _causes_of(root):
    return root.findall(f".//{SVG}g[@class]")


def test_fishbone_parses_as_svg_and_holds_every_cause_with_its_status():
    causes = [
        IshikawaCause("material", "Coil <2.31 mm> & out of tolerance", "confirmed"),
        IshikawaCause("man", "New operator", "rejected"),
        IshikawaCause("milieu", "Cold workshop", "to_verify"),
        IshikawaCause("material", "Second material cause", "to_verify"),
    ]
    svg = ishikawa_svg('Scrap 13 % "line 2"', causes, legend_title="Verification")
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    groups = [g for g in root.iter(f"{SVG}g") if "cause" in g.get("class", "").split()]
    titles = [g.find(f"{SVG}title").text for g in groups]
    assert titles == [
        "New operator (Rejected)",
        "Coil <2.31 mm> & out of tolerance (Confirmed)",
        "Second material cause (To verify)",
        "Cold workshop (To verify)",
    ]
    for group, cause in zip(groups, [causes[1], causes[0], causes[3], causes[2]], strict=True):
        assert group.get("data-status") == cause.status
        assert group.find(f"{SVG}line").get("stroke") == STATUS_COLOURS[cause.status]
    struck = [t for t in root.iter(f"{SVG}text") if t.get("text-decoration") == "line-through"]
    assert [t.text for t in struck] == ["New operator"]
    bones = [g.get("data-category") for g in root.iter(f"{SVG}g") if g.get("class") == "bone"]
    assert sorted(bones) == sorted(CATEGORIES_6M)
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Man", "Machine", "Method", "Material", "Measurement", "Milieu"} <= texts
    assert {"Verification", "To verify", "Confirmed", "Rejected"} <= texts


def test_fishbone_wraps_long_causes_and_keeps_the_full_text_in_the_tooltip():
    long = "Reception does not check the supplier certificate against the purchase order " * 2
    root = _parse(ishikawa_svg("Scrap", [IshikawaCause("method", long.strip())]))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("data-status") == "to_verify")
    lines = [t.text for t in group.iter(f"{SVG}text")]
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) <= 28 for line in lines)
    assert group.find(f"{SVG}title").text.startswith(long.strip())


def test_fishbone_grows_with_the_causes_of_a_bone():
    few = _parse(ishikawa_svg("E", [IshikawaCause("man", "a")]))
    many = _parse(ishikawa_svg("E", [IshikawaCause("man", f"cause {i}") for i in range(12)]))
    assert float(many.get("height")) > float(few.get("height"))


def test_fishbone_uses_the_labels_given():
    labels = {c: f"<{c}>" for c in CATEGORIES_6M}
    svg = ishikawa_svg("E", [], category_labels=labels, status_labels={"to_verify": "À vérifier"})
    texts = {t.text for t in _parse(svg).iter(f"{SVG}text")}
    assert "<machine>" in texts and "À vérifier" in texts


@pytest.mark.parametrize(
    ("cause", "field"),
    [(IshikawaCause("money", "x"), "category"), (IshikawaCause("man", "x", "maybe"), "status")],
)
def test_fishbone_refuses_unknown_categories_and_statuses(cause, field):
    with pytest.raises(ValueError, match=field):
        ishikawa_svg("E", [cause])
