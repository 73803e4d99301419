"""The map drawing in the reader's language: every word of `DrawingLabels` goes through
gettext, numbers follow the active locale, and every page and export draws with them.

The French catalogue does not translate the drawing's words yet, so the words are checked
through a stand-in for pgettext that marks what it was given."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from obeya.core import vsm as core
from obeya.core.vsm_draw import ENGLISH, DrawingLabels, draw_svg
from obeya.valuestreams import drawing, services

BRACKETS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "brackets-line2.yaml"
PLACEHOLDER = re.compile(r"(%\(\w+\)s|%%)")


def _upper(text: str) -> str:
    """Upper case, placeholders kept."""
    return "".join(p if PLACEHOLDER.fullmatch(p) else p.upper() for p in PLACEHOLDER.split(text))


def _shout(monkeypatch) -> set[str]:
    """pgettext, gettext and ngettext of the drawing module replaced by upper case; returns
    the set the contexts pgettext is given go to."""
    contexts: set[str] = set()

    def pgettext(context, text):
        contexts.add(context)
        return _upper(text)

    monkeypatch.setattr(drawing, "pgettext", pgettext)
    monkeypatch.setattr(drawing, "gettext", _upper)
    monkeypatch.setattr(drawing, "ngettext", lambda one, many, n: _upper(one if n == 1 else many))
    return contexts


@pytest.fixture
def shouting(monkeypatch):
    return _shout(monkeypatch)


def _brackets() -> core.ValueStream:
    return core.load_value_stream(BRACKETS)


def test_every_word_goes_through_gettext(monkeypatch):
    with translation.override("en"):
        plain = drawing.drawing_labels()
        contexts = _shout(monkeypatch)
        shouted = drawing.drawing_labels()
    assert contexts == {"vsm drawing"}
    # not words: the number format, the signs, the formulas (marked in figures.FORMULAS) and
    # the grammar flag
    skip = {"format_number", "times", "minus", "formulas", "singular_below_two"}
    for f in dataclasses.fields(DrawingLabels):
        if f.name in skip:
            continue
        value, before = getattr(shouted, f.name), getattr(plain, f.name)
        if isinstance(before, str):
            assert value == _upper(before), f.name
            assert value != before or not re.search("[a-z]", PLACEHOLDER.sub("", before)), f.name
        else:  # the kinds of information and the places
            assert value == {k: _upper(v) for k, v in before.items()}, f.name
            assert set(value) == set(getattr(ENGLISH, f.name)), f.name


def test_the_drawing_shows_the_translated_words(shouting):
    with translation.override("en"):
        svg = drawing.draw(_brackets(), id_prefix="t")
    for word in (
        ">C/T<",
        ">C/O<",
        ">UPTIME<",
        ">OPERATORS<",
        ">SHIFTS<",
        ">EFF. C/T<",
        "% OF TAKT<",
        ">BOTTLENECK<",
        ">LEAD TIME<",
        ">PROCESSING TIME<",
        ">PCE<",
        "10.5 DAYS<",
        "52.5 S<",
        "480 PCS/DAY<",
        ">TAKT 52.5 S<",
        ">PRODUCTION CONTROL<",
        "monthly FORECAST: CUSTOMER -&gt; PRODUCTION CONTROL",  # "monthly" as typed
        "LEAD TIME = ",
        "DAYS IN INVENTORY",
    ):
        assert word in svg, word
    for word in ("Uptime", "of takt", "Lead time", " days<", "pcs"):
        assert word not in svg, word


def test_numbers_follow_the_active_language():
    with translation.override("fr"):
        assert drawing.format_number(52.5, 1) == "52,5"
        assert drawing.format_number(25200, 0) == "25\xa0200"
        assert drawing.format_number(10.502, 2) == "10,5"
        assert drawing.format_number(-0.001, 2) == "0"
        french = drawing.draw(_brackets(), id_prefix="fr")
    with translation.override("en"):
        assert drawing.format_number(52.5, 1) == "52.5"
        assert drawing.format_number(25200, 0) == "25,200"
        english = drawing.draw(_brackets(), id_prefix="en")
    assert "52,5" in french and "52.5" not in french
    assert "25\xa0200" in french and "25,200" not in french
    assert "52.5" in english and "52,5" not in english


def test_english_numbers_are_the_cores():
    for value, decimals in ((12345.678, 1), (0.000208, 2), (60.0, 0), (1e9 + 0.5, 2), (-3.25, 1)):
        with translation.override("en"):
            assert drawing.format_number(value, decimals) == core.format_number(value, decimals)


def test_the_formulas_are_the_translated_ones():
    with translation.override("fr"):
        labels = drawing.drawing_labels()
        svg = drawing.draw(_brackets(), id_prefix="fr")
    takt = labels.formulas["takt_time_s"]
    assert takt and takt != core.METRIC_FORMULAS["takt_time_s"]  # the French catalogue's
    assert takt in svg.replace("&#x27;", "'")
    assert set(core.METRIC_FORMULAS) <= set(labels.formulas)


def test_in_english_the_web_draws_the_cores_words_and_numbers():
    vs = _brackets()
    with translation.override("en"):
        web = drawing.drawing_labels()
        same_formulas = dataclasses.replace(web, formulas=ENGLISH.formulas, times="x", minus="-")
        svg = draw_svg(vs, labels=same_formulas)
    texts = [f.name for f in dataclasses.fields(DrawingLabels) if isinstance(f.default, str)]
    # the same words as the core's, but "×" for "x" as in the formulas in words
    assert {n: getattr(web, n).replace("×", "x").replace("−", "-") for n in texts} == {
        n: getattr(ENGLISH, n) for n in texts
    }
    assert svg.replace("×", "x") == draw_svg(vs)


# --- the pages and the export draw in the reader's language -------------------------------


@pytest.fixture
def current(cast):
    return services.value_stream_import(
        project=cast["project"], user=cast["owner"], text=BRACKETS.read_text()
    )


def _drawing_of(page: str) -> str:
    start = page.index('class="vsm"')
    return page[start : page.index("</svg>", start)]


def test_detail_page_draws_in_the_readers_language(client_for, cast, current, shouting):
    client = client_for(cast["viewer"])
    page = client.get(current.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    svg = _drawing_of(page)
    assert ">UPTIME<" in svg and ">TAKT 52,5 S<" in svg
    page = client.get(current.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    svg = _drawing_of(page)
    assert ">TAKT 52.5 S<" in svg


def test_export_and_comparison_draw_in_the_readers_language(client_for, cast, current, shouting):
    client = client_for(cast["viewer"])
    args = [cast["project"].pk, current.pk]
    svg = client.get(
        reverse("valuestreams:export_svg", args=args), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert ">UPTIME<" in svg and ">TAKT 52,5 S<" in svg
    future = services.value_stream_copy_to_future(value_stream=current, user=cast["owner"])
    page = client.get(
        reverse("valuestreams:compare", args=[cast["project"].pk, future.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    assert page.count(">UPTIME<") >= 4 and ">TAKT 52,5 S<" in page


def test_diagnosis_draws_in_the_active_language(cast, current, shouting):
    from obeya.diagnosis.overview import project_diagnosis

    with translation.override("fr"):
        (section,) = project_diagnosis(cast["project"]).maps
    assert ">UPTIME<" in section.svg and ">TAKT 52,5 S<" in section.svg


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", 0.5, "0,5 jour"),
        ("fr", 1, "1 jour"),
        ("fr", 1.5, "1,5 jour"),
        ("fr", 1.96, "2 jours"),
        ("fr", 2.5, "2,5 jours"),
        ("en", 0.5, "0.5 days"),
        ("en", 1, "1 day"),
        ("en", 1.5, "1.5 days"),
    ],
)
def test_days_take_the_grammatical_number_of_each_language(language, value, expected):
    """French keeps the singular below 2 ("1,5 jour"), English only for one ("1.5 days"), in
    the figure tables and on the drawing alike."""
    from obeya.core.vsm_draw import _days
    from obeya.valuestreams.figures import days

    def plain(text: str) -> str:
        return text.replace("\u00a0", " ").replace("\u202f", " ")

    with translation.override(language):
        assert plain(days(value)) == expected
        assert plain(_days(value, drawing.drawing_labels())) == expected
