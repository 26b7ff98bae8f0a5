"""Settings: embedded defaults, then ATROPHY_PWA_* environment variables, then test overrides."""
import os

from . import paths

DEFAULTS = {
    # flask-caching backend: SimpleCache by default, any flask-caching type works
    # (for example "RedisCache" with CACHE_REDIS_URL).
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 3600,
    # Pages SimpleCache keeps (flask-caching's default is 500). The response table answers nearly every
    # page; what reaches Flask's cache is a page with a query string (?region=) or a region page past the
    # table's budget, and 500 of those, whole, took the server past 120 MB (docs/PERFORMANCE.md).
    "CACHE_THRESHOLD": 100,
    "CACHE_REDIS_URL": "",
    # A Redis that does not answer within this many seconds is skipped for CACHE_RETRY_AFTER seconds.
    "CACHE_REDIS_SOCKET_TIMEOUT": 0.25,
    "CACHE_RETRY_AFTER": 30,
    "CONTENT_DIR": str(paths.CONTENT),
    "TRANSLATIONS_DIR": str(paths.TRANSLATIONS),
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # Served over HTTPS (directly or behind a TLS-terminating proxy): adds Strict-Transport-Security.
    "HTTPS": False,
    # How many proxies in front set X-Forwarded-For/-Proto/-Host (0: trust none).
    "PROXY_COUNT": 0,
    # For translators running the app locally: re-read a changed PO file on the next request
    # (`atrophy-pwa serve --reload`). Off in production: it checks the files on every request.
    "RELOAD_TRANSLATIONS": False,
    # Answer the GET addresses the export writes from the in-memory response table (response_table.py);
    # off whenever RELOAD_TRANSLATIONS is on, so a reloaded translation is never hidden by the table.
    "RESPONSE_TABLE": True,
    # Answer plain POST /api/v1/triage requests in front of Flask (triage_layer.py); off whenever
    # RELOAD_TRANSLATIONS is on, like the table.
    "TRIAGE_LAYER": True,
    # Region pages (those that show the emergency number) are kept once per region asked for, until
    # they hold this many MiB; later regions are answered by Flask (the same page, compressed per request).
    "RESPONSE_TABLE_REGION_MIB": 16,
}


def boolean(text: str) -> bool:
    """'1', 'true', 'yes', 'on' or '0', 'false', 'no', 'off' (any case)."""
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(text)


def count(text: str) -> int:
    """A whole number, 0 or more."""
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


# Environment variable name -> setting, with how to read its text.
ENVIRONMENT = {
    "ATROPHY_PWA_CACHE_TYPE": ("CACHE_TYPE", str),
    "ATROPHY_PWA_CACHE_TIMEOUT": ("CACHE_DEFAULT_TIMEOUT", count),
    "ATROPHY_PWA_CACHE_THRESHOLD": ("CACHE_THRESHOLD", count),
    "ATROPHY_PWA_CACHE_REDIS_URL": ("CACHE_REDIS_URL", str),
    "ATROPHY_PWA_CONTENT_DIR": ("CONTENT_DIR", str),
    "ATROPHY_PWA_TRANSLATIONS_DIR": ("TRANSLATIONS_DIR", str),
    "ATROPHY_PWA_HTTPS": ("HTTPS", boolean),
    "ATROPHY_PWA_PROXY_COUNT": ("PROXY_COUNT", count),
    "ATROPHY_PWA_RELOAD_TRANSLATIONS": ("RELOAD_TRANSLATIONS", boolean),
    "ATROPHY_PWA_RESPONSE_TABLE": ("RESPONSE_TABLE", boolean),
    "ATROPHY_PWA_RESPONSE_TABLE_REGION_MIB": ("RESPONSE_TABLE_REGION_MIB", count),
    "ATROPHY_PWA_TRIAGE_LAYER": ("TRIAGE_LAYER", boolean),
}


class SettingError(ValueError):
    """An environment variable holds a value the app cannot use."""


def from_environment(environ=os.environ) -> dict:
    """The settings that ATROPHY_PWA_* variables give, read and checked."""
    settings = {}
    for variable, (key, read) in ENVIRONMENT.items():
        if variable in environ:
            try:
                settings[key] = read(environ[variable])
            except ValueError:
                raise SettingError(f"{variable}={environ[variable]!r} is not a valid {read.__name__}") from None
    return settings
