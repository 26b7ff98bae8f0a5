"""Local emergency numbers: which region a request is in, and that region's numbers.

The region comes from ?region=XX, else from the first Accept-Language tag that names a region.
A region we have no number for gives None: pages then say "your local emergency number" and
never show another country's number as if it were local.
"""
import unicodedata

from flask import current_app, g, request

from ..i18n import country_names


def known_region(code: str, countries=None) -> str | None:
    code = (code or "").strip().upper()
    return code if code in (current_app.extensions["content"].countries if countries is None else countries) else None


def region_from_accept_language(accept_language, countries=None) -> str | None:
    """The region of the first tag that names one (None if we have no number for it); countries
    defaults to the current app's (the response table passes its own, outside a request)."""
    for tag, _quality in accept_language:
        subtags = tag.replace("_", "-").split("-")[1:]
        region = next((s for s in subtags if len(s) == 2 and s.isalpha()), None)
        if region:
            return known_region(region, countries)
    return None


def request_region() -> str | None:
    """The region of this request, or None when we do not know it (or have no number for it)."""
    if "region" in request.values:
        return known_region(request.values.get("region", ""))
    return region_from_accept_language(request.accept_languages)


def numbers(region: str | None, locale: str) -> dict | None:
    """The region's numbers with its name in the page's language and the words for "in <country>"
    there ("au Canada": see country_names.py), or None."""
    if region is None:
        return None
    country = current_app.extensions["content"].countries[region]
    return {"region": region, "name": country_names.name(region, locale),
            "in_country": country_names.in_country(region, locale),
            "emergency": country["emergency"], "ambulance": country["ambulance"]}


def sort_key(name: str) -> str:
    """A name as it sorts in a list: accents set aside, so "États-Unis" comes among the E's."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()


def country_choices(locale: str) -> list[tuple[str, str]]:
    """(code, name in the page's language) for every region we have numbers for, sorted by name."""
    names = ((code, country_names.name(code, locale)) for code in current_app.extensions["content"].countries)
    return sorted(names, key=lambda pair: sort_key(pair[1]))


def for_request() -> dict | None:
    return numbers(request_region(), g.get("locale", "en"))
