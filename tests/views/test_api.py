"""The JSON API: documents, errors in one format, and the OpenAPI document."""
import pytest
from openapi_spec_validator import validate

from atrophy_pwa.core import schemas


def test_card_list(client, app):
    body = client.get("/api/v1/en/cards").json
    assert body["locale"] == "en"
    assert [c["slug"] for c in body["cards"]] == list(app.extensions["content"].cards)
    assert all(c["title"] and c["summary"] and c["url"].startswith("/en/cards/") for c in body["cards"])


def test_whole_card_has_sources_and_review_status(client, app):
    slug = next(iter(app.extensions["content"].cards))
    body = client.get(f"/api/v1/en/cards/{slug}").json
    assert schemas.CardOutSchema().validate(body) == {}
    assert body["sections"] and body["written_by"] == "the project team"
    assert body["clinical_review"] is None and body["changed"] < body["review_due"]
    assert "reviewed" not in body
    assert {"id", "publisher", "title"} <= set(body["sources"][0])
    assert "seed" not in body["sources"][0]


@pytest.mark.parametrize("url", ["/api/v1/en/cards/nope", "/api/v1/zz/cards", "/api/v1/zz/flow", "/api/v1/nothing"])
def test_not_found_uses_the_error_format(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert set(response.json["error"]) == {"code", "message", "details"}
    assert response.json["error"]["code"] == "not_found"


def test_wrong_method_is_405_with_error_format(client):
    response = client.delete("/api/v1/en/cards")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_flow_and_checklist_definitions(client):
    flow = client.get("/api/v1/en/flow").json
    assert [lv["code"] for lv in flow["levels"]] == list(schemas.LEVELS)
    checklist = client.get("/api/v1/en/checklist").json
    asked = {q["id"] for step in flow["steps"] for q in step["questions"]}
    assert checklist["signs"] and all(set(sign["implies"]) <= asked for sign in checklist["signs"])


def test_locales_and_emergency_numbers(client):
    locales = client.get("/api/v1/locales").json["locales"]
    assert locales[0] == {"code": "en", "name": "English", "dir": "ltr", "completeness": 1.0, "review": "source"}
    countries = {c["code"]: c for c in client.get("/api/v1/emergency-numbers").json["countries"]}
    assert countries["GB"]["emergency"] == "999" and countries["US"]["emergency"] == "911"


def test_openapi_document_is_valid_and_lists_every_endpoint(client, app):
    spec = client.get("/api/v1/openapi.json").json
    validate(spec)
    documented = set(spec["paths"])
    routes = {rule.rule.replace("<locale>", "{locale}").replace("<slug>", "{slug}")
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/") and "openapi" not in rule.rule}
    assert routes <= documented


def test_api_responses_are_cached(client, app):
    first = client.get("/api/v1/en/flow").get_data()
    app.extensions["locale_views"].clear()
    assert client.get("/api/v1/en/flow").get_data() == first


def test_openapi_document_enumerates_locales_slugs_and_question_ids(client, app):
    from atrophy_pwa.core import triage
    document = client.get("/api/v1/openapi.json").json
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/{locale}/cards/{slug}"]["get"]["parameters"]}
    assert parameters["locale"]["enum"] == list(app.extensions["catalogues"].locales)
    assert parameters["slug"]["enum"] == list(app.extensions["content"].cards)
    assert document["components"]["schemas"]["TriageRequest"]["additionalProperties"] is False
    answers = document["components"]["schemas"]["TriageRequest"]["properties"]["answers"]
    assert answers["additionalProperties"] is False
    assert list(answers["properties"]) == list(triage.questions(app.extensions["content"].flow))


def test_a_cards_sources_come_with_their_titles_meaning_in_the_locale(client):
    body = client.get("/api/v1/fr/cards/what-is-muscle-atrophy").get_json()
    cleveland = next(s for s in body["sources"] if s["id"] == "cleveland-clinic")
    assert cleveland["title"] == "Muscle Atrophy: Causes, Symptoms & Treatment"
    assert cleveland["meaning"] == "Atrophie musculaire : causes, symptômes et traitement"
    unnamed = next(s for s in body["sources"] if s["id"] == "symptom-guide")
    assert unnamed["publisher"] is None and unnamed.get("url") is None
