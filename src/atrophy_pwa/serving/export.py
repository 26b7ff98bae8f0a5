"""A static copy of the whole app that any static host or CDN can serve: `atrophy-pwa export DIR`.

Every address a browser GETs is rendered in-process, as the service worker's precache is, and written
as a file: an address with a file extension (`/sw.js`, `/static/app.3f2c9a1b0d.css`,
`/en/manifest.webmanifest`) as that file, any other as `<address>/index.html`. That is the shape every
static host serves from its index files (Python's http.server, nginx, S3 website hosting, GitHub and
Cloudflare Pages, Netlify): `/en/about` answers with `en/about/index.html`, often after a redirect to
`/en/about/`, which the service worker expects. `/` is a page that picks the language in the browser.

In the export the checklist and the care flow run on the device (static/js/triage.js): a static host
cannot answer their forms, and `POST /api/v1/triage` is not there. `_headers` gives the live app's
headers in the format Netlify and Cloudflare Pages read; docs/OPERATIONS.md shows the same for other hosts.

The files are the bodies of the export app's response table (response_table.py), the same bytes its
server would send; with `precompressed`, each compressible file also gets `.br` (brotli 11) and `.gz`
(gzip 9) siblings from that table, for hosts that serve them (nginx gzip_static/brotli_static, Caddy).
"""
import json
import shutil
from pathlib import Path

from flask import render_template

from .. import create_app
from . import addresses
from .responses import SECURITY_HEADERS

MARKER = "atrophy-pwa-export.json"  # written last; a folder holding an export's own marker may be replaced
FORMAT = "atrophy-pwa export 1"  # the marker's "format"; with "files", the list of what the export wrote
NOT_FOUND = "no/such/page"  # an address the app does not know: its answer is the export's 404.html


class ExportError(Exception):
    """The export cannot be written where it was asked to go."""


def file_for(url: str) -> str:
    """The file path (relative, with /) that serves an address on a static host."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    if "." in path.rsplit("/", 1)[-1]:
        return path
    return path + "/index.html"


def headers_file(app) -> str:
    """The live app's response headers in the `_headers` format of Netlify and Cloudflare Pages."""
    security = [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    if app.config["HTTPS"]:
        security.append("  Strict-Transport-Security: max-age=63072000; includeSubDomains")
    lines = ["/*", *security, "/sw.js", "  Cache-Control: no-cache",
             "/static/*", "  Cache-Control: public, max-age=31536000, immutable",
             "/api/*", "  Content-Type: application/json; charset=utf-8"]
    return "\n".join(lines) + "\n"


def marker_problem(path: Path) -> str | None:
    """Why the file at path is not the marker an export writes (JSON naming FORMAT and the list of the
    files written), or None when it is."""
    try:
        marker = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:  # ValueError: not JSON, or not UTF-8
        return f"it cannot be read as JSON ({type(error).__name__})"
    if not isinstance(marker, dict) or marker.get("format") != FORMAT:
        return f"it names no {FORMAT!r} format"
    files = marker.get("files")
    if not isinstance(files, list) or not files or not all(isinstance(name, str) for name in files):
        return "it lists no files written"
    return None


def prepare(target: Path):
    """An empty folder at target; a previous export there is removed, anything else is refused."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file, not a folder")
    if target.exists() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise ExportError(f"{target} is not empty and holds no earlier export ({MARKER}); choose an empty folder")
        problem = marker_problem(target / MARKER)
        if problem:
            raise ExportError(f"{target} is not empty and its {MARKER} is not an export's marker ({problem}); "
                              "nothing was deleted: choose an empty folder")
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)


def write(target: Path, relative: str, body: bytes):
    path = target / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def export_app(test_config=None):
    """The app as the export renders it: its flow pages say that they need JavaScript there."""
    return create_app({**(test_config or {}), "STATIC_EXPORT": True, "RESPONSE_TABLE": True,
                       "RELOAD_TRANSLATIONS": False})


def table_entries(app, urls) -> dict:
    """url -> its entry in the app's response table (a request with no region); every one must be a 200."""
    table = app.extensions["response_table"]
    entries = {url: table.entry(url) for url in urls}
    failed = [url for url, entry in entries.items() if entry is None]
    if failed:
        raise ExportError(f"{', '.join(failed)}: not answered with 200, so not exported")
    return entries


def export(target, app, precompressed: bool = False) -> dict:
    """Write the whole app under target; returns what was written: files, bytes, locales, content version.

    With precompressed, a compressible file also gets its .br and .gz siblings."""
    target = Path(target)
    try:
        urls = addresses.pages(app) + addresses.static_files(app)
    except addresses.AddressError as error:
        raise ExportError(str(error)) from None
    entries = table_entries(app, urls)
    bodies = {url: entry.body for url, entry in entries.items()}
    bodies["/404.html"] = app.test_client().get(f"/{NOT_FOUND}").get_data()  # for hosts that show one
    with app.test_request_context():
        bodies["/"] = render_template("export/choose_language.html",
                                      languages=list(app.extensions["catalogues"].locales.values())).encode()
    prepare(target)
    for url, body in bodies.items():
        write(target, file_for(url), body)
    if precompressed:
        for url, entry in entries.items():
            if entry.compressible:
                write(target, file_for(url) + ".br", entry.variant("br")[2])
                write(target, file_for(url) + ".gz", entry.variant("gzip")[2])
    write(target, "_headers", headers_file(app).encode())
    files = [p for p in target.rglob("*") if p.is_file()]
    summary = {"files": len(files) + 1, "bytes": sum(p.stat().st_size for p in files),
               "locales": list(app.extensions["catalogues"].locales),
               "content_version": app.extensions["content"].version}
    marker = {"format": FORMAT, **summary, "files": sorted(str(p.relative_to(target)) for p in files)}
    write(target, MARKER, json.dumps(marker, indent=1).encode())
    return summary
