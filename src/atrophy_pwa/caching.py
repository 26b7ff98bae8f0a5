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
