//! Who may see the overview: central's session with a role that administers the client.
//! The collector never keeps users of its own: it asks central's `SessionInfo` with the
//! browser's cookie (a page of central's origin sends it), and keeps the answer a few seconds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// Central's answers, kept by cookie.
#[derive(Default)]
pub struct Sessions {
    kept: Mutex<HashMap<String, (Instant, Access)>>,
}

impl Sessions {
    /// What central says of the session in `headers` (its cookies).
    pub async fn access(&self, collector: &Collector, headers: &HeaderMap) -> Access {
        let Some(cookie) = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()) else {
            return Access::NotLoggedIn;
        };
        if let Some((at, access)) = self.lock().get(cookie) {
            if at.elapsed() < KEPT {
                return access.clone();
            }
        }
        let access = ask_central(collector, cookie).await;
        let mut kept = self.lock();
        kept.retain(|_, (at, _)| at.elapsed() < KEPT);
        if !matches!(access, Access::Unavailable(_)) {
            kept.insert(cookie.to_owned(), (Instant::now(), access.clone()));
        }
        access
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Access)>> {
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
