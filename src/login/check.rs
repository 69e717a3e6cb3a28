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
//!   poll() -> Fetch([CentralVersion, StoreStatus,             phase 2, not in store mode:
//!                    Preferences | TerminalInfo?])             the preference's records at
//!   receive(name, answer, ms) ...                             login; before login, central's
//!   poll() -> Done(VerdictReport)                             client-level value
//! ```
//!
//! The hot-fix preference is decided by the records alone (the seed's rule: a client-level `Y`
//! without filters), read in the same phase as the versions, so it adds no wait. The host's own
//! resolved permission is reported beside it, never trusted alone: Openbravo resolves a
//! system-level or filtered record too. Before login there is no session: central's terminal
//! information tells the value in force for the terminal's client, and only when central
//! cannot answer does the value last seen at a login on this till count.
//!
//! A request whose answer never came is taken as failed ("no answer"), so a caller that gives
//! up on a request (its time limit) still gets a verdict by the decision table.

use serde::{Deserialize, Serialize};

use crate::login::decision::{decide, Fetch, LoadOrigin, LoginInputs};
use crate::login::preference::{evaluate, PreferenceFinding, DEFAULT_PROPERTY};
use crate::login::report::{ReportContext, Timings, VerdictReport, When};
use crate::login::store_mode::{self, load_origin, StoreModeRefusal, UrlParser};
use crate::servers::failure::{Failure, Peer};
use crate::servers::json::{
    parse_preferences, parse_server_definitions_current, parse_store_status, parse_terminal_info,
    parse_version_info,
};
use crate::servers::protocol::{Service, ServicePaths, YesNo, TERMINAL_PARAM};
use crate::servers::wire::{
    ClientPreferenceData, ServerDefinition, ServerType, StoreStatus, WireError,
};

/// A request the check needs, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RequestName {
    /// Central's server definitions (phase 1).
    ServerDefinitions,
    /// The terminal's store server and, before login, the hot-fix preference in force for its
    /// client, from central (phase 1; phase 2 before login when the host gave the store).
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

/// The answer to a request: the body of a 2xx answer, or why there is none.
pub type Answer = Result<Vec<u8>, Failure>;

/// The failure of the request `name`, refused by the browser's Local Network Access rules (a
/// page on a public address asking a private or loopback one without the user's or the
/// policy's permission). The glue tells it from an unreachable server by the Permissions API,
/// after the request failed.
pub fn local_network_refused(name: RequestName) -> Failure {
    Failure::LocalNetworkRefused(match name {
        RequestName::StoreStatus => Peer::Store,
        _ => Peer::Central,
    })
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
    /// The key, among `servers`, of the server this page runs on, as that server itself said
    /// (the host's list's `currentServer`): it decides where the page runs (decision row 1);
    /// origins are compared only when no server said it.
    pub page_server: Option<String>,
    /// The host's resolved ignore-version-check permission: reported in the diagnostics, never
    /// trusted alone (the records decide).
    pub host_permission: Option<bool>,
    /// The value last seen at a login on this till: before login, it counts only when central
    /// cannot tell the value in force for the terminal's client.
    pub last_seen_preference: Option<bool>,
    /// The preference's property name.
    pub preference_property: String,
    /// Where each service is below a server's URL.
    pub paths: ServicePaths,
    /// The check runs before login (at the WebPOS's start): there is no session, so the
    /// preference records cannot be read; central's client-level value counts instead.
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
            page_server: None,
            host_permission: None,
            last_seen_preference: None,
            preference_property: DEFAULT_PROPERTY.to_owned(),
            paths: ServicePaths::default(),
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
pub struct TerminalServers {
    /// Central's server definitions.
    pub servers: Vec<ServerDefinition>,
    /// The terminal's store server.
    pub store_server: String,
    /// The server the page runs on, as a server said (its key), when one did.
    pub page_server: Option<String>,
}

/// What phase 1 established: where the page runs and which servers the check talks to.
struct CheckTargets {
    origin: LoadOrigin,
    central: Option<ServerDefinition>,
    store: Option<ServerDefinition>,
    store_key: Option<String>,
    store_mode: Result<String, StoreModeRefusal>,
    central_missing: String,
    store_missing: String,
}

enum Phase {
    Start,
    Locating,
    Checking(Box<CheckTargets>),
    Done(Box<VerdictReport>),
}

/// One login check, from the host's inputs to the verdict.
pub struct Check<P> {
    inputs: CheckInputs,
    parser: P,
    phase: Phase,
    /// The requests of the phase in progress not yet answered: only their answers count.
    awaited: Vec<RequestName>,
    /// Each request's answer, by `RequestName as usize` (five at most: no map needed).
    answers: [Option<Answer>; RequestName::ALL.len()],
    timings: Timings,
    learned: Option<TerminalServers>,
    /// Before login: central's answer about the preference in force for the terminal's client
    /// (`Ok(None)` when central's terminal information does not tell it).
    client_preference: Option<Result<Option<ClientPreferenceData>, String>>,
}

fn with_query(url: String, name: &str, value: &str) -> String {
    format!("{url}?{name}={}", crate::base::text::percent_encoded(value))
}

const DEFINITIONS_UNAVAILABLE: &str = "server definitions unavailable";

impl<P: UrlParser> Check<P> {
    /// A check of `inputs`; URLs are parsed with `parser` (the browser's own in the glue).
    pub fn new(inputs: CheckInputs, parser: P) -> Self {
        Self {
            inputs,
            parser,
            phase: Phase::Start,
            awaited: Vec::new(),
            answers: Default::default(),
            timings: Timings::default(),
            learned: None,
            client_preference: None,
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
        self.answers[name as usize] = Some(answer);
    }

    /// The servers and the terminal's store server this check found (once past phase 1), when
    /// it found both.
    pub fn learned(&self) -> Option<&TerminalServers> {
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
                    let targets = self.locate();
                    let requests = self.checking_requests(&targets);
                    self.phase = Phase::Checking(Box::new(targets));
                    if !requests.is_empty() {
                        return self.fetch(requests);
                    }
                }
                Phase::Checking(targets) => {
                    let report = Box::new(self.finish(&targets));
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
    ) -> Option<Result<T, Failure>> {
        if !requested {
            return None;
        }
        Some(match self.answers[name as usize].take() {
            Some(Ok(body)) => parse(&body).map_err(Failure::Answer),
            Some(Err(error)) => Err(error),
            None => Err(Failure::NoAnswer),
        })
    }

    fn wants_definitions(&self) -> bool {
        self.inputs.servers.is_none()
    }

    fn wants_terminal(&self) -> bool {
        self.inputs.store_server.is_none() && !self.inputs.terminal.is_empty()
    }

    /// The terminal information request to `base`, naming the preference's property.
    fn terminal_request(&self, base: &str) -> Request {
        let url = self.inputs.paths.url(base, Service::TerminalInfo);
        let url = with_query(url, TERMINAL_PARAM, &self.inputs.terminal);
        let property = crate::base::text::percent_encoded(&self.inputs.preference_property);
        Request {
            name: RequestName::TerminalInfo,
            url: format!("{url}&property={property}"),
            credentials: Credentials::SameOrigin,
        }
    }

    /// Phase 1: central's server definitions and the terminal's store server, unless given.
    fn locating_requests(&self) -> Vec<Request> {
        let base = &self.inputs.server_url;
        let mut requests = Vec::new();
        if self.wants_definitions() {
            requests.push(Request {
                name: RequestName::ServerDefinitions,
                url: self.inputs.paths.url(base, Service::ServerDefinitions),
                credentials: Credentials::SameOrigin,
            });
        }
        if self.wants_terminal() {
            requests.push(self.terminal_request(base));
        }
        requests
    }

    fn origin_of(&self, url: &str) -> Option<String> {
        crate::login::store_mode::web_origin(url, &self.parser)
    }

    /// Where the page runs, which servers are central and the store, and the store-mode URL.
    fn locate(&mut self) -> CheckTargets {
        let wants_definitions = self.wants_definitions();
        let wants_terminal = self.wants_terminal();
        let (definitions, page_server) = match self.inputs.servers.take() {
            Some(servers) => (Ok(servers), self.inputs.page_server.take()),
            None => match self
                .parsed(
                    RequestName::ServerDefinitions,
                    wants_definitions,
                    parse_server_definitions_current,
                )
                .unwrap_or(Err(Failure::NoAnswer))
            {
                Ok((servers, current)) => (Ok(servers), current),
                Err(e) => (Err(e.to_string()), None),
            },
        };
        let terminal_answer = self
            .parsed(RequestName::TerminalInfo, wants_terminal, parse_terminal_info)
            .map(|answer| answer.map_err(|e| e.to_string()));
        if let Some(answer) = &terminal_answer {
            self.client_preference =
                Some(answer.as_ref().map(|t| t.client_preference.clone()).map_err(Clone::clone));
        }
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
        let said = page_server.as_deref().map(|key| (key, servers.iter().find(|s| s.key == key)));
        let origin = match said {
            Some((key, Some(server))) => {
                let (what, origin) = match server.server_type {
                    ServerType::Main => ("central", LoadOrigin::Central),
                    ServerType::Store => ("a store server: store mode", LoadOrigin::StoreMode),
                };
                self.inputs.diagnostics.push(format!(
                    "The server that served this page says it is {} ({what}).",
                    crate::base::text::quoted(key)
                ));
                origin
            }
            Some((key, None)) => {
                self.inputs.diagnostics.push(format!(
                    "The server that served this page calls itself {}, which is not in the server definitions; the page's origin decides where it runs.",
                    crate::base::text::quoted(key)
                ));
                load_origin(page_origin, store_origins.iter().map(String::as_str))
            }
            None => load_origin(page_origin, store_origins.iter().map(String::as_str)),
        };
        if origin == LoadOrigin::Central
            && said.is_none()
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
            ),
            None => Err(StoreModeRefusal::NoStoreServer),
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
            self.learned = Some(TerminalServers {
                servers: servers.clone(),
                store_server: key.clone(),
                page_server: page_server.clone(),
            });
        }
        CheckTargets {
            origin,
            central,
            store,
            store_key,
            store_mode,
            central_missing,
            store_missing,
        }
    }

    /// Whether phase 2 asks central for the terminal's client-level preference: before login,
    /// when phase 1 did not (the host gave the store).
    fn wants_client_preference(&self) -> bool {
        self.inputs.before_login
            && self.client_preference.is_none()
            && !self.inputs.terminal.is_empty()
    }

    /// Phase 2, from central only: central's versions, the store's status (its versions and
    /// pending count) and the preference (its records at login; before login, the value in
    /// force for the terminal's client), all at once.
    fn checking_requests(&self, targets: &CheckTargets) -> Vec<Request> {
        if targets.origin == LoadOrigin::StoreMode {
            return Vec::new();
        }
        let paths = &self.inputs.paths;
        let mut requests = Vec::new();
        let mut push = |name, server: Option<&ServerDefinition>, service, credentials| {
            if let Some(server) = server {
                let url = paths.url(&server.url, service);
                requests.push(Request { name, url, credentials });
            }
        };
        let (central, store) = (targets.central.as_ref(), targets.store.as_ref());
        push(
            RequestName::CentralVersion,
            central,
            Service::VersionInformation,
            Credentials::SameOrigin,
        );
        push(RequestName::StoreStatus, store, Service::StoreStatus, Credentials::Omit);
        let base = central.map_or(self.inputs.server_url.as_str(), |c| c.url.as_str());
        if !self.inputs.before_login {
            requests.push(Request {
                name: RequestName::Preferences,
                url: with_query(
                    paths.url(base, Service::Preferences),
                    "property",
                    &self.inputs.preference_property,
                ),
                credentials: Credentials::SameOrigin,
            });
        } else if self.wants_client_preference() {
            requests.push(self.terminal_request(base));
        }
        requests
    }

    /// The preference's finding: at login from the records; before login from central's
    /// client-level value, else the value last seen at a login here. Notes go to `notes`.
    fn preference(&mut self, notes: &mut Vec<String>) -> PreferenceFinding {
        let property = self.inputs.preference_property.clone();
        let finding = if self.inputs.before_login {
            self.preference_before_login(&property, notes)
        } else {
            match self.parsed(RequestName::Preferences, true, parse_preferences) {
                Some(Ok((ctx, records))) => evaluate(&records, &property, &ctx),
                Some(Err(error)) => PreferenceFinding::Unavailable { error: error.to_string() },
                None => PreferenceFinding::NotSet,
            }
        };
        if let Some(host) = self.inputs.host_permission {
            let value = if host { "true (Y)" } else { "false" };
            let trusted = if finding.skips_check() == host {
                "the records agree"
            } else if host {
                "the guard does not skip the check on it: Openbravo resolves a system-level or filtered record too, which the hot-fix rule does not honour, so only the records decide"
            } else {
                "the records decide"
            };
            notes.push(format!("The WebPOS's permissions say {property} is {value}; {trusted}."));
        }
        finding
    }

    fn preference_before_login(
        &mut self,
        property: &str,
        notes: &mut Vec<String>,
    ) -> PreferenceFinding {
        // Asked in phase 2 when phase 1 did not ask (the host gave the store).
        if self.wants_client_preference() {
            let answer = self.parsed(RequestName::TerminalInfo, true, parse_terminal_info);
            self.client_preference =
                answer.map(|a| a.map(|t| t.client_preference).map_err(|e| e.to_string()));
        }
        let central = match self.client_preference.take() {
            Some(Ok(Some(told))) if told.property == property => Ok(told),
            Some(Ok(Some(told))) => Err(format!(
                "central answered for the property {}, not {property}",
                crate::base::text::quoted(&told.property)
            )),
            Some(Ok(None)) => Err("central's terminal information does not tell it".to_owned()),
            Some(Err(error)) => Err(error),
            None => Err("there is no terminal to ask central about".to_owned()),
        };
        match central {
            Ok(ClientPreferenceData { value: Some(value), record, .. })
                if YesNo::parse(&value).is_none() =>
            {
                let record_id = record.unwrap_or_else(|| "not named by central".to_owned());
                PreferenceFinding::NotHonoured {
                    record_id,
                    problems: vec![crate::login::preference::Problem::InvalidValue(value)],
                }
            }
            Ok(told) => {
                let skip = told.value.as_deref().map(YesNo::is_yes);
                let said = match (&told.value, &told.record) {
                    (Some(value), Some(record)) => format!("{value} (record {record})"),
                    (Some(value), None) => value.clone(),
                    (None, _) => "not set at client level".to_owned(),
                };
                notes.push(format!(
                    "Before login, central says {property} for this terminal's client is {said}."
                ));
                match skip {
                    Some(skip) => PreferenceFinding::Honoured { skip, record_id: told.record },
                    None => PreferenceFinding::NotSet,
                }
            }
            Err(why) => match self.inputs.last_seen_preference {
                Some(skip) => {
                    let value = YesNo::of(skip).as_str();
                    notes.push(format!(
                        "Before login, central could not tell {property} ({why}): the value last seen at a login on this till ({value}) counts."
                    ));
                    PreferenceFinding::Honoured { skip, record_id: None }
                }
                None => PreferenceFinding::Unavailable {
                    error: format!("before login, central could not tell it ({why}), and no login on this till has seen it"),
                },
            },
        }
    }

    /// The decision from the answers, and the report around it.
    fn finish(&mut self, targets: &CheckTargets) -> VerdictReport {
        let refused = self.answers.iter().flatten().find_map(|answer| match answer {
            Err(error @ Failure::LocalNetworkRefused(_)) => Some(error.to_string()),
            _ => None,
        });
        let checking = targets.origin != LoadOrigin::StoreMode;
        let mut notes = Vec::new();
        let (central_fetch, store_fetch, pending, preference) = if checking {
            let preference = self.preference(&mut notes);
            let central =
                match self.parsed(RequestName::CentralVersion, targets.central.is_some(), |b| {
                    parse_version_info(b).map(|i| i.modules)
                }) {
                    Some(result) => Fetch::from(result),
                    None => Fetch::Failed(targets.central_missing.clone()),
                };
            // One answer gives the store's versions and its pending count; a bad count leaves
            // the versions usable (decision row 7).
            let (store, pending) = match self.parsed(
                RequestName::StoreStatus,
                targets.store.is_some(),
                parse_store_status,
            ) {
                Some(answer) => {
                    let (info, pending) = StoreStatus::split(answer);
                    (Fetch::from(info.map(|i| i.modules)), Fetch::from(pending))
                }
                None => (
                    Fetch::Failed(targets.store_missing.clone()),
                    Fetch::Failed(targets.store_missing.clone()),
                ),
            };
            (central, store, pending, preference)
        } else {
            (Fetch::NotFetched, Fetch::NotFetched, Fetch::NotFetched, PreferenceFinding::NotSet)
        };

        let verdict = decide(&LoginInputs {
            origin: targets.origin,
            central: &central_fetch,
            store: &store_fetch,
            pending: &pending,
            preference: &preference,
            property: &self.inputs.preference_property,
        });
        let mut report = VerdictReport::new(
            &verdict,
            ReportContext {
                loaded_from: targets.origin,
                terminal: &self.inputs.terminal,
                store_server: targets.store_key.as_deref(),
                store_mode: targets.store_mode.clone(),
                preference: &preference,
                timings: self.timings,
                diagnostics: [std::mem::take(&mut self.inputs.diagnostics), notes].concat(),
            },
        );
        if self.inputs.before_login {
            report.when = When::Startup;
        }
        if let Some(error) = refused {
            let why = cannot_check_local_network(&error);
            report.diagnostics.push(why.clone());
            report.cannot_check = Some(why);
        }
        report
    }
}
