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

  // Copies of the pictures in template#app-pictures-template's element matching selector (none: []).
  function picture(selector) {
    const pictures = document.getElementById("app-pictures-template");
    const found = pictures && pictures.content.querySelector(selector);
    return found ? Array.from(found.cloneNode(true).childNodes) : [];
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

  // A tap-to-call link for one number.
  function tel(number) {
    const link = document.createElement("a");
    link.className = "app-tel";
    link.href = `tel:${number}`;
    link.textContent = number;
    return link;
  }

  // Text and tap-to-call links for `pattern` with {name} placeholders: {name: number} become links.
  function withLinks(pattern, numbersByName) {
    const fragment = document.createDocumentFragment();
    pattern.split(/(\{[a-z]+\})/).forEach((part) => {
      const name = part.slice(1, -1);
      if (part.startsWith("{") && numbersByName[name]) fragment.append(tel(numbersByName[name]));
      else if (part) fragment.append(part);
    });
    return fragment;
  }

  // The emergency number as components/emergency.html number_text() makes it: links, or words.
  // words: {ambulance, unknown} patterns (data- attributes of the page).
  function numberNodes(numbers, words) {
    if (!numbers) return document.createTextNode(words.unknown);
    if (!numbers.ambulance) return tel(numbers.emergency);
    return withLinks(words.ambulance, { emergency: numbers.emergency, ambulance: numbers.ambulance });
  }

  // Put `text` into element, with each {number} as the local number (tap-to-call where known).
  function fillNumber(element, text, numbers, words) {
    element.replaceChildren();
    text.split("{number}").forEach((part, index) => {
      if (index) element.append(numberNodes(numbers, words));
      if (part) element.append(part);
    });
  }

  function numberWords() {
    const data = flowData();
    return { ambulance: data.i18nNumberAmbulance, unknown: data.i18nNumberUnknown };
  }

  // Every [data-sentence] under root ("Call {number} now if ...") with this device's number.
  function fillSentences(root, numbers, words) {
    root.querySelectorAll("[data-sentence]").forEach((element) => {
      fillNumber(element, element.dataset.sentence, numbers, words);
    });
  }

  // The big call buttons of the emergency result. Where the country is not known: the no-country
  // number (112, content/emergency_numbers.toml) with its plain sentence, as components/emergency.html.
  function callButtons(view, numbers) {
    const call = slot(view, "call");
    if (!numbers) { call.remove(); return; }
    slot(view, "no-country").remove();
    call.querySelectorAll("[data-call]").forEach((button) => {
      const number = numbers[button.dataset.call];
      if (!number) { button.remove(); return; }
      button.href = `tel:${number}`;
      slot(button, "call-words").textContent = button.dataset.words.replace("{number}", number);
    });
  }

  // "Not in <country>? Change the country" (folded) where the country is known, showing the country
  // chosen. Not known: on an emergency result the picker goes beside the no-country number, under the
  // heading; elsewhere it is open at the top of the result. then(): show again after a country is chosen.
  function regionChange(view, numbers, then) {
    const region = slot(view, "region");
    const summary = region.querySelector("summary");
    const noCountry = slot(view, "no-country");
    const form = region.querySelector("form");
    if (numbers) {
      summary.textContent = summary.dataset.change.replace("{in_country}", inCountry(numbers));
      form.elements.region.value = numbers.code;
    } else if (noCountry) {
      noCountry.append(form);
      region.remove();
    } else {
      summary.textContent = summary.dataset.unknown;
      region.open = true;
      slot(view, "card").before(region);
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      atrophy.store.chooseRegion(event.target.elements.region.value);
      then();
    });
  }

  // The country with the words for "in" it needs in the page's language ("in Canada", "au Canada",
  // "nchini Kenya"), as the server writes it (country_names.py, in the numbers JSON); the same words
  // online, offline and without JavaScript. The English phrase where the page's language has none.
  function inCountry(numbers) {
    const phrases = numbers.in_country || {};
    return phrases[document.documentElement.lang] || phrases.en || numbers.name;
  }

  // Fill the care card in view, as components/care_card.html does.
  function careCard(view, level, told, numbers) {
    const words = numberWords();
    slot(view, "card").classList.add(`app-care-card--${level.code.replace("_", "-")}`);
    slot(view, "heading").dataset.disposition = level.code;
    choose(view, "level", level.code);
    choose(view, "level-picture", level.code);
    fillNumber(slot(view, "title"), level.title, numbers, words);
    if (level.code === "emergency") callButtons(view, numbers);
    else { slot(view, "call").remove(); slot(view, "no-country").remove(); }
    setText(view, "how_soon", level.how_soon);
    level.advice.forEach((item) => {
      const li = document.createElement("li");
      fillNumber(li, item, numbers, words);
      slot(view, "advice").append(li);
    });
    if (told.context.length) fillList(view, "advice", level.inactivity_advice || []);
    const reasons = told.reasons.concat(told.context);
    if (reasons.length) fillList(view, "reasons", reasons);
    slot(view, reasons.length ? "no-reasons" : "because").remove();
    setText(view, "why", level.why);
    // "Get care sooner if": only the levels more urgent than this one, in the flow's own words.
    const codes = level.code === "emergency" ? [] : ["emergency", "urgent", "appointment"].slice(0, ["urgent", "appointment", "self_care"].indexOf(level.code) + 1);
    view.querySelectorAll("[data-help-level]").forEach((part) => { if (!codes.includes(part.dataset.helpLevel)) part.remove(); });
    if (!codes.length) slot(view, "sooner").remove();
    fillSentences(view, numbers, words);
    setText(view, "note", level.note);
    if (!level.note) slot(view, "note-box").remove();
  }

  // What show() never takes away: the templates, the pictures' sprite (every <use> points into it),
  // the service worker's notices and the page's notes.
  const KEEP = "template, .app-pictograms, [data-module='service-worker'], [role=note]";

  // Show view in main in place of the page's own content, and title the page. The page's content is
  // kept aside as it was (ticks, hidden parts) for unshow(); a view shown before is replaced.
  function show(main, view, title, focus) {
    if (!main.atrophyPage) {
      const marker = document.createComment("page");
      const parts = Array.from(main.children).filter((child) => !child.matches(KEEP));
      if (parts.length) parts[0].before(marker); else main.append(marker);
      parts.forEach((part) => part.remove());
      main.atrophyPage = { marker, parts, shown: [], title: document.title };
    }
    main.atrophyPage.shown.forEach((node) => node.remove());
    main.atrophyPage.shown = Array.from(view.childNodes);
    main.append(view);
    const suffix = document.title.slice(document.title.lastIndexOf(" | "));
    document.title = title + suffix;
    if (focus) main.querySelector("[tabindex='-1']").focus();
  }

  // Put back the page's own content that show() took away (the form with its ticks); false if none.
  function unshow(main) {
    const page = main.atrophyPage;
    if (!page) return false;
    page.shown.forEach((node) => node.remove());
    page.marker.replaceWith(...page.parts);
    document.title = page.title;
    delete main.atrophyPage;
    return true;
  }

  // "Same person or new person?" in place of the form, for answers saved on this phone met by a page
  // opened afresh: one choice of two buttons; "New person" clears every answer at once. then(same) once chosen.
  function askSamePerson(form, then) {
    const prompt = clone("app-same-person-template");
    const section = slot(prompt, "same-person");
    const progress = document.querySelector(".app-progress");
    form.hidden = true;
    if (progress) progress.hidden = true;
    form.before(prompt);
    section.querySelector("h1").focus();
    section.addEventListener("click", (event) => {
      const button = event.target.closest("[data-action]");
      if (!button) return;
      const same = button.dataset.action === "same-person";
      if (!same) atrophy.store.clearAnswers();
      section.remove();
      form.hidden = false;
      if (progress) progress.hidden = false;
      then(same);
    });
  }

  atrophy.render = { clone, slot, setText, picture, fillList, choose, load, careCard, show, unshow, fillSentences, fillNumber, regionChange, inCountry, askSamePerson };
})(window.atrophy = window.atrophy || { modules: {} });
