"""Errors: JSON with the error format under /api/, a localised HTML page elsewhere. Never a bare 500."""
import logging

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def json_error(status: int, code: str, message: str, details=None):
    """The API's error format: {"error": {"code", "message", "details"}}."""
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    return response


def handle_http(error: HTTPException):
    code = (error.name or "error").lower().replace(" ", "_")
    if request.path.startswith("/api/"):
        response = json_error(error.code or 500, code, error.description or error.name)
    else:
        response = current_app.make_response((render_template("error.html", error=error), error.code))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value  # Allow on 405
    return response


def handle_unexpected(error: Exception):
    # Logged without the request body: a person's answers never reach the logs.
    log.exception("unexpected error on %s %s", request.method, request.path)
    return handle_http(InternalServerError())


def init_app(app):
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
