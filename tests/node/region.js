// Runs static/js/store.js numbersHere under node for tests/core/test_region_agree.py. Reads one JSON object on
// stdin: {countries, cases: [{search, languages, chosen}]} and writes, for each case, the code of the country
// whose number the device shows (null: "your local emergency number"), as JSON, in the same order.
"use strict";
globalThis.window = globalThis;
const [triageJs, store] = process.argv.slice(2);
const stored = new Map();
const storage = { getItem: (key) => (stored.has(key) ? stored.get(key) : null), setItem: (key, value) => stored.set(key, value),
  removeItem: (key) => stored.delete(key) };
Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true });
require(triageJs);
require(store);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.cases.map(({ search, languages, chosen }) => {
  Object.defineProperty(globalThis, "location", { value: { search }, configurable: true });
  Object.defineProperty(globalThis, "navigator", { value: { languages, language: languages[0] }, configurable: true });
  stored.clear();
  if (chosen) window.atrophy.store.write("region", chosen);
  const here = window.atrophy.store.numbersHere(input.countries);
  return here ? here.code : null;
})));
