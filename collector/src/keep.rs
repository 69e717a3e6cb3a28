//! What the collector keeps on disk (`--state-file`), so that a restart loses nothing the admin
//! was watching: each store's definition, its last answer (the `StoreStatus` body as it came,
//! or why there was none), when it was checked and its pending history; central's last
//! version information and preferences; the pass totals; what admins did (`actions`, bounded in
//! count and age), each store's last Recompute (`recomputed`) and the tills' reports (`tills`,
//! bounded per terminal). An embedded SQLite database an admin can open with `sqlite3` (tables
//! `meta`, `stores`, `central`, `totals`, `actions`, `recomputed`, `tills`), written by one
//! thread of its own as rows change (a store's answer only when it differs from the last one),
//! read back at start and replayed through the same code as a live answer. A store's `error`
//! is the failure as JSON (`{"kind": "timedOut", "detail": 5000}`), read back as the same
//! failure, so its words follow the page's language after a restart too.
//!
//! A file that is corrupt or of another schema version is set aside (renamed
//! `<file>.unreadable-<seconds>`) with a warning, and a fresh one is started: never a crash.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use webpos_version_guard::servers::failure::Failure;
use webpos_version_guard::servers::wire::ServerDefinition;

use crate::collector::log::{AdminAction, Recomputed, ACTIONS_KEPT};
use crate::collector::state::PendingPoint;
use crate::collector::tills::Received;

/// The schema this collector writes and reads.
pub const SCHEMA_VERSION: i64 = 2;

/// One change to write.
#[derive(Debug)]
pub enum Write {
    /// A store's state; `answer` is `None` when its body is the one already kept.
    Store(Box<StoreWrite>),
    /// Central's list of stores: the others are forgotten.
    Order(Vec<String>),
    /// Central's version information and preferences bodies.
    Central {
        /// `VersionInformation`'s body.
        versions: Option<Vec<u8>>,
        /// `VersionCheckPreferences`'s body.
        preferences: Option<Vec<u8>>,
        /// `ReloadStatus`'s body.
        reloads: Option<Vec<u8>>,
    },
    /// The pass totals.
    Totals(Vec<PendingPoint>),
    /// A terminal's reports as kept now.
    Till {
        /// The terminal.
        terminal: String,
        /// Its reports, oldest first.
        reports: Vec<Received>,
    },
    /// An admin's action, the stores it recomputed, and the oldest time kept.
    Action {
        /// The action.
        action: Box<AdminAction>,
        /// The stores it recomputed.
        recomputed: Vec<String>,
        /// Actions before this time (ISO 8601) are forgotten.
        cutoff: String,
    },
}

/// A store's state to write.
#[derive(Debug)]
pub struct StoreWrite {
    /// Its key.
    pub key: String,
    /// Its place in central's order.
    pub position: usize,
    /// Its definition.
    pub definition: ServerDefinition,
    /// Its answer's body, when it changed.
    pub answer: Option<Vec<u8>>,
    /// Why there was no answer, when so.
    pub error: Option<Failure>,
    /// When it was checked.
    pub checked_at: String,
    /// Its pending history.
    pub history: Vec<PendingPoint>,
}

/// One store as the state file kept it, read back at start.
#[derive(Debug)]
pub struct RestoredStore {
    /// Its definition.
    pub definition: ServerDefinition,
    /// Its last answer's body, or why there was none.
    pub answer: Result<Vec<u8>, Failure>,
    /// When it was checked.
    pub checked_at: String,
    /// Its pending history.
    pub history: Vec<PendingPoint>,
}

/// Everything the state file kept, read back at start.
#[derive(Debug, Default)]
pub struct Restored {
    /// Central's last `VersionInformation` body.
    pub central: Option<Vec<u8>>,
    /// Central's last `VersionCheckPreferences` body.
    pub preferences: Option<Vec<u8>>,
    /// Central's last `ReloadStatus` body.
    pub reloads: Option<Vec<u8>>,
    /// The stores, in central's order.
    pub stores: Vec<RestoredStore>,
    /// The pass totals.
    pub totals: Vec<PendingPoint>,
    /// What admins did, oldest first.
    pub actions: Vec<AdminAction>,
    /// Each store's last Recompute.
    pub recomputed: Vec<(String, Recomputed)>,
    /// The tills' reports, by terminal.
    pub tills: Vec<(String, Vec<Received>)>,
}

/// The writer: changes go to its thread, which writes them in batches.
pub struct Keeper {
    tx: mpsc::Sender<Write>,
}

impl Keeper {
    /// Queues a change (never blocks the caller).
    pub fn write(&self, change: Write) {
        let _ = self.tx.send(change);
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Opens (or makes) the state file at `path` and reads it; a file that cannot be read is set
/// aside with a warning. `None` for the keeper when even a fresh file cannot be made (then the
/// collector runs without one, and says so).
pub fn open(path: &Path) -> (Option<Keeper>, Restored) {
    let (connection, kept) = match read(path) {
        Ok(found) => found,
        Err(why) => {
            let aside = PathBuf::from(format!("{}.unreadable-{}", path.display(), now_secs()));
            tracing::warn!(
                "the state file {} cannot be read ({why}); it is set aside as {} and a fresh one is started",
                path.display(),
                aside.display()
            );
            let _ = std::fs::rename(path, &aside);
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            match read(path) {
                Ok(found) => found,
                Err(why) => {
                    tracing::error!(
                        "no state file can be made at {} ({why}): a restart will start from nothing",
                        path.display()
                    );
                    return (None, Restored::default());
                }
            }
        }
    };
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("overview-state".into())
        .spawn(move || writer(connection, rx))
        .ok();
    (Some(Keeper { tx }), kept)
}

fn schema(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS stores (
           key TEXT PRIMARY KEY, position INTEGER NOT NULL, definition TEXT NOT NULL,
           answer BLOB, error TEXT, checked_at TEXT NOT NULL, history TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS central (id INTEGER PRIMARY KEY CHECK (id = 1),
           versions BLOB, preferences BLOB);
         CREATE TABLE IF NOT EXISTS totals (id INTEGER PRIMARY KEY CHECK (id = 1), series TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS recomputed (key TEXT PRIMARY KEY, user TEXT NOT NULL, at TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS tills (terminal TEXT PRIMARY KEY, reports TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS central_reloads (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);",
    )
}

fn read(path: &Path) -> Result<(Connection, Restored), String> {
    let words = |e: rusqlite::Error| e.to_string();
    let connection = Connection::open(path).map_err(words)?;
    connection.busy_timeout(std::time::Duration::from_secs(5)).map_err(words)?;
    let quick: String =
        connection.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(words)?;
    if quick != "ok" {
        return Err(format!("integrity check: {quick}"));
    }
    schema(&connection).map_err(words)?;
    let version: Option<String> = connection
        .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))
        .optional()
        .map_err(words)?;
    match version.as_deref().map(str::parse::<i64>) {
        None => {
            connection
                .execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                    params![SCHEMA_VERSION.to_string()],
                )
                .map_err(words)?;
        }
        Some(Ok(SCHEMA_VERSION)) => {}
        Some(other) => {
            return Err(format!(
                "schema version {other:?}, not {SCHEMA_VERSION} (another version of the collector)"
            ))
        }
    }
    let mut kept = Restored::default();
    if let Some((versions, preferences)) = connection
        .query_row("SELECT versions, preferences FROM central WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(words)?
    {
        kept.central = versions;
        kept.preferences = preferences;
    }
    kept.reloads = connection
        .query_row("SELECT body FROM central_reloads WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(words)?;
    if let Some(series) = connection
        .query_row("SELECT series FROM totals WHERE id = 1", [], |r| r.get::<_, String>(0))
        .optional()
        .map_err(words)?
    {
        kept.totals = serde_json::from_str(&series).map_err(|e| format!("totals: {e}"))?;
    }
    {
        let mut statement =
            connection.prepare("SELECT action FROM actions ORDER BY id").map_err(words)?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0)).map_err(words)?;
        for row in rows {
            let action = row.map_err(words)?;
            kept.actions
                .push(serde_json::from_str(&action).map_err(|e| format!("an action: {e}"))?);
        }
        let mut statement =
            connection.prepare("SELECT key, user, at FROM recomputed").map_err(words)?;
        let rows = statement
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .map_err(words)?;
        for row in rows {
            let (key, user, at) = row.map_err(words)?;
            kept.recomputed.push((key, Recomputed { user, at }));
        }
        let mut statement =
            connection.prepare("SELECT terminal, reports FROM tills").map_err(words)?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(words)?;
        for row in rows {
            let (terminal, reports) = row.map_err(words)?;
            let reports = serde_json::from_str(&reports).map_err(|e| format!("a till: {e}"))?;
            kept.tills.push((terminal, reports));
        }
    }
    let mut statement = connection
        .prepare(
            "SELECT definition, answer, error, checked_at, history FROM stores ORDER BY position",
        )
        .map_err(words)?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .map_err(words)?;
    for row in rows {
        let (definition, answer, error, checked_at, history) = row.map_err(words)?;
        kept.stores.push(RestoredStore {
            definition: serde_json::from_str(&definition).map_err(|e| format!("a store: {e}"))?,
            answer: match (answer, error) {
                (_, Some(error)) => {
                    Err(serde_json::from_str(&error).map_err(|e| format!("a failure: {e}"))?)
                }
                (Some(body), None) => Ok(body),
                (None, None) => Err(Failure::NoAnswer),
            },
            checked_at,
            history: serde_json::from_str(&history).map_err(|e| format!("a history: {e}"))?,
        });
    }
    drop(statement);
    Ok((connection, kept))
}

/// The writer's thread: waits for a change, takes every change queued with it, and writes
/// them in one transaction.
fn writer(mut connection: Connection, rx: mpsc::Receiver<Write>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while let Ok(next) = rx.try_recv() {
            batch.push(next);
            if batch.len() >= 20_000 {
                break;
            }
        }
        if let Err(e) = write_batch(&mut connection, batch) {
            tracing::error!("the state file could not be written: {e}");
        }
    }
}

fn write_batch(connection: &mut Connection, batch: Vec<Write>) -> rusqlite::Result<()> {
    let tx = connection.transaction()?;
    for change in batch {
        match change {
            Write::Store(store) => {
                let StoreWrite { key, position, definition, answer, error, checked_at, history } =
                    *store;
                let definition = serde_json::to_string(&definition).unwrap_or_default();
                let history = serde_json::to_string(&history).unwrap_or_default();
                // A failure as JSON (`kind`, `detail`): read back as the same failure.
                let error = error.map(|e| serde_json::to_string(&e).unwrap_or_default());
                tx.execute(
                    "INSERT INTO stores (key, position, definition, answer, error, checked_at, history)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (key) DO UPDATE SET position = excluded.position,
                       definition = excluded.definition,
                       answer = coalesce(excluded.answer, CASE WHEN excluded.error IS NULL THEN stores.answer END),
                       error = excluded.error, checked_at = excluded.checked_at,
                       history = excluded.history",
                    params![key, position as i64, definition, answer, error, checked_at, history],
                )?;
            }
            Write::Order(keys) => {
                let list = serde_json::to_string(&keys).unwrap_or_default();
                tx.execute(
                    "DELETE FROM stores WHERE key NOT IN (SELECT value FROM json_each(?1))",
                    params![list],
                )?;
                tx.execute(
                    "DELETE FROM recomputed WHERE key NOT IN (SELECT value FROM json_each(?1))",
                    params![list],
                )?;
            }
            Write::Till { terminal, reports } => {
                let reports = serde_json::to_string(&reports).unwrap_or_default();
                tx.execute(
                    "INSERT INTO tills (terminal, reports) VALUES (?1, ?2)
                     ON CONFLICT (terminal) DO UPDATE SET reports = excluded.reports",
                    params![terminal, reports],
                )?;
            }
            Write::Action { action, recomputed, cutoff } => {
                let json = serde_json::to_string(&action).unwrap_or_default();
                tx.execute(
                    "INSERT INTO actions (at, action) VALUES (?1, ?2)",
                    params![action.at, json],
                )?;
                tx.execute(
                    "DELETE FROM actions WHERE at < ?1 OR id <= (SELECT max(id) FROM actions) - ?2",
                    params![cutoff, ACTIONS_KEPT as i64],
                )?;
                for key in recomputed {
                    tx.execute(
                        "INSERT INTO recomputed (key, user, at) VALUES (?1, ?2, ?3)
                         ON CONFLICT (key) DO UPDATE SET user = excluded.user, at = excluded.at",
                        params![key, action.user, action.at],
                    )?;
                }
            }
            Write::Central { versions, preferences, reloads } => {
                tx.execute(
                    "INSERT INTO central (id, versions, preferences) VALUES (1, ?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET versions = coalesce(excluded.versions, central.versions),
                       preferences = coalesce(excluded.preferences, central.preferences)",
                    params![versions, preferences],
                )?;
                if let Some(reloads) = reloads {
                    tx.execute(
                        "INSERT INTO central_reloads (id, body) VALUES (1, ?1)
                         ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                        params![reloads],
                    )?;
                }
            }
            Write::Totals(series) => {
                let series = serde_json::to_string(&series).unwrap_or_default();
                tx.execute(
                    "INSERT INTO totals (id, series) VALUES (1, ?1)
                     ON CONFLICT (id) DO UPDATE SET series = excluded.series",
                    params![series],
                )?;
            }
        }
    }
    tx.commit()
}
