"""flask-caching: rendered pages and API documents, kept per locale (and per region where it shows)."""
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


def init_app(app):
    cache.init_app(app)
    backends = app.extensions["cache"]
    backends[cache] = Forgiving(backends[cache], app.logger)
