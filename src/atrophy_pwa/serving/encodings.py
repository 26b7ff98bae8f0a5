"""Content codings, for every layer in one place: which coding a request gets (werkzeug reads
Accept-Encoding), which responses are compressed, how, and the ETag of a compressed body.

Flask's own responses are compressed by flask-compress (responses.py); the response table and the triage
layer answer without entering Flask, so they follow its rules here: the types in COMPRESS_MIMETYPES of at
least COMPRESS_MIN_SIZE bytes, brotli with its COMPRESS_BR_* settings, and ":br" or ":gzip" appended to a
strong ETag. Each layer chooses its own brotli quality and gzip level (the table compresses once, at the
highest; the triage layer per request, quickly).
"""
import gzip

try:
    import brotli  # what flask-compress installs on CPython
except ImportError:  # pragma: no cover  (PyPy)
    import brotlicffi as brotli
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

OFFERED = ("br", "gzip", "identity")  # preferred in this order when a client accepts them equally


def choose(accept_encoding: str) -> str:
    """"br", "gzip" or "identity" for an Accept-Encoding header (RFC 9110, 12.5.3), by werkzeug's
    best_match: the highest q above 0 wins, a coding named outranks `*` at the same q, and on a tie
    brotli, then gzip, then identity. A coding named with q=0 is refused even where `*` would allow it.
    An entry with a malformed q is ignored (werkzeug). When nothing is acceptable the body is sent as
    it is, as Flask does. x-gzip is gzip (RFC 9110, 8.4.1.3)."""
    parsed = parse_accept_header(accept_encoding, Accept)
    accept = Accept([("gzip" if name.lower() == "x-gzip" else name.lower(), q) for name, q in parsed])
    refused = {name for name, q in accept if q == 0}
    return accept.best_match([name for name in OFFERED if name not in refused], default="identity")


def compressible(config, content_type: str, length: int) -> bool:
    """Whether flask-compress would compress a body of this type and length."""
    return content_type.split(";")[0].strip() in config["COMPRESS_MIMETYPES"] and length >= config["COMPRESS_MIN_SIZE"]


def compress(body: bytes, encoding: str, config, brotli_quality: int, gzip_level: int) -> bytes:
    """body in "br" (with flask-compress's COMPRESS_BR_MODE, _WINDOW and _BLOCK) or "gzip" (the same bytes
    everywhere: no time in the header)."""
    if encoding == "br":
        return brotli.compress(body, mode=config["COMPRESS_BR_MODE"], quality=brotli_quality,
                               lgwin=config["COMPRESS_BR_WINDOW"], lgblock=config["COMPRESS_BR_BLOCK"])
    return gzip.compress(body, gzip_level, mtime=0)


def etag(value: str, encoding: str) -> str:
    """The ETag of the body compressed with `encoding`, given the plain body's strong ETag (quoted)."""
    return f'{value[:-1]}:{encoding}"'
