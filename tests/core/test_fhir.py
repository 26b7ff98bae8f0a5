"""FHIR R4 for clinics (fhir.py): the care flow as a Questionnaire in every locale, valid by the
`fhir.resources` models, and QuestionnaireResponses to it, which POST /api/v1/triage answers exactly as
it answers the same yes/no answers sent plainly (one rule, one result); bad ones get a 400 naming the
field. fhir.resources 8 keeps R4's Questionnaire and QuestionnaireResponse as R4B (4.3, the same
resources as R4 4.0.1: R4B changed no element of either)."""
import json
import logging
import tomllib
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from atrophy_pwa.core import fhir, triage
from wsgi_support import DECODE, Counting, answer_sets, flask_app, layer_app, same  # noqa: F401 (fixtures: the same two apps)

STORIES = tomllib.loads((Path(__file__).resolve().parent.parent / "guidance_stories.toml").read_text(encoding="utf-8"))["stories"]
QUESTIONNAIRE = "/api/v1/{}/fhir/Questionnaire/care-flow"


@pytest.fixture(scope="module")
def flow(layer_app):
    return layer_app.extensions["content"].flow


def response_to(flow, answers: dict, hints=False, texts=False, version=True) -> dict:
    """A QuestionnaireResponse answering the care-flow Questionnaire with `answers` ({id: bool}), one
    group per step with an answer, in the flow's order (as a FHIR form would send it)."""
    groups = []
    for step in flow["steps"]:
        items = [{"linkId": fhir.hint_id(step)}] if hints and step.get("hint") else []
        for question in step["questions"]:
            if question["id"] in answers:
                item = {"linkId": question["id"], "answer": [{"valueBoolean": answers[question["id"]]}]}
                items.append({**item, "text": question["text"]} if texts else item)
        if items:
            groups.append({"linkId": step["id"], "item": items, **({"text": step["title"]} if texts else {})})
    body = {"resourceType": "QuestionnaireResponse", "status": "completed",
            "questionnaire": f"{fhir.URL}|{flow['version']}" if version else fhir.URL}
    return {**body, "item": groups} if groups else body


def test_the_questionnaire_is_valid_fhir_and_says_the_flow_in_every_locale(layer_app, flow):
    client = layer_app.test_client()
    locales = list(layer_app.extensions["catalogues"].locales)
    assert len(locales) == 7
    for locale in locales:
        response = client.get(QUESTIONNAIRE.format(locale))
        assert response.status_code == 200 and response.mimetype == "application/fhir+json", locale
        document = json.loads(response.get_data())
        resource = Questionnaire.model_validate(document)  # raises on anything R4 does not allow
        assert (resource.id, resource.url, resource.version, resource.status, resource.language) == \
            ("care-flow", fhir.URL, flow["version"], "active", locale)
        assert resource.title and resource.description
        localised = client.get(f"/api/v1/{locale}/flow").json
        assert [group["linkId"] for group in document["item"]] == [step["id"] for step in flow["steps"]]
        for group, step in zip(document["item"], localised["steps"]):
            assert group["type"] == "group" and group["text"] == step["title"]
            hint = [item for item in group["item"] if item["type"] == "display"]
            assert [item["text"] for item in hint] == ([step["hint"]] if step.get("hint") else [])
            questions = [item for item in group["item"] if item["type"] != "display"]
            # linkIds are our question ids in every language; the text is the question in the locale
            assert [(q["linkId"], q["type"], q["text"]) for q in questions] == \
                [(q["id"], "boolean", q["text"]) for q in step["questions"]]
        assert "enableWhen" not in json.dumps(document)  # the result never depends on which steps were asked


def test_the_questionnaire_is_served_and_cached_as_the_other_api_documents(layer_app, flask_app):
    english = layer_app.test_client().get(QUESTIONNAIRE.format("en"), headers={"Accept-Encoding": "br"})
    assert english.headers["Content-Encoding"] == "br" and english.headers["ETag"]
    flask_answer = flask_app.test_client().get(QUESTIONNAIRE.format("en"), headers={"Accept-Encoding": "br"})
    assert DECODE["br"](english.get_data()) == DECODE["br"](flask_answer.get_data())
    assert layer_app.test_client().get(QUESTIONNAIRE.format("en"), headers={
        "Accept-Encoding": "br", "If-None-Match": english.headers["ETag"]}).status_code == 304
    assert QUESTIONNAIRE.format("ar") in layer_app.extensions["response_table"].list_addresses()
    arabic = json.loads(flask_app.test_client().get(QUESTIONNAIRE.format("ar")).get_data())
    assert arabic["language"] == "ar" and arabic["title"] != json.loads(DECODE["br"](english.get_data()))["title"]


@pytest.mark.parametrize("url", [QUESTIONNAIRE.format("zz"), "/api/v1/en/fhir/Questionnaire/other",
                                 "/api/v1/en/fhir/Questionnaire/care-flow/x"])
def test_an_unknown_locale_or_questionnaire_is_a_json_404(layer_app, url):
    response = layer_app.test_client().get(url)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def every_answer_set(flow):
    ids = sorted(triage.questions(flow))
    return answer_sets(ids) + [{q: True for q in story["flow"]} for story in STORIES] + \
        [{q: q in story["flow"] for q in ids} for story in STORIES]  # every question answered, yes or no


def test_a_questionnaire_response_gets_the_same_result_as_the_plain_answers(layer_app, flow):
    client = layer_app.test_client()
    queries = ["", "?region=IN", "?locale=ar&region=EG", "?locale=hi", "?region=ZZ"]
    languages = ["en-US", "fr-FR", "sw-KE", "", "hi-IN"]
    sets = every_answer_set(flow)
    assert len(sets) > 600
    for n, answers in enumerate(sets):
        query, sent = queries[n % len(queries)], {"Accept-Language": languages[n % len(languages)]}
        body = response_to(flow, answers, hints=n % 2 == 0, texts=n % 3 == 0, version=n % 4 != 0)
        if n % 25 == 0:
            QuestionnaireResponse.model_validate(body)  # what we send is valid R4 (the models are slow: a sample)
        plain = client.post(f"/api/v1/triage{query}", json={"answers": answers}, headers=sent)
        as_fhir = client.post(f"/api/v1/triage{query}", data=json.dumps(body), headers=sent,
                              content_type="application/fhir+json" if n % 2 else "application/json")
        assert as_fhir.status_code == 200 and as_fhir.json == plain.json, (answers, query, sent)
    for story in STORIES:  # and the guidance stories still get their level through FHIR
        body = response_to(flow, {q: True for q in story["flow"]})
        assert client.post("/api/v1/triage", json=body).json["disposition"] == story["level"], story["id"]


def test_a_questionnaire_response_is_answered_by_flask_behind_the_triage_layer(layer_app, flask_app, flow):
    """The fast layer takes only {"answers": ...}: a QuestionnaireResponse goes to Flask, and the answer
    is the one a Flask-only app gives."""
    layer = layer_app.extensions["response_table"].next_app
    counting = Counting(layer.next_app)
    layer.next_app = counting
    try:
        for n, answers in enumerate(every_answer_set(flow)[::15]):
            body = json.dumps(response_to(flow, answers)).encode()
            sent = {"Accept-Encoding": "gzip, br", "Accept-Language": "fr-FR"}
            for content_type in ("application/json", "application/fhir+json"):
                ours = layer_app.test_client().post("/api/v1/triage", data=body, content_type=content_type,
                                                    headers=sent)
                same(ours, flask_app.test_client().post("/api/v1/triage", data=body, content_type=content_type,
                                                        headers=sent), answers)
                assert ours.status_code == 200
        assert counting.paths and set(counting.paths) == {("POST", "/api/v1/triage")}
    finally:
        layer.next_app = counting.next_app


def test_a_question_answered_twice_counts_yes_if_either_answer_is_yes(layer_app, flow):
    body = response_to(flow, {"numbness_slow": False})
    for first, then in ((False, True), (True, False)):
        body["item"] = body["item"][:1] + [{"linkId": "emergency-signs", "item": [
            {"linkId": "paralysis", "answer": [{"valueBoolean": first}]},
            {"linkId": "paralysis", "answer": [{"valueBoolean": then}]}]}]
        result = layer_app.test_client().post("/api/v1/triage", json=body).json
        assert result["disposition"] == "emergency" and result["reasons"] == ["paralysis"], (first, then)


def test_no_items_and_unanswered_questions_count_as_no(layer_app, flow):
    client = layer_app.test_client()
    plain = client.post("/api/v1/triage", json={"answers": {}}).json
    assert plain["disposition"] == "self_care"
    assert client.post("/api/v1/triage", json=response_to(flow, {})).json == plain
    unanswered = response_to(flow, {"paralysis": True})
    del unanswered["item"][0]["item"][0]["answer"]
    assert client.post("/api/v1/triage", json=unanswered).json == plain
    group_only = {**response_to(flow, {}), "item": [{"linkId": "emergency-signs"}], "status": "in-progress",
                  "id": "x", "subject": {"reference": "Patient/1"}, "authored": "2026-01-01"}
    assert client.post("/api/v1/triage", json=group_only).json == plain


def answered(value, link="face_droop", group="emergency-signs"):
    return {"resourceType": "QuestionnaireResponse", "questionnaire": fhir.URL, "status": "completed",
            "item": [{"linkId": group, "item": [{"linkId": link, "answer": value}]}]}


GOOD = answered([{"valueBoolean": True}])
BAD = [
    ({**GOOD, "resourceType": "Patient"}, "resourceType"),
    ({k: v for k, v in GOOD.items() if k != "resourceType"}, "resourceType"),  # sent as application/fhir+json
    ({**GOOD, "questionnaire": "https://example.org/Questionnaire/phq-9"}, "questionnaire"),
    ({**GOOD, "questionnaire": fhir.URL + "|2"}, "questionnaire"),
    ({**GOOD, "questionnaire": 3}, "questionnaire"),
    ({k: v for k, v in GOOD.items() if k != "questionnaire"}, "questionnaire"),
    ({**GOOD, "status": "entered-in-error"}, "status"),
    ({k: v for k, v in GOOD.items() if k != "status"}, "status"),
    ({**GOOD, "item": []}, "item"),
    ({**GOOD, "item": {"linkId": "emergency-signs"}}, "item"),
    ({**GOOD, "item": ["emergency-signs"]}, "item[0]"),
    ({**GOOD, "item": [{"linkId": "no-such-step"}]}, "item[0].linkId"),
    ({**GOOD, "item": [{"linkId": "face_droop", "answer": [{"valueBoolean": True}]}]}, "item[0].answer"),
    ({**GOOD, "item": [{"linkId": "emergency-signs", "item": []}]}, "item[0].item"),
    (answered([{"valueBoolean": True}], link="no_such_question"), "item[0].item[0].linkId"),
    (answered([{"valueBoolean": True}], link="numbness_slow"), "item[0].item[0].linkId"),  # another step's question
    (answered([{"valueBoolean": True}], link="emergency-signs"), "item[0].item[0].linkId"),
    (answered([{"valueBoolean": True}], link="emergency-signs.hint"), "item[0].item[0].answer"),
    (answered([{"valueString": "yes"}]), "item[0].item[0].answer[0].valueString"),
    (answered([{"valueString": "yes"}]), "item[0].item[0].answer[0].valueBoolean"),
    (answered([{"valueBoolean": "true"}]), "item[0].item[0].answer[0].valueBoolean"),
    (answered([{"valueBoolean": 1}]), "item[0].item[0].answer[0].valueBoolean"),
    (answered([{"valueCoding": {"code": "Y"}}]), "item[0].item[0].answer[0].valueCoding"),
    (answered([{"valueBoolean": True}, {"valueBoolean": False}]), "item[0].item[0].answer"),
    (answered([]), "item[0].item[0].answer"),
    (answered(True), "item[0].item[0].answer"),
    (answered([True]), "item[0].item[0].answer[0]"),
    ({**GOOD, "item": [{**GOOD["item"][0], "item": [{**GOOD["item"][0]["item"][0], "modifierExtension": []}]}]},
     "item[0].item[0].modifierExtension"),
    ({**GOOD, "item": [{**GOOD["item"][0], "item": [{**GOOD["item"][0]["item"][0], "item": []}]}]},
     "item[0].item[0].item"),
]


@pytest.mark.parametrize("body, field", BAD)
def test_a_bad_questionnaire_response_is_a_400_naming_the_field(layer_app, flask_app, body, field):
    for app in (layer_app, flask_app):
        for content_type in ("application/fhir+json", "application/json"):
            if field == "resourceType" and "resourceType" not in body and content_type == "application/json":
                continue  # without a resourceType, application/json means the plain {"answers": ...} body
            response = app.test_client().post("/api/v1/triage", data=json.dumps(body), content_type=content_type)
            assert response.status_code == 400, (body, content_type)
            error = response.json["error"]
            assert error["code"] == "invalid_questionnaire_response" and field in error["details"], error
            assert all(isinstance(messages, list) and messages for messages in error["details"].values())


@pytest.mark.parametrize("data", [b"[1, 2]", b'"QuestionnaireResponse"', b'{"resourceType": ',
                                  b"[" * 5000 + b"]" * 5000])
def test_fhir_json_that_is_not_an_object_is_a_400(layer_app, data):
    response = layer_app.test_client().post("/api/v1/triage", data=data, content_type="application/fhir+json")
    assert response.status_code == 400 and "body" in response.json["error"]["details"]


def test_the_good_response_of_the_bad_list_is_answered(layer_app):
    """The bodies above are bad only where they were changed."""
    assert layer_app.test_client().post("/api/v1/triage", json=GOOD).json["reasons"] == ["face_droop"]


def test_nothing_of_a_questionnaire_response_is_logged_or_kept(layer_app, flow, caplog):
    caplog.set_level(logging.DEBUG)
    body = {**response_to(flow, {"paralysis": True, "fall_hurt": True}), "subject": {"display": "Amina Diallo"}}
    client = layer_app.test_client()
    assert client.post("/api/v1/triage", json=body).status_code == 200
    assert client.post("/api/v1/triage", json={**body, "status": "entered-in-error"}).status_code == 400
    assert "Amina" not in caplog.text and "paralysis" not in caplog.text
    kept = layer_app.extensions["triage_results"]
    assert all(len(key) == 3 and key[2] in triage.RANK for key in kept)  # (locale, region, level) only
