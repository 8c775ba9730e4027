// The HTML report in a real browser: Debian's chromium (/usr/bin/chromium, never a downloaded one),
// driven by playwright-core. Writes the reports of a failing run (bench/generic-chaos.yaml seed 3),
// of a 10,000-order run (bench/ten-thousand-orders.yaml), of a scenario whose names are markup and
// the campaign page of `fuzz --out`, opens each from file:// and checks: no page error, no console error, no dialog (nothing in the
// data runs), the lanes and the violation marker are there, choosing an order highlights its
// records, #step-N scrolls to the step. Saves a screenshot of each into the artifact folder and
// prints the figures: report size, time to write it, time until the page is usable.
//   node tests/browser/report.test.mjs [--sagasim build/sagasim] [--out build/report-artifacts]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sagasim = resolve(arg('--sagasim', join(root, 'build', 'sagasim')));
const out = resolve(arg('--out', join(root, 'build', 'report-artifacts')));
mkdirSync(out, { recursive: true });

// Writes the report of `scenario` at `seed` (run from the repository's root, so the paths in the
// report are the repository's): its path, size and the wall time sagasim took.
function writeReport(name, scenario, seed) {
  const file = join(out, name + '.html');
  const t0 = performance.now();
  try {
    execFileSync(sagasim, ['run', scenario, '--seed', String(seed), '--report', file, '-q'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    if (e.status !== 1) throw e; // a failing run exits 1 and still writes its report
  }
  const ms = performance.now() - t0;
  return { file, ms, bytes: statSync(file).size };
}

let failures = 0;
async function check(what, fn) {
  try {
    await fn();
    console.log('ok   ' + what);
  } catch (e) {
    failures++;
    console.log('FAIL ' + what + '\n     ' + String(e.stack || e).split('\n').slice(0, 6).join('\n     '));
  }
}

const profile = mkdtempSync(join(tmpdir(), 'sagasim-chromium-'));
// A fresh, empty profile (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Opens a report and collects what went wrong on the page.
async function open(file, hash = '') {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('dialog', (d) => { problems.push('dialog: ' + d.message()); d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push('request: ' + r.url()); });
  const t0 = performance.now();
  await page.goto(pathToFileURL(file).href + hash);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
  const usableMs = performance.now() - t0;
  const paint = await page.evaluate(() => {
    const p = performance.getEntriesByName('first-contentful-paint')[0];
    return p ? p.startTime : null;
  });
  const readyMs = Number(await page.evaluate(() => document.body.dataset.readyMs));
  return { page, problems, usableMs, paint, readyMs };
}

// The step a report's first violation is at, read from its data.
const firstViolation = (page) => page.evaluate(() =>
  JSON.parse(document.getElementById('sagasim-data').textContent).violations[0].step);

async function checkReport(name, report) {
  let { page, problems, usableMs, paint, readyMs } = await open(report.file);
  console.log(`figure ${name}: report ${(report.bytes / 1e6).toFixed(2)} MB written in ${report.ms.toFixed(0)} ms ` +
    `(wall, sagasim run --report); usable in headless chromium ${readyMs} ms after navigation began ` +
    `(${usableMs.toFixed(0)} ms from the test's goto; first contentful paint ` +
    `${paint === null ? '?' : paint.toFixed(0) + ' ms'})`);
  await check(`${name}: lanes drawn`, async () => {
    const lanes = await page.locator('#lane-heads .lane').count();
    assert.ok(lanes >= 5, `only ${lanes} lanes`);
    assert.equal(String(lanes), await page.locator('#lane-heads').getAttribute('data-lanes'));
  });
  await check(`${name}: verdict and reproduce line`, async () => {
    assert.equal(await page.locator('#verdict').textContent(), 'FAIL');
    assert.match(await page.locator('#repro-cmd').textContent(), /^sagasim run bench\/.*\.yaml --seed \d+$/);
  });
  const step = await firstViolation(page);
  await check(`${name}: the violation is listed and #step-${step} scrolls to it and draws its rule`, async () => {
    assert.ok(await page.locator('#violation-list tbody tr').count() >= 1);
    await page.evaluate((n) => { location.hash = '#step-' + n; }, step);
    const row = page.locator('#step-' + step);
    await row.waitFor({ state: 'attached', timeout: 5000 });
    assert.match(await row.getAttribute('class'), /target/);
    const inView = await page.evaluate((n) => {
      const r = document.getElementById('step-' + n).getBoundingClientRect();
      const box = document.getElementById('steps').getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }, step);
    assert.ok(inView, 'the step row is not inside the list\'s view');
    const canvas = page.locator('#timeline');
    assert.ok(Number(await canvas.getAttribute('data-drawn-from')) <= step);
    assert.ok(Number(await canvas.getAttribute('data-drawn-to')) >= step);
    assert.ok(Number(await canvas.getAttribute('data-violations-drawn')) >= 1, 'no violation rule drawn');
  });
  await page.screenshot({ path: join(out, name + '-violation.png') });
  await check(`${name}: choosing an order highlights its records`, async () => {
    const orderRow = page.locator('#orders .row').nth(1);
    const id = (await orderRow.getAttribute('id')).replace('order-', '');
    const t0 = performance.now();
    await orderRow.click();
    await page.waitForFunction(() => Number(document.getElementById('selection').dataset.highlighted) > 0, null, { timeout: 5000 });
    console.log(`figure ${name}: choosing order ${id} took ${(performance.now() - t0).toFixed(0)} ms to highlight`);
    assert.match(await page.locator('#selection').textContent(), new RegExp('^order ' + id + ': \\d+ steps highlighted'));
    assert.ok(await page.locator('#steps .row.hl').count() >= 1, 'no step row highlighted');
    assert.match(await page.locator('#order-' + id).getAttribute('class'), /hl/);
    assert.equal(new URL(page.url()).hash, '#order-' + id);
  });
  await page.screenshot({ path: join(out, name + '-order.png') });
  await check(`${name}: the filter keeps the orders whose id or orderNumber holds what it is given`, async () => {
    await page.fill('#order-filter', '7');
    const rows = await page.locator('#orders .row').evaluateAll((rs) => rs.map((r) => [r.id, r.textContent]));
    assert.ok(rows.length >= 1 && rows[0][0] === 'order-7', JSON.stringify(rows.slice(0, 3)));
    assert.ok(rows.every(([id, text]) => id.startsWith('order-7') || text.includes('7')), JSON.stringify(rows));
    // An orderNumber finds its order.
    const number = await page.evaluate(() => {
      const d = JSON.parse(document.getElementById('sagasim-data').textContent);
      const o = d.orders.find((x) => x[4] >= 0);
      return o ? [o[0], d.strings[o[4]]] : null;
    });
    if (number) {
      await page.fill('#order-filter', number[1]);
      const found = await page.locator('#orders .row').evaluateAll((rs) => rs.map((r) => r.id));
      assert.deepEqual(found, ['order-' + number[0]]);
    }
  });
  await check(`${name}: linear virtual time redraws without errors`, async () => {
    await page.check('input[value=linear]');
    await page.evaluate(() => new Promise(requestAnimationFrame));
  });
  await page.close();
  // A deep link opened fresh: the page starts at the step.
  ({ page, problems: problems } = await (async () => {
    const o = await open(report.file, '#step-' + step);
    o.problems.unshift(...problems);
    return o;
  })());
  await check(`${name}: a fresh load of #step-${step} shows the step`, async () => {
    assert.match(await page.locator('#step-' + step).getAttribute('class'), /target/);
  });
  await check(`${name}: no page error, console error, dialog or request`, async () => {
    assert.deepEqual(problems, []);
  });
  await page.close();
}

try {
  const failing = writeReport('failing-run', 'bench/generic-chaos.yaml', 3);
  await checkReport('failing-run', failing);
  const big = writeReport('ten-thousand-orders', 'bench/ten-thousand-orders.yaml', 1);
  await checkReport('ten-thousand-orders', big);
  const markup = writeReport('markup-in-names', 'tests/data/reports/markup-in-names.yaml', 1);
  const { page, problems } = await open(markup.file);
  await check('markup-in-names: the names show as text and run nothing', async () => {
    const text = await page.locator('#steps').textContent();
    assert.ok(text.includes('</script><script>alert(1)</script>'), 'the SKU name is not shown as text');
    assert.ok(text.includes('<img src=x onerror=alert(2)>'), 'the second SKU name is not shown as text');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 2);
    assert.deepEqual(problems, []);
  });
  await page.screenshot({ path: join(out, 'markup-in-names.png') });
  await page.close();
  // The campaign page of fuzz --out, and the timeline it links to.
  const campaign = join(out, 'campaign');
  rmSync(campaign, { recursive: true, force: true });
  try {
    execFileSync(sagasim, ['fuzz', 'bench/generic-chaos.yaml', '--runs', '12', '--out', campaign], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    if (e.status !== 1) throw e;
  }
  const c = await open(join(campaign, 'index.html'));
  await check('campaign page: failures listed, each linking to its timeline, which opens', async () => {
    assert.equal(await c.page.locator('#verdict').textContent(), 'FAIL');
    const rows = await c.page.locator('#failures tbody tr').count();
    assert.ok(rows >= 1, 'no failure row');
    const href = await c.page.locator('#failures tbody tr a').first().getAttribute('href');
    assert.match(href, /^\.\/generic-chaos\/.*\.html$/);
    await c.page.screenshot({ path: join(out, 'campaign.png') });
    await c.page.locator('#failures tbody tr a').first().click();
    await c.page.waitForFunction(() => document.body.dataset.ready === 'true' && document.getElementById('lane-heads'),
      null, { timeout: 30000 });
    assert.equal(await c.page.locator('#verdict').textContent(), 'FAIL');
    assert.deepEqual(c.problems, []);
  });
  await c.page.close();
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(failures === 0 ? 'browser: all checks passed' : `browser: ${failures} checks failed`);
process.exit(failures === 0 ? 0 : 1);
