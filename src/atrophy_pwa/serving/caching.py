"""flask-caching: rendered pages and API documents, kept per path (and per known region where it shows).

A key holds only what changes the response: the path (its locale and slug are checked before the view
runs) and, for pages that show an emergency number, the region as request_region() resolves it (a
region we have numbers for, or "-"). Query strings are never part of a key, so junk parameters make no
entries. Responses are cached before compression, so the encoding needs no key of its own.
"""
import functools
import time
from pathlib import Path

from flask import make_response, request
from flask_caching import Cache

from .. import paths
from ..config import SettingError
from ..core.emergency import request_region
from ..hashing import digest, file_digests

cache = Cache()


def page_key(vary_region=False):
    """Cache key: the path, plus the resolved emergency region when the page shows one."""
    def key(*args, **kwargs):
        parts = [request.path]
        if vary_region(**request.view_args) if callable(vary_region) else vary_region:
            parts.append(request_region() or "-")
        return "page:" + "|".join(parts)
    return key


TABLE_RENDER = "atrophy_pwa.table_render"  # set in the environ of the response table's own renders


def for_the_table() -> bool:
    """A render for the response table, which keeps the response itself: the cache is neither read
    (the table wants what the view makes now) nor written (a second copy would only take memory)."""
    return bool(request.environ.get(TABLE_RENDER))


def cached(vary_region=False):
    """Cache a GET view's response; errors are never cached. A view that shows the region's emergency
    number is marked `varies_by_region`, so the response table keeps it once per region, and its
    responses say `Vary: Accept-Language` (the region is read from it), so no shared cache hands one
    region's number to another. `vary_region` is True, or a function of the view's arguments for views
    where only some pages show a number."""
    def decorate(view):
        kept = cache.cached(make_cache_key=page_key(vary_region), unless=for_the_table,
                            response_filter=lambda rv: getattr(rv, "status_code", 200) == 200)(view)

        @functools.wraps(view)
        def decorated(**kwargs):
            response = make_response(kept(**kwargs))
            if vary_region(**kwargs) if callable(vary_region) else vary_region:
                response.vary.add("Accept-Language")
            return response
        decorated.varies_by_region = vary_region
        return decorated
    return decorate


class Forgiving:
    """A cache backend wrapper and circuit breaker: when the backend fails (say Redis is unreachable or
    frozen), log a warning, skip the backend for `pause` seconds (serving uncached), then try it again;
    log again when it answers. Pages never go down, or wait, with the cache."""

    def __init__(self, backend, logger, pause: float):
        self.backend, self.logger, self.pause = backend, logger, pause
        self.skip_until = None  # time.monotonic() until which the backend is skipped; None while it works

    def __getattr__(self, name):
        method = getattr(self.backend, name)
        if not callable(method):
            return method
        miss = None if name.startswith("get") or name == "has" else False

        def call(*args, **kwargs):
            if self.skip_until is not None and time.monotonic() < self.skip_until:
                return miss
            try:
                result = method(*args, **kwargs)
            except Exception as error:  # any backend error means "not cached"
                if self.skip_until is None:
                    self.logger.warning("cache backend failed (%s: %s); serving uncached, trying again every %s s",
                                        type(error).__name__, error, self.pause)
                self.skip_until = time.monotonic() + self.pause
                return miss
            if self.skip_until is not None:
                self.skip_until = None
                self.logger.warning("cache backend answers again; caching resumed")
            return result
        return call


def redis_settings(app) -> dict:
    """For a Redis backend: the redis package (an extra), and a client with short timeouts and no retries,
    so a frozen Redis costs one request a fraction of a second before the breaker skips it. The client is
    made here and handed to flask-caching (which takes a client as the host), since older flask-caching
    releases (2.3.0, the lowest we allow) pass no options to a client made from a URL. Returns settings for cache.init_app."""
    kind = str(app.config["CACHE_TYPE"])
    if "redis" not in kind.lower():
        return {}
    try:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry
    except ImportError:
        raise SettingError(f"ATROPHY_PWA_CACHE_TYPE={kind} needs the redis package: "
                           "pip install 'atrophy-pwa[redis]'") from None
    if kind.rsplit(".", 1)[-1] not in ("RedisCache", "redis"):
        return {}  # Sentinel and Cluster set up their own clients
    timeout = app.config["CACHE_REDIS_SOCKET_TIMEOUT"]
    client = redis.Redis.from_url(app.config["CACHE_REDIS_URL"] or "redis://localhost:6379/0", socket_timeout=timeout,
                                  socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0))
    return {"CACHE_REDIS_HOST": client, "CACHE_REDIS_URL": None}


def release(app) -> str:
    """16 hex digits naming what rendered responses depend on besides the request: the content, the
    translations, the templates and the static files as they are sent (assets.init_app names them)."""
    folders = (Path(app.config["TRANSLATIONS_DIR"]), paths.TEMPLATES, paths.SERVICE_WORKER)
    return digest(app.extensions["content"].version, *(repr(sorted(file_digests(folder).items())) for folder in folders),
                  repr(sorted(app.extensions["asset_hashes"].items())))


def init_app(app):
    # Instances sharing a cache (say Redis) share entries only while they serve the same release, so a
    # rolling update never mixes pages of two versions.
    app.config.setdefault("CACHE_KEY_PREFIX", f"atrophy-pwa:{release(app)}:")
    cache.init_app(app, config=redis_settings(app))
    backends = app.extensions["cache"]
    backends[cache] = Forgiving(backends[cache], app.logger, app.config["CACHE_RETRY_AFTER"])
