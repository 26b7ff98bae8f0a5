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

  // The flows' data addresses (template#app-flow-data).
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

  // Put the device's numbers into every tap-to-call link under root made with slots for them
  // (components/emergency.html NUMBER_SLOTS: href="tel:{emergency}", "Call {emergency}"); a link for a
  // number this country does not have is removed.
  function putNumbers(root, numbers) {
    root.querySelectorAll('a[href^="tel:{"]').forEach((link) => {
      const name = link.getAttribute("href").slice("tel:{".length, -1);
      const number = numbers && numbers[name];
      if (!number) { link.remove(); return; }
      link.href = `tel:${number}`;
      const texts = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
      while (texts.nextNode()) texts.currentNode.data = texts.currentNode.data.split(`{${name}}`).join(number);
    });
  }

  // The emergency number as components/emergency.html number_text() words it, from the page's
  // template[data-number-template] (number_template()): tap-to-call links, or "your local emergency number".
  function numberNodes(numbers) {
    const kind = !numbers ? "none" : numbers.ambulance ? "ambulance" : "emergency";
    const words = document.querySelector("template[data-number-template]").content
      .querySelector(`[data-number="${kind}"]`).cloneNode(true);
    putNumbers(words, numbers);
    return Array.from(words.childNodes);
  }

  // Put `text` into element, with each {number} as the local number (tap-to-call where known).
  function fillNumber(element, text, numbers) {
    element.replaceChildren();
    text.split("{number}").forEach((part, index) => {
      if (index) element.append(...numberNodes(numbers));
      if (part) element.append(part);
    });
  }

  // Every [data-sentence] under root ("Call {number} now if ...") with this device's number.
  function fillSentences(root, numbers) {
    root.querySelectorAll("[data-sentence]").forEach((element) => {
      fillNumber(element, element.dataset.sentence, numbers);
    });
  }

  // The parts of an empty care card (components/care_card.html for_levels) for this level code: those whose
  // data-if-level names it stay, unwrapped, as the server writes them; the others go.
  function forLevel(root, code) {
    root.querySelectorAll("[data-if-level]").forEach((part) => {
      if (part.dataset.ifLevel.split(" ").includes(code)) part.replaceWith(...part.childNodes);
      else part.remove();
    });
  }

  // The big call buttons of an emergency result: the country's numbers, or where the country is not
  // known the no-country number (112, content/emergency_numbers.toml) with its plain sentence.
  function callButtons(view, numbers) {
    const call = slot(view, "call");
    if (!call) return;  // not an emergency result
    if (!numbers) { call.remove(); return; }
    slot(view, "no-country").remove();
    putNumbers(call, numbers);
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

  // Fill the empty care card in view (components/care_card.html with no level) as the server fills it.
  function careCard(view, level, told, numbers) {
    slot(view, "card").classList.add(`app-care-card--${level.code.replace("_", "-")}`);
    slot(view, "heading").dataset.disposition = level.code;
    forLevel(view, level.code);
    fillNumber(slot(view, "title"), level.title, numbers);
    callButtons(view, numbers);
    setText(view, "how_soon", level.how_soon);
    level.advice.forEach((item) => {
      const li = document.createElement("li");
      fillNumber(li, item, numbers);
      slot(view, "advice").append(li);
    });
    if (told.context.length) fillList(view, "advice", level.inactivity_advice || []);
    const reasons = told.reasons.concat(told.context);
    if (reasons.length) fillList(view, "reasons", reasons);
    slot(view, reasons.length ? "no-reasons" : "because").remove();
    setText(view, "why", level.why);
    fillSentences(view, numbers);
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

  // A result's hand-over box (components/handover.html), filled by handover.js: it and vendor/lean-qr.js
  // load with the first result, not with the page (precached by the service worker for offline).
  let handoverScripts = null;
  function handover(view, kind, ids) {
    const template = view.querySelector("template[data-handover-template]");
    if (!template) return;
    if (atrophy.handover) { atrophy.handover.show(template, kind, ids); return; }
    handoverScripts = handoverScripts || Promise.all(template.dataset.handoverScripts.split(" ").map((src) => new Promise((loaded, failed) => {
      const script = Object.assign(document.createElement("script"), { src, async: false, onload: loaded, onerror: failed });
      document.head.append(script);
    })));
    handoverScripts.then(() => {
      if (template.isConnected) atrophy.handover.show(template, kind, ids);  // not if a view replaced it
    }, () => { handoverScripts = null; });  // no box, as before when a script failed; tried again next time
  }

  atrophy.render = { clone, slot, setText, picture, fillList, choose, load, careCard, show, unshow, fillSentences, fillNumber, regionChange, inCountry, askSamePerson, handover };
})(window.atrophy = window.atrophy || { modules: {} });
