/* What stays on this device, in localStorage only (never sent to the server): answers in progress,
   the country chosen for the emergency number and the language chosen. "Start again" clears the answers. */
(function (atrophy) {
  "use strict";

  const PREFIX = "atrophy-pwa:";
  const ANSWERS = ["care", "checklist"];

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(PREFIX + key));
    } catch (error) {
      return null;  // storage blocked or unreadable: start fresh
    }
  }

  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(PREFIX + key);
      else window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (error) {
      // storage full or blocked: the answers are simply not kept
    }
  }

  function clearAnswers() {
    ANSWERS.forEach((key) => write(key, null));
  }

  // The country named by ?region= in this page's address if we have its numbers, null if we have none
  // for it (even if the phone's languages name one: as emergency.py, a region asked for and not known
  // gives "your local emergency number", never a guess), undefined when the address names none.
  function regionInAddress(countries) {
    const search = new URLSearchParams(window.location.search);
    if (!search.has("region")) return undefined;
    const code = search.get("region").trim().toUpperCase();
    return countries.some((country) => country.code === code) ? code : null;
  }

  // This device's emergency numbers, in the server's order (emergency.py request_region): ?region= first,
  // then the country chosen here (which the server cannot know), then the phone's languages. None of them
  // known: null ("your local emergency number"). tests/core/test_region_agree.py runs this under node.
  function numbersHere(countries) {
    const asked = regionInAddress(countries);
    const region = asked !== undefined ? asked : read("region")
      || atrophy.triage.regionFromLanguages(navigator.languages || [navigator.language], countries);
    return countries.find((country) => country.code === region) || null;
  }

  // Choose the country on this device; a ?region= in the address would win over it, so drop that.
  function chooseRegion(code) {
    write("region", code || null);
    const url = new URL(window.location.href);
    if (url.searchParams.has("region")) {
      url.searchParams.delete("region");
      window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
    }
  }

  // Saved answers always meet a flow page opened afresh with "Same person or new person?" (render.js
  // askSamePerson), however little time has passed: health workers see people back to back. Two ways
  // in are not afresh, and say so here for the page they open (sessionStorage: this tab only, for a
  // minute): a change of language on a flow page, and the checklist handing its answers to the care flow.
  const CARRY_ON = `${PREFIX}carry-on`;

  function carryOn(key) {
    try {
      window.sessionStorage.setItem(CARRY_ON, JSON.stringify({ key, at: Date.now() }));
    } catch (error) {
      // storage blocked: the next page asks "same person?", which is safe
    }
  }

  // True once if the page for key was opened by carryOn(key) in the last minute; clears the mark.
  function carriedOn(key) {
    try {
      const mark = JSON.parse(window.sessionStorage.getItem(CARRY_ON));
      window.sessionStorage.removeItem(CARRY_ON);
      return Boolean(mark) && mark.key === key && Math.abs(Date.now() - mark.at) < 60 * 1000;
    } catch (error) {
      return false;
    }
  }

  // A language chosen on a flow page (key: "care" or "checklist"): the same page in that language, the
  // answers kept here (keep() saves them first). On a step or a result the language is a button of the
  // form, for pages without JavaScript; here it is a plain GET, so the answers are never sent and the
  // worker can answer offline, also when a result has set the form aside.
  function followLanguage(key, keep) {
    document.addEventListener("click", (event) => {
      const language = event.target.closest("[data-locale]");
      if (!language) return;
      carryOn(key);
      if (language.tagName !== "BUTTON") return;
      event.preventDefault();
      keep();
      window.location.assign(language.formAction);
    }, true);
  }

  atrophy.store = { read, write, clearAnswers, numbersHere, chooseRegion, carryOn, carriedOn, followLanguage };
})(window.atrophy = window.atrophy || { modules: {} });
