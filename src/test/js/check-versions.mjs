// Loads pages of an assembled Pages site (assemble-pages.sh: the latest report at the root, released versions under
// v/<version>/) from file:// in headless Chromium and reports, as one JSON line on stdout:
//   loads      per page: console errors, page errors, failed or non-file requests, and whether its charts drew
//   banners    per older-version page given with a hash: the banner link's target on load (the same page in the
//              latest version, with the hash), its target after the page changed its hash in place (replaceState,
//              as a view selection does), and where following it lands
// Usage: node check-versions.mjs <siteDir> <page.html[#hash]>...
// A page under v/ is also checked for its banner; its expected target is the latest page given by the banner's
// data-latest attribute resolved against the page, so the Java test checks the attribute itself.
// Exit code 0 only when all is clean.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || pages.length === 0) {
  console.error('usage: node check-versions.mjs <siteDir> <page.html[#hash]>...');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'sortlens-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1366, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
let sink = null;
page.on('console', (m) => { if (m.type() === 'error' && sink) sink.problems.push('console: ' + m.text()); });
page.on('pageerror', (e) => sink && sink.problems.push('page error: ' + String(e)));
page.on('requestfailed', (r) => sink && sink.problems.push('failed: ' + r.url() + ' '
  + (r.failure()?.errorText ?? '')));
page.on('request', (r) => {
  const u = r.url();
  if (sink && !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')) {
    sink.problems.push('network request: ' + u);
  }
});

async function load(url, result) {
  sink = result;
  await page.goto(url, { waitUntil: 'load' });
  if (await page.locator('.chart-area').count() > 0) {
    await page.waitForFunction(() => document.documentElement.dataset.charts === 'ready', null, { timeout: 15000 })
      .catch(() => result.problems.push('charts not drawn'));
  }
}

const report = { ok: true, loads: [], banners: [] };
try {
  for (const given of pages) {
    const [rel, hash] = given.split('#');
    const url = pathToFileURL(resolve(siteDir, rel)).href + (hash === undefined ? '' : '#' + hash);
    const result = { page: given, problems: [] };
    await load(url, result);
    report.loads.push(result);
    if (!rel.startsWith('v/') || hash === undefined) continue;
    const banner = page.locator('aside.version-banner a.version-latest');
    const b = { page: given, count: await banner.count(), onLoad: null, afterReplace: null, landed: null,
      problems: [] };
    report.banners.push(b);
    if (b.count !== 1) {
      b.problems.push('expected one banner link, found ' + b.count);
      continue;
    }
    b.onLoad = await banner.evaluate((a) => a.href);
    await page.evaluate(() => history.replaceState(null, '', '#replaced-view'));
    await banner.hover();
    b.afterReplace = await banner.evaluate((a) => a.href);
    await page.evaluate(() => history.replaceState(null, '', location.href.split('#')[0] + '#' + 'kept-view'));
    const landed = { page: 'followed from ' + given, problems: [] };
    sink = landed;
    await Promise.all([page.waitForEvent('load'), banner.click()]);
    b.landed = page.url();
    b.problems.push(...landed.problems);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
report.ok = report.loads.every((l) => l.problems.length === 0) && report.banners.every((b) => b.problems.length === 0);
console.log(JSON.stringify(report));
process.exit(report.ok ? 0 : 1);
