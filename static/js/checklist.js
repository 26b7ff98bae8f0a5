/* The symptom checklist on the device (form[data-module=checklist], on care/checklist.html).
   The result comes from the cached JSON by atrophy.triage.checklistOutcome, the same rule as the server;
   nothing is posted. Ticks are kept on this device until "Start again (new person)"; a page opened afresh
   asks "same person or new person?" before showing them (a reload does not ask). The result is an entry
   in the tab's history: the phone's Back, or "Change my answers", shows the ticks again. */
(function (atrophy) {
  "use strict";

  const { triage, store, render } = atrophy;

  function ticked(form) {
    return Array.from(form.querySelectorAll("[data-sign]:checked"), (box) => box.dataset.sign);
  }

  function signs(view, chosen) {
    if (!chosen.length) return render.slot(view, "ticked").remove();
    return chosen.forEach((sign) => {
      const pair = render.clone("app-sign-template");
      pair.querySelector("dt").textContent = sign.text;
      pair.querySelector("dt").dataset.sign = sign.id;
      render.fillList(pair, "may_point_to", sign.may_point_to);
      render.slot(view, "signs").append(pair);
    });
  }

  // "Answer the care questions": start the care flow with the answers the ticked signs imply.
  function continueToCare(view, flow, implied) {
    view.querySelector("[data-action=continue-care]").addEventListener("click", () => {
      const next = triage.nextStep(flow, implied, -1);
      store.write("care", { step: next === null ? 0 : next, answers: implied, done: next === null, savedAt: Date.now() });
      store.carryOn("care");  // the same person: the care flow does not ask
    });
  }

  function showResult(main, loaded, state, focus) {
    const { flow, checklist } = loaded;
    const outcome = triage.checklistOutcome(flow, checklist, state.signs);
    const level = flow.levels.find((l) => l.code === outcome.disposition);
    const view = render.clone("app-checklist-result-template");
    const chosen = checklist.signs.filter((sign) => state.signs.includes(sign.id));
    const numbers = store.numbersHere(loaded.numbers.countries);
    // Why: the ticked signs, in the checklist's own words (as care/checklist_result.html).
    render.careCard(view, level, { reasons: chosen.map((sign) => sign.text), context: [] }, numbers);
    render.regionChange(view, numbers, () => showResult(main, loaded, state, true));
    signs(view, chosen);
    continueToCare(view, flow, outcome.implied);
    render.handover(view, "checklist", chosen.map((sign) => sign.id));
    render.show(main, view, render.slot(view, "page-heading").textContent, focus);
  }

  function save(state) {
    store.write("checklist", { ...state, savedAt: Date.now() });
  }

  // The tab's history entry for what is shown: the ticks (done: false) or the result (done: true).
  function remember(done, push) {
    const entry = { atrophy: "checklist", done };
    if (push) history.pushState(entry, "");
    else history.replaceState(entry, "");
  }

  function start(form) {
    const saved = store.read("checklist");
    const state = { signs: [], done: false };
    const main = form.closest("main");
    const entry = history.state && history.state.atrophy === "checklist" ? history.state : null;  // a reload keeps it
    const carried = store.carriedOn("checklist");  // a change of language
    const loading = render.load(["flow", "checklist", "numbers"]);
    form.hidden = false;  // hidden in the static export until this script runs
    const none = form.querySelector("[data-none]");
    const ticks = () => { render.unshow(main); Object.assign(state, { done: false }); save(state); };
    form.addEventListener("change", () => { Object.assign(state, { signs: ticked(form), none: none.checked }); save(state); });
    store.followLanguage("checklist", () => {
      if (form.isConnected) Object.assign(state, { signs: ticked(form), none: none.checked });
      save(state);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      Object.assign(state, { signs: ticked(form), none: none.checked });
      save(state);
      // Nothing ticked, not even "None of these": ask once (as the server does).
      if (!ticked(form).length && !none.checked && !form.querySelector("#none-asked")) {
        form.querySelector(".app-checkboxes").before(render.clone("app-none-asked-template"));
        form.querySelector("fieldset").setAttribute("aria-describedby", "checklist-hint none-asked");
        return;
      }
      Object.assign(state, { done: true });
      save(state);
      loading.then((loaded) => { remember(true, true); showResult(main, loaded, state, true); }, () => form.submit());
    });
    main.addEventListener("click", (event) => {
      if (!event.target.closest("[data-action=change-answers]")) return;
      event.preventDefault();
      ticks();
      remember(false, true);
      form.querySelector("h1").focus();
    });
    window.addEventListener("popstate", (event) => {
      if (!event.state || event.state.atrophy !== "checklist") return;
      if (!event.state.done) { ticks(); return; }
      Object.assign(state, { done: true });
      save(state);
      loading.then((loaded) => showResult(main, loaded, state, true), () => {});
    });
    const newPerson = () => form.after(render.clone("app-new-person-template"));
    remember(Boolean(entry && entry.done), false);
    if (!saved || !Array.isArray(saved.signs) || (!saved.done && !saved.signs.length)) { newPerson(); return; }
    const resume = () => {
      newPerson();
      Object.assign(state, { signs: saved.signs, none: saved.none === true, done: saved.done === true });
      none.checked = state.none && !state.signs.length;
      form.querySelectorAll("[data-sign]").forEach((box) => { box.checked = state.signs.includes(box.dataset.sign); });
      save(state);
      if (!state.done) return;
      if (!entry) { remember(false, false); remember(true, true); }  // Back from the result shows the ticks
      loading.then((loaded) => showResult(main, loaded, state, false), () => {});
    };
    if (entry || carried) resume();
    else render.askSamePerson(form, (same) => { if (same) resume(); else newPerson(); });
  }

  atrophy.modules.checklist = start;
  atrophy.checklistResult = showResult;  // the hand-over page draws a code's result with it (handover.js)
})(window.atrophy = window.atrophy || { modules: {} });
