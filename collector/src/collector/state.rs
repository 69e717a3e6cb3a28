//! The collector's state: every store's entry (its rows in each language, its modules, its
//! pending history), the pass in progress or the last one, central's modules and the
//! preference in force, and what the stream hears when one of them changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use webpos_version_guard::overview::row::OverviewRow;
use webpos_version_guard::overview::summary::{Summary, VersionCount};
use webpos_version_guard::servers::failure::{Failure, Unaskable};
use webpos_version_guard::servers::wire::{NodeReload, ServerDefinition, ServerPreference};
use webpos_version_guard::texts::cashier::Language;
use webpos_version_guard::texts::overview::ReloadKnown;
use webpos_version_guard::texts::time::iso8601;
use webpos_version_guard::versions::compare::VersionStatusCode;
use webpos_version_guard::versions::module::ModuleSet;

/// The languages rows are kept in (the page asks for one).
pub const LANGUAGES: [Language; 2] = [Language::En, Language::Es];

/// How many pending counts a store's history keeps, and how many pass totals the page's
/// picture of the whole chain shows.
pub(super) const HISTORY: usize = 50;

/// How often (in stores checked) a running pass tells the pages its progress and its figures.
pub(super) const PROGRESS_EVERY: usize = 100;

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
    pub(super) answer_digest: Option<u64>,
    /// Why the pass does not ask it (nor does Recompute), when so.
    pub(super) unaskable: Option<Unaskable>,
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
    /// Its tills blocked in the last hour.
    pub tills_blocked: u32,
    /// Its tills that could not check in the last hour.
    pub tills_could_not_check: u32,
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

/// What a row says of central before central was asked (a restart, then Recompute).
pub(super) static CENTRAL_NOT_ASKED: Failure = Failure::NoAnswer;

impl State {
    /// Central's modules, or why they are unavailable.
    pub(super) fn central(&self) -> Result<&ModuleSet, &Failure> {
        self.central.as_ref().ok_or(self.central_failure.as_ref().unwrap_or(&CENTRAL_NOT_ASKED))
    }
}

/// The stores' keys in central's order, each once, with each key's place: made together, once
/// a pass, so that a store's answer finds its place without a walk through 10,000 keys and the
/// two never disagree.
#[derive(Default)]
pub(super) struct StoreOrder {
    keys: Vec<String>,
    places: HashMap<String, usize>,
}

impl StoreOrder {
    /// The order of `keys`, a key listed again keeping its first place.
    pub(super) fn of<'a>(keys: impl IntoIterator<Item = &'a str>) -> Self {
        let mut order = Self::default();
        for key in keys {
            if !order.places.contains_key(key) {
                order.places.insert(key.to_owned(), order.keys.len());
                order.keys.push(key.to_owned());
            }
        }
        order
    }

    /// The place of `key`, when it is one of the stores.
    pub(super) fn place(&self, key: &str) -> Option<usize> {
        self.places.get(key).copied()
    }
}

impl PartialEq for StoreOrder {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys // the places follow from the keys
    }
}

impl std::ops::Deref for StoreOrder {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.keys
    }
}

#[derive(Default)]
pub(super) struct State {
    pub(super) seq: u64,
    /// The update number when the store list last changed: a page resuming from before it
    /// starts afresh.
    pub(super) list_changed_at: u64,
    /// Store keys in central's order.
    pub(super) order: StoreOrder,
    pub(super) entries: HashMap<String, Entry>,
    pub(super) pass: PassState,
    pub(super) central: Option<ModuleSet>,
    /// Why central's version information is unavailable, when it is (`None` with no modules:
    /// not asked yet).
    pub(super) central_failure: Option<Failure>,
    pub(super) totals: Vec<PendingPoint>,
    /// The ignore-version-check preference in force for each server's client, as central told
    /// it at the last pass (by server key): also each server's client.
    pub(super) preferences: HashMap<String, ServerPreference>,
    /// Central's SymmetricDS (re)loads of the stores, as it told them at the last pass.
    pub(super) reloads: CentralReloads,
    /// What admins did from the overview, oldest first (bounded: `log`).
    pub(super) actions: std::collections::VecDeque<super::log::AdminAction>,
    /// Each store's last Recompute, by key.
    pub(super) recomputed: HashMap<String, super::log::Recomputed>,
    /// The tills' reports, by terminal (bounded: `tills`).
    pub(super) tills: super::tills::TillReports,
    /// The terminals whose last report named each store.
    pub(super) till_stores: HashMap<String, std::collections::HashSet<String>>,
    /// What each store's agent held of its tills' reports when they were last fetched (store
    /// mode: `tills`).
    pub(super) held_seen: HashMap<String, webpos_version_guard::login::till_report::HeldMark>,
}

/// Central's `ReloadStatus` answer, as the rows read it.
#[derive(Clone, Debug, Default)]
pub enum CentralReloads {
    /// Not asked yet (a row restored from the state file before the first pass).
    #[default]
    NotAsked,
    /// Central answered: each store node's state by key, or why its tables are unreadable.
    Answered {
        /// Each node's state, by its server key.
        nodes: HashMap<String, NodeReload>,
        /// Why central's SymmetricDS tables could not be read.
        unreadable: Option<String>,
    },
    /// Central did not answer, in words.
    Unanswered(String),
}

impl CentralReloads {
    /// Central's `ReloadStatus` answer (its body, or why there is none), as the rows read it.
    pub fn of(answer: Result<&[u8], Failure>) -> Self {
        match answer.and_then(|body| {
            webpos_version_guard::servers::json::parse_reload_status(body).map_err(Failure::Answer)
        }) {
            Ok(data) => Self::Answered {
                nodes: data.nodes.into_iter().map(|n| (n.server_key.clone(), n)).collect(),
                unreadable: data.unreadable,
            },
            Err(e) => Self::Unanswered(e.to_string()),
        }
    }

    /// Central's answer as it is read for the store `key`.
    pub fn known(&self, key: &str) -> Option<ReloadKnown<'_>> {
        Some(match self {
            Self::NotAsked => return None,
            Self::Answered { unreadable: Some(why), .. } => ReloadKnown::Unreadable(why),
            Self::Answered { nodes, .. } => {
                nodes.get(key).map_or(ReloadKnown::NotANode, ReloadKnown::Node)
            }
            Self::Unanswered(why) => ReloadKnown::Unanswered(why),
        })
    }
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

/// Seconds since the epoch, now (0 before it).
pub(super) fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

pub(super) fn now_iso() -> String {
    iso8601(now_secs())
}

pub(super) fn json(row: &OverviewRow) -> Arc<str> {
    serde_json::to_string(row).unwrap_or_else(|_| "null".into()).into()
}

/// Where `language` is in [`LANGUAGES`] (English for any other).
pub(super) fn lang_index(language: Language) -> usize {
    LANGUAGES.iter().position(|&l| l == language).unwrap_or(0)
}

impl Entry {
    /// Its row in English (codes and counts are the same in every language).
    pub fn row(&self) -> &OverviewRow {
        &self.localized[0]
    }
}
