//! The collector's state and its pass: every store's last status, when it was checked, its
//! row (the core's `overview_row`, computed once here for each language), what changed since
//! the pass before, and its pending history for the trend. One pass at a time: a viewer that
//! asks for one while a pass runs shares it, so each store gets one request per pass however
//! many pages watch.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use futures::stream::{self, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast;
use webpos_version_guard::overview::csv::to_csv;
use webpos_version_guard::overview::modules::{
    module_versions, modules_by_server, ModuleLine, ModuleVersions,
};
use webpos_version_guard::overview::pass::{pass_targets, NO_STORES};
use webpos_version_guard::overview::row::{overview_row, row_changes, OverviewRow};
use webpos_version_guard::overview::summary::{summarize, version_counts, Summary, VersionCount};
use webpos_version_guard::overview::trend::{pending_trend, pending_trend_label};
use webpos_version_guard::servers::json::{
    parse_server_definitions, parse_store_status, parse_version_check_preferences,
    parse_version_info,
};
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::servers::wire::{ServerDefinition, ServerPreference, StoreStatus};
use webpos_version_guard::texts::messages::Language;
use webpos_version_guard::texts::time::iso8601;
use webpos_version_guard::versions::compare::VersionStatusCode;
use webpos_version_guard::versions::module::ModuleSet;

use crate::config::Config;
use crate::fetch::Fetcher;
use crate::url_crate::UrlCrate;

/// The languages rows are kept in (the page asks for one).
pub const LANGUAGES: [Language; 2] = [Language::En, Language::Es];

/// How many pending counts a store's history keeps, and how many pass totals the page's
/// picture of the whole chain shows.
const HISTORY: usize = 50;

/// How often (in stores checked) a running pass tells the pages its progress and its figures.
const PROGRESS_EVERY: usize = 100;

/// One point of a pending history: when, and how many batches (`None`: unknown then).
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingPoint {
    /// When (ISO 8601, UTC).
    pub at: String,
    /// Batches pending.
    pub pending: Option<u64>,
}

/// What the page's summary line and pictures show, computed by the core over every store.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// The pass in progress or the last one.
    pub pass: PassState,
    /// The summary line's figures.
    pub summary: Summary,
    /// Stores per server version.
    pub version_counts: Vec<VersionCount>,
    /// Stores that are Same as Central with a module on one side only (their server version
    /// differs from central's though the common modules agree).
    pub same_with_lone_modules: usize,
    /// The chain's total pending batches at the end of each pass.
    pub pending_series: Vec<PendingPoint>,
    /// Whether that total is draining or growing.
    pub pending_trend: webpos_version_guard::overview::trend::PendingTrend,
}

/// One store's state.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Its definition in central's list.
    pub definition: ServerDefinition,
    /// Its row in each of [`LANGUAGES`], as the stream sends it (JSON).
    pub rows: [Arc<str>; 2],
    /// Its row in each of [`LANGUAGES`].
    pub localized: [OverviewRow; 2],
    /// Its modules, when it answered (Modules by Server).
    pub modules: Option<ModuleSet>,
    /// Its pending counts, one per pass, oldest first.
    pub history: Vec<PendingPoint>,
    /// The update that last changed it.
    pub seq: u64,
    /// A digest of its last answer's body (what the state file holds), when it answered.
    answer_digest: Option<u64>,
}

/// One store's figures for the metrics.
#[derive(Clone, Debug)]
pub struct MetricRow {
    /// Its key.
    pub key: String,
    /// Its version status code (`same`, `different`, `unknown`).
    pub version_status_code: VersionStatusCode,
    /// Its pending batches, when known.
    pub pending_batches: Option<u64>,
    /// Whether it answered in the last pass.
    pub reachable: bool,
    /// Whether it would block logins from central now.
    pub blocks_logins: bool,
    /// Whether a hot fix skips the check for its client.
    pub logins_unchecked: bool,
}

/// The pass in progress or the last one.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PassState {
    /// Passes started since the collector started.
    pub number: u64,
    /// Whether it is running.
    pub running: bool,
    /// Stores checked in it so far.
    pub checked: usize,
    /// Stores it asks.
    pub total: usize,
    /// When it started (ISO 8601, UTC).
    pub started_at: Option<String>,
    /// When it ended.
    pub finished_at: Option<String>,
    /// How long the last finished pass took, in milliseconds.
    pub last_duration_ms: Option<u64>,
    /// Central's server version, when central answered.
    pub central_version: Option<String>,
    /// Why the pass could not ask the stores (central's definitions or versions), when so.
    pub error: Option<String>,
    /// Why central could not tell the preference in force (then no hot fix is assumed: a
    /// store is said to block as the check would run), when so.
    pub preference_error: Option<String>,
}

#[derive(Default)]
struct State {
    seq: u64,
    /// The update number when the store list last changed: a page resuming from before it
    /// starts afresh.
    list_changed_at: u64,
    /// Store keys in central's order.
    order: Vec<String>,
    entries: HashMap<String, Entry>,
    pass: PassState,
    central: Option<ModuleSet>,
    totals: Vec<PendingPoint>,
    /// The ignore-version-check preference in force for each server's client, as central told
    /// it at the last pass (by server key).
    preferences: HashMap<String, ServerPreference>,
}

/// What the stream hears: a store's row changed (with its update's number), or the pass moved.
#[derive(Clone, Debug)]
pub enum Update {
    /// The store `key` changed in update `seq`.
    Row {
        /// The update's number.
        seq: u64,
        /// The store.
        key: String,
    },
    /// The stores of central's definitions changed (a new list): pages start afresh.
    Reset,
    /// The pass's progress.
    Pass,
    /// Every stream ends (the collector is going away): pages reconnect by themselves.
    Disconnect,
}

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
}

/// The most stores one Recompute may name (each once).
pub const MAX_RECOMPUTE: usize = webpos_version_guard::base::limits::MAX_STORES;

fn now_iso() -> String {
    iso8601(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

fn json(row: &OverviewRow) -> Arc<str> {
    serde_json::to_string(row).unwrap_or_else(|_| "null".into()).into()
}

/// Where `language` is in [`LANGUAGES`] (English for any other).
fn lang_index(language: Language) -> usize {
    LANGUAGES.iter().position(|&l| l == language).unwrap_or(0)
}

impl Entry {
    /// Its row in English (codes and counts are the same in every language).
    pub fn row(&self) -> &OverviewRow {
        &self.localized[0]
    }
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
            None => (None, crate::keep::Kept::default()),
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
        };
        collector.restore(kept);
        Ok(Arc::new(collector))
    }

    /// What the state file kept, replayed through the same code as live answers: every store's
    /// last row at once, marked with when it was checked, its history going on.
    fn restore(&self, kept: crate::keep::Kept) {
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
            s.totals = kept.totals;
            s.order = kept.stores.iter().map(|k| k.definition.key.clone()).collect();
            s.pass.total = s.order.len();
            s.pass.finished_at = kept.stores.iter().map(|k| k.checked_at.clone()).max();
        }
        let central = central.ok_or("central's version information is unavailable");
        for store in kept.stores {
            let central = central.as_ref().map_err(|e| *e);
            self.put(
                store.definition,
                central,
                store.answer,
                store.checked_at,
                Some(store.history),
            );
        }
        self.write().pass.checked = 0;
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

    /// Starts a pass unless one is running (then the caller shares it); true when it started
    /// one.
    pub fn request_pass(self: &Arc<Self>) -> bool {
        if self.running.swap(true, Ordering::SeqCst) {
            return false;
        }
        let this = self.clone();
        let generation = self.generation.load(Ordering::SeqCst);
        tokio::spawn(async move {
            this.run_pass(generation).await;
            if this.current(generation) {
                this.running.store(false, Ordering::SeqCst);
                let _ = this.updates.send(Update::Pass);
            }
        });
        true
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    /// Ends every page's stream (as a shutdown or a network failure would); the pages reconnect
    /// by themselves and resume from their last event.
    pub fn disconnect_streams(&self) {
        let _ = self.updates.send(Update::Disconnect);
    }

    /// Forgets every store (central's world changed under it, as when the simulator switches
    /// scenarios): the pass in progress stops, pages start afresh, and the next page to open
    /// the stream starts a pass.
    pub fn restart(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        {
            let mut s = self.write();
            let seq = s.seq;
            *s = State { seq, list_changed_at: seq, ..State::default() };
        }
        self.running.store(false, Ordering::SeqCst);
        let _ = self.updates.send(Update::Reset);
    }

    /// Runs a pass at the refresh interval, for as long as the program runs.
    pub fn run_every_interval(self: &Arc<Self>) {
        let this = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(this.config.interval);
            loop {
                tick.tick().await;
                this.request_pass();
            }
        });
    }

    fn url(&self, base: &str, service: Service) -> String {
        self.config.paths.url(base, service)
    }

    async fn run_pass(self: &Arc<Self>, generation: u64) {
        let started = Instant::now();
        {
            let mut s = self.write();
            s.pass = PassState {
                number: s.pass.number + 1,
                running: true,
                started_at: Some(now_iso()),
                last_duration_ms: s.pass.last_duration_ms,
                central_version: s.pass.central_version.clone(),
                ..PassState::default()
            };
        }
        let _ = self.updates.send(Update::Pass);
        let central = &self.config.central;
        let (definitions_url, versions_url) = (
            self.url(central, Service::ServerDefinitions),
            self.url(central, Service::VersionInformation),
        );
        let preferences_url = format!(
            "{}?property={}",
            self.url(central, Service::VersionCheckPreferences),
            webpos_version_guard::servers::protocol::PREFERENCE_PROPERTY
        );
        let (definitions, versions, preferences) = futures::join!(
            self.fetcher.get(&definitions_url),
            self.fetcher.get(&versions_url),
            self.fetcher.get(&preferences_url)
        );
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Central {
                versions: versions.as_ref().ok().cloned(),
                preferences: preferences.as_ref().ok().cloned(),
            });
        }
        let preferences = preferences
            .and_then(|body| parse_version_check_preferences(&body).map_err(|e| e.to_string()));
        {
            let mut s = self.write();
            match preferences {
                Ok(data) => {
                    s.preferences =
                        data.servers.into_iter().map(|p| (p.server.clone(), p)).collect();
                    s.pass.preference_error = None;
                }
                Err(e) => {
                    s.preferences.clear();
                    s.pass.preference_error = Some(format!(
                        "central could not tell the ignore-version-check preference in force ({e}): stores are shown as if the check runs"
                    ));
                }
            }
        }
        // Through the guard's own parser and limits (count, lengths, keys).
        let definitions =
            definitions.and_then(|body| parse_server_definitions(&body).map_err(|e| e.to_string()));
        let central_modules = versions
            .and_then(|body| parse_version_info(&body).map_err(|e| e.to_string()))
            .map(|info| info.modules);
        let servers = match definitions {
            Ok(servers) => servers,
            Err(error) => {
                return self.end_pass(
                    started,
                    Some(format!("central's server definitions are unavailable: {error}")),
                );
            }
        };
        if !self.current(generation) {
            return;
        }
        let targets = pass_targets(&servers, &UrlCrate);
        self.set_stores(
            &targets.iter().map(|t| t.definition.clone()).collect::<Vec<_>>(),
            &central_modules,
        );
        if targets.is_empty() {
            return self.end_pass(started, Some(NO_STORES.to_owned()));
        }
        let central_result = central_modules.as_ref().map_err(String::as_str);
        let asks = targets.into_iter().map(|target| {
            let central = central_result;
            async move {
                let status = match &target.problem {
                    Some(problem) => Err(problem.clone()),
                    None => {
                        let _permit = self.asking.acquire().await;
                        self.fetcher
                            .get(&self.url(&target.definition.url, Service::StoreStatus))
                            .await
                    }
                };
                (target.definition, central, status)
            }
        });
        let mut answers = stream::iter(asks).buffer_unordered(self.config.concurrency.max(1));
        let mut checked = 0usize;
        while let Some((definition, central, status)) = answers.next().await {
            if !self.current(generation) {
                return; // restarted: the stores asked may be gone
            }
            self.record(definition, central, status);
            checked += 1;
            if checked % PROGRESS_EVERY == 0 {
                let _ = self.updates.send(Update::Pass);
            }
        }
        drop(answers);
        if !self.current(generation) {
            return;
        }
        let error = central_modules
            .as_ref()
            .err()
            .map(|e| format!("central's version information is unavailable: {e}"));
        self.end_pass(started, error);
    }

    fn end_pass(&self, started: Instant, error: Option<String>) {
        let mut s = self.write();
        let total = s
            .order
            .iter()
            .filter_map(|k| s.entries.get(k)?.row().pending_batches)
            .fold(0u64, u64::saturating_add);
        let at = now_iso();
        s.totals.push(PendingPoint { at: at.clone(), pending: Some(total) });
        if s.totals.len() > HISTORY {
            s.totals.remove(0);
        }
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Totals(s.totals.clone()));
        }
        s.pass.running = false;
        s.pass.finished_at = Some(at);
        s.pass.last_duration_ms = Some(started.elapsed().as_millis() as u64);
        s.pass.error = error;
    }

    /// Central's list of stores for this pass; a changed list resets the pages' tables.
    fn set_stores(&self, stores: &[ServerDefinition], central: &Result<ModuleSet, String>) {
        let mut s = self.write();
        let mut order: Vec<String> = Vec::new();
        for d in stores {
            if !order.contains(&d.key) {
                order.push(d.key.clone());
            }
        }
        s.pass.total = order.len();
        s.pass.central_version = central.as_ref().ok().map(|m| {
            webpos_version_guard::versions::server_version::ServerVersion::of(m).to_string()
        });
        s.central = central.as_ref().ok().cloned();
        if s.order != order {
            if let Some(keeper) = &self.keeper {
                keeper.write(crate::keep::Write::Order(order.clone()));
            }
            s.entries.retain(|k, _| order.contains(k));
            s.order = order;
            s.list_changed_at = s.seq;
            drop(s);
            let _ = self.updates.send(Update::Reset);
        }
    }

    /// One store's answer (its `StoreStatus` body, or why there is none), now: its row, its
    /// history, what changed; kept in the state file; then the stream hears it.
    fn record(
        &self,
        definition: ServerDefinition,
        central: Result<&ModuleSet, &str>,
        answer: Result<Vec<u8>, String>,
    ) {
        self.put(definition, central, answer, now_iso(), None);
    }

    /// A store's answer checked at `checked_at`; with `restored` (its kept history), replayed
    /// from the state file (nothing written, nothing sent).
    fn put(
        &self,
        definition: ServerDefinition,
        central: Result<&ModuleSet, &str>,
        answer: Result<Vec<u8>, String>,
        checked_at: String,
        restored: Option<Vec<PendingPoint>>,
    ) {
        let status = answer
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|body| parse_store_status(body).map_err(|e| e.to_string()));
        let digest = answer.as_ref().ok().map(|body| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            body.hash(&mut h);
            h.finish()
        });
        let (info, pending) = StoreStatus::split(status);
        let mut s = self.write();
        let Some(position) = s.order.iter().position(|k| *k == definition.key) else { return };
        let previous = s.entries.get(&definition.key).cloned();
        let preference = s.preferences.get(&definition.key).cloned();
        let live = restored.is_none();
        let history = match restored {
            Some(history) => history,
            None => {
                let mut history = previous.as_ref().map(|p| p.history.clone()).unwrap_or_default();
                history.push(PendingPoint {
                    at: checked_at.clone(),
                    pending: pending.as_ref().ok().copied(),
                });
                if history.len() > HISTORY {
                    history.remove(0);
                }
                history
            }
        };
        if let (true, Some(keeper)) = (live, &self.keeper) {
            let unchanged =
                digest.is_some() && previous.as_ref().and_then(|p| p.answer_digest) == digest;
            keeper.write(crate::keep::Write::Store(Box::new(crate::keep::StoreWrite {
                key: definition.key.clone(),
                position,
                definition: definition.clone(),
                answer: if unchanged { None } else { answer.as_ref().ok().cloned() },
                error: answer.as_ref().err().cloned(),
                checked_at: checked_at.clone(),
                history: history.clone(),
            })));
        }
        let trend = pending_trend(&history.iter().map(|p| p.pending).collect::<Vec<_>>());
        let make = |language| {
            let row = overview_row(
                &definition,
                central,
                info.as_ref().map_err(String::as_str),
                pending.as_ref().copied().map_err(String::as_str),
                preference.as_ref(),
                language,
            );
            let changes = previous.as_ref().map(|p| row_changes(p.row(), &row)).unwrap_or_default();
            OverviewRow {
                checked_at: Some(checked_at.clone()),
                changes,
                pending_trend: trend,
                pending_trend_label: pending_trend_label(trend, language),
                ..row
            }
        };
        let rows = LANGUAGES.map(make);
        s.seq += 1;
        let seq = s.seq;
        s.pass.checked += 1;
        let key = definition.key.clone();
        s.entries.insert(
            key.clone(),
            Entry {
                rows: [json(&rows[0]), json(&rows[1])],
                localized: rows,
                modules: info.ok().map(|i| i.modules),
                definition,
                history,
                seq,
                answer_digest: digest,
            },
        );
        drop(s);
        if live {
            let _ = self.updates.send(Update::Row { seq, key });
        }
    }

    /// Asks each of `keys` once (in their first order), within the collector's concurrency, to
    /// recompute: each store's outcome, as it answered.
    pub async fn recompute_many(&self, keys: &[String]) -> Vec<(String, Result<(), String>)> {
        let mut once = std::collections::HashSet::new();
        let keys: Vec<String> = keys.iter().filter(|k| once.insert(k.as_str())).cloned().collect();
        let asks = keys.into_iter().map(|key: String| self.recompute_one(key));
        stream::iter(asks).buffered(self.config.concurrency.max(1)).collect().await
    }

    async fn recompute_one(&self, key: String) -> (String, Result<(), String>) {
        let _permit = self.asking.acquire().await;
        let outcome = self.recompute(&key).await;
        (key, outcome)
    }

    /// Asks store `key` to recompute its version information, with central's credential, then
    /// records its fresh status. The error is in words.
    async fn recompute(&self, key: &str) -> Result<(), String> {
        let (definition, central) = {
            let s = self.read();
            let entry = s.entries.get(key).ok_or_else(|| format!("no store server {key:?}"))?;
            (entry.definition.clone(), s.central.clone())
        };
        let url = self.url(&definition.url, Service::RecomputeVersionInformation);
        self.fetcher
            .post_credential(&url, &[("content-type", "application/json")])
            .await
            .and_then(|body| parse_version_info(&body).map_err(|e| e.to_string()))?;
        let answer = self.fetcher.get(&self.url(&definition.url, Service::StoreStatus)).await;
        let central = central.as_ref().ok_or("central's version information is unavailable");
        self.record(definition, central, answer);
        Ok(())
    }
}
