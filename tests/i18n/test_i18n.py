"""Locales: catalogues read from PO files, negotiation, RTL, plurals, fallbacks, hostile translations, tools."""
import logging
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from atrophy_pwa import create_app, paths
from atrophy_pwa.core import content, schemas
from atrophy_pwa.i18n import translator_tools
from atrophy_pwa.cli import main
from atrophy_pwa.i18n.translator_tools import SAMPLES
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


@pytest.mark.parametrize("headers", [{}, {"Accept-Language": "fr"}, {"Accept-Language": "fr", "If-None-Match": "*"}])
def test_the_language_redirect_says_it_varies_by_accept_language(client, headers):
    """A shared cache must not send one person's language to the next (before: no Vary on /)."""
    response = client.get("/", headers=headers)
    assert response.status_code == 302 and "Accept-Language" in response.vary


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


# Arabic's rule as Babel 2.16 wrote it (form 4: 100-102, form 5: 11-99) and as CLDR 46 / Babel 2.17+ do.
ARABIC_RULES = {
    "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5)": {11: 5, 100: 4},
    "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5)": {11: 4, 100: 5},
}


def with_plural_rule(path, rule):
    """Rewrite a PO file's Plural-Forms header (it may take two lines) to `rule`, and drop the empty forms past it."""
    text = re.sub(r'"Plural-Forms: [^"]*"\n("[^"]*"\n)?', lambda m: f'"Plural-Forms: {rule}\\n"\n', path.read_text())
    count = int(re.match(r"nplurals=(\d+)", rule).group(1))
    path.write_text(re.sub(r'msgstr\[(\d+)\] ""\n', lambda m: "" if int(m.group(1)) >= count else m.group(0), text))


@pytest.mark.parametrize("rule", ARABIC_RULES)
def test_arabic_plural_forms_follow_the_files_own_rule(tmp_path, rule):
    """Whichever Babel is installed, a catalogue is read by the rule its translator wrote it for."""
    forms = tuple(f"form{i} %(num)d" for i in range(6))
    path = write_catalog(tmp_path, "ar", {}, plural=(("%(num)d short card to read.", "%(num)d short cards to read."), forms))
    with_plural_rule(path, f"nplurals=6; plural={rule};")
    app = create_app({"TRANSLATIONS_DIR": str(tmp_path)})
    with app.test_request_context():
        translations = app.extensions["catalogues"].translations["ar"]
        seen = {n: translations.ungettext("%(num)d short card to read.", "%(num)d short cards to read.", n)
                for n in (0, 1, 2, 3, 11, 100)}
    expected = {0: 0, 1: 1, 2: 2, 3: 3} | ARABIC_RULES[rule]
    assert seen == {n: forms[i] for n, i in expected.items()}
    assert translator_tools.check_file(path).errors == []


@pytest.mark.parametrize("rule", ["nplurals=2; plural=(n != 1);",
                                  "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"])
def test_a_catalogue_with_an_older_plural_count_still_serves(tmp_path, rule):
    """Spanish as translators wrote it before CLDR 46 (2 forms) and after (3): served by its own header;
    the check warns, never fails, where the installed Babel's count differs, and says how to update."""
    count = int(rule[len("nplurals="):][0])
    forms = ("%(num)d ficha breve.", "%(num)d fichas breves.", "%(num)d fichas breves.")[:count]
    path = write_catalog(tmp_path, "es", {})
    with_plural_rule(path, rule)
    with path.open("a") as handle:  # as the translator wrote it, whatever this Babel would write
        handle.write('\n#, python-format\nmsgid "%(num)d short card to read."\nmsgid_plural "%(num)d short cards to read."\n')
        handle.writelines(f'msgstr[{i}] "{text}"\n' for i, text in enumerate(forms))
    client = create_app({"TRANSLATIONS_DIR": str(tmp_path)}).test_client()
    assert re.search(r"\d+ fichas breves\.", client.get("/es/").get_data(as_text=True))
    report = translator_tools.check_file(path)
    assert report.errors == []
    differs = count != get_plural("es").num_plurals
    assert any("i18n update --plural-forms" in w for w in report.warnings) == differs
    result = CliRunner().invoke(main, ["i18n", "check", str(path)])
    assert result.exit_code == 0 and ("warning:" in result.output) == differs


def test_update_takes_cldrs_plural_rule_and_keeps_each_numbers_text(tmp_path):
    """`i18n update --plural-forms` moves translations to the new forms; every number keeps its words."""
    path = write_catalog(tmp_path, "es", {}, plural=(("%(num)d a", "%(num)d b"), ("una %(num)d", "varias %(num)d")))
    with_plural_rule(path, "nplurals=2; plural=(n != 1);")
    (tmp_path / "messages.pot").write_text('msgid "%(num)d a"\nmsgid_plural "%(num)d b"\nmsgstr[0] ""\nmsgstr[1] ""\n')
    def texts():
        catalogues = create_app({"TRANSLATIONS_DIR": str(tmp_path)}).extensions["catalogues"]
        return [catalogues.translations["es"].ungettext("%(num)d a", "%(num)d b", n) for n in SAMPLES]
    before = texts()
    result = CliRunner().invoke(main, ["i18n", "--translations-dir", str(tmp_path), "update", "--plural-forms"])
    assert result.exit_code == 0, result.output
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    assert catalog.num_plurals == get_plural("es").num_plurals
    assert ("new plural rule" in result.output) == (get_plural("es").num_plurals != 2)
    assert texts() == before and before[1] == "una %(num)d" and before[2] == "varias %(num)d"
    assert translator_tools.check_file(path).errors == translator_tools.check_file(path).warnings == []


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
    result = client.post("/de/care", data={"step": "0", "yes": ["face_droop"]}, headers={"Accept-Language": "en-GB"})
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
    assert "could not be read" in client.get("/fr/").get_data(as_text=True)
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"] == "/fr/"
    assert "messages.po:2: the 'fr' translation cannot be read" in caplog.text


def test_check_command_on_good_and_bad_files(tmp_path):
    good = write_catalog(tmp_path, "es", {"Learn": "Aprender", "Continue": ""})
    bad = write_catalog(tmp_path, "de", {"Call {number} now": "Rufen {x}", "Learn": "<b>Lernen</b>",
                                         "Step %(num)d of %(total)d": "Schritt %(zahl)d"})
    runner = CliRunner()
    ok = runner.invoke(main, ["i18n", "check", str(good)])
    assert ok.exit_code == 0 and re.search(r"warning: .*es/LC_MESSAGES/messages\.po:\d+: untranslated: not translated",
                                           ok.output)
    failed = runner.invoke(main, ["i18n", "check", str(bad)])
    assert failed.exit_code == 1
    assert re.search(r"error: .*de/LC_MESSAGES/messages\.po:\d+: pythonbraceformat: .*\{x\}", failed.output)
    assert re.search(r"error: .*:\d+: xmltags: Added XML tags", failed.output) and "zahl" in failed.output
    garbage = tmp_path / "garbage.po"
    garbage.write_text('msgid "a"\nmsgstr "unterminated\nmsgid\n')
    unreadable = runner.invoke(main, ["i18n", "check", str(garbage)])
    assert unreadable.exit_code == 1 and "garbage.po:" in unreadable.output


GOOD_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Learn"
msgstr "Apprendre"

msgid "About"
msgstr "À propos"

msgid "Checklist"
msgstr "Liste"
"""


@pytest.mark.parametrize("change, lines", [
    pytest.param(lambda text: text.replace('msgstr "Apprendre"', 'msgstr "Apprendre'), [6], id="unclosed-quote"),
    pytest.param(lambda text: text.replace('msgstr "Apprendre"\n', 'msgstr "Apprendre"\nmsgstr garbage ""\n'), [7],
                 id="stray-msgstr-line"),
    pytest.param(lambda text: text.replace('msgstr "Apprendre"', 'msgstr "Apprendre')
                 .replace('msgid "Checklist"', 'msgid "Checklist').replace('msgstr "À propos"\n', 'msgstr "À propos"\nxx\n'),
                 [6, 10, 12], id="three-errors"),
])
def test_check_reports_every_po_syntax_error_with_its_line(tmp_path, change, lines):
    """Before: Babel read these without a word (the msgstr lost its last character, the stray line was
    skipped) and `i18n check` said ok."""
    path = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(change(GOOD_PO), encoding="utf-8")
    result = CliRunner().invoke(main, ["i18n", "check", str(path)])
    assert result.exit_code == 1 and "ok:" not in result.output
    reported = [int(n) for n in re.findall(rf"error: {re.escape(str(path))}:(\d+): PO syntax error", result.output)]
    assert reported == lines, result.output
    assert f"{len(lines)} errors" in result.output


def test_check_runs_pofilter_s_checks_as_errors_and_warnings(tmp_path):
    path = write_catalog(tmp_path, "fr", {
        "Call {number} now": "Appelez maintenant", "Call %(number)s": "Appeler %(numero)s", "Learn": "<b>Apprendre</b>",
        "Continue": "Continuer\\n", "About": "À propos propos", "Checklist.": "Liste", "Back": ""})
    report = translator_tools.check_file(path)
    found = {line.split(": ")[1] for line in report.errors}, {line.split(": ")[1] for line in report.warnings}
    assert {"variables", "pythonbraceformat", "printf", "xmltags", "escapes"} <= found[0]
    assert {"doublewords", "endpunc", "untranslated"} <= found[1]
    assert all(re.match(rf"{re.escape(str(path))}:\d+: ", line) for line in report.errors + report.warnings)


def test_check_command_counts_wrong_plural_forms(tmp_path):
    path = write_catalog(tmp_path, "ar", {}, plural=(("%(num)d a", "%(num)d b"), ("x %(num)d", "y %(num)d")))
    assert any("2 of 6 plural forms" in error for error in translator_tools.check_file(path).errors)
    text = re.sub(r'msgstr\[[2-5]\] ""\n', "", path.read_text().replace("nplurals=6", "nplurals=2"))
    path.write_text(text)  # two forms declared, but the rule still picks six
    report = translator_tools.check_file(path)
    assert any("Plural-Forms rule gives form" in e and "past its 2 forms" in e for e in report.errors)
    assert any("Plural-Forms says 2 forms; CLDR" in w and "ar 6" in w for w in report.warnings)


def test_shipped_catalogues_pass_the_check():
    """Drafts: pofilter's warnings (punctuation, doubled words) may remain, never an error; Hindi's danda
    is its full stop (translate-toolkit's Hindi lacks that rule: 279 false warnings before)."""
    for path in translator_tools.all_po_files(paths.TRANSLATIONS):
        report = translator_tools.check_file(path)
        assert report.errors == [], path
        named = {found.group(1) for line in report.warnings if (found := re.search(r":\d+: ([a-z]+): ", line))}
        assert named <= set(translator_tools.POFILTER_WARNINGS), path  # besides a plural-count note on older Babel
        if path.parent.parent.name == "hi":
            assert not [line for line in report.warnings if ": endpunc: " in line]


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


def test_check_command_reports_translations_that_fail_as_format_strings(tmp_path):
    """The same messages that the app leaves in English at load (test_broken_files.py) are errors here."""
    bad = write_catalog(tmp_path, "sw", {"About": "Kuhusu 100%", "Step %(num)d of %(total)d": "Hatua %(num)d ya %(total)",
                                         "Learn": "Jifunze 100%%"})
    failed = CliRunner().invoke(main, ["i18n", "check", str(bad)])
    assert failed.exit_code == 1 and "3 errors" in failed.output  # and pofilter's printf check on the second
    assert re.search(r"sw/LC_MESSAGES/messages\.po:\d+: printf: ", failed.output)
    assert re.search(r"sw/LC_MESSAGES/messages\.po:\d+: 'Kuhusu 100%' is not a valid format string", failed.output)
    assert "'Hatua %(num)d ya %(total)' is not a valid format string" in failed.output
    assert "Jifunze" not in failed.output
    app = create_app({"TESTING": True, "TRANSLATIONS_DIR": str(tmp_path)})
    assert app.extensions["catalogues"].translations["sw"].gettext("About") == "About"


def test_a_missing_translations_folder_is_logged(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="atrophy_pwa")
    app = create_app({"TESTING": True, "TRANSLATIONS_DIR": str(tmp_path / "nowhere")})
    assert list(app.extensions["catalogues"].locales) == ["en"]
    assert f"{tmp_path / 'nowhere'}: translations folder is missing" in caplog.text


@pytest.mark.parametrize("code", SHIPPED[1:])
def test_translated_card_summaries_keep_the_api_s_length_limit(client, code):
    """A card summary is at most 200 characters in every language, as the API's schema promises (a French
    and a Swahili summary once ran over, and the OpenAPI conformance test caught them)."""
    limit = next(v.max for v in schemas.CardSchema().fields["summary"].validators if hasattr(v, "max"))
    cards = client.get(f"/api/v1/{code}/cards").get_json()["cards"]
    assert cards and all(len(card["summary"]) <= limit for card in cards), \
        [(card["slug"], len(card["summary"])) for card in cards if len(card["summary"]) > limit]
