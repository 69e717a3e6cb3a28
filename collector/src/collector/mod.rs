//! The collector beside central: every store's last status, when it was checked, its row (the
//! core's `overview_row`, computed once for each language), what changed since the pass
//! before, and its pending history for the trend. One pass at a time: a viewer that asks for
//! one while a pass runs shares it, so each store gets one request per pass however many pages
//! watch.
//!
//! Here: the collector, its start (the state file read back) and what the API, the stream and
//! the metrics read of it. Its state's types are in `state`, the pass in `pass`, Recompute in
//! `recompute`.

pub mod log;
mod pass;
pub mod recompute;
pub mod state;
pub mod tills;

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;
use webpos_version_guard::overview::csv::to_csv;
use webpos_version_guard::overview::modules::{
    module_versions, modules_by_server, ModuleLine, ModuleVersions,
};
use webpos_version_guard::overview::summary::{summarize, version_counts};
use webpos_version_guard::overview::trend::pending_trend;
use webpos_version_guard::servers::json::{parse_version_check_preferences, parse_version_info};
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::texts::cashier::Language;
use webpos_version_guard::versions::compare::VersionStatusCode;

use crate::config::Config;
use crate::fetch::Fetcher;
use state::{
    lang_index, Entry, Figures, MetricRow, PassState, PendingPoint, State, StoreOrder, Update,
    CENTRAL_NOT_ASKED,
};

/// The collector.
pub struct Collector {
    config: Config,
    fetcher: Fetcher,
    /// This run's id, new at every start: a page's last event id from another run means a
    /// restart, and a full resend.
    pub epoch: String,
    state: RwLock<State>,
    running: AtomicBool,
    /// Bumped by [`Collector::restart`]: a pass of an older generation stops and records
    /// nothing more.
    generation: AtomicU64,
    updates: broadcast::Sender<Update>,
    /// The stores asked at once, by the pass and by Recompute together (`concurrency`).
    asking: tokio::sync::Semaphore,
    /// The state file's writer, with `--state-file`.
    keeper: Option<crate::keep::Keeper>,
    /// When a till's report last told the pages the figures (milliseconds since the epoch):
    /// at most once a second, however many tills report.
    figures_told: AtomicU64,
}

impl Collector {
    /// A collector for `config`; nothing is asked until a pass runs. An error in words when
    /// its HTTP client cannot be made.
    pub fn new(config: Config) -> Result<Arc<Self>, String> {
        let fetcher = Fetcher::new(config.timeout, config.server_token.clone())?;
        let config_concurrency = config.concurrency.max(1);
        let epoch = format!(
            "{:x}",
            SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
        );
        let (updates, _) = broadcast::channel(8192);
        let (keeper, kept) = match &config.state_file {
            Some(path) => crate::keep::open(path),
            None => (None, crate::keep::Restored::default()),
        };
        let collector = Self {
            config,
            fetcher,
            epoch,
            state: RwLock::new(State::default()),
            running: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            updates,
            asking: tokio::sync::Semaphore::new(config_concurrency),
            keeper,
            figures_told: AtomicU64::new(0),
        };
        collector.restore(kept);
        Ok(Arc::new(collector))
    }

    /// What the state file kept, replayed through the same code as live answers: every store's
    /// last row at once, marked with when it was checked, its history going on.
    fn restore(&self, kept: crate::keep::Restored) {
        let central = kept
            .central
            .as_deref()
            .and_then(|body| parse_version_info(body).ok())
            .map(|info| info.modules);
        {
            let mut s = self.write();
            if let Some(data) =
                kept.preferences.as_deref().and_then(|b| parse_version_check_preferences(b).ok())
            {
                s.preferences = data.servers.into_iter().map(|p| (p.server.clone(), p)).collect();
            }
            s.pass.central_version = central.as_ref().map(|m| {
                webpos_version_guard::versions::server_version::ServerVersion::of(m).to_string()
            });
            s.central = central.clone();
            // Central's last Reload Status answer, until the first pass asks again.
            if let Some(body) = kept.reloads.as_deref() {
                s.reloads = state::CentralReloads::of(Ok(body));
            }
            s.totals = kept.totals;
            s.order = StoreOrder::of(kept.stores.iter().map(|k| k.definition.key.as_str()));
            s.pass.total = s.order.len();
            s.pass.finished_at = kept.stores.iter().map(|k| k.checked_at.clone()).max();
            log::restore(&mut s, kept.actions, kept.recomputed);
            tills::restore(&mut s, kept.tills);
        }
        for store in kept.stores {
            let central = central.as_ref().ok_or(&CENTRAL_NOT_ASKED);
            self.put(
                store.definition,
                central,
                store.answer,
                None,
                store.checked_at,
                Some(store.history),
            );
        }
        self.write().pass.checked = 0;
    }

    /// The client of the server `key` in central's definitions, as central's preferences
    /// answer told it at the last pass.
    pub fn server_client(&self, key: &str) -> Option<String> {
        self.read().preferences.get(key).map(|p| p.client.clone())
    }

    /// The collector's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The HTTP client, with central's credential.
    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    /// Hears every update from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Update> {
        self.updates.subscribe()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The pass in progress or the last one.
    pub fn pass(&self) -> PassState {
        self.read().pass.clone()
    }

    /// Every store's row in `language` that changed after update `after` (all with `None`),
    /// in central's order, with its update's number.
    pub fn rows_after(&self, after: Option<u64>, language: Language) -> Vec<(u64, Arc<str>)> {
        let state = self.read();
        let lang = lang_index(language);
        state
            .order
            .iter()
            .filter_map(|key| state.entries.get(key))
            .filter(|e| after.is_none_or(|seq| e.seq > seq))
            .map(|e| (e.seq, e.rows[lang].clone()))
            .collect()
    }

    /// One store's row in `language`, with its update's number.
    pub fn row(&self, key: &str, language: Language) -> Option<(u64, Arc<str>)> {
        let lang = lang_index(language);
        self.read().entries.get(key).map(|e| (e.seq, e.rows[lang].clone()))
    }

    /// The figures of every store (summary, versions, the chain's pending over the passes).
    pub fn figures(&self) -> Figures {
        let state = self.read();
        let rows = || state.order.iter().filter_map(|k| state.entries.get(k)).map(Entry::row);
        Figures {
            pass: state.pass.clone(),
            summary: summarize(rows(), state.order.len()),
            version_counts: version_counts(rows(), state.pass.central_version.as_deref()),
            same_with_lone_modules: rows()
                .filter(|r| {
                    r.version_status_code == VersionStatusCode::Same && !r.differences.is_empty()
                })
                .count(),
            pending_series: state.totals.clone(),
            pending_trend: pending_trend(
                &state.totals.iter().map(|p| p.pending).collect::<Vec<_>>(),
            ),
        }
    }

    /// A store's pending counts over the passes, oldest first.
    pub fn history(&self, key: &str) -> Option<Vec<PendingPoint>> {
        self.read().entries.get(key).map(|e| e.history.clone())
    }

    /// The view by module over the stores that answered.
    pub fn by_module(&self) -> Vec<ModuleVersions> {
        let state = self.read();
        let stores = state.order.iter().filter_map(|k| state.entries.get(k)?.modules.as_ref());
        module_versions(stores, state.central.as_ref())
    }

    /// The rows of `keys` (every store when empty) as CSV in `language`.
    pub fn csv(&self, keys: &[String], language: Language) -> String {
        let state = self.read();
        let lang = lang_index(language);
        let keys = if keys.is_empty() { &state.order[..] } else { keys };
        let chosen = keys.iter().filter_map(|k| state.entries.get(k)).map(|e| &e.localized[lang]);
        to_csv(chosen, language, state.pass.central_version.as_deref())
    }

    /// Every store's state, in central's order (deep: module lists included).
    pub fn entries(&self) -> Vec<Entry> {
        let state = self.read();
        state.order.iter().filter_map(|k| state.entries.get(k).cloned()).collect()
    }

    /// Every store's figures for the metrics, in central's order, without its module list.
    pub fn metric_rows(&self) -> Vec<MetricRow> {
        let state = self.read();
        state
            .order
            .iter()
            .filter_map(|k| state.entries.get(k))
            .map(|e| {
                let row = e.row();
                MetricRow {
                    key: row.key.clone(),
                    version_status_code: row.version_status_code,
                    pending_batches: row.pending_batches,
                    reachable: e.modules.is_some(),
                    blocks_logins: row.blocks_logins,
                    logins_unchecked: row.logins_unchecked.is_some(),
                    tills_blocked: row.tills.blocked,
                    tills_could_not_check: row.tills.could_not_check,
                }
            })
            .collect()
    }

    /// The update number reached so far.
    pub fn seq(&self) -> u64 {
        self.read().seq
    }

    /// The update number when the store list last changed.
    pub fn list_changed_at(&self) -> u64 {
        self.read().list_changed_at
    }

    /// Modules by Server for `key`: its modules beside central's, when it answered.
    pub fn modules(&self, key: &str) -> Option<Result<Vec<ModuleLine>, String>> {
        let state = self.read();
        let entry = state.entries.get(key)?;
        Some(match &entry.modules {
            Some(modules) => Ok(modules_by_server(modules, state.central.as_ref())),
            None => Err(entry.row().error.clone().unwrap_or_else(|| "no answer yet".into())),
        })
    }

    /// `service`'s URL on the server at `base`.
    fn url(&self, base: &str, service: Service) -> String {
        self.config.paths.url(base, service)
    }
}
