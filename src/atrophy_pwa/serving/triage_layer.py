"""The WSGI layer that answers a well-formed `POST /api/v1/triage` without entering Flask.

It takes only the plain case: `Content-Type: application/json`, a Content-Length within the app's
limit, a body `{"answers": {id: true|false, ...}}` naming only questions the flow asks, and a query
string of at most `locale` and `region`. The locale and the region are read as the view reads them
(?locale= and ?region= first, then Accept-Language); the document comes from the same function
(api.result_document) and Flask's JSON provider; the headers are those Flask gave its own first
triage answer; the body is compressed as flask-compress would (encodings.py: its COMPRESS_* settings, brotli at
quality 3). Anything else, every error included, goes to Flask with the body it sent, so there is one
place that says what is wrong with a request (api.triage_answers).
A FHIR QuestionnaireResponse (sent as application/fhir+json, or as application/json with more than the
one `answers` key) is never answered here: Flask reads it (fhir.py) into the same answers.

Nothing of a request is kept: the answers are read, answered and dropped. What is remembered is per
header value (which locale and region an Accept-Language names), as in response_table.py, and per
(locale, region, level) the result's JSON around its reasons and context (Template), as
api.result_document keeps the document itself.
"""
import contextvars
import io
import json
from json.encoder import encode_basestring, encode_basestring_ascii

from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_options_header
from werkzeug.test import EnvironBuilder, run_wsgi_app

from ..views import api
from ..core import emergency, triage
from . import encodings
from .response_table import layer_on, remember

PATH = "/api/v1/triage"
PER_REQUEST = {"content-length", "date", "content-encoding"}
# An answer is made per request, so it is compressed per request: brotli quality 3 takes under half
# the time of flask-compress's 4 for 3-7 % more bytes (measured on answers of 1.3-4.9 KB: 715 against
# 671 bytes in English, 1,344 against 1,286 in Hindi). gzip uses flask-compress's level.
BROTLI_QUALITY = 3


class TriageLayer:
    """In front of `next_app`, the next WSGI app (Flask's own): answers the plain triage requests itself."""

    def __init__(self, app, next_app):
        self.app, self.next_app = app, next_app
        self.questions = frozenset(triage.questions(app.extensions["content"].flow))
        self.limit = app.config["MAX_CONTENT_LENGTH"] or float("inf")
        self.headers = None   # Flask's headers for a triage answer, without the per-response ones
        self.settings = {}    # Accept-Language header -> (locale, region)
        self.encodings = {}   # Accept-Encoding header -> encodings.choose()
        self.json_types = {}  # Content-Type header -> whether it is application/json
        self.templates = {}   # (locale, region, level) -> Template of the result's JSON
        self.encoder = None   # (the JSON provider's settings, a function dumping as it does)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != PATH or environ.get("SCRIPT_NAME"):
            return self.next_app(environ, start_response)
        answers, args = self.read(environ)
        if answers is None:
            return self.next_app(environ, start_response)
        locale, region = self.locale_and_region(environ.get("HTTP_ACCEPT_LANGUAGE"))
        if args:
            if "locale" in args:
                chosen = args["locale"]
                locale = chosen if chosen in self.app.extensions["catalogues"] else locale
            if "region" in args:
                region = emergency.known_region(args["region"], self.app.extensions["content"].countries)
        document = api.result_document(self.app, locale, region, answers)
        body = self.json_body(document, (locale, region, document["disposition"]))
        headers = self.headers or self.flask_headers()
        accept_encoding = environ.get("HTTP_ACCEPT_ENCODING", "")
        encoding = remember(self.encodings, accept_encoding, lambda: encodings.choose(accept_encoding))
        if encoding != "identity" and len(body) >= self.app.config["COMPRESS_MIN_SIZE"]:
            body = self.compress(body, encoding)
            headers = headers + [("Content-Encoding", encoding)]
        start_response("200 OK", headers + [("Content-Length", str(len(body)))])
        return [body]

    def read(self, environ):
        """(answers, query arguments) when this layer can answer, else (None, None); a body read is
        put back for Flask."""
        content_type = environ.get("CONTENT_TYPE", "")
        if not remember(self.json_types, content_type,
                        lambda: parse_options_header(content_type)[0].lower() == "application/json") \
                or "HTTP_TRANSFER_ENCODING" in environ:
            return None, None
        args = {}
        if environ.get("QUERY_STRING"):
            args = self.app.request_class(environ).args
            if set(args) - {"locale", "region"} or any(len(args.getlist(name)) > 1 for name in args):
                return None, None
        length = environ.get("CONTENT_LENGTH", "")
        if not length.isdigit() or not 0 < int(length) <= self.limit:
            return None, None
        data = environ["wsgi.input"].read(int(length))
        answers = self.answers(data)
        if answers is None:
            environ["wsgi.input"] = io.BytesIO(data)
            return None, None
        return answers, args

    def answers(self, data: bytes) -> dict | None:
        """The answers of a plain body `{"answers": {id: true|false, ...}}`, else None."""
        try:
            body = json.loads(data)
        except (ValueError, RecursionError):
            return None
        if type(body) is not dict or len(body) != 1 or type(body.get("answers")) is not dict:
            return None
        answers = body["answers"]
        if not all(type(value) is bool for value in answers.values()) or not self.questions.issuperset(answers):
            return None
        return answers

    def locale_and_region(self, accept_language):
        """What i18n.negotiated_locale() and emergency.request_region() read from this header."""
        def read():
            parsed = parse_accept_header(accept_language, LanguageAccept)
            return (self.app.extensions["catalogues"].negotiate(parsed),
                    emergency.region_from_accept_language(parsed, self.app.extensions["content"].countries))
        return remember(self.settings, accept_language, read)

    def json_body(self, document: dict, key: tuple) -> bytes:
        """The bytes Flask's JSON provider writes for `document` (jsonify): compact JSON and a newline,
        or, where the provider would indent (debug), its own response. The part that is the same for
        every answer at this (locale, region, level) is dumped once (see Template)."""
        provider = self.app.json
        if provider.compact is False or (provider.compact is None and self.app.debug):
            return provider.response(document).get_data()
        dumps = self.dumps_for(provider)
        template = self.templates.get(key)
        if template is None or not template.fits(document, dumps):
            template = self.templates[key] = Template(document, dumps)
        return template.fill(document)

    def dumps_for(self, provider):
        """A function writing compact JSON in UTF-8 as jsonify does (provider.dumps with its separators),
        the same object while the provider and its settings stay. For Flask's own provider: a list of
        strings (what the answers give: reasons and context are lists of ids) is written with json's
        own string encoder, as its list encoder writes it, and anything else by one JSONEncoder with
        the arguments the provider's dumps() hands json.dumps (which makes a new encoder per call)."""
        settings = (provider, provider.default, provider.ensure_ascii, provider.sort_keys)
        if self.encoder is None or self.encoder[0] != settings:
            if type(provider) is DefaultJSONProvider:
                encoder = json.JSONEncoder(default=provider.default, ensure_ascii=provider.ensure_ascii,
                                           sort_keys=provider.sort_keys, separators=(",", ":"))
                quote = encode_basestring_ascii if provider.ensure_ascii else encode_basestring

                def dumps(value) -> bytes:
                    if type(value) is list and all(type(item) is str for item in value):
                        return ("[" + ",".join(map(quote, value)) + "]").encode()
                    return encoder.encode(value).encode()
            else:
                def dumps(value) -> bytes:
                    return provider.dumps(value, separators=(",", ":")).encode()
            self.encoder = settings, dumps
        return self.encoder[1]

    def flask_headers(self) -> list:
        """The headers of Flask's own answer to a plain triage request, without the per-response ones."""
        environ = EnvironBuilder(path=PATH, method="POST", json={"answers": {}},
                                 headers={"Accept-Encoding": "identity"}).get_environ()
        app_iter, status, headers = contextvars.Context().run(run_wsgi_app, self.next_app, environ, True)
        b"".join(app_iter)
        if status != "200 OK":  # pragma: no cover  (the view answers an empty answers object)
            raise RuntimeError(f"Flask answered {status} to a plain triage request")
        self.headers = [(n, v) for n, v in headers.to_wsgi_list() if n.lower() not in PER_REQUEST]
        return self.headers

    def compress(self, body: bytes, encoding: str) -> bytes:
        """As flask-compress compresses a response, with its settings (brotli: BROTLI_QUALITY, or lower if set)."""
        config = self.app.config
        return encodings.compress(body, encoding, config, min(BROTLI_QUALITY, config["COMPRESS_BR_LEVEL"]),
                                  config["COMPRESS_LEVEL"])


PER_ANSWERS = ("reasons", "context")  # what a result document holds of the answers themselves
MARK = "\0{}\0"  # stands for a per-answer value while a template is dumped (no content holds a NUL)


class Template:
    """The JSON of a result document with its per-answer values left out: the bytes before, between
    and after them, dumped once per (locale, region, level) with the document's own values around.
    JSON without indentation writes an object as its members in order, each value as it would be
    written alone, so filling the gaps with the values dumped alone gives the bytes of the whole
    document dumped at once. A template fits a document only if every other value is the very object
    it was made with (api.result_document keeps them per locale, region and level) in the same order;
    otherwise a new one is made, so a changed document can never be answered with old bytes.
    Nothing of the answers is kept: the gaps are filled per request."""

    __slots__ = ("dumps", "names", "fixed", "slots", "parts")

    def __init__(self, document: dict, dumps):
        self.dumps = dumps
        self.names = tuple(document)
        self.fixed = [(name, value) for name, value in document.items() if name not in PER_ANSWERS]
        text = dumps({name: MARK.format(name) if name in PER_ANSWERS else value
                      for name, value in document.items()}) + b"\n"
        marks = sorted((text.index(dumps(MARK.format(name))), name) for name in self.names if name in PER_ANSWERS)
        self.slots, self.parts, start = [name for _, name in marks], [], 0
        for at, name in marks:  # in the order they are written (the provider may sort keys)
            self.parts.append(text[start:at])
            start = at + len(dumps(MARK.format(name)))
        self.parts.append(text[start:])

    def fits(self, document: dict, dumps) -> bool:
        return dumps is self.dumps and self.names == tuple(document) \
            and all(document[name] is value for name, value in self.fixed)

    def fill(self, document: dict) -> bytes:
        pieces = [self.parts[0]]
        for name, after in zip(self.slots, self.parts[1:]):
            pieces += (self.dumps(document[name]), after)
        return b"".join(pieces)


def init_app(app):
    """Put the layer in front of Flask, unless TRIAGE_LAYER is off."""
    if layer_on(app, "TRIAGE_LAYER"):
        app.wsgi_app = TriageLayer(app, app.wsgi_app)
