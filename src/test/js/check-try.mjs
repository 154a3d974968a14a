// Checks the Try page (try.html) of a rendered sortlens site in headless Chromium, from file://, and prints one JSON
// line {ok, examples, maxRelative, timing, checks: [{name, ok, detail}]}:
//   forward       for every example of <expected.json> (written by TryPageBrowserTest from the Java model), the page
//                 opened through its hash (#list=...) computes logits, attention pattern and direct logit attribution
//                 (per component and per source position) equal to Java's within <tolerance> relative to the scale
//                 of the row each value belongs to (max |java| over a position's logits, over an output's components
//                 or source positions; at least 1): the Java model runs in float32, so a logit near 0 made of terms
//                 near 1,000 carries about 1e-4 of rounding there, while the page computes in float64), the same
//                 predicted list (read from #predicted) and the same strongest wrong token,
//                 and a logit-difference attribution that adds up to Java's logit difference
//   why           on every example the page's explanation (SortlensForward.explain, shown in the why table and
//                 charts) equals Java's OutputExplainer within <tolerance>: the margin (correct minus strongest
//                 wrong logit) and its parts, what each key carried, each score term, the score and the weight, and
//                 the same answer, rival and reconstruction's answer; the parts sum to the margin
//   why-link      a fresh page opened from file:// with #list=...&out=7 shows that list with output 7 selected in
//                 the table and both why charts; choosing another output redraws (median time logged, not asserted)
//   example-why   an example page opened with #out=7 selects output 7 everywhere, and its score chart's data
//                 (computed in the page) equals Java's explanation
//   bad-input     non-numbers, out-of-range, wrong length and empty input each show a message under the field naming
//                 what is allowed, keep the previous result, and raise no console or page error
//   hostile-links a link or input with bidi controls, a half surrogate pair at the echo's cut, a 24-digit number or
//                 a list over two lines: the echo has no bidi control or lone surrogate, numbers as typed, and the box
//                 holds the list shown
//   presets       every preset button shows a valid list, puts it in the hash, and "sorted" sorts the current list
//   copy-link     the copy button shows a link ending in #list=<the list>
//   csv           the attention chart's CSV link downloads the pattern shown (one row per head and output)
//   reload        a fresh page opened with that link shows the same list and prediction
//   dump-dom      `chromium --headless --dump-dom` of a #list= link holds the page's predicted list in id="predicted"
//   phone-width   no sideways scrolling of the page at 390 px
//   example-link  an example page's "Open in Try it" link opens its list
// Screenshots: try-{typical,bad}-{1366,390}-{light,dark}.png in <shotDir>.
// Usage: node check-try.mjs <siteDir> <expected.json> <shotDir> <tolerance>
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteDir, expectedFile, shotDir, tolArg] = process.argv.slice(2);
if (!siteDir || !expectedFile || !shotDir) {
  console.error('usage: node check-try.mjs <siteDir> <expected.json> <shotDir> <tolerance>');
  process.exit(2);
}
const tolerance = Number(tolArg ?? '1e-4');
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shotDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'sortlens-try-'));
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const url = pathToFileURL(resolve(siteDir, 'try.html')).href;
const checks = [];
const record = (name, ok, detail) => checks.push({ name, ok: !!ok, detail });
const problems = [];

function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + String(e)));
  page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));
  page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) problems.push('network: ' + r.url()); });
  return page;
}

async function ready(page) {
  await page.waitForFunction(() => document.documentElement.dataset.try === 'ready'
    && document.documentElement.dataset.charts === 'ready', null, { timeout: 15000 });
}

/*
 * In the page: the page's explanation x (SortlensForward.explain) against Java's (expected.json's why), relative to
 * the scale of each row (max |java| of an output's margin parts, of a head's score terms at a key; at least 1).
 */
const WHY_COMPARE = `window.whyCompare = function (x, j, tol) {
  let worst = 0, where = '', exact = true, sums = 0;
  const big = (values) => values.reduce((a, v) => Math.max(a, Math.abs(v)), 1);
  const cmp = (name, js, java, scale) => {
    const rel = Math.abs(js - java) / scale;
    if (!(rel <= worst)) { worst = Number.isFinite(rel) ? rel : Infinity; where = name + ' js ' + js + ' java ' + java; }
  };
  x.outputs.forEach((o, i) => {
    exact = exact && o.predicted === j.predicted[i] && o.rival === j.rival[i] && o.runnerUp === j.runnerUp[i]
      && o.reconstructed === j.reconstructed[i];
    const scale = big(j.marginParts[i].concat([j.margin[i]]));
    cmp('margin out ' + i, o.margin, j.margin[i], scale);
    o.marginParts.forEach((v, c) => cmp('margin part ' + c + ' out ' + i, v, j.marginParts[i][c], scale));
    cmp('sum of parts out ' + i, o.marginParts.reduce((a, b) => a + b, 0), j.margin[i], scale);
    sums = Math.max(sums, Math.abs(o.marginParts.reduce((a, b) => a + b, 0) - o.margin) / scale);
    cmp('reconstructed margin out ' + i, o.reconstructedMargin, j.reconstructedMargin[i], big([j.reconstructedMargin[i]]));
    o.scoreParts.forEach((terms, h) => {
      for (let k = 0; k < terms[0].length; k++) {
        const sc = big(j.scoreParts[i][h].map((t) => t[k]).concat([j.score[i][h][k]]));
        terms.forEach((t, term) => cmp('score term ' + term + ' out ' + i + ' key ' + k, t[k], j.scoreParts[i][h][term][k], sc));
        cmp('score out ' + i + ' key ' + k, o.score[h][k], j.score[i][h][k], sc);
        cmp('weight out ' + i + ' key ' + k, o.weight[h][k], j.weight[i][h][k], 1);
        cmp('by source out ' + i + ' key ' + k, o.marginBySource[h][k], j.marginBySource[i][h][k], scale);
      }
    });
  });
  return { worst, where, exact, sums };
};`;

/** Opens the list through the hash and compares the page's computation with Java's, in the page. */
async function compare(page, ex) {
  const hash = '#list=' + ex.list.join(',');
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((l) => window.sortlensTry && window.sortlensTry.result.tokens.slice(1, 1 + l.length)
    .join(',') === l.join(','), ex.list, { timeout: 5000 });
  return page.evaluate(([e, tol]) => {
    const F = window.SortlensForward, m = window.sortlensTry.model, r = window.sortlensTry.result;
    const T = m.nCtx, V = m.dVocab, n = m.listLength;
    let worst = 0, where = '';
    /* Relative to the scale of the quantity: the largest |java value| of the row it belongs to (at least 1). */
    const big = (values) => values.reduce((a, v) => Math.max(a, Math.abs(v)), 1);
    const cmp = (name, js, java, scale) => {
      const rel = Math.abs(js - java) / scale;
      if (!(rel <= worst)) { worst = Number.isFinite(rel) ? rel : Infinity; where = name + ' js ' + js + ' java ' + java; }
    };
    const sameTokens = r.tokens.join(',') === e.tokens.join(',');
    for (let t = 0; t < T; t++) {
      const scale = big(e.logits[t]);
      for (let v = 0; v < V; v++) cmp('logits', r.cache.logits[t * V + v], e.logits[t][v], scale);
    }
    e.pattern.forEach((ph, h) => ph.forEach((row, q) => row.forEach((java, k) => cmp('pattern',
      r.cache.pattern[h][q * T + k], java, 1))));
    let diffSum = 0;
    for (let i = 0; i < n; i++) {
      const q = n + 1 + i;
      const a = F.attribute(m, r.cache, q, r.correct[i]);
      const comps = big(e.byComponent.map((c) => c[i]));
      a.components.forEach((c, j) => cmp('component ' + j, c, e.byComponent[j][i], comps));
      a.bySource.forEach((src, h) => e.bySource[h][i].forEach((java, k) => cmp('bySource', src[k], java,
        Math.max(comps, big(e.bySource[h][i])))));
      const sum = r.diffComponents[i].reduce((x, y) => x + y, 0), logits = big(e.logits[q]);
      cmp('logit difference (sum of components)', sum, e.logitDiff[i], logits);
      cmp('logit difference', r.logitDiff[i], e.logitDiff[i], logits);
      diffSum += Math.abs(sum);
    }
    const why = whyCompare(window.sortlensTry.why, e.why, tol);
    const shown = document.getElementById('predicted').textContent.trim().split(/\s+/).map(Number);
    return { id: e.id, worst, where, sameTokens, ms: window.sortlensTry.ms, forwardMs: window.sortlensTry.forwardMs,
      drawMs: window.sortlensTry.drawMs, diffSum,
      why, whyMs: window.sortlensTry.explainMs + window.sortlensTry.whyDrawMs,
      predictedOk: shown.join(',') === e.predicted.join(','), wrongOk: r.wrong.join(',') === e.wrong.join(','),
      shown: shown.join(' '), java: e.predicted.join(' ') };
  }, [ex, tolerance]);
}

async function forward(context) {
  const page = watch(await context.newPage());
  await page.addInitScript(WHY_COMPARE);
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  const rows = [];
  for (const ex of expected.examples) rows.push(await compare(page, ex));
  await page.close();
  const bad = rows.filter((r) => !(r.worst <= tolerance) || !r.sameTokens || !r.predictedOk || !r.wrongOk);
  const worst = rows.reduce((a, r) => (r.worst > a.worst ? r : a), rows[0]);
  const sorted = (key) => rows.map((r) => r[key]).sort((a, b) => a - b);
  const median = (key) => Math.round(10 * sorted(key)[Math.floor(rows.length / 2)]) / 10;
  const ms = sorted('ms');
  const whyBad = rows.filter((r) => !(r.why.worst <= tolerance) || !r.why.exact || !(r.why.sums <= 1e-9));
  const whyWorst = rows.reduce((a, r) => (r.why.worst > a.why.worst ? r : a), rows[0]);
  record('why', rows.length === expected.examples.length && whyBad.length === 0,
    { failing: whyBad.slice(0, 3).map((r) => ({ id: r.id, why: r.why })),
      worst: { id: whyWorst.id, rel: whyWorst.why.worst, where: whyWorst.why.where } });
  record('forward', rows.length === expected.examples.length && bad.length === 0,
    { compared: rows.length, failing: bad.slice(0, 3), worst: { id: worst.id, rel: worst.worst, where: worst.where } });
  return { examples: rows.length, maxRelative: worst.worst,
    timing: { medianMs: median('ms'), maxMs: Math.round(10 * ms[ms.length - 1]) / 10, medianForwardMs: median('forwardMs'),
      medianRedrawMs: median('drawMs'), medianWhyMs: median('whyMs'), runs: ms.length } };
}

async function type(page, text) {
  await page.fill('#try-input', text);
  return page.evaluate(() => ({ message: document.getElementById('try-message').hidden ? ''
    : document.getElementById('try-message').textContent, predicted: document.getElementById('predicted').textContent,
  hash: location.hash, invalid: document.getElementById('try-input').getAttribute('aria-invalid') }));
}

async function badInput(context) {
  const page = watch(await context.newPage());
  const before = problems.length;
  const list = expected.examples[0].list;
  await page.goto(url + '#list=' + list.join(','), { waitUntil: 'load' });
  await ready(page);
  const good = await type(page, list.join(', '));
  const n = expected.listLength, max = expected.valueCount - 1;
  const cases = {
    'not a number': list.slice(0, -1).join(',') + ',x',
    'out of range': list.slice(0, -1).join(',') + ',' + (max + 1),
    'negative': '-1 ' + list.slice(1).join(' '),
    'decimal': list.slice(0, -1).join(',') + ',2.5',
    'wrong length': list.slice(0, -1).join(','),
    'empty': '   ',
  };
  const seen = {};
  let ok = good.message === '' && good.invalid === 'false';
  for (const [name, text] of Object.entries(cases)) {
    const s = await type(page, text);
    seen[name] = s.message;
    ok = ok && s.message.length > 0 && s.predicted === good.predicted && s.hash === good.hash && s.invalid === 'true'
      && s.message.includes(String(max)) && (name !== 'wrong length' || s.message.includes(String(n)));
  }
  const back = await type(page, list.join(' '));
  ok = ok && back.message === '' && back.predicted === good.predicted;
  record('bad-input', ok && problems.length === before, { seen, problems: problems.slice(before) });
  await page.close();
}

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/* Links and input that once scrambled the page: what is echoed has no bidi control and no half of a surrogate pair,
   a number is echoed as typed, and a list spread over lines is put in the box as the list the page shows. */
async function hostileLinks(context) {
  const page = watch(await context.newPage());
  const before = problems.length;
  const list = expected.examples[0].list;
  const max = expected.valueCount - 1;
  const state = () => page.evaluate(() => ({ message: document.getElementById('try-message').hidden ? ''
    : document.getElementById('try-message').textContent, input: document.getElementById('try-input').value,
  shown: window.sortlensTry ? window.sortlensTry.result.tokens.slice(1, 1 + window.sortlensTry.model.listLength) : [] }));
  const detail = {};
  let ok = true;

  await page.goto(url + '#list=%E2%80%AE' + list.join(','), { waitUntil: 'load' });
  await ready(page);
  let s = await state();
  detail.rlo = s.message;
  ok = ok && s.message.length > 0 && !BIDI.test(s.message);

  s = await type(page, '\u2067' + list.slice(0, -1).join(',') + ',x\u202E1');
  detail.typedBidi = s.message;
  ok = ok && s.message.length > 0 && !BIDI.test(s.message);

  s = await type(page, list.slice(0, -1).join(',') + ',a\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}');
  detail.surrogates = s.message;
  ok = ok && s.message.length > 0 && !LONE_SURROGATE.test(s.message);

  s = await type(page, list.slice(0, -1).join(',') + ',100000000000000000000000');
  detail.bigNumber = s.message;
  ok = ok && s.message.includes('100000000000000000000000') && !s.message.includes('e+') && s.message.includes(String(max));

  const half = Math.floor(list.length / 2);
  await page.goto(url + '#list=' + list.slice(0, half).join(',') + '%0A' + list.slice(half).join(','), { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
  await ready(page);
  s = await state();
  const boxed = s.input.split(/[\s,]+/).filter((v) => v.length > 0).join(',');
  detail.newline = { input: s.input, shown: s.shown.join(',') };
  ok = ok && s.message === '' && s.shown.join(',') === list.join(',') && boxed === list.join(',');

  record('hostile-links', ok && problems.length === before, { detail, problems: problems.slice(before) });
  await page.close();
}

async function presets(context) {
  const page = watch(await context.newPage());
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  const detail = {};
  let ok = true;
  for (const name of ['random', 'sorted', 'all-equal', 'big-gap']) {
    const before = await page.evaluate(() => window.sortlensTry.result.tokens.slice());
    await page.click(`button[data-preset="${name}"]`);
    const s = await page.evaluate(() => ({ list: window.sortlensTry.result.tokens.slice(1, 1 + window.sortlensTry.model.listLength),
      hash: location.hash, predicted: document.getElementById('predicted').textContent.trim().split(/\s+/).length,
      message: document.getElementById('try-message').hidden }));
    const n = expected.listLength;
    let good = s.list.length === n && s.hash === '#list=' + s.list.join(',') && s.predicted === n && s.message;
    if (name === 'sorted') {
      good = good && s.list.join(',') === before.slice(1, 1 + n).sort((a, b) => a - b).join(',');
    }
    if (name === 'all-equal') good = good && s.list.every((v) => v === s.list[0]);
    detail[name] = { list: s.list.join(','), good };
    ok = ok && good;
  }
  record('presets', ok, detail);
  await page.close();
}

async function copyAndReload(context) {
  const page = watch(await context.newPage());
  const list = expected.examples[Math.min(1, expected.examples.length - 1)].list;
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  await page.fill('#try-input', list.join(','));
  await page.click('#try-copy');
  const link = await page.evaluate(() => document.getElementById('try-link').value);
  const predicted = await page.evaluate(() => document.getElementById('predicted').textContent);
  record('copy-link', link === url + '#list=' + list.join(','), { link });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#attention a[download]')]);
  const text = readFileSync(await download.path(), 'utf8').trim().split('\n');
  const shownRow = await page.evaluate(() => {
    const r = window.sortlensTry.result, m = window.sortlensTry.model, q = m.listLength + 1;
    return Array.from(r.cache.pattern[0].subarray(q * m.nCtx, (q + 1) * m.nCtx));
  });
  const first = text[1].split(',').slice(2).map(Number);
  record('csv', download.suggestedFilename() === 'try-attention.csv' && text.length === 1 + expected.listLength
    * expected.heads && first.length === shownRow.length && first.every((v, k) => v === shownRow[k]),
  { file: download.suggestedFilename(), lines: text.length, header: text[0].slice(0, 60) });
  await page.close();
  const fresh = watch(await context.newPage());
  await fresh.goto(link, { waitUntil: 'load' });
  await ready(fresh);
  const again = await fresh.evaluate(() => ({ input: document.getElementById('try-input').value,
    predicted: document.getElementById('predicted').textContent }));
  record('reload', again.input === list.join(',') && again.predicted === predicted, again);
  await fresh.close();
}

function dumpDom() {
  const ex = expected.examples[expected.examples.length - 1];
  const dir = mkdtempSync(join(profile, 'dump-'));
  const html = execFileSync('/usr/bin/chromium', [...args, '--user-data-dir=' + dir, '--dump-dom',
    url + '#list=' + ex.list.join(',')], { encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', 'ignore'] });
  const m = html.match(/<ol[^>]*id="predicted"[^>]*>([\s\S]*?)<\/ol>/);
  const text = m ? m[1].replace(/<[^>]+>/g, '').trim() : null;
  record('dump-dom', text === ex.predicted.join(' '), { id: ex.id, text, java: ex.predicted.join(' ') });
}

async function screenshots(browser) {
  const typical = (expected.examples.find((e) => e.id.startsWith('random')) ?? expected.examples[0]).list;
  let phoneOk = true;
  const widths = {};
  for (const scheme of ['light', 'dark']) {
    for (const width of [1366, 390]) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      const page = watch(await context.newPage());
      await page.goto(url + '#list=' + typical.join(','), { waitUntil: 'load' });
      await ready(page);
      await page.screenshot({ path: join(shotDir, `try-typical-${width}-${scheme}.png`), fullPage: true });
      await page.fill('#try-input', typical.slice(0, -2).join(', ') + ', 7x');
      await page.screenshot({ path: join(shotDir, `try-bad-${width}-${scheme}.png`) });
      const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth }));
      widths[`${width}-${scheme}`] = w;
      if (width === 390 && w.scroll > w.client) phoneOk = false;
      await context.close();
    }
  }
  record('phone-width', phoneOk, widths);
}

async function exampleLink(context) {
  const ex = expected.examples[0];
  const page = watch(await context.newPage());
  await page.goto(pathToFileURL(resolve(siteDir, 'examples', ex.id + '.html')).href, { waitUntil: 'load' });
  await page.click('a.try-link');
  await ready(page);
  const s = await page.evaluate(() => ({ path: location.pathname, input: document.getElementById('try-input').value }));
  record('example-link', s.path.endsWith('/try.html') && s.input === ex.list.join(','), s);
  await page.close();
}

async function whyLink(browser) {
  const ex = expected.examples[Math.min(2, expected.examples.length - 1)];
  const out = Math.min(7, expected.listLength - 1);
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1366, height: 900 } });
  const page = watch(await context.newPage());
  await page.goto(url + '#list=' + ex.list.join(',') + '&out=' + out, { waitUntil: 'load' });
  await ready(page);
  const s = await page.evaluate(() => ({ input: document.getElementById('try-input').value,
    output: window.sortlens.key('why-output'), attention: window.sortlens.key('why-attention'),
    row: (document.querySelector('#why-table tr.selected') || {}).dataset?.out ?? null,
    rows: document.querySelectorAll('#why-table tbody tr').length }));
  /* redraw on choosing another output (a table row), and on a new list, several times each */
  const times = await page.evaluate(([n, list]) => {
    const select = [], lists = [];
    for (let r = 0; r < 9; r++) {
      const t0 = performance.now();
      document.querySelector('#why-table tr[data-out="' + ((r * 3) % n) + '"]').click();
      select.push(performance.now() - t0);
    }
    for (let r = 0; r < 7; r++) {
      const l = list.slice();
      l[r % l.length] = (l[r % l.length] + 1 + r) % 20;
      const input = document.getElementById('try-input');
      input.value = l.join(',');
      input.dispatchEvent(new Event('input'));
      lists.push(window.sortlensTry.ms);
    }
    const med = (a) => Math.round(10 * a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)]) / 10;
    return { selectOutputMedianMs: med(select), newListMedianMs: med(lists), runs: [select.length, lists.length] };
  }, [expected.listLength, ex.list]);
  record('why-link', s.input === ex.list.join(',') && s.output === String(out) && s.attention === String(out)
    && s.row === String(out) && s.rows === expected.listLength, { ...s, ...times });
  await context.close();
  return times;
}

async function exampleWhy(browser) {
  const ex = expected.examples.find((e) => e.id.startsWith('worst')) ?? expected.examples[0];
  const out = Math.min(7, expected.listLength - 1);
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1366, height: 900 } });
  const page = watch(await context.newPage());
  await page.addInitScript(WHY_COMPARE);
  await page.goto(pathToFileURL(resolve(siteDir, 'examples', ex.id + '.html')).href + '#out=' + out,
    { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.why === 'ready'
    && document.documentElement.dataset.charts === 'ready', null, { timeout: 15000 });
  const s = await page.evaluate(([e, o, tol]) => ({ position: document.getElementById('position-select').value,
    output: window.sortlens.key('why-output'), attention: window.sortlens.key('why-attention'),
    row: (document.querySelector('#why-table tr.selected') || {}).dataset?.pos ?? null,
    filled: window.sortlens.spec('why-attention').variants['out-' + o].series[0].data.matrix.length,
    compare: window.whyCompare(window.sortlensWhy.result, e.why, tol), ms: window.sortlensWhy.ms }),
  [ex, out, tolerance]);
  const key = 'out-' + out;
  record('example-why', s.position === key && s.output === key && s.attention === key && s.row === key
    && s.filled > 0 && s.compare.worst <= tolerance && s.compare.exact, { id: ex.id, ...s });
  await context.close();
}

let summary = {};
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  try {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1366, height: 900 } });
    summary = await forward(context);
    await badInput(context);
    await hostileLinks(context);
    await presets(context);
    await copyAndReload(context);
    await exampleLink(context);
    await context.close();
    summary.whyTiming = await whyLink(browser);
    await exampleWhy(browser);
    await screenshots(browser);
  } finally {
    await browser.close();
  }
  dumpDom();
} catch (e) {
  problems.push('check failed: ' + (e.stack || e));
} finally {
  rmSync(profile, { recursive: true, force: true });
}
const ok = problems.length === 0 && checks.length === 13 && checks.every((c) => c.ok);
console.log(JSON.stringify({ ok, examples: summary.examples ?? 0, maxRelative: summary.maxRelative,
  timing: summary.timing, whyTiming: summary.whyTiming, checks, problems }));
process.exit(ok ? 0 : 1);
