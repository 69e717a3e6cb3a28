// The stream from central's collector (Server-Sent Events): every store's last known state at
// once, then each store's update as it arrives, and the pass's progress with its figures. The
// browser reconnects by itself after a dropped connection and names the last event it had
// (Last-Event-ID): the collector then sends only what changed since, or everything again after
// a `reset` when it restarted; rows are keyed by store, so none is missing or doubled.

/** Opens the stream at `url`; `on` has `reset(info)`, `rows(text)` (a `rows` event of a
 * snapshot, `{ rows: [...] }`, or a live `row` event, `{ checked, total, row }`, not yet
 * parsed: a snapshot brings thousands of rows at once, and the page takes them in slices),
 * `ready()`, `pass(figures)` and `status(connected)`. Returns a function that closes it. */
export function openFeed(url, on) {
  const source = new EventSource(url);
  const parse = (handler) => (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return; // a malformed event is skipped; the next pass sends the row again
    }
    handler(data);
  };
  source.addEventListener('reset', parse(on.reset));
  source.addEventListener('rows', (event) => on.rows(event.data));
  source.addEventListener('row', (event) => on.rows(event.data));
  source.addEventListener('ready', () => on.ready());
  source.addEventListener('pass', parse(on.pass));
  source.addEventListener('open', () => on.status(true));
  source.addEventListener('error', () => on.status(source.readyState === EventSource.OPEN));
  return () => source.close();
}
