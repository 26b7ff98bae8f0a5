"""`atrophy-pwa export DIR`: the whole app as files, served by a plain static server.
(The offline, install and update browser tests also run against the export: tests/browser/.)"""
import http.server
import json
import threading
import urllib.error
import urllib.request
from functools import partial

import pytest
from click.testing import CliRunner

from atrophy_pwa import cli
from atrophy_pwa.serving import export, responses


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An export on disk and the app that wrote it."""
    app = export.export_app({"TESTING": True})
    root = tmp_path_factory.mktemp("site")
    summary = export.export(root, app)
    return root, app, summary


@pytest.fixture(scope="module")
def static_server(site):
    """Python's own http.server serving the export, unchanged."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site[0]))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("url, path", [
    ("/", "index.html"), ("/en/", "en/index.html"), ("/en/about", "en/about/index.html"),
    ("/en/cards/causes", "en/cards/causes/index.html"), ("/api/v1/en/cards", "api/v1/en/cards/index.html"),
    ("/sw.js", "sw.js"), ("/en/manifest.webmanifest", "en/manifest.webmanifest"),
    ("/static/app.0123456789.css", "static/app.0123456789.css"), ("/api/v1/openapi.json", "api/v1/openapi.json"),
])
def test_each_address_has_the_file_a_static_host_serves_for_it(url, path):
    assert export.file_for(url) == path


def test_everything_each_locale_keeps_offline_is_in_the_export(site):
    root, app, summary = site
    assert summary["locales"] == list(app.extensions["catalogues"].locales) and len(summary["locales"]) >= 7
    for code in summary["locales"]:
        manifest = json.loads((root / export.file_for(f"/api/v1/{code}/offline-manifest")).read_bytes())
        missing = [e["url"] for e in manifest["entries"] if not (root / export.file_for(e["url"])).is_file()]
        assert not missing, (code, missing)


def test_every_get_address_of_the_api_is_exported(site):
    root, app, _summary = site
    slugs = list(app.extensions["content"].cards)
    for code in app.extensions["catalogues"].locales:
        cards = json.loads((root / export.file_for(f"/api/v1/{code}/cards")).read_bytes())
        assert [card["slug"] for card in cards["cards"]] == slugs
        for url in (f"/api/v1/{code}/flow", f"/api/v1/{code}/checklist", f"/api/v1/{code}/cards/{slugs[-1]}"):
            assert json.loads((root / export.file_for(url)).read_bytes()), url
    for url in ("/api/v1/locales", "/api/v1/emergency-numbers", "/api/v1/openapi.json"):
        assert json.loads((root / export.file_for(url)).read_bytes()), url


def test_the_worker_in_the_export_is_the_one_the_app_serves(site):
    root, app, _summary = site
    assert (root / "sw.js").read_bytes() == app.test_client().get("/sw.js").get_data()


def test_the_flow_pages_say_they_need_javascript_there_and_only_there(site):
    root, app, _summary = site
    for url in ("/fr/care", "/fr/checklist"):
        exported = (root / export.file_for(url)).read_text(encoding="utf-8")
        assert exported.count("<noscript>") == 1, url
        home = app.test_client().get("/en/").get_data(as_text=True)  # only a link to the numbers there
        assert "need JavaScript" not in home and home.count("<noscript>") == 1
    from atrophy_pwa import create_app
    live = create_app({"TESTING": True}).test_client().get("/fr/care").get_data(as_text=True)
    assert "<noscript>" not in live


def test_root_lists_every_language_and_a_404_page_is_there(site):
    root, app, _summary = site
    index = (root / "index.html").read_text(encoding="utf-8")
    for code in app.extensions["catalogues"].locales:
        assert f'href="/{code}/"' in index and f'data-locale="{code}"' in index
    assert "/static/js/choose-language." in index and "<script>" not in index
    assert "<h1>" in (root / "404.html").read_text(encoding="utf-8")


def test_headers_file_carries_the_apps_security_policy(site):
    headers = (site[0] / "_headers").read_text(encoding="utf-8")
    for name, value in responses.SECURITY_HEADERS.items():
        assert f"  {name}: {value}\n" in headers
    assert "/sw.js\n  Cache-Control: no-cache\n" in headers
    assert "/static/*\n  Cache-Control: public, max-age=31536000, immutable\n" in headers


def test_a_plain_static_server_serves_pages_as_html_and_the_worker_as_javascript(static_server):
    with urllib.request.urlopen(static_server + "/en/about") as response:  # follows the redirect to /en/about/
        assert response.status == 200 and response.headers.get_content_type() == "text/html"
        assert '<html lang="en"' in response.read().decode()
    with urllib.request.urlopen(static_server + "/sw.js") as response:
        assert response.headers.get_content_type() in ("text/javascript", "application/javascript")
    with urllib.request.urlopen(static_server + "/ar/manifest.webmanifest") as response:
        assert json.loads(response.read())["dir"] == "rtl"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(static_server + "/en/cards/no-such-card")
    missing.value.close()
    assert missing.value.code == 404


def test_an_earlier_export_is_replaced_and_any_other_folder_is_refused(tmp_path):
    app = export.export_app({"TESTING": True})
    target = tmp_path / "site"
    export.export(target, app)
    (target / "stale.html").write_text("from last time")
    export.export(target, app)
    assert not (target / "stale.html").exists() and (target / "en" / "index.html").is_file()
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(export.ExportError, match="not empty"):
        export.export(other, app)
    assert (other / "holiday.jpg").read_bytes() == b"\xff\xd8"


@pytest.mark.parametrize("marker", [b"", b"whatever", b"{}", b"[]", b'{"format": "atrophy-pwa export 1"}',
                                    b'{"format": "atrophy-pwa export 1", "files": "index.html"}',
                                    b'{"format": "something else", "files": ["index.html"]}', b"\xff\xfe",
                                    b'{"files": 7, "bytes": 1, "locales": ["en"], "content_version": "x"}'])
def test_a_marker_that_is_not_a_real_exports_is_refused_and_nothing_is_deleted(tmp_path, marker):
    """Before: any file named atrophy-pwa-export.json made the export delete the whole folder."""
    folder = tmp_path / "documents"
    (folder / "letters").mkdir(parents=True)
    (folder / "letters" / "mine.txt").write_text("keep me")
    (folder / export.MARKER).write_bytes(marker)
    result = CliRunner().invoke(cli.main, ["export", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and export.MARKER in result.output, result.output
    assert (folder / "letters" / "mine.txt").read_text() == "keep me" and (folder / export.MARKER).read_bytes() == marker


def test_the_marker_names_the_format_and_every_file_written(site):
    root, _app, summary = site
    marker = json.loads((root / export.MARKER).read_bytes())
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != export.MARKER)
    assert marker["format"] == export.FORMAT and marker["files"] == written and summary["files"] == len(written) + 1


def test_the_command_writes_the_export_and_explains_a_refusal(tmp_path):
    runner = CliRunner()
    done = runner.invoke(cli.main, ["export", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert "locales (en, " in done.output and (tmp_path / "out" / "sw.js").is_file()
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    refused = runner.invoke(cli.main, ["export", str(tmp_path / "busy")])
    assert refused.exit_code == 1 and "not empty" in refused.output
    assert "static host" in runner.invoke(cli.main, ["export", "--help"]).output
