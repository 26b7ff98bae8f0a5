"""Which GET addresses the app has: the one list the response table, the export, the offline precache and
the tests read.

The routes are declared by the views (Flask's url map); a view that shows the region's emergency number
is marked by caching.cached(vary_region=...). This module expands every GET route over the locales and
the card slugs, once per app, and says for each address its locale (None for a global one), whether it
varies by region, and which precache group of the service worker keeps it (offline.py).
"""
from dataclasses import dataclass

from .assets import hashed_name

# GET routes that are not pages of the app, with why.
NOT_PAGES = {
    "root.pick_language": "a redirect chosen from Accept-Language: no page of its own",
    "root.healthz": "a load balancer's liveness check",
    "assets.static": "static files are listed under their hashed names (static_files)",
}
# A locale's addresses that a health worker keeps in every language (precache group "flows:<locale>"):
# the two flows, the JSON they run on and the home page, so the language can change mid-flow offline.
FLOW_PAGES = {"cards.home", "care.checklist", "care.care_start", "api.flow", "api.checklist", "api.cards"}
# A locale's addresses the device does not keep; every other one is precached with the locale.
NOT_PRECACHED = {
    "api.card": "each card's JSON is also in the locale's cards document, which is kept",
    "api.fhir_questionnaire": "for other systems, not for a person using the app",
    "offline.precache": "the list of what to keep: the service worker fetches it fresh",
}


class AddressError(Exception):
    """A GET route has a parameter whose values cannot be listed."""


@dataclass(frozen=True)
class Address:
    url: str
    endpoint: str
    locale: str | None          # None: the same for every locale (/sw.js, /api/v1/locales)
    varies_by_region: bool      # the page shows the region's emergency number
    precache: str | None        # "flows" or "locale": the group that keeps it offline; None: not kept

    @property
    def is_page(self) -> bool:
        """Whether a person opens it in the browser: an HTML page, not a document of the API or a file."""
        return not self.url.startswith("/api/") and "." not in self.url.rsplit("/", 1)[-1]


def listed(app) -> dict:
    """url -> Address for every GET page and document of every locale and card, built once per app."""
    if "addresses" not in app.extensions:
        app.extensions["addresses"] = expand(app, list(app.extensions["catalogues"].locales))
    return app.extensions["addresses"]


def expand(app, locales) -> dict:
    """url -> Address for every GET route but NOT_PAGES, for these locale codes and every card slug;
    a parameter other than locale and slug raises AddressError."""
    values = {"locale": locales, "slug": list(app.extensions["content"].cards)}
    found = {}
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            unknown = rule.arguments - values.keys()
            if unknown:
                raise AddressError(f"{rule.rule}: cannot list the values of {', '.join(sorted(unknown))}")
            choices = [{}]
            for name in sorted(rule.arguments):
                choices = [{**chosen, name: value} for chosen in choices for value in values[name]]
            varies = getattr(app.view_functions[rule.endpoint], "varies_by_region", False)
            for args in choices:
                url = rule.build(args, append_unknown=False)[1]
                locale = args.get("locale")
                group = None if locale is None or rule.endpoint in NOT_PRECACHED else \
                    "flows" if rule.endpoint in FLOW_PAGES else "locale"
                found[url] = Address(url, rule.endpoint, locale, bool(varies(**args) if callable(varies) else varies),
                                     group)
    return dict(sorted(found.items()))


def pages(app) -> list[str]:
    """Every GET page and document (static files aside), sorted."""
    return list(listed(app))


def static_files(app) -> list[str]:
    """The hashed address of every file in static/."""
    return ["/static/" + hashed_name(name, digest) for name, digest in app.extensions["asset_hashes"].items()]


def of_locale(app, code: str) -> list[Address]:
    """The addresses of one locale."""
    return [address for address in listed(app).values() if address.locale == code]


def varies_by_region(app) -> dict:
    """url -> whether its response depends on the region, for every page and static file."""
    return {**{url: a.varies_by_region for url, a in listed(app).items()}, **dict.fromkeys(static_files(app), False)}
