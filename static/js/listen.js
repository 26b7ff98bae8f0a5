/* "Listen" (p[data-module=listen], components/pictogram.html): reads a card, a step or a result aloud with
   the phone's own speech engine (speechSynthesis; offline, nothing to download). Shown only while the phone
   has a voice for the page's language (getVoices() fills late on Android: voiceschanged); never a dead
   button. Reads the heading, then what to do, then why, in page order, one utterance per heading, line or
   list item. The button becomes "Stop"; reading stops when the page or the step changes. */
(function (atrophy) {
  "use strict";

  const synth = window.speechSynthesis;
  const BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, label, summary";
  const SKIP = ".app-listen, template, [hidden], [aria-hidden=true], form.app-region, select, .app-card__sources";
  let speaking = null;  // {button, target} while reading

  function pageLanguage() {
    return (document.documentElement.lang || "en").toLowerCase().split(/[-_]/)[0];
  }

  // The phone's voice for the page's language (its default one first), or null. Asked of getVoices() once
  // and kept until the phone's voices change (voiceschanged): a page change asks again for nothing.
  let found;
  function voice() {
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return null;
    if (found === undefined) {
      const lang = pageLanguage();
      const matching = synth.getVoices().filter((v) => (v.lang || "").toLowerCase().split(/[-_]/)[0] === lang);
      found = matching.find((v) => v.default) || matching[0] || null;
    }
    return found;
  }

  // The texts to read from target, in page order: each block once (a <p> inside an <li> is the <li>'s).
  function texts(target) {
    const blocks = Array.from(target.querySelectorAll(BLOCKS)).filter((block) => {
      if (block.closest(SKIP) || (block.parentElement && block.parentElement.closest(BLOCKS))) return false;
      return !(block.checkVisibility && !block.checkVisibility());
    });
    // innerText: what is shown (a level's hidden words are not read; the words for screen readers are).
    return blocks.map((block) => block.innerText.replace(/\s+/g, " ").trim()).filter(Boolean);
  }

  function label(button, stop) {
    const words = button.querySelector("[data-slot=listen-label]");
    if (!button.dataset.words) button.dataset.words = words.textContent;
    words.textContent = stop ? button.closest("[data-module=listen]").dataset.stop : button.dataset.words;
    if (stop) button.dataset.speaking = "";
    else delete button.dataset.speaking;
  }

  function stop() {
    if (!speaking) return;
    const { button } = speaking;
    speaking = null;
    synth.cancel();
    label(button, false);
  }

  function read(button) {
    const holder = button.closest("[data-module=listen]");
    const target = document.querySelector(holder.getAttribute("data-listen"));
    const chosen = voice();
    if (!target || !chosen) return;
    synth.cancel();
    speaking = { button, target };
    label(button, true);
    const lines = texts(target);
    lines.forEach((text, index) => {
      const utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang;
      utterance.voice = chosen;
      if (index === lines.length - 1) {
        utterance.onend = () => { if (speaking && speaking.button === button) { speaking = null; label(button, false); } };
      }
      synth.speak(utterance);
    });
  }

  // Show every Listen button when a voice exists, hide them when none does.
  function reveal() {
    const available = Boolean(voice());
    document.querySelectorAll("[data-module=listen]").forEach((holder) => { holder.hidden = !available; });
    if (!available) stop();
  }

  function start() {
    if (!synth) return;
    reveal();
    if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", () => { found = undefined; reveal(); });
    document.addEventListener("click", (event) => {
      const button = event.target.closest(".app-listen__button");
      if (!button) return;
      if (speaking && speaking.button === button) stop();
      else { stop(); read(button); }
    });
    // A step or result drawn on the device replaces what was read: stop, and show its own Listen button.
    new MutationObserver((changes) => {
      if (speaking && !speaking.button.isConnected) { speaking = null; synth.cancel(); }
      else if (speaking && (!speaking.target.isConnected || changes.some((change) => change.type === "childList"
        && speaking.target.contains(change.target) && !change.target.closest(".app-listen")))) stop();
      reveal();
    }).observe(document.querySelector("main") || document.body, { childList: true, subtree: true });
    window.addEventListener("pagehide", () => synth.cancel());
  }

  let started = false;
  atrophy.modules.listen = () => { if (!started) { started = true; start(); } };
  atrophy.listen = { texts, voice };
})(window.atrophy = window.atrophy || { modules: {} });
