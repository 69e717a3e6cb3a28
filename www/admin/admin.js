// The Store Server Version Overview page. The guard's wasm module asks every store server and
// computes every row, the summary and the CSV; this page renders them, as text only.
import init, { Overview } from './pkg/webpos_version_guard.js';

const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat('en-US');
const params = new URLSearchParams(location.search);
// Blocking logins first among the different ones, so a descending sort puts them on top.
const STATUS_ORDER = { same: 0, different: 1, blocking: 2, unknown: 3, pending: 4 };
// One collator: localeCompare with options would build a new one per comparison.
const collator = new Intl.Collator('en', { numeric: true });

const rows = new Map(); // key -> { server, row, tr, index }
let sort = { key: 'name', direction: 'ascending' };
let selected = null;
let renderScheduled = false;
let arrived = new Map(); // rows received since the last frame
let progress = null;
// When the progress was last announced (the live region), so it speaks every few seconds at most.
const ANNOUNCE_EVERY_MS = 5_000;
let announcedAt = -Infinity;
let overview;
let building = 0; // which list of servers the rows are being built for (a refresh starts over)
// Rows are built in slices, one task each, so 1,000 stores never block the page for long.
const ROWS_PER_TASK = 100;

function cell(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text ?? '—';
  if (className) element.className = className;
  return element;
}

function statusCode(entry) {
  return entry.row?.versionStatusCode ?? 'pending';
}

function fillRow(entry) {
  const { server, row, tr } = entry;
  const name = document.createElement('th');
  name.scope = 'row';
  name.setAttribute('role', 'rowheader');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${server.name} (${server.key})`;
  button.addEventListener('click', () => showDetails(server.key));
  name.append(button);
  const status = statusCode(entry);
  const cells = [
    name,
    cell('td', row?.serverStatus ?? serverStatusLabel(server.status)),
    cell('td', row?.reloadStatus),
    cell('td', row?.versionStatus ?? 'Checking…', `status-${status}`),
    cell('td', row?.version),
    cell('td', row?.pendingBatches == null ? null : number.format(row.pendingBatches)),
    cell('td', row ? row.differencesText || '—' : null),
  ];
  const columns = ['server', 'serverStatus', 'reloadStatus', 'versionStatus', 'version', 'pendingBatches', 'differences'];
  cells.forEach((c, i) => {
    c.dataset.col = columns[i];
    if (i > 0) c.setAttribute('role', 'cell');
  });
  tr.replaceChildren(...cells);
  tr.dataset.status = status;
  if (row?.blocksLogins) tr.dataset.blocking = 'true';
  else delete tr.dataset.blocking;
}

function serverStatusLabel(code) {
  return { ON: 'online', OFF: 'offline', TON: 'transitioning (going online)', TOFF: 'transitioning (going offline)' }[code] ?? code;
}

function sortValue(entry, key) {
  const { server, row } = entry;
  switch (key) {
    case 'name': return server.name;
    case 'serverStatus': return row?.serverStatus ?? serverStatusLabel(server.status);
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
 * moving only the rows whose position changed (a 1,000-row table must not be rebuilt per row). */
function render() {
  renderScheduled = false;
  const early = new Map(); // answers for rows not built yet: kept for a later frame
  for (const row of arrived.values()) {
    const entry = rows.get(row.key);
    if (!entry) {
      early.set(row.key, row);
      continue;
    }
    entry.row = row;
    fillRow(entry);
    if (selected === row.key) showDetails(row.key);
  }
  const reorder = arrived.size === 0 || sort.key !== 'name' || $('filter').value !== '' || $('search').value !== '';
  arrived = early;
  if (progress) {
    const text = `${number.format(progress[0])} of ${number.format(progress[1])} stores checked`;
    $('progress').textContent = text;
    const done = progress[0] === progress[1];
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
  $('summary').textContent =
    `Same as Central: ${number.format(s.same)} · Different from Central: ${number.format(s.different)} · ` +
    `Unknown: ${number.format(s.unknown)} · Data pending to sync: ${number.format(s.pendingBatches)} batches · ` +
    `Blocking logins now: ${number.format(s.blockingLogins)}`;
}

function showDetails(key) {
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
  $('d-status').textContent = `${serverStatusLabel(server.status)} (${server.status})`;
  $('d-priority').textContent = String(server.priority ?? 10);
  $('d-version-status').textContent = row?.versionStatus ?? 'Checking…';
  $('d-version-status').className = `status-${statusCode(entry)}`;
  $('d-version').textContent = row?.version ?? '—';
  $('d-computed').textContent = row?.computedAt ?? '—';
  $('d-checked').textContent = row?.checkedAt ?? '—';
  const modules = overview.modules(key);
  $('modules-note').textContent = modules
    ? `${modules.length} module(s); ${modules.filter((m) => m.differs).length} differ from central.`
    : `The store server did not give its modules${row?.error ? `: ${row.error}` : '.'}`;
  $('module-rows').replaceChildren(...(modules ?? []).map((m) => {
    const tr = document.createElement('tr');
    if (m.differs) tr.className = 'differs';
    tr.append(
      cell('th', m.name), cell('td', m.javaPackage), cell('td', m.version),
      cell('td', m.centralVersion ?? 'not on central'), cell('td', m.differs ? 'Differs' : ''),
    );
    tr.firstChild.scope = 'row';
    return tr;
  }));
}

async function refresh() {
  $('refresh').disabled = true;
  $('error').textContent = '';
  try {
    await overview.refresh();
  } catch (error) {
    $('error').textContent = `The overview could not be loaded: ${error}`;
  } finally {
    $('refresh').disabled = false;
    showSummary();
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

async function start() {
  $('central').textContent = location.origin;
  await init();
  overview = new Overview({
    timeoutMs: params.has('timeout') ? Number(params.get('timeout')) : undefined,
    concurrency: params.has('concurrency') ? Number(params.get('concurrency')) : undefined,
    onServers(servers) {
      rows.clear();
      arrived = new Map();
      $('rows').replaceChildren();
      const list = ++building;
      let next = 0;
      const buildSlice = () => {
        if (list !== building) return; // a refresh started over
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
    },
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
      for (const th of document.querySelectorAll('thead th')) th.removeAttribute('aria-sort');
      button.parentElement.setAttribute('aria-sort', sort.direction);
      render();
    });
  }
  $('filter').addEventListener('change', render);
  $('search').addEventListener('input', render);
  $('refresh').addEventListener('click', refresh);
  $('export').addEventListener('click', exportCsv);
  $('recompute').addEventListener('click', async () => {
    const key = selected;
    $('recompute').disabled = true;
    $('recompute-outcome').textContent = 'Recomputing…';
    const outcome = await overview.recompute(key);
    $('recompute').disabled = false;
    $('recompute-outcome').textContent = outcome.ok
      ? `Version information recomputed (${outcome.computedAt ?? 'now'}).`
      : `Recompute failed: ${outcome.error}`;
    showSummary();
    showDetails(key);
  });
  document.body.dataset.ready = 'true';
  await refresh();
}

start();
