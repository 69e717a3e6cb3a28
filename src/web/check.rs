//! The check: fetch what the decision needs, concurrently and each with a time limit, then let
//! the core decide. No side effects on the page.

use core::cell::Cell;

use wasm_bindgen::JsValue;
use web_sys::Url;

use super::http::{now, request, Credentials, Limits};
use super::join::{join_all, Task};
use super::js_json::{
    parse_pending, parse_preferences, parse_server_definitions, parse_terminal_info,
    parse_version_info,
};
use super::options::Options;
use crate::decision::{decide, Fetch, LoadOrigin, LoginInputs};
use crate::preference::{evaluate, PreferenceFinding};
use crate::protocol::{Service, JSONREST};
use crate::report::{ReportContext, Timings, VerdictReport};
use crate::store_mode::{self, load_origin, StoreModeRefusal, UrlParser, UrlParts};
use crate::text::Describe;
use crate::wire::{ServerDefinition, ServerType, WireError};

/// A GET's body (or why there is none) and how long it took.
struct Timed {
    body: Result<Vec<u8>, String>,
    ms: f64,
}

impl Timed {
    /// The body parsed by `parse`; errors become text for an admin.
    fn parse<U>(self, parse: impl FnOnce(&[u8]) -> Result<U, WireError>) -> Result<U, String> {
        self.body.and_then(|b| parse(&b).map_err(|e| e.describe()))
    }
}

/// One GET: its URL and whether it carries the session cookie.
type Get = Option<(String, Credentials)>;

/// GETs every request at once, each with its own time limit; `None` entries are skipped.
/// Answers come in the order of `requests`. One non-generic function and request future for
/// all six services keeps the wasm small.
async fn get_all(requests: Vec<Get>, limits: Limits) -> Answers {
    let slots: Vec<Cell<Option<Timed>>> = requests.iter().map(|_| Cell::new(None)).collect();
    let mut tasks: Vec<Task<'_>> = Vec::new();
    for (get, slot) in requests.into_iter().zip(&slots) {
        if let Some((url, credentials)) = get {
            tasks.push(Box::pin(async move {
                let started = now();
                let body = request(&url, "GET", credentials, limits).await;
                slot.set(Some(Timed { body, ms: now() - started }));
            }));
        }
    }
    join_all(tasks).await;
    Answers(slots.into_iter())
}

/// What [`get_all`] got, in request order.
struct Answers(std::vec::IntoIter<Cell<Option<Timed>>>);

impl Answers {
    /// The next request's answer (`None` when it was not requested).
    fn next(&mut self) -> Option<Timed> {
        self.0.next().and_then(Cell::into_inner)
    }
}

/// `<base>/<JSONREST>/<class>` of a service; callers pass `Service::….class()`, a constant,
/// so only the class names the guard asks for are in the wasm.
fn service_url(base: &str, class: &str) -> String {
    [base.trim_end_matches('/'), "/", JSONREST, "/", class].concat()
}

fn parts(url: &Url) -> UrlParts {
    UrlParts {
        href: url.href(),
        protocol: url.protocol(),
        username: url.username(),
        password: url.password(),
        origin: url.origin(),
    }
}

fn origin_of(url: &str) -> Option<String> {
    Url::new(url).ok().map(|u| u.origin())
}

/// The browser's own URL parser.
struct BrowserUrl;

impl UrlParser for BrowserUrl {
    fn parse(&self, url: &str) -> Option<UrlParts> {
        Url::new(url).ok().map(|u| parts(&u))
    }

    fn resolve_with_param(
        &self,
        base: &str,
        relative: &str,
        name: &str,
        value: &str,
    ) -> Option<UrlParts> {
        let url = Url::new_with_base(relative, base).ok()?;
        url.search_params().set(name, value);
        Some(parts(&url))
    }
}

/// The store-mode URL for `store`, checked with the browser's own URL parser.
pub fn store_mode_url(
    store: &ServerDefinition,
    terminal: &str,
    page_origin: &str,
) -> Result<String, StoreModeRefusal> {
    store_mode::store_mode_url(&BrowserUrl, &store.url, terminal, page_origin)
}

const DEFINITIONS_UNAVAILABLE: &str = "server definitions unavailable: ";

/// Runs the check and builds the report.
pub async fn run(options: &Options) -> VerdictReport {
    let started = now();
    let limits = Limits { timeout_ms: options.timeout_ms, max_body: options.max_body_bytes };
    let base = options.server_url.clone();
    let page_origin =
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let terminal = options.terminal.clone().unwrap_or_default();
    let mut timings = Timings::default();
    let mut diagnostics = options.problems.clone();

    // Phase 1: central's server definitions and the terminal's store server (unless given).
    let definitions_get = options
        .servers
        .is_none()
        .then(|| (service_url(&base, Service::ServerDefinitions.class()), Credentials::SameOrigin));
    let terminal_get = (options.store_server.is_none() && !terminal.is_empty()).then(|| {
        let query: String = js_sys::encode_uri_component(&terminal).into();
        let url =
            [&service_url(&base, Service::TerminalInfo.class()), "?terminal=", &query].concat();
        (url, Credentials::SameOrigin)
    });
    let mut answers = get_all(vec![definitions_get, terminal_get], limits).await;
    let (definitions, store_key) = (answers.next(), answers.next());
    timings.server_definitions = definitions.as_ref().map(|t| t.ms);
    timings.terminal = store_key.as_ref().map(|t| t.ms);
    // Requested exactly when the host did not give them.
    let fetched;
    let definitions = match &options.servers {
        Some(servers) => Ok(servers.as_slice()),
        None => {
            fetched = definitions
                .map_or(Err("not requested".into()), |t| t.parse(parse_server_definitions));
            fetched.as_deref().map_err(String::as_str)
        }
    };
    let store_lookup = match (&options.store_server, store_key) {
        (Some(key), _) => Ok(Some(key.clone())),
        (None, Some(t)) => t.parse(parse_terminal_info).map(|t| t.store_server),
        (None, None) => {
            Err("no terminal: pass options.terminal or open the page with ?terminal=".into())
        }
    };

    let servers = definitions.unwrap_or_default();
    let central = servers.iter().find(|s| s.server_type == ServerType::Main);
    let store_key = store_lookup.as_ref().ok().cloned().flatten();
    let store = store_key
        .as_deref()
        .and_then(|k| servers.iter().find(|s| s.key == k && s.server_type == ServerType::Store));
    let store_origins: Vec<String> = servers
        .iter()
        .filter(|s| s.server_type == ServerType::Store)
        .filter_map(|s| origin_of(&s.url))
        .collect();
    let origin = load_origin(&page_origin, store_origins.iter().map(String::as_str));
    if origin == LoadOrigin::Central
        && central.and_then(|c| origin_of(&c.url)).is_some_and(|c| c != page_origin)
    {
        diagnostics.push(
            [
                "This page's origin ",
                &page_origin,
                " is neither central's nor a store server's in the server definitions; the check runs as if loaded from central.",
            ]
            .concat(),
        );
    }
    let store_mode = match store {
        Some(store) => store_mode_url(store, &terminal, &page_origin).map_err(|e| e.describe()),
        None => Err(StoreModeRefusal::NoStoreServer.describe()),
    };

    // Why each version source is missing, when it is.
    let central_missing = match &definitions {
        Err(e) => [DEFINITIONS_UNAVAILABLE, e].concat(),
        Ok(_) => "central is not in the server definitions".to_owned(),
    };
    let store_missing = match (&definitions, &store_lookup) {
        (Err(e), _) => [DEFINITIONS_UNAVAILABLE, e].concat(),
        (_, Err(e)) if terminal.is_empty() => e.clone(),
        (_, Err(e)) => ["terminal information unavailable: ", e].concat(),
        (_, Ok(None)) => "the terminal has no store server".to_owned(),
        (_, Ok(Some(k))) => ["store server ", k, " is not in the server definitions"].concat(),
    };

    // Phase 2, from central only: central's and the store's versions, the pending count and
    // the preference, all at once.
    let (central_fetch, store_fetch, pending, preference) = if origin == LoadOrigin::StoreMode {
        (Fetch::NotFetched, Fetch::NotFetched, Fetch::NotFetched, PreferenceFinding::NotSet)
    } else {
        let version_get = |server: Option<&ServerDefinition>, credentials| {
            server.map(|s| (service_url(&s.url, Service::VersionInformation.class()), credentials))
        };
        let pending_get =
            store.map(|s| (service_url(&s.url, Service::PendingSync.class()), Credentials::Omit));
        let preference_get = options.ignore_version_check.is_none().then(|| {
            let prefs_base = central.map_or(base.as_str(), |c| c.url.as_str());
            let query: String = js_sys::encode_uri_component(&options.preference_property).into();
            let url =
                [&service_url(prefs_base, Service::Preferences.class()), "?property=", &query]
                    .concat();
            (url, Credentials::SameOrigin)
        });
        let mut answers = get_all(
            vec![
                version_get(central, Credentials::SameOrigin),
                version_get(store, Credentials::Omit),
                pending_get,
                preference_get,
            ],
            limits,
        )
        .await;
        let (c, s, p, pref) = (answers.next(), answers.next(), answers.next(), answers.next());
        timings.central_version = c.as_ref().map(|t| t.ms);
        timings.store_version = s.as_ref().map(|t| t.ms);
        timings.pending = p.as_ref().map(|t| t.ms);
        timings.preference = pref.as_ref().map(|t| t.ms);
        let preference = match (options.ignore_version_check, pref) {
            (Some(permission), _) => PreferenceFinding::from_host(Some(permission)),
            (None, Some(t)) => match t.parse(parse_preferences) {
                Ok((ctx, records)) => evaluate(&records, &options.preference_property, &ctx),
                Err(error) => PreferenceFinding::Unavailable { error },
            },
            (None, None) => PreferenceFinding::NotSet,
        };
        let modules = |b: &[u8]| parse_version_info(b).map(|i| i.modules);
        let to_fetch = |t: Option<Timed>, missing: &str| match t {
            Some(t) => Fetch::from(t.parse(modules)),
            None => Fetch::Failed(missing.to_owned()),
        };
        let pending = match p {
            Some(t) => Fetch::from(t.parse(parse_pending)),
            None => Fetch::Failed(store_missing.clone()),
        };
        (to_fetch(c, &central_missing), to_fetch(s, &store_missing), pending, preference)
    };

    let verdict = decide(&LoginInputs {
        origin,
        central: &central_fetch,
        store: &store_fetch,
        pending: &pending,
        preference: &preference,
        property: &options.preference_property,
    });
    timings.total = now() - started;
    VerdictReport::new(
        &verdict,
        ReportContext {
            loaded_from: origin,
            terminal: &terminal,
            store_server: store_key.as_deref(),
            store_mode,
            preference: &preference,
            timings,
            diagnostics,
        },
    )
}

/// The report as a plain JS object.
pub fn to_js(report: &VerdictReport) -> JsValue {
    js_sys::JSON::parse(&report.to_json()).unwrap_or(JsValue::NULL)
}
