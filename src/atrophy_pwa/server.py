"""waitress with the limits a public server needs (see README.md, "Security").

waitress's own defaults suit a trusted network: 100 connections in all, idle ones kept for 2 minutes,
and bodies up to 1 GiB read to disk before the app can refuse them. Here an idle connection goes after
a few seconds, many more connections fit (polled with poll(), so not capped by select()'s 1024), and a
body larger than the app's own limit is refused by waitress before it is read.
"""
import resource

import waitress

CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 10  # seconds without a byte before an idle connection is closed


def settings(app, connection_limit: int = CONNECTION_LIMIT, channel_timeout: int = CHANNEL_TIMEOUT) -> dict:
    """waitress.serve keyword arguments for this app."""
    return {
        "connection_limit": connection_limit,
        "channel_timeout": channel_timeout,
        "cleanup_interval": min(channel_timeout, 30),  # how often idle connections are looked for
        "max_request_body_size": app.config["MAX_CONTENT_LENGTH"] + 1,  # waitress refuses sizes >= its limit
        "asyncore_use_poll": True,
        # waitress drops X-Forwarded-* by default; with ATROPHY_PWA_PROXY_COUNT set, ProxyFix reads them.
        "clear_untrusted_proxy_headers": not app.config["PROXY_COUNT"],
        "ident": "atrophy-pwa",
    }


def allow_open_files(wanted: int) -> None:
    """Raise this process's open-file limit towards `wanted` (each connection holds one), if allowed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def serve(app, host: str, port: int, threads: int, **limits) -> None:
    options = settings(app, **limits)
    allow_open_files(options["connection_limit"] + 64)
    waitress.serve(app, host=host, port=port, threads=threads, **options)
