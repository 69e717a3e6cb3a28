//! The admin overview's engine: asks every store server directly, concurrently within a bound,
//! each request with a time limit, and hands each row to the page as it arrives. The core
//! computes every row, the summary and the CSV; the page only renders.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use futures::future::join;
use futures::stream::{self, StreamExt};
use js_sys::{Function, Promise};
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;

use super::http::{now, request, Limits, Method};
use super::options::{default_server_url, JsOption, Lenient, DEFAULT_TIMEOUT_MS};
use super::to_js;
use crate::check::Credentials;
use crate::json::{parse_server_definitions, parse_store_status, parse_version_info};
use crate::limits::MAX_BODY_BYTES;
use crate::messages::Language;
use crate::module::ModuleSet;
use crate::overview::{
    modules_by_server, overview_row, pending_trend, pending_trend_label, row_changes, summarize,
    to_csv, version_counts, OverviewRow, PendingTrend,
};
use crate::overview_labels as labels;
use crate::protocol::Service;
use crate::server_version::ServerVersion;
use crate::wire::{ServerDefinition, ServerStatus, ServerType, StoreStatus, VersionInfo};

/// The longest stretch of row handling before the page gets the main thread back.
const YIELD_AFTER_MS: f64 = 8.0;

/// Waits for a macrotask (`setTimeout(0)`), so that input, rendering and other tasks run.
async fn yield_to_page() {
    let promise = Promise::new(&mut |resolve, _| {
        let queued = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).is_ok()
        });
        if !queued {
            let _ = resolve.call0(&JsValue::NULL); // no timer to wait for: never hang
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Keeps the overview's stretches of work on the main thread short: starting a request costs
/// the browser about a millisecond, handling an answer a little less, so a step that finds the
/// current task past [`YIELD_AFTER_MS`] hands the main thread back first. A task's start is
/// noticed by a zero-delay timer queued by its first step: until it fires, later steps are in
/// the same task (or just after it).
#[derive(Clone, Default)]
struct Pacer {
    started: Rc<Cell<f64>>,
    in_task: Rc<Cell<bool>>,
}

impl Pacer {
    fn note_task(&self) {
        if !self.in_task.get() {
            self.in_task.set(true);
            self.started.set(now());
            let in_task = self.in_task.clone();
            gloo_timers::callback::Timeout::new(0, move || in_task.set(false)).forget();
        }
    }

    async fn step(&self) {
        self.note_task();
        if now() - self.started.get() > YIELD_AFTER_MS {
            yield_to_page().await;
            self.note_task();
        }
    }
}

/// Default number of stores asked at once.
pub const DEFAULT_CONCURRENCY: usize = 64;

/// Most pending counts kept per store for its chart (at one pass a minute, eight hours).
const HISTORY_POINTS: usize = 480;

/// One pending count seen for a store, for its chart.
#[derive(Clone, Copy, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PendingPoint {
    /// When it was seen (milliseconds since the epoch, the browser's clock).
    at: f64,
    /// The count; `null` when the store did not say.
    pending: Option<u64>,
}

/// Adds a count to a history, forgetting the oldest past [`HISTORY_POINTS`].
fn record(history: &mut Vec<PendingPoint>, pending: Option<u64>) {
    history.push(PendingPoint { at: js_sys::Date::now(), pending });
    if history.len() > HISTORY_POINTS {
        history.drain(..history.len() - HISTORY_POINTS);
    }
}

/// The trend of a history's counts.
fn trend(history: &[PendingPoint]) -> PendingTrend {
    pending_trend(&history.iter().map(|p| p.pending).collect::<Vec<_>>())
}

/// The session's total pending count per pass, and its trend in words.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SessionPending {
    points: Vec<PendingPoint>,
    trend_label: &'static str,
}

struct State {
    server_url: String,
    language: Language,
    limits: Limits,
    concurrency: usize,
    on_servers: Option<Function>,
    on_row: Option<Function>,
    on_progress: Option<Function>,
    central: Result<ModuleSet, String>,
    stores: Vec<ServerDefinition>,
    rows: BTreeMap<String, OverviewRow>,
    /// The rows of the previous pass, to mark what changed.
    previous: HashMap<String, OverviewRow>,
    /// Every pending count seen per store this session, oldest first.
    history: HashMap<String, Vec<PendingPoint>>,
    /// The total pending count at the end of each full pass this session, oldest first.
    totals: Vec<PendingPoint>,
    modules: HashMap<String, ModuleSet>,
    generation: u32,
}

impl State {
    /// Marks what changed since `before`, adds the pending count to the store's history with
    /// its trend, and keeps the row.
    fn keep(&mut self, row: OverviewRow, before: Option<&OverviewRow>) -> OverviewRow {
        let history = self.history.entry(row.key.clone()).or_default();
        record(history, row.pending_batches);
        let trend = trend(history);
        let row = OverviewRow {
            changes: before.map(|b| row_changes(b, &row)).unwrap_or_default(),
            pending_trend: trend,
            pending_trend_label: pending_trend_label(trend, self.language),
            ..row
        };
        self.rows.insert(row.key.clone(), row.clone());
        row
    }
}

#[wasm_bindgen(typescript_custom_section)]
const OVERVIEW_TYPES: &'static str = r#"
/** The overview's summary line. */
export type OverviewSummary = Summary;
"#;

/// Options of the `Overview` (Store Server Version Overview). Every field is optional.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct OverviewOptions {
    /// Central's base URL (default: derived from the admin page's URL).
    #[tsify(optional, type = "string")]
    server_url: Lenient<String>,
    /// The language of the rows' words and the CSV (`en` or `es`, a BCP 47 tag; default `en`).
    #[tsify(optional, type = "string")]
    language: Lenient<String>,
    /// Stores asked at once (default 64, 1 to 256). Each store is its own origin.
    #[tsify(optional, type = "number")]
    concurrency: Lenient<f64>,
    /// Time limit of each request in milliseconds (default 5000).
    #[tsify(optional, type = "number")]
    timeout_ms: Lenient<f64>,
    /// Called once per refresh with the store servers from central's definitions.
    #[tsify(optional, type = "(servers: ServerDefinition[]) => void")]
    on_servers: JsOption,
    /// Called with each store's row as soon as it is computed.
    #[tsify(optional, type = "(row: OverviewRow) => void")]
    on_row: JsOption,
    /// Called with how many stores are checked out of how many.
    #[tsify(optional, type = "(checked: number, total: number) => void")]
    on_progress: JsOption,
}

/// What Recompute Version Information did.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
struct RecomputeOutcome {
    ok: bool,
    error: Option<String>,
    computed_at: Option<String>,
    row: Option<OverviewRow>,
}

/// The Store Server Version Overview.
#[wasm_bindgen]
pub struct Overview {
    state: Rc<RefCell<State>>,
}

fn call(callback: &Option<Function>, args: &[JsValue]) {
    if let Some(f) = callback {
        let _ = match args {
            [a] => f.call1(&JsValue::NULL, a),
            [a, b] => f.call2(&JsValue::NULL, a, b),
            _ => f.call0(&JsValue::NULL),
        };
    }
}

fn url(base: &str, service: Service) -> String {
    format!("{}/{}", base.trim_end_matches('/'), service.path())
}

async fn fetch_version(
    base: &str,
    limits: Limits,
    credentials: Credentials,
) -> Result<VersionInfo, String> {
    let body =
        request(&url(base, Service::VersionInformation), Method::GET, credentials, limits).await?;
    parse_version_info(&body).map_err(|e| e.to_string())
}

/// Asks one store for its status (one request: versions, pending count and reload status) and
/// computes its row (and keeps its modules for Modules by Server).
async fn ask_store(
    store: ServerDefinition,
    central: Result<ModuleSet, String>,
    limits: Limits,
    language: Language,
    pacer: Pacer,
) -> (OverviewRow, Option<ModuleSet>) {
    pacer.step().await;
    let status =
        request(&url(&store.url, Service::StoreStatus), Method::GET, Credentials::Omit, limits)
            .await
            .and_then(|body| parse_store_status(&body).map_err(|e| e.to_string()));
    let (info, pending) = StoreStatus::split(status);
    let row = overview_row(
        &store,
        central.as_ref().map_err(String::as_str),
        info.as_ref().map_err(String::as_str),
        pending.as_ref().copied().map_err(String::as_str),
        language,
    );
    let row = OverviewRow {
        checked_at: Some(String::from(js_sys::Date::new_0().to_iso_string())),
        ..row
    };
    (row, info.ok().map(|i| i.modules))
}

#[wasm_bindgen]
impl Overview {
    /// Creates the overview; nothing is fetched until `refresh()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OverviewOptions | undefined")] options: JsValue,
    ) -> Overview {
        let given: OverviewOptions = serde_wasm_bindgen::from_value(options).unwrap_or_default();
        let number = |value: Lenient<f64>, default: f64, min: f64, max: f64| match value {
            Lenient::Given(n) if n.is_finite() => n.clamp(min, max),
            _ => default,
        };
        let function = |value: JsOption| value.0.and_then(|v| v.dyn_into::<Function>().ok());
        let server_url = match given.server_url {
            Lenient::Given(url) => url,
            _ => default_server_url(),
        };
        let language = match given.language {
            Lenient::Given(tag) => Language::from_tag(&tag),
            _ => Language::En,
        };
        let state = State {
            server_url: server_url.trim_end_matches('/').to_owned(),
            language,
            limits: Limits {
                timeout_ms: number(
                    given.timeout_ms,
                    f64::from(DEFAULT_TIMEOUT_MS),
                    100.0,
                    120_000.0,
                ) as u32,
                max_body: MAX_BODY_BYTES,
            },
            concurrency: number(given.concurrency, DEFAULT_CONCURRENCY as f64, 1.0, 256.0) as usize,
            on_servers: function(given.on_servers),
            on_row: function(given.on_row),
            on_progress: function(given.on_progress),
            central: Err("not loaded yet".into()),
            stores: Vec::new(),
            rows: BTreeMap::new(),
            previous: HashMap::new(),
            history: HashMap::new(),
            totals: Vec::new(),
            modules: HashMap::new(),
            generation: 0,
        };
        Overview { state: Rc::new(RefCell::new(state)) }
    }

    /// Reads central's server definitions and version information, then asks every store;
    /// `onServers`, `onRow` and `onProgress` report as it goes. Resolves to the summary.
    #[wasm_bindgen(unchecked_return_type = "Promise<OverviewSummary>")]
    pub fn refresh(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let (base, limits, concurrency, generation, language) = {
                let mut s = state.borrow_mut();
                s.generation = s.generation.wrapping_add(1);
                // This pass's rows are compared with the last pass's (kept when a pass was cut
                // short by a newer one).
                let last = std::mem::take(&mut s.rows);
                s.previous.extend(last);
                s.modules.clear();
                (s.server_url.clone(), s.limits, s.concurrency, s.generation, s.language)
            };
            let definitions_url = url(&base, Service::ServerDefinitions);
            let definitions =
                request(&definitions_url, Method::GET, Credentials::SameOrigin, limits);
            let (definitions, central) =
                join(definitions, fetch_version(&base, limits, Credentials::SameOrigin)).await;
            let pacer = Pacer::default();
            pacer.note_task(); // parsing the definitions and building the first rows count
            let definitions = definitions
                .and_then(|body| parse_server_definitions(&body).map_err(|e| e.to_string()));
            let definitions = definitions
                .map_err(|e| JsValue::from_str(&format!("server definitions unavailable: {e}")))?;
            let central = central.map(|i| i.modules).map_err(|e| e.to_string());
            let stores: Vec<ServerDefinition> =
                definitions.into_iter().filter(|d| d.server_type == ServerType::Store).collect();
            let total = stores.len();
            let (on_servers, on_progress) = {
                let mut s = state.borrow_mut();
                s.central = central.clone();
                s.stores = stores.clone();
                (s.on_servers.clone(), s.on_progress.clone())
            };
            // Thousands of definitions cross to JavaScript as one JSON text for `JSON.parse`: one
            // call across the boundary instead of one per field (same shape, same types).
            let list = serde_json::to_string(&stores)
                .ok()
                .and_then(|text| js_sys::JSON::parse(&text).ok())
                .unwrap_or_else(|| to_js(&stores));
            call(&on_servers, &[list]);
            call(&on_progress, &[JsValue::from(0), JsValue::from(total as u32)]);
            // The stores are asked at once; their rows are built meanwhile, and an answer for a
            // row not built yet waits for it in the page.
            let mut answers = stream::iter(stores)
                .map(|store| ask_store(store, central.clone(), limits, language, pacer.clone()))
                .buffer_unordered(concurrency);
            let mut done = 0u32;
            while let Some((row, modules)) = answers.next().await {
                // Answers that arrive together are handled in one go; the pacer gives the page
                // the main thread back every few milliseconds so that no task runs long.
                pacer.step().await;
                let (row, on_row) = {
                    let mut s = state.borrow_mut();
                    if s.generation != generation {
                        break; // a newer refresh took over
                    }
                    if let Some(modules) = modules {
                        s.modules.insert(row.key.clone(), modules);
                    }
                    let before = s.previous.remove(&row.key);
                    (s.keep(row, before.as_ref()), s.on_row.clone())
                };
                done += 1;
                call(&on_row, &[to_js(&row)]);
                call(&on_progress, &[JsValue::from(done), JsValue::from(total as u32)]);
            }
            let mut s = state.borrow_mut();
            let summary = summarize(s.rows.values(), s.stores.len());
            if s.generation == generation {
                s.previous.clear(); // stores no longer listed are forgotten
                record(&mut s.totals, Some(summary.pending_batches));
            }
            Ok(to_js(&summary))
        })
    }

    /// Stores per server version, most first, with central's version marked (and listed even
    /// when no store runs it).
    #[wasm_bindgen(js_name = versionCounts, unchecked_return_type = "VersionCount[]")]
    pub fn version_counts(&self) -> JsValue {
        let s = self.state.borrow();
        let central = s.central.as_ref().ok().map(|c| ServerVersion::of(c).to_string());
        to_js(&version_counts(s.rows.values(), central.as_deref()))
    }

    /// The total pending count at the end of each full pass this session, oldest first, and
    /// its trend in words (for the session's chart).
    #[wasm_bindgen(js_name = sessionPending, unchecked_return_type = "SessionPending")]
    pub fn session_pending(&self) -> JsValue {
        let s = self.state.borrow();
        to_js(&SessionPending {
            points: s.totals.clone(),
            trend_label: pending_trend_label(trend(&s.totals), s.language),
        })
    }

    /// Every pending count seen for a store this session, oldest first (for its chart).
    #[wasm_bindgen(js_name = pendingHistory, unchecked_return_type = "PendingPoint[]")]
    pub fn pending_history(&self, key: &str) -> JsValue {
        let s = self.state.borrow();
        to_js(s.history.get(key).map(Vec::as_slice).unwrap_or_default())
    }

    /// The summary of the rows checked so far.
    #[wasm_bindgen(unchecked_return_type = "OverviewSummary")]
    pub fn summary(&self) -> JsValue {
        let s = self.state.borrow();
        to_js(&summarize(s.rows.values(), s.stores.len()))
    }

    /// The rows as CSV, in the order of `keys` (the page's sorted, filtered view), or every
    /// row when `keys` is not given.
    pub fn csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] keys: JsValue,
    ) -> String {
        let s = self.state.borrow();
        match keys.dyn_ref::<js_sys::Array>() {
            Some(keys) => {
                let rows: Vec<&OverviewRow> = keys
                    .iter()
                    .filter_map(|k| k.as_string())
                    .filter_map(|k| s.rows.get(&k))
                    .collect();
                to_csv(rows, s.language)
            }
            None => to_csv(s.rows.values(), s.language),
        }
    }

    /// Modules by Server for a store that answered: every module with central's version
    /// beside it; `null` when the store has not answered.
    #[wasm_bindgen(unchecked_return_type = "ModuleLine[] | null")]
    pub fn modules(&self, key: &str) -> JsValue {
        let s = self.state.borrow();
        match s.modules.get(key) {
            Some(store) => to_js(&modules_by_server(store, s.central.as_ref().ok())),
            None => JsValue::NULL,
        }
    }

    /// Asks a store to recompute its version information, then refreshes its row.
    #[wasm_bindgen(unchecked_return_type = "Promise<RecomputeOutcome>")]
    pub fn recompute(&self, key: String) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let (store, central, limits, language) = {
                let s = state.borrow();
                let store = s.stores.iter().find(|d| d.key == key).cloned();
                (store, s.central.clone(), s.limits, s.language)
            };
            let Some(store) = store else {
                let error = Some(format!("no store server {key}"));
                return Ok(to_js(&RecomputeOutcome {
                    ok: false,
                    error,
                    computed_at: None,
                    row: None,
                }));
            };
            let recompute = request(
                &url(&store.url, Service::RecomputeVersionInformation),
                Method::POST,
                Credentials::Omit,
                limits,
            )
            .await
            .and_then(|body| parse_version_info(&body).map_err(|e| e.to_string()));
            let (row, modules) =
                ask_store(store, central, limits, language, Pacer::default()).await;
            let (row, on_row) = {
                let mut s = state.borrow_mut();
                if let Some(modules) = modules {
                    s.modules.insert(row.key.clone(), modules);
                }
                let before = s.rows.get(&row.key).cloned();
                (s.keep(row, before.as_ref()), s.on_row.clone())
            };
            call(&on_row, &[to_js(&row)]);
            // Success only when the store recomputed and its row, read again, shows it.
            let outcome = match (recompute, &row.error) {
                (Ok(_), Some(error)) => RecomputeOutcome {
                    ok: false,
                    error: Some(format!(
                        "the store recomputed its version information, but reading it again failed: {error}"
                    )),
                    computed_at: None,
                    row: Some(row),
                },
                (Ok(info), None) => RecomputeOutcome {
                    ok: true,
                    error: None,
                    computed_at: row.computed_at.clone().or(info.computed_at),
                    row: Some(row),
                },
                (Err(error), _) => RecomputeOutcome {
                    ok: false,
                    error: Some(error),
                    computed_at: None,
                    row: Some(row),
                },
            };
            Ok(to_js(&outcome))
        })
    }
}

/// A server status code (`ON`, `OFF`, `TON`, `TOFF`) in words, in `language` (a BCP 47 tag),
/// for a row whose store has not answered yet; an unknown code is returned as it is.
#[wasm_bindgen(js_name = serverStatusLabel)]
pub fn server_status_label(code: &str, language: &str) -> String {
    match ServerStatus::from_code(code) {
        Some(status) => labels::server_status(status, Language::from_tag(language)).to_owned(),
        None => code.to_owned(),
    }
}
