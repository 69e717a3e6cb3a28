// The overview's filter, sort and search: what the URL keeps of them, what each column sorts
// by, and which rows are shown. Pure: no DOM but the URL.

// Ascending: same, unknown, different, blocking; a descending sort puts the blocking first.
const STATUS_ORDER = { same: 0, unknown: 1, different: 2, blocking: 3 };
const SORTS = ['name', 'serverStatus', 'reloadStatus', 'versionStatus', 'version', 'pendingBatches', 'checkedAt', 'differencesText'];
const FILTERS = ['', 'blocking', 'different', 'same', 'unknown'];

/** A row's status as the filter and the sort read it: blocking, else its version status. */
export function statusOf(row) {
  return row.blocksLogins ? 'blocking' : row.versionStatusCode;
}

/** The filter, search and sort that `params` (the page's URL) asks for, or the defaults. */
export function viewFrom(params) {
  return {
    filter: FILTERS.includes(params.get('filter') ?? '') ? params.get('filter') ?? '' : '',
    query: params.get('q') ?? '',
    sort: SORTS.includes(params.get('sort')) ? params.get('sort') : 'name',
    direction: params.get('dir') === 'desc' ? 'descending' : 'ascending',
  };
}

/** Keeps `view` in the page's URL (defaults left out), without a history entry. */
export function keepInUrl(view) {
  const next = new URLSearchParams(location.search);
  const set = (name, value, fallback) => (value && value !== fallback ? next.set(name, value) : next.delete(name));
  set('filter', view.filter, '');
  set('q', view.query, '');
  set('sort', view.sort, 'name');
  set('dir', view.direction === 'descending' ? 'desc' : '', '');
  history.replaceState(null, '', `${location.pathname}?${next}`.replace(/\?$/, ''));
}

/** What each column sorts by, computed once per row update (not per comparison). */
export function sortKeys(row, lang) {
  const text = (value) => (value == null || value === '' ? null : String(value).toLocaleLowerCase(lang));
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

/** The order of `view`'s sort over kept entries; arrival order breaks ties, empty values last. */
export function comparer(view) {
  return (a, b) => {
    const x = a.sortKeys[view.sort];
    const y = b.sortKeys[view.sort];
    if (x === y) return a.index - b.index;
    if (x === null) return 1; // empty values last, whichever the direction
    if (y === null) return -1;
    const order = x < y ? -1 : 1;
    return view.direction === 'ascending' ? order : -order;
  };
}

/** Whether an entry is shown, for `view`'s filter and search as they are now (the query
 * normalized once, not once per row). */
export function matcher(view, lang) {
  const query = view.query.trim().toLocaleLowerCase(lang);
  return (entry) => {
    const { row } = entry;
    const shown = !view.filter || (view.filter === 'blocking' ? row.blocksLogins : row.versionStatusCode === view.filter);
    return shown && (!query || entry.search.includes(query));
  };
}
