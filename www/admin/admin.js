// The Store Server Version Overview page. The guard's wasm module asks every store server and
// computes every row, what changed, the trends, the summary, the version counts and the CSV;
// this page renders them, as text only, and refreshes itself at the interval the admin picks.
import init, { Overview, serverStatusLabel } from './pkg/webpos_version_guard.js';
import { applyLabels, labelsFor, pageLanguage } from './labels.js';
import { pendingChart, versionChart } from './charts.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const words = labelsFor(pageLanguage(params));
// Blocking logins first among the different ones, so a descending sort puts them on top.
const STATUS_ORDER = { same: 0, different: 1, blocking: 2, unknown: 3, pending: 4 };
// One collator: localeCompare with options would build a new one per comparison.
const collator = new Intl.Collator(words.lang, { numeric: true });
// The auto-refresh intervals offered (seconds; 0 is off), and where the admin's pick is kept.
const INTERVALS = [0, 30, 60, 300];
const DEFAULT_INTERVAL = 60;
const INTERVAL_KEY = 'webpos-version-guard:overview:auto-refresh';

const rows = new Map(); // key -> { server, row, tr, index, searchText }
let sort = { key: 'name', direction: 'ascending' };
let selected = null;
let renderScheduled = false;
let arrived = new Map(); // rows received since the last frame
let progress = null;
// When the progress was last announced (the live region), so it speaks every few seconds at most.
const ANNOUNCE_EVERY_MS = 5_000;
let announcedAt = -Infinity;
let overview;
let building = 0; // which list of servers the rows are being built for (a new list starts over)
// Rows are built in slices, one task each, so thousands of stores never block the page for long.
const ROWS_PER_TASK = 100;
// Answers applied per frame at most (the rest wait for the next frame), so no frame runs long.
const ROWS_PER_FRAME = 200;
// The live part: one pass at a time, the next one at the interval, none while the tab is hidden.
let passes = 0;
let running = false;
let timer = null;
let nextAt = null;
let lastChecked = null;

function cell(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text ?? '—';
  if (className) element.className = className;
  return element;
}

function statusCode(entry) {
  return entry.row?.versionStatusCode ?? 'pending';
}

function time(iso) {
  return iso ? words.time(new Date(iso)) : null;
}

function pendingText(row) {
  if (row?.pendingBatches == null) return null;
  const count = words.n(row.pendingBatches);
  return row.pendingTrendLabel ? `${count} · ${row.pendingTrendLabel}` : count;
}

function fillRow(entry) {
  const { server, row, tr } = entry;
  const name = document.createElement('th');
  name.scope = 'row';
  name.setAttribute('role', 'rowheader');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${server.name} (${server.key})`;
  button.title = button.textContent;
  button.addEventListener('click', () => showDetails(server.key, { focus: true }));
  name.append(button);
  if (row?.changes.length) {
    // Marked in words, not by colour alone; what changed is in its title and read out with it.
    const what = row.changes.map((c) => words.changedWhat[c]).join(', ');
    const mark = cell('span', words.changed, 'changed');
    mark.title = words.changedSince(what);
    mark.setAttribute('aria-label', words.changedSince(what));
    name.append(' ', mark);
  }
  const status = statusCode(entry);
  const differences = row ? row.differencesText || '—' : null;
  const cells = [
    name,
    cell('td', row?.serverStatus ?? serverStatusLabel(server.status, words.lang)),
    cell('td', row?.reloadStatus),
    cell('td', row?.versionStatus ?? words.checking, `status-${status}`),
    cell('td', row?.version),
    cell('td', pendingText(row)),
    cell('td', time(row?.checkedAt)),
    cell('td', differences),
  ];
  cells[4].title = row?.version ?? '';
  cells[7].title = differences ?? '';
  const columns = ['server', 'serverStatus', 'reloadStatus', 'versionStatus', 'version', 'pendingBatches', 'checkedAt', 'differences'];
  cells.forEach((c, i) => {
    c.dataset.col = columns[i];
    if (i > 0) c.setAttribute('role', 'cell');
  });
  tr.replaceChildren(...cells);
  tr.dataset.status = status;
  if (row?.blocksLogins) tr.dataset.blocking = 'true';
  else delete tr.dataset.blocking;
  if (row?.changes.length) tr.dataset.changed = row.changes.join(' ');
  else delete tr.dataset.changed;
}

function sortValue(entry, key) {
  const { server, row } = entry;
  switch (key) {
    case 'name': return server.name;
    case 'serverStatus': return row?.serverStatus ?? serverStatusLabel(server.status, words.lang);
    case 'versionStatus': return STATUS_ORDER[entry.row?.blocksLogins ? 'blocking' : statusCode(entry)];
    case 'pendingBatches': return row?.pendingBatches ?? null;
    default: return row?.[key] ?? null;
  }
}

function compare(a, b) {
  const x = sortValue(a, sort.key);
  const y = sortValue(b, sort.key);
  if (x === y) return a.index - b.index;
  if (x === null) return 1; // empty values last, whichever the direction
  if (y === null) return -1;
  const order = typeof x === 'number' ? x - y : collator.compare(String(x), String(y));
  return sort.direction === 'ascending' ? order : -order;
}

function visible(entry) {
  const filter = $('filter').value;
  const shown = !filter || (filter === 'blocking' ? entry.row?.blocksLogins === true : statusCode(entry) === filter);
  const query = $('search').value.trim().toLocaleLowerCase();
  return shown && (!query || entry.searchText.includes(query));
}

/** Applies the rows that arrived, then orders and filters the table: one pass per frame,
 * moving only the rows whose position changed (a 2,000-row table must not be rebuilt per row). */
function render() {
  renderScheduled = false;
  const waiting = new Map(); // answers for rows not built yet, or over this frame's share
  let applied = 0;
  for (const row of arrived.values()) {
    const entry = rows.get(row.key);
    if (!entry || applied >= ROWS_PER_FRAME) {
      waiting.set(row.key, row);
      continue;
    }
    applied++;
    entry.row = row;
    fillRow(entry);
    if (selected === row.key) showDetails(row.key);
  }
  const reorder = applied === 0 || sort.key !== 'name' || $('filter').value !== '' || $('search').value !== '';
  arrived = waiting;
  if (applied > 0 && waiting.size > 0) scheduleRender();
  if (progress) {
    const [checked, total] = progress;
    const done = checked === total && waiting.size === 0;
    const text = words.progress(words.n(done ? checked : checked - waiting.size), words.n(total));
    $('progress').textContent = text;
    const now = performance.now();
    if (done || now - announcedAt >= ANNOUNCE_EVERY_MS) {
      if ($('progress-announce').textContent !== text) $('progress-announce').textContent = text;
      announcedAt = now;
    }
    if (done) document.body.dataset.complete = 'true';
    else delete document.body.dataset.complete;
  }
  if (!reorder) return; // rows arrived, but in name order with no filter nothing moves
  const ordered = [...rows.values()].sort(compare);
  const tbody = $('rows');
  let at = tbody.firstElementChild;
  for (const entry of ordered) {
    const show = visible(entry);
    if (entry.tr.hidden === show) entry.tr.hidden = !show;
    if (entry.tr === at) at = at.nextElementSibling;
    else tbody.insertBefore(entry.tr, at);
  }
}

function scheduleRender() {
  if (!renderScheduled) {
    renderScheduled = true;
    requestAnimationFrame(render);
  }
}

function showSummary() {
  const s = overview.summary();
  const changed = [...rows.values()].filter((e) => e.row?.changes.length).length;
  $('summary').textContent = words.summary(s, words.n) + (changed ? ` · ${words.changedRows(words.n(changed))}` : '');
}

function drawCharts() {
  $('version-chart').replaceChildren(versionChart(overview.versionCounts(), words));
  const session = overview.sessionPending();
  $('pending-chart').replaceChildren(pendingChart(session.points, words, words.pendingOverSession, session.trendLabel));
}

function showLive() {
  const seconds = Number($('auto-refresh').value);
  const parts = [];
  if (lastChecked) parts.push(words.lastChecked(words.time(lastChecked)));
  if (seconds && document.hidden) parts.push(words.paused);
  else if (nextAt) parts.push(words.nextAt(words.time(nextAt)));
  $('live-status').textContent = parts.join(' · ');
  document.body.dataset.autoRefresh = !seconds ? 'off' : document.hidden ? 'paused' : 'on';
}

/** Plans the next pass: at the interval after the last one, never while the tab is hidden. */
function schedule() {
  clearTimeout(timer);
  timer = null;
  nextAt = null;
  const seconds = Number($('auto-refresh').value);
  if (seconds > 0 && !document.hidden && !running) {
    const due = (lastChecked?.getTime() ?? 0) + seconds * 1000;
    nextAt = new Date(Math.max(Date.now(), due));
    timer = setTimeout(refresh, Math.max(0, due - Date.now()));
  }
  showLive();
}

function showDetails(key, { focus = false } = {}) {
  const entry = rows.get(key);
  if (!entry) return;
  if (selected) rows.get(selected)?.tr.classList.remove('selected');
  selected = key;
  entry.tr.classList.add('selected');
  const { server, row } = entry;
  $('details').hidden = false;
  $('details-title').textContent = `${server.name} (${server.key})`;
  $('d-key').textContent = server.key;
  $('d-url').textContent = server.url;
  $('d-status').textContent = `${serverStatusLabel(server.status, words.lang)} (${server.status})`;
  $('d-priority').textContent = String(server.priority ?? 10);
  $('d-version-status').textContent = row?.versionStatus ?? words.checking;
  $('d-version-status').className = `status-${statusCode(entry)}`;
  $('d-version').textContent = row?.version ?? '—';
  $('d-pending').textContent = pendingText(row) ?? (row?.pendingError || '—');
  $('d-differences').textContent = row ? row.differencesText || '—' : '—';
  $('d-computed').textContent = row?.computedAt ?? '—';
  $('d-checked').textContent = row?.checkedAt ?? '—';
  $('store-pending-chart').replaceChildren(pendingChart(overview.pendingHistory(key), words, words.storePending, row?.pendingTrendLabel ?? ''));
  const modules = overview.modules(key);
  $('modules-note').textContent = modules
    ? words.modulesNote(modules.length, modules.filter((m) => m.differs).length)
    : words.modulesMissing(row?.error);
  $('module-rows').replaceChildren(...(modules ?? []).map((m) => {
    const tr = document.createElement('tr');
    if (m.differs) tr.className = 'differs';
    tr.append(
      cell('th', m.name), cell('td', m.javaPackage), cell('td', m.version),
      cell('td', m.centralVersion ?? words.notOnCentral), cell('td', m.differs ? words.differs : ''),
    );
    tr.firstChild.scope = 'row';
    return tr;
  }));
  if (focus) $('details-title').focus();
}

function closeDetails() {
  const key = selected;
  $('details').hidden = true;
  $('recompute-outcome').textContent = '';
  if (key) {
    rows.get(key)?.tr.classList.remove('selected');
    rows.get(key)?.tr.querySelector('th button')?.focus();
  }
  selected = null;
}

async function refresh() {
  if (running) return;
  running = true;
  clearTimeout(timer);
  nextAt = null;
  showLive();
  $('refresh').disabled = true;
  $('error').textContent = '';
  try {
    await overview.refresh();
    lastChecked = new Date();
    document.body.dataset.passes = String(++passes);
  } catch (error) {
    $('error').textContent = words.loadFailed(error);
  } finally {
    running = false;
    $('refresh').disabled = false;
    showSummary();
    drawCharts();
    if (selected) showDetails(selected);
    schedule();
  }
}

function exportCsv() {
  const keys = [...$('rows').children].filter((tr) => !tr.hidden).map((tr) => tr.dataset.key);
  const blob = new Blob([overview.csv(keys)], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `store-server-versions-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The interval choices; `?refresh=SECONDS` adds (and picks) another one. */
function setUpIntervals() {
  const asked = Number(params.get('refresh'));
  const stored = localStorage.getItem(INTERVAL_KEY);
  const choices = [...INTERVALS];
  if (Number.isFinite(asked) && asked >= 1 && !choices.includes(asked)) choices.push(asked);
  $('auto-refresh').replaceChildren(...choices.sort((a, b) => a - b).map((s) => {
    const option = document.createElement('option');
    option.value = String(s);
    option.textContent = s ? words.every(s) : words.off;
    return option;
  }));
  // The page's parameter first, then the admin's last pick, then the default.
  const pick = [params.has('refresh') ? asked : NaN, stored === null ? NaN : Number(stored)]
    .find((s) => choices.includes(s)) ?? DEFAULT_INTERVAL;
  $('auto-refresh').value = String(pick);
  $('auto-refresh').addEventListener('change', () => {
    localStorage.setItem(INTERVAL_KEY, $('auto-refresh').value);
    schedule();
  });
}

/** Starts the rows for a list of servers; a list with the same stores keeps its rows, so a
 * refresh updates them in place and marks what changed. */
function onServers(servers) {
  const same = servers.length === rows.size && servers.every((s, i) => rows.get(s.key)?.index === i);
  if (same) {
    for (const server of servers) rows.get(server.key).server = server;
    return;
  }
  rows.clear();
  arrived = new Map();
  $('rows').replaceChildren();
  if (selected) closeDetails();
  const list = ++building;
  let next = 0;
  const buildSlice = () => {
    if (list !== building) return; // a newer list started over
    const slice = document.createDocumentFragment();
    for (const end = Math.min(next + ROWS_PER_TASK, servers.length); next < end; next++) {
      const server = servers[next];
      const tr = document.createElement('tr');
      tr.setAttribute('role', 'row');
      tr.dataset.key = server.key;
      const searchText = `${server.name} ${server.key}`.toLocaleLowerCase();
      const entry = { server, row: null, tr, index: next, searchText };
      rows.set(server.key, entry);
      fillRow(entry);
      slice.append(tr);
    }
    $('rows').append(slice);
    if (next < servers.length) setTimeout(buildSlice, 0);
    scheduleRender();
  };
  buildSlice();
}

async function start() {
  document.documentElement.lang = words.lang;
  document.title = words.title;
  applyLabels(document, words);
  $('central').textContent = location.origin;
  setUpIntervals();
  await init();
  overview = new Overview({
    timeoutMs: params.has('timeout') ? Number(params.get('timeout')) : undefined,
    concurrency: params.has('concurrency') ? Number(params.get('concurrency')) : undefined,
    language: words.lang,
    onServers,
    onRow(row) {
      arrived.set(row.key, row);
      scheduleRender();
    },
    onProgress(checked, total) {
      progress = [checked, total];
      scheduleRender();
    },
  });
  for (const button of document.querySelectorAll('thead button[data-sort]')) {
    button.addEventListener('click', () => {
      const key = button.dataset.sort;
      sort = { key, direction: sort.key === key && sort.direction === 'ascending' ? 'descending' : 'ascending' };
      for (const th of document.querySelectorAll('#overview thead th')) th.removeAttribute('aria-sort');
      button.parentElement.setAttribute('aria-sort', sort.direction);
      render();
    });
  }
  $('filter').addEventListener('change', render);
  $('search').addEventListener('input', render);
  $('refresh').addEventListener('click', refresh);
  $('export').addEventListener('click', exportCsv);
  $('details-close').addEventListener('click', closeDetails);
  $('details').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDetails();
  });
  document.addEventListener('visibilitychange', schedule);
  $('recompute').addEventListener('click', async () => {
    const key = selected;
    $('recompute').disabled = true;
    $('recompute-outcome').textContent = words.recomputing;
    const outcome = await overview.recompute(key);
    $('recompute').disabled = false;
    $('recompute-outcome').textContent = outcome.ok
      ? words.recomputed(outcome.computedAt ?? words.now)
      : words.recomputeFailed(outcome.error);
    showSummary();
    drawCharts();
    if (selected === key) showDetails(key);
  });
  document.body.dataset.ready = 'true';
  await refresh();
}

window.__dbg = () => ({ rows: rows.size, arrived: arrived.size, building, progress, passes, running, missing: [...arrived.keys()].filter((k) => !rows.has(k)).length, tbody: $("rows").children.length });
start();
