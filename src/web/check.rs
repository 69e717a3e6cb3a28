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
use super::storage::{self, Kept};
use crate::login::check::{local_network_refused, Check, CheckInputs, Learned, RequestName, Step};
use crate::login::report::VerdictReport;
use crate::servers::failure::Failure;

thread_local! {
    /// What the last check in this page learned, for its terminal.
    static LEARNED: RefCell<Option<(String, Learned)>> = const { RefCell::new(None) };
}

/// localStorage key prefix of the last ignore-version-check value seen at a login on this till.
const LAST_PREFERENCE_KEY: &str = "webpos-version-guard:ignore-version-check:";

/// When the check runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum When {
    /// At the WebPOS's start, before credentials: no session.
    BeforeLogin,
    /// After a login.
    AtLogin,
}
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
    let limits = |name| Limits {
        timeout_ms: if name == RequestName::StoreStatus {
            options.store_timeout_ms
        } else {
            options.timeout_ms
        },
        max_body: options.max_body_bytes,
    };
    let terminal = options.terminal.clone().unwrap_or_default();
    let diagnostics = options.problems.clone();
    let (mut servers, mut store_server) = (options.servers.clone(), options.store_server.clone());
    let mut page_server = options.page_server.clone();
    if servers.is_none() {
        let learned = LEARNED.with(|l| l.borrow().clone()).filter(|(t, _)| *t == terminal);
        if let Some((_, learned)) = learned {
            servers = Some(learned.servers);
            store_server = store_server.or(Some(learned.store_server));
            page_server = learned.page_server;
        }
    }
    let last_key = format!("{LAST_PREFERENCE_KEY}{terminal}");
    let last_seen_preference = match when {
        When::BeforeLogin => match storage::get(Kept::Till, &last_key).as_deref() {
            Some("Y") => Some(true),
            Some("N") => Some(false),
            _ => None,
        },
        When::AtLogin => None,
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
        before_login: when == When::BeforeLogin,
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
                        let elsewhere =
                            BrowserUrl.parse(&r.url).is_some_and(|u| u.origin != *origin);
                        let failed = matches!(answer, Err(Failure::NoResponse(_)));
                        if elsewhere && failed && local_network::denied().await {
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
                if when == When::AtLogin {
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
    match seen {
        Some(true) => storage::set(Kept::Till, key, "Y"),
        Some(false) => storage::set(Kept::Till, key, "N"),
        None => {}
    }
}
