// The page of `danvan serve` in a real browser, as district staff use it: open the
// printed address, pick the returns through the file input, wait for the table, compare
// the headline with the JSON, open a unit's issues, download the summary, take a picture.
//
// node serve.mjs URL RETURNS_DIR OUT_DIR
// Prints one JSON line with what the page showed; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, returnsDir, outDir] = process.argv.slice(2);
if (!url || !returnsDir || !outDir) {
  console.error('usage: node serve.mjs URL RETURNS_DIR OUT_DIR');
  process.exit(2);
}

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push('page error: ' + e.message));
  // The browser logs every refused request; the note refused on purpose (415) is expected.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 415')) failures.push('console: ' + m.text());
  });
  // Nothing may leave this machine.
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol !== 'data:') failures.push('outside request: ' + r.url());
  });

  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  const title = await page.textContent('#plan-title');
  check(title.includes('73/KH-LĐLĐ'), 'plan title: ' + title);
  check((await page.textContent('#days')).includes('01/01/2025'), 'deadline shown');

  const files = readdirSync(returnsDir).sort().map((f) => join(returnsDir, f));
  const spreadsheets = files.filter((f) => /\.(xlsx|xlsm|xls|ods|xlsb)$/i.test(f));
  await page.setInputFiles('#file-input', files);
  // Every file answered (stored, or refused with its reason), then the table refreshed.
  await page.waitForFunction((n) => {
    const lines = [...document.querySelectorAll('#upload-log li')];
    return lines.length === n && lines.every((l) => !l.textContent.startsWith('Đang gửi'));
  }, files.length, { timeout: 120000 });
  await page.waitForFunction((n) => document.body.dataset.files === String(n), spreadsheets.length, { timeout: 60000 });
  const refused = await page.$$eval('#upload-log li.bad', (ls) => ls.map((l) => l.textContent));
  check(refused.length === files.length - spreadsheets.length, 'refused uploads: ' + JSON.stringify(refused));

  const counts = {};
  for (const k of ['expected', 'on_time', 'late', 'missing', 'invalid', 'extra']) {
    counts[k] = Number((await page.textContent(`[data-count="${k}"]`)).replace(/\D/g, ''));
  }
  const json = await page.evaluate(async () => {
    const t = document.querySelector('meta[name="danvan-token"]').content;
    const r = await fetch('/download/json?t=' + encodeURIComponent(t));
    return r.json();
  });
  for (const [k, v] of Object.entries(counts)) {
    check(json.units[k] === v, `headline ${k}: page ${v}, JSON ${json.units[k]}`);
  }
  const rows = await page.$$eval('#units tbody tr.unit', (trs) => trs.length);
  check(rows === Object.keys(json.per_unit).length, `table rows ${rows}`);

  // Filter to the missing units, then back.
  await page.selectOption('#filter', 'chua-nop');
  const missingRows = await page.$$eval('#units tbody tr.unit', (trs) => trs.length);
  check(missingRows === json.units.missing, `missing rows ${missingRows}`);
  await page.selectOption('#filter', 'all');

  // A unit with errors: its issues, with sheet and cell.
  const withErrors = Object.entries(json.per_unit).find(([, u]) => u.errors > 0)[0];
  await page.click(`#units tr.unit[data-code="${withErrors}"]`);
  const detail = await page.textContent('#units tr.detail');
  check(/!\$?[A-Z]+\$?\d+/.test(detail), 'issue with a cell: ' + detail);

  // The chase list: a message naming the deadline for each missing unit.
  const chase = await page.$$eval('#chase .chase textarea', (ts) => ts.map((t) => t.value));
  check(chase.length >= json.units.missing, 'chase list length ' + chase.length);
  check(chase[0].includes('01/01/2025'), 'reminder names the deadline: ' + chase[0]);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-summary')]);
  const summaryPath = join(outDir, 'summary.xlsx');
  await download.saveAs(summaryPath);

  await page.screenshot({ path: join(outDir, 'serve-page.png'), fullPage: true });
  check(failures.length === 0, failures.join('; '));
  console.log(JSON.stringify({ counts, rows, chase: chase.length, unit_opened: withErrors, summary: summaryPath, suggested: download.suggestedFilename() }));
} finally {
  await browser.close();
}
