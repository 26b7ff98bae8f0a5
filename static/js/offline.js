/* The service worker from the page's side: register it, offer "new content ready: reload" (the page never
   reloads by itself), ask it things (atrophy.worker.ask), remember the language chosen, offer to install. */
(function (atrophy) {
  "use strict";

  let reloadAsked = false;

  // Send a message to the active worker; resolves with its answer.
  function ask(message) {
    return navigator.serviceWorker.ready.then((registration) => new Promise((resolve, reject) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (event.data && event.data.error) reject(new Error(event.data.error));
        else resolve(event.data);
      };
      registration.active.postMessage(message, [channel.port2]);
    }));
  }

  function offerReload(element, registration) {
    const notice = atrophy.render.slot(element, "update");
    notice.hidden = false;
    notice.querySelector("[data-action=reload]").onclick = () => {
      reloadAsked = true;
      if (registration.waiting) registration.waiting.postMessage({ type: "skip-waiting" });
      else window.location.reload();
    };
  }

  function watchForUpdates(element, registration) {
    if (registration.waiting && navigator.serviceWorker.controller) offerReload(element, registration);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(element, registration);
      });
    });
  }

  // data-module="service-worker" (on every page): register the worker and watch for new versions.
  function register(element) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (reloadAsked) window.location.reload();
    });
    // After the page is shown: its precache (every script, the pages, the JSON) never delays this page.
    const start = () => navigator.serviceWorker.register(element.dataset.src, { scope: "/" })
      .then((registration) => watchForUpdates(element, registration), () => {});
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
  }

  // A language link (footer, data-locale) was followed: remember it here and in the worker, for "/".
  function rememberLanguage(event) {
    const link = event.target.closest("a[data-locale]");
    if (!link) return;
    atrophy.store.write("locale", link.dataset.locale);
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "remember-locale", locale: link.dataset.locale });
  }

  // data-module="install": a button where the browser offers an install prompt, the steps on iOS.
  function install(element) {
    if (window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true) return;
    const prompt = element.querySelector("[data-install=prompt]");
    if ("standalone" in navigator) element.querySelector("[data-install=ios]").hidden = false;
    window.addEventListener("beforeinstallprompt", (event) => {
      event.preventDefault();
      prompt.hidden = false;
      prompt.querySelector("button").onclick = () => {
        prompt.hidden = true;
        event.prompt();
      };
    });
  }

  document.addEventListener("click", rememberLanguage);
  atrophy.worker = { ask };
  atrophy.modules["service-worker"] = register;
  atrophy.modules.install = install;
})(window.atrophy = window.atrophy || { modules: {} });
