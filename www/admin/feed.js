// The stream from central's collector (Server-Sent Events): every store's last known state at
// once, then each store's update as it arrives, and the pass's progress with its figures. The
// browser reconnects by itself after a dropped connection and names the last event it had
// (Last-Event-ID): the collector then sends only what changed since, or everything again after
// a `reset` when it restarted; rows are keyed by store, so none is missing or doubled.

/** The waits between two tries after the browser gave the stream up, in seconds: doubling up
 * to half a minute. */
const BACKOFF = [1, 2, 4, 8, 15, 30];

/** Opens the stream at `url`; `on` has `reset(info)`, `rows(text)` (a `rows` event of a
 * snapshot, `{ rows: [...] }`, or a live `row` event, `{ checked, total, row }`, not yet
 * parsed: a snapshot brings thousands of rows at once, and the page takes them in slices),
 * `ready()`, `pass(figures)`, `status({ connected, retryIn })`, `ended(message)` (central
 * ended the stream: the session logged out or lost its role) and `mayRetry()` (asked before a
 * new try: false stops, e.g. when the session is gone).
 *
 * The browser reconnects by itself after a dropped connection; after an HTTP error (a proxy's
 * 502 while the collector restarts, central's 503, a 401) it gives the stream up for good, so
 * this opens a new one after a bounded backoff, saying when (`retryIn`); the new stream starts
 * with a `reset`. Returns a function that closes it. */
export function openFeed(url, on) {
  let source = null;
  let stopped = false;
  let attempt = 0;
  let timer = 0;
  const parse = (handler) => (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return; // a malformed event is skipped; the next pass sends the row again
    }
    handler(data);
  };
  const connect = () => {
    source = new EventSource(url);
    const current = source;
    current.addEventListener('reset', parse(on.reset));
    current.addEventListener('rows', (event) => on.rows(event.data));
    current.addEventListener('row', (event) => on.rows(event.data));
    current.addEventListener('ready', () => on.ready());
    current.addEventListener('pass', parse(on.pass));
    current.addEventListener('ended', parse((data) => {
      stopped = true;
      current.close();
      on.ended(String(data.message ?? ''));
    }));
    current.addEventListener('open', () => {
      attempt = 0;
      on.status({ connected: true });
    });
    current.addEventListener('error', () => {
      if (stopped || current !== source) return;
      if (current.readyState !== EventSource.CLOSED) {
        on.status({ connected: current.readyState === EventSource.OPEN }); // the browser retries
        return;
      }
      const wait = BACKOFF[Math.min(attempt, BACKOFF.length - 1)];
      attempt += 1;
      on.status({ connected: false, retryIn: wait });
      timer = setTimeout(async () => {
        if (stopped) return;
        if (on.mayRetry && !(await on.mayRetry())) return;
        connect();
      }, wait * 1000);
    });
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
