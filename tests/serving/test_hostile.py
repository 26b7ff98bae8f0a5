"""Hostile and broken input: never a 5xx, always a clear 4xx, nothing echoed back."""
import io
import json

import pytest

TRAVERSALS = ["..%2f..%2fetc%2fpasswd", "../../etc/passwd", "%2e%2e%2f%2e%2e%2fpyproject.toml", "....//....//etc",
              "%00", "%c0%ae%c0%ae%2f", "en%2f..%2f..", "\u202e", "a" * 3000]


@pytest.mark.parametrize("junk", TRAVERSALS)
@pytest.mark.parametrize("pattern", ["/{}/", "/en/cards/{}", "/api/v1/{}/cards", "/api/v1/en/cards/{}",
                                     "/static/{}", "/{}/manifest.webmanifest", "/api/v1/{}/offline-manifest"])
def test_path_parameters_reject_traversal(client, pattern, junk):
    response = client.get(pattern.format(junk))
    assert response.status_code in (404, 308), (pattern, junk, response.status_code)
    assert b"root:" not in response.get_data() and b"[build-system]" not in response.get_data()


@pytest.mark.parametrize("url", ["/en/", "/en/cards/", "/en/care", "/en/checklist", "/en/about", "/api/v1/en/flow"])
@pytest.mark.parametrize("query", ["?region=%00%ff", "?region=" + "X" * 5000, "?a=1&a=2&" + "b=%" * 50,
                                   "?<script>=1", "?region[]=GB", "?%ff%fe=%ff"])
def test_query_string_junk_is_harmless(client, url, query):
    response = client.get(url + query)
    assert response.status_code == 200
    assert b"<script>=" not in response.get_data()


@pytest.mark.parametrize("header", ["", ",,,", "en-GB;q=2, fr;q=-1", "x" * 10000, "\xff\xfe", "*;q=0", "ar-" + "a" * 300,
                                    "en-GB;q=nan", "zh-Hant-TW-x-private"])
def test_absurd_accept_language(client, header):
    for url in ["/", "/en/", "/en/care"]:
        assert client.get(url, headers={"Accept-Language": header}).status_code in (200, 302)
    response = client.post("/en/care", data={"step": "0", "yes": ["face_droop"]}, headers={"Accept-Language": header})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/triage", "/api/v1/en/cards", "/api/v1/locales"])
def test_wrong_methods_get_405_in_the_error_format(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


def test_get_on_triage_is_405(client):
    response = client.get("/api/v1/triage")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


@pytest.mark.parametrize("body", [
    b"\xff\xfe\xfd", b'{"answers": {"fainting": tr', b"[" * 5000 + b"]" * 5000, b"null", b"1e999999",
    json.dumps({"answers": {"a" * 1000: True}}).encode(), b'{"answers": {"fainting": true, "fainting": "x"}}',
])
def test_broken_json_bodies_are_400(client, body):
    response = client.post("/api/v1/triage", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data()[:200]
    assert response.json["error"]["code"] in ("invalid_json", "invalid_answers")


def test_deeply_nested_answers_are_400(client):
    deep = {"answers": {"fainting": True}}
    node = deep["answers"]
    for _ in range(200):
        node["x"] = {}
        node = node["x"]
    response = client.post("/api/v1/triage", data=json.dumps(deep), content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "application/xml", ""])
def test_wrong_content_types_are_415(client, content_type):
    response = client.post("/api/v1/triage", data=b'{"answers": {}}', content_type=content_type)
    assert response.status_code == 415


def test_oversized_form_posts_are_413(client):
    response = client.post("/en/care", data={"step": "0", "yes": ["face_droop"] * 10000})
    assert response.status_code == 413
    assert "fainting" not in response.get_data(as_text=True)


@pytest.mark.parametrize("form", [
    {"step": "abc", "yes": ["fainting"]}, {"step": "-999"}, {"step": "99999999999999999999"},
    {"yes": ["<script>alert(1)</script>"]}, {"step": "0", "yes": ["\x00\u202e"]}, {"step": "1", "show": "result"},
])
def test_junk_care_forms_never_fail(client, form):
    response = client.post("/en/care", data=form)
    assert response.status_code == 200
    assert b"<script>alert" not in response.get_data()


@pytest.mark.parametrize("form", [
    {"step": "0", "seen": "\u00b2", "yes": ["paralysis"]}, {"step": "0", "at": "\u00b2"}, {"at": "9" * 5000},
    {"seen": "9" * 5000}, {"step": "9" * 5000}, {"step": "\u0661"}, {"at": "\u0661"}, {"seen": "\u0660", "step": "0"},
    {"step": " 1 "}, {"at": "1_0"}, {"at": "+0"}, {"seen": "-0"}, {"step": "\uff11"},
])
def test_form_numbers_are_small_ascii_integers_or_ignored(client, form):
    """Before: superscript two and other non-ASCII digits pass str.isdigit() but not int(), and int() refuses
    more than 4,300 digits: each gave 500 with a traceback."""
    response = client.post("/en/care", data=form)
    assert response.status_code == 200, form
    assert "Something went wrong" not in response.get_data(as_text=True)


@pytest.mark.parametrize("value, number", [("0", 0), ("7", 7), ("-1", -1), ("999", 999), ("\u00b2", None),
                                           ("\u0661", None), ("1" * 5000, None), (" 1", None), ("1_0", None),
                                           ("+1", None), ("", None), ("-", None), ("1.0", None), ("1000", None)])
def test_the_one_parser_of_form_numbers(app, value, number):
    from atrophy_pwa.views import care
    with app.test_request_context("/en/care", method="POST", data={"at": value}):
        assert care.form_number("at") == number


def test_non_utf8_form_bytes(client):
    response = client.post("/en/care", data=b"step=0&yes=%ff%fe&yes=fainting",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    response = client.post("/en/checklist", data=b"sign=%ff%fe%00", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200


@pytest.mark.parametrize("proxy_count", [0, 1])
@pytest.mark.parametrize("url, location", [("/en", "/en/"), ("/en/cards", "/en/cards/"),
                                           ("/en?region=GB", "/en/?region=GB")])
def test_redirects_are_relative_whatever_the_host_headers_say(url, location, proxy_count):
    from atrophy_pwa import create_app
    client = create_app({"TESTING": True, "PROXY_COUNT": proxy_count}).test_client()
    response = client.get(url, headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example",
                                        "X-Forwarded-Proto": "https"})
    assert response.status_code == 308 and response.headers["Location"] == location
    assert response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("value", ["-1", "-5", "1.5", "x", ""])
def test_a_proxy_count_that_is_not_a_count_stops_start_up_with_one_line(value, monkeypatch):
    from click.testing import CliRunner

    from atrophy_pwa.serving import server
    from atrophy_pwa.cli import main
    monkeypatch.setattr(server, "serve", lambda *args, **kwargs: pytest.fail("served with a bad proxy count"))
    result = CliRunner().invoke(main, ["serve", "--port", "1"], env={"ATROPHY_PWA_PROXY_COUNT": value})
    assert result.exit_code == 1 and not isinstance(result.exception, ValueError)
    assert f"ATROPHY_PWA_PROXY_COUNT={value!r}" in result.output and "Traceback" not in result.output


BAD_HOSTS = ["a" * 64 + ".example", "a..b", "a" * 64, ".", "example..com:8000", "x" * 300]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("proxy_count", [0, 1])
def test_a_host_werkzeug_refuses_gets_400_with_our_error_logged_in_one_line(host, proxy_count, caplog):
    """Before: werkzeug's BadHost left Flask with no URL adapter, our error page failed on url_for, and each
    request was a 500 with about 50 lines of traceback. The response table's addresses (/en/, a hashed
    static file) and the triage layer answer it the same way: the guard is in front of them."""
    from atrophy_pwa import create_app
    app = create_app({"TESTING": True, "PROXY_COUNT": proxy_count})
    client = app.test_client()
    static = next(url for url in app.extensions["response_table"].list_addresses() if url.startswith("/static/"))
    header = {"X-Forwarded-Host": host} if proxy_count else {"Host": host}
    for method, url in [("get", "/"), ("get", "/en"), ("get", "/en/"), ("get", "/nope"), ("get", static),
                        ("get", "/static/app.css"), ("get", "/api/v1/en/flow"), ("post", "/en/care"),
                        ("post", "/api/v1/triage")]:
        caplog.clear()
        response = getattr(client, method)(url, headers=header, json={"answers": {}} if "triage" in url else None)
        assert response.status_code == 400, (url, response.status_code)
        assert response.headers["Content-Security-Policy"] and response.headers["X-Content-Type-Options"] == "nosniff"
        if url.startswith("/api/"):
            assert response.json["error"]["code"] == "bad_request"
        else:
            assert response.mimetype == "text/html" and "We could not read what was sent" in response.get_data(as_text=True)
        assert [r.levelname for r in caplog.records] == ["WARNING"], caplog.text
        assert len(caplog.text.strip().splitlines()) == 1 and "refused with 400" in caplog.text


def test_a_good_host_and_a_trusted_forwarded_one_still_pass():
    from atrophy_pwa import create_app
    plain = create_app({"TESTING": True}).test_client()
    assert plain.get("/en/", headers={"Host": "bücher.example:8080"}).status_code == 200
    proxied = create_app({"TESTING": True, "PROXY_COUNT": 1}).test_client()
    assert proxied.get("/en/", headers={"Host": "a..b", "X-Forwarded-Host": "atrophy.example"}).status_code == 200


class Reading:
    """A request body that counts the bytes the app reads from it."""

    def __init__(self, size):
        self.left, self.read_bytes = size, 0

    def read(self, size=-1):
        size = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


OVERSIZED = [("POST", "/api/v1/triage", "application/json"), ("POST", "/en/care", "application/x-www-form-urlencoded"),
             ("POST", "/en/checklist", "multipart/form-data; boundary=x"), ("GET", "/en/", None),
             ("GET", "/api/v1/en/flow", None), ("POST", "/api/v1/nope", "application/json")]


@pytest.mark.parametrize("method, url, content_type", OVERSIZED)
@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_limit_is_refused_by_the_wsgi_app_before_it_is_read(app, method, url, content_type, chunked):
    """Through the WSGI app itself (another server than waitress, or none): the triage layer and the response
    table used to answer a declared 300 MB body (the table with 200), and Flask read a chunked one."""
    from werkzeug.test import EnvironBuilder, run_wsgi_app
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = Reading(300 * 2**20)
    headers = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(300 * 2**20)}
    environ = EnvironBuilder(path=url, method=method, headers=headers, content_type=content_type).get_environ()
    environ["wsgi.input"] = body
    if chunked:
        environ["wsgi.input_terminated"] = True
        environ.pop("CONTENT_LENGTH", None)
    else:
        environ["CONTENT_LENGTH"] = headers["Content-Length"]  # EnvironBuilder writes its own
    app_iter, status, response_headers = run_wsgi_app(app.wsgi_app, environ, True)
    answer = b"".join(app_iter)
    assert status.startswith("413"), status
    assert body.read_bytes == (limit + 1 if chunked else 0)
    assert response_headers["Content-Security-Policy"] and response_headers["X-Frame-Options"] == "DENY"
    if url.startswith("/api/"):
        assert json.loads(answer)["error"]["code"] == "request_entity_too_large"
    else:
        assert response_headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("length", ["\u00b2", "1" * 5000, "-1", "+5", "1_0", "0x10", "12 34"])
@pytest.mark.parametrize("url", ["/api/v1/triage", "/en/care"])
def test_a_content_length_that_is_not_a_number_is_400(app, length, url):
    """Before: the triage layer took "²" for digits (str.isdigit) and int() failed: 500."""
    from werkzeug.test import EnvironBuilder, run_wsgi_app
    environ = EnvironBuilder(path=url, method="POST", data=b'{"answers": {}}', content_type="application/json").get_environ()
    environ["CONTENT_LENGTH"] = length  # as another WSGI server may pass it on
    app_iter, status, headers = run_wsgi_app(app.wsgi_app, environ, True)
    answer = b"".join(app_iter)
    assert status.startswith("400"), status
    assert headers["Content-Security-Policy"]
    if url.startswith("/api/"):
        assert json.loads(answer)["error"]["code"] == "bad_request"


def test_a_chunked_body_within_the_limit_still_works(app):
    from werkzeug.test import EnvironBuilder, run_wsgi_app
    data = json.dumps({"answers": {"paralysis": True}}).encode()
    environ = EnvironBuilder(path="/api/v1/triage", method="POST", content_type="application/json",
                             headers={"Transfer-Encoding": "chunked"}).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": io.BytesIO(data), "wsgi.input_terminated": True})
    app_iter, status, _headers = run_wsgi_app(app.wsgi_app, environ, True)
    assert status.startswith("200") and json.loads(b"".join(app_iter))["disposition"] == "emergency"
