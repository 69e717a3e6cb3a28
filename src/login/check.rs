//! The login check itself, as a plan without I/O (in the style of quinn-proto): given the
//! host's inputs it says which requests to make, phase by phase, and turns the answers, looked
//! up by name, into the verdict. The browser glue (`src/web/check.rs`) only runs the requests
//! it is handed and feeds the answers back; so every path of the check, with every answer
//! missing, failed or late, is tested natively (tests/check.rs).
//!
//! ```text
//! Check::new(inputs, parser)
//!   poll() -> Fetch([ServerDefinitions?, TerminalInfo?])     phase 1, skipped when the host
//!   receive(name, answer, ms) ...                             gave the servers and the store
//!   poll() -> Fetch([CentralVersion, StoreStatus, Preferences?])   phase 2, not
//!   receive(name, answer, ms) ...                             in store mode
//!   poll() -> Done(VerdictReport)
//! ```
//!
//! A request whose answer never came is taken as failed ("no answer"), so a caller that gives
//! up on a request (its time limit) still gets a verdict by the decision table.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use crate::decision::{decide, Fetch, LoadOrigin, LoginInputs};
use crate::json::{
    parse_preferences, parse_server_definitions, parse_store_status, parse_terminal_info,
    parse_version_info,
};
use crate::preference::{evaluate, PreferenceFinding, DEFAULT_PROPERTY};
use crate::protocol::{Service, JSONREST, TERMINAL_PARAM};
use crate::report::{ReportContext, Timings, VerdictReport};
use crate::store_mode::{self, load_origin, StoreModeRefusal, UrlParser};
use crate::wire::{ServerDefinition, ServerType, StoreStatus, WireError};

/// A request the check needs, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RequestName {
    /// Central's server definitions (phase 1).
    ServerDefinitions,
    /// The terminal's store server, from the page's own server (phase 1).
    TerminalInfo,
    /// Central's version information (phase 2).
    CentralVersion,
    /// The store server's status: its version information and its count of batches pending
    /// sync, in one answer (phase 2).
    StoreStatus,
    /// The ignore-version-check preference records, from central (phase 2).
    Preferences,
}

impl RequestName {
    /// Every request, in the order of the phases.
    pub const ALL: [RequestName; 5] = [
        Self::ServerDefinitions,
        Self::TerminalInfo,
        Self::CentralVersion,
        Self::StoreStatus,
        Self::Preferences,
    ];
}

/// Whether a request carries the session cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// Never (a store's public services).
    Omit,
    /// Only to the page's own origin (central's session services).
    SameOrigin,
}

/// One GET the check asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Which answer this is, when it is handed back.
    pub name: RequestName,
    /// The absolute URL.
    pub url: String,
    /// Whether the session cookie goes with it.
    pub credentials: Credentials,
}

/// The answer to a request: the body of a 2xx answer, or why there is none (a network error,
/// the time limit, an HTTP error, the size cap: text for an admin).
pub type Answer = Result<Vec<u8>, String>;

/// How the error text of a request that never got an answer from the server begins
/// (unreachable, refused, or refused by CORS: a browser cannot tell them apart).
pub const NETWORK_ERROR: &str = "network error";

/// How the error text of a request that the browser refused by its Local Network Access rules
/// begins (a page on a public address asking a private or loopback one without the user's or
/// the policy's permission). The glue tells it from an unreachable server by the Permissions
/// API, after the request failed.
pub const LOCAL_NETWORK_REFUSED: &str = "this browser refused local network access";

/// The error text of the request `name`, refused by the browser's Local Network Access rules.
pub fn local_network_refused(name: RequestName) -> String {
    let server = match name {
        RequestName::StoreStatus => "the store server",
        _ => "central",
    };
    format!("{LOCAL_NETWORK_REFUSED} to {server}")
}

/// What the verdict's `cannotCheck` and diagnostics say when the browser refused `error`'s
/// request by its Local Network Access rules: that the check cannot run here, and what to do.
pub fn cannot_check_local_network(error: &str) -> String {
    format!(
        "The version check cannot run on this till: {error} (Chrome's Local Network Access). Logins proceed unchecked. Allow local network access for this site (the browser's prompt, or its site settings), or on managed tills set the LocalNetworkAccessAllowedForUrls policy to central's URL; the browser asks only on a secure (HTTPS) page."
    )
}

/// What the host and the page give the check.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckInputs {
    /// The page's origin (`location.origin`).
    pub page_origin: String,
    /// This page's server base URL, e.g. `https://central/openbravo`.
    pub server_url: String,
    /// The terminal's search key (empty when unknown).
    pub terminal: String,
    /// The cashier's language tag as the host gave it (empty when unknown), carried to store
    /// mode.
    pub language: String,
    /// Central's server definitions, when the host has them (no request then).
    pub servers: Option<Vec<ServerDefinition>>,
    /// The terminal's store server key, when the host knows it (no request then).
    pub store_server: Option<String>,
    /// The host's resolved ignore-version-check permission (no request then).
    pub ignore_version_check: Option<bool>,
    /// The preference's property name.
    pub preference_property: String,
    /// The check runs before login (at the WebPOS's start): there is no session, so the
    /// preference records cannot be read; without `ignore_version_check` the check runs.
    pub before_login: bool,
    /// What the glue noticed before the check (unreadable options), for the verdict.
    pub diagnostics: Vec<String>,
}

impl Default for CheckInputs {
    fn default() -> Self {
        Self {
            page_origin: String::new(),
            server_url: String::new(),
            terminal: String::new(),
            language: String::new(),
            servers: None,
            store_server: None,
            ignore_version_check: None,
            preference_property: DEFAULT_PROPERTY.to_owned(),
            before_login: false,
            diagnostics: Vec::new(),
        }
    }
}

/// What the check wants next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Make these requests (concurrently) and hand each answer to [`Check::receive`].
    Fetch(Vec<Request>),
    /// The verdict. `timings.total` is the caller's to fill in.
    Done(Box<VerdictReport>),
}

/// What a check learned about the servers, for a later check of the same terminal (the login
/// check reuses what the startup check learned, so it makes one phase of requests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Learned {
    /// Central's server definitions.
    pub servers: Vec<ServerDefinition>,
    /// The terminal's store server.
    pub store_server: String,
}

/// What phase 1 established: where the page runs and which servers the check talks to.
struct Located {
    origin: LoadOrigin,
    central: Option<ServerDefinition>,
    store: Option<ServerDefinition>,
    store_key: Option<String>,
    store_mode: Result<String, String>,
    central_missing: String,
    store_missing: String,
}

enum Phase {
    Start,
    Locating,
    Checking(Box<Located>),
    Done(Box<VerdictReport>),
}

/// One login check, from the host's inputs to the verdict.
pub struct Check<P> {
    inputs: CheckInputs,
    parser: P,
    phase: Phase,
    /// The requests of the phase in progress not yet answered: only their answers count.
    awaited: Vec<RequestName>,
    answers: BTreeMap<RequestName, Answer>,
    timings: Timings,
    learned: Option<Learned>,
}

/// `<base>/<JSONREST>/<class>` of a service.
pub fn service_url(base: &str, service: Service) -> String {
    format!("{}/{JSONREST}/{}", base.trim_end_matches('/'), service.class())
}

fn with_query(url: String, name: &str, value: &str) -> String {
    format!("{url}?{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC))
}

const NO_ANSWER: &str = "no answer was received";
const DEFINITIONS_UNAVAILABLE: &str = "server definitions unavailable";

impl<P: UrlParser> Check<P> {
    /// A check of `inputs`; URLs are parsed with `parser` (the browser's own in the glue).
    pub fn new(inputs: CheckInputs, parser: P) -> Self {
        Self {
            inputs,
            parser,
            phase: Phase::Start,
            awaited: Vec::new(),
            answers: BTreeMap::new(),
            timings: Timings::default(),
            learned: None,
        }
    }

    /// Records the answer to the request `name`, which took `ms` milliseconds. An answer to a
    /// request that the phase in progress did not ask for (another phase's, or a second answer
    /// to the same request) is ignored.
    pub fn receive(&mut self, name: RequestName, answer: Answer, ms: f64) {
        let Some(at) = self.awaited.iter().position(|&awaited| awaited == name) else {
            return;
        };
        self.awaited.swap_remove(at);
        let slot = match name {
            RequestName::ServerDefinitions => &mut self.timings.server_definitions,
            RequestName::TerminalInfo => &mut self.timings.terminal,
            RequestName::CentralVersion => &mut self.timings.central_version,
            RequestName::StoreStatus => &mut self.timings.store_status,
            RequestName::Preferences => &mut self.timings.preference,
        };
        *slot = Some(ms);
        self.answers.insert(name, answer);
    }

    /// The servers and the terminal's store server this check found (once past phase 1), when
    /// it found both.
    pub fn learned(&self) -> Option<&Learned> {
        self.learned.as_ref()
    }

    /// The next step: requests to make, or the verdict.
    pub fn poll(&mut self) -> Step {
        // Answers still awaited from the previous phase will never count: they are missing.
        self.awaited.clear();
        loop {
            match std::mem::replace(&mut self.phase, Phase::Start) {
                Phase::Start => {
                    self.phase = Phase::Locating;
                    let requests = self.locating_requests();
                    if !requests.is_empty() {
                        return self.fetch(requests);
                    }
                }
                Phase::Locating => {
                    let located = self.locate();
                    let requests = self.checking_requests(&located);
                    self.phase = Phase::Checking(Box::new(located));
                    if !requests.is_empty() {
                        return self.fetch(requests);
                    }
                }
                Phase::Checking(located) => {
                    let report = Box::new(self.finish(&located));
                    self.phase = Phase::Done(report.clone());
                    return Step::Done(report);
                }
                Phase::Done(report) => {
                    self.phase = Phase::Done(report.clone());
                    return Step::Done(report);
                }
            }
        }
    }

    /// Asks for `requests`: from now on only their answers count.
    fn fetch(&mut self, requests: Vec<Request>) -> Step {
        self.awaited = requests.iter().map(|r| r.name).collect();
        Step::Fetch(requests)
    }

    /// The answer to `name`, parsed by `parse`; `None` when it was not requested.
    fn parsed<T>(
        &mut self,
        name: RequestName,
        requested: bool,
        parse: impl FnOnce(&[u8]) -> Result<T, WireError>,
    ) -> Option<Result<T, String>> {
        if !requested {
            return None;
        }
        Some(match self.answers.remove(&name) {
            Some(Ok(body)) => parse(&body).map_err(|e| e.to_string()),
            Some(Err(error)) => Err(error),
            None => Err(NO_ANSWER.to_owned()),
        })
    }

    fn wants_definitions(&self) -> bool {
        self.inputs.servers.is_none()
    }

    fn wants_terminal(&self) -> bool {
        self.inputs.store_server.is_none() && !self.inputs.terminal.is_empty()
    }

    /// Phase 1: central's server definitions and the terminal's store server, unless given.
    fn locating_requests(&self) -> Vec<Request> {
        let base = &self.inputs.server_url;
        let mut requests = Vec::new();
        if self.wants_definitions() {
            requests.push(Request {
                name: RequestName::ServerDefinitions,
                url: service_url(base, Service::ServerDefinitions),
                credentials: Credentials::SameOrigin,
            });
        }
        if self.wants_terminal() {
            let url = service_url(base, Service::TerminalInfo);
            requests.push(Request {
                name: RequestName::TerminalInfo,
                url: with_query(url, TERMINAL_PARAM, &self.inputs.terminal),
                credentials: Credentials::SameOrigin,
            });
        }
        requests
    }

    fn origin_of(&self, url: &str) -> Option<String> {
        self.parser.parse(url).map(|u| u.origin)
    }

    /// Where the page runs, which servers are central and the store, and the store-mode URL.
    fn locate(&mut self) -> Located {
        let wants_definitions = self.wants_definitions();
        let wants_terminal = self.wants_terminal();
        let definitions = match self.inputs.servers.take() {
            Some(servers) => Ok(servers),
            None => self
                .parsed(RequestName::ServerDefinitions, wants_definitions, parse_server_definitions)
                .unwrap_or_else(|| Err(NO_ANSWER.to_owned())),
        };
        let terminal_answer =
            self.parsed(RequestName::TerminalInfo, wants_terminal, parse_terminal_info);
        let store_lookup = match (self.inputs.store_server.clone(), terminal_answer) {
            (Some(key), _) => Ok(Some(key)),
            (None, Some(answer)) => answer.map(|t| t.store_server),
            (None, None) => {
                Err("no terminal: pass options.terminal or open the page with ?terminal=".into())
            }
        };

        let servers = definitions.as_deref().unwrap_or_default();
        let central = servers.iter().find(|s| s.server_type == ServerType::Main).cloned();
        let store_key = store_lookup.as_ref().ok().cloned().flatten();
        let store = store_key.as_deref().and_then(|k| {
            servers.iter().find(|s| s.key == k && s.server_type == ServerType::Store).cloned()
        });
        let store_origins: Vec<String> = servers
            .iter()
            .filter(|s| s.server_type == ServerType::Store)
            .filter_map(|s| self.origin_of(&s.url))
            .collect();
        let page_origin = &self.inputs.page_origin;
        let origin = load_origin(page_origin, store_origins.iter().map(String::as_str));
        if origin == LoadOrigin::Central
            && central
                .as_ref()
                .and_then(|c| self.origin_of(&c.url))
                .is_some_and(|c| c != *page_origin)
        {
            self.inputs.diagnostics.push(format!(
                "This page's origin {page_origin} is neither central's nor a store server's in the server definitions; the check runs as if loaded from central."
            ));
        }
        let store_mode = match &store {
            Some(store) => store_mode::store_mode_url(
                &self.parser,
                &store.url,
                &self.inputs.terminal,
                &self.inputs.language,
                page_origin,
            )
            .map_err(|e| e.to_string()),
            None => Err(StoreModeRefusal::NoStoreServer.to_string()),
        };

        // Why each version source is missing, when it is.
        let central_missing = match &definitions {
            Err(e) => format!("{DEFINITIONS_UNAVAILABLE}: {e}"),
            Ok(_) => "central is not in the server definitions".to_owned(),
        };
        let store_missing = match (&definitions, &store_lookup) {
            (Err(e), _) => format!("{DEFINITIONS_UNAVAILABLE}: {e}"),
            (_, Err(e)) if self.inputs.terminal.is_empty() => e.clone(),
            (_, Err(e)) => format!("terminal information unavailable: {e}"),
            (_, Ok(None)) => "the terminal has no store server".to_owned(),
            (_, Ok(Some(k))) => format!("store server {k} is not in the server definitions"),
        };
        if let (Ok(servers), Some(key)) = (&definitions, &store_key) {
            self.learned = Some(Learned { servers: servers.clone(), store_server: key.clone() });
        }
        Located { origin, central, store, store_key, store_mode, central_missing, store_missing }
    }

    /// Phase 2, from central only: central's versions, the store's status (its versions and
    /// pending count) and the preference.
    fn checking_requests(&self, located: &Located) -> Vec<Request> {
        if located.origin == LoadOrigin::StoreMode {
            return Vec::new();
        }
        let mut requests = Vec::new();
        let mut push = |name, server: Option<&ServerDefinition>, service, credentials| {
            if let Some(server) = server {
                let url = service_url(&server.url, service);
                requests.push(Request { name, url, credentials });
            }
        };
        let (central, store) = (located.central.as_ref(), located.store.as_ref());
        push(
            RequestName::CentralVersion,
            central,
            Service::VersionInformation,
            Credentials::SameOrigin,
        );
        push(RequestName::StoreStatus, store, Service::StoreStatus, Credentials::Omit);
        if self.inputs.ignore_version_check.is_none() && !self.inputs.before_login {
            let base = central.map_or(self.inputs.server_url.as_str(), |c| c.url.as_str());
            requests.push(Request {
                name: RequestName::Preferences,
                url: with_query(
                    service_url(base, Service::Preferences),
                    "property",
                    &self.inputs.preference_property,
                ),
                credentials: Credentials::SameOrigin,
            });
        }
        requests
    }

    /// The decision from the answers, and the report around it.
    fn finish(&mut self, located: &Located) -> VerdictReport {
        let refused = self.answers.values().find_map(|answer| match answer {
            Err(error) if error.starts_with(LOCAL_NETWORK_REFUSED) => Some(error.clone()),
            _ => None,
        });
        let checking = located.origin != LoadOrigin::StoreMode;
        let (central_fetch, store_fetch, pending, preference) = if checking {
            let property = self.inputs.preference_property.clone();
            let preference = match self.inputs.ignore_version_check {
                Some(permission) => PreferenceFinding::from_host(Some(permission)),
                None if self.inputs.before_login => PreferenceFinding::Unavailable {
                    error: "it is read at login; before login there is no session".into(),
                },
                None => match self.parsed(RequestName::Preferences, true, parse_preferences) {
                    Some(Ok((ctx, records))) => evaluate(&records, &property, &ctx),
                    Some(Err(error)) => PreferenceFinding::Unavailable { error },
                    None => PreferenceFinding::NotSet,
                },
            };
            let central =
                match self.parsed(RequestName::CentralVersion, located.central.is_some(), |b| {
                    parse_version_info(b).map(|i| i.modules)
                }) {
                    Some(result) => Fetch::from(result),
                    None => Fetch::Failed(located.central_missing.clone()),
                };
            // One answer gives the store's versions and its pending count; a bad count leaves
            // the versions usable (decision row 7).
            let (store, pending) = match self.parsed(
                RequestName::StoreStatus,
                located.store.is_some(),
                parse_store_status,
            ) {
                Some(answer) => {
                    let (info, pending) = StoreStatus::split(answer);
                    (Fetch::from(info.map(|i| i.modules)), Fetch::from(pending))
                }
                None => (
                    Fetch::Failed(located.store_missing.clone()),
                    Fetch::Failed(located.store_missing.clone()),
                ),
            };
            (central, store, pending, preference)
        } else {
            (Fetch::NotFetched, Fetch::NotFetched, Fetch::NotFetched, PreferenceFinding::NotSet)
        };

        let verdict = decide(&LoginInputs {
            origin: located.origin,
            central: &central_fetch,
            store: &store_fetch,
            pending: &pending,
            preference: &preference,
            property: &self.inputs.preference_property,
        });
        let mut report = VerdictReport::new(
            &verdict,
            ReportContext {
                loaded_from: located.origin,
                terminal: &self.inputs.terminal,
                store_server: located.store_key.as_deref(),
                store_mode: located.store_mode.clone(),
                preference: &preference,
                timings: self.timings,
                diagnostics: std::mem::take(&mut self.inputs.diagnostics),
            },
        );
        if let Some(error) = refused {
            let why = cannot_check_local_network(&error);
            report.diagnostics.push(why.clone());
            report.cannot_check = Some(why);
        }
        report
    }
}
