/* Languages kept on this device (the service worker keeps them; static/js/offline.js asks it).
   About page (section[data-module=offline-packs]): is this guide saved for offline use, which languages
   are saved, with their sizes; download or remove them; a health worker's setting that keeps every
   language's flows. Offline page (section[data-module=saved-pages]): links to what is saved, in every
   language kept, first this same page in another language, so that no offline page is a dead end. */
(function (atrophy) {
  "use strict";

  const { render, worker } = atrophy;

  function sizeText(bytes) {
    const kilobytes = Math.max(1, Math.round(bytes / 1024));
    try {
      return new Intl.NumberFormat(document.documentElement.lang, { style: "unit", unit: "kilobyte" }).format(kilobytes);
    } catch (error) {
      return String(kilobytes);  // an old browser without unit formatting
    }
  }

  function showSize(row, bytes) {
    render.slot(row, "size").textContent = sizeText(bytes);
  }

  function showRow(row, status) {
    const code = row.dataset.pack;
    const saved = status.locales.includes(code);
    render.choose(row, "state", saved ? "saved" : "missing");
    row.querySelectorAll("[data-action=add-pack]").forEach((button) => { button.hidden = saved; });
    row.querySelectorAll("[data-action=remove-pack]").forEach((button) => { button.hidden = !saved; });
    if (status.sizes[code]) showSize(row, status.sizes[code]);
  }

  function showEvery(every, status) {
    render.choose(every, "every", status.everyLanguage ? "on" : "off");
    every.querySelector("[data-action=every-on]").hidden = status.everyLanguage;
    every.querySelector("[data-action=every-off]").hidden = !status.everyLanguage;
  }

  function showStatus(section, rows, status) {
    const ready = status.locales.includes(section.dataset.locale);
    render.choose(section, "offline", ready ? "ready" : "missing");
    rows.forEach((row) => showRow(row, status));
    showEvery(render.slot(section, "every-language"), status);
  }

  // Sizes from each language's offline manifest (needs the connection): a language not saved yet, and
  // every language's flows together (the health worker's setting).
  function fetchSizes(section, rows, status) {
    const every = render.slot(section, "every-size");
    const manifests = rows.map((row) => fetch(row.dataset.manifest)
      .then((response) => (response.ok ? response.json() : null))
      .then((manifest) => {
        if (manifest && !status.locales.includes(row.dataset.pack) && !render.slot(row, "size").textContent) {
          showSize(row, manifest.locale_size);
        }
        return manifest;
      })
      .catch(() => null));
    Promise.all(manifests).then((found) => {
      if (!found.every(Boolean)) return;
      const shell = found[0].size - found[0].locale_size;
      const bytes = shell + found.reduce((sum, manifest) => sum + manifest.flows_size, 0);
      every.textContent = every.dataset.words.replace("{size}", sizeText(bytes));
      every.hidden = false;
    });
  }

  // Give a row its state words and buttons; each button names the language for screen readers.
  function fill(row) {
    const language = row.querySelector("[lang]");
    render.slot(row, "state").append(render.clone("app-pack-state-template"));
    const actions = render.clone("app-pack-actions-template");
    actions.querySelectorAll("[data-slot=name]").forEach((name) => {
      name.textContent = ` ${language.textContent}`;
      name.lang = language.lang;
    });
    render.slot(row, "actions").append(actions);
  }

  function bind(section, rows, row) {
    fill(row);
    const act = (type) => {
      render.choose(row, "state", "busy");
      worker.ask({ type, locale: row.dataset.pack })
        .then((status) => showStatus(section, rows, status), () => render.choose(row, "state", "failed"));
    };
    row.querySelectorAll("[data-action=add-pack]").forEach((b) => b.addEventListener("click", () => act("add-locale")));
    row.querySelectorAll("[data-action=remove-pack]").forEach((b) => b.addEventListener("click", () => act("remove-locale")));
  }

  function bindEvery(section, rows) {
    const every = render.slot(section, "every-language");
    const act = (on) => {
      render.choose(every, "every", "busy");
      worker.ask({ type: "every-language", on })
        .then((status) => showStatus(section, rows, status), () => render.choose(every, "every", "failed"));
    };
    every.querySelector("[data-action=every-on]").addEventListener("click", () => act(true));
    every.querySelector("[data-action=every-off]").addEventListener("click", () => act(false));
  }

  function start(section) {
    section.hidden = false;
    if (!("serviceWorker" in navigator)) {
      render.choose(section, "offline", "unsupported");
      render.slot(section, "every-language").hidden = true;
      return;
    }
    const rows = Array.from(section.querySelectorAll("[data-pack]"));
    rows.forEach((row) => bind(section, rows, row));
    bindEvery(section, rows);
    worker.ask({ type: "status" }).then((status) => {
      showStatus(section, rows, status);
      fetchSizes(section, rows, status);
    });
  }

  // The offline page: show each language kept (its flows; its cards and about page when kept whole),
  // link this same page in each language that has it saved, and point the language links there too.
  function showSaved(section) {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
    const path = window.location.pathname;
    const rest = path.split("/").slice(2).join("/");
    worker.ask({ type: "saved", path }).then((saved) => {
      section.querySelectorAll("[data-saved]").forEach((item) => {
        const code = item.dataset.saved;
        item.hidden = !saved.locales.includes(code) && !saved.flows.includes(code);
        item.querySelectorAll("[data-part=whole]").forEach((part) => { part.hidden = !saved.locales.includes(code); });
      });
      const list = render.slot(section, "same-list");
      saved.same.forEach((code) => {
        const name = section.querySelector(`[data-saved="${code}"] [data-slot=name]`);
        const link = Object.assign(document.createElement("a"), { href: `/${code}/${rest}`, lang: code, hreflang: code });
        link.textContent = name ? name.textContent : code;
        const item = document.createElement("li");
        item.append(link);
        list.append(item);
      });
      render.slot(section, "same").hidden = !saved.same.length;
      // The footer's language links lead to this page in that language (saved, or this page again).
      if (rest !== "offline") {
        document.querySelectorAll("a[data-locale]").forEach((link) => { link.href = `/${link.dataset.locale}/${rest}`; });
      }
    }, () => {});
  }

  atrophy.modules["offline-packs"] = start;
  atrophy.modules["saved-pages"] = showSaved;
})(window.atrophy = window.atrophy || { modules: {} });
