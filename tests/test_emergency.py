"""Local emergency numbers: the region from ?region or Accept-Language, never a wrong country's number."""
import pytest


def result(client, query="", **headers):
    return client.post(f"/en/care{query}", data={"step": "0", "yes": ["fainting"]}, headers=headers).get_data(as_text=True)


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
    assert 'name="region"' in page and '<option value="GB">' in page
    for wrong in ("999", "911", "Call 112"):
        assert wrong not in page


def test_first_language_with_a_region_decides(client):
    page = result(client, **{"Accept-Language": "en-ZZ, en-US;q=0.5"})
    assert "Call your local emergency number" in page and "911" not in page


def test_choosing_a_region_on_the_result_keeps_the_answers(client):
    page = client.post("/en/care", data={"show": "result", "yes": ["fainting"], "region": "KE"}).get_data(as_text=True)
    assert 'data-disposition="emergency"' in page and "Call 999" in page


def test_home_banner_shows_local_number(client):
    assert "call 911 now" in client.get("/en/", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert "call your local emergency number now" in client.get("/en/").get_data(as_text=True)
