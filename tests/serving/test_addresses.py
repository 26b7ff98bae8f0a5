"""addresses.py: the one list of GET addresses the table, the export, the precache and the tests read."""
import pytest
from flask import Blueprint

from atrophy_pwa import create_app
from atrophy_pwa.serving import addresses


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True})


def test_every_get_route_is_listed_for_every_locale_and_card_or_named_as_no_page(app):
    listed = addresses.listed(app)
    locales, cards = list(app.extensions["catalogues"].locales), list(app.extensions["content"].cards)
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert routes == {a.endpoint for a in listed.values()} | set(addresses.NOT_PAGES)
    assert len([a for a in listed.values() if a.endpoint == "cards.card"]) == len(locales) * len(cards)
    assert {a.locale for a in listed.values()} == {None, *locales}
    assert sorted(a.url for a in listed.values() if a.locale is None) == \
        ["/api/v1/emergency-numbers", "/api/v1/locales", "/api/v1/openapi.json", "/sw.js"]
    assert not any(url.startswith("/static/") for url in listed)


def test_a_locale_s_precache_groups(app):
    """What a device keeps of a locale: the same pages as before this list had one home."""
    groups = {a.url: a.precache for a in addresses.of_locale(app, "fr")}
    cards = [f"/fr/cards/{slug}" for slug in app.extensions["content"].cards]
    flows = ["/fr/", "/fr/checklist", "/fr/care", "/api/v1/fr/flow", "/api/v1/fr/checklist", "/api/v1/fr/cards"]
    kept = ["/fr/cards/", "/fr/about", "/fr/handover", "/fr/offline", "/fr/manifest.webmanifest", *cards]
    assert sorted(url for url, group in groups.items() if group == "flows") == sorted(flows)
    assert sorted(url for url, group in groups.items() if group == "locale") == sorted(kept)
    assert all(groups[f"/api/v1/fr/cards/{slug}"] is None for slug in app.extensions["content"].cards)
    assert groups["/api/v1/fr/offline-manifest"] is None
    assert [url for url, a in addresses.listed(app).items() if a.is_page and a.locale == "fr"] == \
        sorted(["/fr/", "/fr/checklist", "/fr/care", "/fr/cards/", "/fr/about", "/fr/handover", "/fr/offline", *cards])


def test_a_route_whose_values_cannot_be_listed_is_refused():
    app = create_app({"TESTING": True})
    extra = Blueprint("extra", __name__)
    extra.add_url_rule("/things/<int:number>", "thing", lambda number: "")
    app.register_blueprint(extra)
    with pytest.raises(addresses.AddressError, match="number"):
        addresses.listed(app)
