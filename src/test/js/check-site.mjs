// Loads pages of a rendered sortlens site from file:// in headless Chromium and reports, as one JSON line on
// stdout, every console error, page error, failed or non-file request, and whether every chart container holds a
// rendered canvas or svg. Writes one full-page screenshot per page (and one in dark mode for the first page given).
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

const results = [];
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
} finally {
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ ok, results }));
process.exit(ok ? 0 : 1);
