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

  // The country named by ?region= in this page's address, if we have its numbers (as emergency.py).
  function regionInAddress(countries) {
    const code = (new URLSearchParams(window.location.search).get("region") || "").trim().toUpperCase();
    return countries.some((country) => country.code === code) ? code : null;
  }

  // This device's emergency numbers, in the server's order: ?region= first, then the country chosen
  // here, then the phone's languages. None of them known: null ("your local emergency number").
  function numbersHere(countries) {
    const region = regionInAddress(countries) || read("region")
      || atrophy.rules.regionFromLanguages(navigator.languages || [navigator.language], countries);
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

  // Saved answers older than this are not shown as if they were the current person's: the flow asks
  // "same person or new person?" first. 15 minutes covers reloading, changing language or showing the
  // result to a helper, but not a phone passed to someone else later in the day.
  const FRESH_MS = 15 * 60 * 1000;

  function isStale(saved) {
    return !saved || typeof saved.savedAt !== "number" || Date.now() - saved.savedAt > FRESH_MS
      || saved.savedAt > Date.now() + 60 * 1000;
  }

  atrophy.store = { read, write, clearAnswers, numbersHere, chooseRegion, isStale, FRESH_MS };
})(window.atrophy = window.atrophy || { modules: {} });
