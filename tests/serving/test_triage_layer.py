"""The triage layer (triage_layer.py): POST /api/v1/triage answered in front of Flask gives exactly
what Flask gives, for every kind of request; what it cannot answer reaches Flask unchanged."""
import json

import flask
import pytest

from atrophy_pwa import create_app
from atrophy_pwa.core import triage
from atrophy_pwa.serving.response_table import ResponseTable
from atrophy_pwa.serving.triage_layer import TriageLayer
from wsgi_support import DECODE, answer_sets, flask_app, layer_app, reaching_flask, same  # noqa: F401 (fixtures)



@pytest.fixture(scope="module")
def question_ids(layer_app):
    return sorted(triage.questions(layer_app.extensions["content"].flow))


def test_every_answer_set_gets_flask_s_answer_without_entering_flask(layer_app, flask_app, question_ids,
                                                                    reaching_flask):
    ours, theirs = layer_app.test_client(), flask_app.test_client()
    headers = [{}, {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "fr-FR,fr;q=0.9"},
               {"Accept-Encoding": "gzip", "Accept-Language": "ar-EG"}, {"Accept-Language": "hi-IN, en-GB;q=0.5"},
               {"Accept-Language": "sw-KE", "Accept-Encoding": "br;q=0.5, gzip"}, {"Accept-Language": "xx-ZZ"}]
    for n, answers in enumerate(answer_sets(question_ids)):
        sent = headers[n % len(headers)]
        mine = ours.post("/api/v1/triage", json={"answers": answers}, headers=sent)
        same(mine, theirs.post("/api/v1/triage", json={"answers": answers}, headers=sent), (answers, sent))
        assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store"
    assert len(reaching_flask) == 1  # only the layer's own first request, for Flask's headers


@pytest.mark.parametrize("query", ["locale=fr", "region=IN", "locale=ar&region=EG", "locale=xx", "region=ZZ",
                                   "region=", "locale=", "locale=pt&region=br"])
def test_locale_and_region_in_the_address_are_read_as_flask_reads_them(layer_app, flask_app, query):
    body = {"answers": {"face_droop": True, "recent_inactivity": True}}
    for accept_language in ("en-US", "fr-FR", ""):
        sent = {"Accept-Language": accept_language, "Accept-Encoding": "br"}
        ours = layer_app.test_client().post(f"/api/v1/triage?{query}", json=body, headers=sent)
        same(ours, flask_app.test_client().post(f"/api/v1/triage?{query}", json=body, headers=sent),
             (query, accept_language))


def test_the_emergency_result_shows_the_region_s_number_on_the_fast_path(layer_app, reaching_flask):
    countries = layer_app.extensions["content"].countries
    client = layer_app.test_client()
    client.post("/api/v1/triage", json={"answers": {}})
    reaching_flask.clear()
    for region in ("FR", "IN", "US", "KE"):
        result = client.post("/api/v1/triage", json={"answers": {"paralysis": True, "balance_falls": True}},
                             headers={"Accept-Language": f"en-{region}"}).json
        assert result["disposition"] == "emergency" and result["reasons"] == ["paralysis"]
        assert result["emergency_number"]["emergency"] == countries[region]["emergency"]
        assert "not a diagnosis" in result["disclaimer"]
    unknown = client.post("/api/v1/triage", json={"answers": {"paralysis": True}},
                          headers={"Accept-Language": "en-ZZ"}).json
    assert unknown["emergency_number"] is None
    assert reaching_flask == []


BAD = [
    (b'{"answers": {', "application/json"),                       # not JSON
    (b'[1, 2]', "application/json"),                               # not an object
    (b'{"answers": {"face_droop": "yes"}}', "application/json"),   # not a boolean
    (b'{"answers": {"face_droop": 1}}', "application/json"),
    (b'{"answers": {"no_such_question": true}}', "application/json"),
    (b'{"answers": {}, "extra": 1}', "application/json"),
    (b'{"answers": []}', "application/json"),
    (b'{}', "application/json"),
    (b'', "application/json"),
    (b'{"answers": {"face_droop": true}}', "text/plain"),
    (b'{"answers": {"face_droop": true}}', "application/problem+json"),   # JSON for Flask, not for the layer
    (b'{"answers": {"face_droop": true}}', "application/json; charset=utf-8"),
    ('{"answers": {"face_droop": true}}'.encode("utf-16"), "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"[" * 5000 + b"]" * 5000, "application/json"),
    (json.dumps({"answers": {}, "pad": "x" * 70_000}).encode(), "application/json"),   # over the limit
]


@pytest.mark.parametrize("body, content_type", BAD)
def test_what_the_layer_does_not_take_gets_flask_s_answer(layer_app, flask_app, body, content_type):
    ours = layer_app.test_client().post("/api/v1/triage", data=body, content_type=content_type)
    same(ours, flask_app.test_client().post("/api/v1/triage", data=body, content_type=content_type), body[:40])
    assert ours.status_code < 500


def test_errors_are_answered_by_flask_with_the_body_as_sent(layer_app, reaching_flask):
    client = layer_app.test_client()
    client.post("/api/v1/triage", json={"answers": {}})
    reaching_flask.clear()
    error = client.post("/api/v1/triage", json={"answers": {"face_droop": "yes", "nope": True}})
    assert error.status_code == 400 and set(error.json["error"]["details"]["answers"]) == {"face_droop"}
    unknown = client.post("/api/v1/triage", json={"answers": {"nope": True}})
    assert unknown.status_code == 400 and unknown.json["error"]["details"] == {"answers": {"nope": ["Unknown question id."]}}
    assert client.post("/api/v1/triage?utm=x", json={"answers": {}}).status_code == 200
    assert client.get("/api/v1/triage").status_code == 405
    assert len(reaching_flask) == 4


def test_the_layer_keeps_no_answers(layer_app, question_ids):
    """What stays in memory is per locale, region and level, never per answer set."""
    client = layer_app.test_client()
    for answers in answer_sets(question_ids):
        client.post("/api/v1/triage", json={"answers": answers}, headers={"Accept-Language": "en-US"})
    kept = layer_app.extensions["triage_results"]
    assert {(locale, region) for locale, region, _level in kept} <= \
        {(locale, region) for locale in layer_app.extensions["catalogues"].locales
         for region in [None, *layer_app.extensions["content"].countries]}
    assert all(value["reasons"] == [] and value["context"] == [] for value in kept.values())
    layer = layer_app.extensions["response_table"].next_app
    remembered = json.dumps([list(layer.settings), list(layer.encodings), list(layer.json_types), repr(layer.headers)])
    assert not any(q in remembered for q in question_ids)
    for key, template in layer.templates.items():  # the result's bytes around the answers' gaps, and nothing more
        assert b"[]".join(template.parts) == flask.json.dumps(kept[key], separators=(",", ":")).encode() + b"\n"


def layers(app) -> list:
    """The kinds of the WSGI layers behind the guard (guard.py), from the outside in."""
    found, layer = [], app.wsgi_app.next_app
    while isinstance(layer, (TriageLayer, ResponseTable)):
        found.append(type(layer))
        layer = layer.next_app
    return found


@pytest.mark.parametrize("settings, environment, left", [
    ({}, {}, [ResponseTable, TriageLayer]),
    ({"TRIAGE_LAYER": False}, {}, [ResponseTable]),
    ({"RESPONSE_TABLE": False}, {}, [TriageLayer]),
    ({}, {"ATROPHY_PWA_TRIAGE_LAYER": "0"}, [ResponseTable]),
    ({}, {"ATROPHY_PWA_RESPONSE_TABLE": "off"}, [TriageLayer]),
    ({"RELOAD_TRANSLATIONS": True}, {}, []),
])
def test_each_layer_has_its_own_switch(monkeypatch, settings, environment, left):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    app = create_app(settings)
    assert layers(app) == left
    assert app.test_client().post("/api/v1/triage", json={"answers": {"paralysis": True}}).json["level"]["code"] == "emergency"


def test_in_debug_mode_the_layer_writes_flask_s_indented_json():
    ours = create_app({"DEBUG": True}).test_client().post("/api/v1/triage", json={"answers": {"paralysis": True}})
    theirs = create_app({"DEBUG": True, "RESPONSE_TABLE": False, "TRIAGE_LAYER": False}).test_client().post(
        "/api/v1/triage", json={"answers": {"paralysis": True}})
    assert ours.get_data() == theirs.get_data() and b'\n  "disposition": "emergency"' in ours.get_data()


def test_a_changed_result_is_never_answered_with_the_bytes_of_the_old_one():
    """The layer dumps what is the same for every answer at a level once (triage_layer.Template); when
    the document changes (a reload of the translations empties api.result_document's store), so do the bytes."""
    app = create_app()
    client, answers = app.test_client(), {"answers": {"balance_falls": True}}
    first = client.post("/api/v1/triage", json=answers).json
    kept = app.extensions["triage_results"]
    key = ("en", None, "appointment")
    kept[key] = {**kept[key], "disclaimer": "Changed words."}
    assert client.post("/api/v1/triage", json=answers).json == {**first, "disclaimer": "Changed words."}


def test_the_bytes_follow_the_json_provider_s_settings(flask_app):
    """Set after start-up, as Flask allows: the layer writes what jsonify writes with the new settings."""
    ours, theirs = create_app(), create_app({"RESPONSE_TABLE": False, "TRIAGE_LAYER": False})
    sent = {"json": {"answers": {"balance_falls": True}}, "headers": {"Accept-Language": "hi-IN"}}
    for app in (ours, theirs):
        app.test_client().post("/api/v1/triage", **sent)
        app.json.ensure_ascii, app.json.sort_keys = False, True
    mine = ours.test_client().post("/api/v1/triage", **sent)
    same(mine, theirs.test_client().post("/api/v1/triage", **sent), "ensure_ascii=False, sort_keys=True")
    assert "\\u" not in mine.get_data(as_text=True) and mine.get_data(as_text=True).startswith('{"context":')


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_the_layer_s_json_is_the_provider_s_json(ensure_ascii):
    app = create_app()
    app.json.ensure_ascii = ensure_ascii
    dumps = app.extensions["response_table"].next_app.dumps_for(app.json)
    for value in ([], ["balance_falls"], ["a", 'quote " and \\ back', "नमस्ते", "tab\tnew\nline\x00", "😀"],
                  [1, "a"], ["a", None], {"b": ["x"], "a": 1.5}, "text", [["nested"]]):
        assert dumps(value) == app.json.dumps(value, separators=(",", ":")).encode(), value
