"""flask-caching: rendered pages and API documents, kept per path (and per known region where it shows).

A key holds only what changes the response: the path (its locale and slug are checked before the view
runs) and, for pages that show an emergency number, the region as request_region() resolves it (a
region we have numbers for, or "-"). Query strings are never part of a key, so junk parameters make no
entries. Responses are cached before compression, so the encoding needs no key of its own.
"""
import hashlib
from pathlib import Path

from flask import request
from flask_caching import Cache

cache = Cache()


def page_key(vary_region: bool = False):
    """Cache key: the path, plus the resolved emergency region when the page shows one."""
    def key(*args, **kwargs):
        parts = [request.path]
        if vary_region:
            from .emergency import request_region
            parts.append(request_region() or "-")
        return "page:" + "|".join(parts)
    return key


def cached(vary_region: bool = False):
    """Cache a GET view's response; errors are never cached."""
    return cache.cached(make_cache_key=page_key(vary_region), response_filter=lambda rv: getattr(rv, "status_code", 200) == 200)


class Forgiving:
    """A cache backend wrapper: when the backend fails (say Redis is unreachable), log a warning and
    carry on uncached, so pages never go down with the cache."""

    def __init__(self, backend, logger):
        self.backend, self.logger, self.warned = backend, logger, False

    def __getattr__(self, name):
        method = getattr(self.backend, name)
        if not callable(method):
            return method

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception as error:  # any backend error means "not cached"
                if not self.warned:
                    self.logger.warning("cache backend failed (%s: %s); serving uncached", type(error).__name__, error)
                    self.warned = True
                return None if name.startswith("get") or name == "has" else False
        return call


def release(app) -> str:
    """16 hex digits naming what rendered responses depend on besides the request: the content, the
    translations, the templates and the static files."""
    from . import assets, paths
    hashed = hashlib.sha256(app.extensions["content"].version.encode())
    for folder in (Path(app.config["TRANSLATIONS_DIR"]), paths.TEMPLATES, paths.STATIC, paths.SERVICE_WORKER):
        hashed.update(repr(sorted(assets.fingerprint(folder).items())).encode())
    return hashed.hexdigest()[:16]


def init_app(app):
    # Instances sharing a cache (say Redis) share entries only while they serve the same release, so a
    # rolling update never mixes pages of two versions.
    app.config.setdefault("CACHE_KEY_PREFIX", f"atrophy-pwa:{release(app)}:")
    cache.init_app(app)
    backends = app.extensions["cache"]
    backends[cache] = Forgiving(backends[cache], app.logger)
