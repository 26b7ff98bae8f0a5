/* The care-flow rule and the checklist rule: the same few lines as triage.py and care.py, over the same
   JSON definition. A browser test runs both on every combination of answers and proves they agree. */
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

  // {disposition, reasons, context} for answers {id: true}: the most urgent level among the yes answers.
  function evaluate(flow, answers) {
    const rank = ranks(flow);
    const yes = questions(flow).filter((q) => answers[q.id] === true);
    const signs = yes.filter((q) => q.level !== "context");
    const disposition = signs.reduce((best, q) => (rank[q.level] < rank[best] ? q.level : best), "self_care");
    return {
      disposition,
      reasons: signs.filter((q) => q.level === disposition).map((q) => q.id),
      context: yes.filter((q) => q.level === "context").map((q) => q.id),
    };
  }

  // The index of the next step worth asking, or null when no later answer can change the result.
  function nextStep(flow, answers, answeredStep) {
    const rank = ranks(flow);
    const current = rank[evaluate(flow, answers).disposition];
    for (let index = answeredStep + 1; index < flow.steps.length; index += 1) {
      const levels = flow.steps[index].questions.map((q) => q.level);
      if (levels.some((level) => level !== "context" && rank[level] < current)) return index;
      if (current === rank.self_care && levels.includes("context")) return index;
    }
    return null;
  }

  // The checklist: the flow's rule over the questions the ticked signs imply; when any sign is ticked,
  // never below the checklist's level_floor. Also gives the implied answers, to carry into the care flow.
  function checklistOutcome(flow, checklist, tickedIds) {
    const ticked = checklist.signs.filter((sign) => tickedIds.includes(sign.id));
    const implied = {};
    ticked.forEach((sign) => sign.implies.forEach((id) => { implied[id] = true; }));
    const outcome = evaluate(flow, implied);
    const floor = checklist.level_floor;
    const rank = ranks(flow);
    if (ticked.length && floor && rank[floor] < rank[outcome.disposition]) {
      return { disposition: floor, reasons: [], context: outcome.context, implied };
    }
    return { ...outcome, implied };
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

  atrophy.rules = { evaluate, nextStep, checklistOutcome, regionFromLanguages };
})(window.atrophy = window.atrophy || { modules: {} });
