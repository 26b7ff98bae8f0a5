"""Static files under content-hashed names (`app.3f2c9a1b0d.css`), cached for a year as immutable."""
import re

from flask import Blueprint, abort, current_app, send_from_directory

from .. import paths
from ..hashing import file_digests

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")
YEAR = 365 * 24 * 3600
bp = Blueprint("assets", __name__)


def hashed_name(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def asset_url(name: str) -> str:
    """The hashed address of a file in static/."""
    hashes = current_app.extensions["asset_hashes"]
    if name not in hashes:
        raise KeyError(f"static/{name} does not exist")
    return f"/static/{hashed_name(name, hashes[name])}"


@bp.route("/static/<path:filename>")
def static(filename):
    """A static file: immutable under its hashed name; its plain name is for tools and is revalidated.

    Under its hashed name a file is never revalidated (a changed file gets a new name), so it is sent
    without validators or a file name: about 150 bytes less on each of a first visit's files."""
    hashes = current_app.extensions["asset_hashes"]
    match = HASHED.match(filename)
    if match and hashes.get(match["stem"] + match["ext"]) == match["hash"]:
        response = send_from_directory(paths.STATIC, match["stem"] + match["ext"], max_age=YEAR,
                                       conditional=False, etag=False)
        response.cache_control.immutable = True
        del response.headers["Last-Modified"], response.headers["Content-Disposition"]
        return response
    if filename in hashes:
        return send_from_directory(paths.STATIC, filename, max_age=0)
    abort(404)


def init_app(app):
    app.extensions["asset_hashes"] = file_digests(paths.STATIC)
    app.jinja_env.globals["asset_url"] = asset_url
    app.register_blueprint(bp)
