// The province's page (`danvan serve --rollup`) in a real browser: a district's summary
// dropped through the picker, its row in the table, the unions reached below on the counts
// line, the district form offered as the template, a picture of the page.
//
// node rollup.mjs URL SUMMARY_XLSX OUT_DIR
// Prints one JSON line with what the page showed; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const [url, summary, outDir] = process.argv.slice(2);
if (!url || !summary || !outDir) {
  console.error('usage: node rollup.mjs URL SUMMARY_XLSX OUT_DIR');
  process.exit(2);
}

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
  const failures = [];
  page.on('pageerror', (e) => failures.push('page error: ' + e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  check(!(await page.$eval('#level', (e) => e.hidden)), 'the province banner shows');
  const template = await page.textContent('#dl-template');
  check(template.includes('mẫu tổng hợp huyện'), 'the template button: ' + template);
  check(await page.$eval('#dl-templates', (e) => getComputedStyle(e).display === 'none'), 'no per-unit zip');

  await page.setInputFiles('#file-input', [summary]);
  await page.waitForFunction(() => document.body.dataset.files === '1', null, { timeout: 60000 });
  await page.waitForFunction(() => {
    const tr = document.querySelector('#units tr.unit[data-code="H01"]');
    return tr && !tr.textContent.includes('Chưa nộp');
  }, null, { timeout: 60000 });
  const line = await page.textContent('#rows-line');
  check(/công đoàn cơ sở đã báo cáo \(theo các đơn vị được tính\): [\d.]+ \/ [\d.]+/.test(line), 'the counts line: ' + line);
  check(!line.includes('dòng số liệu'), 'no rows on the province line: ' + line);
  const row = await page.textContent('#units tr.unit[data-code="H01"]');
  await page.screenshot({ path: join(outDir, 'serve-rollup.png'), fullPage: false });
  check(failures.length === 0, failures.join('; '));
  console.log(JSON.stringify({ line, row }));
} finally {
  await browser.close();
}
