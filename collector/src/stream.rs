//! The stream to the page: Server-Sent Events (docs/PROTOCOL.md says why not NDJSON). A page
//! gets every store's last known state at once (`reset`, the rows, then `ready` with the event
//! id that names them), then each store's update as it arrives (`row`, with its id), and the
//! pass's progress with the figures the core computed over every store (`pass`: at its start,
//! every hundred stores, at its end). A page that reconnects names its last event id (the browser's
//! `Last-Event-ID`): the same run of the collector sends only the stores updated since, and
//! another run (a restart) sends everything again after a `reset`. Rows are keyed by store on
//! the page, so none is missing or doubled either way.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use tokio::sync::{broadcast::error::RecvError, mpsc};
use webpos_version_guard::overview::pass::{event_id, resume, Resume};
use webpos_version_guard::texts::cashier::Language;

use crate::collector::state::Update;
use crate::collector::Collector;

/// How long a page whose stream dropped waits before it reconnects.
const RECONNECT: Duration = Duration::from_secs(1);

/// How often an open stream asks again whether its session is still an administrator's.
pub const RECHECK: Duration = Duration::from_secs(10);

/// Asks whether the stream's session may still see the overview: `Some(why)` when not.
pub type Recheck =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Option<String>> + Send>> + Send + Sync>;

/// A row event: the pass's progress and the row, with the id of its update.
fn row_event(collector: &Collector, seq: u64, row: &str) -> Event {
    let pass = collector.pass();
    let data = format!(r#"{{"checked":{},"total":{},"row":{row}}}"#, pass.checked, pass.total);
    Event::default().event("row").data(data).id(event_id(&collector.epoch, seq))
}

/// The pass's progress with the figures of every store (summary, versions, pending series).
fn pass_event(collector: &Collector) -> Event {
    Event::default()
        .event("pass")
        .data(serde_json::to_string(&collector.figures()).unwrap_or_default())
}

/// How many rows one event of a snapshot carries: a page gets 10,000 stores in 50 events, not
/// 10,000 (the browser dispatches each event on its own).
const SNAPSHOT_BATCH: usize = 200;

/// Every store's state, after a `reset`, in `rows` events of [`SNAPSHOT_BATCH`] rows; the
/// closing `ready` carries the id that names them (a snapshot's events carry none, so a page
/// cut off in the middle starts afresh).
async fn snapshot(
    collector: &Collector,
    language: Language,
    out: &mpsc::Sender<Event>,
) -> Result<u64, ()> {
    let seq = collector.seq();
    let reset = serde_json::json!({ "epoch": collector.epoch, "pass": collector.pass() });
    // A dropped page reconnects after a second.
    let reset = Event::default().event("reset").data(reset.to_string()).retry(RECONNECT);
    out.send(reset).await.map_err(|_| ())?;
    let rows = collector.rows_after(None, language);
    for batch in rows.chunks(SNAPSHOT_BATCH) {
        let joined: Vec<&str> = batch.iter().map(|(_, row)| &**row).collect();
        let data = format!(r#"{{"rows":[{}]}}"#, joined.join(","));
        out.send(Event::default().event("rows").data(data)).await.map_err(|_| ())?;
    }
    let ready = Event::default().event("ready").id(event_id(&collector.epoch, seq)).data("{}");
    out.send(ready).await.map_err(|_| ())?;
    Ok(seq)
}

/// The rows updated after `after`, oldest update first, each with its id.
async fn since(
    collector: &Collector,
    after: u64,
    language: Language,
    out: &mpsc::Sender<Event>,
) -> Result<u64, ()> {
    let mut rows = collector.rows_after(Some(after), language);
    rows.sort_by_key(|(seq, _)| *seq);
    let mut last = after;
    for (seq, row) in rows {
        out.send(row_event(collector, seq, &row)).await.map_err(|_| ())?;
        last = last.max(seq);
    }
    Ok(last)
}

/// Feeds one page until it goes away, or its session may no longer see the overview (then an
/// `ended` event says why, in words, and the stream ends).
async fn feed(
    collector: Arc<Collector>,
    last_event_id: Option<String>,
    language: Language,
    out: mpsc::Sender<Event>,
    recheck: Recheck,
) -> Result<(), ()> {
    // Subscribed before the first rows are read: nothing between the two is lost.
    let mut updates = collector.subscribe();
    // An id this run never gave (a forged one, ahead of it) or from before the store list last
    // changed starts afresh: the page must not keep removed stores nor wait for updates that
    // never come.
    let mut cursor = match resume(last_event_id.as_deref(), &collector.epoch) {
        Resume::After(seq) if seq <= collector.seq() && seq >= collector.list_changed_at() => {
            since(&collector, seq, language, &out).await?
        }
        _ => snapshot(&collector, language, &out).await?,
    };
    out.send(pass_event(&collector)).await.map_err(|_| ())?;
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
    loop {
        let update = tokio::select! {
            update = updates.recv() => update,
            _ = every.tick() => {
                if let Some(why) = recheck().await {
                    let data = serde_json::json!({ "message": why }).to_string();
                    let _ = out.send(Event::default().event("ended").data(data)).await;
                    return Ok(());
                }
                continue;
            }
        };
        match update {
            Ok(Update::Row { seq, key }) if seq > cursor => {
                if let Some((current, row)) = collector.row(&key, language) {
                    out.send(row_event(&collector, current, &row)).await.map_err(|_| ())?;
                    cursor = cursor.max(current);
                }
            }
            Ok(Update::Row { .. }) => {}
            Ok(Update::Pass) => out.send(pass_event(&collector)).await.map_err(|_| ())?,
            Ok(Update::Reset) => cursor = snapshot(&collector, language, &out).await?,
            Ok(Update::Disconnect) => return Ok(()),
            // Too slow a page: catch up from what it has.
            Err(RecvError::Lagged(_)) => cursor = since(&collector, cursor, language, &out).await?,
            Err(RecvError::Closed) => return Ok(()),
        }
    }
}

/// The SSE response for a page whose last event id is `last_event_id`.
pub fn respond(
    collector: Arc<Collector>,
    last_event_id: Option<String>,
    language: Language,
    recheck: Recheck,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (tx, rx) = mpsc::channel(256);
    tokio::spawn(feed(collector, last_event_id, language, tx, recheck));
    let events = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|event| (Ok(event), rx))
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}
