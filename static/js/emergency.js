/* The boxes that name the emergency number (components/emergency.html: the home banner and the cards'
   "when to get help" box, [data-module=emergency-number]): show this device's number in the server's
   region order (atrophy.store.numbersHere: ?region=, else the country chosen here, else the phone's
   languages) as tap-to-call links, from the saved emergency numbers. The country can always be changed
   here; where it is not known, the box keeps "your local emergency number" and shows the picker. */
(function (atrophy) {
  "use strict";

  const { render, store } = atrophy;

  function fill(box, countries) {
    const words = box.dataset;
    const here = store.numbersHere(countries);
    render.fillSentences(box, here);
    const note = render.slot(box, "note");
    if (note) note.textContent = here ? words.note.replace("{in_country}", render.inCountry(here)) : "";
    const region = render.slot(box, "region");
    if (!region) return;
    region.hidden = false;  // hidden in the static export until this script runs
    const summary = region.querySelector("summary");
    const form = region.querySelector("form");
    if (here && summary) summary.textContent = words.change.replace("{in_country}", render.inCountry(here));
    if (here && !summary) {  // the server did not know the country, the device does: fold the picker away
      const details = document.createElement("details");
      const label = document.createElement("summary");
      label.textContent = words.change.replace("{in_country}", render.inCountry(here));
      details.append(label, form);
      region.replaceChildren(details);
    }
    if (form && form.elements.region) form.elements.region.value = here ? here.code : "";
  }

  function start(box) {
    fetch(box.dataset.numbers)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((numbers) => {
        fill(box, numbers.countries);
        const form = box.querySelector("form[data-action=choose-region]");
        if (form) {
          form.addEventListener("submit", (event) => {
            event.preventDefault();
            store.chooseRegion(form.elements.region.value);
            fill(box, numbers.countries);
          });
        }
      }, () => {});
  }

  atrophy.modules["emergency-number"] = start;
})(window.atrophy = window.atrophy || { modules: {} });
