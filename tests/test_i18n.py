"""Locales: catalogues read from PO files, negotiation, RTL, plurals, fallbacks, hostile translations, tools."""
import logging
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from atrophy_pwa import content, create_app, paths, translator_tools
from atrophy_pwa.cli import main
from page_text import text

SHIPPED = ["en", "es", "fr", "pt", "sw", "hi", "ar"]
SLUG = next(iter(content.load(paths.CONTENT).cards))
PAGES = ["/{}/", "/{}/cards/", f"/{{}}/cards/{SLUG}", "/{}/about", "/{}/care", "/{}/checklist"]


def write_catalog(directory, code, messages, plural=None, header="# Review status: unreviewed\n"):
    """A PO file for `code` in directory/<code>/LC_MESSAGES/messages.po, made in the test."""
    catalog = Catalog(locale=code, header_comment=header)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    if plural:
        catalog.add(plural[0], plural[1])
    target = directory / code / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    return target / "messages.po"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_locale_renders_every_page(client, code):
    for pattern in PAGES:
        response = client.get(pattern.format(code))
        assert response.status_code == 200, pattern.format(code)
        direction = "rtl" if code == "ar" else "ltr"
        assert f'<html lang="{code}" dir="{direction}">' in response.get_data(as_text=True)


@pytest.mark.parametrize("code", SHIPPED[1:])
def test_shipped_translations_are_complete_and_unreviewed_notice_shows(client, app, code):
    info = app.extensions["catalogues"].locales[code]
    assert info.completeness >= 0.99, (code, info.completeness)
    html = client.get(f"/{code}/").get_data(as_text=True)
    assert "Muscle atrophy guide" not in html
    if info.review == "unreviewed":
        assert 'class="app-notice"' in html and "not yet been checked" not in html


def test_locales_api_lists_every_shipped_locale(client):
    locales = {entry["code"]: entry for entry in client.get("/api/v1/locales").json["locales"]}
    assert set(SHIPPED) <= set(locales)
    assert locales["ar"]["dir"] == "rtl" and locales["ar"]["name"] == "العربية"
    assert locales["es"]["name"] == "Español" and 0 <= locales["es"]["completeness"] <= 1


@pytest.mark.parametrize("header, expected", [
    ("es-MX,es;q=0.9", "/es/"), ("fr-FR", "/fr/"), ("pt-BR", "/pt/"), ("sw-KE", "/sw/"), ("hi-IN", "/hi/"),
    ("ar-EG", "/ar/"), ("de-DE, ar;q=0.5", "/ar/"), ("de", "/en/"), ("xx;q=abc, ,;;", "/en/"),
    ("a" * 5000, "/en/"), ("en-US;q=0.1, fr;q=0.9", "/fr/"),
])
def test_accept_language_negotiation(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302 and response.headers["Location"] == expected


def test_language_switcher_links_this_page_in_every_language(client):
    html = client.get(f"/en/cards/{SLUG}").get_data(as_text=True)
    for code in SHIPPED:
        assert f'href="/{code}/cards/{SLUG}" lang="{code}"' in html


def test_a_new_locale_is_just_a_po_file(tmp_path):
    write_catalog(tmp_path, "de", {"Muscle atrophy guide": "Ratgeber Muskelschwund"},
                  plural=(("%(num)d short card to read.", "%(num)d short cards to read."),
                          ("%(num)d kurze Karte.", "%(num)d kurze Karten.")))
    client = create_app({"TRANSLATIONS_DIR": str(tmp_path)}).test_client()
    html = client.get("/de/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html and "Ratgeber Muskelschwund" in html
    assert re.search(r"\d+ kurze Karten\.", html)
    assert client.get("/", headers={"Accept-Language": "de-AT"}).headers["Location"] == "/de/"
    assert client.get("/fr/").status_code == 404


def test_arabic_plural_forms(tmp_path):
    forms = tuple(f"form{i} %(num)d" for i in range(6))
    write_catalog(tmp_path, "ar", {}, plural=(("%(num)d short card to read.", "%(num)d short cards to read."), forms))
    app = create_app({"TRANSLATIONS_DIR": str(tmp_path)})
    with app.test_request_context():
        translations = app.extensions["catalogues"].translations["ar"]
        seen = {n: translations.ungettext("%(num)d short card to read.", "%(num)d short cards to read.", n)
                for n in (0, 1, 2, 3, 11, 100)}
    assert seen == {0: forms[0], 1: forms[1], 2: forms[2], 3: forms[3], 11: forms[5], 100: forms[4]}


def test_hostile_translation_shows_as_text(tmp_path):
    write_catalog(tmp_path, "de", {"Muscle atrophy guide": "<script>alert(1)</script>",
                                   "Learn": '<img src=x onerror="alert(1)">'})
    html = create_app({"TRANSLATIONS_DIR": str(tmp_path)}).test_client().get("/de/").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_mismatched_placeholders_fall_back_to_english(tmp_path, caplog):
    write_catalog(tmp_path, "de", {"Call {number} now": "Rufen Sie {nummer} an",
                                   "Step %(num)d of %(total)d": "Schritt %(zahl)d",
                                   "Continue": "Weiter"})
    caplog.set_level(logging.WARNING)
    client = create_app({"TRANSLATIONS_DIR": str(tmp_path)}).test_client()
    step = client.get("/de/care").get_data(as_text=True)
    assert "Step 1 of" in step and "Weiter" in step
    result = client.post("/de/care", data={"step": "0", "yes": ["fainting"]}, headers={"Accept-Language": "en-GB"})
    assert "Call 999 now" in text(result.get_data(as_text=True))
    assert "left in English" in caplog.text and "messages.po" in caplog.text


def test_broken_po_file_never_stops_the_app(tmp_path, caplog):
    broken = tmp_path / "fr" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "messages.po").write_bytes(b'msgid "a"\nmsgstr "b\n\xff\xfe garbage "unterminated\n')
    write_catalog(tmp_path, "es", {"Learn": "Aprender"})
    caplog.set_level(logging.WARNING)
    client = create_app({"TRANSLATIONS_DIR": str(tmp_path)}).test_client()
    assert client.get("/es/").status_code == 200
    assert client.get("/fr/").status_code == 404
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"] == "/en/"
    assert "left out" in caplog.text


def test_check_command_on_good_and_bad_files(tmp_path):
    good = write_catalog(tmp_path, "es", {"Learn": "Aprender", "Continue": ""})
    bad = write_catalog(tmp_path, "de", {"Call {number} now": "Rufen {x}", "Learn": "<b>Lernen</b>",
                                         "Step %(num)d of %(total)d": "Schritt %(zahl)d"})
    runner = CliRunner()
    ok = runner.invoke(main, ["i18n", "check", str(good)])
    assert ok.exit_code == 0 and "1 untranslated" in ok.output
    failed = runner.invoke(main, ["i18n", "check", str(bad)])
    assert failed.exit_code == 1
    assert re.search(r"de/LC_MESSAGES/messages\.po:\d+: placeholders", failed.output)
    assert "markup in the translation" in failed.output and "zahl" in failed.output
    garbage = tmp_path / "garbage.po"
    garbage.write_text('msgid "a"\nmsgstr "unterminated\nmsgid\n')
    unreadable = runner.invoke(main, ["i18n", "check", str(garbage)])
    assert unreadable.exit_code == 1 and "garbage.po:" in unreadable.output


def test_check_command_counts_wrong_plural_forms(tmp_path):
    path = write_catalog(tmp_path, "ar", {}, plural=(("%(num)d a", "%(num)d b"), ("x %(num)d", "y %(num)d")))
    assert any("2 of 6 plural forms" in error for error in translator_tools.check_file(path).errors)
    text = re.sub(r'msgstr\[[2-5]\] ""\n', "", path.read_text().replace("nplurals=6", "nplurals=2"))
    path.write_text(text)
    assert any("Plural-Forms says 2 forms, ar has 6" in e for e in translator_tools.check_file(path).errors)


def test_shipped_catalogues_pass_the_check():
    for path in translator_tools.all_po_files(paths.TRANSLATIONS):
        assert translator_tools.check_file(path).errors == [], path


def test_template_is_not_stale(tmp_path):
    translator_tools.extract(tmp_path / "fresh.pot")
    def ids(path):
        with path.open("rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert ids(tmp_path / "fresh.pot") == ids(paths.TRANSLATIONS / "messages.pot"), \
        "translations/messages.pot is stale: run `atrophy-pwa i18n extract` then `atrophy-pwa i18n update`"


def test_status_command_prints_a_table():
    output = CliRunner().invoke(main, ["i18n", "status"]).output
    assert re.search(r"^ar\s+العربية\s+\d+%\s+unreviewed$", output, re.M)
