"""The care-flow decision, its API and its pages: a safety contract."""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from atrophy_pwa import paths
from atrophy_pwa.core import content, triage
from care_walk import walk

FLOW = content.load(paths.CONTENT).flow
QUESTIONS = triage.questions(FLOW)
CONTRACT = {  # version 3: ids are added, never renamed (answers saved on a device and API clients use them)
    "emergency": {"vision_change", "speech_difficulty", "paralysis", "fainting", "breathing_difficulty", "face_droop",
                  "sudden_one_side", "sudden_balance", "sudden_headache_confusion", "stroke_signs_gone_today", "swallow_blocked",
                  "fall_cannot_get_up", "head_injury", "neck_back_injury", "back_pain_bladder"},
    "urgent": {"sudden_weakness", "numbness_tingling", "movement_loss", "swallowing_difficulty",
               "breathless_lying_effort", "choking_eating", "stroke_signs_gone_days", "fainting_no_warning",
               "fall_hurt", "foot_wound"},
    "appointment": {"one_side_smaller", "unexplained_loss", "symptoms_persist", "no_improvement", "balance_falls",
                    "gradual_speech_swallow", "memory_loss", "tires_with_use", "numbness_slow", "fainted_recovered",
                    "steroid_weakness", "rash_weakness", "weight_loss"},
    "context": {"recent_inactivity"},
}
answers_strategy = st.dictionaries(st.sampled_from(sorted(QUESTIONS)), st.booleans())
web = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_question_ids_and_levels_are_the_contract():
    assert {level: {q for q, d in QUESTIONS.items() if d["level"] == level} for level in CONTRACT} == CONTRACT


@given(answers_strategy, st.sampled_from(sorted(CONTRACT["emergency"])))
def test_any_emergency_yes_gives_emergency(answers, sign):
    assert triage.evaluate(FLOW, {**answers, sign: True})["disposition"] == "emergency"


@given(answers_strategy, st.sampled_from(sorted(QUESTIONS)))
def test_adding_a_yes_never_lowers_the_result(answers, extra):
    before = triage.RANK[triage.evaluate(FLOW, answers)["disposition"]]
    after = triage.RANK[triage.evaluate(FLOW, {**answers, extra: True})["disposition"]]
    assert after <= before


@given(answers_strategy)
def test_result_is_most_urgent_yes_and_reasons_are_those_yeses(answers):
    outcome = triage.evaluate(FLOW, answers)
    levels = [QUESTIONS[q]["level"] for q, yes in answers.items() if yes and QUESTIONS[q]["level"] != "context"]
    held = {c["id"]: c for c in FLOW["combinations"]
            if all(any(answers.get(q) for q in group) for group in c["groups"])}
    expected = min([*levels, *(c["level"] for c in held.values())], key=triage.RANK.__getitem__, default="self_care")
    assert outcome["disposition"] == expected
    assert all((q in held and held[q]["level"] == expected) or (answers.get(q) and QUESTIONS[q]["level"] == expected)
               for q in outcome["reasons"])
    assert outcome["reasons"] or expected == "self_care"


def test_signs_that_are_worse_together_raise_the_level_and_say_why():
    """Weakness rising over days with breathing or swallowing trouble (the pattern of Guillain-Barre
    syndrome, or a myasthenia crisis) is an emergency, though each sign alone needs care today."""
    for alone in ("sudden_weakness", "breathless_lying_effort", "choking_eating"):
        assert triage.evaluate(FLOW, {alone: True})["disposition"] == "urgent"
    both = triage.evaluate(FLOW, {"sudden_weakness": True, "breathless_lying_effort": True, "choking_eating": True})
    assert both == {"disposition": "emergency", "reasons": ["weakness_with_breathing_or_swallowing"], "context": []}
    assert "breathe and swallow" in triage.reasons(FLOW)["weakness_with_breathing_or_swallowing"]


def test_no_yes_is_self_care_and_inactivity_is_context():
    assert triage.evaluate(FLOW, {})["disposition"] == "self_care"
    outcome = triage.evaluate(FLOW, {"recent_inactivity": True})
    assert outcome == {"disposition": "self_care", "reasons": [], "context": ["recent_inactivity"]}


def post(client, body, **kwargs):
    return client.post("/api/v1/triage", data=json.dumps(body), content_type="application/json", **kwargs)


def test_api_result_says_what_how_soon_why_and_number(client):
    body = post(client, {"answers": {"face_droop": True, "balance_falls": True}},
                headers={"Accept-Language": "en-GB"}).json
    assert body["disposition"] == "emergency" and body["reasons"] == ["face_droop"]
    assert body["level"]["advice"] and body["level"]["how_soon"] and body["level"]["why"]
    assert body["emergency_number"]["emergency"] == "999"
    assert "not a diagnosis" in body["disclaimer"]


@pytest.mark.parametrize("body, field", [
    ({"answers": {"no_such_id": True}}, "answers"),
    ({"answers": {"fainting": "yes"}}, "answers"),
    ({"answers": {"fainting": 1}}, "answers"),
    ({"answers": {"fainting": None}}, "answers"),
    ({"answers": ["fainting"]}, "answers"),
    ({}, "answers"),
    ({"answers": {}, "extra": 1}, "extra"),
    ([], "body"),
    ("fainting", "body"),
])
def test_bad_answers_are_400_naming_the_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_answers"
    assert field in response.json["error"]["details"]


def test_invalid_json_wrong_type_and_oversize(client):
    bad = client.post("/api/v1/triage", data=b'{"answers": {', content_type="application/json")
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_json"
    form = client.post("/api/v1/triage", data={"answers": "x"})
    assert form.status_code == 415 and form.json["error"]["code"] == "unsupported_media_type"
    huge = post(client, {"answers": {}, "pad": "x" * 70_000})
    assert huge.status_code == 413 and huge.json["error"]["code"] == "request_entity_too_large"


@web
@given(answers_strategy)
def test_pages_and_api_agree(client, answers):
    page, told = walk(client, FLOW, answers)
    api = post(client, {"answers": {qid: True for qid in told}}).json
    assert f'data-disposition="{api["disposition"]}"' in page
    for qid in api["reasons"]:
        assert triage.reasons(FLOW)[qid].replace("'", "&#39;") in page


def test_emergency_yes_on_first_step_goes_straight_to_result(client):
    page = client.post("/en/care", data={"step": "0", "yes": ["face_droop"]}).get_data(as_text=True)
    assert 'data-disposition="emergency"' in page and "data-question" not in page


def test_care_steps_are_forms_with_data_question(client):
    page = client.get("/en/care").get_data(as_text=True)
    assert 'method="post"' in page
    for question in FLOW["steps"][0]["questions"]:
        assert f'data-question="{question["id"]}"' in page


def test_checklist_gives_the_care_flow_s_level(client, app):
    checklist = app.extensions["content"].checklist
    for sign in checklist["signs"]:
        page = client.post("/en/checklist", data={"sign": sign["id"]}).get_data(as_text=True)
        flow_level = triage.evaluate(FLOW, {q: True for q in sign["implies"]})["disposition"]
        shown = next(level for level in triage.RANK if f'data-disposition="{level}"' in page)
        assert shown == flow_level, sign["id"]
        assert sign["may_point_to"][0].replace("'", "&#39;") in page


def test_checklist_is_posted_never_get(client):
    page = client.get("/en/checklist").get_data(as_text=True)
    assert 'method="post"' in page and "data-sign=" in page


def test_a_later_step_is_asked_only_when_it_can_still_change_the_result():
    urgent = next(i for i, step in enumerate(FLOW["steps"]) if step["id"] == "urgent-signs")
    # Breathless lying flat (urgent): muscles that tire with use, on the next step, would make it an emergency.
    assert triage.next_step(FLOW, {"breathless_lying_effort": True}, urgent) == urgent + 1
    # Spreading tingling (urgent) with no breathing or choking trouble: nothing later can raise it.
    assert triage.next_step(FLOW, {"numbness_tingling": True}, urgent) is None
    # Any emergency answer ends the flow at once.
    assert triage.next_step(FLOW, {"face_droop": True}, 0) is None
