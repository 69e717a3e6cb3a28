//! The agent's reads of its Openbravo server's own database (PostgreSQL; Openbravo's table and
//! column names, unquoted lower case). Read-only: every statement is a `SELECT` with bind
//! parameters, run with `default_transaction_read_only` on (the role should be read-only too:
//! docs/INTEGRATION.md gives its `GRANT`s), each within the time limit. The only text put into
//! a statement is SymmetricDS's table prefix, a setting checked to be an identifier at start.
//!
//! The pool (deadpool) verifies a connection before it hands it out again, so service resumes
//! by itself when the database is back after a restart; while it is down, every read fails in
//! words within the time limit.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio::sync::Semaphore;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

use webpos_version_guard::login::preference::SYSTEM_ID;
use webpos_version_guard::servers::wire::{ServerType, WirePreference};

use crate::reload::{LoadBatches, NodeSecurity, ReloadRequests, SymmetricFacts, TableReloadStatus};
use crate::source::{
    BoxFuture, DbError, DefinitionRow, ModuleRow, OwnAndCentral, RecordUpdate, TerminalRow,
};
use webpos_version_guard::servers::protocol::YesNo;

/// The connections the agent holds at most (its pool).
pub const POOL_SIZE: usize = 8;

/// The reads that may be in flight or waiting for a connection at once; one more is refused at
/// once, in words (a burst of anonymous requests never queues without bound in front of the
/// server's database).
pub const MAX_WAITING: usize = 4 * POOL_SIZE;

/// SymmetricDS's outgoing batch statuses that are not yet acknowledged (`OK`) nor ignored
/// (`IG`): new, querying, sending, loading, resend, routing, request, error.
pub const PENDING_STATUSES: [&str; 8] = ["NE", "QY", "SE", "LD", "RS", "RT", "RQ", "ER"];

/// How long a read given up on may take to end after its cancel, before its connection is
/// closed instead of going back to the pool.
const CANCEL_GRACE: Duration = Duration::from_secs(2);

/// The database, through a pool.
pub struct Db {
    pool: Pool,
    timeout: Duration,
    outgoing_batch: String,
    /// SymmetricDS's table prefix (`sym_`), checked to be an identifier.
    prefix: String,
    /// One permit a read in flight or waiting (including one given up on whose statement has
    /// not ended yet).
    waiting: Arc<Semaphore>,
}

fn no_answer(timeout: Duration) -> DbError {
    DbError(format!("no answer within {} ms", timeout.as_millis()))
}

fn words(e: impl fmt::Display) -> DbError {
    DbError(e.to_string())
}

/// PostgreSQL's own message (`relation "sym_outgoing_batch" does not exist`), not only
/// "db error"; a connection error with its cause.
fn postgres(e: tokio_postgres::Error) -> DbError {
    if let Some(db) = e.as_db_error() {
        return DbError(db.message().to_owned());
    }
    match std::error::Error::source(&e) {
        Some(cause) => DbError(format!("{e}: {cause}")),
        None => DbError(e.to_string()),
    }
}

/// A count read as `int8` (never negative: 0 if it were).
fn count(row: &Row, column: usize) -> u64 {
    u64::try_from(row.get::<_, i64>(column)).unwrap_or(0)
}

/// Checks SymmetricDS's table prefix: an identifier (letters, digits, `_`), lower case.
pub fn symmetric_table(prefix: &str) -> Result<String, String> {
    let ok = !prefix.is_empty()
        && prefix.len() <= 40
        && prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !prefix.starts_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(format!("{}outgoing_batch", prefix.to_ascii_lowercase()))
    } else {
        Err(format!("--symmetric-prefix {prefix:?} is not a table prefix (letters, digits and _)"))
    }
}

/// The server-side limits every session of the agent runs under, below the request's own time
/// limit (`timeout`): a statement, or a wait for a lock (Openbravo's update.database, a VACUUM
/// FULL), ends in the database itself even when nobody cancels it; sessions are read-only.
pub fn session_options(timeout: Duration) -> String {
    let statement = (timeout.as_millis() * 9 / 10).max(50);
    let lock = (timeout.as_millis() * 8 / 10).max(50);
    format!(
        "-c default_transaction_read_only=on -c statement_timeout={statement} \
         -c lock_timeout={lock} -c idle_in_transaction_session_timeout={statement}"
    )
}

impl Db {
    /// A pool on `url` (a PostgreSQL connection URL or key=value string; without a password in
    /// it, `PGPASSWORD`'s); nothing is connected until the first read.
    pub fn new(url: &str, symmetric_prefix: &str, timeout: Duration) -> Result<Self, String> {
        let outgoing_batch = symmetric_table(symmetric_prefix)?;
        let mut config: tokio_postgres::Config = url.parse().map_err(|_| {
            // Never the URL itself in words: it may hold the password.
            "the database URL is not a PostgreSQL URL or key=value string".to_owned()
        })?;
        if config.get_password().is_none() {
            if let Some(password) = std::env::var_os("PGPASSWORD") {
                config.password(password.to_string_lossy().as_bytes());
            }
        }
        config.connect_timeout(timeout);
        config.application_name("openbravo-version-agent");
        config.options(session_options(timeout));
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Verified },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(timeout))
            .create_timeout(Some(timeout))
            .recycle_timeout(Some(timeout))
            .build()
            .map_err(|e| format!("the database pool could not be made: {e}"))?;
        let prefix = outgoing_batch.trim_end_matches("outgoing_batch").to_owned();
        Ok(Self {
            pool,
            timeout,
            outgoing_batch,
            prefix,
            waiting: Arc::new(Semaphore::new(MAX_WAITING)),
        })
    }

    /// One read, within the time limit. Never more than [`MAX_WAITING`] reads at once (one more
    /// is refused at once) nor more connections than the pool's [`POOL_SIZE`]: a read given up
    /// on has its statement cancelled on the server, and its connection goes back to the pool
    /// only once that statement has ended (else it is closed); until then it still counts.
    async fn query(&self, sql: &str, params: &[&str]) -> Result<Vec<Row>, DbError> {
        let Ok(slot) = self.waiting.clone().try_acquire_owned() else {
            return Err(DbError(format!(
                "the database is busy: {MAX_WAITING} reads are waiting for it already; try again in a moment"
            )));
        };
        let (pool, timeout) = (self.pool.clone(), self.timeout);
        let sql = sql.to_owned();
        let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
        let read = tokio::spawn(async move {
            let _slot = slot;
            let started = Instant::now();
            let client = pool.get().await.map_err(words)?;
            let cancel = client.cancel_token();
            let refs: Vec<&(dyn ToSql + Sync)> =
                params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
            let mut run = Box::pin(async {
                let statement = client.prepare_cached(&sql).await?;
                client.query(&statement, &refs).await
            });
            let left = timeout.saturating_sub(started.elapsed());
            match tokio::time::timeout(left, &mut run).await {
                Ok(result) => result.map_err(postgres),
                Err(_) => {
                    let _ = tokio::time::timeout(CANCEL_GRACE, cancel.cancel_query(NoTls)).await;
                    if tokio::time::timeout(CANCEL_GRACE, &mut run).await.is_err() {
                        drop(run);
                        drop(deadpool_postgres::Object::take(client));
                    }
                    Err(no_answer(timeout))
                }
            }
        });
        match tokio::time::timeout(self.timeout, read).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => Err(DbError(format!("the read failed: {e}"))),
            Err(_) => Err(no_answer(self.timeout)),
        }
    }

    /// Every active module (`AD_MODULE`), by java package.
    pub async fn modules(&self) -> Result<Vec<ModuleRow>, DbError> {
        let rows = self
            .query(
                "SELECT ad_module_id::text, name::text, javapackage::text, version::text, coalesce(status::text, '') \
                 FROM ad_module WHERE isactive = 'Y' ORDER BY javapackage",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ModuleRow {
                id: r.get(0),
                name: r.get(1),
                java_package: r.get(2),
                version: r.get(3),
                status: r.get(4),
            })
            .collect())
    }

    /// `AD_SYSTEM_INFO.SYSTEM_STATUS` (`RB70` when the running server matches its database).
    pub async fn system_status(&self) -> Result<Option<String>, DbError> {
        let rows =
            self.query("SELECT system_status::text FROM ad_system_info LIMIT 1", &[]).await?;
        Ok(rows.first().and_then(|r| r.get::<_, Option<String>>(0)))
    }

    /// Every active server definition, central first, then by priority and name.
    pub async fn definitions(&self) -> Result<Vec<DefinitionRow>, DbError> {
        self.definitions_where("TRUE", &[]).await
    }

    /// The definitions the store status needs: this server's own (by key) and central's (the
    /// first `MAIN` one), in one read.
    pub async fn own_and_central(&self, key: &str) -> Result<OwnAndCentral, DbError> {
        let rows = self
            .definitions_where("(mobile_server_key = $1 OR servertype = 'MAIN')", &[key])
            .await?;
        let own = rows.iter().find(|d| d.key == key).cloned();
        let central = rows
            .into_iter()
            .find(|d| ServerType::from_code(&d.server_type) == Some(ServerType::Main));
        Ok((own, central))
    }

    async fn definitions_where(
        &self,
        filter: &str,
        params: &[&str],
    ) -> Result<Vec<DefinitionRow>, DbError> {
        let sql = format!(
            "SELECT mobile_server_key::text, name::text, description::text, servertype::text, url::text, \
                    coalesce(status::text, 'ON'), coalesce(priority, 10)::int4, coalesce(alloweddomains::text, ''), ad_client_id::text \
             FROM obmobc_server_definition WHERE isactive = 'Y' AND mobile_server_key IS NOT NULL AND {filter} \
             ORDER BY (servertype = 'MAIN') DESC, priority, name"
        );
        let rows = self.query(&sql, params).await?;
        Ok(rows
            .iter()
            .map(|r| DefinitionRow {
                key: r.get(0),
                name: r.get(1),
                description: r.get(2),
                server_type: r.get(3),
                url: r.get(4),
                status: r.get(5),
                priority: r.get(6),
                allowed_domains: r
                    .get::<_, String>(7)
                    .split([',', ';', ' ', '\n', '\r', '\t'])
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect(),
                client: r.get(8),
            })
            .collect())
    }

    /// The active terminal with this search key.
    pub async fn terminal(&self, key: &str) -> Result<Option<TerminalRow>, DbError> {
        let rows = self
            .query(
                "SELECT value::text, name::text, ad_client_id::text, ad_org_id::text \
                 FROM obpos_applications WHERE value = $1 AND isactive = 'Y'",
                &[key],
            )
            .await?;
        Ok(rows.first().map(|r| TerminalRow {
            key: r.get(0),
            name: r.get(1),
            client: r.get(2),
            organization: r.get(3),
        }))
    }

    /// The terminal's store server, as Openbravo gives a terminal its servers: the store
    /// servers of its client with `ALLORGS = 'Y'` or a server organization equal to the
    /// terminal's (exact, no organization tree), the first by priority (then name).
    pub async fn terminal_store(
        &self,
        client: &str,
        organization: &str,
    ) -> Result<Option<String>, DbError> {
        let rows = self
            .query(
                "SELECT d.mobile_server_key::text FROM obmobc_server_definition d \
                 WHERE d.isactive = 'Y' AND d.servertype = 'STORE' AND d.ad_client_id = $1 \
                   AND (d.allorgs = 'Y' OR EXISTS (SELECT 1 FROM obmobc_server_orgs o \
                        WHERE o.obmobc_server_definition_id = d.obmobc_server_definition_id \
                          AND o.isactive = 'Y' AND o.server_org_id = $2)) \
                 ORDER BY d.priority, d.name LIMIT 1",
                &[client, organization],
            )
            .await?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    /// Every preference record of `property` (a value of the property list), active or not
    /// (the core's resolution leaves inactive ones out and says so).
    pub async fn preferences(&self, property: &str) -> Result<Vec<WirePreference>, DbError> {
        let rows = self
            .query(
                "SELECT ad_preference_id::text, ad_client_id::text, ad_org_id::text, visibleat_client_id::text, \
                        visibleat_org_id::text, visibleat_role_id::text, ad_user_id::text, ad_window_id::text, \
                        property::text, coalesce(value::text, ''), coalesce(selected::text, 'N'), coalesce(isactive::text, 'N') \
                 FROM ad_preference WHERE property = $1 AND ispropertylist = 'Y' ORDER BY ad_preference_id",
                &[property],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| WirePreference {
                id: r.get(0),
                client: r.get(1),
                organization: r.get(2),
                visible_at_client: r.get(3),
                visible_at_organization: r.get(4),
                visible_at_role: r.get(5),
                user: r.get(6),
                window: r.get(7),
                property: r.get(8),
                value: r.get(9),
                selected: YesNo::is_yes(&r.get::<_, String>(10)),
                active: YesNo::is_yes(&r.get::<_, String>(11)),
            })
            .collect())
    }

    /// The organization's parent chain in the client's organization tree (`AD_TREE` of type
    /// `OO`, `AD_TREENODE`), from the organization itself up to `0`.
    pub async fn org_chain(
        &self,
        client: &str,
        organization: &str,
    ) -> Result<Vec<String>, DbError> {
        let rows = self
            .query(
                "WITH RECURSIVE chain(tree, node, parent, depth) AS ( \
                   SELECT n.ad_tree_id, n.node_id::text, n.parent_id::text, 0 FROM ad_treenode n \
                     JOIN ad_tree t ON t.ad_tree_id = n.ad_tree_id \
                    WHERE t.treetype = 'OO' AND t.ad_client_id = $1 AND n.node_id = $2 \
                   UNION ALL \
                   SELECT n.ad_tree_id, n.node_id::text, n.parent_id::text, c.depth + 1 FROM chain c \
                     JOIN ad_treenode n ON n.ad_tree_id = c.tree AND n.node_id = c.parent \
                    WHERE c.depth < 64 AND c.parent IS NOT NULL AND c.parent <> c.node) \
                 SELECT node FROM chain ORDER BY depth",
                &[client, organization],
            )
            .await?;
        let mut chain: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        if chain.is_empty() {
            chain.push(organization.to_owned());
        }
        if chain.last().map(String::as_str) != Some(SYSTEM_ID) {
            chain.push(SYSTEM_ID.to_owned());
        }
        Ok(chain)
    }

    /// SymmetricDS's outgoing batches for `node` (central's node: its mobile server key) not yet
    /// acknowledged (`OK`) or ignored (`IG`), heartbeats left out: exactly what
    /// `status NOT IN ('OK', 'IG')` counts, narrowed by the `(node_id, status)` index. The
    /// statuses SymmetricDS defines as not yet acknowledged ([`PENDING_STATUSES`]) are counted
    /// through the index, never the node's millions of acknowledged rows; a status SymmetricDS
    /// may add later is found by a loose index scan of the node's distinct statuses (one index
    /// probe a status), and only then are its rows counted too, at the old query's cost.
    pub async fn pending_batches(&self, node: &str) -> Result<u64, DbError> {
        let table = &self.outgoing_batch;
        let pending = PENDING_STATUSES.map(|s| format!("'{s}'")).join(", ");
        let sql = format!(
            "WITH RECURSIVE statuses(status) AS ( \
               (SELECT status FROM {table} WHERE node_id = $1 AND status IS NOT NULL ORDER BY status LIMIT 1) \
               UNION ALL \
               SELECT (SELECT b.status FROM {table} b WHERE b.node_id = $1 AND b.status > s.status ORDER BY b.status LIMIT 1) \
                 FROM statuses s WHERE s.status IS NOT NULL), \
             unknown AS (SELECT status FROM statuses \
                          WHERE status IS NOT NULL AND status NOT IN ({pending}, 'OK', 'IG')) \
             SELECT (SELECT count(*) FROM {table} WHERE node_id = $1 AND status IN ({pending}) AND channel_id <> 'heartbeat') \
                  + CASE WHEN NOT EXISTS (SELECT 1 FROM unknown) THEN 0 \
                         ELSE (SELECT count(*) FROM {table} WHERE node_id = $1 \
                                 AND status IN (SELECT status FROM unknown) AND channel_id <> 'heartbeat') END"
        );
        let rows = self.query(&sql, &[node]).await?;
        let count: i64 = rows.first().map_or(0, |r| r.get(0));
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// What central's SymmetricDS tables hold of the store nodes' initial loads and table
    /// reloads (`crate::reload` says what each row tells). Only the columns this SymmetricDS
    /// has are read (`information_schema`, which lists only what the role may read); the
    /// others are said absent. Every table and column name is the prefix, checked at start,
    /// and a fixed name.
    pub async fn symmetric_facts(&self) -> Result<SymmetricFacts, DbError> {
        let p = &self.prefix;
        let tables =
            ["node_security", "outgoing_batch", "table_reload_request", "table_reload_status"];
        let names: Vec<String> = tables.iter().map(|t| format!("{p}{t}")).collect();
        let rows = self
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = ANY (current_schemas(false)) AND table_name IN ($1, $2, $3, $4)",
                &[&names[0], &names[1], &names[2], &names[3]],
            )
            .await?;
        let columns: Vec<(String, String)> =
            rows.iter().map(|r| (r.get::<_, String>(0)[p.len()..].to_owned(), r.get(1))).collect();
        let has =
            |table: &str, column: &str| columns.iter().any(|(t, c)| t == table && c == column);
        let has_table = |table: &str| columns.iter().any(|(t, _)| t == table);
        let mut facts = SymmetricFacts::default();
        let mut absent = |what: String| facts.absent.push(what);
        if !has("node_security", "initial_load_time") {
            facts.unreadable =
                Some(format!("{p}node_security is not there, or not granted to the agent's role"));
            return Ok(facts);
        }
        let optional = |table: &str, column: &str, absent: &mut dyn FnMut(String)| {
            if has(table, column) {
                column.to_owned()
            } else {
                absent(format!("{table}.{column}"));
                "NULL".to_owned()
            }
        };
        let minute = |column: &str| format!("to_char({column}, 'YYYY-MM-DD HH24:MI')");
        let end = optional("node_security", "initial_load_end_time", &mut absent);
        let load_id = optional("node_security", "initial_load_id", &mut absent);
        facts.has_end_time = end != "NULL";
        let end = if facts.has_end_time { minute(&end) } else { end };
        let sql = format!(
            "SELECT node_id::text, coalesce(initial_load_enabled, 0)::int4, {}, {end}, {load_id}::int8 \
             FROM {p}node_security WHERE node_id IN (SELECT mobile_server_key FROM obmobc_server_definition \
             WHERE isactive = 'Y' AND servertype = 'STORE') ORDER BY node_id",
            minute("initial_load_time"),
        );
        facts.nodes = self
            .query(&sql, &[])
            .await?
            .iter()
            .map(|r| NodeSecurity {
                node: r.get(0),
                initial_load_enabled: r.get::<_, i32>(1) == 1,
                initial_load_time: r.get(2),
                initial_load_end_time: r.get(3),
                initial_load_id: r.get(4),
            })
            .collect();
        // A load's batches, for the loads with a batch still pending (found by the status
        // index: the node's acknowledged millions are never read).
        if has("outgoing_batch", "load_id") {
            let pending = PENDING_STATUSES.map(|s| format!("'{s}'")).join(", ");
            let sql = format!(
                "WITH loads AS (SELECT DISTINCT node_id, load_id FROM {p}outgoing_batch \
                   WHERE status IN ({pending}) AND load_id IS NOT NULL) \
                 SELECT b.node_id::text, b.load_id::int8, count(*)::int8, \
                        (count(*) FILTER (WHERE b.status IN ('OK', 'IG')))::int8, \
                        min(b.batch_id) FILTER (WHERE b.status = 'ER')::int8, {} \
                 FROM {p}outgoing_batch b JOIN loads l ON l.node_id = b.node_id AND l.load_id = b.load_id \
                 GROUP BY b.node_id, b.load_id",
                minute("min(b.create_time)"),
            );
            facts.loads = self
                .query(&sql, &[])
                .await?
                .iter()
                .map(|r| LoadBatches {
                    node: r.get(0),
                    load_id: r.get(1),
                    batches: count(r, 2),
                    acknowledged: count(r, 3),
                    error_batch: r.get(4),
                    started: r.get(5),
                })
                .collect();
        } else {
            absent("outgoing_batch.load_id".into());
        }
        // Table reloads requested and not started: `processed = 0` (3.9 on), else
        // `reload_enabled = 1`.
        let waiting = if has("table_reload_request", "processed") {
            Some("processed = 0")
        } else if has("table_reload_request", "reload_enabled") {
            Some("reload_enabled = 1")
        } else {
            None
        };
        match waiting {
            Some(waiting) if has("table_reload_request", "create_time") => {
                let sql = format!(
                    "SELECT target_node_id::text, count(*)::int8, {} FROM {p}table_reload_request \
                     WHERE {waiting} GROUP BY target_node_id",
                    minute("min(create_time)"),
                );
                facts.requests = self
                    .query(&sql, &[])
                    .await?
                    .iter()
                    .map(|r| ReloadRequests {
                        node: r.get(0),
                        tables: count(r, 1),
                        requested: r.get(2),
                    })
                    .collect();
            }
            _ if has_table("table_reload_request") => {
                absent("table_reload_request.processed".into())
            }
            _ => absent("table_reload_request".into()),
        }
        // Each store's last load, 3.12 on.
        if has("table_reload_status", "completed") {
            let mut column = |c: &str| optional("table_reload_status", c, &mut absent);
            let (error, full, tables) =
                (column("error_flag"), column("full_load"), column("table_count"));
            let counted = ["setup", "data", "finalize"].map(|step| {
                let (count, loaded) = (
                    column(&format!("{step}_batch_count")),
                    column(&format!("{step}_batch_loaded")),
                );
                (format!("coalesce({count}, 0)"), format!("coalesce({loaded}, 0)"))
            });
            let batches = counted.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(" + ");
            let loaded = counted.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(" + ");
            let sql = format!(
                "SELECT DISTINCT ON (target_node_id) target_node_id::text, load_id::int8, \
                        coalesce(completed, 0)::int4, coalesce(cancelled, 0)::int4, coalesce({error}, 0)::int4, \
                        coalesce({full}, 0)::int4, coalesce({tables}, 0)::int8, ({batches})::int8, ({loaded})::int8, {}, {} \
                 FROM {p}table_reload_status ORDER BY target_node_id, load_id DESC",
                minute("start_time"),
                minute("end_time"),
            );
            facts.statuses = self
                .query(&sql, &[])
                .await?
                .iter()
                .map(|r| TableReloadStatus {
                    node: r.get(0),
                    load_id: r.get(1),
                    completed: r.get::<_, i32>(2) == 1,
                    cancelled: r.get::<_, i32>(3) == 1,
                    error: r.get::<_, i32>(4) == 1,
                    full_load: r.get::<_, i32>(5) == 1,
                    tables: count(r, 6),
                    batches: count(r, 7),
                    batches_loaded: count(r, 8),
                    start_time: r.get(9),
                    end_time: r.get(10),
                })
                .collect();
        } else {
            absent("table_reload_status".into());
        }
        Ok(facts)
    }

    /// When a preference record was last updated and by whom.
    pub async fn preference_updated(&self, record: &str) -> Result<Option<RecordUpdate>, DbError> {
        let rows = self
            .query(
                "SELECT to_char(p.updated, 'YYYY-MM-DD HH24:MI'), \
                        coalesce(u.username::text, u.name::text, p.updatedby::text) \
                 FROM ad_preference p LEFT JOIN ad_user u ON u.ad_user_id = p.updatedby \
                 WHERE p.ad_preference_id = $1",
                &[record],
            )
            .await?;
        Ok(rows.first().map(|r| RecordUpdate { at: r.get(0), by: r.get(1) }))
    }

    /// `AD_USER.USERNAME` (else `NAME`) of a user.
    pub async fn user_name(&self, user: &str) -> Result<Option<String>, DbError> {
        let rows = self
            .query(
                "SELECT coalesce(username::text, name::text) FROM ad_user WHERE ad_user_id = $1",
                &[user],
            )
            .await?;
        Ok(rows.first().and_then(|r| r.get(0)))
    }

    /// Whether a role administers its client (`AD_ROLE.IS_CLIENT_ADMIN`).
    pub async fn role_administers_client(&self, role: &str) -> Result<bool, DbError> {
        let rows = self
            .query(
                "SELECT coalesce(is_client_admin::text, 'N') FROM ad_role WHERE ad_role_id = $1 AND isactive = 'Y'",
                &[role],
            )
            .await?;
        Ok(rows.first().is_some_and(|r| YesNo::is_yes(&r.get::<_, String>(0))))
    }
}

impl Db {
    /// Whether `property` is a value of core's Property Configuration list.
    pub async fn property_registered(&self, property: &str) -> Result<bool, DbError> {
        let rows = self
            .query(
                "SELECT 1 FROM ad_ref_list WHERE ad_reference_id = 'A26BA480E2014707B47257024C3CBFF7' \
                 AND value = $1 AND isactive = 'Y'",
                &[property],
            )
            .await?;
        Ok(!rows.is_empty())
    }
}

impl crate::source::Source for Db {
    fn modules(&self) -> BoxFuture<'_, Result<Vec<ModuleRow>, DbError>> {
        Box::pin(Db::modules(self))
    }
    fn system_status(&self) -> BoxFuture<'_, Result<Option<String>, DbError>> {
        Box::pin(Db::system_status(self))
    }
    fn definitions(&self) -> BoxFuture<'_, Result<Vec<DefinitionRow>, DbError>> {
        Box::pin(Db::definitions(self))
    }
    fn own_and_central<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<OwnAndCentral, DbError>> {
        Box::pin(Db::own_and_central(self, key))
    }
    fn terminal<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<TerminalRow>, DbError>> {
        Box::pin(Db::terminal(self, key))
    }
    fn terminal_store<'a>(
        &'a self,
        client: &'a str,
        organization: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, DbError>> {
        Box::pin(Db::terminal_store(self, client, organization))
    }
    fn preferences<'a>(
        &'a self,
        property: &'a str,
    ) -> BoxFuture<'a, Result<Vec<WirePreference>, DbError>> {
        Box::pin(Db::preferences(self, property))
    }
    fn org_chain<'a>(
        &'a self,
        client: &'a str,
        organization: &'a str,
    ) -> BoxFuture<'a, Result<Vec<String>, DbError>> {
        Box::pin(Db::org_chain(self, client, organization))
    }
    fn pending_batches<'a>(&'a self, node: &'a str) -> BoxFuture<'a, Result<u64, DbError>> {
        Box::pin(Db::pending_batches(self, node))
    }
    fn user_name<'a>(&'a self, user: &'a str) -> BoxFuture<'a, Result<Option<String>, DbError>> {
        Box::pin(Db::user_name(self, user))
    }
    fn symmetric_facts(&self) -> BoxFuture<'_, Result<SymmetricFacts, DbError>> {
        Box::pin(Db::symmetric_facts(self))
    }
    fn preference_updated<'a>(
        &'a self,
        record: &'a str,
    ) -> BoxFuture<'a, Result<Option<RecordUpdate>, DbError>> {
        Box::pin(Db::preference_updated(self, record))
    }
    fn role_administers_client<'a>(
        &'a self,
        role: &'a str,
    ) -> BoxFuture<'a, Result<bool, DbError>> {
        Box::pin(Db::role_administers_client(self, role))
    }
    fn property_registered<'a>(
        &'a self,
        property: &'a str,
    ) -> BoxFuture<'a, Result<bool, DbError>> {
        Box::pin(Db::property_registered(self, property))
    }
}
