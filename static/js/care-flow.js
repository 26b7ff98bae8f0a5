/* The "when to get care" flow on the device (form[data-module=care-flow], on care/step.html).
   Each step and the result come from the cached flow JSON by atrophy.triage, the same rule as triage.py;
   nothing is posted. Answers are kept on this device until "Start again (new person)"; a page opened
   afresh never shows them until the person says they are the same person (a reload does not ask).
   Each step and the result is an entry in the tab's history, so the phone's Back steps back through
   the flow with the answers kept; "Change my answers" on the result goes back to the first step. */
(function (atrophy) {
  "use strict";

  const { triage, store, render } = atrophy;

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
    const outcome = triage.evaluate(flow, state.answers);
    const level = flow.levels.find((l) => l.code === outcome.disposition);
    const why = triage.reasons(flow);
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
    render.handover(view, "flow", Object.keys(state.answers));
    render.show(main, view, level.label, focus);
  }

  // The tab's history entry for what is shown: {atrophy: "care", step, done, depth}; depth counts the
  // flow's entries below it, so Back never leaves the flow part way through.
  function remember(state, push) {
    const depth = push && history.state && history.state.atrophy === "care" ? history.state.depth + 1 : 0;
    const entry = { atrophy: "care", step: state.step, done: state.done, depth: push ? depth : (history.state && history.state.depth) || 0 };
    if (push) history.pushState(entry, "");
    else history.replaceState(entry, "");
  }

  // Show what state says: a step (putting the form back if a result had replaced it) or the result.
  function display(form, loaded, state, focus) {
    const main = document.getElementById("main");
    if (state.done) return showResult(main, loaded, state, focus);
    render.unshow(main);
    return showStep(form, loaded, state, focus);
  }

  // "Change my answers": the first step again, every answer kept, walked as the first time (as the server).
  function change(form, loaded, state) {
    Object.assign(state, { step: 0, seen: 0, done: false });
    save(state);
    remember(state, true);
    display(form, loaded, state, true);
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

  // Back: the step before, with every answer kept; the same as the phone's Back where the flow's
  // history holds that step (popstate), else the step before by number.
  function back(form, loaded, state) {
    collect(form, state);
    state.seen = Math.max(state.seen || 0, state.step);
    save(state);
    if (history.state && history.state.atrophy === "care" && history.state.depth > 0) { history.back(); return; }
    state.step = Math.max(state.step - 1, 0);
    save(state);
    remember(state, false);
    showStep(form, loaded, state, true);
  }

  // The phone's Back (or Forward) to an entry of the flow: show that step or the result, answers kept.
  function popped(form, loaded, state, entry) {
    if (!entry || entry.atrophy !== "care") return;
    const last = loaded.flow.steps.length - 1;
    Object.assign(state, { step: Math.min(Math.max(entry.step, 0), last), done: entry.done === true });
    state.seen = Math.max(state.seen || 0, state.step);
    save(state);
    display(form, loaded, state, true);
  }

  function advance(form, loaded, state) {
    collect(form, state);
    const next = triage.followingStep(loaded.flow, state.answers, state.step, state.seen || 0);
    if (next !== null) state.seen = Math.max(state.seen || 0, next);
    if (next === null) state.done = true;
    else state.step = next;
    save(state);
    remember(state, true);
    display(form, loaded, state, true);
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
    const main = form.closest("main");
    const entry = history.state && history.state.atrophy === "care" ? history.state : null;  // a reload keeps it
    const carried = store.carriedOn("care");  // a change of language, or the checklist's answers
    const loading = render.load(["flow", "cards", "numbers"]);
    form.hidden = false;  // hidden in the static export until this script runs
    document.querySelector(".app-progress").hidden = false;
    form.addEventListener("change", () => { collect(form, state); save(state); });
    store.followLanguage("care", () => { if (form.isConnected) collect(form, state); save(state); });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      collect(form, state);
      save(state);
      const backwards = event.submitter && event.submitter.dataset.action === "back";
      if (!backwards && askNone(form, state)) return;
      loading.then((loaded) => (backwards ? back : advance)(form, loaded, state), () => {
        if (backwards) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "back", value: "1" }));
        form.submit();
      });
    });
    loading.then((loaded) => {
      window.addEventListener("popstate", (event) => popped(form, loaded, state, event.state));
      main.addEventListener("click", (event) => {
        if (!event.target.closest("[data-action=change-answers]")) return;
        event.preventDefault();
        change(form, loaded, state);
      });
    }, () => {});
    const resume = (loaded) => {
      Object.assign(state, known(loaded.flow, saved));
      save(state);
      if (!entry && (state.step > 0 || state.done)) {  // opened afresh part way: Back leads to the first step
        history.replaceState({ atrophy: "care", step: 0, done: false, depth: 0 }, "");
        remember(state, true);
      } else remember(state, false);
      display(form, loaded, state, false);
    };
    const newPerson = () => (document.querySelector(".app-back") || form).after(render.clone("app-new-person-template"));
    if (!saved || (!saved.done && !Object.keys(saved.answers || {}).length)) {
      newPerson();
      remember(state, false);
      return;
    }
    loading.then((loaded) => {
      if (entry || carried) { newPerson(); return resume(loaded); }
      return render.askSamePerson(form, (same) => {
        newPerson();
        if (same) resume(loaded);
        else { Object.assign(state, { step: 0, answers: {}, done: false }); remember(state, false); showStep(form, loaded, state, true); }
      });
    }, () => newPerson());
  }

  atrophy.modules["care-flow"] = start;
  atrophy.careResult = showResult;  // the hand-over page draws a code's result with it (handover.js)
})(window.atrophy = window.atrophy || { modules: {} });
