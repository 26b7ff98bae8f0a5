/* The "when to get care" flow on the device (form[data-module=care-flow], on care/step.html).
   Each step and the result come from the cached flow JSON by atrophy.rules, the same rule as triage.py;
   nothing is posted. Answers are kept on this device until "Start again (new person)". */
(function (atrophy) {
  "use strict";

  const { rules, store, render } = atrophy;

  // The answers ticked on the step in view, merged into state.answers.
  function collect(form, state) {
    form.querySelectorAll("[data-question]").forEach((box) => {
      if (box.checked) state.answers[box.dataset.question] = true;
      else delete state.answers[box.dataset.question];
    });
  }

  function question(q, answers) {
    const item = render.clone("app-question-template");
    const box = item.querySelector("input");
    const label = item.querySelector("label");
    Object.assign(box, { id: `q-${q.id}`, value: q.id, checked: answers[q.id] === true });
    Object.assign(box.dataset, { question: q.id, level: q.level });
    label.htmlFor = box.id;
    label.textContent = q.text;
    return item;
  }

  function showStep(form, loaded, state, focus) {
    const step = loaded.flow.steps[state.step];
    const fields = render.clone("app-step-template");
    render.setText(fields, "title", step.title);
    render.setText(fields, "hint", step.hint);
    step.questions.forEach((q) => render.slot(fields, "questions").append(question(q, state.answers)));
    form.querySelector("fieldset").replaceChildren(fields);
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
    const asked = Object.fromEntries(flow.steps.flatMap((s) => s.questions).map((q) => [q.id, q]));
    const told = { reasons: outcome.reasons.map((id) => asked[id].reason), context: outcome.context.map((id) => asked[id].reason) };
    const numbers = store.numbersHere(loaded.numbers.countries);
    const view = render.clone("app-care-result-template");
    render.careCard(view, level, told, render.numberText(numbers));
    if (numbers) render.slot(view, "region").remove();
    else chooseRegion(view, () => showResult(main, loaded, state, true));
    render.fillList(view, "visit_questions", flow.visit_questions);
    const noticed = told.reasons.concat(told.context);
    if (noticed.length) render.fillList(view, "told_list", noticed);
    else render.slot(view, "told").remove();
    readNext(view, level, loaded.cards.cards);
    render.show(main, view, level.label, focus);
  }

  function chooseRegion(view, then) {
    render.slot(view, "region").querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      store.write("region", event.target.elements.region.value || null);
      then();
    });
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

  function advance(form, loaded, state) {
    collect(form, state);
    const next = rules.nextStep(loaded.flow, state.answers, state.step);
    if (next === null) state.done = true;
    else state.step = next;
    store.write("care", state);
    if (state.done) showResult(form.closest("main"), loaded, state, true);
    else showStep(form, loaded, state, true);
  }

  function start(form) {
    const saved = store.read("care");
    const state = saved || { step: 0, answers: {}, done: false };
    const loading = render.load(["flow", "cards", "numbers"]);
    form.after(render.clone("app-new-person-template"));
    form.addEventListener("change", () => { collect(form, state); store.write("care", state); });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      loading.then((loaded) => advance(form, loaded, state), () => form.submit());
    });
    if (!saved) return;
    loading.then((loaded) => {
      if (state.done) showResult(form.closest("main"), loaded, state, false);
      else showStep(form, loaded, state, false);
    }, () => Object.assign(state, { step: 0, answers: {}, done: false }));
  }

  atrophy.modules["care-flow"] = start;
})(window.atrophy = window.atrophy || { modules: {} });
