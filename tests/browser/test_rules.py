"""One rule, two evaluators: the JavaScript in static/js/rules.js, run in the browser, agrees with the server
on every combination of care-flow answers, and with the server's checklist page on every set of up to two
signs (and all of them): the checklist's result is the union of the signs' implied answers."""
import itertools
import re

import pytest

from atrophy_pwa import triage

pytestmark = pytest.mark.browser

# Every combination of yes answers (bit i of the mask = question i), evaluated, then the next step
# after each step: one line per combination, in the same format as python_lines() below.
JS_CARE_FLOW = """async () => {
  const flow = await (await fetch("/api/v1/en/flow")).json();
  const ids = flow.steps.flatMap((step) => step.questions.map((q) => q.id));
  const lines = [];
  for (let mask = 0; mask < 2 ** ids.length; mask += 1) {
    const answers = {};
    ids.forEach((id, i) => { if (mask & (1 << i)) answers[id] = true; });
    const r = atrophy.rules.evaluate(flow, answers);
    const next = [-1, ...flow.steps.keys()].map((s) => atrophy.rules.nextStep(flow, answers, s) ?? "-");
    lines.push([r.disposition, r.reasons.join(","), r.context.join(","), next.join(",")].join("|"));
  }
  return lines;
}"""

JS_CHECKLIST = """async (sets) => {
  const flow = await (await fetch("/api/v1/en/flow")).json();
  const checklist = await (await fetch("/api/v1/en/checklist")).json();
  return sets.map((signs) => atrophy.rules.checklistOutcome(flow, checklist, signs).disposition);
}"""


def python_lines(flow) -> list[str]:
    ids = list(triage.questions(flow))
    lines = []
    for mask in range(2 ** len(ids)):
        answers = {qid: True for i, qid in enumerate(ids) if mask >> i & 1}
        result = triage.evaluate(flow, answers)
        following = [triage.next_step(flow, answers, s) for s in range(-1, len(flow["steps"]))]
        lines.append("|".join([result["disposition"], ",".join(result["reasons"]), ",".join(result["context"]),
                               ",".join("-" if s is None else str(s) for s in following)]))
    return lines


def test_js_and_python_agree_on_every_combination_of_answers(page, server):
    page.goto("/en/care")
    in_browser = page.evaluate(JS_CARE_FLOW)
    in_python = python_lines(server.app.extensions["content"].flow)
    assert len(in_browser) == len(in_python) == 2 ** len(triage.questions(server.app.extensions["content"].flow))
    differ = [(mask, js, py) for mask, (js, py) in enumerate(zip(in_browser, in_python)) if js != py]
    assert not differ, f"{len(differ)} combinations differ; first (mask, js, python): {differ[0]}"


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
