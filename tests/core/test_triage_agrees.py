"""One rule, two evaluators: static/js/triage.js, run under node on every test run, agrees with triage.py on
the level, the reasons, the context and the next step for every set of up to three care-flow answers
(and every combination's groups filled), 1500 random larger sets, the step after Back for every answered
and seen step, and the checklist for every sign, every pair of signs and all of them."""
import itertools
import random

import pytest

import triage_node
from atrophy_pwa.core import triage


@pytest.fixture
def served(app):
    """The flow and checklist as the device gets them (the API's JSON), and the rule's own data."""
    with app.test_client() as client:
        flow, checklist = client.get("/api/v1/en/flow").get_json(), client.get("/api/v1/en/checklist").get_json()
    content = app.extensions["content"]
    return flow, checklist, content.flow, content.checklist


def yes_sets(ids, flow) -> list[list[str]]:
    """Every set of up to three yes answers, every pick of one question from each group of each
    combination, all of them, and 1500 random larger sets (seeded): the rule is a minimum over levels
    and combinations, so these reach every branch."""
    rng = random.Random(11)
    sets = [list(chosen) for size in range(4) for chosen in itertools.combinations(ids, size)] + [list(ids)]
    sets += [list(pick) for combination in flow["combinations"] for pick in itertools.product(*combination["groups"])]
    return sets + [rng.sample(ids, rng.randint(4, len(ids) - 1)) for _ in range(1500)]


def test_js_and_python_agree_on_every_combination_of_answers(served):
    flow_json, checklist_json, flow, _ = served
    ids = list(triage.questions(flow))
    sets = yes_sets(ids, flow)
    device = triage_node.run(flow_json, checklist_json, sets=sets)["sets"]
    assert len(device) == len(sets) > 9000
    differ = []
    for yes, js in zip(sets, device):
        answers = {qid: True for qid in yes}
        py = {**triage.evaluate(flow, answers),
              "next": [triage.next_step(flow, answers, s) for s in range(-1, len(flow["steps"]))]}
        if js != py:
            differ.append((yes, js, py))
    assert not differ, f"{len(differ)} sets differ; first (answers, js, python): {differ[0]}"
    reached = {triage.evaluate(flow, {q: True for q in yes})["disposition"] for yes in sets}
    assert reached == set(triage.RANK)  # every level is reached
    assert any(r in {c["id"] for c in flow["combinations"]} for js in device for r in js["reasons"])


def test_js_and_python_take_the_same_step_after_every_step_and_back(served):
    flow_json, checklist_json, flow, _ = served
    ids = list(triage.questions(flow))
    count = len(flow["steps"])
    cases = [(yes, answered, seen) for yes in yes_sets(ids, flow)[::15]
             for answered in range(-1, count) for seen in range(count)]
    device = triage_node.run(flow_json, checklist_json, following=cases)["following"]
    python = [triage.following_step(flow, {q: True for q in yes}, answered, seen) for yes, answered, seen in cases]
    differ = [(case, js, py) for case, js, py in zip(cases, device, python) if js != py]
    assert len(cases) > 5000 and not differ, f"{len(differ)} differ; first (case, js, python): {differ[:1]}"


def test_js_checklist_agrees_with_the_server_checklist_rule(served, client):
    flow_json, checklist_json, flow, checklist = served
    signs = [sign["id"] for sign in checklist["signs"]]
    sets = [[]] + [[s] for s in signs] + [list(pair) for pair in itertools.combinations(signs, 2)] + [signs]
    device = triage_node.run(flow_json, checklist_json, signs=sets)["signs"]
    differ = []
    for chosen, js in zip(sets, device):
        py = triage.evaluate_checklist(flow, checklist, chosen)
        if {**js, "implied": sorted(js["implied"])} != {**py, "implied": sorted(py["implied"])}:
            differ.append((chosen, js, py))
    assert not differ, f"{len(differ)} sets of signs differ; first (signs, js, python): {differ[0]}"


def test_js_checklist_agrees_with_the_server_checklist_page(served, client):
    """The page a person without JavaScript gets shows the rule's level for each single sign."""
    flow_json, checklist_json, flow, checklist = served
    sets = [[sign["id"]] for sign in checklist["signs"]]
    device = triage_node.run(flow_json, checklist_json, signs=sets)["signs"]
    for chosen, js in zip(sets, device):
        page = client.post("/en/checklist", data={"sign": chosen}).get_data(as_text=True)
        assert f'data-disposition="{js["disposition"]}"' in page, chosen
