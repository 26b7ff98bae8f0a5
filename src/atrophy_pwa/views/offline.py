"""Offline use: the web app manifest, the service worker, its precache manifest and the offline page.

A locale's precache manifest lists every address that locale needs with no connection, each with a
revision (a hash of what the server sends for it) and its size in bytes. Pages are rendered in-process
once per process, as a request with no region gets them; since a page shows the emergency number of
the region it is fetched for, a page's revision also covers the numbers. The service worker script
carries a version made of every locale's manifest, so any change makes browsers install a new worker.
"""
import contextvars
import json
import threading

from flask import Blueprint, current_app, g, jsonify, render_template, url_for
from flask_babel import gettext as _

from ..core import emergency, schemas
from .. import i18n, paths
from ..hashing import digest
from ..serving import addresses, assets
from ..serving.assets import asset_url

bp = Blueprint("offline", __name__)
bp.url_value_preprocessor(i18n.request_locale_from_url)
bp.url_defaults(i18n.add_locale_to_urls)

THEME_COLOUR = "#0b5c4d"
BACKGROUND_COLOUR = "#ffffff"
ICONS = (  # file in static/, sizes, type, purpose
    ("icons/icon-192.png", "192x192", "image/png", "any"),
    ("icons/icon-512.png", "512x512", "image/png", "any"),
    ("icons/icon-maskable-512.png", "512x512", "image/png", "maskable"),
    ("icons/icon.svg", "any", "image/svg+xml", "any"),
)
_building = threading.Lock()
manifest_schema = schemas.OfflineManifestSchema()


def render_all(app, urls) -> dict:
    """url -> body, each rendered in-process as a request with no region would get it.

    Each request runs in an empty contextvars.Context: nested in the current request it would share
    that request's app context, and so its `g` (the locale) and flask-babel's cached locale.
    """
    client = app.test_client(use_cookies=False)
    bodies = {}
    for url in urls:
        response = contextvars.Context().run(client.get, url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}, so it cannot be precached")
        bodies[url] = response.get_data()
    return bodies


def flows_group(code: str) -> str:
    """The group of a locale's flow pages: kept with the locale, and for a health worker in every locale."""
    return f"flows:{code}"


def precache_entry(url: str, body: bytes, group: str, *covers) -> dict:
    return {"url": url, "revision": digest(body, *covers), "size": len(body), "group": group}


def entries(app, code: str) -> list[dict]:
    """The precache entries of one locale: the shell every locale shares (group "shell"), then its own:
    its flows (group "flows:<locale>", which a health worker keeps in every language) and the rest
    (group "<locale>"). A device that keeps the locale keeps both of its groups.

    The shell holds every language's small offline page, so a page asked for in a language not saved
    yet says "you are offline" (and how to get that language) in that language, not in another.
    A page's revision also covers the emergency numbers: the worker fetches it with the device's region.
    """
    static = [{"url": asset_url(name), "revision": sha, "size": assets.sent_size(app, name), "group": "shell"}
              for name, sha in app.extensions["asset_hashes"].items()]
    numbers = digest(json.dumps(app.extensions["content"].countries, sort_keys=True, default=str))
    offline_pages = [url_for("offline.page", locale=other) for other in app.extensions["catalogues"].locales]
    shared = render_all(app, [url_for("api.emergency_numbers")] + offline_pages)
    kept = [a for a in addresses.of_locale(app, code) if a.precache and a.url not in offline_pages]
    own = render_all(app, [a.url for a in kept])
    return static + [precache_entry(url, body, "shell") for url, body in shared.items()] + \
        [precache_entry(a.url, own[a.url], flows_group(code) if a.precache == "flows" else code, numbers) for a in kept]


def precache_manifest(code: str) -> dict:
    """The precache manifest of one locale, built on first use and kept for the life of the process."""
    app = current_app._get_current_object()
    built = app.extensions.setdefault("precache_manifests", {})
    with _building:
        if code not in built:
            listed = entries(app, code)
            content = app.extensions["content"]
            built[code] = {
                "locale": code, "version": digest(json.dumps(listed)),
                "content_version": content.version, "content_date": content.last_changed,
                "size": sum(e["size"] for e in listed),
                "locale_size": sum(e["size"] for e in listed if e["group"] in (code, flows_group(code))),
                "flows_size": sum(e["size"] for e in listed if e["group"] == flows_group(code)),
                "entries": listed,
            }
    return built[code]


@bp.app_template_global()
def emergency_country(code: str) -> dict:
    """One region's numbers (code, name, emergency, ambulance)."""
    return current_app.extensions["content"].countries[code]


@bp.app_template_global()
def offline_countries():
    """(code, name) of every region with numbers, for the on-device care flow's country choice."""
    return emergency.country_choices(g.get("locale", i18n.SOURCE_LOCALE))


@bp.get("/sw.js")
def service_worker():
    """The service worker script, headed by the version of everything it precaches."""
    source = (paths.SERVICE_WORKER / "sw.js").read_bytes()
    codes = list(current_app.extensions["catalogues"].locales)
    version = digest(source, *(precache_manifest(code)["version"] for code in codes))
    response = current_app.response_class(f'const VERSION = "{version}";\n'.encode() + source,
                                          mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/api/v1/<locale>/offline-manifest")
def precache():
    """Every address this locale needs offline with its revision and size, and a version for the set."""
    response = jsonify(manifest_schema.dump(precache_manifest(g.locale)))
    response.cache_control.no_cache = True
    return response


@bp.get("/<locale>/manifest.webmanifest")
def manifest():
    """The web app manifest, in the page's language."""
    info = current_app.extensions["catalogues"].locales[g.locale]
    body = {
        "id": "/", "start_url": url_for("cards.home"), "scope": "/",
        "name": _("Muscle atrophy guide"), "short_name": _("Atrophy guide"),
        "description": _("Plain facts about muscle atrophy, a symptom checklist and when to get care. Works offline."),
        "lang": g.locale.replace("_", "-"), "dir": info.dir, "display": "standalone",
        "theme_color": THEME_COLOUR, "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": asset_url(name), "sizes": sizes, "type": kind, "purpose": purpose}
                  for name, sizes, kind, purpose in ICONS],
    }
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/<locale>/offline")
def page():
    """What shows when a page is not saved on this device and there is no connection."""
    return render_template("offline/page.html")
