// The Store Server Version Overview page, operated from central as Openbravo's window is:
// central's collector asks every store (once per pass, however many pages watch) and computes
// every row, the summary, the pictures' figures, Modules by Server and the CSV with the core;
// this page opens one stream to central (feed.js), keeps the rows by store, and renders only
// the rows in view (table.js), as text only. Filter, sort and search live in the URL.
import { applyLabels, labelsFor, pageLanguage } from './labels.js';
import { pendingChart, versionChart } from './charts.js';
import { openFeed } from './feed.js';
import { VirtualTable } from './table.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const words = labelsFor(pageLanguage(params));
const API = './api/';
// The row height every row has (admin.css): two lines of text.
const ROW_HEIGHT = 48;
// Ascending: same, unknown, different, blocking; a descending sort puts the blocking first.
const STATUS_ORDER = { same: 0, unknown: 1, different: 2, blocking: 3 };
const SORTS = ['name', 'serverStatus', 'reloadStatus', 'versionStatus', 'version', 'pendingBatches', 'checkedAt', 'differencesText'];
const FILTERS = ['', 'blocking', 'different', 'same', 'unknown'];
const ANNOUNCE_EVERY_MS = 5_000;
// Rows that arrived are parsed and taken in slices of at most this long, one task each, so
// that a snapshot of 10,000 stores never holds the page (the browser hands over every event of
// a network read in one task: a few 200-row events at once).
const SLICE_MS = 8;
// How often rows that arrive are drawn, at most (see `scheduleLayout`).
const ARRIVALS_EVERY_MS = 100;
// The most characters of the Differences field a row's cell holds: every error in full (the
// core keeps at most 1 KiB of a server's message), a list of hundreds of modules cut (the cell
// shows two lines; its title and the details have all of it), so that no row costs the layout
// of a page of text.
const DIFFERENCES_SHOWN = 2000;

const rows = new Map(); // key -> { row, index, search, sortKeys }
const picked = new Set(); // stores selected for Recompute
let order = 0; // arrival order, the tie-breaker
let figures = null;
let selected = null;
let table;
let layoutScheduled = false;
let lastLayoutAt = -Infinity;
let layoutTimer = 0; // arrivals waiting for their turn (see `scheduleLayout`)
let announcedAt = -Infinity;
let connected = true;
const incoming = []; // events' texts not parsed yet, from `nextIncoming` on
let nextIncoming = 0;
const arrived = []; // rows parsed, not taken in yet, from `nextArrived` on
let nextArrived = 0;
let taking = false;
let progressSeen = null; // the latest { checked, total } a row brought, not yet shown

/** One event's rows, parsed: a snapshot's `{ rows }` or a live `{ checked, total, row }`. */
function parseRows(text) {
  let event;
  try {
    event = JSON.parse(text);
  } catch {
    return; // a malformed event: the next pass sends its rows again
  }
  if (event.row) {
    arrived.push(event.row);
    if (figures?.pass.running) progressSeen = { checked: event.checked, total: event.total };
  } else {
    for (const row of event.rows ?? []) arrived.push(row);
  }
}

/** Parses and takes in the rows that arrived, a slice per task. */
function takeArrived() {
  taking = false;
  const until = performance.now() + SLICE_MS;
  while (performance.now() < until) {
    if (nextArrived < arrived.length) {
      const row = arrived[nextArrived++];
      keep(row);
      if (selected === row.key) showDetails(row.key);
    } else if (nextIncoming < incoming.length) {
      parseRows(incoming[nextIncoming]);
      incoming[nextIncoming++] = null;
    } else {
      break;
    }
  }
  scheduleLayout({ arriving: true });
  if (nextArrived === arrived.length) {
    arrived.length = 0;
    nextArrived = 0;
  }
  if (nextIncoming === incoming.length) {
    incoming.length = 0;
    nextIncoming = 0;
  }
  if (arrived.length || incoming.length) {
    taking = true;
    setTimeout(takeArrived, 0);
  } else {
    showPassProgress();
  }
}

function cell(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text ?? '—';
  if (className) element.className = className;
  return element;
}

function statusOf(row) {
  return row.blocksLogins ? 'blocking' : row.versionStatusCode;
}

function timeOf(iso) {
  return iso ? words.time(new Date(iso)) : null;
}

function pendingText(row) {
  if (row.pendingBatches == null) return null;
  const count = words.n(row.pendingBatches);
  return row.pendingTrendLabel ? `${count} · ${row.pendingTrendLabel}` : count;
}

// --- State in the URL ------------------------------------------------------------------------

const view = {
  filter: FILTERS.includes(params.get('filter') ?? '') ? params.get('filter') ?? '' : '',
  query: params.get('q') ?? '',
  sort: SORTS.includes(params.get('sort')) ? params.get('sort') : 'name',
  direction: params.get('dir') === 'desc' ? 'descending' : 'ascending',
};

function keepInUrl() {
  const next = new URLSearchParams(location.search);
  const set = (name, value, fallback) => (value && value !== fallback ? next.set(name, value) : next.delete(name));
  set('filter', view.filter, '');
  set('q', view.query, '');
  set('sort', view.sort, 'name');
  set('dir', view.direction === 'descending' ? 'desc' : '', '');
  history.replaceState(null, '', `${location.pathname}?${next}`.replace(/\?$/, ''));
}

// --- Ordering and filtering ------------------------------------------------------------------

/** What each column sorts by, computed once per row update (not per comparison). */
function sortKeys(row) {
  const text = (value) => (value == null || value === '' ? null : String(value).toLocaleLowerCase(words.lang));
  return {
    name: text(row.name),
    serverStatus: text(row.serverStatus),
    reloadStatus: text(row.reloadStatus),
    versionStatus: STATUS_ORDER[statusOf(row)],
    version: text(row.version),
    pendingBatches: row.pendingBatches ?? null,
    checkedAt: row.checkedAt ?? null,
    differencesText: text(row.differencesText),
  };
}

function compare(a, b) {
  const x = a.sortKeys[view.sort];
  const y = b.sortKeys[view.sort];
  if (x === y) return a.index - b.index;
  if (x === null) return 1; // empty values last, whichever the direction
  if (y === null) return -1;
  const order = x < y ? -1 : 1;
  return view.direction === 'ascending' ? order : -order;
}

/** Whether a row is shown, for the filter and the search as they are now (the query
 * normalized once, not once per row). */
function matcher() {
  const query = view.query.trim().toLocaleLowerCase(words.lang);
  return (entry) => {
    const { row } = entry;
    const shown = !view.filter || (view.filter === 'blocking' ? row.blocksLogins : row.versionStatusCode === view.filter);
    return shown && (!query || entry.search.includes(query));
  };
}

/** Orders and filters every row, then draws the ones in view, in the next frame; for rows that
 * arrived (`{ arriving: true }`) at most every `ARRIVALS_EVERY_MS`, so that a pass does not
 * redraw the page at every frame (a human reads the table ten times a second at most, and each
 * frame drawn costs the browser's processes far more than the page's own work). */
function scheduleLayout({ arriving = false } = {}) {
  const wait = arriving ? Math.max(0, lastLayoutAt + ARRIVALS_EVERY_MS - performance.now()) : 0;
  if (layoutScheduled && (arriving || !layoutTimer)) return;
  // Anything else than arrivals (a sort, a filter, a search) is drawn in the next frame, even
  // when arrivals wait.
  clearTimeout(layoutTimer);
  layoutTimer = 0;
  layoutScheduled = true;
  if (wait > 0) {
    layoutTimer = setTimeout(() => {
      layoutTimer = 0;
      requestAnimationFrame(layout);
    }, wait);
  } else {
    requestAnimationFrame(layout);
  }
}

function layout() {
  if (!layoutScheduled) return;
  layoutScheduled = false;
  lastLayoutAt = performance.now();
  const shown = [...rows.values()].filter(matcher()).sort(compare);
  table.setItems(shown);
  $('shown').textContent = words.shown(words.n(shown.length), words.n(rows.size));
  // The pass's progress as its rows came, once a layout (not once a row).
  if (progressSeen) {
    if (figures?.pass.running) showProgress(progressSeen.checked, progressSeen.total, true);
    progressSeen = null;
  }
}

// --- The rows ----------------------------------------------------------------------------------

function fillRow(tr, entry) {
  const { row } = entry;
  const status = statusOf(row);
  const pick = document.createElement('td');
  pick.className = 'pick';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = picked.has(row.key);
  box.setAttribute('aria-label', words.selectStore(`${row.name} (${row.key})`));
  box.addEventListener('change', () => {
    if (box.checked) picked.add(row.key);
    else picked.delete(row.key);
    showPicked();
  });
  pick.append(box);
  const name = document.createElement('th');
  name.scope = 'row';
  name.setAttribute('role', 'rowheader');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${row.name} (${row.key})`;
  button.title = button.textContent;
  button.addEventListener('click', () => showDetails(row.key, { focus: true }));
  name.append(button);
  if (row.blocksLogins) {
    // Marked in words, not by colour alone.
    const mark = cell('span', words.blocksLogins, 'blocks');
    mark.title = words.blocksLoginsTitle;
    name.append(' ', mark);
  }
  if (row.loginsUnchecked) {
    // A hot fix in force for the store's client: the row says so, in the collector's words.
    const mark = cell('span', words.loginsUnchecked, 'unchecked');
    mark.title = row.loginsUnchecked;
    mark.setAttribute('aria-label', row.loginsUnchecked);
    name.append(' ', mark);
  }
  if (row.changes.length) {
    const what = row.changes.map((c) => words.changedWhat[c]).join(', ');
    const mark = cell('span', words.changed, 'changed');
    mark.title = words.changedSince(what);
    mark.setAttribute('aria-label', words.changedSince(what));
    name.append(' ', mark);
  }
  const differences = row.differencesText || '—';
  const shortDifferences = differences.length > DIFFERENCES_SHOWN ? `${differences.slice(0, DIFFERENCES_SHOWN)}…` : differences;
  const cells = [
    pick,
    name,
    cell('td', row.serverStatus),
    cell('td', row.reloadStatus),
    cell('td', row.versionStatus, `status-${row.versionStatusCode}`),
    cell('td', row.version),
    cell('td', pendingText(row)),
    cell('td', timeOf(row.checkedAt)),
    cell('td', shortDifferences),
  ];
  cells[5].title = row.version ?? '';
  cells[7].title = row.checkedAt ?? '';
  cells[8].title = differences;
  const columns = ['pick', 'server', 'serverStatus', 'reloadStatus', 'versionStatus', 'version', 'pendingBatches', 'checkedAt', 'differences'];
  cells.forEach((c, i) => {
    c.dataset.col = columns[i];
    if (i !== 1) c.setAttribute('role', 'cell');
  });
  tr.replaceChildren(...cells);
  tr.dataset.key = row.key;
  tr.dataset.status = status;
  tr.classList.toggle('selected', selected === row.key);
  if (row.changes.length) tr.dataset.changed = row.changes.join(' ');
  else delete tr.dataset.changed;
}

function keep(row) {
  const before = rows.get(row.key);
  rows.set(row.key, {
    row,
    index: before?.index ?? order++,
    search: `${row.name} ${row.key}`.toLocaleLowerCase(words.lang),
    sortKeys: sortKeys(row),
  });
}

// --- The pass, the summary and the pictures --------------------------------------------------

function showProgress(checked, total, running) {
  const text = running || !figures
    ? words.passRunning(words.n(checked), words.n(total))
    : figures.pass.error
      ? words.passError(figures.pass.error)
      : words.passDone(words.n(total), timeOf(figures.pass.finishedAt) ?? '—', words.seconds(figures.pass.lastDurationMs ?? 0, words.n));
  $('progress').textContent = text;
  const now = performance.now();
  if (!running || now - announcedAt >= ANNOUNCE_EVERY_MS) {
    if ($('progress-announce').textContent !== text) $('progress-announce').textContent = text;
    announcedAt = now;
  }
  showComplete();
}

/** Complete: a pass has ended (not merely none running yet), every store's row is in, and the
 * table shows them (no layout waiting, no row in view waiting to be filled). */
function showComplete() {
  const pass = figures?.pass;
  const complete = pass != null && !pass.running && pass.finishedAt != null && rows.size >= pass.total
    && arrived.length === 0 && incoming.length === 0 && !layoutScheduled && !table.behind;
  if (complete) document.body.dataset.complete = 'true';
  else delete document.body.dataset.complete;
}

/** The progress line from the pass's own figures (once its rows are in). */
function showPassProgress() {
  if (!figures) return;
  const { pass } = figures;
  showProgress(pass.running ? pass.checked : pass.total, pass.total, pass.running);
}

function showFigures() {
  if (!figures) return;
  const { summary, pass } = figures;
  const changed = [...rows.values()].filter((e) => e.row.changes.length).length;
  $('summary').textContent = words.summary(summary, words.n) + (changed ? ` · ${words.changedRows(words.n(changed))}` : '');
  $('central').textContent = pass.centralVersion ? `${location.origin} · ${pass.centralVersion}` : location.origin;
  $('version-chart').replaceChildren(versionChart(figures.versionCounts, words));
  $('version-note').textContent = figures.sameWithLoneModules ? words.sameWithLone(words.n(figures.sameWithLoneModules)) : '';
  const trend = words.trendWords[figures.pendingTrend] ?? '';
  $('pending-chart').replaceChildren(pendingChart(figures.pendingSeries, words, words.pendingOverSession, trend));
  showPassProgress();
  $('refresh').setAttribute('aria-disabled', String(pass.running));
}

// --- Details, Modules by Server, Recompute ---------------------------------------------------

async function api(path, init = {}) {
  const response = await fetch(API + path, { credentials: 'same-origin', ...init });
  let body = null;
  try {
    body = await (response.headers.get('content-type')?.includes('json') ? response.json() : response.text());
  } catch {
    body = null;
  }
  if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body;
}

function post(path, body) {
  return api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
}

async function showDetails(key, { focus = false } = {}) {
  const entry = rows.get(key);
  if (!entry) return;
  const { row } = entry;
  selected = key;
  table.refresh();
  $('details').hidden = false;
  document.body.dataset.details = 'open';
  $('details-title').textContent = `${row.name} (${row.key})`;
  $('d-key').textContent = row.key;
  $('d-url').textContent = row.url;
  $('d-status').textContent = `${row.serverStatus} (${row.serverStatusCode})`;
  $('d-version-status').textContent = row.versionStatus;
  $('d-version-status').className = `status-${row.versionStatusCode}`;
  $('d-version').textContent = row.version ?? '—';
  $('d-pending').textContent = pendingText(row) ?? (row.pendingError || '—');
  $('d-differences').textContent = row.differencesText || '—';
  $('d-computed').textContent = row.computedAt ? words.dateTime(new Date(row.computedAt)) : '—';
  $('d-checked').textContent = row.checkedAt ? words.dateTime(new Date(row.checkedAt)) : '—';
  if (focus) $('details-title').focus();
  let store;
  try {
    store = await api(`store?store=${encodeURIComponent(key)}&lang=${words.lang}`);
  } catch (error) {
    $('modules-note').textContent = String(error.message);
    return;
  }
  if (selected !== key) return;
  $('store-pending-chart').replaceChildren(pendingChart(store.history, words, words.storePending, row.pendingTrendLabel ?? ''));
  const modules = store.modules;
  if (!modules) {
    $('modules-note').textContent = words.modulesMissing(store.modulesError);
    $('module-rows').replaceChildren();
    return;
  }
  const count = (state) => modules.filter((m) => m.state === state).length;
  $('modules-note').textContent = words.modulesSummary(
    words.n(modules.length), words.n(count('different')), words.n(count('notOnStore')), words.n(count('notOnCentral')),
  );
  $('module-rows').replaceChildren(...modules.map((m) => {
    const tr = document.createElement('tr');
    if (m.differs) tr.className = 'differs';
    const difference = { same: '', different: words.differs, notOnStore: words.notOnStore, notOnCentral: words.onlyOnStore }[m.state];
    tr.append(
      cell('th', m.name), cell('td', m.javaPackage), cell('td', m.version ?? '—'),
      cell('td', m.centralVersion ?? words.notOnCentral), cell('td', difference),
    );
    tr.firstChild.scope = 'row';
    return tr;
  }));
}

function closeDetails() {
  const key = selected;
  $('details').hidden = true;
  delete document.body.dataset.details;
  $('recompute-outcome').textContent = '';
  selected = null;
  table.refresh();
  // Back to the store's row, when it is in view.
  requestAnimationFrame(() => {
    const button = [...$('rows').children].find((tr) => tr.dataset.key === key)?.querySelector('th button');
    (button ?? $('table-scroll')).focus();
  });
}

let recomputing = false;

/** Recompute for `keys`: the page asks central, central asks each store with its credential.
 * The buttons stay focusable while it runs (aria-disabled), so Escape and Tab keep working. */
async function recompute(keys, outcome, button) {
  if (recomputing || keys.length === 0) return;
  recomputing = true;
  button.setAttribute('aria-disabled', 'true');
  outcome.textContent = words.recomputing;
  try {
    const results = await post(`recompute?lang=${words.lang}`, { stores: keys });
    for (const result of results) if (result.row) keep(result.row);
    scheduleLayout();
    if (keys.length === 1) {
      const [only] = results;
      outcome.textContent = only.ok ? words.recomputed(timeOf(only.row?.computedAt) ?? words.now) : words.recomputeFailed(only.error);
    } else {
      const ok = results.filter((r) => r.ok).length;
      outcome.textContent = words.recomputedMany(words.n(ok), words.n(results.length - ok));
    }
    if (selected && keys.includes(selected)) showDetails(selected);
  } catch (error) {
    outcome.textContent = words.recomputeFailed(error.message);
  } finally {
    recomputing = false;
    button.setAttribute('aria-disabled', 'false');
  }
}

function showPicked() {
  const button = $('recompute-selected');
  button.textContent = words.recomputeSelected(words.n(picked.size));
  button.disabled = picked.size === 0;
}

async function exportCsv() {
  const keys = table.items.map((entry) => entry.row.key);
  const response = await fetch(`${API}csv?lang=${words.lang}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keys }),
  });
  if (!response.ok) {
    $('error').textContent = words.loadFailed(`HTTP ${response.status}`);
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `store-server-versions-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function showByModule() {
  const list = await api('by-module');
  $('by-module-table').hidden = false;
  $('by-module-rows').replaceChildren(...list.map((m) => {
    const tr = document.createElement('tr');
    const versions = m.versions.map((v) => words.versionStores(v.version, words.stores(v.stores, words.n), v.central));
    if (m.missing) versions.push(words.missingOn(words.stores(m.missing, words.n)));
    tr.append(cell('th', m.name), cell('td', m.centralVersion ?? '—'), cell('td', versions.join(' · ')));
    tr.firstChild.scope = 'row';
    return tr;
  }));
}

// --- Start: who is logged in, then the stream ------------------------------------------------

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  const response = await fetch('../../../org.openbravo.retail.posterminal.POSLoginHandler', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: $('user').value, password: $('password').value }),
  });
  if (!response.ok) {
    $('login-error').textContent = words.loginFailed;
    return;
  }
  location.reload();
}

function showLogin(why) {
  $('login').hidden = false;
  $('login-why').textContent = why;
  $('login-form').addEventListener('submit', login);
  document.body.dataset.ready = 'true';
}

function startOverview(user) {
  $('overview-page').hidden = false;
  $('who').textContent = words.loggedInAs(user);
  table = new VirtualTable($('table-scroll'), $('overview'), $('rows'), ROW_HEIGHT, (tr, entry) => fillRow(tr, entry), (entry) => entry.row.key, () => showComplete());
  $('filter').value = view.filter;
  $('search').value = view.query;
  for (const button of document.querySelectorAll('thead button[data-sort]')) {
    if (button.dataset.sort === view.sort) button.parentElement.setAttribute('aria-sort', view.direction);
    button.addEventListener('click', () => {
      const key = button.dataset.sort;
      view.direction = view.sort === key && view.direction === 'ascending' ? 'descending' : 'ascending';
      view.sort = key;
      for (const th of document.querySelectorAll('#overview thead th')) th.removeAttribute('aria-sort');
      button.parentElement.setAttribute('aria-sort', view.direction);
      keepInUrl();
      scheduleLayout();
    });
  }
  $('filter').addEventListener('change', () => {
    view.filter = $('filter').value;
    keepInUrl();
    scheduleLayout();
  });
  $('search').addEventListener('input', () => {
    view.query = $('search').value;
    keepInUrl();
    scheduleLayout();
  });
  $('refresh').addEventListener('click', async () => {
    if ($('refresh').getAttribute('aria-disabled') === 'true') return;
    try {
      await post('refresh');
    } catch (error) {
      $('error').textContent = words.loadFailed(error.message);
    }
  });
  $('export').addEventListener('click', exportCsv);
  $('by-module-load').addEventListener('click', showByModule);
  $('details-close').addEventListener('click', closeDetails);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && selected) closeDetails();
  });
  $('recompute').addEventListener('click', () => recompute([selected], $('recompute-outcome'), $('recompute')));
  $('recompute-selected').addEventListener('click', () => recompute([...picked], $('error'), $('recompute-selected')));
  showPicked();
  // The stream opens once the page's own first frame is drawn: its start (layout, fonts, the
  // pictures) is done before the rows (and, for the first page, central's pass) begin.
  requestAnimationFrame(() => setTimeout(() => {
    openFeed(`${API}stream?lang=${words.lang}`, {
      reset() {
        rows.clear();
        incoming.length = 0;
        nextIncoming = 0;
        arrived.length = 0;
        nextArrived = 0;
        order = 0;
        scheduleLayout();
      },
      rows(text) {
        incoming.push(text);
        // Taken in a task of their own, after every event of this network read is queued (the
        // browser dispatches them all in one task): one slice per burst, not one per event.
        if (!taking) {
          taking = true;
          setTimeout(takeArrived, 0);
        }
      },
      ready() {
        scheduleLayout();
        showPassProgress();
      },
      pass(next) {
        figures = next;
        showFigures();
      },
      status({ connected: open, retryIn }) {
        connected = open;
        $('live-status').textContent = open ? '' : retryIn ? words.retrying(words.n(retryIn)) : words.disconnected;
      },
      ended(message) {
        connected = false;
        $('live-status').textContent = words.streamEnded(message);
      },
      async mayRetry() {
        // A session gone or no longer an admin's: say so, and stop.
        try {
          const session = await api('session');
          if (session.access === 'notLoggedIn' || session.access === 'notAdmin') {
            $('live-status').textContent = words.streamEnded(session.message ?? '');
            return false;
          }
        } catch {
          // Central could not say: try the stream anyway.
        }
        return true;
      },
    });
  }, 0));
  document.body.dataset.ready = 'true';
}

async function start() {
  document.documentElement.lang = words.lang;
  document.title = words.title;
  applyLabels(document, words);
  $('central').textContent = location.origin;
  let session;
  try {
    session = await api('session');
  } catch (error) {
    session = { access: 'unavailable', message: error.message };
  }
  if (session.access === 'notLoggedIn') return showLogin(words.loginWhy);
  if (session.access === 'notAdmin') return showLogin(words.notAdmin(session.message ?? ''));
  if (session.access !== 'admin') {
    $('overview-page').hidden = false;
    $('error').textContent = words.loadFailed(session.message ?? '');
    document.body.dataset.ready = 'true';
    return;
  }
  startOverview(session.user);
}

start();
