"""The first WSGI layer: what no request may bring past it, answered with the app's own errors.

- A Host that werkzeug refuses (its name cannot be IDNA-encoded: a label of 64 characters, or an empty
  one as in `a..b`). Flask then had no URL adapter, our error page (which builds links) failed, and every
  such request was a 500 with about 50 lines of traceback. Here it is a 400, logged in one line.
- A body over MAX_CONTENT_LENGTH, declared by Content-Length or sent chunked, and a Content-Length that
  is not a number. The body is never read past the limit: a declared length over it is refused before
  a byte is read, a chunked body is read up to the limit and one byte more. waitress refuses such bodies
  itself, and hands the refusal to this layer (server.py), so it too gets the answer below.

The answer is Flask's own error handling (errors.py: the API's JSON error under /api/, our HTML page
elsewhere; the security headers; compression), for the request made harmless: a Host Flask can bind,
no body. The layer sits in front of the response table and the triage layer, so their fast paths cannot
skip it, and behind ProxyFix where proxies are trusted, so it sees the Host that Flask sees.
"""
import io
import logging
import re

from werkzeug.exceptions import BadHost, BadRequest, RequestEntityTooLarge

from .response_table import remember

log = logging.getLogger(__name__)
HARMLESS_HOST = "localhost"  # the Host of a refused request as Flask renders its error (links are relative)
LENGTH = re.compile(r"[0-9]{1,18}")  # Content-Length: ASCII digits only, as HTTP allows (int() takes "²")
SHOWN = 120  # characters of a path or Host value in the log line


class Guard:
    """In front of `next_app`, the next WSGI app (the response table, or whatever is in front of Flask) for `app`."""

    def __init__(self, app, next_app):
        self.app, self.next_app = app, next_app
        self.limit = app.config["MAX_CONTENT_LENGTH"]
        self.hosts = {}  # Host header -> whether werkzeug binds it (remembered for the last few thousand)

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if not remember(self.hosts, host, lambda: self.bindable(environ)):
            return self.refuse(environ, start_response, BadHost(), f"Host {host!r:.{SHOWN}} is not a host name")
        if self.limit is None:
            return self.next_app(environ, start_response)
        length = environ.get("CONTENT_LENGTH", "").strip(" \t")
        if length and not LENGTH.fullmatch(length):
            return self.refuse(environ, start_response, BadRequest("The Content-Length header is not a number."),
                               f"Content-Length {length!r:.{SHOWN}} is not a number")
        if length and int(length) > self.limit:
            return self.refuse(environ, start_response, RequestEntityTooLarge(),
                               f"a body of {length} bytes is over the limit of {self.limit}")
        if not length and environ.get("wsgi.input_terminated") \
                and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(self.limit + 1)
            if len(body) > self.limit:
                return self.refuse(environ, start_response, RequestEntityTooLarge(),
                                   f"a chunked body is over the limit of {self.limit}")
            environ["wsgi.input"] = io.BytesIO(body)
        return self.next_app(environ, start_response)

    def bindable(self, environ) -> bool:
        """Whether Flask can bind its URL map to this request's Host (werkzeug's own test)."""
        try:
            self.app.url_map.bind_to_environ(environ)
        except BadHost:
            return False
        return True

    def refuse(self, environ, start_response, error, reason: str):
        """Flask's own answer to `error` (errors.handle_http, then the after-request headers), for the request
        with a Host it can bind and no body; one log line says why."""
        log.warning("%s %.*s refused with %s: %s", environ.get("REQUEST_METHOD"), SHOWN,
                    environ.get("PATH_INFO", ""), error.code, reason)
        harmless = {**environ, "HTTP_HOST": HARMLESS_HOST, "CONTENT_LENGTH": "0", "wsgi.input": io.BytesIO()}
        for name in ("HTTP_X_FORWARDED_HOST", "HTTP_TRANSFER_ENCODING", "wsgi.input_terminated"):
            harmless.pop(name, None)
        with self.app.request_context(harmless):
            response = self.app.finalize_request(self.app.handle_http_exception(error), from_error_handler=True)
            return response(harmless, start_response)


def init_app(app):
    """Put the guard in front of everything, and ProxyFix (when proxies are trusted) in front of the guard."""
    app.wsgi_app = Guard(app, app.wsgi_app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
