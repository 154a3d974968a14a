// Loads every page of a rendered sortlens site from file:// in headless Chromium, in light and dark, at 1366 px and at
// 390 px (a phone), and reports, as one JSON line on stdout, per page and view:
//   every console error, page error, failed or non-file request; whether every chart container holds a rendered
//   canvas or svg; page-level horizontal overflow (the page must never scroll sideways; a wide chart scrolls in its
//   own box); and, with --base-url, that og:url, og:image and twitter:image are absolute URLs under it.
// On the pages given with --shots (one of each type) it also writes a full-page screenshot per view, and exports
// charts as PNG and SVG at 1366 px (every chart in light, the first in dark): each export must download a file
// without a page error, the PNG opaque (its corners not transparent) and the SVG an <svg> document.
// Then checks the interactions, each reported as {name, ok, detail} under "interactions". The controls chart is
// circuits.html#qk unless --controls names another page#chart (a heatmap with a copy-link button):
//   copy-link        the controls chart's copy-link button shows (and puts in the hash) the page URL + "#<chart>"
//   hash-variant     a chart selection in the hash (the controls page's first selector with two or more options, else
//                    the first such on the other pages) is restored on load: the selector shows it and the chart
//                    draws that variant's data
//   hash-position    an example page loaded with #attention;pos=out-3 selects output 3: selector, both sorted tokens,
//                    and an outline on the attention chart's query row of output 3
//   findings     findings.html marks every claim as section.finding with a unique id, a known data-verdict and an
//                entry in the claim index
//   theme-toggle     on the controls page, the toggle switches the page and the controls chart's colours to the
//                    other theme, and a reload keeps it
//   markers          on every chart with outlined cells (an example's attention, the centred OV block), the pixel at
//                    the centre of each outlined cell is the same with and without the outlines
//   broken-hash      pages opened with mangled hashes ("100%", lone "%", unknown keys, huge values) load without a
//                    page error, and their theme toggle, copy-link and PNG export still work (attribution.html, the
//                    controls page and an example page, those of them given)
// --interactions a,b runs only the named checks (default: all of them), for sites that lack the single-run pages the
// others need (a sweep comparison has no example, findings or dynamics page). A check that runs but finds none of
// the pages it needs among those given fails.
// Usage: node check-site.mjs <siteDir> <screenshotDir> [--base-url URL] [--shots a.html,b.html]
//        [--interactions a,b] [--controls page.html#chart] <page.html>...
// Exit code 0 only when all is clean.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
let baseUrl = null;
let shots = [];
const INTERACTIONS = ['copy-link', 'hash-variant', 'hash-position', 'step-slider', 'findings', 'theme-toggle',
  'markers', 'broken-hash'];
let wanted = INTERACTIONS;
let controls = 'circuits.html#qk';
const positional = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--base-url') baseUrl = argv[++i];
  else if (argv[i] === '--shots') shots = argv[++i].split(',').filter((s) => s);
  else if (argv[i] === '--interactions') wanted = argv[++i].split(',').filter((s) => s);
  else if (argv[i] === '--controls') controls = argv[++i];
  else positional.push(argv[i]);
}
const [siteDir, shotDir, ...pages] = positional;
const [controlsPage, controlsChart] = controls.split('#');
const unknown = wanted.filter((name) => !INTERACTIONS.includes(name));
if (!siteDir || !shotDir || pages.length === 0 || unknown.length > 0 || !controlsPage || !controlsChart) {
  if (unknown.length > 0) {
    console.error(`unknown interactions: ${unknown.join(', ')}; known: ${INTERACTIONS.join(', ')}`);
  }
  console.error('usage: node check-site.mjs <siteDir> <screenshotDir> [--base-url URL] [--shots a,b]'
    + ' [--interactions a,b] [--controls page.html#chart] <page.html>...');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'sortlens-chromium-'));
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWS = [
  { scheme: 'light', width: 1366 }, { scheme: 'dark', width: 1366 },
  { scheme: 'light', width: 390 }, { scheme: 'dark', width: 390 },
];
const urlOf = (rel) => pathToFileURL(resolve(siteDir, rel)).href;
const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.charts === 'ready', null,
  { timeout: 15000 });

/** A page object whose listeners collect into `sink.current`, so one tab serves many loads. */
async function tab(context) {
  const page = await context.newPage();
  const sink = { current: null };
  page.on('console', (m) => { if (m.type() === 'error' && sink.current) sink.current.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => sink.current && sink.current.pageErrors.push(String(e)));
  page.on('requestfailed', (r) => sink.current
    && sink.current.failedRequests.push(r.url() + ' ' + (r.failure()?.errorText ?? '')));
  page.on('request', (r) => {
    const u = r.url();
    if (sink.current && !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')) {
      sink.current.failedRequests.push('network request: ' + u);
    }
  });
  return { page, sink };
}

async function check(t, rel, view) {
  const { page, sink } = t;
  const result = { page: rel, scheme: view.scheme, width: view.width, consoleErrors: [], pageErrors: [],
    failedRequests: [], charts: 0, drawn: 0, problems: [] };
  sink.current = result;
  const t0 = Date.now();
  await page.goto(urlOf(rel), { waitUntil: 'load' });
  result.charts = await page.locator('.chart-area').count();
  if (result.charts > 0) {
    try {
      await ready(page);
    } catch (e) {
      result.pageErrors.push('charts never became ready: ' + e.message.split('\n')[0]);
    }
    result.firstChartMs = await page.evaluate(() => window.sortlensFirstChart ?? null);
  }
  result.loadMs = Date.now() - t0;
  const state = await page.evaluate(() => ({
    drawn: Array.from(document.querySelectorAll('.chart-area')).filter((el) => el.querySelector('canvas, svg')).length,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    meta: Object.fromEntries(Array.from(document.querySelectorAll('meta[property], meta[name]'))
      .map((m) => [m.getAttribute('property') || m.getAttribute('name'), m.getAttribute('content')])),
    canonical: document.querySelector('link[rel="canonical"]')?.href ?? null,
  }));
  result.drawn = state.drawn;
  if (state.scrollWidth > state.clientWidth + 1) {
    result.problems.push(`page scrolls sideways: ${state.scrollWidth} px content in ${state.clientWidth} px`);
  }
  if (baseUrl) {
    const m = state.meta;
    if (m['og:url'] !== baseUrl + rel) result.problems.push(`og:url ${m['og:url']} is not ${baseUrl + rel}`);
    if (state.canonical !== baseUrl + rel) result.problems.push(`canonical ${state.canonical}`);
    if (!m['og:image'] || !m['og:image'].startsWith(baseUrl)) result.problems.push(`og:image ${m['og:image']}`);
    if (m['twitter:image'] !== m['og:image']) result.problems.push(`twitter:image ${m['twitter:image']}`);
  }
  if (shots.includes(rel)) {
    const name = rel.replace(/\.html$/, '').replace(/[^A-Za-z0-9-]/g, '_')
      + (view.scheme === 'dark' ? '-dark' : '') + (view.width < 600 ? '-phone' : '');
    await page.screenshot({ path: join(shotDir, name + '.png'), fullPage: true });
    if (view.width > 600 && result.charts > 0) result.exports = await exports(page, result, view.scheme === 'light');
  }
  sink.current = null;
  return result;
}

/** Exports every chart (else the first) of the loaded page as PNG and SVG; problems go on the page's result. */
async function exports(page, result, all) {
  const every = await page.evaluate(() => Array.from(document.querySelectorAll('.chart-area')).map((el) => el.dataset.chart));
  const ids = all ? every : every.slice(0, 1);
  let done = 0;
  for (const id of ids) {
    // Chromium lets one page load start about ten downloads; past that it drops them silently, so a page with more
    // than five charts is reloaded every ten exports (the charts are the same after a reload).
    if (done > 0 && done % 10 === 0) {
      await page.reload({ waitUntil: 'load' });
      await ready(page);
    }
    for (const type of ['png', 'svg']) {
      const errorsBefore = result.pageErrors.length + result.consoleErrors.length;
      let download = null;
      try {
        [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }),
          page.click(`button[data-export="${type}"][data-chart="${id}"]`)]);
      } catch (e) {
        result.problems.push(`${type} export of ${id}: no download (${e.message.split('\n')[0]})`);
        continue;
      }
      if (result.pageErrors.length + result.consoleErrors.length > errorsBefore) {
        result.problems.push(`${type} export of ${id} raised an error`);
      }
      if (download.suggestedFilename() !== `${id}.${type}`) {
        result.problems.push(`${type} export of ${id} is named ${download.suggestedFilename()}`);
      }
      if (type === 'png') {
        const corners = await page.evaluate(async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.naturalWidth;
          c.height = img.naturalHeight;
          const g = c.getContext('2d');
          g.drawImage(img, 0, 0);
          const a = (x, y) => g.getImageData(x, y, 1, 1).data[3];
          return { w: c.width, h: c.height, alpha: [a(0, 0), a(c.width - 1, 0), a(0, c.height - 1), a(c.width - 1, c.height - 1)] };
        }, download.url());
        if (corners.w < 100 || corners.alpha.some((x) => x !== 255)) {
          result.problems.push(`png export of ${id} is not opaque: ${JSON.stringify(corners)}`);
        }
      } else {
        const path = await download.path();
        const text = path ? readFileSync(path, 'utf8') : '';
        if (!text.startsWith('<svg') || !text.includes('</svg>') || text.length < 500) {
          result.problems.push(`svg export of ${id} is not an svg document (${text.length} chars)`);
        }
      }
      done++;
    }
  }
  return done;
}

async function open(context, rel, hash = '') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = urlOf(rel);
  await page.goto(url + hash, { waitUntil: 'load' });
  await ready(page);
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

/**
 * For each chart with a "marker" series: the canvas pixel at the centre of every outlined cell, with the outlines
 * and after removing them. Returns the cells checked and the largest channel difference.
 */
async function markerPixels(page) {
  return page.evaluate(() => {
    const out = [];
    document.querySelectorAll('.chart-area').forEach((el) => {
      const inst = window.echarts.getInstanceByDom(el);
      const option = inst.getOption();
      const marker = option.series.find((s) => s.id === 'marker');
      if (!marker) return;
      const canvas = el.querySelector('canvas');
      const ratio = canvas.width / el.clientWidth;
      const g = canvas.getContext('2d');
      const cells = marker.data.map((d) => inst.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, d));
      const read = () => cells.map(([x, y]) => Array.from(g.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data));
      const withMarkers = read();
      inst.setOption({ series: option.series.filter((s) => s.id !== 'marker'), graphic: [] }, { replaceMerge: ['series', 'graphic'] });
      const without = read();
      let diff = 0;
      withMarkers.forEach((p, i) => p.forEach((v, c) => { diff = Math.max(diff, Math.abs(v - without[i][c])); }));
      out.push({ chart: el.dataset.chart, cells: cells.length, diff });
    });
    return out;
  });
}

async function interactions(context) {
  const out = [];
  const record = (name, ok, detail) => out.push({ name, ok: !!ok, detail });
  // Whether to run a check: selected, and its page given (a selected check without its page fails).
  const runs = (name, page) => {
    if (!wanted.includes(name)) return false;
    if (!page || !pages.includes(page)) record(name, false, 'none of the pages it needs was given');
    return !!page && pages.includes(page);
  };

  if (runs('copy-link', controlsPage)) {
    const { page, url, errors } = await open(context, controlsPage);
    await page.click(`#${controlsChart} button.copy-link`);
    await page.waitForFunction(() => document.getElementById('copy-status')?.dataset.url, null, { timeout: 5000 });
    const shown = await page.evaluate(() => ({ url: document.getElementById('copy-status').dataset.url,
      text: document.getElementById('copy-status').textContent, hash: location.hash }));
    const expected = url + '#' + controlsChart;
    record('copy-link', shown.url === expected && shown.text.endsWith(expected) && shown.hash === '#' + controlsChart
      && errors.length === 0, { expected, shown, errors });
    await page.close();
  }

  // A variant selection: the controls page's (circuits: its head) when it has one, else the first multi-variant chart.
  let target = null;
  const variantPages = wanted.includes('hash-variant') ? [controlsPage, ...pages.filter((p) => p !== controlsPage)]
    : [];
  for (const rel of variantPages) {
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
  } else if (wanted.includes('hash-variant')) {
    record('hash-variant', false, 'no chart with two or more variants on the pages checked');
  }

  const example = pages.find((p) => p.startsWith('examples/') && p !== 'examples/index.html');
  if (runs('hash-position', example)) {
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

  if (runs('step-slider', 'dynamics.html')) {
    // The step slider drives every scrubbed chart, and the step in the link is restored on load.
    const state = (page) => page.evaluate(() => ({
      slider: document.getElementById('step-slider').value,
      max: document.getElementById('step-slider').max,
      label: document.getElementById('step-value').textContent,
      selects: Array.from(document.querySelectorAll('select[data-key="step"]')).map((s) => s.value),
      hash: location.hash,
    }));
    const first = await open(context, 'dynamics.html');
    const keys = await first.page.evaluate(() => Array.from(document.querySelector('select[data-key="step"]').options)
      .map((o) => o.value));
    await first.page.close();
    const target = keys[keys.length - 2];
    const { page, errors } = await open(context, 'dynamics.html', '#qk-over-training;step=' + target);
    const restored = await state(page);
    await page.evaluate(() => {
      const s = document.getElementById('step-slider');
      s.value = '0';
      s.dispatchEvent(new Event('input'));
    });
    const moved = await state(page);
    const drawn = await drawnAndSpecSums(page, 'ov-over-training', keys[0]);
    record('step-slider', keys.length > 1 && restored.selects.every((v) => v === target)
      && restored.slider === String(keys.length - 2) && moved.selects.every((v) => v === keys[0])
      && moved.label.includes(Number(keys[0]).toLocaleString('en')) && moved.hash.includes('step=') === false
      && Math.abs(drawn.spec - drawn.drawn) < 1e-6 * Math.max(1, Math.abs(drawn.spec)) && errors.length === 0,
    { keys, restored, moved, drawn, errors });
    await page.close();
  }

  if (runs('findings', 'findings.html')) {
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

  if (runs('theme-toggle', controlsPage)) {
    const colours = (page) => page.evaluate((chart) => ({
      theme: document.documentElement.dataset.theme ?? null,
      pressed: document.getElementById('theme-toggle').getAttribute('aria-pressed'),
      colour: window.echarts.getInstanceByDom(document.getElementById(chart + '-area')).getOption().visualMap[0]
        .inRange.color[0],
      text: getComputedStyle(document.body).color,
    }), controlsChart);
    const { page, errors } = await open(context, controlsPage);
    const before = await colours(page);
    await page.click('#theme-toggle');
    const after = await colours(page);
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    const reloaded = await colours(page);
    await page.click('#theme-toggle');  // back to light for anything that runs later in this profile
    record('theme-toggle', before.theme === null && before.pressed === 'false' && after.theme === 'dark'
      && after.pressed === 'true' && after.colour !== before.colour && after.text !== before.text
      && JSON.stringify(reloaded) === JSON.stringify(after) && errors.length === 0,
    { before, after, reloaded, errors });
    await page.close();
  }

  if (wanted.includes('markers')) {
    const marked = [example, pages.includes('circuits.html') ? 'circuits.html' : null].filter((p) => p);
    const markerResults = [];
    for (const rel of marked) {
      const { page, errors } = await open(context, rel);
      markerResults.push({ page: rel, charts: await markerPixels(page), errors });
      await page.close();
    }
    const markerCharts = markerResults.flatMap((m) => m.charts);
    record('markers', markerCharts.length > 0 && markerCharts.every((c) => c.cells > 0 && c.diff <= 2)
      && markerResults.every((m) => m.errors.length === 0), markerResults);
  }

  const broken = ['#components;example=100%', '#%', '#;;;=;', '#qk;head=__proto__;head=constructor',
    '#attention;pos=out-99999;pos=%E0%A4%A', '#' + 'x%'.repeat(2000), '#tokens;example=;=;pos=out-'];
  const brokenPages = !wanted.includes('broken-hash') ? []
    : [...new Set(['attribution.html', controlsPage, example])].filter((p) => p && pages.includes(p));
  const brokenResults = [];
  for (const rel of brokenPages) {
    for (const hash of broken) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const r = { page: rel, hash: hash.slice(0, 60), errors };
      try {
        await page.goto(urlOf(rel) + hash, { waitUntil: 'load' });
        await ready(page);
        await page.click('#theme-toggle');
        r.toggled = await page.evaluate(() => document.documentElement.dataset.theme === 'dark');
        await page.click('#theme-toggle');
        await page.click('button.copy-link');
        r.copied = await page.waitForFunction(() => document.getElementById('copy-status')?.dataset.url, null,
          { timeout: 5000 }).then(() => true, () => false);
        const id = await page.evaluate(() => document.querySelector('.chart-area').dataset.chart);
        r.exported = await Promise.all([page.waitForEvent('download', { timeout: 5000 }),
          page.click(`button[data-export="png"][data-chart="${id}"]`)]).then(() => true, () => false);
      } catch (e) {
        errors.push('check failed: ' + e.message.split('\n')[0]);
      }
      r.ok = errors.length === 0 && r.toggled && r.copied && r.exported;
      brokenResults.push(r);
      await page.close();
    }
  }
  if (wanted.includes('broken-hash')) {
    record('broken-hash', brokenResults.length > 0 && brokenResults.every((r) => r.ok), brokenResults
      .filter((r) => !r.ok).concat([{ checked: brokenResults.length }]));
  }
  return out;
}

// The four views and the interactions run side by side, each in its own browser profile: a page load mostly waits
// on the renderer, so this keeps the whole check to a few minutes on two cores.
const results = [];
let checks = [];
let ok = true;
const started = Date.now();
const launch = (name, scheme, width) => chromium.launchPersistentContext(join(profile, name), {
  executablePath: '/usr/bin/chromium', headless: true, args, colorScheme: scheme, acceptDownloads: true,
  viewport: { width, height: 900 },
});
async function runView(view) {
  const context = await launch(view.scheme + view.width, view.scheme, view.width);
  try {
    const t = await tab(context);
    const out = [];
    for (const rel of pages) {
      try {
        out.push(await check(t, rel, view));
      } catch (e) {
        out.push({ page: rel, scheme: view.scheme, width: view.width, consoleErrors: [], failedRequests: [],
          pageErrors: ['check stopped: ' + e.message.split('\n')[0]], charts: 0, drawn: 0, problems: [] });
        t.sink.current = null;
      }
    }
    return out;
  } finally {
    await context.close();
  }
}
async function runInteractions() {
  const context = await launch('interactions', 'light', 1366);
  try {
    return await interactions(context);
  } catch (e) {
    return [{ name: 'interactions', ok: false, detail: 'stopped: ' + e.message.split('\n')[0] }];
  } finally {
    await context.close();
  }
}
try {
  const [interactionResults, ...viewResults] = await Promise.all([runInteractions(), ...VIEWS.map(runView)]);
  checks = interactionResults;
  viewResults.forEach((list) => results.push(...list));
  for (const r of results) {
    if (r.consoleErrors.length || r.pageErrors.length || r.failedRequests.length || r.drawn !== r.charts
      || r.problems.length) ok = false;
  }
  if (checks.some((c) => !c.ok)) ok = false;
} finally {
  rmSync(profile, { recursive: true, force: true });
}
const slowest = results.filter((r) => r.firstChartMs != null).sort((a, b) => b.loadMs - a.loadMs)[0];
const failed = results.filter((r) => r.consoleErrors.length || r.pageErrors.length || r.failedRequests.length
  || r.drawn !== r.charts || r.problems.length);
console.log(JSON.stringify({ ok, loads: results.length, seconds: (Date.now() - started) / 1000,
  slowest: slowest && { page: slowest.page, scheme: slowest.scheme, width: slowest.width, loadMs: slowest.loadMs,
    firstChartMs: slowest.firstChartMs },
  failed, interactions: checks, results }));
process.exit(ok ? 0 : 1);
