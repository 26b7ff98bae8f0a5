// Runs static/js/render.js under node for tests/i18n/test_country_names.py. Reads one JSON object on stdin:
//   {countries: [the numbers JSON's countries], pages: [{lang, pattern, code}]}
// and writes, for each page, pattern with {in_country} filled as the device fills it (render.inCountry).
"use strict";
globalThis.window = globalThis;
globalThis.document = { documentElement: { lang: "" } };
require(process.argv[2]);
const { render } = window.atrophy;
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.pages.map(({ lang, pattern, code }) => {
  document.documentElement.lang = lang;
  const country = input.countries.find((c) => c.code === code);
  return pattern.replace("{in_country}", render.inCountry(country));
})));
