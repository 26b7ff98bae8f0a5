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

  // This device's emergency numbers: the country chosen here, else the browser's languages (as the server).
  function numbersHere(countries) {
    const chosen = read("region");
    const region = chosen || atrophy.rules.regionFromLanguages(navigator.languages || [navigator.language], countries);
    return countries.find((country) => country.code === region) || null;
  }

  atrophy.store = { read, write, clearAnswers, numbersHere };
})(window.atrophy = window.atrophy || { modules: {} });
