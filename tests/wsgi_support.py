"""Helpers for tests of the layers in front of Flask (response_table.py, triage_layer.py): the app with
and without them, the requests that reach Flask, answer sets, and a check that two responses are the same."""
import gzip
import itertools
import random
import warnings

import brotli
import pytest

from atrophy_pwa import create_app

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}  # by Content-Encoding


class Counting:
    """Stands in for Flask behind a layer and records (method, path) of the requests that reach it."""

    def __init__(self, next_app):
        self.next_app, self.paths = next_app, []

    def __call__(self, environ, start_response):
        self.paths.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return self.next_app(environ, start_response)


@pytest.fixture(scope="module")
def layer_app():
    """The app as it runs: the response table and the triage layer in front of Flask."""
    return create_app({"TESTING": True})


@pytest.fixture(scope="module")
def flask_app():
    """The app as it was before the layers: Flask answers everything, and nothing comes from a cache."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Flask-Caching: CACHE_TYPE is set to NullCache")
        return create_app({"TESTING": True, "RESPONSE_TABLE": False, "TRIAGE_LAYER": False, "CACHE_TYPE": "NullCache"})


@pytest.fixture
def reaching_flask(layer_app):
    """(method, path) of each request that went past both layers into Flask itself."""
    from atrophy_pwa.serving.triage_layer import TriageLayer
    layer = layer_app.extensions["response_table"].next_app  # the table passes on to the triage layer
    assert isinstance(layer, TriageLayer)
    counting = Counting(layer.next_app)
    layer.next_app = counting
    yield counting.paths
    layer.next_app = counting.next_app


def answer_sets(question_ids):
    """No answer, each one alone (yes and no), every pair of yes answers, and 150 random sets."""
    rng = random.Random(14)
    sets = [{}] + [{q: value} for q in question_ids for value in (True, False)]
    sets += [{a: True, b: True} for a, b in itertools.combinations(question_ids, 2)]
    sets += [{q: rng.choice([True, False]) for q in rng.sample(question_ids, rng.randint(1, len(question_ids)))}
             for _ in range(150)]
    return sets


def same(ours, theirs, what):
    assert ours.status_code == theirs.status_code, what
    left_out = {"Content-Length", "Date"}
    assert sorted((k, v) for k, v in ours.headers.items() if k not in left_out) == \
        sorted((k, v) for k, v in theirs.headers.items() if k not in left_out), what
    assert DECODE[ours.headers.get("Content-Encoding")](ours.get_data()) == \
        DECODE[theirs.headers.get("Content-Encoding")](theirs.get_data()), what
    assert int(ours.headers["Content-Length"]) == len(ours.get_data()), what
