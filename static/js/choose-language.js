/* "/" of a static export (templates/export/choose_language.html): open the language last chosen on this
   device (static/js/offline.js keeps it), else the first of the browser's languages that the app offers.
   With none of them offered, or no JavaScript, the page is a list of languages to pick from. */
(function () {
  "use strict";

  const offered = Array.from(document.querySelectorAll("a[data-locale]"), (link) => link.dataset.locale);
  const normal = (tag) => String(tag).toLowerCase().replace("_", "-");

  // The language kept by static/js/store.js (its key and prefix: loaded before this script).
  function chosenHere() {
    return window.atrophy.store.read("locale");
  }

  // The offered code for a language tag: the tag itself ("pt-br"), else its language ("pt").
  function offeredFor(tag) {
    const wanted = normal(tag);
    return offered.find((code) => normal(code) === wanted)
      || offered.find((code) => normal(code) === wanted.split("-")[0]) || null;
  }

  const tags = [chosenHere(), ...(navigator.languages || [navigator.language])].filter(Boolean);
  const code = tags.map(offeredFor).find(Boolean);
  if (code) window.location.replace(`/${code}/`);
})();
