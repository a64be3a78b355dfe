// danvan's local page: no framework, no network beyond this machine. Every text shown
// comes from the server's JSON or is written here in Vietnamese; data is inserted with
// textContent only (never as HTML).
'use strict';

const TOKEN = document.querySelector('meta[name="danvan-token"]').content;
const Q = 't=' + encodeURIComponent(TOKEN);
let last = null;
let filter = 'all';
let refreshing = false;
const open = new Set();

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function num(n) {
  return Number(n).toLocaleString('vi-VN');
}

// Why the server cannot be used from this tab: it stopped, or this tab is from an earlier
// run (its token refused); said at the top, every action greyed.
const UNREACHABLE = 'Không kết nối được với danvan (cửa sổ danvan đã đóng?): thao tác chưa được thực hiện. Mở lại danvan rồi tải lại trang.';
const STALE = 'Trang này mở từ lần chạy danvan trước: thao tác chưa được thực hiện. Hãy dùng trang danvan vừa mở.';

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = Object.assign({ 'X-Danvan-Token': TOKEN }, opts.headers || {});
  let r;
  try {
    r = await fetch(path, opts);
  } catch (_) {
    stopped('stopped');
    throw new Error(UNREACHABLE);
  }
  if (r.status === 403 && r.headers.get('X-Danvan-Token-Refused')) {
    stopped('stale');
    throw new Error(STALE);
  }
  if (!r.ok) {
    const text = await r.text();
    throw new Error(text || ('HTTP ' + r.status));
  }
  return r;
}

function setLinks(d) {
  const link = (id, path) => { document.getElementById(id).href = path + '?' + Q; };
  link('dl-plan', '/download/plan');
  link('dl-template', '/download/template');
  link('dl-templates', '/download/templates.zip');
  link('dl-summary', '/download/summary');
  link('dl-feedback', '/download/feedback.zip');
  link('dl-report', '/download/report');
  link('dl-json', '/download/json');
  document.getElementById('name-summary').textContent = d.downloads.summary;
  document.getElementById('name-report').textContent = d.downloads.report;
}

function renderPlan(d) {
  const p = d.plan;
  document.getElementById('plan-title').textContent = 'Kế hoạch ' + p.code + ' — ' + p.title;
  document.getElementById('plan-line').textContent =
    'Thời gian thực hiện: ' + p.window + ' · Hạn nộp báo cáo: trước ngày ' + p.deadline + (p.as_of_is_today ? ' · Hôm nay: ' : ' · Tính đến: ') + p.today;
  document.getElementById('plan-summary').textContent =
    'Đang dùng: kế hoạch ' + p.code + ' (' + p.period + '), từ ' + p.window + ', hạn nộp trước ' + p.deadline + '.';
  const periods = d.periods || [];
  document.getElementById('periods').textContent = periods.length < 2 ? '' :
    'Các đợt: ' + periods.map((x) => x.name + ' (' + x.code + (x.current ? ', đang dùng' : ', thư mục ' + x.folder) + ')').join(' · ');
  const days = document.getElementById('days');
  days.textContent = p.days_text;
  days.className = 'badge ' + (p.past_deadline ? 'badge-late' : 'badge-ok');
  const roster = document.getElementById('roster');
  roster.className = p.roster_sample ? 'warn' : '';
  if (p.roster_sample) {
    // Said once, plainly: the sample's own label would say it twice more.
    roster.textContent = 'Danh sách đơn vị: ' + p.roster_units + ' đơn vị. ';
    roster.append(el('strong', {}, 'Đây là danh sách MẪU: hãy tải danh sách thật của huyện lên (tệp Excel hoặc .csv có cột Mã đơn vị, Tên công đoàn cơ sở).'));
  } else {
    roster.textContent = 'Danh sách đơn vị: ' + p.roster + ' (' + p.roster_units + ' đơn vị).';
  }
  const asOf = document.getElementById('as-of-input');
  if (document.activeElement !== asOf) asOf.value = d.as_of_set || '';
  document.getElementById('folders').textContent =
    'Thư mục báo cáo: ' + d.folder + ' · Kết quả ghi vào: ' + d.out;
  document.getElementById('drop-note').textContent =
    'Tệp được lưu vào thư mục báo cáo, không ghi đè tệp cùng tên (tệp gửi lại được giữ cả hai, bản mới nhất được tính). ' +
    'Tối đa ' + d.limits.max_upload_mb + ' MB một tệp. Tệp chép thẳng vào thư mục cũng được tính.';
}

function matches(u) {
  const s = document.getElementById('search').value.trim().toLowerCase();
  if (s && !(u.code.toLowerCase().includes(s) || u.name.toLowerCase().includes(s))) return false;
  switch (filter) {
    case 'all': return true;
    case 'co-loi': return u.errors > 0;
    case 'ngoai-danh-sach': return !u.in_roster;
    default: return u.status_key === filter;
  }
}

// The answer to each action taken in the tables, kept by where it was asked (`unit:CODE`,
// `file:NAME`): the tables are redrawn after every action, and the answer must stay.
const answers = new Map();

// Posts `path`; the answer goes to `where`: an element that stays, or a key of `answers`.
async function post(path, where) {
  const show = (text, ok) => {
    if (typeof where === 'string') {
      answers.set(where, { text, ok });
    } else if (where) {
      where.textContent = text; where.className = ok ? 'ok' : 'bad'; where.hidden = false;
    }
  };
  try {
    const r = await api(path, { method: 'POST' });
    const j = await r.json();
    show(j.message, true);
    return true;
  } catch (e) {
    show(e.message, false);
    return false;
  } finally {
    await refresh();
  }
}

// Where the answer to an action on `key` shows (hidden until there is one).
function answerBox(key) {
  const a = answers.get(key);
  const box = el('div', { class: 'answer ' + (a ? (a.ok ? 'ok' : 'bad') : ''), 'data-role': 'answer', role: 'status' });
  if (a) box.textContent = a.text; else box.hidden = true;
  return box;
}

// What can be done with a unit's file: date it received by hand, take it out, get its
// feedback; or, without a file, record its return received on paper.
function unitActions(u) {
  const box = el('div', { class: 'actions' });
  const key = 'unit:' + u.code;
  if (u.feedback) {
    box.append(el('a', { class: 'button', href: '/download/feedback?unit=' + encodeURIComponent(u.code) + '&' + Q },
      'Tải tệp phản hồi của đơn vị'));
  }
  if (u.file) {
    box.append(...receivedOn('received', 'Nhận tệp (trực tiếp, USB…) ngày ', 'Ghi ngày nhận tệp',
      'file=' + encodeURIComponent(u.file), key), removeButton(u.file, key, u.archive));
  } else if (u.in_roster) {
    // A return on paper: the unit counts as reported from that day (receipt log).
    box.append(...receivedOn('paper', 'Nhận báo cáo bản giấy ngày ', 'Ghi nhận bản giấy',
      'unit=' + encodeURIComponent(u.code), key));
  }
  if (u.from_receipt_log) box.append(unreceiveButton(u, key));
  box.append(answerBox(key));
  return box;
}

// A date field and a button writing it to the receipt log for `what`. The field starts
// empty: the clerk types the day the return came. A day filled in for them (the computer's,
// the as-of day) would re-date an on-time unit late with one click.
function receivedOn(role, label, button, what, key) {
  const date = el('input', { type: 'text', placeholder: 'ngày/tháng/năm', 'data-role': role + '-date' });
  const mark = el('button', { type: 'button', 'data-role': role }, button);
  mark.addEventListener('click', (e) => {
    e.stopPropagation();
    post('/api/received?' + what + '&date=' + encodeURIComponent(date.value), key);
  });
  date.addEventListener('click', (e) => e.stopPropagation());
  return [el('label', {}, label, date), mark];
}

// A day written in the receipt log by mistake (a file's, or a return on paper) taken back.
function unreceiveButton(u, key) {
  const b = el('button', { type: 'button', 'data-role': 'unreceive' }, 'Bỏ ngày đã ghi trong sổ nhận');
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    if (!window.confirm('Bỏ ngày đã ghi trong sổ nhận cho ' + u.code + ' — ' + u.name + '?')) return;
    const what = (u.file ? 'file=' + encodeURIComponent(u.file) + '&' : '') + 'unit=' + encodeURIComponent(u.code);
    post('/api/unreceive?' + what, key);
  });
  return b;
}

// A file read from an archive leaves with its archive (a member cannot be taken out of
// it): the button and the question say so.
function removeButton(file, key, archive) {
  const b = el('button', { type: 'button', 'data-role': 'remove' }, archive ? 'Gỡ cả tệp nén "' + archive + '"' : 'Gỡ tệp này');
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    const question = archive
      ? 'Tệp "' + file + '" nằm trong tệp nén "' + archive + '". Gỡ cả tệp nén (mọi tệp trong đó) khỏi thư mục báo cáo? Tệp nén được chuyển sang thư mục da-xoa, không bị xóa.'
      : 'Gỡ tệp "' + file + '" khỏi thư mục báo cáo? Tệp được chuyển sang thư mục da-xoa, không bị xóa.';
    if (!window.confirm(question)) return;
    post('/api/remove?file=' + encodeURIComponent(file), key);
  });
  return b;
}

function issueList(issues) {
  if (!issues.length) return el('p', { class: 'muted' }, 'Không có lỗi hay cảnh báo.');
  const ul = el('ul', { class: 'issues' });
  for (const i of issues) {
    const li = el('li', { class: 'sev-' + i.severity },
      el('strong', {}, i.severity_label), ' · ',
      (i.location_words || i.file) + (i.location ? ' (' + i.location + ')' : ''), ' · ', i.message);
    if (i.found) li.append(el('span', { class: 'found' }, ' — Tìm thấy: ', el('code', {}, i.found)));
    if (i.hint) li.append(el('div', { class: 'hint' }, 'Gợi ý: ' + i.hint));
    ul.append(li);
  }
  return ul;
}

function renderUnits(st) {
  const tbody = document.querySelector('#units tbody');
  tbody.replaceChildren();
  let shown = 0;
  for (const u of st.units) {
    if (!matches(u)) continue;
    shown++;
    const tr = el('tr', { class: 'unit s-' + u.status_key, 'data-code': u.code, tabIndex: 0 },
      el('td', {}, u.code),
      el('td', {}, u.name, u.in_roster ? null : el('span', { class: 'tag' }, 'ngoài danh sách')),
      el('td', {}, el('span', { class: 'status s-' + u.status_key }, u.status)),
      el('td', {}, u.submitted || '', u.supplement_note ? el('span', { class: 'tag' }, 'có bổ sung') : null),
      el('td', {}, u.source || ''),
      el('td', { class: 'file' }, u.file || u.paper_note || ''),
      el('td', { class: 'num' + (u.errors ? ' has-errors' : '') }, u.errors),
      el('td', { class: 'num' }, u.warnings));
    const toggle = () => {
      if (open.has(u.code)) open.delete(u.code); else open.add(u.code);
      renderUnits(last.status);
    };
    tr.addEventListener('click', toggle);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') toggle(); });
    tbody.append(tr);
    if (open.has(u.code)) {
      const detail = el('td', { colSpan: 8 });
      if (u.contact || u.phone) detail.append(el('p', {}, 'Liên hệ: ' + [u.contact, u.phone].filter(Boolean).join(' · ')));
      // The day and the file, whole: a phone's table leaves these columns out.
      if (u.submitted) detail.append(el('p', { class: 'narrow-only' }, 'Ngày nộp: ' + u.submitted + (u.source ? ' (' + u.source + ')' : '')));
      if (u.file) detail.append(el('p', { class: 'narrow-only file' }, 'Tệp: ' + u.file));
      if (u.supplement_note) detail.append(el('p', {}, u.supplement_note));
      if (u.rows_counted) detail.append(el('p', {}, 'Số dòng số liệu được tính: ' + num(u.rows_counted)));
      detail.append(issueList(u.issues));
      detail.append(unitActions(u));
      tbody.append(el('tr', { class: 'detail' }, detail));
    }
  }
  if (!shown) tbody.append(el('tr', {}, el('td', { colSpan: 8, class: 'muted' }, 'Không có đơn vị nào khớp bộ lọc.')));
  document.querySelectorAll('.counts button').forEach((b) => b.classList.toggle('active', b.dataset.filter === filter));
  document.getElementById('filter').value = filter;
}

function renderOthers(st) {
  document.getElementById('others-count').textContent = st.not_counted.length;
  const tbody = document.querySelector('#others tbody');
  tbody.replaceChildren();
  const listed = new Set();
  for (const f of st.not_counted) {
    const key = 'file:' + f.file;
    listed.add(key);
    tbody.append(el('tr', {}, el('td', { class: 'file' }, f.file), el('td', {}, f.reason, answerBox(key)),
      el('td', {}, f.removable ? removeButton(f.file, key, f.archive) : '')));
  }
  // A file taken out leaves the list: its answer stays above it.
  const gone = document.getElementById('others-answer');
  gone.replaceChildren(...[...answers.keys()].filter((k) => k.startsWith('file:') && !listed.has(k)).map(answerBox));
}

// Rows of the receipt log that could not be used: rows of the log, not files.
function renderLog(st) {
  const rows = st.log_issues || [];
  document.getElementById('log-issues').hidden = !rows.length;
  document.getElementById('log-count').textContent = rows.length;
  document.getElementById('log-list').replaceChildren(...rows.map((i) =>
    el('li', {}, (i.location_words ? i.location_words + ': ' : '') + i.message)));
}

// Files taken out on the page, each with a button putting it back.
function renderRemoved(d) {
  const names = d.removed || [];
  document.getElementById('removed-count').textContent = names.length;
  const list = document.getElementById('removed-list');
  list.replaceChildren(...names.map((name) => {
    const b = el('button', { type: 'button', 'data-role': 'restore' }, 'Đưa trở lại thư mục báo cáo');
    b.addEventListener('click', () => post('/api/restore?file=' + encodeURIComponent(name), 'restore:' + name));
    return el('li', {}, el('span', { class: 'file' }, name), ' ', b);
  }));
  // The answer stays once the file has left this list.
  document.getElementById('removed-answer').replaceChildren(
    ...[...answers.keys()].filter((k) => k.startsWith('restore:')).map(answerBox));
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    const t = el('textarea', { value: text });
    document.body.append(t);
    t.select();
    document.execCommand('copy');
    t.remove();
  }
  button.textContent = 'Đã chép ✓';
  setTimeout(() => { button.textContent = 'Chép tin nhắn'; }, 2000);
}

function renderChase(st) {
  document.getElementById('chase-count').textContent = st.chase.length;
  const box = document.getElementById('chase');
  box.replaceChildren();
  if (!st.chase.length) {
    box.append(el('p', {}, 'Không có đơn vị nào cần nhắc.'));
    return;
  }
  for (const c of st.chase) {
    const button = el('button', { type: 'button', class: 'button' }, 'Chép tin nhắn');
    button.addEventListener('click', () => copy(c.message, button));
    box.append(el('div', { class: 'chase' },
      el('div', { class: 'who' },
        el('strong', {}, c.code + ' — ' + c.name), ' ',
        el('span', { class: 'status' }, c.status), el('br'),
        'Liên hệ: ' + (c.contact || '(chưa có)') + ' · ĐT: ' + (c.phone || '(chưa có)')),
      el('textarea', { readOnly: true, rows: 3, value: c.message }),
      el('div', { class: 'muted' }, c.message.length + ' ký tự '), button));
  }
}

function render(d) {
  last = d;
  renderPlan(d);
  setLinks(d);
  document.getElementById('level').hidden = !d.rollup;
  if (d.rollup) {
    // The province sends one form to districts without danvan; the others send their summary.
    document.getElementById('template-title').textContent = '1. Mẫu tổng hợp cho huyện không dùng danvan';
    document.getElementById('template-note').textContent =
      'Huyện dùng danvan gửi lên tệp tổng hợp Excel (hoặc JSON) danvan lập; huyện không dùng danvan điền mẫu một trang này rồi gửi lên.';
    // (A button's own display would win over `hidden`.)
    document.getElementById('dl-templates').style.display = 'none';
    document.getElementById('dl-template').textContent = 'Tải mẫu tổng hợp huyện (.xlsx)';
  }
  const err = document.getElementById('error');
  err.hidden = !d.error;
  err.textContent = d.error ? 'Chưa tổng hợp được: ' + d.error : '';
  const st = d.status;
  if (!st) return;
  const h = st.headline;
  for (const k of ['expected', 'on_time', 'late', 'missing', 'invalid', 'extra']) {
    document.querySelector('[data-count="' + k + '"]').textContent = num(h[k]);
  }
  document.getElementById('as-of').textContent = '(tính đến ' + st.as_of + ')';
  // The errors, said where the clerk finds them: the "Có lỗi" filter, the files not
  // counted, the receipt log; the parts add up to the whole.
  const where = [[h.errors_units, 'ở đơn vị (lọc "Có lỗi")'], [h.errors_not_counted, 'ở tệp không được tính'],
    [h.errors_log, 'ở sổ nhận']].filter(([n]) => n > 0).map(([n, w]) => num(n) + ' ' + w);
  // A roll-up reads figures, not rows: it says the unions its districts reached instead.
  const reading = h.below
    ? 'công đoàn cơ sở đã báo cáo (theo các đơn vị được tính): ' + num(h.below.reported) + ' / ' + num(h.below.expected)
    : 'dòng số liệu: đọc ' + num(h.rows_read) + ', được tính ' + num(h.rows_counted);
  document.getElementById('rows-line').textContent =
    num(h.files) + ' tệp trong thư mục · ' + reading +
    ' · ' + num(h.errors) + ' lỗi' + (where.length > 1 ? ' (' + where.join(', ') + ')' : '') +
    ', ' + num(h.warnings) + ' cảnh báo';
  renderUnits(st);
  renderOthers(st);
  renderLog(st);
  renderRemoved(d);
  renderChase(st);
  document.body.dataset.files = h.files;
  document.body.dataset.ready = '1';
}

// The server stopped ('stopped'), or this tab is from an earlier run ('stale'), or neither
// (null): said at the top of the screen, and nothing on the page can be used meanwhile.
function stopped(why) {
  document.getElementById('stopped').hidden = why !== 'stopped';
  document.getElementById('stale').hidden = why !== 'stale';
  document.body.classList.toggle('is-stopped', !!why);
}

async function refresh() {
  if (refreshing) return;
  refreshing = true;
  const busy = document.getElementById('busy');
  // A consolidation that takes a while says how far it is (files read of all).
  let poll = null;
  const slow = setTimeout(() => {
    busy.hidden = false;
    poll = setInterval(async () => {
      try {
        const p = await (await api('/api/progress')).json();
        if (p.busy && p.total) busy.textContent = 'Đang tổng hợp lại: đã đọc ' + num(p.done) + ' / ' + num(p.total) + ' tệp…';
      } catch (_) { /* the status request says what went wrong */ }
    }, 500);
  }, 400);
  try {
    let r;
    try {
      r = await fetch('/api/status', { headers: { 'X-Danvan-Token': TOKEN } });
    } catch (_) {
      stopped('stopped');
      return;
    }
    if (r.status === 403 && r.headers.get('X-Danvan-Token-Refused')) {
      stopped('stale');
      return;
    }
    stopped(null);
    if (!r.ok) throw new Error((await r.text()) || ('HTTP ' + r.status));
    render(await r.json());
    flagUploads();
  } catch (e) {
    const err = document.getElementById('error');
    err.hidden = false;
    err.textContent = e.message;
  } finally {
    clearTimeout(slow);
    if (poll) clearInterval(poll);
    busy.hidden = true;
    busy.textContent = 'Đang tổng hợp lại…';
    refreshing = false;
  }
}

// An upload that is not a readable return (a photo renamed .xlsx, a Word file) is flagged
// in the upload list with the reason, not left with a green tick.
function flagUploads() {
  if (!last || !last.status) return;
  for (const li of document.querySelectorAll('#upload-log li[data-stored]')) {
    const name = li.dataset.stored;
    const other = last.status.not_counted.find((f) => f.file === name);
    const unit = last.status.units.find((u) => u.file === name);
    let reason = null;
    if (other && !other.readable) reason = other.reason;
    else if (unit && unit.status_key === 'khong-hop-le') reason = unit.status;
    if (reason) {
      li.className = 'flag';
      li.textContent = '"' + name + '" đã lưu nhưng không phải báo cáo đọc được: ' + reason;
    }
  }
}

async function upload(files) {
  const log = document.getElementById('upload-log');
  for (const f of files) {
    const name = f.name;
    const line = el('li', {}, 'Đang gửi "' + name + '"…');
    log.prepend(line);
    try {
      const r = await api('/api/upload?name=' + encodeURIComponent(name) + '&modified=' + Math.floor(f.lastModified || 0),
        { method: 'POST', body: f, headers: { 'Content-Type': 'application/octet-stream' } });
      const j = await r.json();
      line.textContent = j.message;
      line.className = 'ok';
      line.dataset.stored = j.stored;
    } catch (e) {
      line.textContent = e.message;
      line.className = 'bad';
    }
  }
  await refresh();
}

function setup() {
  const drop = document.getElementById('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    upload([...e.dataTransfer.files]);
  });
  for (const id of ['file-input', 'folder-input']) {
    const input = document.getElementById(id);
    input.addEventListener('change', () => { upload([...input.files]); input.value = ''; });
  }
  document.getElementById('filter').addEventListener('change', (e) => { filter = e.target.value; if (last) renderUnits(last.status); });
  document.getElementById('search').addEventListener('input', () => { if (last) renderUnits(last.status); });
  document.querySelectorAll('.counts button').forEach((b) => b.addEventListener('click', () => {
    filter = b.dataset.filter;
    if (last) renderUnits(last.status);
  }));
  document.getElementById('next-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const q = ['code', 'name', 'from', 'to', 'deadline']
      .map((k) => k + '=' + encodeURIComponent(String(form.get(k) || '').trim())).join('&');
    const result = document.getElementById('next-result');
    result.className = 'result';
    if (await post('/api/next-period?' + q, result)) e.target.reset();
    result.className += ' result';
  });
  const planInput = document.getElementById('plan-input');
  planInput.addEventListener('change', async () => {
    const f = planInput.files[0];
    planInput.value = '';
    if (!f) return;
    const result = document.getElementById('plan-result');
    try {
      const r = await api('/api/plan?name=' + encodeURIComponent(f.name),
        { method: 'POST', body: f, headers: { 'Content-Type': 'application/octet-stream' } });
      result.textContent = (await r.json()).message;
      result.className = 'result ok';
    } catch (e) {
      // Every problem on its own line, with its cell.
      result.textContent = e.message;
      result.className = 'result bad';
    }
    result.hidden = false;
    await refresh();
  });
  const rosterInput = document.getElementById('roster-input');
  rosterInput.addEventListener('change', async () => {
    const f = rosterInput.files[0];
    rosterInput.value = '';
    if (!f) return;
    const result = document.getElementById('roster-result');
    try {
      const r = await api('/api/roster?name=' + encodeURIComponent(f.name),
        { method: 'POST', body: f, headers: { 'Content-Type': 'application/octet-stream' } });
      result.textContent = (await r.json()).message;
      result.className = 'ok';
    } catch (e) {
      result.textContent = e.message;
      result.className = 'bad';
    }
    result.hidden = false;
    await refresh();
  });
  document.getElementById('as-of-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = document.getElementById('as-of-input').value.trim();
    post('/api/as-of?date=' + encodeURIComponent(v), document.getElementById('as-of-result'));
  });
  document.getElementById('as-of-today').addEventListener('click', () => {
    document.getElementById('as-of-input').value = '';
    post('/api/as-of?date=', document.getElementById('as-of-result'));
  });
  refresh();
  // Files copied into the folder by hand show up too.
  setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, 5000);
}

setup();
