"""One rule, two evaluators: the JavaScript in static/js/rules.js, run in the browser, agrees with the server
on every set of up to three care-flow answers and 1500 random larger sets, and with the server's checklist page on every set of up to two
signs (and all of them): the checklist's result is the union of the signs' implied answers."""
import itertools
import random
import re

import pytest

from atrophy_pwa import triage

pytestmark = pytest.mark.browser

# For each set of yes answers (from Python): the result, then the next step after each step, one line per
# set, in the same format as python_lines() below.
JS_CARE_FLOW = """async (sets) => {
  const flow = await (await fetch("/api/v1/en/flow")).json();
  return sets.map((yes) => {
    const answers = Object.fromEntries(yes.map((id) => [id, true]));
    const r = atrophy.rules.evaluate(flow, answers);
    const next = [-1, ...flow.steps.keys()].map((s) => atrophy.rules.nextStep(flow, answers, s) ?? "-");
    return [r.disposition, r.reasons.join(","), r.context.join(","), next.join(",")].join("|");
  });
}"""

JS_CHECKLIST = """async (sets) => {
  const flow = await (await fetch("/api/v1/en/flow")).json();
  const checklist = await (await fetch("/api/v1/en/checklist")).json();
  return sets.map((signs) => atrophy.rules.checklistOutcome(flow, checklist, signs).disposition);
}"""


def answer_sets(ids) -> list[list[str]]:
    """Every set of up to three yes answers, all of them, and 1500 random larger sets (seeded): with 21
    questions, all 2**21 sets would take minutes; the rule is a minimum over levels, so small sets and
    random mixes of every size reach every branch."""
    rng = random.Random(11)
    sets = [list(chosen) for size in range(4) for chosen in itertools.combinations(ids, size)] + [list(ids)]
    return sets + [rng.sample(ids, rng.randint(4, len(ids) - 1)) for _ in range(1500)]


def python_lines(flow, sets) -> list[str]:
    lines = []
    for yes in sets:
        answers = {qid: True for qid in yes}
        result = triage.evaluate(flow, answers)
        following = [triage.next_step(flow, answers, s) for s in range(-1, len(flow["steps"]))]
        lines.append("|".join([result["disposition"], ",".join(result["reasons"]), ",".join(result["context"]),
                               ",".join("-" if s is None else str(s) for s in following)]))
    return lines


def test_js_and_python_agree_on_every_combination_of_answers(page, server):
    flow = server.app.extensions["content"].flow
    sets = answer_sets(list(triage.questions(flow)))
    page.goto("/en/care")
    in_browser = page.evaluate(JS_CARE_FLOW, sets)
    in_python = python_lines(flow, sets)
    assert len(in_browser) == len(in_python) == len(sets) > 3000
    assert {line.split("|")[0] for line in in_python} == set(triage.RANK)  # every level is reached
    differ = [(yes, js, py) for yes, js, py in zip(sets, in_browser, in_python) if js != py]
    assert not differ, f"{len(differ)} sets differ; first (answers, js, python): {differ[0]}"


def test_js_checklist_agrees_with_the_server_checklist_page(page, server):
    signs = [sign["id"] for sign in server.app.extensions["content"].checklist["signs"]]
    sets = [[]] + [[s] for s in signs] + [list(pair) for pair in itertools.combinations(signs, 2)] + [signs]
    page.goto("/en/checklist")
    in_browser = page.evaluate(JS_CHECKLIST, sets)
    with server.app.test_client() as client:
        on_server = [re.search(r'data-disposition="([a-z_]+)"',
                               client.post("/en/checklist", data={"sign": chosen, "none": [] if chosen else ["checklist"]}).get_data(as_text=True)).group(1)
                     for chosen in sets]
    differ = [(chosen, js, py) for chosen, js, py in zip(sets, in_browser, on_server) if js != py]
    assert not differ, f"{len(differ)} sets of signs differ; first (signs, js, server): {differ[0]}"
