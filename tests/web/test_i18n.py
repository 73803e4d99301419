"""French and English are complete everywhere.

- Each committed catalogue (src/obeya/locale/{fr,en}/LC_MESSAGES/django.po) translates every
  entry: no empty msgstr (any plural form), nothing fuzzy, placeholders kept.
- The catalogues hold every string the source marks for translation: makemessages runs on a
  copy of the package, and a string someone adds without `make messages` + a translation fails.
- Pages render in the language of the cookie, of Accept-Language, or French by default, and the
  language switch (POST /i18n/setlang/) changes it.

The catalogues are read with the small parser below (no polib at runtime). The page tests need
the compiled .mo files: `make compilemessages` (part of `make install-test`) builds them.
"""

from __future__ import annotations

import ast
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

import obeya

PACKAGE_DIR = Path(obeya.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("fr", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file, as dicts: msgctxt, msgid, msgid_plural, msgstr or
    msgstr[0], msgstr[1]..., plus "flags" (a set) and "obsolete" (#~ entries)."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def flush() -> None:
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line:
                continue
        if not line:
            flush()
        elif line.startswith("#,"):
            if any(k.startswith("msgstr") for k in entry):
                flush()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field is None:
                raise ValueError(f"{path}:{number}: string outside of a field")
            entry[field] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
                flush()  # an entry without a blank line before it
            if not value.startswith('"'):
                raise ValueError(f"{path}:{number}: cannot read {raw!r}")
            field = keyword
            entry[field] = ast.literal_eval(value)
            entry["obsolete"] = entry.get("obsolete", False) or obsolete
    flush()
    for e in entries:
        e.setdefault("flags", set())
        e.setdefault("obsolete", False)
    return entries


def live_entries(path: Path) -> list[dict]:
    """The entries that matter: not obsolete, not the header."""
    return [e for e in read_po(path) if not e["obsolete"] and e["msgid"] != ""]


def translations(entry: dict) -> list[str]:
    return [v for k, v in sorted(entry.items()) if k.startswith("msgstr")]


def key(entry: dict) -> tuple[str, str, str]:
    return entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", "")


def catalogue(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


# --- the committed catalogues are complete ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_entry(language):
    entries = live_entries(catalogue(language))
    assert entries, f"{catalogue(language)} is empty: run `make messages`"
    untranslated = [
        e["msgid"]
        for e in entries
        if not translations(e)
        or not all(translations(e))
        or ("msgid_plural" in e and len(translations(e)) < 2)
    ]
    assert not untranslated, (
        f"{len(untranslated)} untranslated entries in {language}/django.po:\n  "
        + "\n  ".join(map(repr, untranslated))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_entry(language):
    entries = [e for e in read_po(catalogue(language)) if not e["obsolete"]]
    fuzzy = [e["msgid"] or "(the header)" for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, (
        f"fuzzy entries in {language}/django.po (check the translation, then drop "
        '"#, fuzzy"):\n  ' + "\n  ".join(map(repr, fuzzy))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_keeps_the_placeholders(language):
    wrong = []
    for e in live_entries(catalogue(language)):
        wanted = set(PLACEHOLDER.findall(e["msgid"] + e.get("msgid_plural", "")))
        for text in translations(e):
            if text and set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{e['msgid']!r} -> {text!r}")
    assert not wrong, f"placeholders changed in {language}/django.po:\n  " + "\n  ".join(wrong)


def test_french_catalogue_uses_the_french_plural_rule():
    header = next(e for e in read_po(catalogue("fr")) if e["msgid"] == "")
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in header["msgstr"]


# --- the catalogues hold every string of the source -------------------------------------------


def test_catalogues_hold_every_string_the_source_marks(tmp_path, settings, monkeypatch):
    """What `make messages` would extract today is already in both committed catalogues."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is missing (apt-get install gettext)")
    tree = tmp_path / "obeya"
    shutil.copytree(
        PACKAGE_DIR, tree, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.mo")
    )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["fr"], no_location=True, verbosity=0, stdout=io.StringIO())
    source = {
        key(e) for e in live_entries(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    }
    assert source, "makemessages found no string in the source"
    for language in LANGUAGES:
        committed = {key(e) for e in live_entries(catalogue(language))}
        missing = sorted(source - committed)
        assert not missing, (
            f"{len(missing)} source strings are missing from {language}/django.po; run "
            "`make messages`, then translate them:\n  "
            + "\n  ".join(repr(msgid) for _ctx, msgid, _plural in missing)
        )


# --- pages render in the chosen language ------------------------------------------------------


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def shown(text: str, page: str) -> bool:
    """Whether a translation is on the page: {% translate "..." %} does not escape it, {{ }}
    does."""
    return text in page or html.escape(text) in page


def assert_renders_in(response, language: str) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert f'<html lang="{language}">' in page
    log_in = in_language(language, "Log in")
    if language == "fr":
        assert log_in != "Log in", "no French catalogue loaded: run `make compilemessages`"
        assert "Log in" not in page
    assert shown(log_in, page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_follows_accept_language(client, db, language):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=f"{language},de;q=0.5")
    assert_renders_in(response, language)


def test_login_page_is_french_by_default(client, db):
    assert_renders_in(client.get("/accounts/login/"), "fr")
    assert_renders_in(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de, it"), "fr")


@pytest.mark.parametrize("language,other", [("fr", "en"), ("en", "fr")])
def test_language_cookie_wins_over_accept_language(client, db, language, other):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=other)
    assert_renders_in(response, language)


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert 'name="language" value="en"' in page and 'name="language" value="fr"' in page

    for language, other in (("en", "fr"), ("fr", "en")):
        response = client.post("/i18n/setlang/", {"language": language, "next": "/accounts/login/"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
        following = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=other)
        assert_renders_in(following, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_project_page_speaks_the_language_throughout(client_for, cast, project, language):
    """Template strings, lazy model labels (stages) and plurals all follow the language."""
    client = client_for(cast["owner"])
    response = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    page = response.content.decode()
    done = response.context["roadmap"].done_count
    with translation.override(language):
        expected = [
            translation.gettext("Roadmap"),
            translation.gettext("Action plan"),
            translation.gettext("Diagnose"),
            translation.gettext("Valorise"),
            translation.ngettext("%(done)s stage of 9 done", "%(done)s stages of 9 done", done)
            % {"done": done},
        ]
    for text in expected:
        assert shown(text, page), f"{text!r} not on the {language} page"
    if language == "fr":
        assert "Roadmap" not in page and "Diagnose" not in page
