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
