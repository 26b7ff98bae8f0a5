"""flask-caching: rendered pages and API documents, kept per locale (and per region where it shows)."""
import hashlib
from pathlib import Path

from flask import request
from flask_caching import Cache

cache = Cache()


def page_key(vary_region: bool = False):
    """Cache key: the path with its query string, plus the emergency region when the page shows one."""
    def key(*args, **kwargs):
        parts = [request.full_path]
        if vary_region:
            from .emergency import request_region
            parts.append(request_region() or "-")
        return "page:" + "|".join(parts)
    return key


def cached(vary_region: bool = False):
    """Cache a GET view's response; errors are never cached. A view that shows the region's emergency
    number is marked `varies_by_region`, so the response table keeps it once per region."""
    def decorate(view):
        decorated = cache.cached(make_cache_key=page_key(vary_region),
                                 response_filter=lambda rv: getattr(rv, "status_code", 200) == 200)(view)
        decorated.varies_by_region = vary_region
        return decorated
    return decorate


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
