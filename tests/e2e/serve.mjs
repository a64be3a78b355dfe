// The page of `danvan serve` in a real browser, as district staff use it: open the
// printed address, pick the returns through the file input, wait for the table, compare
// the headline with the JSON, open a unit's issues, download the summary, take a picture.
//
// Then the clerk's own settings, without a terminal: a real roster uploaded, the as-of date
// changed and set back, a file dated by hand in the receipt log, a photo renamed .xlsx
// flagged and taken out again, one unit's feedback downloaded, the page at 390 px, and the
// banner when the server cannot be reached.
//
// Then an archive (the "download all" of an email) uploaded through the picker: its member
// listed under its name in the archive, and taken out only with its archive, as its button
// says.
//
// node serve.mjs URL RETURNS_DIR OUT_DIR ROSTER_CSV PHOTO_XLSX ARCHIVE_ZIP
// Prints one JSON line with what the page showed; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, returnsDir, outDir, rosterCsv, photo, archive] = process.argv.slice(2);
if (!url || !returnsDir || !outDir || !rosterCsv || !photo || !archive) {
  console.error('usage: node serve.mjs URL RETURNS_DIR OUT_DIR ROSTER_CSV PHOTO_XLSX ARCHIVE_ZIP');
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
    // A refused date (400) is asked for on purpose too.
    // A stale tab's token is refused (403) on purpose too.
    if (m.type() === 'error' && !/status of (415|400|403)/.test(m.text())) failures.push('console: ' + m.text());
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
  const planLine = await page.textContent('#plan-line');
  check(planLine.includes('Tính đến: 02/01/2025') && !planLine.includes('Hôm nay'), 'the as-of day said as such: ' + planLine);
  const rosterLine = await page.textContent('#roster');
  check(rosterLine.split('MẪU').length === 2, 'the sample roster said once: ' + rosterLine);

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
  check(/trang "[^"]+", dòng \d+, cột [A-Z]+/.test(detail), 'the cell in words: ' + detail);

  // The chase list: a message naming the deadline for each missing unit.
  const chase = await page.$$eval('#chase .chase textarea', (ts) => ts.map((t) => t.value));
  check(chase.length >= json.units.missing, 'chase list length ' + chase.length);
  check(chase[0].includes('01/01/2025'), 'reminder names the deadline: ' + chase[0]);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-summary')]);
  const summaryPath = join(outDir, 'summary.xlsx');
  await download.saveAs(summaryPath);

  await page.screenshot({ path: join(outDir, 'serve-page.png'), fullPage: true });

  // One unit's feedback file, from its detail row.
  const [fb] = await Promise.all([page.waitForEvent('download'),
    page.click(`#units tr.detail a[href*="/download/feedback?unit=${encodeURIComponent(withErrors)}"]`)]);
  const feedbackName = fb.suggestedFilename();
  check(feedbackName.startsWith('Phản hồi - ' + withErrors), 'feedback file name: ' + feedbackName);

  // A late unit's file dated by hand (received on 30/12/2024): on time, from the receipt log.
  const late = Object.entries(json.per_unit).find(([, u]) => u.status === 'Trễ hạn')[0];
  await page.click(`#units tr.unit[data-code="${late}"]`);
  // The date field starts empty: a click cannot re-date the unit by the computer's day.
  const startDate = await page.inputValue('#units tr.detail input[data-role="received-date"]');
  check(startDate === '', 'the received-date field starts empty: ' + startDate);
  // Every action answers where it was clicked, and the answer stays after the redraw: a
  // day that does not exist is refused with its reason, then a real day is taken.
  const answerAfter = async (date, previous) => {
    await page.fill('#units tr.detail input[data-role="received-date"]', date);
    await page.click('#units tr.detail button[data-role="received"]');
    await page.waitForFunction((prev) => {
      const a = document.querySelector('#units tr.detail [data-role="answer"]');
      return a && !a.hidden && a.textContent !== prev;
    }, previous, { timeout: 30000 });
    return page.$eval('#units tr.detail [data-role="answer"]', (a) => ({ text: a.textContent, cls: a.className }));
  };
  const refusedDay = await answerAfter('32/12/2024', '');
  check(refusedDay.cls.includes('bad') && refusedDay.text.includes('32/12/2024'), 'a refused day answers: ' + JSON.stringify(refusedDay));
  const taken = await answerAfter('30/12/2024', refusedDay.text);
  check(taken.cls.includes('ok') && taken.text.startsWith('Đã ghi vào sổ nhận'), 'a taken day answers: ' + JSON.stringify(taken));
  await page.waitForFunction((code) => {
    const tr = document.querySelector(`#units tr.unit[data-code="${code}"]`);
    return tr && tr.textContent.includes('Đúng hạn') && tr.textContent.includes('Sổ nhận tệp');
  }, late, { timeout: 30000 });
  // Still there once the table has been redrawn by the next status poll.
  await page.waitForTimeout(2500);
  const kept = await page.$eval('#units tr.detail [data-role="answer"]', (a) => a.textContent);
  check(kept === taken.text, 'the answer stays after the redraw: ' + kept);
  await (await page.$('#units tr.detail')).screenshot({ path: join(outDir, 'serve-answer.png') });
  // A day entered by mistake is taken back on the page (the unit is late again), then
  // entered anew.
  page.once('dialog', (d) => d.accept());
  await page.click('#units tr.detail button[data-role="unreceive"]');
  await page.waitForFunction((code) => {
    const tr = document.querySelector(`#units tr.unit[data-code="${code}"]`);
    const a = document.querySelector('#units tr.detail [data-role="answer"]');
    return tr && tr.textContent.includes('Trễ hạn') && a && a.textContent.startsWith('Đã bỏ 1 dòng');
  }, late, { timeout: 30000 });
  const retaken = await answerAfter('30/12/2024', await page.textContent('#units tr.detail [data-role="answer"]'));
  check(retaken.cls.includes('ok'), 'dated again: ' + JSON.stringify(retaken));

  // A missing unit's return received on paper on 31/12/2024: reported, on time, no figures.
  const missing = Object.entries(json.per_unit).find(([, u]) => u.status === 'Chưa nộp' && u.in_roster)[0];
  await page.click(`#units tr.unit[data-code="${missing}"]`);
  await page.fill('#units tr.detail input[data-role="paper-date"]', '31/12/2024');
  await page.click('#units tr.detail button[data-role="paper"]');
  await page.waitForFunction((code) => {
    const tr = document.querySelector(`#units tr.unit[data-code="${code}"]`);
    return tr && tr.textContent.includes('Đúng hạn') && tr.textContent.includes('bản giấy')
      && tr.textContent.includes('số liệu chưa có trong tổng hợp');
  }, missing, { timeout: 30000 });

  // The as-of date changed on the page, then set back.
  await page.fill('#as-of-input', '31/12/2024');
  await page.click('#as-of-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('as-of').textContent.includes('31/12/2024'), null, { timeout: 30000 });
  await page.fill('#as-of-input', '02/01/2025');
  await page.click('#as-of-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('as-of').textContent.includes('02/01/2025'), null, { timeout: 30000 });

  // A photo renamed .xlsx: stored, but flagged at once, then taken out (moved aside).
  const before = Number(await page.evaluate(() => document.body.dataset.files));
  const photoName = photo.split(/[\\/]/).pop();
  await page.setInputFiles('#file-input', [photo]);
  await page.waitForFunction((n) => [...document.querySelectorAll('#upload-log li.flag')].some((l) => l.textContent.includes(n)),
    photoName, { timeout: 30000 });
  const flagged = await page.evaluate((n) => [...document.querySelectorAll('#upload-log li.flag')]
    .find((l) => l.textContent.includes(n)).textContent, photoName);
  await page.click('#others summary');
  // At 1366 px its long name, with no space to break at, wraps: the page does not scroll
  // sideways and the file's button stays on the screen.
  await page.setViewportSize({ width: 1366, height: 900 });
  const wide = await page.evaluate((n) => {
    const row = [...document.querySelectorAll('#others tr')].find((tr) => tr.textContent.includes(n));
    const button = row.querySelector('button[data-role="remove"]').getBoundingClientRect();
    return { sideways: document.documentElement.scrollWidth - window.innerWidth, button: button.right - window.innerWidth };
  }, photoName);
  check(wide.sideways <= 1 && wide.button <= 1, 'a long file name pushes the page at 1366 px: ' + JSON.stringify(wide));
  await page.screenshot({ path: join(outDir, 'serve-page-1366-ten-dai.png'), fullPage: true });
  page.once('dialog', (d) => d.accept());
  await page.click(`#others tr:has(td.file:text-is("${photoName}")) button[data-role="remove"]`);
  await page.waitForFunction((n) => document.body.dataset.files === String(n), before, { timeout: 30000 });
  // The file has left the list; what was done with it stays said above the list.
  await page.waitForFunction((n) => document.getElementById('others-answer').textContent.includes('Đã gỡ tệp "' + n + '"'),
    photoName, { timeout: 30000 });
  // Taken out by mistake: put back from the list of removed files, said there; then out again.
  await page.click('#removed summary');
  await page.click(`#removed li:has(span.file:text-is("${photoName}")) button[data-role="restore"]`);
  await page.waitForFunction((n) => document.getElementById('removed-answer').textContent.includes('Đã đưa tệp "' + n + '" trở lại'),
    photoName, { timeout: 30000 });
  await page.waitForFunction((n) => document.body.dataset.files === String(n + 1), before, { timeout: 30000 });
  page.once('dialog', (d) => d.accept());
  await page.click(`#others tr:has(td.file:text-is("${photoName}")) button[data-role="remove"]`);
  await page.waitForFunction((n) => document.body.dataset.files === String(n), before, { timeout: 30000 });

  // An archive through the picker: stored, its member listed by its name in the archive;
  // the member's button takes the whole archive out, and says so before it does.
  const archiveName = archive.split(/[\\/]/).pop();
  const member = archiveName + ' › CD01 gửi lại.xlsx';
  await page.setInputFiles('#file-input', [archive]);
  await page.waitForFunction((n) => document.body.dataset.files === String(n + 1), before, { timeout: 30000 });
  await page.waitForFunction((m) => [...document.querySelectorAll('td.file')].some((td) => td.textContent === m), member, { timeout: 30000 });
  let memberButton = `#others tr:has(td.file:text-is("${member}")) button[data-role="remove"]`;
  if (!(await page.$(memberButton))) {
    // The resend counts for CD01: its button is in the unit's details.
    await page.click('#units tr.unit[data-code="CD01"]');
    memberButton = '#units tr.detail button[data-role="remove"]';
  }
  const label = await page.textContent(memberButton);
  check(label === 'Gỡ cả tệp nén "' + archiveName + '"', 'the member\'s button names its archive: ' + label);
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.accept(); });
  await page.click(memberButton);
  await page.waitForFunction((n) => document.body.dataset.files === String(n), before, { timeout: 30000 });
  check(asked.includes('nằm trong tệp nén "' + archiveName + '"'), 'the question names the archive: ' + asked);

  // The district's real roster, uploaded on the page: no more sample, its units counted.
  await page.setInputFiles('#roster-input', rosterCsv);
  await page.waitForFunction(() => {
    const r = document.getElementById('roster-result');
    return !r.hidden && r.textContent.startsWith('Đã dùng danh sách');
  }, null, { timeout: 30000 });
  await page.waitForFunction(() => !document.getElementById('roster').textContent.includes('MẪU'), null, { timeout: 30000 });
  const expectedAfter = Number((await page.textContent('[data-count="expected"]')).replace(/\D/g, ''));

  // A phone: nothing wider than the screen, the reminders readable.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, 'the page scrolls sideways at 390 px by ' + overflow + ' px');
  // Each unit's code, name, status and errors are on the screen without scrolling sideways.
  const offScreen = await page.evaluate(() => [...document.querySelectorAll('#units tr.unit')].flatMap((tr) =>
    [0, 1, 2, 6].map((i) => tr.children[i]).filter((td) => td.getBoundingClientRect().right > window.innerWidth + 1)
      .map((td) => tr.dataset.code + ':' + td.cellIndex)));
  check(offScreen.length === 0, 'cells past the screen at 390 px: ' + offScreen.slice(0, 8).join(', '));
  // An opened unit's details (issues, hints, the received-date field) are whole on screen.
  // (The text itself, not only the boxes holding it: a text that does not wrap overflows
  // its box.)
  const cut = await page.evaluate(() => [...document.querySelectorAll('#units tr.detail td')].map((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return Math.max(...[...range.getClientRects()].map((r) => r.right)) - window.innerWidth;
  }).filter((d) => d > 1));
  check(await page.$('#units tr.detail') !== null, 'a unit is open at 390 px');
  check(cut.length === 0, 'unit details run past the screen at 390 px by ' + cut.join(', ') + ' px');
  await page.screenshot({ path: join(outDir, 'serve-page-390.png') });
  await page.evaluate(() => document.getElementById('chase').scrollIntoView());
  await page.screenshot({ path: join(outDir, 'serve-page-390-nhac.png') });
  await page.setViewportSize({ width: 1366, height: 900 });

  // The server out of reach: said at the top, actions disabled, no English.
  await page.route('**/api/status*', (r) => r.abort());
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForSelector('#stopped:not([hidden])', { timeout: 15000 });
  const banner = await page.textContent('#stopped');
  check(banner.includes('danvan đã dừng'), 'stopped banner: ' + banner);
  const bannerTop = await page.evaluate(() => document.getElementById('stopped').getBoundingClientRect().top);
  check(bannerTop <= 1, 'the banner is at the top of the screen: ' + bannerTop);
  check(await page.evaluate(() => document.body.classList.contains('is-stopped')), 'actions disabled');
  const rosterGrey = await page.$eval('#roster-input', (i) => getComputedStyle(i.closest('label')).pointerEvents);
  check(rosterGrey === 'none', 'the roster button is greyed while danvan is stopped: ' + rosterGrey);
  await page.screenshot({ path: join(outDir, 'serve-page-stopped.png') });
  await page.unroute('**/api/status*');
  await page.waitForFunction(() => !document.body.classList.contains('is-stopped'), null, { timeout: 15000 });

  // A tab left open from before a restart: its token is an earlier run's, refused by the
  // server (a real 403). The page says so, greys its actions (the roster button too), and an
  // action still under way answers in words, not "Failed to fetch".
  await page.route('**/api/**', (r) => r.continue({ headers: { ...r.request().headers(), 'x-danvan-token': 'cu' + Date.now() } }));
  await page.waitForSelector('#stale:not([hidden])', { timeout: 15000 });
  const staleText = await page.textContent('#stale');
  check(staleText.includes('lần chạy danvan trước'), 'stale banner: ' + staleText);
  check(await page.evaluate(() => document.getElementById('stopped').hidden), 'one banner at a time');
  check(await page.$eval('#roster-input', (i) => getComputedStyle(i.closest('label')).pointerEvents) === 'none',
    'the roster button is greyed in a stale tab');
  await page.screenshot({ path: join(outDir, 'serve-page-stale.png') });
  await page.unroute('**/api/**');
  await page.waitForFunction(() => !document.body.classList.contains('is-stopped'), null, { timeout: 15000 });

  // Expected failures: the refused note (415), the photo's status refresh aborted on purpose.
  const real = failures.filter((f) => !f.includes('ERR_FAILED'));
  check(real.length === 0, real.join('; '));
  console.log(JSON.stringify({ counts, rows, chase: chase.length, unit_opened: withErrors, summary: summaryPath,
    suggested: download.suggestedFilename(), feedback: feedbackName, received: late, paper: missing, flagged, expected_after: expectedAfter }));
} finally {
  await browser.close();
}
