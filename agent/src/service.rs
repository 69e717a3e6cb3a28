//! The agent's HTTP service: every service of docs/PROTOCOL.md that the guard, the overview's
//! collector and the admin page ask of one server, answered from that server's database, in
//! mobile core's envelope, each request within the time limit, each answer within the
//! protocol's limits (the core's validation runs on what is sent).
//!
//! Paths are the module's own (`<context>/org.example.versionguard/<Service>`, `routes`), not
//! under mobile core's `service.jsonrest` mount, whose servlet answers 401 without a session:
//! the pre-login and the cross-origin services must answer without one.
//!
//! Who may call what (docs/PROTOCOL.md says what each anonymous service tells a stranger):
//! - anonymous: ServerDefinitions, TerminalStoreServer, VersionInformation, StoreStatus (the
//!   last two also across origins, for the origins Openbravo's CORS allows: every server
//!   definition's URL and its allowed domains; no credentials);
//! - a session (its cookie, checked with Openbravo's own `ContextInformation`): PreferenceRecords
//!   (only the records Openbravo's rules give the session's user, role and organization),
//!   SessionInfo;
//! - central's credential (`Authorization: Bearer`, the token file): RecomputeVersionInformation,
//!   VersionCheckPreferences, ReloadStatus, TillReports;
//! - a session and the store's own origin: TillReport (`tills`: a till in store mode reports
//!   its check here, for central's collector to fetch).
//!
//! The only preference property told is the agent's own (`--preference-property`); a request
//! for another is refused. A parameter with a control character is refused before any read.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use tokio::sync::Mutex;

use webpos_version_guard::login::preference::{in_force_for_client, visible_to_session};
use webpos_version_guard::login::store_mode::{web_origin, UrlParser};
use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::servers::protocol::bearer_matches;
use webpos_version_guard::servers::protocol::{Service, YesNo};
use webpos_version_guard::servers::wire::{
    ClientPreferenceData, PreferencesData, ReloadStatusData, ServerDefinition,
    ServerDefinitionsData, ServerPreference, ServerStatus, ServerType, SessionInfoData,
    StoreStatusData, TerminalInfoData, VersionCheckPreferencesData, VersionInfoData, WireContext,
};
use webpos_version_guard::servers::wire::{
    Envelope, PreferenceContext, PreferenceRecord, WireError,
};

use crate::config::Config;
use crate::db::Db;
use crate::openbravo::{NoOpenbravo, OpenbravoSessions};
use crate::reload;
use crate::source::{
    ContextError, DbError, DefinitionRow, RecordUpdate, SessionContext, Sessions, Source,
};
use crate::tills::{self, Inbox};
use crate::versions;

/// The services the agent serves, with their routes' names.
pub const SERVED: [Service; 11] = [
    Service::ServerDefinitions,
    Service::TerminalInfo,
    Service::VersionInformation,
    Service::StoreStatus,
    Service::Preferences,
    Service::RecomputeVersionInformation,
    Service::SessionInfo,
    Service::VersionCheckPreferences,
    Service::ReloadStatus,
    Service::TillReport,
    Service::TillReports,
];

/// The services readable across origins (by the origins Openbravo's CORS allows), GET only.
pub const CROSS_ORIGIN: [Service; 2] = [Service::VersionInformation, Service::StoreStatus];

/// What `openbravo-version-agent routes` prints: `Name path` a line, the path below the
/// server's base URL.
pub fn routes_text() -> String {
    SERVED.iter().map(|s| format!("{} {}\n", s.simple_name(), s.module_path())).collect()
}

/// The agent: its settings, where its answers come from (the server's data, whose a session
/// is), and the version information it last computed.
pub struct Agent {
    config: Config,
    db: Arc<dyn Source>,
    sessions: Arc<dyn Sessions>,
    versions: Mutex<Option<(Instant, Result<VersionInfoData, String>)>>,
    origins: Mutex<Option<(Instant, Vec<String>)>>,
    /// Held while a Recompute computes; with the end of the last one asked for, and its result.
    recomputing: Mutex<Option<(Instant, Result<VersionInfoData, String>)>>,
    /// The tills' reports held for central (a store's; `tills`).
    tills: Inbox,
}

type Shared = State<Arc<Agent>>;

/// How long a failed version computation stands before a request tries again (the database
/// may be back); a good one stands until Recompute.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// How soon after a Recompute another one is answered with its result instead of computing
/// again (Recompute of every store, or an admin's double click, computes once).
pub const RECOMPUTE_INTERVAL: Duration = Duration::from_secs(2);

/// How long the allowed origins (from the definitions) are kept.
const ORIGINS_KEPT: Duration = Duration::from_secs(10);

pub(crate) fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// An answer in mobile core's envelope.
pub(crate) fn ok(data: impl Serialize) -> Response {
    (StatusCode::OK, axum::Json(Envelope::ok(data))).into_response()
}

/// An error in words, in mobile core's envelope.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(Envelope::<()>::error(message))).into_response()
}

/// The preference's stored value for whether the check is skipped: `Y` or `N`.
fn preference_value(skip: bool) -> String {
    YesNo::of(skip).as_str().to_owned()
}

/// `data` when what the agent is about to send passed the guard's own validation (`checked`),
/// else an error in words: `what` and why.
fn sent_if_valid(data: impl Serialize, checked: Result<(), WireError>, what: &str) -> Response {
    match checked {
        Ok(()) => ok(data),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{what}: {e}")),
    }
}

pub(crate) fn unavailable(e: &DbError) -> Response {
    error(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
}

impl Agent {
    /// An agent with `config`; it computes its version information at once (a database that
    /// is not there yet is tried again at the next request).
    pub async fn start(config: Config) -> Result<Arc<Self>, String> {
        let db = Db::new(&config.database_url, &config.symmetric_prefix, config.timeout)?;
        let sessions: Arc<dyn Sessions> = match &config.openbravo {
            Some(openbravo) => {
                let http = reqwest::Client::builder()
                    .timeout(config.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .no_proxy()
                    .build()
                    .map_err(|e| format!("no HTTP client: {e}"))?;
                Arc::new(OpenbravoSessions::new(openbravo, &config.session_cookie, http))
            }
            None => Arc::new(NoOpenbravo),
        };
        let agent = Self::new(config, Arc::new(db), sessions);
        let property = agent.config.preference_property.clone();
        match agent.db.property_registered(&property).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!("{}", not_registered(&property)),
            Err(e) => tracing::warn!(
                "whether the preference property {property} is registered could not be read ({e})"
            ),
        }
        if let Err(why) = agent.recompute().await {
            tracing::warn!(
                "the version information is not computed yet ({why}); the next request tries again"
            );
        }
        Ok(agent)
    }

    /// An agent answering from `source` and `sessions` (the simulator's in-memory scenario; a
    /// real server's are [`Agent::start`]'s); nothing is computed until asked.
    pub fn new(config: Config, source: Arc<dyn Source>, sessions: Arc<dyn Sessions>) -> Arc<Self> {
        Arc::new(Self {
            config,
            db: source,
            sessions,
            versions: Mutex::new(None),
            origins: Mutex::new(None),
            recomputing: Mutex::new(None),
            tills: Inbox::default(),
        })
    }

    /// Its settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Where its answers come from.
    pub(crate) fn source(&self) -> &dyn Source {
        self.db.as_ref()
    }

    /// The tills' reports it holds.
    pub fn tills(&self) -> &Inbox {
        &self.tills
    }

    /// The request's session cookie's value (the rate limit's key; never sent anywhere but
    /// to Openbravo's `ContextInformation`).
    pub(crate) fn session_id(&self, headers: &HeaderMap) -> Option<String> {
        session_cookie(headers, &self.config.session_cookie)
    }

    /// Keeps `info` as the version information last computed, as if computed then (a server
    /// whose modules changed since its last start, until Recompute).
    pub async fn keep(&self, info: VersionInfoData) {
        *self.versions.lock().await = Some((Instant::now(), Ok(info)));
    }

    /// Forgets the allowed origins kept, so the next request reads the definitions again.
    pub async fn forget_origins(&self) {
        *self.origins.lock().await = None;
    }

    /// Whether `origin` may read the cross-origin services (the version information and the
    /// store status), as Openbravo's CORS allows.
    pub async fn allows_origin(&self, origin: &str) -> bool {
        origin_allowed(origin, &self.allowed_origins().await)
    }

    /// Computes the version information from the database now, and keeps it.
    pub async fn recompute(&self) -> Result<VersionInfoData, String> {
        let computed = async {
            let rows = self.db.modules().await.map_err(|e| e.to_string())?;
            let status = self.db.system_status().await.map_err(|e| e.to_string())?;
            let ahead = versions::ahead_of_running(&rows, status.as_deref());
            for (_, detail) in ahead.iter().filter(|_| !self.config.quiet) {
                tracing::warn!(
                    "{}: the database is ahead of the running server: {detail}",
                    self.config.server_key
                );
            }
            versions::compute(&self.config.server_key, &rows, status.as_deref(), now_secs())
        }
        .await;
        let mut kept = self.versions.lock().await;
        // A failed computation never replaces a good one: the last good version information
        // still answers (the database may be back in a moment); the caller hears the failure.
        if computed.is_ok() || !matches!(*kept, Some((_, Ok(_)))) {
            *kept = Some((Instant::now(), computed.clone()));
        }
        computed
    }

    /// A Recompute asked for over HTTP: one computation at a time (a Recompute that arrives
    /// while one runs waits for it and gets its result), and at most one every
    /// [`RECOMPUTE_INTERVAL`] (one that arrives sooner gets the last result, that fresh).
    pub async fn recompute_asked(&self) -> Result<VersionInfoData, String> {
        let mut last = self.recomputing.lock().await;
        if let Some((at, result)) = last.as_ref() {
            if at.elapsed() < RECOMPUTE_INTERVAL {
                return result.clone();
            }
        }
        let result = self.recompute().await;
        *last = Some((Instant::now(), result.clone()));
        result
    }

    /// The version information last computed (again when the last try failed a while ago).
    async fn version_info(&self) -> Result<VersionInfoData, String> {
        let kept = self.versions.lock().await.clone();
        match kept {
            Some((_, Ok(info))) => Ok(info),
            Some((at, Err(e))) if at.elapsed() < RETRY_AFTER_FAILURE => Err(e),
            _ => self.recompute().await,
        }
    }

    /// The origins Openbravo's CORS allows: every definition's URL's origin and its allowed
    /// domains (kept a few seconds).
    async fn allowed_origins(&self) -> Vec<String> {
        if let Some((at, origins)) = self.origins.lock().await.clone() {
            if at.elapsed() < ORIGINS_KEPT {
                return origins;
            }
        }
        let mut origins = self.config.extra_origins.clone();
        if let Ok(definitions) = self.db.definitions().await {
            for d in definitions {
                origins.extend(origin_of(&d.url));
                origins.extend(d.allowed_domains.iter().cloned());
            }
        }
        *self.origins.lock().await = Some((Instant::now(), origins.clone()));
        origins
    }

    /// Who the request's session belongs to, from its session cookie only.
    pub(crate) async fn session_context(
        &self,
        headers: &HeaderMap,
    ) -> Result<SessionContext, Response> {
        let Some(id) = session_cookie(headers, &self.config.session_cookie) else {
            return Err(error(StatusCode::UNAUTHORIZED, ContextError::NotLoggedIn.to_string()));
        };
        self.sessions.context(&id).await.map_err(|e| {
            let status = match e {
                ContextError::NotLoggedIn => StatusCode::UNAUTHORIZED,
                ContextError::Unavailable(_) if self.config.openbravo.is_none() => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                ContextError::Unavailable(_) => StatusCode::BAD_GATEWAY,
            };
            error(status, e.to_string())
        })
    }
}

/// The origin of an http(s) URL (the core's WHATWG origin: default ports left out), when it
/// carries no user name or password.
fn origin_of(url: &str) -> Option<String> {
    let parts = UrlCrate.parse(url.trim())?;
    if !parts.username.is_empty() || !parts.password.is_empty() {
        return None;
    }
    web_origin(url, &UrlCrate)
}

/// Whether `origin` (a browser's `Origin`) is allowed by `allowed` (origins or URLs, compared
/// as WHATWG origins; or allowed-domain patterns: a host name, `*.` for its subdomains).
fn origin_allowed(origin: &str, allowed: &[String]) -> bool {
    let Some(origin) = web_origin(origin, &UrlCrate) else { return false };
    let host = origin.split_once("://").map_or("", |(_, h)| h);
    let host_only = match host.rfind(':') {
        Some(colon) if !host.ends_with(']') => &host[..colon],
        _ => host,
    };
    allowed.iter().any(|a| {
        let a = a.trim().to_ascii_lowercase();
        if a.contains("://") {
            origin_of(&a).is_some_and(|o| o == origin)
        } else if let Some(suffix) = a.strip_prefix("*.") {
            host_only.ends_with(&format!(".{suffix}"))
        } else {
            !a.is_empty() && (host == a || host_only == a)
        }
    })
}

/// Only the Openbravo session cookie goes to Openbravo, nothing else the visitor sent.
fn session_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let values = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    webpos_version_guard::servers::protocol::cookie(values, name)
        .filter(|v| !v.is_empty() && v.len() <= 256)
        .map(str::to_owned)
}

/// What the agent says when its preference property is not registered on its server.
pub fn not_registered(property: &str) -> String {
    format!(
        "The preference property {property} is not registered on this server (no value of the Property Configuration list): the module org.example.versionguard is not installed here, so an admin cannot set the hot-fix preference; install the module (.obx) and rebuild"
    )
}

/// A request refused for its parameters: a 400 with the reason in words.
struct BadRequest(String);

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        error(StatusCode::BAD_REQUEST, self.0)
    }
}

/// A request's parameter `name`, when it is there: at most `max` bytes, without a control
/// character (a NUL would reach the database as an error, not as an answer), else a 400 in words.
fn parameter<'a>(
    params: &'a HashMap<String, String>,
    name: &str,
    max: usize,
) -> Result<Option<&'a str>, BadRequest> {
    let Some(value) = params.get(name).filter(|v| !v.is_empty()) else { return Ok(None) };
    if value.len() > max {
        return Err(BadRequest(format!("Parameter {name} is longer than {max} bytes")));
    }
    if value.chars().any(char::is_control) {
        return Err(BadRequest(format!("Parameter {name} holds a control character")));
    }
    Ok(Some(value))
}

/// The `property` asked for, when one is: only the agent's own preference property
/// (`--preference-property`) is told, any other is a 400 in words.
fn asked_property<'a>(
    agent: &Agent,
    params: &'a HashMap<String, String>,
) -> Result<Option<&'a str>, BadRequest> {
    match parameter(params, "property", 60)? {
        Some(property) if property != agent.config.preference_property => Err(BadRequest(format!(
            "This agent tells only the preference {}: property {property:?} is not answered",
            agent.config.preference_property
        ))),
        asked => Ok(asked),
    }
}

/// The request's Openbravo session, as Openbravo itself tells it (`ContextInformation`, asked
/// with the session cookie only); without one, a 401 (or, when Openbravo cannot say, a 502 or
/// 503) in words.
pub struct Session(SessionContext);

impl FromRequestParts<Arc<Agent>> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, agent: &Arc<Agent>) -> Result<Self, Response> {
        agent.session_context(&parts.headers).await.map(Session)
    }
}

/// Central's credential on a request (`Authorization: Bearer`, the agent's token file): only
/// central's collector holds it. Without it, a 401 in words; an agent without a token file
/// refuses everyone.
pub struct CentralCredential;

impl FromRequestParts<Arc<Agent>> for CentralCredential {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, agent: &Arc<Agent>) -> Result<Self, Response> {
        let given = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        match &agent.config.token {
            Some(token) if bearer_matches(given, token) => Ok(Self),
            _ => {
                // The service's name in words: `RecomputeVersionInformation` is "Recompute
                // Version Information".
                let name = parts.uri.path().rsplit('/').next().unwrap_or_default();
                let service = name.chars().enumerate().fold(String::new(), |mut words, (i, c)| {
                    if i > 0 && c.is_ascii_uppercase() {
                        words.push(' ');
                    }
                    words.push(c);
                    words
                });
                Err(error(
                    StatusCode::UNAUTHORIZED,
                    format!("{service} is taken from central only: the request lacks central's credentials"),
                ))
            }
        }
    }
}

fn definition(d: &DefinitionRow) -> Option<ServerDefinition> {
    Some(ServerDefinition {
        key: d.key.clone(),
        name: d.name.clone(),
        description: d.description.clone().filter(|s| !s.is_empty()),
        server_type: ServerType::from_code(&d.server_type)?,
        url: d.url.clone(),
        status: ServerStatus::from_code(&d.status).unwrap_or(ServerStatus::Online),
        priority: d.priority,
        allowed_domains: d.allowed_domains.clone(),
    })
}

/// `ServerDefinitions`: every active definition, central first; this server named among them.
async fn server_definitions(State(agent): Shared) -> Response {
    let rows = match agent.db.definitions().await {
        Ok(rows) => rows,
        Err(e) => return unavailable(&e),
    };
    let servers: Vec<ServerDefinition> = rows.iter().filter_map(definition).collect();
    let key = &agent.config.server_key;
    let current_server = servers.iter().any(|s| s.key == *key).then(|| key.clone());
    let data = ServerDefinitionsData { servers, current_server };
    // What is sent passes the guard's own validation, or is said as an error.
    let checked = data.clone().validate_all().map(drop);
    sent_if_valid(data, checked, "the server definitions break the protocol")
}

/// `TerminalStoreServer?terminal=KEY[&property=NAME]`.
async fn terminal_store_server(
    State(agent): Shared,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let (key, property) =
        match (parameter(&params, "terminal", 60), asked_property(&agent, &params)) {
            (Ok(Some(key)), Ok(property)) => (key, property),
            (Ok(None), _) => return error(StatusCode::BAD_REQUEST, "Missing parameter terminal"),
            (Err(refused), _) | (_, Err(refused)) => return refused.into_response(),
        };
    let terminal = match agent.db.terminal(key).await {
        Ok(Some(t)) => t,
        Ok(None) => return error(StatusCode::NOT_FOUND, format!("Terminal {key:?} not found")),
        Err(e) => return unavailable(&e),
    };
    let store_server = match agent.db.terminal_store(&terminal.client, &terminal.organization).await
    {
        Ok(store) => store,
        Err(e) => return unavailable(&e),
    };
    let registered = match property {
        Some(property) => match agent.db.property_registered(property).await {
            Ok(registered) => registered,
            Err(e) => return unavailable(&e),
        },
        None => false,
    };
    let client_preference = match property.filter(|_| registered) {
        None => None,
        Some(property) => match agent.db.preferences(property).await {
            Ok(records) => {
                let records: Vec<PreferenceRecord> =
                    records.into_iter().map(PreferenceRecord::from).collect();
                let told = in_force_for_client(&records, property, &terminal.client);
                Some(ClientPreferenceData {
                    property: property.to_owned(),
                    value: told.skip.map(preference_value),
                    record: told.record_id,
                })
            }
            Err(e) => return unavailable(&e),
        },
    };
    let data = TerminalInfoData {
        terminal: terminal.key,
        name: terminal.name,
        store_server,
        client_preference,
    };
    let checked = data.clone().validate().map(drop);
    sent_if_valid(data, checked, "the terminal breaks the protocol")
}

async fn version_information(State(agent): Shared) -> Response {
    match agent.version_info().await {
        Ok(info) => ok(info),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, e),
    }
}

/// `StoreStatus`: the versions, the pending count to central's node (or why not), the status.
async fn store_status(State(agent): Shared) -> Response {
    let key = &agent.config.server_key;
    let (own, central) = match agent.db.own_and_central(key).await {
        Ok(found) => found,
        Err(e) => return unavailable(&e),
    };
    let own = own.as_ref();
    if own.is_some_and(|d| ServerType::from_code(&d.server_type) == Some(ServerType::Main)) {
        return error(StatusCode::OK, "Central is not a store server: ask a store server");
    }
    let info = match agent.version_info().await {
        Ok(info) => info,
        Err(e) => return error(StatusCode::SERVICE_UNAVAILABLE, e),
    };
    let (pending_batches, pending_error) = match central {
        None => (None, Some("central is not in this store's server definitions, so its pending batches cannot be counted".to_owned())),
        Some(central) => match agent.db.pending_batches(&central.key).await {
            Ok(count) => (Some(count.into()), None),
            Err(e) => (None, Some(format!("SymmetricDS's outgoing batches could not be counted ({})", e.0))),
        },
    };
    let server_status =
        own.and_then(|d| ServerStatus::from_code(&d.status)).unwrap_or(ServerStatus::Online);
    let mut response = ok(StoreStatusData {
        server_key: key.clone(),
        server_status,
        version_information: info,
        pending_batches,
        pending_error,
    });
    // Which tills' reports it holds, for central's collector.
    let (name, value) = tills::mark_header(&agent);
    response.headers_mut().insert(name, value);
    response
}

/// `VersionCheckPreferences[?property=NAME]` (central's credential): the agent's preference
/// property in force for each server's client, as can be said without a session (the core's
/// `in_force_for_client`: client-level records), what the overview's "blocks logins now" reads.
/// Only central's collector asks it: it names every server's client.
async fn version_check_preferences(
    State(agent): Shared,
    _: CentralCredential,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let property = match asked_property(&agent, &params) {
        Ok(property) => property.unwrap_or(&agent.config.preference_property).to_owned(),
        Err(refused) => return refused.into_response(),
    };
    let property = &property;
    match agent.db.property_registered(property).await {
        Ok(true) => {}
        Ok(false) => return error(StatusCode::OK, not_registered(property)),
        Err(e) => return unavailable(&e),
    }
    let (records, definitions) =
        match (agent.db.preferences(property).await, agent.db.definitions().await) {
            (Ok(records), Ok(definitions)) => (records, definitions),
            (Err(e), _) | (_, Err(e)) => return unavailable(&e),
        };
    let records: Vec<PreferenceRecord> = records.into_iter().map(PreferenceRecord::from).collect();
    let mut by_client: HashMap<&str, (Option<String>, Option<String>)> = HashMap::new();
    for d in &definitions {
        by_client.entry(d.client.as_str()).or_insert_with(|| {
            let told = in_force_for_client(&records, property, &d.client);
            (told.skip.map(preference_value), told.record_id)
        });
    }
    // Who last set each record in force, and when (one read a client's record: a handful).
    let mut updates: HashMap<String, RecordUpdate> = HashMap::new();
    for record in by_client.values().filter_map(|(_, record)| record.as_deref()) {
        if updates.contains_key(record) {
            continue;
        }
        match agent.db.preference_updated(record).await {
            Ok(Some(update)) => {
                updates.insert(record.to_owned(), update);
            }
            Ok(None) => {}
            Err(e) => return unavailable(&e),
        }
    }
    let servers = definitions
        .iter()
        .map(|d| {
            let (value, record) = by_client.get(d.client.as_str()).cloned().unwrap_or_default();
            let update = record.as_deref().and_then(|r| updates.get(r));
            ServerPreference {
                server: d.key.clone(),
                client: d.client.clone(),
                value,
                updated: update.and_then(|u| u.at.clone()),
                updated_by: update.and_then(|u| u.by.clone()),
                record,
            }
        })
        .collect();
    let data = VersionCheckPreferencesData { property: property.to_owned(), servers };
    let checked = data.clone().validate().map(drop);
    sent_if_valid(data, checked, "the preferences break the protocol")
}

/// `ReloadStatus` (central's credential): every store's initial load and table reloads, as
/// central's SymmetricDS tables hold them (`crate::reload`). Tables it cannot read are said in
/// the answer (`unreadable`), never as a failed request: the overview says why per store.
async fn reload_status(State(agent): Shared, _: CentralCredential) -> Response {
    let data = match agent.db.symmetric_facts().await {
        Ok(facts) => reload::reload_status(&facts),
        Err(e) => {
            ReloadStatusData { unreadable: Some(e.to_string()), ..ReloadStatusData::default() }
        }
    };
    let checked = data.clone().validate().map(drop);
    sent_if_valid(data, checked, "the reload status breaks the protocol")
}

/// `PreferenceRecords?property=NAME`, for the session's context.
async fn preference_records(
    State(agent): Shared,
    Session(context): Session,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let SessionContext { user, role, organization, client } = context;
    let property = match asked_property(&agent, &params) {
        Ok(Some(property)) => property,
        Ok(None) => return error(StatusCode::BAD_REQUEST, "Missing parameter property"),
        Err(refused) => return refused.into_response(),
    };
    let (records, chain) = match (
        agent.db.preferences(property).await,
        agent.db.org_chain(&client, &organization).await,
    ) {
        (Ok(records), Ok(chain)) => (records, chain),
        (Err(e), _) | (_, Err(e)) => return unavailable(&e),
    };
    // Only what Openbravo's own rules give this session's user, role and organization.
    let context = PreferenceContext {
        client: client.clone(),
        org_chain: chain.clone(),
        user: user.clone(),
        role: role.clone(),
        window: None,
    };
    let records = records
        .into_iter()
        .filter(|r| visible_to_session(&PreferenceRecord::from(r.clone()), &context))
        .collect();
    ok(PreferencesData {
        context: WireContext { client, organization_chain: chain, user, role },
        records,
    })
}

/// `SessionInfo`: who the session belongs to and whether their role administers the client.
async fn session_info(State(agent): Shared, Session(context): Session) -> Response {
    let SessionContext { user, role, client, .. } = context;
    match (agent.db.user_name(&user).await, agent.db.role_administers_client(&role).await) {
        (Ok(name), Ok(client_admin)) => ok(SessionInfoData {
            user: name.unwrap_or(user),
            role,
            client_admin,
            client: Some(client),
        }),
        (Err(e), _) | (_, Err(e)) => unavailable(&e),
    }
}

/// `RecomputeVersionInformation` (POST, central's credential only), collapsed and at most one
/// computation every [`RECOMPUTE_INTERVAL`].
async fn recompute(State(agent): Shared, _: CentralCredential) -> Response {
    match agent.recompute_asked().await {
        Ok(info) => ok(info),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, e),
    }
}

/// CORS as Openbravo's: the anonymous version services readable by the allowed origins, GET
/// only, no credentials; everything else same-origin.
async fn cors(State(agent): Shared, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let cross_origin =
        CROSS_ORIGIN.iter().any(|s| path.ends_with(&format!("/{}", s.module_path())));
    let origin =
        request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    let allowed = match (&origin, cross_origin) {
        (Some(origin), true) => origin_allowed(origin, &agent.allowed_origins().await),
        _ => false,
    };
    if request.method() == Method::OPTIONS {
        let wants_get = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| m.as_bytes() == b"GET");
        if !(allowed && wants_get) {
            return StatusCode::FORBIDDEN.into_response();
        }
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        if let Some(value) = origin.as_deref().and_then(|o| HeaderValue::from_str(o).ok()) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET"));
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        return response;
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if allowed {
        if let Some(value) = origin.as_deref().and_then(|o| HeaderValue::from_str(o).ok()) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
    }
    response
}

/// Every request within the time limit (plus a second for the envelope).
async fn time_limit(State(agent): Shared, request: Request, next: Next) -> Response {
    let limit = agent.config.timeout + Duration::from_secs(1);
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("no answer within {} ms", limit.as_millis()),
        ),
    }
}

/// The agent's router, below `<context>/`.
pub fn router(agent: Arc<Agent>) -> Router {
    let context = agent.config.context.trim_end_matches('/').to_owned();
    let at = |service: Service| format!("{context}/{}", service.module_path());
    Router::new()
        .route(&at(Service::ServerDefinitions), get(server_definitions))
        .route(&at(Service::TerminalInfo), get(terminal_store_server))
        .route(&at(Service::VersionInformation), get(version_information).options(|| async {}))
        .route(&at(Service::StoreStatus), get(store_status).options(|| async {}))
        .route(&at(Service::Preferences), get(preference_records))
        .route(&at(Service::RecomputeVersionInformation), post(recompute))
        .route(&at(Service::SessionInfo), get(session_info))
        .route(&at(Service::VersionCheckPreferences), get(version_check_preferences))
        .route(&at(Service::ReloadStatus), get(reload_status))
        .route(&at(Service::TillReport), post(tills::till_report))
        .route(&at(Service::TillReports), get(tills::till_reports))
        .layer(middleware::from_fn_with_state(agent.clone(), cors))
        .layer(middleware::from_fn_with_state(agent.clone(), time_limit))
        .with_state(agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_allowed_domains() {
        let allowed = vec![
            "http://central.example:8080".to_owned(),
            "*.shops.example".to_owned(),
            "till.local".to_owned(),
        ];
        assert!(origin_allowed("http://central.example:8080", &allowed));
        assert!(!origin_allowed("https://central.example:8080", &allowed));
        assert!(origin_allowed("https://s1.shops.example", &allowed));
        assert!(!origin_allowed("https://shops.example.evil", &allowed));
        assert!(origin_allowed("http://till.local:9000", &allowed));
        assert!(!origin_allowed("http://evil.example", &allowed));
        assert_eq!(
            origin_of("HTTP://Store1:8080/openbravo?x#y").as_deref(),
            Some("http://store1:8080")
        );
        assert_eq!(origin_of("ftp://x"), None);
        assert_eq!(origin_of("http://user@x/"), None);
        // One origin: a definition written with its scheme's default port is the browser's
        // origin without it (issue #38).
        let central = vec!["https://central.example:443/openbravo".to_owned()];
        assert!(origin_allowed("https://central.example", &central));
        assert!(origin_allowed("https://CENTRAL.example:443", &central));
        assert!(!origin_allowed("https://central.example:8443", &central));
        let v6 = vec!["http://[::1]:80/openbravo".to_owned()];
        assert!(origin_allowed("http://[::1]", &v6));
        assert!(origin_allowed("http://[::1]", &["[::1]".to_owned()]));
    }

    #[test]
    fn only_the_session_cookie_goes_to_openbravo() {
        let mut headers = HeaderMap::new();
        headers
            .insert(header::COOKIE, HeaderValue::from_static("a=1; JSESSIONID=abc; other=secret"));
        assert_eq!(session_cookie(&headers, "JSESSIONID").as_deref(), Some("abc"));
        assert_eq!(session_cookie(&headers, "NOPE"), None);
    }
}
