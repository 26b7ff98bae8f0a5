"""Helpers for tests of the layers in front of Flask (response_table.py, triage_layer.py): the app with
and without them, answer sets, and a check that two responses are the same."""
import gzip
import itertools
import random

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
    return create_app({"TESTING": True})


@pytest.fixture(scope="module")
def flask_app():
    return create_app({"TESTING": True, "RESPONSE_TABLE": False, "TRIAGE_LAYER": False})


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
