"""Headers on every response: security policy, ETags with conditional requests, relative redirects and
compression."""
from urllib.parse import urlsplit, urlunsplit

from flask import current_app, redirect, request
from flask_compress import Compress
from werkzeug.routing import RequestRedirect

compress = Compress()

CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "manifest-src 'self'",
    "connect-src 'self'", "worker-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
# What our own files in static/ (scripts, the stylesheet, the icons) need of them. The others (the policy,
# framing, referrer, permissions, opener) apply to a document or a worker, never to a file a page
# includes, and each of a first visit's files carried their 500 bytes. Our SVGs are fixed files with no
# script, so opened on their own they need no policy either. /sw.js (a worker) keeps every header.
SUBRESOURCE_HEADERS = ("X-Content-Type-Options", "Cross-Origin-Resource-Policy")
SUBRESOURCE_TYPES = {"text/css", "text/javascript", "image/png", "image/svg+xml"}
COMPRESSED_TYPES = ["text/html", "text/css", "application/javascript", "text/javascript", "application/json",
                    "application/fhir+json", "application/manifest+json", "image/svg+xml"]


def add_security_headers(response):
    subresource = request.blueprint == "assets" and response.mimetype in SUBRESOURCE_TYPES
    for name, value in SECURITY_HEADERS.items():
        if not subresource or name in SUBRESOURCE_HEADERS:
            response.headers.setdefault(name, value)
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    return response


def add_etag(response):
    """Pages and API documents: an ETag, a 304 when it matches, and revalidation on every use."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.direct_passthrough:
        response.cache_control.no_cache = True
        response.add_etag()
        response.make_conditional(request)
    return response


def keep_no_answers(response):
    """A response to a POST holds a person's answers or their result: no cache (the browser's, its
    back-forward cache, a proxy's) keeps a copy to show again, say to the next person on a shared phone."""
    if request.method == "POST":
        response.cache_control.no_store = True
    return response


def relative_redirect():
    """Werkzeug's trailing-slash redirect (/en -> /en/) names the host from the Host header (or, behind a
    proxy, X-Forwarded-Host); answer it with a path on this site instead, whatever a client sends."""
    if isinstance(request.routing_exception, RequestRedirect):
        target = urlsplit(request.routing_exception.new_url)
        return redirect(urlunsplit(("", "", target.path, target.query, "")), request.routing_exception.code)
    return None


def init_app(app):
    app.before_request(relative_redirect)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 256)
    compress.init_app(app)
    app.after_request(add_etag)  # runs before compression (Flask runs after_request last-in, first-out)
    app.after_request(add_security_headers)
    app.after_request(keep_no_answers)  # ProxyFix, for ATROPHY_PWA_PROXY_COUNT, goes in front of everything: guard.py
