// A new đợt on the page, as the clerk does it: the last đợt's returns dropped in and shown,
// "Đợt mới…" filled in and started, the new đợt's template downloaded, its returns dropped
// in, and the summary and the report downloaded (they set this đợt beside the last).
//
// node next-period.mjs URL OLD_RETURNS_DIR NEW_RETURNS_DIR OUT_DIR
// Prints one JSON line with what the page showed; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, oldDir, newDir, outDir] = process.argv.slice(2);
if (!url || !oldDir || !newDir || !outDir) {
  console.error('usage: node next-period.mjs URL OLD_RETURNS_DIR NEW_RETURNS_DIR OUT_DIR');
  process.exit(2);
}

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

async function drop(page, dir) {
  const files = readdirSync(dir).sort().map((f) => join(dir, f));
  const spreadsheets = files.filter((f) => /\.(xlsx|xlsm|xls|ods)$/i.test(f));
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => document.body.dataset.files === String(n), spreadsheets.length, { timeout: 120000 });
  return spreadsheets.length;
}

async function save(page, selector, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  await d.saveAs(join(outDir, name));
  return d.suggestedFilename();
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
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  check((await page.textContent('#plan-title')).includes('73/KH-LĐLĐ'), 'the last đợt first');
  const oldFiles = await drop(page, oldDir);

  // "Đợt mới…": the form, then the answer where the clerk clicked.
  await page.click('#next-period summary');
  await page.fill('#next-form input[name=code]', '15/KH-LĐLĐ');
  await page.fill('#next-form input[name=name]', 'đợt I/2025');
  await page.fill('#next-form input[name=from]', '02/06/2025');
  await page.fill('#next-form input[name=to]', '16/06/2025');
  await page.fill('#next-form input[name=deadline]', '20/06/2025');
  await page.click('#next-form button[type=submit]');
  await page.waitForFunction(() => (document.getElementById('next-result').textContent || '').includes('Đã lập'), null, { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById('plan-title').textContent.includes('15/KH-LĐLĐ'), null, { timeout: 30000 });
  const periods = await page.textContent('#periods');
  check(periods.includes('đợt II/2024') && periods.includes('đợt I/2025'), 'both đợt listed: ' + periods);
  const template = await save(page, '#dl-template', 'mau.xlsx');
  await page.screenshot({ path: join(outDir, 'next-period.png'), fullPage: false });

  const newFiles = await drop(page, newDir);
  await page.waitForFunction(() => !document.querySelector('.busy'), null, { timeout: 60000 }).catch(() => {});
  const summary = await save(page, '#dl-summary', 'summary.xlsx');
  const report = await save(page, '#dl-report', 'report.docx');
  check(failures.length === 0, failures.join('; '));
  console.log(JSON.stringify({ oldFiles, newFiles, template, summary, report, periods }));
} finally {
  await browser.close();
}
