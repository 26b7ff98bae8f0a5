/* About page (section[data-module=offline-packs]): is this guide saved for offline use, and which
   languages are saved on this device, with their sizes; download or remove them (the worker does it). */
(function (atrophy) {
  "use strict";

  const { render, worker } = atrophy;

  function showSize(row, bytes) {
    const kilobytes = Math.max(1, Math.round(bytes / 1024));
    let text;
    try {
      text = new Intl.NumberFormat(document.documentElement.lang, { style: "unit", unit: "kilobyte" }).format(kilobytes);
    } catch (error) {
      text = String(kilobytes);  // an old browser without unit formatting
    }
    render.slot(row, "size").textContent = text;
  }

  function showRow(row, status) {
    const code = row.dataset.pack;
    const saved = status.locales.includes(code);
    render.choose(row, "state", saved ? "saved" : "missing");
    row.querySelectorAll("[data-action=add-pack]").forEach((button) => { button.hidden = saved; });
    row.querySelectorAll("[data-action=remove-pack]").forEach((button) => { button.hidden = !saved; });
    if (status.sizes[code]) showSize(row, status.sizes[code]);
  }

  function showStatus(section, rows, status) {
    const ready = status.locales.includes(section.dataset.locale);
    render.choose(section, "offline", ready ? "ready" : "missing");
    rows.forEach((row) => showRow(row, status));
  }

  // A language not saved yet: its size from its offline manifest (needs the connection).
  function fetchSize(row) {
    fetch(row.dataset.manifest)
      .then((response) => (response.ok ? response.json() : null))
      .then((manifest) => { if (manifest && !render.slot(row, "size").textContent) showSize(row, manifest.locale_size); })
      .catch(() => {});
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

  function start(section) {
    section.hidden = false;
    if (!("serviceWorker" in navigator)) {
      render.choose(section, "offline", "unsupported");
      return;
    }
    const rows = Array.from(section.querySelectorAll("[data-pack]"));
    rows.forEach((row) => bind(section, rows, row));
    worker.ask({ type: "status" }).then((status) => {
      showStatus(section, rows, status);
      rows.filter((row) => !status.locales.includes(row.dataset.pack)).forEach(fetchSize);
    });
  }

  atrophy.modules["offline-packs"] = start;
})(window.atrophy = window.atrophy || { modules: {} });
