"""Headers on every response: security policy, compression, ETags and conditional requests."""
import gzip
import re

import brotli
import pytest

from atrophy_pwa import create_app

URLS = ["/en/", "/en/cards/", "/en/care", "/api/v1/en/flow", "/api/v1/openapi.json", "/en/nope", "/api/v1/nope", "/"]


@pytest.mark.parametrize("url", URLS)
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers and "Set-Cookie" not in headers


def test_hsts_when_served_over_https():
    client = create_app({"HTTPS": True}).test_client()
    assert "max-age=" in client.get("/en/").headers["Strict-Transport-Security"]


def test_no_inline_script_or_style_in_pages(client):
    for url in ["/en/", "/en/care", "/en/checklist", "/en/about"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "<style" not in html and " on" + "click=" not in html


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_and_json_are_compressed(client, encoding, decode):
    for url in ["/en/cards/", "/api/v1/en/flow"]:
        plain = client.get(url).get_data()
        response = client.get(url, headers={"Accept-Encoding": f"{encoding}, identity"})
        assert response.headers["Content-Encoding"] == encoding
        assert decode(response.get_data()) == plain
        assert len(response.get_data()) < len(plain) / 2


def test_brotli_preferred_when_both_accepted(client):
    assert client.get("/en/cards/", headers={"Accept-Encoding": "gzip, br"}).headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("encoding", ["identity", "br"])
def test_etag_and_304(client, encoding):
    first = client.get("/en/cards/", headers={"Accept-Encoding": encoding})
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get("/en/cards/", headers={"Accept-Encoding": encoding, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_unreachable_cache_backend_serves_pages_uncached(caplog):
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again at once: nothing listens there
    app = create_app({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": f"redis://127.0.0.1:{port}/0"})
    client = app.test_client()
    for url in ["/en/", "/en/cards/", "/api/v1/en/flow", "/en/care"]:
        assert client.get(url).status_code == 200
        assert client.get(url + "?from=home").status_code == 200  # past the response table, to Flask's cache
    assert client.post("/api/v1/triage", json={"answers": {}}).status_code == 200
    assert "serving uncached" in caplog.text


def redis_app(url, **settings):
    return create_app({"TESTING": True, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, **settings})


# flask-caching 2.3's cachelib calls redis-py's deprecated setex (the lowest-versions run)
@pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning")
def test_a_frozen_redis_never_holds_pages_up(redis_server, caplog):
    """Redis stopped with SIGSTOP (connections open, nothing answers): every page still answers within a
    second, the outage is logged once, and so is the recovery."""
    import signal
    import time

    import redis
    url, process = redis_server
    client = redis_app(url, CACHE_RETRY_AFTER=0.2).test_client()
    pages = ["/en/", "/en/cards/", "/en/care", "/en/checklist", "/api/v1/en/flow", "/fr/cards/"]
    for page in pages + [page + "?junk=1" for page in pages] + ["/en/care?region=gb", "/en/care?region=GB"]:
        assert client.get(page).status_code == 200
    assert redis.Redis.from_url(url).dbsize() == len(pages) + 1  # no entries for junk parameters
    process.send_signal(signal.SIGSTOP)
    try:
        for page in [page + "?from=home" for page in pages] * 3:  # a query string goes past the response table to Flask
            started = time.monotonic()
            assert client.get(page).status_code == 200
            assert time.monotonic() - started < 1, page
        assert client.post("/api/v1/triage", json={"answers": {}}).status_code == 200
    finally:
        process.send_signal(signal.SIGCONT)
    assert caplog.text.count("cache backend failed") == 1
    time.sleep(0.3)
    assert client.get("/en/about?from=home").status_code == 200
    assert caplog.text.count("cache backend answers again") == 1


def test_redis_without_the_redis_package_is_a_one_line_start_up_error(monkeypatch):
    import sys

    from click.testing import CliRunner

    from atrophy_pwa.serving import server
    from atrophy_pwa.cli import main
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis fails
    monkeypatch.setattr(server, "serve", lambda *args, **kwargs: pytest.fail("served without redis"))
    result = CliRunner().invoke(main, ["serve"], env={"ATROPHY_PWA_CACHE_TYPE": "RedisCache"})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "pip install 'atrophy-pwa[redis]'" in result.output and result.output.count("\n") == 1


def test_instances_share_cache_entries_only_while_they_serve_the_same_release(content_copy):
    """The cache key prefix names the release, so instances sharing a Redis never mix two versions."""
    first, second = create_app({"TESTING": True}), create_app({"TESTING": True})
    assert first.config["CACHE_KEY_PREFIX"] == second.config["CACHE_KEY_PREFIX"]
    card = next(content_copy.glob("cards/*.toml"))
    card.write_text(card.read_text(encoding="utf-8").replace('title = "', 'title = "New: ', 1), encoding="utf-8")
    changed = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    assert changed.config["CACHE_KEY_PREFIX"] != first.config["CACHE_KEY_PREFIX"]


def test_static_files_carry_only_the_headers_a_file_a_page_includes_needs(client):
    """Scripts, the stylesheet and the icons: nosniff and same-origin, no document policy, no validators
    (immutable under a hashed name), about 600 bytes less each on a first visit. /sw.js keeps them all."""
    html = client.get("/en/").get_data(as_text=True)
    for address in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        response = client.get(address, headers={"Accept-Encoding": "br"})
        response.close()
        headers = response.headers
        assert response.status_code == 200 and "immutable" in headers["Cache-Control"], address
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cross-Origin-Resource-Policy"] == "same-origin"
        for name in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Referrer-Policy",
                     "Cross-Origin-Opener-Policy", "ETag", "Last-Modified", "Content-Disposition"):
            assert name not in headers, (address, name)
    worker = client.get("/sw.js").headers
    assert "default-src 'none'" in worker["Content-Security-Policy"] and worker["X-Frame-Options"] == "DENY"
