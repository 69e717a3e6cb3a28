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
use webpos_version_guard::login::store_mode::web_origin;
use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::servers::json::parse_envelope;
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::servers::wire::SessionInfoData;

use crate::collector::Collector;

/// How long central's answer about one session is kept.
const KEPT: Duration = Duration::from_secs(5);

/// Whose a session is: the user's name and the session's client (`None` from an agent before
/// issue #39, which does not say it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    /// The login name.
    pub user: String,
    /// The session's client.
    pub client: Option<String>,
}

/// What central says of a request's session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// An admin: the page, the stream, Modules by Server and Recompute are theirs.
    Admin(Who),
    /// No session (HTTP 401).
    NotLoggedIn,
    /// A session whose role does not administer the client (HTTP 403 to the overview; a
    /// cashier's till may still report).
    NotAdmin(Who),
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
            Self::NotAdmin(Who { user, .. }) => Some((
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
    answers: Mutex<Answers>,
}

/// Central's answer about each session, by its cookie's value: when asked, and the answer (one
/// question in flight).
type Answers = HashMap<String, (Instant, Arc<OnceCell<Access>>)>;

/// The most sessions whose answers are kept at once.
pub const SESSIONS_KEPT: usize = 10_000;

impl Sessions {
    /// What central says of the session in `headers`: only Openbravo's session cookie counts
    /// (its name in the collector's settings), and only it goes to central.
    pub async fn access(&self, collector: &Collector, headers: &HeaderMap) -> Access {
        let name = &collector.config().session_cookie;
        let values = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
        let Some(id) = webpos_version_guard::servers::protocol::cookie(values, name)
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Answers> {
        self.answers.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

async fn ask_central(collector: &Collector, cookie: &str) -> Access {
    let config = collector.config();
    let url = config.paths.url(&config.central, Service::SessionInfo);
    match collector.fetcher().get_any(&url, &[("cookie", cookie)]).await {
        Ok((401, _)) => Access::NotLoggedIn,
        Ok((200..=299, body)) => match parse_envelope::<SessionInfoData>(&body) {
            Ok(info) => {
                let who = Who { user: info.user, client: info.client };
                if info.client_admin {
                    Access::Admin(who)
                } else {
                    Access::NotAdmin(who)
                }
            }
            Err(e) => Access::Unavailable(e.to_string()),
        },
        Ok((status, _)) => Access::Unavailable(format!("HTTP {status}")),
        Err(e) => Access::Unavailable(e.to_string()),
    }
}

/// Whether a state-changing request comes from the overview's own page (CSRF): `Origin` must
/// be the page's origin, compared in full (scheme, host, port), and `Sec-Fetch-Site`, when the
/// browser sends it, `same-origin`. The page's origin is `public_origin` when configured
/// (`--public-origin`, what a reverse proxy serves it as: the check that holds behind any
/// proxy); else the request's `Host` (scheme not known: compared by host and port), or, only
/// with `trust_forwarded` (`--trust-forwarded-host`, behind a proxy that sets them), the
/// proxy's `X-Forwarded-Proto` and `X-Forwarded-Host`. `Origin: null`, a missing `Host` and
/// an unreadable header are refused.
pub fn same_origin(
    headers: &HeaderMap,
    public_origin: Option<&str>,
    trust_forwarded: bool,
) -> Result<(), String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let refused = |origin: &str| {
        format!("a request from {origin} may not change anything here (cross-site request refused)")
    };
    let Some(origin) = text("origin").filter(|o| !o.is_empty()) else {
        return Err("the request has no Origin header: state changes are taken from the overview's own page only".into());
    };
    if let Some(site) = text("sec-fetch-site") {
        if !site.eq_ignore_ascii_case("same-origin") {
            return Err(refused(origin));
        }
    }
    let Some(given) = parse_origin(origin) else {
        return Err(refused(origin));
    };
    let same = match public_origin.and_then(parse_origin) {
        Some(public) => public == given,
        None => {
            let forwarded = trust_forwarded.then(|| text("x-forwarded-host")).flatten();
            match forwarded {
                Some(host) => {
                    let proto = text("x-forwarded-proto").unwrap_or("http").to_ascii_lowercase();
                    parse_origin(&format!("{proto}://{host}")).as_ref() == Some(&given)
                }
                // The scheme is not known from Host: the origin's own, with Host's authority.
                None => match (text("host"), given.split_once("://")) {
                    (Some(host), Some((scheme, _))) => {
                        parse_origin(&format!("{scheme}://{host}")).as_ref() == Some(&given)
                    }
                    _ => false,
                },
            }
        }
    };
    if same {
        Ok(())
    } else {
        Err(refused(origin))
    }
}

/// An `Origin`-shaped text (`scheme://host[:port]`, nothing more) as its WHATWG origin (the
/// core's `web_origin`: lower case, the default port left out); `None` for `null` or anything
/// else.
fn parse_origin(origin: &str) -> Option<String> {
    let (_, rest) = origin.trim().trim_end_matches('/').split_once("://")?;
    if rest.is_empty() || rest.contains(['/', '@', '?', '#']) {
        return None;
    }
    web_origin(origin.trim().trim_end_matches('/'), &UrlCrate)
}

#[cfg(test)]
mod tests {
    use super::same_origin;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_public_origin_is_compared_in_full() {
        let public = Some("https://central.example");
        let ok = headers(&[("origin", "https://central.example"), ("host", "127.0.0.1:8620")]);
        assert!(same_origin(&ok, public, false).is_ok());
        let port = headers(&[("origin", "https://central.example:443")]);
        assert!(same_origin(&port, public, false).is_ok());
        let scheme = headers(&[("origin", "http://central.example")]);
        assert!(same_origin(&scheme, public, false).is_err());
        let null = headers(&[("origin", "null")]);
        assert!(same_origin(&null, public, false).is_err());
        let none = headers(&[("host", "central.example")]);
        assert!(same_origin(&none, public, false).is_err());
        let cross =
            headers(&[("origin", "https://central.example"), ("sec-fetch-site", "cross-site")]);
        assert!(same_origin(&cross, public, false).is_err());
        let site =
            headers(&[("origin", "https://central.example"), ("sec-fetch-site", "same-origin")]);
        assert!(same_origin(&site, public, false).is_ok());
    }

    #[test]
    fn forwarded_headers_count_only_when_trusted() {
        let forged = headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8620"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-proto", "https"),
        ]);
        assert!(same_origin(&forged, None, false).is_err(), "X-Forwarded-Host not trusted");
        assert!(same_origin(&forged, None, true).is_ok(), "trusted behind a proxy that sets it");
        let host = headers(&[("origin", "http://127.0.0.1:8620"), ("host", "127.0.0.1:8620")]);
        assert!(same_origin(&host, None, false).is_ok());
        let no_host = headers(&[("origin", "http://127.0.0.1:8620")]);
        assert!(same_origin(&no_host, None, false).is_err());
        let null = headers(&[("origin", "null")]);
        assert!(same_origin(&null, None, false).is_err());
    }
}
