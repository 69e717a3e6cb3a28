// The Store Server Version Overview page, operated from central as Openbravo's window is:
// central's collector asks every store (once per pass, however many pages watch) and computes
// every row, the summary, the pictures' figures, Modules by Server and the CSV with the core;
// this page opens one stream to central (feed.js), keeps the rows by store, and renders only
// the rows in view (table.js), as text only (cells.js). Filter, sort and search live in the URL
// (order.js); its requests to central are api.js's.
import { api, downloadCsv, logIn, post, streamUrl } from './api.js';
import { actionRows, byModuleRows, fillRow, moduleRows, pendingText, tillRows, timeOf } from './cells.js';
import { applyLabels, labelsFor, pageLanguage } from './labels.js';
import { pendingChart, versionChart } from './charts.js';
import { openFeed } from './feed.js';
import { comparer, keepInUrl, matcher, sortKeys, viewFrom } from './order.js';
import { VirtualTable } from './table.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const words = labelsFor(pageLanguage(params));
// The row height every row has (admin.css): two lines of text.
const ROW_HEIGHT = 48;
const ANNOUNCE_EVERY_MS = 5_000;
// Rows that arrived are parsed and taken in slices of at most this long, one task each, so
// that a snapshot of 10,000 stores never holds the page (the browser hands over every event of
// a network read in one task: a few 200-row events at once).
const SLICE_MS = 8;
// How often rows that arrive are drawn, at most (see `scheduleLayout`).
const ARRIVALS_EVERY_MS = 100;

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

const view = viewFrom(params);

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
  if (!table) return; // the session not told yet: drawn when the overview starts
  lastLayoutAt = performance.now();
  const shown = [...rows.values()].filter(matcher(view, words.lang)).sort(comparer(view));
  table.setItems(shown);
  $('shown').textContent = words.shown(words.n(shown.length), words.n(rows.size));
  // The pass's progress as its rows came, once a layout (not once a row).
  if (progressSeen) {
    if (figures?.pass.running) showProgress(progressSeen.checked, progressSeen.total, true);
    progressSeen = null;
  }
}

// --- The rows ----------------------------------------------------------------------------------

function keep(row) {
  const before = rows.get(row.key);
  rows.set(row.key, {
    row,
    index: before?.index ?? order++,
    search: `${row.name} ${row.key}`.toLocaleLowerCase(words.lang),
    sortKeys: sortKeys(row, words.lang),
  });
}

// --- The pass, the summary and the pictures --------------------------------------------------

function showProgress(checked, total, running) {
  const text = running || !figures
    ? words.passRunning(words.n(checked), words.n(total))
    : figures.pass.error
      ? words.passError(figures.pass.error)
      : words.passDone(words.n(total), timeOf(figures.pass.finishedAt, words) ?? '—', words.seconds(figures.pass.lastDurationMs ?? 0, words.n));
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
    && arrived.length === 0 && incoming.length === 0 && !layoutScheduled && table && !table.behind;
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
  $('d-reload').textContent = row.reloadStatus ?? '—';
  $('d-rebuild').textContent = row.rebuildStatus ?? '—';
  $('d-version-status').textContent = row.versionStatus;
  $('d-version-status').className = `status-${row.versionStatusCode}`;
  $('d-version').textContent = row.version ?? '—';
  $('d-pending').textContent = pendingText(row, words) ?? (row.pendingError || '—');
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
  $('d-recomputed').textContent = store.recomputed
    ? words.recomputedBy(store.recomputed.user, words.dateTime(new Date(store.recomputed.at)))
    : words.notRecomputed;
  showTills(key);
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
  $('module-rows').replaceChildren(...moduleRows(modules, words));
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
      outcome.textContent = only.ok ? words.recomputed(timeOf(only.row?.computedAt, words) ?? words.now) : words.recomputeFailed(only.error);
    } else {
      const ok = results.filter((r) => r.ok).length;
      outcome.textContent = words.recomputedMany(words.n(ok), words.n(results.length - ok));
    }
    if (selected && keys.includes(selected)) showDetails(selected);
    if (!$('actions-table').hidden) showActions();
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
  const refused = await downloadCsv(table.items.map((entry) => entry.row.key), words.lang);
  if (refused) $('error').textContent = words.loadFailed(refused);
}

/** The tills that checked the store `key`, with their last report. */
async function showTills(key) {
  try {
    const { tills } = await api(`tills?store=${encodeURIComponent(key)}`);
    if (selected !== key) return;
    $('tills-note').textContent = tills.length ? words.tillsSummary(words.n(tills.length)) : words.noTills;
    $('tills-table').hidden = tills.length === 0;
    $('tills-rows').replaceChildren(...tillRows(tills, words));
  } catch (error) {
    $('tills-note').textContent = String(error.message);
  }
}

async function showActions() {
  try {
    const { actions } = await api('actions');
    $('actions-table').hidden = false;
    $('actions-rows').replaceChildren(...actionRows(actions, words));
  } catch (error) {
    $('error').textContent = words.loadFailed(error.message);
  }
}

async function showByModule() {
  const list = await api('by-module');
  $('by-module-table').hidden = false;
  $('by-module-rows').replaceChildren(...byModuleRows(list, words));
}

// --- Start: who is logged in, then the stream ------------------------------------------------

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  if (!(await logIn($('user').value, $('password').value))) {
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
  const page = {
    words,
    picked,
    get selected() { return selected; },
    onPick: showPicked,
    onOpen: (key) => showDetails(key, { focus: true }),
  };
  table = new VirtualTable($('table-scroll'), $('overview'), $('rows'), ROW_HEIGHT, (tr, entry) => fillRow(tr, entry, page), (entry) => entry.row.key, () => showComplete());
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
      keepInUrl(view);
      scheduleLayout();
    });
  }
  $('filter').addEventListener('change', () => {
    view.filter = $('filter').value;
    keepInUrl(view);
    scheduleLayout();
  });
  $('search').addEventListener('input', () => {
    view.query = $('search').value;
    keepInUrl(view);
    scheduleLayout();
  });
  $('refresh').addEventListener('click', async () => {
    if ($('refresh').getAttribute('aria-disabled') === 'true') return;
    try {
      await post('refresh');
      if (!$('actions-table').hidden) showActions();
    } catch (error) {
      $('error').textContent = words.loadFailed(error.message);
    }
  });
  $('export').addEventListener('click', exportCsv);
  $('by-module-load').addEventListener('click', showByModule);
  $('actions-load').addEventListener('click', showActions);
  $('details-close').addEventListener('click', closeDetails);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && selected) closeDetails();
  });
  $('recompute').addEventListener('click', () => recompute([selected], $('recompute-outcome'), $('recompute')));
  $('recompute-selected').addEventListener('click', () => recompute([...picked], $('error'), $('recompute-selected')));
  showPicked();
  // The rows that came while the session was being asked: drawn now.
  scheduleLayout();
  document.body.dataset.ready = 'true';
}

/** Opens the stream at once, beside the session's question (the stream asks central itself):
 * its rows wait in `incoming` until the table is there. Returns a function that closes it. */
function openStream() {
  return openFeed(streamUrl(words.lang), {
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
}

async function start() {
  document.documentElement.lang = words.lang;
  document.title = words.title;
  applyLabels(document, words);
  $('central').textContent = location.origin;
  // The stream and the session's question at once: an admin's rows are on their way while
  // central says who is logged in; anyone else's stream is refused by the collector, and closed.
  const closeStream = openStream();
  let session;
  try {
    session = await api('session');
  } catch (error) {
    session = { access: 'unavailable', message: error.message };
  }
  if (session.access !== 'admin') closeStream();
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
