"""The drawing's words and number format come from `DrawingLabels`: English by default, any
language when the caller passes its own (the web builds them with gettext)."""

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from obeya.core.vsm import format_number, load_value_stream, parse_value_stream
from obeya.core.vsm_draw import ENGLISH, DrawingLabels, draw_svg

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
SVG = "{http://www.w3.org/2000/svg}"
PLACEHOLDER = re.compile(r"%\(\w+\)s")
TEXT_FIELDS = [f.name for f in dataclasses.fields(DrawingLabels) if isinstance(f.default, str)]


def _svg(text):
    """Parse the drawing: our own output, not untrusted input."""
    return ET.fromstring(text)  # noqa: S314


def _words(root) -> str:
    """Every text and tooltip of the drawing."""
    return "\n".join(el.text or "" for el in root.iter() if el.tag in (f"{SVG}text", f"{SVG}title"))


def _every_part():
    """A map that needs every word of the labels: default supplier, production control and unit,
    each kind of inventory, days given and counted, one day of stock, hours and minutes of
    changeover, scrap, machines, value-added share, a step over takt, flows of every kind,
    electronic ones, one labelled, and step-to-step flows across rows."""
    steps = ["Cut", "Bend", "Weld", "Paint", "Pack"]
    return parse_value_stream(
        {
            "name": "Kitchen sink",
            "customer": {"name": "Garage", "demand": 9600, "period_days": 20},
            "work": {"shifts": 1, "available_s_per_shift": 25200},
            "production_control": {"system": "ERP"},
            "flow": [
                {"inventory": {"days": 1}},
                {"process": {"name": "Cut", "cycle_time_s": 20, "changeover_s": 3600}},
                {"inventory": {"quantity": 1200, "unit_value": 4.5}},
                {
                    "process": {
                        "name": "Bend",
                        "cycle_time_s": 35,
                        "changeover_s": 900,
                        "batch_size": 100,
                        "uptime": 0.9,
                        "scrap_rate": 0.02,
                    }
                },
                {"supermarket": {"quantity": 300}},
                {"process": {"name": "Weld", "cycle_time_s": 80, "machines": 2}},
                {"fifo": {"quantity": 50}},
                {"process": {"name": "Paint", "cycle_time_s": 60, "value_added_share": 0.5}},
                {"inventory": {"quantity": 480, "days": 2.5}},
                {"process": {"name": "Pack", "cycle_time_s": 10}},
            ],
            "information": [
                {"kind": "forecast", "from": "customer", "to": "production control"},
                {
                    "kind": "orders",
                    "from": "customer",
                    "to": "production control",
                    "frequency": "weekly",
                    "electronic": True,
                },
                {"kind": "other", "from": "production control", "to": "supplier"},
                {"kind": "schedule", "from": "production control", "to": "Cut"},
                {"kind": "go_see", "from": "Bend", "to": "production control"},
                {"kind": "kanban", "from": "Weld", "to": "Bend"},
                {"kind": "kanban", "from": "Pack", "to": "Cut", "label": "signal"},
            ],
            "transport": {"supplier": "truck", "customer": "van"},
        }
    ), steps


def _marked() -> DrawingLabels:
    """Each text replaced by its field's name in brackets, keeping its placeholders."""
    texts = {
        name: f"[{name}]" + "".join(" " + p for p in PLACEHOLDER.findall(getattr(ENGLISH, name)))
        for name in TEXT_FIELDS
    }
    return DrawingLabels(
        **texts,
        information_kinds={k: f"[kind {k}]" for k in ENGLISH.information_kinds},
        places={k: f"[place {k}]" for k in ENGLISH.places},
        formulas={k: f"[formula {k}]" for k in ENGLISH.formulas},
    )


def test_no_labels_is_the_english_drawing():
    vs = load_value_stream(EXAMPLES / "acme-stamping.yaml")
    svg = draw_svg(vs)
    assert svg == draw_svg(vs, labels=DrawingLabels())
    words = _words(_svg(svg))
    for text in ("C/T", "C/O", "Uptime", "Eff. C/T", "bottleneck", "Lead time", "PCE"):
        assert f">{text}</text>" in svg, text
    assert "% of takt" in words and "23.6 days" in words and "Takt 60 s" in words
    assert "Takt ratio = effective cycle time / the step's takt time" in words


def test_every_word_of_the_drawing_comes_from_the_labels():
    vs, _ = _every_part()
    labels = _marked()
    svg = draw_svg(vs, labels=labels, max_row_width=500)  # wraps: flows across rows
    words = _words(_svg(svg))
    unnamed = dataclasses.replace(vs, name="")
    words += _words(_svg(draw_svg(unnamed, labels=labels)))
    # "transport" alone titles a truck without a label, which the drawing never draws
    missing = [n for n in TEXT_FIELDS if n != "transport" and f"[{n}]" not in words]
    assert missing == []
    for k in ENGLISH.information_kinds:
        assert f"[kind {k}]" in words, k
    for k in ENGLISH.places:
        assert f"[place {k}]" in words, k
    assert "[formula steps.takt_ratio]" in words and "[formula lead_time_days]" in words
    # and none of the English ones is left
    rest = re.sub(r"\[[^]]*\]", "", words)
    for name in TEXT_FIELDS:
        english = PLACEHOLDER.sub("", getattr(ENGLISH, name)).strip(" :%")
        if len(english) > 1:
            assert english not in rest, name
    assert not re.search(r"\b(s|min|h|days?|pcs)\b", rest)


def test_french_words_and_numbers():
    vs = load_value_stream(EXAMPLES / "brackets-line2.yaml")

    def french(value: float, decimals: int) -> str:
        return format_number(value, decimals).replace(",", "\u202f").replace(".", ",")

    labels = DrawingLabels(
        format_number=french,
        cycle_time="TC",
        changeover="CS",
        uptime="Dispo.",
        effective_cycle_time="TC eff.",
        of_takt="%(percent)s du takt",
        bottleneck="goulot",
        lead_time="Délai",
        processing_time="Temps de traitement",
        days="%(value)s jours",
        production_control="Planification",
    )
    root = _svg(draw_svg(vs, labels=labels))
    words = _words(root)
    for text in ("TC", "CS", "Dispo.", "TC eff.", "goulot", "Délai", "Temps de traitement"):
        assert f"\n{text}\n" in words, text
    assert "Takt 52,5 s" in words  # 25,200 s / 480
    assert "10,5 jours" in words
    assert "70 % du takt" in words
    assert "25\u202f200" in words
    assert "52.5" not in words


def test_the_default_names_are_translated_but_typed_names_kept():
    vs = load_value_stream(EXAMPLES / "brackets-line2.yaml")  # "Production control", "pcs"
    labels = DrawingLabels(production_control="Planification", pieces="pièces")
    words = _words(_svg(draw_svg(vs, labels=labels)))
    assert "Planification" in words and "Production control" not in words
    assert "480 pièces/day" in words and "pcs" not in words
    typed = parse_value_stream(
        {
            "customer": {"name": "C", "demand": 10, "period_days": 1, "unit": "coils"},
            "work": {"shifts": 1, "available_s_per_shift": 28800},
            "production_control": {"name": "MRP office"},
            "flow": [{"process": {"name": "Cut", "cycle_time_s": 10}}],
        }
    )
    words = _words(_svg(draw_svg(typed, labels=labels)))
    assert "MRP office" in words and "Planification" not in words
    assert "10 coils / 1 day" in words


def test_labels_with_markup_characters_stay_valid_xml():
    texts = {
        name: f"<{name}> & \"'"
        + "".join(" " + p for p in PLACEHOLDER.findall(getattr(ENGLISH, name)))
        for name in TEXT_FIELDS
    }
    labels = DrawingLabels(
        **texts,
        information_kinds={k: f"<{k}> & co" for k in ENGLISH.information_kinds},
        places={k: f"<{k}>" for k in ENGLISH.places},
        formulas={k: "a < b & c > d" for k in ENGLISH.formulas},
        format_number=lambda v, d: f"<{format_number(v, d)}&>",
    )
    vs, _ = _every_part()
    svg = draw_svg(vs, labels=labels, max_row_width=500)
    root = _svg(svg)  # would fail on a stray < or &
    words = _words(root)
    assert "<cycle_time> & \"'" in words and "<uptime> & \"'" in words
    assert "<forecast> & co" in words and "a < b & c > d" in words
    assert "<52.5&>" in words
    assert "<script" not in svg


def test_a_broken_template_falls_back_to_english():
    vs = load_value_stream(EXAMPLES / "brackets-line2.yaml")
    labels = DrawingLabels(seconds="%(valeur)s s", of_takt="%(percent)d du takt", takt="Takt %")
    words = _words(_svg(draw_svg(vs, labels=labels)))
    assert "Takt 52.5 s" in words and "70 % of takt" in words
    assert DrawingLabels(days="%(value)s jours").fill("days", value="3") == "3 jours"
    assert DrawingLabels(days="%(count)s jours").fill("days", value="3") == "3 days"
