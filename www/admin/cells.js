// What the overview draws of a store, as text only: its row in the table, and the tables of
// the details (Modules by Server) and of the view by module.
import { statusOf } from './order.js';

// The most characters of the Differences field a row's cell holds: every error in full (the
// core keeps at most 1 KiB of a server's message), a list of hundreds of modules cut (the cell
// shows two lines; its title and the details have all of it), so that no row costs the layout
// of a page of text.
const DIFFERENCES_SHOWN = 2000;
const COLUMNS = ['pick', 'server', 'serverStatus', 'reloadStatus', 'versionStatus', 'version', 'pendingBatches', 'checkedAt', 'differences'];

/** An element `tag` holding `text` (a dash when there is none). */
export function cell(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text ?? '—';
  if (className) element.className = className;
  return element;
}

/** A time as the table shows it (the browser's local time), or null. */
export function timeOf(iso, words) {
  return iso ? words.time(new Date(iso)) : null;
}

/** The pending count with its trend, or null. */
export function pendingText(row, words) {
  if (row.pendingBatches == null) return null;
  const count = words.n(row.pendingBatches);
  return row.pendingTrendLabel ? `${count} · ${row.pendingTrendLabel}` : count;
}

/** Fills `tr` with `entry`'s row. `page`: `words`, `picked` (the stores selected for
 * Recompute), `selected` (the store whose details are open), `onPick()` when a box changes,
 * `onOpen(key)` when a store's name is pressed. */
export function fillRow(tr, entry, page) {
  const { row } = entry;
  const { words } = page;
  const pick = document.createElement('td');
  pick.className = 'pick';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = page.picked.has(row.key);
  box.setAttribute('aria-label', words.selectStore(`${row.name} (${row.key})`));
  box.addEventListener('change', () => {
    if (box.checked) page.picked.add(row.key);
    else page.picked.delete(row.key);
    page.onPick();
  });
  pick.append(box);
  const name = document.createElement('th');
  name.scope = 'row';
  name.setAttribute('role', 'rowheader');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${row.name} (${row.key})`;
  button.title = button.textContent;
  button.addEventListener('click', () => page.onOpen(row.key));
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
  if (row.tillsText) {
    // What its tills went through in the last hour, from their reports.
    const mark = cell('span', words.tillsMark(row.tills), 'tills');
    mark.title = row.tillsText ?? '';
    mark.setAttribute('aria-label', row.tillsText ?? '');
    name.append(' ', mark);
  }
  if (row.rebuildStatus) {
    // The store's database is ahead of what it runs (rebuilt, not restarted): its own mark.
    const mark = cell('span', words.rebuildMark, 'rebuild');
    mark.title = words.rebuildTitle(row.rebuildStatus);
    mark.setAttribute('aria-label', words.rebuildTitle(row.rebuildStatus));
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
    cell('td', row.reloadStatusBrief),
    cell('td', row.versionStatus, `status-${row.versionStatusCode}`),
    cell('td', row.version),
    cell('td', pendingText(row, words)),
    cell('td', timeOf(row.checkedAt, words)),
    cell('td', shortDifferences),
  ];
  cells[3].title = row.reloadStatus ?? '';
  cells[5].title = row.version ?? '';
  cells[7].title = row.checkedAt ?? '';
  cells[8].title = differences;
  cells.forEach((c, i) => {
    c.dataset.col = COLUMNS[i];
    if (i !== 1) c.setAttribute('role', 'cell');
  });
  tr.replaceChildren(...cells);
  tr.dataset.key = row.key;
  tr.dataset.status = statusOf(row);
  tr.classList.toggle('selected', page.selected === row.key);
  if (row.changes.length) tr.dataset.changed = row.changes.join(' ');
  else delete tr.dataset.changed;
}

/** Modules by Server's rows: one per module of the store, beside central's version. */
export function moduleRows(modules, words) {
  return modules.map((m) => {
    const tr = document.createElement('tr');
    if (m.differs) tr.className = 'differs';
    const difference = { same: '', different: words.differs, notOnStore: words.notOnStore, notOnCentral: words.onlyOnStore }[m.state];
    tr.append(
      cell('th', m.name), cell('td', m.javaPackage), cell('td', m.version ?? '—'),
      cell('td', m.centralVersion ?? words.notOnCentral), cell('td', difference),
    );
    tr.firstChild.scope = 'row';
    return tr;
  });
}

/** The view by module's rows: each module, central's version, how many stores run each. */
export function byModuleRows(list, words) {
  return list.map((m) => {
    const tr = document.createElement('tr');
    const versions = m.versions.map((v) => words.versionStores(v.version, words.stores(v.stores, words.n), v.central));
    if (m.missing) versions.push(words.missingOn(words.stores(m.missing, words.n)));
    tr.append(cell('th', m.name), cell('td', m.centralVersion ?? '—'), cell('td', versions.join(' · ')));
    tr.firstChild.scope = 'row';
    return tr;
  });
}

/** Who did what: one row per action, the latest first (text only). */
export function actionRows(actions, words) {
  return actions.map((a) => {
    const tr = document.createElement('tr');
    const when = cell('td', words.dateTime(new Date(a.at)));
    when.title = a.at;
    tr.append(when, cell('td', a.user), cell('td', words.actionText(a)));
    return tr;
  });
}

/** A store's tills: one row per terminal, its last report (text only; the till's words, such as
 * a reason, are text, never markup). */
export function tillRows(tills, words) {
  return tills.map(({ terminal, reports }) => {
    const [last] = reports;
    const tr = document.createElement('tr');
    const what = words.tillOutcome[last.report.outcome] ?? last.report.outcome;
    const said = last.report.reason ? `${what}: ${last.report.reason}` : what;
    const when = cell('td', words.dateTime(new Date(last.at)));
    when.title = last.at;
    const name = cell('th', terminal);
    name.scope = 'row';
    const lastCell = cell('td', `${said} (${last.user})`);
    lastCell.title = words.tillReports(reports.length) + (last.held ? words.tillHeld : '');
    tr.append(name, lastCell, when);
    return tr;
  });
}
