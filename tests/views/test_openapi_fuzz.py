"""The JSON API against its own OpenAPI document, with schemathesis, in-process on the WSGI app.

Every response must be no 5xx and must match the document: status code, content type, headers and
body schema; a request the document rules out must not be accepted, and one it allows must be. The
document enumerates locales, slugs and question ids, so generated requests reach real data; the 200
answers are also checked with each real locale, slug and question id.
Examples are few and derandomized, so CI is repeatable.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from atrophy_pwa import create_app
from atrophy_pwa.core import triage

app = create_app({"TESTING": True})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
LOCALES = list(app.extensions["catalogues"].locales)
CONTENT = app.extensions["content"]

# Every check schemathesis has (positive_data_acceptance too: the document enumerates the locales, the
# card slugs and the question ids, so whatever it allows the server accepts).
CHECKS = None
# schemathesis sends requests' default Accept-Encoding (br, gzip) but its WSGI transport does not
# decompress, so ask for plain bodies; compression has its own tests in test_responses.py.
PLAIN = {"Accept-Encoding": "identity"}
# ...except for hand-over codes: a code ends in a check character, which JSON Schema cannot state, so a
# string the document allows may fail its check (a documented 400). Real codes are checked below.
CHECK_CHARACTER = {"/api/v1/handover": [positive_data_acceptance]}


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_operation_conforms_to_the_document(case):
    case.call_and_validate(headers=PLAIN, checks=CHECKS, excluded_checks=CHECK_CHARACTER.get(case.operation.path))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_document_conforms(locale):
    for path in ["/api/v1/{locale}/cards", "/api/v1/{locale}/flow", "/api/v1/{locale}/checklist",
                 "/api/v1/{locale}/offline-manifest", "/api/v1/{locale}/fhir/Questionnaire/care-flow"]:
        response = schema[path]["GET"].Case(path_parameters={"locale": locale}).call_and_validate(
            headers=PLAIN, checks=CHECKS)
        assert response.status_code == 200, path
    for slug in [*CONTENT.cards, "no-such-card"]:
        response = schema["/api/v1/{locale}/cards/{slug}"]["GET"].Case(
            path_parameters={"locale": locale, "slug": slug}).call_and_validate(headers=PLAIN, checks=CHECKS)
        assert response.status_code == (404 if slug == "no-such-card" else 200), slug


@pytest.mark.parametrize("question", list(triage.questions(CONTENT.flow)))
def test_triage_with_each_real_question_conforms(question):
    operation = schema["/api/v1/triage"]["POST"]
    for query in [{}, {"region": "GB", "locale": LOCALES[-1]}, {"region": "ZZ", "locale": "xx"}]:
        case = operation.Case(body={"answers": {question: True}}, query=query, media_type="application/json")
        response = case.call_and_validate(headers=PLAIN, checks=CHECKS)
        assert response.status_code == 200 and question in response.json()["reasons"] + response.json()["context"]


def test_real_handover_codes_conform():
    from atrophy_pwa.core import handover
    orders = app.extensions["handover_orders"]
    operation = schema["/api/v1/handover"]["POST"]
    for kind, ids in [("flow", []), ("flow", list(triage.questions(CONTENT.flow))[:3]),
                      ("checklist", [sign["id"] for sign in CONTENT.checklist["signs"]][:2])]:
        case = operation.Case(body={"code": handover.encode(orders, kind, ids)}, query={"region": "GB"},
                              media_type="application/json")
        assert case.call_and_validate(headers=PLAIN, checks=CHECKS).status_code == 200
