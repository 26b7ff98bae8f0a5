"""The condition cards and the pages around them: home, card list, one card, about."""
from flask import Blueprint, abort, current_app, g, redirect, render_template, url_for

from ..core import emergency
from .. import i18n
from ..serving.caching import cached

bp = Blueprint("cards", __name__, url_prefix="/<locale>")
bp.url_value_preprocessor(i18n.request_locale_from_url)
bp.url_defaults(i18n.add_locale_to_urls)
root = Blueprint("root", __name__)


def localised_cards() -> dict:
    return i18n.locale_view(current_app.extensions["content"], g.locale)["cards"]


def get_card(slug: str) -> dict:
    """The card in the request's locale, or 404."""
    card = localised_cards().get(slug)
    if card is None:
        abort(404)
    return card


@root.get("/")
def pick_language():
    """Send a person to their language, from Accept-Language (so a shared cache must key on it)."""
    response = redirect(url_for("cards.home", locale=i18n.negotiated_locale()), code=302)
    response.vary.add("Accept-Language")
    return response


@root.get("/healthz")
def healthz():
    """Liveness check for load balancers."""
    return {"status": "ok"}


@bp.get("/")
@cached(vary_region=True)
def home():
    """Home: the three things the app does."""
    return render_template("cards/home.html", cards=localised_cards(), numbers=emergency.for_request())


@bp.get("/cards/")
@cached()
def card_list():
    """Every card, in reading order."""
    return render_template("cards/list.html", cards=localised_cards())


def shows_help_box(slug: str, **_url_values) -> bool:
    """Only the cards with a "when to get help" box show the region's number."""
    return slug in current_app.extensions["content"].flow["help_box_cards"]


@bp.get("/cards/<slug>")
@cached(vary_region=shows_help_box)
def card(slug):
    """One card with its sources, and the "when to get help" box if it names a warning sign."""
    sources = i18n.locale_view(current_app.extensions["content"], g.locale)["sources"]
    found = get_card(slug)
    return render_template("cards/card.html", card=found, sources=[sources[s] for s in found["sources"]],
                           numbers=emergency.for_request())


@bp.get("/about")
@cached()
def about():
    """Sources, disclaimer, content version, languages."""
    content = current_app.extensions["content"]
    sources = i18n.locale_view(content, g.locale)["sources"]
    return render_template("cards/about.html", sources=sources.values(), content=content,
                           locales=current_app.extensions["catalogues"].locales.values())
