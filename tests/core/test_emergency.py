"""Local emergency numbers: the region from ?region or Accept-Language, never a wrong country's number."""
import re

import pytest

from page_text import text


def result(client, query="", **headers):
    return text(client.post(f"/en/care{query}", data={"step": "0", "yes": ["face_droop"]}, headers=headers).get_data(as_text=True))


def raw_result(client, query="", **headers):
    return client.post(f"/en/care{query}", data={"step": "0", "yes": ["face_droop"]}, headers=headers).get_data(as_text=True)


@pytest.mark.parametrize("language, number", [
    ("en-GB", "Call 999"), ("en-US", "Call 911"), ("hi-IN", "Call 112 (ambulance: 108)"),
    ("fr-FR,fr;q=0.9", "Call 112 (ambulance: 15)"), ("es-MX", "Call 911"), ("sw-KE", "Call 999"), ("pt-BR", "Call 192"),
])
def test_number_from_accept_language(client, language, number):
    assert number in result(client, **{"Accept-Language": language})


def test_region_parameter_wins_over_language(client):
    page = result(client, "?region=us", **{"Accept-Language": "en-GB"})
    assert "Call 911" in page and "999" not in page


@pytest.mark.parametrize("headers, query", [({"Accept-Language": "en"}, ""), ({"Accept-Language": "en-ZZ"}, ""),
                                            ({}, ""), ({"Accept-Language": "en-GB"}, "?region=XX")])
def test_unknown_region_says_local_number_and_offers_a_choice(client, headers, query):
    page = result(client, query, **headers)
    assert "Call your local emergency number" in page
    raw = raw_result(client, query, **headers)
    assert 'name="region"' in raw and '<option value="GB">' in raw
    # something to tap right under the heading: 112, said plainly, with the picker beside it, above the advice
    assert re.findall(r'href="tel:(\d+)"', raw) == ["112"]
    assert "We do not know your country. 112 reaches the emergency service from mobile phones in many countries." in page
    assert raw.index('data-disposition="emergency"') < raw.index('href="tel:112"') < raw.index('name="region"') \
        < raw.index("How soon:")
    for wrong in ("999", "911"):
        assert wrong not in page


def test_first_language_with_a_region_decides(client):
    page = result(client, **{"Accept-Language": "en-ZZ, en-US;q=0.5"})
    assert "Call your local emergency number" in page and "911" not in page


def test_choosing_a_region_on_the_result_keeps_the_answers(client):
    page = client.post("/en/care", data={"show": "result", "yes": ["fainting"], "region": "KE"}).get_data(as_text=True)
    assert 'data-disposition="emergency"' in page and "Call 999" in text(page)


def test_home_banner_shows_local_number(client):
    assert "Call 911 now if any of these happen:" in text(client.get("/en/", headers={"Accept-Language": "en-US"}).get_data(as_text=True))
    assert "Call your local emergency number now if any of these happen:" in text(client.get("/en/").get_data(as_text=True))


@pytest.mark.parametrize("url", ["/en/", "/en/cards/symptoms"])
def test_country_can_always_be_changed_without_javascript(client, url):
    """Known from the phone's language or not, the country picker is there (folded when known)."""
    for headers in ({"Accept-Language": "en-US"}, {}):
        page = client.get(url, headers=headers).get_data(as_text=True) if url == "/en/" else raw_result(client, **headers)
        assert 'name="region"' in page
    assert "Not in the United States? Change the country" in text(raw_result(client, **{"Accept-Language": "en-US"}))


@pytest.mark.parametrize("language, links", [
    ("en-GB", ["tel:999"]), ("hi-IN", ["tel:112", "tel:108"]), ("fr-FR", ["tel:112", "tel:15"])])
def test_every_number_shown_is_a_tap_to_call_link_with_big_buttons(client, language, links):
    page = raw_result(client, **{"Accept-Language": language})
    shown = set(re.findall(r'href="(tel:[0-9]+)"', page))
    assert shown == set(links)
    buttons = re.findall(r'class="app-button app-button--call" href="(tel:[0-9]+)"', page)
    assert buttons == links


def test_a_country_chosen_on_a_result_wins_over_the_one_in_the_address(client):
    page = client.post("/en/care?region=GB", data={"step": "0", "yes": ["face_droop"]}).get_data(as_text=True)
    action = re.search(r'<form class="app-region" method="post" action="([^"]*)"', page).group(1)
    assert action == "/en/care"  # the picker posts without ?region=GB, so the new choice counts
    chosen = client.post(action, data={"show": "result", "yes": ["fainting"], "region": "IN"}).get_data(as_text=True)
    assert "Call 112 (ambulance: 108) now" in text(chosen)
