"""Each language's offline page is precached with the shell, so it is there before the language is."""
import json

from atrophy_pwa import i18n


def manifest(client, code):
    return json.loads(client.get(f"/api/v1/{code}/offline-manifest").get_data())


def test_every_manifest_carries_every_languages_offline_page_in_the_shell(app, client):
    codes = list(app.extensions["catalogues"].locales)
    for code in codes:
        entries = manifest(client, code)["entries"]
        shell = {e["url"] for e in entries if e["group"] == "shell"}
        own = {e["url"] for e in entries if e["group"] == code}
        assert {f"/{other}/offline" for other in codes} <= shell, code
        assert f"/{code}/offline" not in own, code


def test_the_offline_page_speaks_the_language_asked_for_and_says_how_to_get_it(client):
    for code, heading in [("sw", "You are offline"), ("fr", "You are offline")]:
        page = client.get(f"/{code}/offline").get_data(as_text=True)
        assert f'<html lang="{code}"' in page
        assert heading not in page
    english = client.get("/en/offline").get_data(as_text=True)
    assert "If this language is not saved on this device yet" in english and i18n.SOURCE_LOCALE == "en"


def test_each_locales_flows_are_a_group_of_their_own_that_a_health_worker_keeps_in_every_language(app, client):
    """The flows (both flow pages, the home page and the JSON they run on) are the group flows:<locale>:
    a health worker's device keeps that group of every language; the rest stays in the locale's group."""
    for code in app.extensions["catalogues"].locales:
        listed = manifest(client, code)
        flows = {e["url"] for e in listed["entries"] if e["group"] == f"flows:{code}"}
        rest = {e["url"] for e in listed["entries"] if e["group"] == code}
        assert flows == {f"/{code}/", f"/{code}/care", f"/{code}/checklist",
                         f"/api/v1/{code}/flow", f"/api/v1/{code}/checklist", f"/api/v1/{code}/cards"}, code
        assert {f"/{code}/about", f"/{code}/cards/"} <= rest and not flows & rest, code
        assert {e["group"] for e in listed["entries"]} == {"shell", code, f"flows:{code}"}, code
        assert listed["flows_size"] == sum(e["size"] for e in listed["entries"] if e["url"] in flows), code
        assert listed["locale_size"] == sum(e["size"] for e in listed["entries"] if e["url"] in flows | rest), code


def test_the_offline_page_is_no_dead_end(app, client):
    """It shows the emergency signs with the number (this device's, put in by emergency.js, else the
    country picker) and links to every language's saved flows, not only to itself."""
    codes = list(app.extensions["catalogues"].locales)
    page = client.get("/hi/offline").get_data(as_text=True)
    assert 'data-module="emergency-number"' in page and '<select id="region" name="region">' in page
    assert 'data-module="saved-pages"' in page
    for code in codes:
        for path in (f"/{code}/care", f"/{code}/checklist", f"/{code}/"):
            assert f'<a href="{path}" hreflang="{code}">' in page, path
