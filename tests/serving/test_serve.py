"""`atrophy-pwa serve`: waitress with the limits a public server needs, tested on a real socket.

One server for the module, started with small limits, so a timeout takes a second, not two minutes.
"""
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(*options, **environ):
    """`atrophy-pwa serve` on a free port with these options; yields the port once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "atrophy_pwa.cli", "serve", "--port", str(port), *options],
                              env={**os.environ, **environ}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            with contextlib.suppress(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
                break
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
        serving.stderr = server.stderr.read()  # what the server logged, for a test that reads it
        server.stderr.close()


@pytest.fixture(scope="module")
def port():
    with serving("--connection-limit", "4", "--channel-timeout", "1", ATROPHY_PWA_PROXY_COUNT="1") as port:
        yield port


def get(port, url, headers=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", url, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_forwarded_headers_never_name_the_host_of_a_redirect(port):
    """Behind a proxy (count 1) X-Forwarded-* are read, yet a redirect stays on this site."""
    status, headers, _ = get(port, "/en", {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example",
                                           "X-Forwarded-For": "203.0.113.9, 198.51.100.1"})
    assert status == 308 and headers["Location"] == "/en/"


def test_idle_connections_are_closed_so_others_get_served(port):
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]  # the whole connection limit
    try:
        status, _, _ = get(port, "/healthz", timeout=15)  # waits for the idle ones to be closed
        assert status == 200
        for sock in idle:
            sock.settimeout(5)
            assert sock.recv(1) == b""  # closed by the server
    finally:
        for sock in idle:
            sock.close()


def read_answer(sock) -> tuple[bytes, dict, bytes]:
    """(status line, headers, body) of one HTTP/1.1 answer with a Content-Length (or a 304), read from sock."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    while len(body) < int(headers.get("content-length", 0)):  # a 304 has none: it ends after its headers
        chunk = sock.recv(65536)
        assert chunk, body
        body += chunk
    return status.encode(), headers, body


def test_a_304_keeps_the_connection_for_the_next_request(port):
    """A revalidation answered 304 leaves the connection open (waitress alone closed it after every 304,
    so a phone paid a new TCP and TLS handshake for its next request); asking to close still closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /en/cards/ HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n")
        status, headers, _ = read_answer(sock)
        assert status.startswith(b"HTTP/1.1 200") and "connection" not in headers
        revalidate = f"GET /en/cards/ HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nIf-None-Match: {headers['etag']}\r\n"
        for _ in range(2):
            sock.sendall(revalidate.encode() + b"\r\n")
            status, not_modified, body = read_answer(sock)
            assert status.startswith(b"HTTP/1.1 304") and body == b"" and "connection" not in not_modified
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")  # the same connection still answers
        assert read_answer(sock)[0].startswith(b"HTTP/1.1 200")
        sock.sendall(revalidate.encode() + b"Connection: close\r\n\r\n")
        status, not_modified, _ = read_answer(sock)
        assert status.startswith(b"HTTP/1.1 304") and not_modified["connection"] == "close"
        assert sock.recv(1) == b""  # closed as asked


@pytest.mark.parametrize("head", [
    b"POST /api/v1/triage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 314572800\r\n\r\n",
    b"POST /en/care HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n",
    b"POST /api/v1/triage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 314572800\r\n\r\n",
    b"POST /en/checklist HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\n"
    b"Content-Length: 65537\r\n\r\n",
])
def test_a_body_over_the_limit_is_refused_before_it_is_read(port, head):
    """A 300 MB upload gets 413 after the first 128 KiB, not after waitress has spooled it all to disk; the
    413 is the app's own (before: waitress's text/plain "exceeds max_body of 65537", with no security
    headers, on the API too, where the OpenAPI document promises the JSON error)."""
    chunked = b"chunked" in head
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        block = b"x" * 8192
        with contextlib.suppress(ConnectionError):
            for _ in range(16):
                sock.sendall(b"2000\r\n" + block + b"\r\n" if chunked else block)
        status, headers, body = read_answer(sock)
    assert status.startswith(b"HTTP/1.1 413"), (status, body[:200])
    assert headers["content-security-policy"].startswith("default-src 'none'") and headers["x-frame-options"] == "DENY"
    assert headers["connection"] == "close"
    if b" /api/" in head:
        assert headers["content-type"] == "application/json"
        assert json.loads(body)["error"]["code"] == "request_entity_too_large"
    else:
        assert headers["content-type"].startswith("text/html") and b"<h1>" in body


def test_a_bad_host_through_waitress_is_400_with_one_log_line():
    """Before: 500, with about 50 lines of traceback logged per request."""
    requests = [("GET", "/"), ("GET", "/en"), ("GET", "/nope"), ("GET", "/static/app.css"), ("GET", "/en/"),
                ("GET", "/api/v1/en/flow")]
    with serving("--channel-timeout", "2") as port:
        for host in ["a" * 64 + ".example", "a..b"]:
            for method, url in requests:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                    sock.sendall(f"{method} {url} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                    status, headers, body = read_answer(sock)
                assert status.startswith(b"HTTP/1.1 400"), (host, url, status)
                assert headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
                if url.startswith("/api/"):
                    assert json.loads(body)["error"]["code"] == "bad_request"
                else:
                    assert b"We could not read what was sent" in body
    log = serving.stderr.decode()
    assert "Traceback" not in log and "ERROR" not in log, log
    refused = [line for line in log.splitlines() if "refused with 400" in line]
    assert len(refused) == 2 * len(requests), log


def test_serve_help_names_the_limits():
    from click.testing import CliRunner

    from atrophy_pwa.cli import main
    text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--connection-limit" in text and "--channel-timeout" in text and "nginx" in text


def test_waitress_s_queue_warnings_are_logged_at_most_once_a_second(caplog):
    """Under load waitress warned on every request that waited for a thread (server.QueueWarnings)."""
    import logging

    from waitress.task import ThreadedTaskDispatcher

    from atrophy_pwa import create_app
    from atrophy_pwa.serving import server
    made = server.create_server(create_app(), host="127.0.0.1", port=0, threads=1)
    try:
        assert isinstance(made.task_dispatcher.queue_logger, server.QueueWarnings)
    finally:
        made.close()
    dispatcher = ThreadedTaskDispatcher()  # no threads: every task waits, and waitress warns
    warnings = dispatcher.queue_logger = server.QueueWarnings(logging.getLogger("waitress.queue"), interval=60)
    with caplog.at_level(logging.WARNING, logger="waitress.queue"):
        for _ in range(500):
            dispatcher.add_task(object())
        warnings.quiet_until = 0  # a minute later
        dispatcher.add_task(object())
    assert [record.getMessage() for record in caplog.records] == [
        "Task queue depth is 1", "Task queue depth is 501 (499 more such warnings left out before this one)"]


def test_the_server_asks_glibc_for_two_malloc_arenas_unless_the_operator_chose(monkeypatch):
    """Two arenas kept the server at about 90 MiB after every offline page of every language (107 MiB with
    glibc's one per thread); an operator's own MALLOC_ARENA_MAX is left alone."""
    from atrophy_pwa.serving import server
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert server.limit_malloc_arenas() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    assert server.limit_malloc_arenas() is True  # this machine runs glibc


@pytest.mark.parametrize("environment, kept", [({}, 100), ({"ATROPHY_PWA_CACHE_THRESHOLD": "250"}, 250)])
def test_flask_s_cache_keeps_at_most_the_threshold_of_pages(monkeypatch, environment, kept):
    """What reaches Flask's SimpleCache past the response table (?region= pages, region pages over the
    table's budget) is bounded: 500 whole pages (flask-caching's default) took the server past 120 MB."""
    from atrophy_pwa import create_app
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True})
    simple = next(iter(app.extensions["cache"].values())).backend  # inside caching.Forgiving
    assert simple._threshold == kept  # cachelib's SimpleCache prunes beyond this many entries
