//! The tills' reports, received on central's origin beside the overview (`POST
//! api/till-report`), and the store panel's list of them (`GET api/tills`, admins only, in
//! `api`). Who may report: only a logged-in Openbravo session (any role: a cashier's till
//! reports), only from the page's own origin, only for a terminal of the session's own client
//! (the terminal's store server, as central's `TerminalStoreServer` names it, belongs to the
//! session's client in central's definitions); each report at most 4 KiB, rate-limited per
//! session and per terminal. The store server kept is central's, not the till's claim.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use webpos_version_guard::login::till_report::{self, too_large};
use webpos_version_guard::servers::json::{parse_terminal_info, parse_version_check_preferences};
use webpos_version_guard::servers::protocol::Service;

use crate::api::{refuse, too_many};
use crate::auth::{same_origin, Access, Sessions};
use crate::collector::Collector;
use openbravo_serve::rate::RateLimit;

/// How long central's answer about a terminal's store server is kept (an error: a few seconds).
const TERMINAL_KEPT: Duration = Duration::from_secs(600);
const TERMINAL_ERROR_KEPT: Duration = Duration::from_secs(10);

/// The most terminals whose store server is kept.
const TERMINALS_KEPT: usize = 50_000;

/// What the intake holds.
#[derive(Clone)]
pub struct Intake {
    collector: Arc<Collector>,
    sessions: Arc<Sessions>,
    per_session: Arc<RateLimit>,
    per_terminal: Arc<RateLimit>,
    terminals: Arc<Mutex<TerminalStores>>,
}

/// Central's answer about each terminal's store server, and when it was asked.
type TerminalStores = HashMap<String, (Instant, Result<Option<String>, String>)>;

impl Intake {
    /// The intake of `collector`, sharing the overview's cache of sessions.
    pub fn new(collector: Arc<Collector>, sessions: Arc<Sessions>) -> Self {
        Self {
            collector,
            sessions,
            // A till reports at its start and at each login: 6 a minute is room for retries;
            // a chain's opening (10,000 tills in a minute) fits in the overall limit.
            per_session: Arc::new(RateLimit::new(
                "Reporting",
                " reports",
                (6, Duration::from_secs(60)),
                (30_000, Duration::from_secs(60)),
            )),
            per_terminal: Arc::new(RateLimit::new(
                "Reporting for one terminal",
                " reports",
                (6, Duration::from_secs(60)),
                (30_000, Duration::from_secs(60)),
            )),
            terminals: Arc::default(),
        }
    }

    /// The terminal's store server as central names it (`None`: it has none); why not, when
    /// central cannot say or does not know the terminal.
    async fn store_of(&self, terminal: &str) -> Result<Option<String>, String> {
        {
            let kept = self.terminals.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, answer)) = kept.get(terminal) {
                let ttl = if answer.is_ok() { TERMINAL_KEPT } else { TERMINAL_ERROR_KEPT };
                if at.elapsed() < ttl {
                    return answer.clone();
                }
            }
        }
        let config = self.collector.config();
        let url = config.paths.url(&config.central, Service::TerminalInfo);
        let url = match reqwest::Url::parse(&url) {
            Ok(mut url) => {
                url.query_pairs_mut().append_pair("terminal", terminal);
                url.to_string()
            }
            Err(e) => return Err(format!("central's URL: {e}")),
        };
        let answer = match self.collector.fetcher().get_any(&url, &[]).await {
            Ok((200..=299, body)) => {
                parse_terminal_info(&body).map(|t| t.store_server).map_err(|e| e.to_string())
            }
            Ok((404, _)) => Err(format!("central knows no terminal {}", quoted(terminal))),
            Ok((status, _)) => Err(format!("central answered HTTP {status} about the terminal")),
            Err(e) => Err(e.to_string()),
        };
        let mut kept = self.terminals.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= TERMINALS_KEPT {
            kept.retain(|_, (at, _)| at.elapsed() < TERMINAL_KEPT);
            if kept.len() >= TERMINALS_KEPT {
                kept.clear();
            }
        }
        kept.insert(terminal.to_owned(), (Instant::now(), answer.clone()));
        answer
    }
}

impl Intake {
    /// The client of the store `store` in central's definitions: as the last pass read it, or
    /// (before the first pass) central's preferences answer, as the pass reads it.
    async fn client_of(&self, store: &str) -> Result<Option<String>, String> {
        if let Some(client) = self.collector.server_client(store) {
            return Ok(Some(client));
        }
        let config = self.collector.config();
        let path = config.paths.path(Service::VersionCheckPreferences);
        let body = self
            .collector
            .fetcher()
            .send_credential(crate::fetch::Method::GET, &config.central, path, &[])
            .await
            .map_err(|e| e.to_string())?;
        let data = parse_version_check_preferences(&body).map_err(|e| e.to_string())?;
        Ok(data.servers.into_iter().find(|p| p.server == store).map(|p| p.client))
    }
}

fn quoted(text: &str) -> String {
    webpos_version_guard::base::text::quoted(text)
}

/// `POST api/till-report`: a till's report of one check.
pub async fn till_report(
    State(intake): State<Intake>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let config = intake.collector.config();
    if let Err(why) = same_origin(&headers, config.public_origin.as_deref(), config.trust_forwarded)
    {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    if let Some(why) = too_large(body.len()) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, why);
    }
    let who = match intake.sessions.access(&intake.collector, &headers).await {
        Access::Admin(who) | Access::NotAdmin(who) => who,
        Access::NotLoggedIn => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "Not logged in: only a logged-in till reports".into(),
            )
        }
        Access::Unavailable(why) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("central could not say who is logged in: {why}"),
            )
        }
    };
    let mut report = match till_report::read(&body) {
        Ok(report) => report,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    let now = Instant::now();
    if let Err((wait, why)) =
        intake.per_session.take(&format!("{}:{}", who.user, session_of(&headers, &intake)), 1, now)
    {
        return too_many(wait, why);
    }
    if let Err((wait, why)) = intake.per_terminal.take(&report.terminal, 1, now) {
        return too_many(wait, why);
    }
    let Some(client) = who.client.as_deref() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "central does not say the session's client (its agent predates till reports)".into(),
        );
    };
    let store = match intake.store_of(&report.terminal).await {
        Ok(Some(store)) => store,
        Ok(None) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "terminal {} has no store server in central's definitions",
                    quoted(&report.terminal)
                ),
            )
        }
        Err(why) if why.starts_with("central knows no terminal") => {
            return refuse(StatusCode::NOT_FOUND, why)
        }
        Err(why) => return refuse(StatusCode::SERVICE_UNAVAILABLE, why),
    };
    match intake.client_of(&store).await {
        Ok(Some(owner)) if owner == client => {}
        Ok(_) => {
            return refuse(
                StatusCode::FORBIDDEN,
                format!("terminal {} is not of the session's client", quoted(&report.terminal)),
            )
        }
        Err(why) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("central could not say the store server's client: {why}"),
            )
        }
    }
    // Central's word for the store server, not the till's.
    report.store_server = Some(store);
    match intake.collector.record_till(&who.user, report) {
        Ok(received) => (StatusCode::ACCEPTED, axum::Json(received)).into_response(),
        Err(replayed) => refuse(StatusCode::CONFLICT, replayed),
    }
}

/// The session cookie's value, as the rate limit's key (never sent anywhere).
fn session_of(headers: &HeaderMap, intake: &Intake) -> String {
    let name = &intake.collector.config().session_cookie;
    let values =
        headers.get_all(axum::http::header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    webpos_version_guard::servers::protocol::cookie(values, name)
        .unwrap_or("")
        .chars()
        .take(64)
        .collect()
}
