/* The emergency banner (components/emergency.html, aside[data-module=emergency-number]) on a page made
   without knowing the country, as every page of the static export is: show this device's number (the
   country chosen here, else the browser's languages, as atrophy.store.numbersHere) from the saved
   emergency numbers. Where the country is not known, the banner keeps "your local emergency number". */
(function (atrophy) {
  "use strict";

  // The country's name in the page's language where the browser knows it, else the name in the data.
  function countryName(code, fallback) {
    try {
      return new Intl.DisplayNames([document.documentElement.lang], { type: "region" }).of(code) || fallback;
    } catch (error) {
      return fallback;
    }
  }

  function fill(banner, countries) {
    const words = banner.dataset;
    const here = atrophy.store.numbersHere(countries);
    if (!here) return;
    const number = here.ambulance
      ? words.ambulance.replace("{emergency}", here.emergency).replace("{ambulance}", here.ambulance)
      : here.emergency;
    atrophy.render.slot(banner, "sentence").textContent = words.sentence.split("{number}").join(number);
    atrophy.render.slot(banner, "note").textContent = words.note.replace("{country}", countryName(here.code, here.name));
  }

  function start(banner) {
    fetch(banner.dataset.numbers)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((numbers) => fill(banner, numbers.countries), () => {});
  }

  atrophy.modules["emergency-number"] = start;
})(window.atrophy = window.atrophy || { modules: {} });
