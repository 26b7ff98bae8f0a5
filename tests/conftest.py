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
