"""waitress with the limits a public server needs (see docs/OPERATIONS.md, "Server limits").

waitress's own defaults suit a trusted network: 100 connections in all, idle ones kept for 2 minutes,
and bodies up to 1 GiB read to disk before the app can refuse them. Here an idle connection goes after
a few seconds, many more connections fit (polled with poll(), so not capped by select()'s 1024), and a
body larger than the app's own limit is refused by waitress before it is read, with the app's own 413
(TooLargeTask: JSON under /api/, our page elsewhere, with the security headers).
"""
import ctypes
import gc
import io
import os
import resource
import time

import waitress
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import RequestEntityTooLarge, queue_logger

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


M_ARENA_MAX = -8  # glibc's mallopt() parameter, as in <malloc.h>
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Ask glibc for at most `arenas` malloc arenas, as MALLOC_ARENA_MAX=2 would; whether it took.

    glibc gives each thread that allocates its own arena, up to 8 per core, and keeps what is freed in
    each: with waitress's eight threads rendering and compressing pages, the server's memory after every
    offline page of every language was 107 MiB, 92 MiB with two arenas (docs/PERFORMANCE.md). Left alone
    when MALLOC_ARENA_MAX is set (the operator's own choice) and where there is no glibc (musl, macOS)."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    return mallopt(M_ARENA_MAX, arenas) == 1


def allow_open_files(wanted: int) -> None:
    """Raise this process's open-file limit towards `wanted` (each connection holds one), if allowed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class Task(WSGITask):
    """waitress's task, keeping the connection open after a 304 or a 204 (HTTP/1.1).

    waitress 3.0.2 closes the connection after any answer that has no Content-Length, and a 304 or a
    204 never has one (it has no body, so RFC 9110 lets it end after its headers). So every revalidation
    cost the browser a new connection: on a phone over HTTPS, a TCP and TLS handshake (two or three
    round trips on a slow network) before the next request, and wrk measured 304s at 0.6x a 200. Here
    such an answer keeps the connection, unless something else closes it (the client asked, HTTP/1.0,
    an error: those call set_close_on_finish before the headers are built, or the request says so)."""

    keeping = False

    def build_response_header(self):
        self.keeping = (not self.has_body and not self.close_on_finish and self.version == "1.1"
                        and self.request.headers.get("CONNECTION", "").lower() != "close")
        try:
            return super().build_response_header()
        finally:
            self.keeping = False

    def set_close_on_finish(self) -> None:
        if not self.keeping:  # while its headers are built, a bodiless answer's own close is left out
            super().set_close_on_finish()


class TooLargeTask(Task):
    """waitress's refusal of a body over its limit, answered by the app instead of waitress's own text/plain
    413 (which had none of the security headers, and no JSON error on the API). The app is given the
    request's headers, no body and a Content-Length over its limit, so guard.py answers 413 as it does to
    any such request; the connection closes after the answer, since the rest of the body is never read."""

    def get_environment(self):
        environ = super().get_environment()
        request = self.request
        environ["CONTENT_LENGTH"] = str(max(request.content_length, request.body_bytes_received,
                                            self.channel.adj.max_request_body_size))
        environ["wsgi.input"] = io.BytesIO()
        return environ

    def execute(self):
        self.set_close_on_finish()
        super().execute()


class Channel(HTTPChannel):
    """waitress's connection: its tasks keep the connection after a 304 (Task), and the app answers
    waitress's 413."""

    task_class = Task

    @staticmethod
    def error_task_class(channel, request):
        task = TooLargeTask if isinstance(request.error, RequestEntityTooLarge) else ErrorTask
        return task(channel, request)


class QueueWarnings:
    """In place of waitress's queue logger: its "Task queue depth is N" at most once a second.

    waitress warns on every request that has to wait for a thread, so under load it wrote a line per
    request, formatted by the one thread that reads every socket (py-spy under wrk: 6-11 % of the time
    the GIL was held). The first warning is logged as before; later ones within a second are counted,
    and the next line says how many were left out."""

    def __init__(self, logger=queue_logger, interval: float = 1.0):
        self.logger, self.interval = logger, interval
        self.quiet_until, self.left_out = None, 0  # waitress calls warning() under its dispatcher's lock

    def warning(self, message, *args):
        now = time.monotonic()
        if self.quiet_until is not None and now < self.quiet_until:
            self.left_out += 1
            return
        if self.left_out:
            message, args = message + " (%d more such warnings left out before this one)", (*args, self.left_out)
        self.quiet_until, self.left_out = now + self.interval, 0
        self.logger.warning(message, *args)


def create_server(app, **options):
    """waitress.create_server, with Channel for every socket it listens on and QueueWarnings."""
    sockets = {}
    server = waitress.create_server(app, map=sockets, **options)
    for dispatcher in sockets.values():
        if isinstance(dispatcher, BaseWSGIServer):
            dispatcher.channel_class = Channel
    server.task_dispatcher.queue_logger = QueueWarnings()
    return server


def serve(app, host: str, port: int, threads: int, **limits) -> None:
    options = settings(app, **limits)
    allow_open_files(options["connection_limit"] + 64)
    limit_malloc_arenas()  # before waitress starts its threads
    server = create_server(app, host=host, port=port, threads=threads, **options)  # as waitress.serve does
    server.print_listen("Serving on http://{}:{}")
    # What start-up made (the app, content, catalogues: ~80,000 objects) lives as long as the process:
    # leave it out of the collector's full passes, which took 15-50 ms each under load.
    gc.freeze()
    server.run()
