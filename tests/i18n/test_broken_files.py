"""A server started with a bad translation file never returns a 500.

Each test starts the app on a copy of translations/ with one file broken (English and the broken locale:
see broken_copy), then requests every GET page and API document of every locale it has (serving/addresses.py,
from the app's url_map) and posts the care flow, the checklist and the triage API in the
broken locale. A locale whose file cannot be read keeps its addresses, in English, with a notice (no case
makes them 404); a message that cannot be used safely shows in English. Either way a warning names the file and line (with logging, not the warnings module,
so filterwarnings=error is not involved).
Broken content files stopping start-up are covered in test_content.py (plus one case here).
"""
import io
import logging
import re
import shutil

import pytest
from babel.messages.pofile import PoFileError, read_po, write_po

from atrophy_pwa import create_app, paths
from atrophy_pwa.core import content, triage
from atrophy_pwa.serving import addresses
from page_text import text

CONTENT = content.load(paths.CONTENT)
QUESTIONS = list(triage.questions(CONTENT.flow))
SIGNS = [sign["id"] for sign in CONTENT.checklist["signs"]]
PLAIN = {"Accept-Encoding": "identity"}
BANNER = "Call {} now if any of these happen:"  # the home banner's lead-in, from care_flow.toml


def broken_copy(tmp_path, code, change):
    """translations/ with English and <code> alone, whose <code> PO file is replaced by change(original bytes).

    The other languages are left out (each would cost start-up and a render of its every page): they read
    only their own files, so a broken file reaches them only through what every page shares (the language
    links, the offline pages in /sw.js), and the English pages and /sw.js show that."""
    target = tmp_path / "translations"
    target.mkdir()
    shutil.copy(paths.TRANSLATIONS / "messages.pot", target)
    for folder in ("en", code):
        shutil.copytree(paths.TRANSLATIONS / folder, target / folder)
    po = target / code / "LC_MESSAGES" / "messages.po"
    po.write_bytes(change(po.read_bytes()))
    return target


def replace_msgstr(msgid, msgstr):
    """A change that gives `msgid` the translation `msgstr` (the file is read and written by Babel)."""
    def change(data):
        catalog = read_po(io.BytesIO(data))
        assert catalog[msgid] is not None, msgid
        catalog[msgid].string = msgstr
        out = io.BytesIO()
        write_po(out, catalog, width=0)
        return out.getvalue()
    return change


def start(directory, caplog):
    caplog.set_level(logging.WARNING, logger="atrophy_pwa")
    return create_app({"TESTING": True, "TRANSLATIONS_DIR": str(directory)})


def sweep(app, broken):
    """Request everything; return {url: status}. No 5xx anywhere; the broken locale's addresses 404 or 200."""
    client = app.test_client()
    codes = list(app.extensions["catalogues"].locales)
    seen = {"/sw.js": client.get("/sw.js", headers=PLAIN).status_code}  # renders every locale's pages once
    for url in addresses.expand(app, codes):  # every GET page and document, for every translation folder
        seen[url] = client.get(url, headers=PLAIN).status_code
    forms = [("care", {"step": "-1"}), ("care", {"step": "0", "yes": QUESTIONS[:1]}),
             ("care", {"step": "0", "yes": QUESTIONS[-1:]}), ("care", {"show": "result", "yes": QUESTIONS}),
             ("checklist", {"sign": SIGNS}), ("checklist", {})]
    forms += [("care", {"step": str(step), "yes": QUESTIONS[::2]}) for step in range(len(CONTENT.flow["steps"]))]
    for i, (page, form) in enumerate(forms):
        seen[f"POST /{broken}/{page} #{i}"] = client.post(f"/{broken}/{page}?region=GB", data=form).status_code
    for answers in [{}, {q: True for q in QUESTIONS}]:
        seen[f"POST triage {len(answers)}"] = client.post(f"/api/v1/triage?locale={broken}",
                                                          json={"answers": answers}).status_code
    for address in ["/", "/healthz"]:
        seen[f"{address} ({broken})"] = client.get(address, headers={"Accept-Language": broken}).status_code
    assert not {url: status for url, status in seen.items() if status >= 500}
    assert broken in app.extensions["catalogues"]  # readable or not, a language keeps its addresses
    mine = {url: status for url, status in seen.items() if f"/{broken}/" in url}
    assert mine and set(mine.values()) == {200}, mine
    assert set(seen.values()) <= {200, 302}, seen
    return seen


def page(app, url, **kwargs):
    response = (app.test_client().post if "data" in kwargs else app.test_client().get)(url, headers=PLAIN, **kwargs)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_sweep_covers_every_page_of_the_shipped_app(caplog):
    app = start(paths.TRANSLATIONS, caplog)
    seen = sweep(app, "fr")
    assert len(app.extensions["catalogues"].locales) >= 7
    assert len(seen) > 7 * (len(CONTENT.cards) * 2 + 8)
    assert "WARNING" not in caplog.text


def unclosed_quote(data):
    """The first one-line translation loses its closing quote (Babel read it without the last character)."""
    return re.sub(rb'\nmsgstr "([^"\n]+)"\n', rb'\nmsgstr "\1\n', data, count=1)


def stray_line(data):
    """A stray `msgstr garbage ""` line after the first one-line translation (Babel skipped it silently)."""
    return re.sub(rb'(\nmsgstr "[^"\n]+"\n)', rb'\1msgstr garbage ""\n', data, count=1)


@pytest.mark.parametrize("code, garbage", [
    pytest.param("fr", unclosed_quote, id="msgstr-without-its-closing-quote"),
    pytest.param("es", stray_line, id="stray-msgstr-line"),
    pytest.param("ar", lambda data: re.sub(rb'\n"([^"\n]+)"\n', rb'\n"\1\n', data[200:], count=1), id="continuation-unclosed"),
    pytest.param("fr", lambda data: (paths.STATIC / "icons" / "icon-192.png").read_bytes(), id="a-png"),
    pytest.param("hi", lambda data: data.decode().encode("utf-16"), id="utf-16"),
    pytest.param("fr", lambda data: data[: data.index(b'\nmsgid "', len(data) // 2) + 12], id="cut-off-after-a-msgid"),
    pytest.param("fr", lambda data: b"\0" * 100, id="nul-bytes"),
    pytest.param("fr", lambda data: data.replace(b'msgstr[1] "%(num)d courtes',
                                                 b'msgstr[5] "x %(num)d"\nmsgstr[1] "%(num)d courtes'),
                 id="more-plural-forms-than-declared"),
    pytest.param("fr", lambda data: data.replace(b"charset=utf-8", b"charset=utf-9"), id="unknown-charset"),
    pytest.param("pt", lambda data: data.replace("Sobre".encode(), "Sobre Ã".encode("latin-1"), 1), id="not-utf-8"),
])
def test_a_po_file_that_cannot_be_read_keeps_its_language_in_english(tmp_path, caplog, code, garbage):
    """Before: a syntax error that Babel notices left the locale out (its pages, its API documents and its
    installed app's start page 404, Accept-Language went to /en/, while the log said "English shows
    instead"); one that Babel does not notice (an unclosed quote, a stray line) started with no warning
    and showed the string without its last character."""
    app = start(broken_copy(tmp_path, code, garbage), caplog)
    info = app.extensions["catalogues"].locales[code]
    assert not info.readable and info.review == "unreadable" and info.dir == "ltr"
    sweep(app, code)
    client = app.test_client()
    home = client.get(f"/{code}/", headers=PLAIN).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in home and "could not be read, so this page shows English" in home
    assert "Muscle atrophy guide" in home
    flow = client.get(f"/api/v1/{code}/flow")
    assert flow.status_code == 200 and flow.json == client.get("/api/v1/en/flow").json
    assert client.get("/", headers={"Accept-Language": code}).headers["Location"] == f"/{code}/"
    assert client.get(f"/{code}/manifest.webmanifest").status_code == 200
    locales = {entry["code"]: entry for entry in client.get("/api/v1/locales").json["locales"]}
    assert locales[code]["review"] == "unreadable"
    assert re.search(rf"{code}/LC_MESSAGES/messages\.po:\d+: the '{code}' translation cannot be read \(.+\), "
                     "so its pages show English", caplog.text), caplog.text


def test_a_po_file_that_cannot_be_opened_keeps_its_language_in_english(tmp_path, caplog):
    directory = broken_copy(tmp_path, "sw", lambda data: data)
    po = directory / "sw" / "LC_MESSAGES" / "messages.po"
    po.unlink()
    po.symlink_to(tmp_path / "gone.po")  # a dangling link: stat and open both fail
    app = start(directory, caplog)
    assert not app.extensions["catalogues"].locales["sw"].readable
    sweep(app, "sw")
    assert f"{po}: the 'sw' translation cannot be read (cannot be read: No such file or directory)" in caplog.text


def test_renamed_placeholders_show_english(tmp_path, caplog):
    change = replace_msgstr("Call {number} now", "Appelez {numero} maintenant")
    directory = broken_copy(tmp_path, "fr", lambda data: replace_msgstr(
        BANNER.format("{number}"), "Appelez {numero} maintenant si :")(change(data)))
    app = start(directory, caplog)
    sweep(app, "fr")
    assert text(page(app, "/fr/?region=GB")).count(BANNER.format("999")) == 1
    result = text(page(app, "/fr/care?region=GB", data={"step": "0", "yes": ["face_droop"]}))
    assert "Call 999 now" in result and "{numero}" not in result and "Appelez 999" not in result
    assert caplog.text.count("left in English") == 2 and "numero" in caplog.text


def test_dropped_placeholder_shows_english(tmp_path, caplog):
    drop = replace_msgstr("Call %(number)s", "Appeler")
    app = start(broken_copy(tmp_path, "fr", drop), caplog)
    sweep(app, "fr")
    html = page(app, "/fr/care?region=GB", data={"step": "0", "yes": ["face_droop"]})
    assert ">Appeler<" not in html and ">Call 999<" in html
    assert "left in English" in caplog.text


def test_markup_in_a_translation_shows_as_text(tmp_path, caplog):
    payloads = {"Muscle atrophy guide": "<script>alert(1)</script>",
                "your local emergency number": '"><img src=x onerror=alert(2)>',
                next(iter(CONTENT.cards.values()))["title"]: "<b onclick=alert(3)>Carte</b>"}
    def change(data):
        for msgid, msgstr in payloads.items():
            data = replace_msgstr(msgid, msgstr)(data)
        return data
    app = start(broken_copy(tmp_path, "fr", change), caplog)
    seen = sweep(app, "fr")
    client = app.test_client()
    for url in [url for url in seen if url.startswith("/fr/") and not url.endswith(".webmanifest")]:
        html = client.get(url, headers=PLAIN).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onclick" not in html, url
    home = page(app, "/fr/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home and "&#34;&gt;&lt;img src=x" in home


@pytest.mark.parametrize("header", [None, "nplurals=2; plural=(n != 1);", "nplurals=6; plural=n;"])
def test_wrong_plural_forms_never_fail(tmp_path, caplog, header):
    """Arabic with 2 of its 6 plural forms; the header as shipped, saying 2 forms, or with a rule past the forms."""
    def change(data):
        text = re.sub(r'msgstr\[[2-5]\] "[^"]*"\n', "", data.decode())
        if header:  # Arabic's Plural-Forms takes two lines
            text = re.sub(r'"Plural-Forms: [^"]*"\n("[^"]*"\n)?', lambda m: f'"Plural-Forms: {header}\\n"\n', text)
        return text.encode()
    app = start(broken_copy(tmp_path, "ar", change), caplog)
    sweep(app, "ar")
    home = page(app, "/ar/")
    count = len(CONTENT.cards)
    if header == "nplurals=2; plural=(n != 1);":  # the file's own word: its second form, in Arabic
        assert f"({count})" in home and "short cards" not in home
    else:  # two of six forms, or a rule that points past them: English
        assert f"{count} short cards to read." in home


def test_a_card_file_that_is_not_utf8_stops_start_up(content_copy):
    """Other broken content files (TOML syntax, schema, links, sources.toml at start-up) are in test_content.py."""
    card = sorted((content_copy / "cards").glob("*.toml"))[0]
    card.write_bytes(b"\xff\xfe" + card.read_bytes())
    with pytest.raises(content.ContentError, match=re.escape(card.name) + ": not valid TOML"):
        create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})


FORMAT_BREAKERS = {  # msgid -> a translation that fails as a format string where the msgid works
    "About": "Kuhusu 100%",
    "Call %(number)s": "À 100% : appelez le %(number)s",
    "Step %(num)d of %(total)d": "Étape %(num)d sur %(total)",
    "Page reviewed %(date)s.": "Page vérifiée le %(date)",
}


@pytest.mark.parametrize("msgid, msgstr", FORMAT_BREAKERS.items(), ids=["sw-percent", "fr-percent", "fr-no-conversion",
                                                                       "fr-at-the-end"])
def test_a_percent_sign_leaves_one_message_in_english(tmp_path, caplog, msgid, msgstr):
    """Before: 500 on every page of the locale, on the error page and on /sw.js for every locale."""
    code = "sw" if msgid == "About" else "fr"
    app = start(broken_copy(tmp_path, code, replace_msgstr(msgid, msgstr)), caplog)
    sweep(app, code)
    assert code in app.extensions["catalogues"]
    assert re.search(rf"{code}/LC_MESSAGES/messages\.po: line \d+: .* left in English: .*format", caplog.text)
    client = app.test_client()
    missing = client.get(f"/{code}/no-such-page", headers=PLAIN)
    assert missing.status_code == 404 and missing.headers["Content-Security-Policy"]
    assert f'lang="{code}"' in missing.get_data(as_text=True)
    if msgid == "About":
        assert ">About<" in page(app, "/sw/") and "Kuhusu 100%" not in page(app, "/sw/")


@pytest.mark.parametrize("rule", ["(n / 0)", "(n % 0)", "n", "(n > 100 ? 3 : n != 1)", "(n >>> "])
def test_a_plural_rule_that_fails_leaves_the_plural_messages_in_english(tmp_path, caplog, rule):
    """A rule that divides by zero or names a form the file lacks, for some n in 0..200 (fr has 3 forms)."""
    def change(data):
        header = f'"Plural-Forms: nplurals=3; plural={rule};\\n"\n'.encode()
        return re.sub(rb'"Plural-Forms: [^"]*"\n("[^"]*"\n)?', lambda _: header, data, count=1)
    app = start(broken_copy(tmp_path, "fr", change), caplog)
    sweep(app, "fr")
    assert "fr" in app.extensions["catalogues"] and "plural messages left in English" in caplog.text
    home = page(app, "/fr/")
    assert f"{len(CONTENT.cards)} short cards to read." in home


def test_the_export_survives_a_broken_translation(tmp_path, caplog):
    from atrophy_pwa.serving import export
    directory = broken_copy(tmp_path, "fr", replace_msgstr("About", "À propos 100%"))
    caplog.set_level(logging.WARNING, logger="atrophy_pwa")
    written = export.export(tmp_path / "site", export.export_app({"TESTING": True, "TRANSLATIONS_DIR": str(directory)}))
    assert "fr" in written["locales"] and "left in English" in caplog.text
