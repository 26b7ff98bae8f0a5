"""The response table: every GET address the export writes, as finished responses in memory, and the
small WSGI layer in front of Flask that answers them without entering Flask.

Each address is rendered through Flask once per process, on its first request (Accept-Encoding:
identity, no region), and kept with Flask's own headers: the body as it is, and, where Flask would
compress, brotli at quality 11 and gzip at level 9, each made once on first use. The ETag is Flask's
(a strong hash of the body, ":br"/":gzip" appended for a compressed body, as flask-compress does).
The layer answers GET and HEAD with no query string, If-None-Match (304) and the Accept-Encoding
choice; everything else (POST, a query string such as ?region=, Range and date conditions, unknown
addresses, an address Flask did not answer with 200) goes to Flask as before.

Pages that show the emergency number (views cached with `vary_region=True`) are kept once per region:
the region is read from Accept-Language exactly as Flask reads it, and each (address, region) is
rendered by Flask with that region on first use. The region can only be one we have numbers for, or
none, so the table stays bounded (it never grows with what clients send). Region pages are kept until
they hold RESPONSE_TABLE_REGION_MIB; later (address, region) pairs, or new encodings of them, are
answered by Flask. Nothing is evicted, so no sequence of requests makes the table compress again.
The table's own renders bypass Flask's cache (caching.for_the_table): it keeps them itself.

Nothing is shared between processes or kept on disk: the table is derived from the release each
process loaded (content, translations, templates, static files), so a restart after a translator's
change serves the new text. The export writes its files from this same table (export.py).
"""
import contextvars
import logging

from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_etags, remove_entity_headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

from ..core import emergency
from . import addresses, encodings
from .caching import TABLE_RENDER

log = logging.getLogger(__name__)
DROPPED = {"date", "expires", "content-length"}  # per request, or set per encoding
REMEMBERED_HEADERS = 4096  # Accept-Language and Accept-Encoding values whose answer is kept
# Conditions the layer does not evaluate itself: Flask answers them (a static file's Last-Modified).
TO_FLASK = ("HTTP_RANGE", "HTTP_IF_RANGE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def remember(answers: dict, header, compute):
    """answers[header], computed on first use; the dict is emptied when full, so it stays bounded."""
    try:
        return answers[header]
    except KeyError:
        if len(answers) >= REMEMBERED_HEADERS:
            answers.clear()
        answer = answers[header] = compute()
        return answer


class FinishedResponse:
    """One address's finished response: Flask's headers and body, and the same compressed on first use."""

    __slots__ = ("headers", "body", "compressible", "config", "variants")

    def __init__(self, headers: list, body: bytes, compressible: bool, config):
        self.headers, self.body, self.compressible, self.config = headers, body, compressible, config
        self.variants = {}

    def variant(self, encoding: str):
        """(headers, headers of its 304, body, quoted ETag or None) for "identity", "br" or "gzip"."""
        found = self.variants.get(encoding)
        if found is None:
            found = self.variants.setdefault(encoding, self.make(encoding))
        return found

    def make(self, encoding: str):
        compressed = encoding != "identity" and self.compressible
        body = encodings.compress(self.body, encoding, self.config, 11, 9) if compressed else self.body
        headers, etag = [], None
        for name, value in self.headers:
            if name.lower() == "etag" and value.startswith('"'):
                value = etag = encodings.etag(value, encoding) if compressed else value
            headers.append((name, value))
        if compressed:
            headers.append(("Content-Encoding", encoding))
        not_modified = list(headers)
        remove_entity_headers(not_modified)
        return headers + [("Content-Length", str(len(body)))], not_modified, body, etag

    def size(self) -> int:
        return len(self.body) + sum(len(v[2]) for v in self.variants.values() if v[2] is not self.body)


def not_modified(etag: str | None, if_none_match: str) -> bool:
    """Whether If-None-Match names this ETag (weak comparison, `*`, lists, as werkzeug)."""
    return etag is not None and (if_none_match == etag or parse_etags(if_none_match).contains_weak(etag[1:-1]))


class ResponseTable:
    """The table of one app, and the WSGI layer serving it in front of `next_app`, the next WSGI app
    (the triage layer, or Flask itself)."""

    def __init__(self, app, next_app):
        self.app, self.next_app = app, next_app
        self.addresses = None  # address -> whether its page shows the region's emergency number
        self.entries = {}      # (address, region or None) -> FinishedResponse, or None where Flask must answer
        self.regions = {}      # Accept-Language header -> region or None
        self.encodings = {}    # Accept-Encoding header -> encodings.choose()
        self.budget = app.config["RESPONSE_TABLE_REGION_MIB"] * 2**20
        self.regional = 0      # bytes held for region pages (the rest is bounded by the release)

    def list_addresses(self) -> dict:
        """Every page and document the export writes, and the hashed static files (addresses.py):
        address -> whether it varies by region."""
        if self.addresses is None:
            self.addresses = addresses.varies_by_region(self.app)
        return self.addresses

    def region(self, environ) -> str | None:
        """The request's region as emergency.request_region() reads it (no query string here); the
        answers for the last few thousand Accept-Language values are remembered."""
        header = environ.get("HTTP_ACCEPT_LANGUAGE")
        return remember(self.regions, header, lambda: emergency.region_from_accept_language(
            parse_accept_header(header, LanguageAccept), self.app.extensions["content"].countries))

    def entry(self, address: str, region: str | None = None) -> FinishedResponse | None:
        """The address's entry, rendered on first use; None when Flask must answer it (a region page
        once the region pages hold their budget)."""
        key = (address, region)
        found = self.entries.get(key, False)
        if found is False:
            if region is not None and self.regional >= self.budget:
                return None
            found = self.entries.setdefault(key, self.render(address, region))
            if region is not None and found is not None:
                self.regional += len(found.body)
        return found

    def variant(self, entry: FinishedResponse, encoding: str, region: str | None = None):
        """entry.variant(encoding); None when Flask must answer (a region page's new encoding once the
        region pages hold their budget)."""
        if region is None or encoding in entry.variants:
            return entry.variant(encoding)
        if self.regional >= self.budget:
            return None
        found = entry.variant(encoding)
        if found[2] is not entry.body:
            self.regional += len(found[2])
        return found

    def render(self, address: str, region: str | None) -> FinishedResponse | None:
        """Flask's own response to a plain GET (in an empty context, as offline.render_all does)."""
        headers = {"Accept-Encoding": "identity"}
        if region:
            headers["Accept-Language"] = f"en-{region}"
        environ = EnvironBuilder(path=address, headers=headers).get_environ()
        environ[TABLE_RENDER] = True
        try:
            app_iter, status, response_headers = contextvars.Context().run(run_wsgi_app, self.next_app, environ, True)
            body = b"".join(app_iter)
        except Exception:  # Flask answers every error itself; this is for anything in front of it
            log.exception("%s could not be rendered for the response table; Flask answers it", address)
            return None
        if status != "200 OK" or "Set-Cookie" in response_headers or "Content-Encoding" in response_headers:
            return None
        compressible = encodings.compressible(self.app.config, response_headers.get("Content-Type", ""), len(body))
        kept = [(n, v) for n, v in response_headers.to_wsgi_list() if n.lower() not in DROPPED]
        return FinishedResponse(kept, body, compressible, self.app.config)

    def size(self) -> int:
        """Bytes of the bodies held now (headers are shared strings and small)."""
        return sum(entry.size() for entry in self.entries.values() if entry is not None)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or environ.get("QUERY_STRING") or environ.get("SCRIPT_NAME") \
                or any(name in environ for name in TO_FLASK) \
                or ("HTTP_IF_MODIFIED_SINCE" in environ and "HTTP_IF_NONE_MATCH" not in environ):
            return self.next_app(environ, start_response)
        address = environ.get("PATH_INFO", "")
        varies = self.list_addresses().get(address)
        region = self.region(environ) if varies else None
        entry = None if varies is None else self.entry(address, region)
        if entry is None:
            return self.next_app(environ, start_response)
        accept_encoding = environ.get("HTTP_ACCEPT_ENCODING", "")
        encoding = remember(self.encodings, accept_encoding, lambda: encodings.choose(accept_encoding)) \
            if entry.compressible else "identity"
        found = self.variant(entry, encoding, region)
        if found is None:
            return self.next_app(environ, start_response)
        headers, headers_304, body, etag = found
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match and not_modified(etag, if_none_match):
            start_response("304 NOT MODIFIED", list(headers_304))
            return []
        start_response("200 OK", list(headers))
        return [] if method == "HEAD" else [body]


def layer_on(app, setting: str) -> bool:
    """Whether a layer answers in front of Flask: its own switch (RESPONSE_TABLE for this table,
    TRIAGE_LAYER for triage_layer.py; ATROPHY_PWA_RESPONSE_TABLE=0 or ATROPHY_PWA_TRIAGE_LAYER=0 leave its
    requests to Flask), and never while RELOAD_TRANSLATIONS is on (`serve --reload`): what a layer made
    once would hide a reloaded PO file."""
    return bool(app.config.get(setting, True)) and not app.config.get("RELOAD_TRANSLATIONS")


def init_app(app):
    """Put the table in front of Flask (and of any layer already there), unless RESPONSE_TABLE is off."""
    if layer_on(app, "RESPONSE_TABLE"):
        table = ResponseTable(app, app.wsgi_app)
        app.extensions["response_table"] = table
        app.wsgi_app = table
