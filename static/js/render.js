/* Showing the on-device flows: server-rendered <template>s (all words already translated) filled with
   text from the cached JSON. Text goes in through textContent only; no markup is built from data. */
(function (atrophy) {
  "use strict";

  function clone(id) {
    return document.getElementById(id).content.cloneNode(true);
  }

  function slot(root, name) {
    return root.querySelector(`[data-slot="${name}"]`);
  }

  // Put text in a slot, or remove the slot when there is no text.
  function setText(root, name, text) {
    const element = slot(root, name);
    if (text) element.textContent = text;
    else element.remove();
  }

  // Append one <li> per item to the list in a slot; fill(li, item) for more than text.
  function fillList(root, name, items, fill) {
    const list = slot(root, name);
    items.forEach((item) => {
      const li = document.createElement("li");
      if (fill) fill(li, item);
      else li.textContent = item;
      list.append(li);
    });
  }

  // Show only the child of [data-choose=name] whose data-<name> is value.
  function choose(root, name, value) {
    root.querySelectorAll(`[data-choose="${name}"] > [data-${name}]`).forEach((element) => {
      element.hidden = element.getAttribute(`data-${name}`) !== value;
    });
  }

  // The flows' data addresses and the words around the emergency number (template#app-flow-data).
  function flowData() {
    return document.getElementById("app-flow-data").dataset;
  }

  // {name: parsed JSON} for each named address in flowData(); rejects when one cannot be had.
  function load(names) {
    const data = flowData();
    return Promise.all(names.map((name) => fetch(data[name]).then((response) => {
      if (!response.ok) throw new Error(`${data[name]}: ${response.status}`);
      return response.json();
    }))).then((documents) => Object.fromEntries(names.map((name, i) => [name, documents[i]])));
  }

  // The emergency number in words, as components/emergency.html number_text().
  function numberText(numbers) {
    const words = flowData();
    if (!numbers) return words.i18nNumberUnknown;
    if (!numbers.ambulance) return numbers.emergency;
    return words.i18nNumberAmbulance.replace("{emergency}", numbers.emergency).replace("{ambulance}", numbers.ambulance);
  }

  // Fill the care card in view, as components/care_card.html does.
  function careCard(view, level, told, number) {
    const withNumber = (text) => text.split("{number}").join(number);
    slot(view, "card").classList.add(`app-care-card--${level.code.replace("_", "-")}`);
    slot(view, "heading").dataset.disposition = level.code;
    choose(view, "level", level.code);
    setText(view, "title", withNumber(level.title));
    setText(view, "how_soon", level.how_soon);
    fillList(view, "advice", level.advice.map(withNumber));
    if (told.context.length) fillList(view, "advice", level.inactivity_advice || []);
    const reasons = told.reasons.concat(told.context);
    if (reasons.length) fillList(view, "reasons", reasons);
    slot(view, reasons.length ? "no-reasons" : "because").remove();
    setText(view, "why", level.why);
    if ((level.watch_for || []).length) fillList(view, "watch_for", level.watch_for);
    else slot(view, "watch").remove();
    setText(view, "note", level.note);
  }

  // Replace what main shows (keeping its templates and notices) and title the page.
  function show(main, view, title, focus) {
    Array.from(main.children).forEach((child) => {
      if (!child.matches("template, [data-module='service-worker'], [role=note]")) child.remove();
    });
    main.append(view);
    const suffix = document.title.slice(document.title.lastIndexOf(" | "));
    document.title = title + suffix;
    if (focus) main.querySelector("[tabindex='-1']").focus();
  }

  atrophy.render = { clone, slot, setText, fillList, choose, load, numberText, careCard, show };
})(window.atrophy = window.atrophy || { modules: {} });
