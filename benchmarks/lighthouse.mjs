/* Lighthouse scores (mobile defaults) for four pages of a running atrophy-pwa: the home page, a card,
   the checklist and a care result. Starts no server; it launches Chromium through puppeteer-core.

   How to run it locally (Node 18.20+; uses the system Chromium, downloads no browser):

       cd benchmarks && PUPPETEER_SKIP_DOWNLOAD=1 npm ci && cd ..
       atrophy-pwa serve --port 8000 &
       CHROME_PATH=/usr/bin/chromium node benchmarks/lighthouse.mjs [BASE_URL] [REPORT_DIR]

   BASE_URL defaults to http://127.0.0.1:8000 and REPORT_DIR to /tmp/lighthouse, where each page's
   report is saved as <page>.report.html and <page>.report.json (and the care result's final screenshot
   as care-result.final-screenshot.jpg, the page after the run as care-result.after.png, and the
   flow report as care-result.flow.html). Prints the performance, accessibility, best-practices and SEO
   scores of each page, then every audit that did not pass in full. Exits 1 when a page could not be
   measured or the care result did not render.

   The care result is not a GET page: without JavaScript it follows a POST, and with JavaScript the
   page /<locale>/care renders it on the device from localStorage. So it is measured as a Lighthouse
   user flow: open /en/care, store a finished set of answers under "atrophy-pwa:care", clear the service
   worker, Cache Storage and HTTP cache (so the load is as cold as the others), then a measured
   navigation to /en/care with storage reset off, so the result renders on load. The script checks the
   measured page shows the result ([data-disposition]), not the first step.
*/
import fs from 'node:fs/promises';
import path from 'node:path';

import lighthouse, {generateReport, startFlow} from 'lighthouse';
import puppeteer from 'puppeteer-core';

const base = (process.argv[2] || 'http://127.0.0.1:8000').replace(/\/+$/, '');
const outDir = process.argv[3] || '/tmp/lighthouse';
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// Without the background-networking flags Chromium's own connections are refused here and it hangs.
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const CARE_ANSWERS = {step: 0, answers: {balance_falls: true}, done: true};  // see static/js/care-flow.js

async function firstCardPath() {
  const response = await fetch(`${base}/api/v1/en/cards`);
  if (!response.ok) throw new Error(`GET ${base}/api/v1/en/cards answered ${response.status}`);
  const {cards} = await response.json();
  return `/en/cards/${cards[0].slug}`;
}

async function save(name, lhr) {
  await fs.writeFile(path.join(outDir, `${name}.report.html`), generateReport(lhr, 'html'));
  await fs.writeFile(path.join(outDir, `${name}.report.json`), JSON.stringify(lhr, null, 2));
}

async function measurePage(browser, url) {
  const page = await browser.newPage();
  try {
    const result = await lighthouse(url, {output: 'json', logLevel: 'error'}, undefined, page);
    return result.lhr;
  } finally {
    await page.close();
  }
}

async function measureCareResult(browser, url) {
  const page = await browser.newPage();
  try {
    await page.goto(url, {waitUntil: 'networkidle0'});
    await page.evaluate((value) => localStorage.setItem('atrophy-pwa:care', value), JSON.stringify(CARE_ANSWERS));
    const cdp = await page.createCDPSession();
    await cdp.send('Storage.clearDataForOrigin', {origin: new URL(url).origin,
      storageTypes: 'service_workers,cache_storage'});
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    const flow = await startFlow(page, {name: 'Care result', flags: {logLevel: 'error'}});
    await flow.navigate(url, {name: 'care result', disableStorageReset: true, usePassiveGathering: false});
    const shown = await page.evaluate(() => {
      const heading = document.querySelector('[data-disposition]');
      return heading && {disposition: heading.dataset.disposition, text: heading.innerText.replace(/\s+/g, " ").trim(),
        firstStep: Boolean(document.querySelector('form[data-module=care-flow] [data-question]'))};
    });
    await page.screenshot({path: path.join(outDir, 'care-result.after.png')});
    const flowResult = await flow.createFlowResult();
    await fs.writeFile(path.join(outDir, 'care-result.flow.html'), await flow.generateReport());
    return {lhr: flowResult.steps[0].lhr, shown};
  } finally {
    await page.close();
  }
}

function failing(lhr) {
  const rows = [];
  for (const id of CATEGORIES) {
    for (const ref of lhr.categories[id].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        rows.push(`  [${id}] ${ref.id} (score ${audit.score}${audit.displayValue ? `, ${audit.displayValue}` : ''}): ${audit.title}`);
        for (const item of (audit.details?.items || []).slice(0, 5)) {
          const where = item.node?.snippet || item.url || item.source?.url || item.description || item.label || '';
          if (where) rows.push(`      ${String(where).slice(0, 160)}`);
        }
      }
    }
  }
  return rows;
}

async function main() {
  await fs.mkdir(outDir, {recursive: true});
  const pages = [['home', '/en/'], ['card', await firstCardPath()], ['checklist', '/en/checklist'],
    ['care-result', '/en/care']];
  const browser = await puppeteer.launch({executablePath: chrome, headless: true, args: CHROME_ARGS,
    defaultViewport: null});
  const results = [];
  let ok = true;
  try {
    for (const [name, pagePath] of pages) {
      const url = base + pagePath;
      let lhr;
      if (name === 'care-result') {
        const measured = await measureCareResult(browser, url);
        lhr = measured.lhr;
        if (!measured.shown || measured.shown.firstStep) {
          ok = false;
          console.error(`care result NOT measured: ${url} showed ${measured.shown ? 'the first step' : 'no [data-disposition]'}`);
        } else {
          console.error(`care result measured: [data-disposition="${measured.shown.disposition}"] "${measured.shown.text}"`);
        }
        const shot = lhr.audits['final-screenshot']?.details?.data;
        if (shot) await fs.writeFile(path.join(outDir, 'care-result.final-screenshot.jpg'), Buffer.from(shot.split(',')[1], 'base64'));
      } else {
        lhr = await measurePage(browser, url);
      }
      if (lhr.runtimeError) {
        ok = false;
        console.error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      }
      await save(name, lhr);
      results.push({name, url: pagePath, lhr});
    }
  } finally {
    await browser.close();
  }
  console.log(`Lighthouse ${results[0]?.lhr.lighthouseVersion}, ${results[0]?.lhr.configSettings.formFactor}, ` +
    `${results[0]?.lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0]}, ${base}`);
  console.log(`${'page'.padEnd(44)} ${CATEGORIES.map((c) => c.padStart(16)).join('')}`);
  for (const {url, lhr} of results) {
    const scores = CATEGORIES.map((c) => String(Math.round((lhr.categories[c]?.score ?? NaN) * 100)).padStart(16));
    console.log(`${url.padEnd(44)} ${scores.join('')}`);
  }
  for (const {url, lhr} of results) {
    const rows = failing(lhr);
    if (rows.length) console.log(`\n${url}: audits below full score\n${rows.join('\n')}`);
  }
  console.log(`\nreports in ${outDir}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
