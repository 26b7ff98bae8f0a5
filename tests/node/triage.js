// Runs static/js/triage.js under node for tests/core/test_triage_agrees.py. Reads one JSON object on stdin:
//   {flow, checklist, sets: [[question id...]], following: [[yes ids, answered step, seen]...], signs: [[sign id...]]}
// and writes what the device's rule says for each, as JSON, in the same order.
"use strict";
globalThis.window = globalThis;
require(process.argv[2]);
const { triage } = window.atrophy;
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const { flow, checklist } = input;
const yes = (ids) => Object.fromEntries(ids.map((id) => [id, true]));
const steps = [-1, ...flow.steps.keys()];
process.stdout.write(JSON.stringify({
  sets: input.sets.map((ids) => {
    const answers = yes(ids);
    return { ...triage.evaluate(flow, answers), next: steps.map((s) => triage.nextStep(flow, answers, s)) };
  }),
  following: input.following.map(([ids, answered, seen]) => triage.followingStep(flow, yes(ids), answered, seen)),
  signs: input.signs.map((ids) => triage.checklistOutcome(flow, checklist, ids)),
}));
