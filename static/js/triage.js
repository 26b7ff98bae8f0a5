/* The care-flow rule and the checklist rule: the same few lines as triage.py, over the same JSON
   definition. tests/core/test_triage_agrees.py runs this file under node on every test run and proves they agree. */
(function (atrophy) {
  "use strict";

  // Level code -> rank; the flow lists its levels from most urgent (emergency) to least (self_care).
  function ranks(flow) {
    const rank = {};
    flow.levels.forEach((level, index) => { rank[level.code] = index; });
    return rank;
  }

  function questions(flow) {
    return flow.steps.flatMap((step) => step.questions);
  }

  // id -> the words that say why, for every question and combination (what a result's reasons name).
  function reasons(flow) {
    return Object.fromEntries(questions(flow).concat(flow.combinations).map((item) => [item.id, item.reason]));
  }

  // At least one question of the group is answered yes.
  function hasYes(group, answers) {
    return group.some((id) => answers[id] === true);
  }

  // Every group of the combination has a yes.
  function holds(combination, answers) {
    return combination.groups.every((group) => hasYes(group, answers));
  }

  // {disposition, reasons, context} for answers {id: true}: the most urgent level among the yes answers
  // and the combinations that hold; reasons: those combinations at that level, then those answers.
  function evaluate(flow, answers) {
    const rank = ranks(flow);
    const least = flow.levels[flow.levels.length - 1].code;  // self_care: no sign that raises it
    const yes = questions(flow).filter((q) => answers[q.id] === true);
    const signs = yes.filter((q) => q.level !== "context");
    const raising = flow.combinations.filter((c) => holds(c, answers)).concat(signs);
    const disposition = raising.reduce((best, item) => (rank[item.level] < rank[best] ? item.level : best), least);
    return {
      disposition,
      reasons: raising.filter((item) => item.level === disposition).map((item) => item.id),
      context: yes.filter((q) => q.level === "context").map((q) => q.id),
    };
  }

  // A yes on this step (here) could help the combination hold: each group it still lacks can be answered
  // on this step or a later one (later), and this step holds a question of one of them.
  function couldComplete(combination, answers, here, later) {
    const lacking = combination.groups.filter((group) => !hasYes(group, answers));
    return lacking.every((group) => group.some((id) => later.has(id))) && lacking.some((group) => group.some((id) => here.has(id)));
  }

  // The index of the next step worth asking, or null when no later answer can change the result.
  function nextStep(flow, answers, answeredStep) {
    const rank = ranks(flow);
    const current = rank[evaluate(flow, answers).disposition];
    for (let index = answeredStep + 1; index < flow.steps.length; index += 1) {
      const levels = flow.steps[index].questions.map((q) => q.level);
      if (levels.some((level) => level !== "context" && rank[level] < current)) return index;
      const here = new Set(flow.steps[index].questions.map((q) => q.id));
      const later = new Set(flow.steps.slice(index).flatMap((step) => step.questions.map((q) => q.id)));
      if (flow.combinations.some((c) => rank[c.level] < current && couldComplete(c, answers, here, later))) return index;
      if (current === flow.levels.length - 1 && levels.includes("context")) return index;
    }
    return null;
  }

  // The step after answeredStep: after Back, the next of the steps shown before (up to seen), unless the
  // answers already give an emergency (an emergency never waits); else nextStep.
  function followingStep(flow, answers, answeredStep, seen) {
    if (answeredStep >= 0 && answeredStep < seen && evaluate(flow, answers).disposition !== flow.levels[0].code) {  // not an emergency
      return answeredStep + 1;
    }
    return nextStep(flow, answers, answeredStep);
  }

  // The checklist: the flow's rule over the questions the ticked signs imply, so that the checklist and
  // the flow give the same level for the same story. Also gives the implied answers, to carry into the flow.
  function checklistOutcome(flow, checklist, tickedIds) {
    const implied = {};
    checklist.signs.filter((sign) => tickedIds.includes(sign.id))
      .forEach((sign) => sign.implies.forEach((id) => { implied[id] = true; }));
    return { ...evaluate(flow, implied), implied };
  }

  // As emergency.py: the region of the first language tag that names one, if we have its numbers.
  function regionFromLanguages(languages, countries) {
    for (const tag of languages) {
      const region = tag.replace(/_/g, "-").split("-").slice(1).find((part) => /^[A-Za-z]{2}$/.test(part));
      if (region) {
        const code = region.toUpperCase();
        return countries.some((country) => country.code === code) ? code : null;
      }
    }
    return null;
  }

  atrophy.triage = { evaluate, reasons, nextStep, followingStep, checklistOutcome, regionFromLanguages };
})(window.atrophy = window.atrophy || { modules: {} });
