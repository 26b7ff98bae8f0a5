/* Start-up, loaded last: when this browser has what the scripts need, mark the page "app-js-enabled" and
   start each [data-module] component. Otherwise, or with no JavaScript, every page works as plain HTML. */
(function (atrophy) {
  "use strict";

  function supported() {
    try {
      return "content" in document.createElement("template") && "fetch" in window
        && typeof Object.fromEntries === "function" && Boolean(window.localStorage);
    } catch (error) {
      return false;  // localStorage blocked
    }
  }

  if (!supported()) return;
  document.documentElement.classList.add("app-js-enabled");
  // "Start again (new person)": forget the answers at once, before the link is followed.
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=new-person]")) atrophy.store.clearAnswers();
  }, true);
  // "None of these" is exclusive (as GOV.UK's): ticking it clears the others, ticking another clears it.
  // Capture phase, so the flows see the boxes as they end up.
  document.addEventListener("change", (event) => {
    const box = event.target;
    const group = box.type === "checkbox" && box.checked && box.closest("fieldset");
    if (!group || !group.querySelector("[data-none]")) return;
    group.querySelectorAll("input[type=checkbox]").forEach((other) => {
      if (other !== box && (box.matches("[data-none]") || other.matches("[data-none]"))) other.checked = false;
    });
  }, true);
  document.querySelectorAll("[data-module]").forEach((element) => {
    const start = atrophy.modules[element.dataset.module];
    if (start) start(element);
  });
})(window.atrophy = window.atrophy || { modules: {} });
