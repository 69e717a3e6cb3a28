//! Runs the core's check plan (`crate::check::Check`): makes the requests each phase asks for,
//! concurrently and each with its time limit, and hands the answers back by name. No decision
//! here, and no side effects on the page.

use futures::future::join_all;
use web_sys::Url;

use super::http::{now, request, Limits, Method};
use super::options::Options;
use crate::check::{Check, CheckInputs, Step};
use crate::report::VerdictReport;
use crate::store_mode::{self, StoreModeRefusal, UrlParser, UrlParts};

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
pub struct BrowserUrl;

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
pub fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Runs the check and returns the verdict.
pub async fn run(options: &Options) -> VerdictReport {
    let started = now();
    let limits = Limits { timeout_ms: options.timeout_ms, max_body: options.max_body_bytes };
    let inputs = CheckInputs {
        page_origin: page_origin(),
        server_url: options.server_url.clone(),
        terminal: options.terminal.clone().unwrap_or_default(),
        language: options.host_language.clone().unwrap_or_default(),
        servers: options.servers.clone(),
        store_server: options.store_server.clone(),
        ignore_version_check: options.ignore_version_check,
        preference_property: options.preference_property.clone(),
        diagnostics: options.problems.clone(),
    };
    let mut check = Check::new(inputs, BrowserUrl);
    loop {
        match check.poll() {
            Step::Fetch(requests) => {
                let answers = join_all(requests.into_iter().map(|r| async move {
                    let sent = now();
                    let answer = request(&r.url, Method::Get, r.credentials, limits).await;
                    (r.name, answer, now() - sent)
                }))
                .await;
                for (name, answer, ms) in answers {
                    check.receive(name, answer, ms);
                }
            }
            Step::Done(report) => {
                let mut report = *report;
                report.timings.total = now() - started;
                return report;
            }
        }
    }
}
