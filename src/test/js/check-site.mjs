// Loads pages of a rendered sortlens site from file:// in headless Chromium and reports, as one JSON line on
// stdout, every console error, page error, failed or non-file request, and whether every chart container holds a
// rendered canvas or svg. Writes one full-page screenshot per page (and one in dark mode for the first page given).
// Then checks the interactions, each reported as {name, ok, detail} under "interactions":
//   copy-link        the copy-link button of circuits.html#qk shows (and puts in the hash) the page URL + "#qk"
//   hash-variant     a chart selection in the hash (circuits head, else the first chart with two or more variants)
//                    is restored on load: the selector shows it and the chart draws that variant's data
//   hash-position    an example page loaded with #attention;pos=out-3 selects output 3: selector, both sorted tokens,
//                    and an outline on the attention chart's query row of output 3
//   findings     findings.html marks every claim as section.finding with a unique id, a known data-verdict and an
//                entry in the claim index
//   theme-toggle     the toggle switches the page and the charts' colours to the other theme, and a reload keeps it
// Usage: node check-site.mjs <siteDir> <screenshotDir> <page.html>...   Exit code 0 only when all is clean.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteDir, shotDir, ...pages] = process.argv.slice(2);
if (!siteDir || !shotDir || pages.length === 0) {
  console.error('usage: node check-site.mjs <siteDir> <screenshotDir> <page.html>...');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'sortlens-chromium-'));
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function check(context, rel, shotName) {
  const page = await context.newPage();
  const result = { page: rel, consoleErrors: [], pageErrors: [], failedRequests: [], charts: 0, drawn: 0 };
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  page.on('requestfailed', (r) => result.failedRequests.push(r.url() + ' ' + (r.failure()?.errorText ?? '')));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) result.failedRequests.push('network request: ' + r.url()); });
  const url = pathToFileURL(resolve(siteDir, rel)).href;
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  result.charts = await page.locator('.chart-area').count();
  if (result.charts > 0) {
    try {
      await page.waitForFunction(() => document.documentElement.dataset.charts === 'ready', null, { timeout: 10000 });
    } catch (e) {
      result.pageErrors.push('charts never became ready: ' + e.message.split('\n')[0]);
    }
    result.firstChartMs = await page.evaluate(() => window.sortlensFirstChart ?? null);
  }
  result.loadMs = Date.now() - t0;
  result.drawn = await page.evaluate(() => Array.from(document.querySelectorAll('.chart-area'))
    .filter((el) => el.querySelector('canvas, svg')).length);
  await page.screenshot({ path: join(shotDir, shotName + '.png'), fullPage: true });
  await page.close();
  return result;
}

async function open(context, rel, hash = '') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = pathToFileURL(resolve(siteDir, rel)).href;
  await page.goto(url + hash, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.charts === 'ready', null, { timeout: 10000 });
  return { page, url, errors };
}

/** Sum of the first heatmap or line series' values as drawn, and as the given variant of the chart's spec says. */
async function drawnAndSpecSums(page, chartId, variantKey) {
  return page.evaluate(([id, key]) => {
    const spec = JSON.parse(document.getElementById(id + '-option').textContent);
    const s = spec.variants[key].series[0];
    const flat = (s.data.matrix ?? s.data).flat(2).filter((v) => typeof v === 'number');
    const drawn = window.echarts.getInstanceByDom(document.getElementById(id + '-area')).getOption().series[0].data
      .map((d) => (Array.isArray(d) ? (d.length > 2 ? d[2] : d[1]) : d)).filter((v) => typeof v === 'number');
    const sum = (a) => a.reduce((x, y) => x + y, 0);
    return { spec: sum(flat), drawn: sum(drawn), specCount: flat.length, drawnCount: drawn.length };
  }, [chartId, variantKey]);
}

async function interactions(context) {
  const out = [];
  const record = (name, ok, detail) => out.push({ name, ok: !!ok, detail });

  if (pages.includes('circuits.html')) {
    const { page, url, errors } = await open(context, 'circuits.html');
    await page.click('#qk button.copy-link');
    await page.waitForFunction(() => document.getElementById('copy-status')?.dataset.url, null, { timeout: 5000 });
    const shown = await page.evaluate(() => ({ url: document.getElementById('copy-status').dataset.url,
      text: document.getElementById('copy-status').textContent, hash: location.hash }));
    record('copy-link', shown.url === url + '#qk' && shown.text.endsWith(url + '#qk') && shown.hash === '#qk'
      && errors.length === 0, { expected: url + '#qk', shown, errors });
    await page.close();
  }

  // A variant selection: the circuits page's head when it has several heads, else the first multi-variant chart.
  let target = null;
  for (const rel of ['circuits.html', ...pages.filter((p) => p !== 'circuits.html')]) {
    if (target || !pages.includes(rel)) continue;
    const { page } = await open(context, rel);
    const found = await page.evaluate(() => {
      const sel = Array.from(document.querySelectorAll('select[data-chart]')).find((s) => s.options.length > 1);
      return sel && { chart: sel.dataset.chart, key: sel.dataset.key, value: sel.options[sel.options.length - 1].value };
    });
    if (found) target = { rel, ...found };
    await page.close();
  }
  if (target) {
    const { page, errors } = await open(context, target.rel, `#${target.chart};${target.key}=${target.value}`);
    const selected = await page.evaluate((id) => document.querySelector(`select[data-chart="${id}"]`).value, target.chart);
    const sums = await drawnAndSpecSums(page, target.chart, target.value);
    const first = await page.evaluate((id) => JSON.parse(document.getElementById(id + '-option').textContent).order[0],
      target.chart);
    record('hash-variant', selected === target.value && sums.drawnCount === sums.specCount
      && Math.abs(sums.drawn - sums.spec) <= 1e-6 * Math.max(1, Math.abs(sums.spec)) && first !== target.value
      && errors.length === 0, { target, selected, sums, errors });
    await page.close();
  } else {
    record('hash-variant', false, 'no chart with two or more variants on the pages checked');
  }

  const example = pages.find((p) => p.startsWith('examples/') && p !== 'examples/index.html');
  if (example) {
    const { page, errors } = await open(context, example, '#attention;pos=out-3');
    const state = await page.evaluate(() => {
      const inst = window.echarts.getInstanceByDom(document.getElementById('attention-area'));
      const spec = JSON.parse(document.getElementById('attention-option').textContent);
      const rect = (inst.getOption().graphic?.[0]?.elements ?? []).find((g) => g.type === 'rect');
      const rowCentre = inst.convertToPixel({ yAxisIndex: 0 }, spec.positions.first + 3);
      return { select: document.getElementById('position-select').value,
        tokens: Array.from(document.querySelectorAll('li.selected[data-pos]')).map((li) => li.dataset.pos),
        rowCentre, rect: rect && rect.shape, hash: location.hash };
    });
    const r = state.rect;
    record('hash-position', state.select === 'out-3' && state.tokens.length === 2
      && state.tokens.every((t) => t === 'out-3') && r && Math.abs(r.y + r.height / 2 - state.rowCentre) < 1
      && r.height > 2 && errors.length === 0, { state, errors });
    await page.close();
  }

  if (pages.includes('findings.html')) {
    // every claim is a section with a known verdict and a unique id, and the claim index links to each
    const { page, errors } = await open(context, 'findings.html');
    const found = await page.evaluate(() => {
      const sections = Array.from(document.querySelectorAll('section.finding'));
      return { ids: sections.map((s) => s.id), verdicts: sections.map((s) => s.dataset.verdict),
        indexed: sections.every((s) => document.querySelector(`.claim-index a[href="#${s.id}"]`)) };
    });
    record('findings', found.ids.length > 0 && new Set(found.ids).size === found.ids.length
      && found.verdicts.every((v) => ['supported', 'not-supported', 'mixed'].includes(v)) && found.indexed
      && errors.length === 0, { found, errors });
    await page.close();
  }

  if (pages.includes('circuits.html')) {
    const colours = (page) => page.evaluate(() => ({
      theme: document.documentElement.dataset.theme ?? null,
      pressed: document.getElementById('theme-toggle').getAttribute('aria-pressed'),
      colour: window.echarts.getInstanceByDom(document.getElementById('qk-area')).getOption().visualMap[0].inRange.color[0],
      text: getComputedStyle(document.body).color,
    }));
    const { page, errors } = await open(context, 'circuits.html');
    const before = await colours(page);
    await page.click('#theme-toggle');
    const after = await colours(page);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.charts === 'ready', null, { timeout: 10000 });
    const reloaded = await colours(page);
    await page.click('#theme-toggle');  // back to light for anything that runs later in this profile
    record('theme-toggle', before.theme === null && before.pressed === 'false' && after.theme === 'dark'
      && after.pressed === 'true' && after.colour !== before.colour && after.text !== before.text
      && JSON.stringify(reloaded) === JSON.stringify(after) && errors.length === 0,
    { before, after, reloaded, errors });
    await page.close();
  }
  return out;
}

const results = [];
let checks = [];
let ok = true;
try {
  for (const scheme of ['light', 'dark']) {
    const context = await chromium.launchPersistentContext(join(profile, scheme), {
      executablePath: '/usr/bin/chromium', headless: true, args, colorScheme: scheme,
      viewport: { width: 1200, height: 900 },
    });
    try {
      const list = scheme === 'light' ? pages : pages.slice(0, 2);
      for (const rel of list) {
        const name = rel.replace(/\.html$/, '').replace(/[^A-Za-z0-9-]/g, '_') + (scheme === 'dark' ? '-dark' : '');
        const r = await check(context, rel, name);
        r.scheme = scheme;
        results.push(r);
        if (r.consoleErrors.length || r.pageErrors.length || r.failedRequests.length || r.drawn !== r.charts) ok = false;
      }
    } finally {
      await context.close();
    }
  }
  const context = await chromium.launchPersistentContext(join(profile, 'interactions'), {
    executablePath: '/usr/bin/chromium', headless: true, args, colorScheme: 'light',
    viewport: { width: 1200, height: 900 },
  });
  try {
    checks = await interactions(context);
    if (checks.some((c) => !c.ok)) ok = false;
  } finally {
    await context.close();
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ ok, results, interactions: checks }));
process.exit(ok ? 0 : 1);
