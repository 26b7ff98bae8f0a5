import shutil

import pytest

from atrophy_pwa import create_app, paths


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
