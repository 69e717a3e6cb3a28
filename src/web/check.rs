//! Runs the core's check plan (`crate::login::check::Check`): makes the requests each phase asks for,
//! concurrently and each with its time limit, and hands the answers back by name. No decision
//! here, and no side effects on the page. What a check learned about the servers is kept for
//! the next check of the same terminal in this page (the login check reuses the startup
//! check's), and the ignore-version-check value a login saw is kept on the till, for a check
//! before the next login when central cannot tell the value in force for the terminal's client.

use std::cell::RefCell;

use futures::future::join_all;
use web_sys::Url;

use super::http::{now, request, Limits, Method};
use super::local_network;
use super::options::Options;
use super::storage::{self, Lasts};
use crate::login::check::{local_network_refused, Check, CheckInputs, Step, TerminalServers};
use crate::login::options::{
    known_servers, may_be_local_network_refusal, read_stored_preference, stored_preference,
    KnownServers, RequestLimits,
};
use crate::login::report::{VerdictReport, When};

thread_local! {
    /// What the last check in this page learned, for its terminal.
    static LEARNED: RefCell<Option<(String, TerminalServers)>> = const { RefCell::new(None) };
}

/// localStorage key prefix of the last ignore-version-check value seen at a login on this till.
const LAST_PREFERENCE_KEY: &str = "webpos-version-guard:ignore-version-check:";

use crate::login::store_mode::{self, StoreModeRefusal, UrlParser, UrlParts};

fn parts(url: &Url) -> UrlParts {
    UrlParts {
        href: url.href(),
        protocol: url.protocol(),
        username: url.username(),
        password: url.password(),
        origin: url.origin(),
        pathname: url.pathname(),
    }
}

/// The browser's own URL parser.
pub(super) struct BrowserUrl;

impl UrlParser for BrowserUrl {
    fn parse(&self, url: &str) -> Option<UrlParts> {
        Url::new(url).ok().map(|u| parts(&u))
    }

    fn resolve_with_params(
        &self,
        base: &str,
        relative: &str,
        params: &[(&str, &str)],
    ) -> Option<UrlParts> {
        let url = Url::new_with_base(relative, base).ok()?;
        let query = url.search_params();
        for (name, value) in params {
            query.set(name, value); // live: the URL follows
        }
        Some(parts(&url))
    }
}

/// The store-mode URL for a store whose URL is `store_url`, checked with the browser's parser
/// (public for the browser table test, tests/store_mode_urls.rs).
pub fn store_mode_url(
    store_url: &str,
    terminal: &str,
    language: &str,
    page_origin: &str,
) -> Result<String, StoreModeRefusal> {
    store_mode::store_mode_url(&BrowserUrl, store_url, terminal, language, page_origin)
}

/// The page's origin.
pub(super) fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Runs the check and returns the verdict.
pub(super) async fn run(options: &Options, when: When) -> VerdictReport {
    let started = now();
    let limits =
        RequestLimits { central_ms: options.timeout_ms, store_ms: options.store_timeout_ms };
    let limits =
        |name| Limits { timeout_ms: limits.for_request(name), max_body: options.max_body_bytes };
    let terminal = options.terminal.clone().unwrap_or_default();
    let diagnostics = options.problems.clone();
    let given = KnownServers {
        servers: options.servers.clone(),
        store_server: options.store_server.clone(),
        page_server: options.page_server.clone(),
    };
    let learned = LEARNED.with(|l| l.borrow().clone());
    let KnownServers { servers, store_server, page_server } =
        known_servers(given, learned, &terminal);
    let last_key = format!("{LAST_PREFERENCE_KEY}{terminal}");
    let last_seen_preference = match when {
        When::Startup => read_stored_preference(storage::get(Lasts::Till, &last_key).as_deref()),
        When::Login => None,
    };
    let inputs = CheckInputs {
        page_origin: page_origin(),
        server_url: options.server_url.clone(),
        terminal: terminal.clone(),
        language: options.host_language.clone().unwrap_or_default(),
        servers,
        store_server,
        page_server,
        host_permission: options.host_permission,
        last_seen_preference,
        preference_property: options.preference_property.clone(),
        paths: options.paths.clone(),
        before_login: when == When::Startup,
        diagnostics,
    };
    let mut check = Check::new(inputs, BrowserUrl);
    loop {
        match check.poll() {
            Step::Fetch(requests) => {
                let origin = page_origin();
                let answers = join_all(requests.into_iter().map(|r| {
                    let origin = &origin;
                    async move {
                        let sent = now();
                        let mut answer =
                            request(&r.url, Method::GET, r.credentials, limits(r.name)).await;
                        let to = BrowserUrl.parse(&r.url).map(|u| u.origin);
                        if may_be_local_network_refusal(origin, to.as_deref(), &answer)
                            && local_network::denied().await
                        {
                            answer = Err(local_network_refused(r.name));
                        }
                        (r.name, answer, now() - sent)
                    }
                }))
                .await;
                for (name, answer, ms) in answers {
                    check.receive(name, answer, ms);
                }
            }
            Step::Done(report) => {
                let mut report = *report;
                report.timings.total = now() - started;
                if let Some(learned) = check.learned() {
                    LEARNED.with(|l| *l.borrow_mut() = Some((terminal.clone(), learned.clone())));
                }
                if when == When::Login {
                    remember_preference(&last_key, report.preference_seen());
                }
                return report;
            }
        }
    }
}

/// Keeps what the core says a login's check leaves to remember of the preference (`Y` or
/// `N`; nothing when it could not be read).
fn remember_preference(key: &str, seen: Option<bool>) {
    if let Some(seen) = seen {
        storage::set(Lasts::Till, key, stored_preference(seen));
    }
}
