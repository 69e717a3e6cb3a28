//! Who may see the overview: central's session with a role that administers the client.
//! The collector never keeps users of its own: it asks central's `SessionInfo` with the
//! browser's Openbravo session cookie only (a page of central's origin sends it; nothing else
//! the visitor sent goes to central), and keeps the answer a few seconds, bounded, one question
//! to central at a time per session. An open stream asks again every few seconds and ends when
//! the session is gone or no longer an administrator's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use axum::http::{header, HeaderMap, StatusCode};
use webpos_version_guard::json::parse_envelope;
use webpos_version_guard::protocol::Service;
use webpos_version_guard::wire::SessionInfoData;

use crate::collector::Collector;

/// How long central's answer about one session is kept.
const KEPT: Duration = Duration::from_secs(5);

/// What central says of a request's session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// An admin: the page, the stream, Modules by Server and Recompute are theirs.
    Admin(String),
    /// No session (HTTP 401).
    NotLoggedIn,
    /// A session whose role does not administer the client (HTTP 403).
    NotAdmin(String),
    /// Central could not say (HTTP 503), with the reason.
    Unavailable(String),
}

impl Access {
    /// The refusal as an HTTP status and a message, when it is one.
    pub fn refusal(&self) -> Option<(StatusCode, String)> {
        match self {
            Self::Admin(_) => None,
            Self::NotLoggedIn => Some((
                StatusCode::UNAUTHORIZED,
                "Not logged in: log in to central with an administrator's role".into(),
            )),
            Self::NotAdmin(user) => Some((
                StatusCode::FORBIDDEN,
                format!("{user} is logged in with a role that does not administer the client: the overview is for administrators"),
            )),
            Self::Unavailable(why) => Some((
                StatusCode::SERVICE_UNAVAILABLE,
                format!("central could not say who is logged in: {why}"),
            )),
        }
    }
}

/// Central's answers, kept a few seconds by session (its cookie's value), at most
/// [`SESSIONS_KEPT`] of them; while central is asked about a session, other requests with it
/// wait for that one answer (single flight).
#[derive(Default)]
pub struct Sessions {
    kept: Mutex<Kept>,
}

/// Central's answer about each session, by its cookie's value: when asked, and the answer (one
/// question in flight).
type Kept = HashMap<String, (Instant, Arc<OnceCell<Access>>)>;

/// The most sessions whose answers are kept at once.
pub const SESSIONS_KEPT: usize = 10_000;

impl Sessions {
    /// What central says of the session in `headers`: only Openbravo's session cookie counts
    /// (its name in the collector's settings), and only it goes to central.
    pub async fn access(&self, collector: &Collector, headers: &HeaderMap) -> Access {
        let name = &collector.config().session_cookie;
        let values = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
        let Some(id) = webpos_version_guard::protocol::cookie(values, name)
            .filter(|id| !id.is_empty() && id.len() <= 256)
            .map(str::to_owned)
        else {
            return Access::NotLoggedIn;
        };
        let cell = {
            let mut kept = self.lock();
            match kept.get(&id) {
                Some((at, cell)) if at.elapsed() < KEPT => cell.clone(),
                _ => {
                    if kept.len() >= SESSIONS_KEPT {
                        kept.retain(|_, (at, _)| at.elapsed() < KEPT);
                    }
                    if kept.len() >= SESSIONS_KEPT {
                        let oldest =
                            kept.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone());
                        if let Some(oldest) = oldest {
                            kept.remove(&oldest);
                        }
                    }
                    let cell = Arc::new(OnceCell::new());
                    kept.insert(id.clone(), (Instant::now(), cell.clone()));
                    cell
                }
            }
        };
        let cookie = format!("{name}={id}");
        let access = cell.get_or_init(|| ask_central(collector, &cookie)).await.clone();
        if matches!(access, Access::Unavailable(_)) {
            // Not kept: the next request asks again.
            let mut kept = self.lock();
            if kept.get(&id).is_some_and(|(_, c)| Arc::ptr_eq(c, &cell)) {
                kept.remove(&id);
            }
        }
        access
    }

    /// How many sessions' answers are kept now.
    pub fn kept(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

async fn ask_central(collector: &Collector, cookie: &str) -> Access {
    let config = collector.config();
    let url = config.paths.url(&config.central, Service::SessionInfo);
    match collector.fetcher().get_any(&url, &[("cookie", cookie)]).await {
        Ok((401, _)) => Access::NotLoggedIn,
        Ok((200..=299, body)) => match parse_envelope::<SessionInfoData>(&body) {
            Ok(info) if info.client_admin => Access::Admin(info.user),
            Ok(info) => Access::NotAdmin(info.user),
            Err(e) => Access::Unavailable(e.to_string()),
        },
        Ok((status, _)) => Access::Unavailable(format!("HTTP {status}")),
        Err(e) => Access::Unavailable(e),
    }
}

/// Whether a state-changing request comes from a page of this origin (CSRF): its `Origin`
/// names the host the request was sent to (`Host`, or the reverse proxy's `X-Forwarded-Host`).
pub fn same_origin(headers: &HeaderMap) -> Result<(), String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(origin) = text("origin") else {
        return Err("the request has no Origin header: state changes are taken from the overview's own page only".into());
    };
    let host = text("x-forwarded-host").or_else(|| text("host")).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or_default();
    if origin_host.eq_ignore_ascii_case(host) {
        Ok(())
    } else {
        Err(format!(
            "a request from {origin} may not change anything here (cross-site request refused)"
        ))
    }
}
