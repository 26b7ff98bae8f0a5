/* atrophy-pwa service worker. The server heads this file with `const VERSION = "...";` (offline.py), a
   hash of every locale's precache manifest, so any change to what is precached installs a new worker.
   Top to bottom: names, settings, precaching, install, activate, fetch routing, messages.
   Precached addresses are served from the cache first; other pages try the network, then the offline
   page. Requests other than GET (the no-JS forms' POSTs) are never touched, so never cached. */
"use strict";

const PREFIX = "atrophy-pwa-";
const CURRENT = `${PREFIX}${VERSION}-`;          // this version's caches: CURRENT + "shell" or + a locale
const SETTINGS_CACHE = `${PREFIX}settings`;       // kept across versions
const SETTINGS_URL = "/__atrophy-pwa/settings";   // {locales: [kept offline], preferred: last chosen,
                                                  //  everyLanguage: a health worker keeps every language's flows}
const MARKER_URL = "/__atrophy-pwa/precached";    // in each precache, written last: the entries it holds
const LOCALE = /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$/;
const FLOWS = "flows:";  // a locale's flows are the group "flows:<locale>" of its manifest (offline.py)

// --- settings ---------------------------------------------------------------------------------------
function json(value) {
  return new Response(JSON.stringify(value), { headers: { "Content-Type": "application/json" } });
}

async function readSettings() {
  const response = await (await caches.open(SETTINGS_CACHE)).match(SETTINGS_URL);
  return response ? response.json() : { locales: [], preferred: null, everyLanguage: false };
}

async function saveSettings(change) {
  const settings = { ...(await readSettings()), ...change };
  await (await caches.open(SETTINGS_CACHE)).put(SETTINGS_URL, json(settings));
  return settings;
}

function localeOf(url) {
  const first = new URL(url, self.location.href).pathname.split("/")[1];
  return LOCALE.test(first) ? first : null;
}

// --- precaching -------------------------------------------------------------------------------------
async function fetchManifest(locale) {
  const response = await fetch(`/api/v1/${locale}/offline-manifest`, { cache: "no-cache" });
  if (response.status === 404) return null;  // a language the server does not offer (any more)
  if (!response.ok) throw new Error(`offline manifest of ${locale}: ${response.status}`);
  return response.json();
}

// "url revision" -> a cache of any version that holds it, so unchanged files are not downloaded again.
async function knownCopies() {
  const known = new Map();
  for (const name of await caches.keys()) {
    const marker = name.startsWith(PREFIX) && (await (await caches.open(name)).match(MARKER_URL));
    if (marker) (await marker.json()).forEach((entry) => known.set(`${entry.url} ${entry.revision}`, name));
  }
  return known;
}

async function store(cache, entry, known) {
  const holder = known.get(`${entry.url} ${entry.revision}`);
  const copy = holder && (await (await caches.open(holder)).match(entry.url));
  if (copy) return cache.put(entry.url, copy);
  const response = await fetch(entry.url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${entry.url}: ${response.status}`);
  return cache.put(entry.url, response.redirected ? await unredirected(response) : response);
}

// A static host answers /en/about with a redirect to /en/about/ (export.py). A browser refuses a redirected
// response to a page request, so the copy kept is a plain response with the same body and headers.
async function unredirected(response) {
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

// group -> url -> entry; the shell is in every locale's manifest, and is kept once.
function byGroup(entries) {
  const groups = new Map();
  for (const entry of entries) {
    if (!groups.has(entry.group)) groups.set(entry.group, new Map());
    groups.get(entry.group).set(entry.url, entry);
  }
  return groups;
}

// Put every entry in this version's caches, one cache per group; a group already complete is left as it
// is. If any entry fails, the caches this call created are removed and the promise rejects.
async function precache(entries) {
  const known = await knownCopies();
  const created = [];
  try {
    for (const [group, listed] of byGroup(entries)) {
      const name = CURRENT + group;
      if (!(await caches.has(name))) created.push(name);
      const cache = await caches.open(name);
      if (await cache.match(MARKER_URL)) continue;
      await Promise.all([...listed.values()].map((entry) => store(cache, entry, known)));
      await cache.put(MARKER_URL, json([...listed.values()]));
    }
  } catch (error) {
    await Promise.all(created.map((name) => caches.delete(name)));
    throw error;
  }
}

// Precache the given locales (with the shell); resolves with those the server offers.
async function precacheLocales(locales) {
  const manifests = (await Promise.all(locales.map(fetchManifest))).filter(Boolean);
  await precache(manifests.flatMap((manifest) => manifest.entries));
  return manifests.map((manifest) => manifest.locale);
}

// Every locale the server offers (/api/v1/locales, also in the static export).
async function offeredLocales() {
  const response = await fetch("/api/v1/locales", { cache: "no-cache" });
  if (!response.ok) throw new Error(`locales: ${response.status}`);
  return (await response.json()).locales.map((locale) => locale.code).filter((code) => LOCALE.test(code));
}

// A health worker's device: the flows of every locale (and the shell), so that the language can change
// mid-flow with no connection. The rest of each locale (cards, about) is kept only for the locales chosen.
async function precacheEveryFlow() {
  const manifests = (await Promise.all((await offeredLocales()).map(fetchManifest))).filter(Boolean);
  await precache(manifests.flatMap((manifest) => manifest.entries)
    .filter((entry) => entry.group === "shell" || entry.group.startsWith(FLOWS)));
}

// --- install: the shell, the languages kept offline, the one chosen and those of open pages --------
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const settings = await readSettings();
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.map((client) => localeOf(client.url));
    const wanted = new Set([...settings.locales, settings.preferred, ...open].filter(Boolean));
    const saved = await precacheLocales([...wanted]);
    if (!saved.length) throw new Error("no language to keep offline");
    if (settings.everyLanguage) await precacheEveryFlow();
    await saveSettings({ locales: saved });
  })());
});

// --- activate: remove every cache this version's manifests do not name, then control open pages -----
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const stale = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== SETTINGS_CACHE
      && !name.startsWith(CURRENT));
    await Promise.all(stale.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// --- fetch routing ----------------------------------------------------------------------------------
async function currentCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(CURRENT));
}

// The saved copy of url; "/en/about/" (where a static host's redirect leads) finds that of "/en/about".
async function fromPrecache(url) {
  const bare = new URL(url);
  bare.pathname = bare.pathname.replace(/(.)\/$/, "$1");
  for (const name of await currentCaches()) {
    const cache = await caches.open(name);
    const hit = (await cache.match(url, { ignoreVary: true })) || (await cache.match(bare.href, { ignoreVary: true }));
    if (hit) return hit;
  }
  return null;
}

async function offlinePage(url) {
  const { preferred, locales } = await readSettings();
  for (const locale of [localeOf(url), preferred, ...locales].filter(Boolean)) {
    const page = await fromPrecache(new URL(`/${locale}/offline`, self.location.href).href);
    if (page) return page;
  }
  return Response.error();
}

// "/": the language last chosen on this device; else the server's choice, or a saved language offline.
async function home(request) {
  const { preferred, locales } = await readSettings();
  if (preferred) return Response.redirect(`/${preferred}/`, 302);
  try {
    return await fetch(request);
  } catch (error) {
    if (locales.length) return Response.redirect(`/${locales[0]}/`, 302);
    throw error;
  }
}

async function route(request) {
  const url = new URL(request.url);
  if (request.mode === "navigate" && url.pathname === "/") return home(request);
  const cached = await fromPrecache(request.url);
  if (cached) return cached;
  if (request.mode !== "navigate") return fetch(request);
  try {
    return await fetch(request);
  } catch (error) {
    return offlinePage(request.url);
  }
}

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  if (new URL(event.request.url).origin !== self.location.origin) return;
  event.respondWith(route(event.request));
});

// --- messages from pages (static/js/offline.js, packs.js) --------------------------------------------
// locales: those kept whole, with their sizes; flows: the locales whose flows are kept (whole or not).
async function status() {
  const groups = {};
  for (const name of await currentCaches()) {
    const marker = await (await caches.open(name)).match(MARKER_URL);
    if (marker) groups[name.slice(CURRENT.length)] = (await marker.json()).reduce((sum, entry) => sum + entry.size, 0);
  }
  const locales = Object.keys(groups).filter((group) => group !== "shell" && !group.startsWith(FLOWS));
  const sizes = Object.fromEntries(locales.map((code) => [code, groups[code] + (groups[FLOWS + code] || 0)]));
  const flows = Object.keys(groups).filter((group) => group.startsWith(FLOWS)).map((group) => group.slice(FLOWS.length));
  const flowsSize = flows.reduce((sum, code) => sum + groups[FLOWS + code], 0);
  const { everyLanguage } = await readSettings();
  return { version: VERSION, locales, sizes, flows, flowsSize, everyLanguage: Boolean(everyLanguage) };
}

async function addLocale(locale) {
  if (!(await precacheLocales([locale])).length) throw new Error(`${locale} is not offered`);
  const { locales } = await readSettings();
  await saveSettings({ locales: [...new Set([...locales, locale])] });
  return status();
}

async function removeLocale(locale) {
  const { locales, everyLanguage } = await readSettings();
  await caches.delete(CURRENT + locale);
  if (!everyLanguage) await caches.delete(CURRENT + FLOWS + locale);
  await saveSettings({ locales: locales.filter((code) => code !== locale) });
  return status();
}

// The health worker setting (about page): keep every language's flows, or stop (the locales kept whole stay).
async function keepEveryLanguage(on) {
  if (on) {
    await precacheEveryFlow();
    await saveSettings({ everyLanguage: true });
    return status();
  }
  const { locales } = await saveSettings({ everyLanguage: false });
  const names = (await currentCaches()).filter((name) => name.startsWith(CURRENT + FLOWS)
    && !locales.includes(name.slice((CURRENT + FLOWS).length)));
  await Promise.all(names.map((name) => caches.delete(name)));
  return status();
}

// The offline page: which saved pages there are, first this same page in each language kept.
async function saved(path) {
  const here = new URL(path, self.location.href);
  const [, , ...rest] = here.pathname.split("/");
  const { locales, flows } = await status();
  const same = [];
  for (const code of new Set([...locales, ...flows])) {
    const url = new URL(`/${code}/${rest.join("/")}`, self.location.href).href;
    if (rest.join("/") !== "offline" && (await fromPrecache(url))) same.push(code);
  }
  return { locales, flows, same };
}

// A language chosen on a page: "/" opens it from now on, and it is saved for offline use (if there is
// a connection now; otherwise with the next version).
async function rememberLocale(locale) {
  const { locales } = await saveSettings({ preferred: locale });
  return locales.includes(locale) ? status() : addLocale(locale).catch(status);
}

const ANSWERS = {
  "status": () => status(),
  "add-locale": (data) => addLocale(data.locale),
  "remove-locale": (data) => removeLocale(data.locale),
  "remember-locale": (data) => rememberLocale(data.locale),
  "every-language": (data) => keepEveryLanguage(data.on === true),
  "saved": (data) => saved(String(data.path || "/")),
  "skip-waiting": () => self.skipWaiting(),
};

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const answer = ANSWERS[data.type];
  if (!answer || ("locale" in data && !LOCALE.test(data.locale))) return;
  const port = event.ports[0];
  const reply = (value) => port && port.postMessage(value);
  event.waitUntil(answer(data).then(reply, (error) => reply({ error: String(error) })));
});
