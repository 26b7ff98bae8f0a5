"""Static files under content-hashed names (`app.3f2c9a1b0d.css`), cached for a year as immutable.

Our own scripts (static/js/*.js, not vendor/) are sent minified by rJSmin: the comments and indentation
that explain them stay in the files on disk, for people; a phone gets the code as written without them,
about a third fewer bytes (brotli). A file's hashed name names the bytes it sends, so the precache, the
export and the tests that run a script under node all see those bytes (read())."""
import io
import re

import rjsmin
from flask import Blueprint, abort, current_app, send_file, send_from_directory

from .. import paths
from ..hashing import digest

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")
YEAR = 365 * 24 * 3600
bp = Blueprint("assets", __name__)


def minified(name: str) -> bool:
    """Whether static/<name> is sent minified: our own scripts; vendored ones are sent as they came."""
    return name.startswith("js/") and name.endswith(".js") and not name.startswith("js/vendor/")


def read(name: str) -> bytes:
    """The bytes static/<name> sends."""
    data = (paths.STATIC / name).read_bytes()
    return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8") if minified(name) else data


def sent_size(app, name: str) -> int:
    """How many bytes static/<name> sends."""
    scripts = app.extensions["minified_scripts"]
    return len(scripts[name]) if name in scripts else (paths.STATIC / name).stat().st_size


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
    hashes, scripts = current_app.extensions["asset_hashes"], current_app.extensions["minified_scripts"]
    match = HASHED.match(filename)
    if match and hashes.get(match["stem"] + match["ext"]) == match["hash"]:
        name = match["stem"] + match["ext"]
        if name in scripts:
            response = send_file(io.BytesIO(scripts[name]), download_name=name, max_age=YEAR, conditional=False,
                                 etag=False)
        else:
            response = send_from_directory(paths.STATIC, name, max_age=YEAR, conditional=False, etag=False)
        response.cache_control.immutable = True
        response.headers.pop("Last-Modified", None)
        response.headers.pop("Content-Disposition", None)
        return response
    if filename in scripts:
        return send_file(io.BytesIO(scripts[filename]), download_name=filename.rpartition("/")[2], max_age=0,
                         etag=hashes[filename])
    if filename in hashes:
        return send_from_directory(paths.STATIC, filename, max_age=0)
    abort(404)


def init_app(app):
    """Minify the scripts once, and name every file under static/ (in path order) by the bytes it sends."""
    names = sorted(p.relative_to(paths.STATIC).as_posix() for p in paths.STATIC.rglob("*") if p.is_file())
    scripts = app.extensions["minified_scripts"] = {name: read(name) for name in names if minified(name)}
    app.extensions["asset_hashes"] = {name: digest(scripts[name] if name in scripts else read(name), length=10)
                                      for name in names}
    app.jinja_env.globals["asset_url"] = asset_url
    app.register_blueprint(bp)
