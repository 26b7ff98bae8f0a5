"""The response table (response_table.py): the same bytes and headers as Flask, without entering Flask."""
import gzip
import re

import brotli
import pytest
from werkzeug.http import is_entity_header

from atrophy_pwa import create_app
from atrophy_pwa.serving import addresses as listed, export
from atrophy_pwa.serving.assets import hashed_name
from atrophy_pwa.serving.encodings import choose
from wsgi_support import DECODE, flask_app, layer_app, reaching_flask  # noqa: F401 (fixtures)

def closed(response):
    response.get_data()  # read, then close the file a static response streams from
    response.close()
    return response


PER_REQUEST = {"Date", "Expires"}  # Flask sets these per request; the table leaves them to the server


@pytest.fixture(scope="module")
def addresses(layer_app):
    return layer_app.extensions["response_table"].list_addresses()


def headers(response, *left_out):
    return sorted((k, v) for k, v in response.headers.items() if k not in PER_REQUEST | set(left_out))


def test_the_table_lists_every_address_the_export_writes_and_each_static_file(layer_app, addresses):
    assert set(addresses) == set(listed.pages(layer_app)) | set(listed.static_files(layer_app))
    assert {a for a in addresses if a.startswith("/static/")} == \
        {f"/static/{hashed_name(n, d)}" for n, d in layer_app.extensions["asset_hashes"].items()}
    locales = list(layer_app.extensions["catalogues"].locales)
    assert len(locales) >= 7
    cards = [f"cards/{slug}" for slug in layer_app.extensions["content"].flow["help_box_cards"]]  # they show the number
    assert sorted(a for a, varies in addresses.items() if varies) == \
        sorted(f"/{code}/{page}" for code in locales for page in ("", "care", "checklist", *cards))


@pytest.mark.parametrize("encoding", ["identity", "br", "gzip"])
def test_every_address_gives_flask_s_bytes_and_headers_without_entering_flask(
        layer_app, flask_app, addresses, reaching_flask, encoding):
    table, before = layer_app.test_client(), flask_app.test_client()
    for address in addresses:
        table.get(address)  # rendered through Flask once, on its first request
    reaching_flask.clear()
    for address in addresses:
        ours = table.get(address, headers={"Accept-Encoding": encoding})
        # Flask streams static files, compressing them with brotli only and leaving the file open
        # (flask-compress): they are compared with Flask's plain response.
        static = address.startswith("/static/")
        theirs = closed(before.get(address, headers={"Accept-Encoding": "identity" if static else encoding}))
        assert ours.status_code == theirs.status_code == 200, address
        ours_encoding, theirs_encoding = ours.headers.get("Content-Encoding"), theirs.headers.get("Content-Encoding")
        body = DECODE[ours_encoding](ours.get_data())
        assert body == DECODE[theirs_encoding](theirs.get_data()), address
        assert int(ours.headers["Content-Length"]) == len(ours.get_data())
        # brotli's level (11) is the next test's: compressing every body again here doubled this test's time
        if ours_encoding == theirs_encoding:
            assert headers(ours, "Content-Length") == headers(theirs, "Content-Length"), address
        else:
            assert static and ours_encoding == encoding and theirs_encoding is None, address
            assert "ETag" not in ours.headers and "ETag" not in theirs.headers  # immutable: no validators
            assert headers(ours, "Content-Length", "Content-Encoding") == headers(theirs, "Content-Length", "Content-Encoding")
    assert reaching_flask == []


def test_the_phone_s_header_gets_brotli_at_its_best_level(layer_app):
    client = layer_app.test_client()
    for address in ["/en/", "/en/cards/", "/en/cards/causes"]:
        response = client.get(address, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert response.headers["Content-Encoding"] == "br"
        assert response.get_data() == brotli.compress(client.get(address).get_data(), quality=11)
    # 1,824 bytes with 15 cards; 2,129 with the 19 of 2026-12-04 (stroke, falls, Guillain-Barré, steroids)
    assert len(client.get("/en/cards/", headers={"Accept-Encoding": "gzip, deflate, br"}).get_data()) <= 2200


@pytest.mark.parametrize("header, chosen", [
    ("", "identity"), ("identity", "identity"), ("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br", "br"),
    ("br;q=0.5, gzip;q=0.8", "gzip"), ("br;q=0, gzip", "gzip"), ("br;q=0", "identity"), ("*", "br"),
    ("*;q=0.5, br;q=0", "gzip"), ("gzip;q=0.4, identity;q=0.9", "identity"), ("identity;q=0, *;q=0", "identity"),
    ("BR;Q=1", "br"), ("x-gzip", "gzip"), ("deflate", "identity"), (",,;q=;", "identity"),
    ("br; q=0.9 , gzip ; q=1", "gzip"), ("gzip;q=0.5, *;q=0.5", "gzip"), ("*;q=0.5, identity", "identity"),
    # werkzeug ignores an entry whose q is malformed (before, the hand-written parser read it as q=1)
    ("br;q=nonsense", "identity"), ("br;q=nonsense, gzip", "gzip"),
])
def test_encoding_negotiation(header, chosen):
    assert choose(header) == chosen


@pytest.mark.parametrize("encoding", ["identity", "br", "gzip"])
def test_etag_revalidation_gives_flask_s_304(layer_app, flask_app, reaching_flask, encoding):
    table, before = layer_app.test_client(), flask_app.test_client()
    addresses = ["/en/cards/", "/fr/cards/causes", "/api/v1/ar/flow", "/sw.js", "/en/"]
    for address in addresses:
        table.get(address)  # rendered through Flask once, on its first request
    reaching_flask.clear()
    for address in addresses:
        first = table.get(address, headers={"Accept-Encoding": encoding})
        etag = first.headers["ETag"]
        assert etag.startswith('"') and (encoding == "identity") == (":" not in etag)  # strong, one per encoding
        without_entity = [(k, v) for k, v in headers(first) if not is_entity_header(k)]
        for match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            ours = table.get(address, headers={"Accept-Encoding": encoding, "If-None-Match": match})
            assert ours.status_code == 304 and ours.get_data() == b""
            assert headers(ours) == without_entity and ours.headers["ETag"] == etag
            # flask-compress evaluates the ETag of a compressed body from 1.20 on (before, Flask sent a
            # 200 to it). For `*` Flask answers before compressing, with the ETag of the plain body.
            theirs = before.get(address, headers={"Accept-Encoding": encoding, "If-None-Match": match})
            if theirs.status_code == 304 and match != "*":
                assert headers(ours) == headers(theirs)
        stale = table.get(address, headers={"Accept-Encoding": encoding, "If-None-Match": '"an-old-release"'})
        assert stale.status_code == 200 and stale.get_data() == first.get_data()
    assert reaching_flask == []


@pytest.mark.parametrize("encoding", ["identity", "br"])
def test_head_has_no_body_and_the_headers_of_get(layer_app, flask_app, encoding):
    table, before = layer_app.test_client(), flask_app.test_client()
    static = "/static/" + hashed_name("app.css", layer_app.extensions["asset_hashes"]["app.css"])
    for address in ["/en/cards/", "/hi/about", "/api/v1/locales", "/en/"] + [static] * (encoding == "identity"):
        ours = table.head(address, headers={"Accept-Encoding": encoding})
        assert ours.status_code == 200 and ours.get_data() == b""
        assert headers(ours) == headers(table.get(address, headers={"Accept-Encoding": encoding}))
        # Flask's own HEAD renders the language links differently (i18n.language_url asks for GET), so
        # its Content-Length differs; the table answers HEAD with the headers of GET, as HTTP asks.
        theirs = closed(before.get(address, headers={"Accept-Encoding": encoding}))
        assert headers(ours, "Content-Length") == headers(theirs, "Content-Length")


@pytest.mark.parametrize("accept_language", ["fr-FR,fr;q=0.9", "en-US", "de-DE", "pt-BR", "hi-IN", "en-GB",
                                             "sw-KE", "xx-ZZ", "en", "*", "", "fr-", ";q=oops,-x-"])
def test_region_pages_show_the_number_flask_shows_for_that_region(layer_app, flask_app, accept_language):
    table, before = layer_app.test_client(), flask_app.test_client()
    for address in ["/en/", "/fr/care", "/ar/checklist"]:
        ours = table.get(address, headers={"Accept-Language": accept_language, "Accept-Encoding": "br"})
        theirs = before.get(address, headers={"Accept-Language": accept_language, "Accept-Encoding": "br"})
        assert brotli.decompress(ours.get_data()) == brotli.decompress(theirs.get_data()), (address, accept_language)
        assert headers(ours, "Content-Length") == headers(theirs, "Content-Length")


def test_the_number_shown_is_the_region_s_own(layer_app):
    client = layer_app.test_client()
    countries = layer_app.extensions["content"].countries
    for region in ("FR", "US", "IN", "AU"):
        html = client.get("/en/", headers={"Accept-Language": f"en-{region}"}).get_data(as_text=True)
        assert countries[region]["emergency"] in html
    unknown = client.get("/en/", headers={"Accept-Language": "en-ZZ"}).get_data(as_text=True)
    assert unknown == client.get("/en/").get_data(as_text=True)


def test_pages_kept_once_for_every_region_do_not_depend_on_the_region(layer_app, flask_app, addresses):
    """A page the table keeps once must be the same for every region (else it must be marked)."""
    table, before = layer_app.test_client(), flask_app.test_client()
    for address, varies in addresses.items():
        if not varies:
            for accept_language in ("en-US", "hi-IN"):
                theirs = closed(before.get(address, headers={"Accept-Language": accept_language}))
                assert table.get(address).get_data() == theirs.get_data(), (address, accept_language)


def test_region_variants_are_bounded_by_the_regions_with_numbers(layer_app):
    client = layer_app.test_client()
    table = layer_app.extensions["response_table"]
    for n in range(300):
        client.get("/sw/", headers={"Accept-Language": f"en-{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}, x-{n}"})
    kept = {region for address, region in table.entries if address == "/sw/"}
    assert kept <= set(layer_app.extensions["content"].countries) | {None}


def test_region_pages_say_they_vary_by_accept_language(layer_app, addresses):
    """A shared cache that honours Vary never hands one region's number to a request from another."""
    client = layer_app.test_client()
    for address, varies in addresses.items():
        vary = client.get(address, headers={"Accept-Language": "en-IN"}).headers.get("Vary", "")
        assert ("Accept-Language" in vary) == varies, address


def test_region_pages_beyond_the_budget_are_answered_by_flask_with_the_right_number():
    app = create_app({"TESTING": True, "RESPONSE_TABLE_REGION_MIB": 1})
    table, client = app.extensions["response_table"], app.test_client()
    countries = app.extensions["content"].countries
    for region, country in countries.items():
        for address in ("/en/", "/fr/cards/symptoms"):
            html = DECODE["br"](client.get(address, headers={"Accept-Language": f"en-{region}",
                                                             "Accept-Encoding": "br"}).get_data()).decode()
            assert f'href="tel:{country["emergency"]}"' in html, (address, region)
    held = sum(entry.size() for (address, region), entry in table.entries.items() if region and entry)
    largest = max(entry.size() for (address, region), entry in table.entries.items() if region and entry)
    assert table.regional == held
    assert 2**20 <= held <= 2**20 + largest  # it stopped at the budget (one entry may cross it)
    kept = {region for (address, region) in table.entries if region}
    assert 0 < len(kept) < len(countries)  # the later regions were answered by Flask


def test_forms_queries_and_unknown_addresses_still_reach_flask(layer_app, reaching_flask):
    client = layer_app.test_client()
    client.get("/en/cards/")
    reaching_flask.clear()
    # a query the triage layer does not take, so this POST goes on to Flask whether or not the layer has started
    assert client.post("/api/v1/triage?utm=x", json={"answers": {"balance_falls": True}}).status_code == 200
    assert client.post("/en/care", data={"step": "0"}).status_code == 200
    assert client.post("/en/checklist", data={"sign": "x"}).status_code == 200
    region = client.get("/en/?region=FR", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert layer_app.extensions["content"].countries["FR"]["emergency"] in region
    assert client.get("/en/cards/?utm=x").status_code == 200
    assert client.get("/en/nope").status_code == 404
    assert client.get("/xx/cards/").status_code == 404
    assert client.get("/en/cards").status_code == 308
    assert client.get("/api/v1/en/cards/no-such-card").status_code == 404
    assert client.get("/static/app.0000000000.css").status_code == 404
    ranged = client.get("/en/cards/", headers={"Range": "bytes=0-9"})
    assert ranged.status_code in (200, 206)
    assert client.options("/en/cards/").status_code in (200, 204)
    assert [p for _m, p in reaching_flask] == ["/api/v1/triage", "/en/care", "/en/checklist", "/en/", "/en/cards/",
                                               "/en/nope", "/xx/cards/", "/en/cards", "/api/v1/en/cards/no-such-card",
                                               "/static/app.0000000000.css", "/en/cards/", "/en/cards/"]


@pytest.mark.parametrize("name, value", [
    ("Accept-Encoding", "br;q=" + "9" * 5000), ("Accept-Encoding", "\x00\xff"), ("If-None-Match", '"unterminated'),
    ("If-None-Match", "W/" * 1000), ("Accept-Language", "-" * 5000), ("If-Modified-Since", "not a date"),
])
def test_bad_headers_never_give_a_500(layer_app, name, value):
    for address in ["/en/", "/en/cards/"]:
        assert layer_app.test_client().get(address, headers={name: value}).status_code in (200, 304)


def test_a_restart_after_a_translator_s_change_serves_the_new_text(tmp_path):
    import shutil
    from atrophy_pwa import paths
    shutil.copytree(paths.TRANSLATIONS, tmp_path / "translations")
    po = tmp_path / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    before = create_app({"TRANSLATIONS_DIR": str(tmp_path / "translations")}).test_client()
    old = before.get("/fr/manifest.webmanifest").get_json()["name"]
    text = po.read_text(encoding="utf-8")
    msgstr = re.search(r'msgid "Muscle atrophy guide"\nmsgstr "([^"]+)"', text)
    po.write_text(text.replace(msgstr.group(0), 'msgid "Muscle atrophy guide"\nmsgstr "Guide revu"'), encoding="utf-8")
    after = create_app({"TRANSLATIONS_DIR": str(tmp_path / "translations")}).test_client()
    assert old == msgstr.group(1) and after.get("/fr/manifest.webmanifest").get_json()["name"] == "Guide revu"
    assert before.get("/fr/manifest.webmanifest").get_json()["name"] == old  # each process keeps its own release


def test_the_export_writes_the_table_s_bytes_and_its_compressed_siblings(tmp_path):
    app = export.export_app({"TESTING": True})
    export.export(tmp_path, app, precompressed=True)
    table = app.extensions["response_table"]
    for address in table.list_addresses():
        entry = table.entry(address)
        path = tmp_path / export.file_for(address)
        assert path.read_bytes() == entry.body == app.test_client().get(address).get_data(), address
        if entry.compressible:
            assert (path.parent / (path.name + ".br")).read_bytes() == entry.variant("br")[2]
            assert (path.parent / (path.name + ".gz")).read_bytes() == entry.variant("gzip")[2]
            assert gzip.decompress(entry.variant("gzip")[2]) == entry.body
        else:
            assert not (path.parent / (path.name + ".br")).exists()
    assert not list(tmp_path.rglob("*.br.br"))


def test_the_table_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("ATROPHY_PWA_RESPONSE_TABLE", "0")
    app = create_app()
    assert "response_table" not in app.extensions
    assert app.test_client().get("/en/cards/").status_code == 200


def test_no_table_while_translations_reload_so_a_saved_po_file_shows():
    assert "response_table" not in create_app({"RELOAD_TRANSLATIONS": True}).extensions
    assert "response_table" in export.export_app({"RELOAD_TRANSLATIONS": True}).extensions


def test_the_table_s_renders_leave_flask_s_cache_alone():
    """The table keeps what it renders; a second copy in the cache would only take memory."""
    app = create_app({"TESTING": True})
    client = app.test_client()
    for address in ("/en/", "/en/cards/", "/api/v1/en/flow"):
        client.get(address, headers={"Accept-Language": "en-IN"})
    from atrophy_pwa.serving.caching import cache
    with app.app_context():
        assert not any(cache.get(f"page:{address}") for address in ("/en/cards/", "/api/v1/en/flow"))
        client.get("/en/cards/?from=home")  # Flask answers a query string, and caches by the path
        assert cache.get("page:/en/cards/") is not None
