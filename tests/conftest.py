import hashlib
import logging
import shutil

import pytest

from atrophy_pwa import create_app, i18n, paths


class Counted(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def compiled_once(compile_catalogue):
    """compile_catalogue, each PO file compiled once per test process while its bytes stay the same.

    Compiling the six shipped catalogues is most of the second `create_app` takes, and hundreds of tests
    build an app over the same files. A file is compiled afresh when its bytes differ (the broken and
    edited copies the i18n tests make) and whenever compiling it logs a warning, so every test that
    looks for a warning still gets one. The Translations and LocaleInfo kept are never changed by the app.
    """
    kept = {}

    def compile_kept(path, code):
        try:
            key = (code, hashlib.sha256(path.read_bytes()).digest())
        except OSError:  # a file that cannot be read: let the app say so
            return compile_catalogue(path, code)
        if key not in kept:
            counted, logger = Counted(), logging.getLogger(i18n.__name__)
            logger.addHandler(counted)
            try:
                result = compile_catalogue(path, code)
            finally:
                logger.removeHandler(counted)
            if counted.count:
                return result
            kept[key] = result
        return kept[key]
    return compile_kept


i18n.compile_catalogue = compiled_once(i18n.compile_catalogue)


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of the shipped content, for breaking on purpose."""
    target = tmp_path / "content"
    shutil.copytree(paths.CONTENT, target)
    return target


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server of its own on a free port (Debian's package; scripts/test installs it).
    Yields (url, process). Under CI=true a missing redis-server fails the test instead of skipping it."""
    import os
    import socket
    import subprocess
    import time

    import redis
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (Debian package redis-server; scripts/test installs it as root)"
        pytest.fail(message) if os.environ.get("CI") == "true" else pytest.skip(message)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url, socket_timeout=1).ping()
                break
            except redis.ConnectionError:
                assert process.poll() is None, "redis-server did not start"
                time.sleep(0.05)
        yield url, process
    finally:
        process.kill()
        process.wait(timeout=10)
