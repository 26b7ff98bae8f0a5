/* The "when to get care" flow on the device (form[data-module=care-flow], on care/step.html).
   Each step and the result come from the cached flow JSON by atrophy.rules, the same rule as triage.py;
   nothing is posted. Answers are kept on this device until "Start again (new person)"; answers saved
   more than store.FRESH_MS ago are not shown until the person says they are the same person. */
(function (atrophy) {
  "use strict";

  const { rules, store, render } = atrophy;

  // The answers ticked on the step in view, merged into state.answers ("None of these" into state.none).
  function collect(form, state) {
    form.querySelectorAll("[data-question]").forEach((box) => {
      if (box.checked) state.answers[box.dataset.question] = true;
      else delete state.answers[box.dataset.question];
    });
    const none = form.querySelector("[data-none]");
    state.none = { ...(state.none || {}) };
    if (none && none.checked) state.none[none.value] = true;
    else if (none) delete state.none[none.value];
  }

  // A step sent with nothing ticked, not even "None of these": ask once (as the server does).
  function askNone(form, state) {
    const step = form.querySelector("input[name=step]").value;
    if (form.querySelector("[data-question]:checked, [data-none]:checked, #none-asked") || state.asked === step) return false;
    state.asked = step;
    form.querySelector(".app-checkboxes").before(render.clone("app-none-asked-template"));
    form.querySelector("fieldset").setAttribute("aria-describedby", "step-hint none-asked");
    return true;
  }

  function question(q, answers) {
    const item = render.clone("app-question-template");
    const box = item.querySelector("input");
    const label = item.querySelector("label");
    Object.assign(box, { id: `q-${q.id}`, value: q.id, checked: answers[q.id] === true });
    Object.assign(box.dataset, { question: q.id, level: q.level });
    label.htmlFor = box.id;
    render.setText(label, "text", q.text);
    label.prepend(...render.picture(`[data-picture="${q.id}"]`));
    return item;
  }

  function showStep(form, loaded, state, focus) {
    const step = loaded.flow.steps[state.step];
    const fields = render.clone("app-step-template");
    render.setText(fields, "title", step.title);
    render.slot(fields, "step-picture").replaceWith(...render.picture(`[data-step-picture="${state.step}"]`));
    render.setText(fields, "hint", step.hint);
    step.questions.forEach((q) => render.slot(fields, "questions").append(question(q, state.answers)));
    const none = render.clone("app-none-template");
    const box = none.querySelector("input");
    Object.assign(box, { id: `none-${step.id}`, value: step.id, checked: Boolean(state.none && state.none[step.id]) });
    none.querySelector("label").htmlFor = box.id;
    render.slot(fields, "questions").append(none);
    form.querySelector("fieldset").replaceChildren(fields);
    form.querySelector("fieldset").setAttribute("aria-describedby", "step-hint");
    const backLink = document.querySelector(".app-back");
    if (backLink) backLink.hidden = state.step === 0;
    form.querySelector("input[name=step]").value = state.step;
    const progress = document.getElementById("app-progress-template").content;
    document.querySelector(".app-progress").textContent = progress.querySelector(`[data-step="${state.step}"]`).textContent;
    const suffix = document.title.slice(document.title.lastIndexOf(" | "));
    document.title = step.title + suffix;
    if (focus) form.querySelector("h1").focus();
  }

  function showResult(main, loaded, state, focus) {
    const { flow } = loaded;
    const outcome = rules.evaluate(flow, state.answers);
    const level = flow.levels.find((l) => l.code === outcome.disposition);
    const why = rules.reasons(flow);
    const told = { reasons: outcome.reasons.map((id) => why[id]), context: outcome.context.map((id) => why[id]) };
    const numbers = store.numbersHere(loaded.numbers.countries);
    const view = render.clone("app-care-result-template");
    render.careCard(view, level, told, numbers);
    render.regionChange(view, numbers, () => showResult(main, loaded, state, true));
    if (level.visit_summary) {
      render.fillList(view, "visit_questions", flow.visit_questions);
      const noticed = told.reasons.concat(told.context);
      if (noticed.length) render.fillList(view, "told_list", noticed);
      else render.slot(view, "told").remove();
    } else {
      render.slot(view, "visit").remove();
    }
    readNext(view, level, loaded.cards.cards);
    if (atrophy.handover) atrophy.handover.show(view, "flow", Object.keys(state.answers));
    render.show(main, view, level.label, focus);
  }

  function readNext(view, level, cards) {
    const found = level.cards.map((slug) => cards.find((card) => card.slug === slug)).filter(Boolean);
    if (!found.length) return render.slot(view, "read-next").remove();
    return render.fillList(view, "read_next", found, (li, card) => {
      const link = document.createElement("a");
      link.href = card.url;
      link.textContent = card.title;
      li.append(link);
    });
  }

  // Back: the step before, with every answer kept.
  function back(form, loaded, state) {
    collect(form, state);
    state.seen = Math.max(state.seen || 0, state.step);
    state.step = Math.max(state.step - 1, 0);
    save(state);
    showStep(form, loaded, state, true);
  }

  function advance(form, loaded, state) {
    collect(form, state);
    const next = rules.followingStep(loaded.flow, state.answers, state.step, state.seen || 0);
    if (next !== null) state.seen = Math.max(state.seen || 0, next);
    if (next === null) state.done = true;
    else state.step = next;
    save(state);
    if (state.done) showResult(form.closest("main"), loaded, state, true);
    else showStep(form, loaded, state, true);
  }

  function save(state) {
    store.write("care", { ...state, savedAt: Date.now() });
  }

  // Answers saved under an older version of the flow: keep the ids the flow still asks, drop the rest.
  function known(flow, saved) {
    const ids = new Set(flow.steps.flatMap((s) => s.questions.map((q) => q.id)));
    const answers = Object.fromEntries(Object.keys(saved.answers || {}).filter((id) => ids.has(id)).map((id) => [id, true]));
    const step = Number.isInteger(saved.step) && saved.step >= 0 && saved.step < flow.steps.length ? saved.step : 0;
    const none = Object.fromEntries(Object.keys(saved.none || {}).filter((id) => flow.steps.some((s) => s.id === id)).map((id) => [id, true]));
    const seen = Number.isInteger(saved.seen) ? Math.min(Math.max(saved.seen, step), flow.steps.length - 1) : step;
    return { step, answers, none, seen, done: saved.done === true, version: flow.version };
  }

  function start(form) {
    const saved = store.read("care");
    const state = { step: 0, answers: {}, done: false };
    const loading = render.load(["flow", "cards", "numbers"]);
    form.hidden = false;  // hidden in the static export until this script runs
    document.querySelector(".app-progress").hidden = false;
    form.after(render.clone("app-new-person-template"));
    form.addEventListener("change", () => { collect(form, state); save(state); });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const backwards = event.submitter && event.submitter.dataset.action === "back";
      if (!backwards && askNone(form, state)) return;
      loading.then((loaded) => (backwards ? back : advance)(form, loaded, state), () => {
        if (backwards) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "back", value: "1" }));
        form.submit();
      });
    });
    if (!saved || (!saved.done && !Object.keys(saved.answers || {}).length)) return;
    const resume = (loaded) => {
      Object.assign(state, known(loaded.flow, saved));
      save(state);
      if (state.done) showResult(form.closest("main"), loaded, state, false);
      else showStep(form, loaded, state, false);
    };
    loading.then((loaded) => {
      if (!store.isStale(saved)) return resume(loaded);
      return render.askSamePerson(form, (same) => {
        if (same) resume(loaded);
        else { Object.assign(state, { step: 0, answers: {}, done: false }); showStep(form, loaded, state, true); }
      });
    }, () => {});
  }

  atrophy.modules["care-flow"] = start;
  atrophy.careResult = showResult;  // the hand-over page draws a code's result with it (handover.js)
})(window.atrophy = window.atrophy || { modules: {} });
