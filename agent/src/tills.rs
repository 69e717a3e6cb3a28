//! The tills' reports on a store server (issue #39): a WebPOS loaded from the store (store
//! mode) reports its check to the server it came from, this store, whose agent holds the
//! reports until central's collector fetches them (`TillReports`, central's credential; the
//! store's `StoreStatus` says when there are new ones, [`TILL_REPORTS_HEADER`]). Central's
//! collector takes the reports of pages loaded from central itself.
//!
//! Who may report here, as at central's collector: only a logged-in Openbravo session of this
//! store (Openbravo's own `ContextInformation`, any role), only from the store's own origin
//! (its server definition's URL, where store mode sends the tills), only for a terminal of the
//! session's client whose store server is this one; each report at most 4 KiB
//! (`MAX_TILL_REPORT_BYTES`), at most 6 a minute per session and per terminal. The store
//! server kept is the agent's own key, never the till's claim. The inbox is in memory, bounded
//! ([`HELD_KEPT`] reports, none older than [`HELD_DAYS`] days): it is a relay, and central keeps
//! what it fetched in its state file.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use openbravo_serve::rate::RateLimit;
use webpos_version_guard::login::store_mode::web_origin;
use webpos_version_guard::login::till_report::{
    self, too_large, HeldMark, HeldReport, HeldReports, TillReport, MAX_HELD_PER_ANSWER,
};
use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::servers::protocol::TILL_REPORTS_HEADER;
use webpos_version_guard::servers::wire::ServerType;
use webpos_version_guard::texts::time::iso8601;

use crate::service::{error, now_secs, ok, unavailable, Agent, CentralCredential};

/// The most reports the inbox holds (the oldest go first).
pub const HELD_KEPT: usize = 1_000;

/// How long a report is held, in days.
pub const HELD_DAYS: u64 = 7;

/// The reports held, numbered in the order they came.
pub struct Inbox {
    /// The inbox's number: the agent's start, in milliseconds since 1970 (numbers start over
    /// with a new one).
    id: u64,
    held: Mutex<(u64, VecDeque<HeldReport>)>,
    per_session: RateLimit,
    per_terminal: RateLimit,
}

impl Default for Inbox {
    fn default() -> Self {
        let id = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_millis() as u64);
        let limit = |what| {
            // A till reports at its start and at each login: 6 a minute leaves room for
            // retries; a store's tills together stay far below the overall limit.
            RateLimit::new(
                what,
                " reports",
                (6, Duration::from_secs(60)),
                (3_000, Duration::from_secs(60)),
            )
        };
        Self {
            id,
            held: Mutex::default(),
            per_session: limit("Reporting"),
            per_terminal: limit("Reporting for one terminal"),
        }
    }
}

impl Inbox {
    fn held(&self) -> std::sync::MutexGuard<'_, (u64, VecDeque<HeldReport>)> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What the store's status says of the reports held.
    pub fn mark(&self) -> HeldMark {
        HeldMark { inbox: self.id, last: self.held().0 }
    }

    /// Holds `report` from `user`, received at `now_secs`; its number. A report whose id is
    /// held already for its terminal (a replay) is refused, in words, and nothing is held.
    pub fn hold(&self, user: String, report: TillReport, now_secs: u64) -> Result<u64, String> {
        let cutoff = iso8601(now_secs.saturating_sub(HELD_DAYS * 86_400));
        let mut held = self.held();
        if let Some(why) = report.replayed(held.1.iter().map(|r| &r.report)) {
            return Err(why);
        }
        held.0 += 1;
        let seq = held.0;
        held.1.push_back(HeldReport { seq, received: iso8601(now_secs), user, report });
        while held.1.len() > HELD_KEPT || held.1.front().is_some_and(|r| r.received < cutoff) {
            held.1.pop_front();
        }
        Ok(seq)
    }

    /// The reports after number `after`, oldest first, at most [`MAX_HELD_PER_ANSWER`].
    pub fn after(&self, after: u64) -> HeldReports {
        let held = self.held();
        let reports =
            held.1.iter().filter(|r| r.seq > after).take(MAX_HELD_PER_ANSWER).cloned().collect();
        HeldReports { inbox: self.id, last: held.0, reports }
    }
}

/// The header a store's `StoreStatus` answer carries: the inbox's mark.
pub fn mark_header(agent: &Agent) -> (header::HeaderName, HeaderValue) {
    let value = HeaderValue::from_str(&agent.tills().mark().to_header())
        .unwrap_or_else(|_| HeaderValue::from_static("0.0"));
    (header::HeaderName::from_static(TILL_REPORTS_HEADER), value)
}

/// Whether the request comes from a page of `own` origin: its `Origin` header is that origin
/// (and, when the browser says, `Sec-Fetch-Site: same-origin`); why not, in words.
fn from_own_origin(headers: &HeaderMap, own: Option<&str>) -> Result<(), String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let Some(origin) = text("origin").filter(|o| !o.is_empty()) else {
        return Err("the request has no Origin header: reports are taken from the store's own WebPOS page only".into());
    };
    let refused =
        || format!("a report from {origin} is not taken here (cross-site request refused)");
    if text("sec-fetch-site").is_some_and(|site| !site.eq_ignore_ascii_case("same-origin")) {
        return Err(refused());
    }
    let Some(own) = own else {
        return Err("this store's own URL is not in its server definitions, so no page is known to be its own".into());
    };
    match web_origin(origin, &UrlCrate) {
        Some(given) if given == own => Ok(()),
        _ => Err(refused()),
    }
}

fn quoted(text: &str) -> String {
    webpos_version_guard::base::text::quoted(text)
}

/// `POST TillReport`: a till's report of a check on a page loaded from this store.
pub(crate) async fn till_report(
    State(agent): State<Arc<Agent>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = &agent.config().server_key;
    let own = match agent.source().own_and_central(key).await {
        Ok((own, _)) => own,
        Err(e) => return unavailable(&e),
    };
    if own.as_ref().is_some_and(|d| ServerType::from_code(&d.server_type) == Some(ServerType::Main))
    {
        return error(
            StatusCode::NOT_FOUND,
            "Central is not a store server: a till on central reports to the overview's collector",
        );
    }
    let own_origin = own.as_ref().and_then(|d| web_origin(d.url.trim(), &UrlCrate));
    if let Err(why) = from_own_origin(&headers, own_origin.as_deref()) {
        return error(StatusCode::FORBIDDEN, why);
    }
    if let Some(why) = too_large(body.len()) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, why);
    }
    // Openbravo is asked whose the session is only for a request that may be a report.
    let context = match agent.session_context(&headers).await {
        Ok(context) => context,
        Err(refused) => return refused,
    };
    let mut report = match till_report::read(&body) {
        Ok(report) => report,
        Err(why) => return error(StatusCode::BAD_REQUEST, why),
    };
    let now = Instant::now();
    let tills = agent.tills();
    // The session's own key: its user and the cookie's value, never sent anywhere.
    let session = format!("{}:{}", context.user, agent.session_id(&headers).unwrap_or_default());
    for (limit, by) in [(&tills.per_session, &session), (&tills.per_terminal, &report.terminal)] {
        if let Err((wait, why)) = limit.take(by, 1, now) {
            let mut response = error(StatusCode::TOO_MANY_REQUESTS, why);
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
    }
    let terminal = match agent.source().terminal(&report.terminal).await {
        Ok(Some(terminal)) => terminal,
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                format!("this store knows no terminal {}", quoted(&report.terminal)),
            )
        }
        Err(e) => return unavailable(&e),
    };
    if terminal.client != context.client {
        return error(
            StatusCode::FORBIDDEN,
            format!("terminal {} is not of the session's client", quoted(&report.terminal)),
        );
    }
    match agent.source().terminal_store(&terminal.client, &terminal.organization).await {
        Ok(Some(store)) if &store == key => {}
        Ok(_) => {
            return error(
                StatusCode::FORBIDDEN,
                format!("terminal {} is not of this store server", quoted(&report.terminal)),
            )
        }
        Err(e) => return unavailable(&e),
    }
    let user = match agent.source().user_name(&context.user).await {
        Ok(name) => name.unwrap_or(context.user),
        Err(e) => return unavailable(&e),
    };
    // This store's word for the store server, not the till's.
    report.store_server = Some(key.clone());
    match tills.hold(user, report, now_secs()) {
        Ok(seq) => {
            (StatusCode::ACCEPTED, axum::Json(HashMap::from([("seq", seq)]))).into_response()
        }
        Err(replayed) => error(StatusCode::CONFLICT, replayed),
    }
}

/// `GET TillReports?after=SEQ` (central's credential): the reports held after `after`.
pub(crate) async fn till_reports(
    State(agent): State<Arc<Agent>>,
    _: CentralCredential,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let after = match params.get("after").map(|v| v.parse::<u64>()) {
        None => 0,
        Some(Ok(after)) => after,
        Some(Err(_)) => {
            return error(StatusCode::BAD_REQUEST, "Parameter after must be a report's number")
        }
    };
    ok(agent.tills().after(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use webpos_version_guard::login::till_report::{TillOutcome, TillWhen};

    fn report(terminal: &str) -> TillReport {
        TillReport {
            terminal: terminal.into(),
            store_server: None,
            when: TillWhen::Login,
            outcome: TillOutcome::StoreMode,
            rule: Some(1),
            central_version: None,
            store_version: None,
            pending_batches: None,
            reason: None,
            total_ms: Some(40),
            id: None,
        }
    }

    #[test]
    fn the_inbox_numbers_bounds_and_answers_after_a_number() {
        let inbox = Inbox::default();
        assert_eq!(inbox.mark().last, 0);
        let day = 86_400;
        let start = 1_765_000_000;
        assert_eq!(inbox.hold("a".into(), report("T1"), start), Ok(1));
        // A report sent again as it was (its id) is refused; another id, or none, is taken.
        let with_id = |id: &str| TillReport { id: Some(id.into()), ..report("T1") };
        assert_eq!(inbox.hold("a".into(), with_id("x1"), start), Ok(2));
        assert!(inbox
            .hold("a".into(), with_id("x1"), start)
            .unwrap_err()
            .contains("received already"));
        assert_eq!(inbox.hold("a".into(), with_id("x2"), start), Ok(3));
        assert_eq!(
            inbox.hold("a".into(), TillReport { id: Some("x1".into()), ..report("T9") }, start),
            Ok(4)
        );
        // A week later the first ones are gone; the numbers go on.
        for i in 0..HELD_KEPT as u64 + 5 {
            inbox.hold("a".into(), report("T2"), start + HELD_DAYS * day + 1 + i).unwrap();
        }
        let mark = inbox.mark();
        assert_eq!(mark.last, HELD_KEPT as u64 + 9);
        let all = inbox.after(0);
        assert_eq!(all.reports.len(), MAX_HELD_PER_ANSWER);
        assert_eq!(all.reports[0].seq, 10, "the oldest held after the bound");
        let rest = inbox.after(mark.last - 2);
        assert_eq!(
            rest.reports.iter().map(|r| r.seq).collect::<Vec<_>>(),
            [mark.last - 1, mark.last]
        );
        assert!(inbox.after(mark.last).reports.is_empty());
        assert_eq!(all.clone().validate(), Ok(all));
    }

    #[test]
    fn only_the_store_s_own_page_reports() {
        let mut headers = HeaderMap::new();
        let own = Some("http://store1.example:8080");
        assert!(from_own_origin(&headers, own).unwrap_err().contains("no Origin"));
        headers.insert("origin", HeaderValue::from_static("http://STORE1.example:8080"));
        assert_eq!(from_own_origin(&headers, own), Ok(()));
        assert!(from_own_origin(&headers, None).unwrap_err().contains("server definitions"));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(from_own_origin(&headers, own).unwrap_err().contains("refused"));
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        headers.insert("origin", HeaderValue::from_static("http://central.example:8080"));
        assert!(from_own_origin(&headers, own).unwrap_err().contains("refused"));
        headers.insert("origin", HeaderValue::from_static("null"));
        assert!(from_own_origin(&headers, own).is_err());
    }
}
