"""Helpers for tests of the layers in front of Flask (response_table.py, triage_layer.py)."""
import gzip

import brotli

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}  # by Content-Encoding


class Counting:
    """Stands in for Flask behind a layer and records (method, path) of the requests that reach it."""

    def __init__(self, flask):
        self.flask, self.paths = flask, []

    def __call__(self, environ, start_response):
        self.paths.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return self.flask(environ, start_response)
