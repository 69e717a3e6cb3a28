//! The collector's HTTP interface, below the overview page's own path (so that a reverse proxy
//! puts it on central's origin, where central's session cookie goes): the stream, who is
//! logged in, Modules by Server, Recompute and Refresh now; and `/metrics`. The admin's routes
//! are one router behind one layer (`require_admin`: central's session with an administrator's
//! role), the state-changing ones a router of their own behind a second layer
//! (`require_same_origin`), so that a route added to either cannot forget its check. Only
//! `api/session` (who is logged in) and `/metrics` (its own credential) stand outside.

use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use webpos_version_guard::texts::cashier::Language;

use crate::auth::{same_origin, Access, Sessions};
use crate::collector::log::{ActionKind, AdminAction, NAMED_KEPT};
use crate::collector::recompute::MAX_RECOMPUTE;
use crate::collector::Collector;
use crate::{metrics, stream};
use openbravo_serve::rate::RateLimit;

/// What every handler has.
#[derive(Clone)]
pub struct Api {
    collector: Arc<Collector>,
    sessions: Arc<Sessions>,
    limits: Arc<Limits>,
    /// The last metrics text and when it was made (at most one a second).
    metrics: Arc<std::sync::Mutex<Option<MetricsText>>>,
}

/// A metrics text and when it was made.
type MetricsText = (std::time::Instant, Arc<str>);

/// How long one metrics text answers every scrape.
const METRICS_KEPT: std::time::Duration = std::time::Duration::from_secs(1);

/// How often admins may make the collector work.
struct Limits {
    refresh: RateLimit,
    recompute: RateLimit,
    /// One Recompute at a time.
    recomputing: std::sync::atomic::AtomicBool,
}

/// A refusal in words, as JSON (`{"error": …}`).
pub(crate) fn refuse(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// HTTP 429 with `Retry-After` and the wait in words.
pub(crate) fn too_many(wait_secs: u64, message: String) -> Response {
    let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, message);
    if let Ok(value) = header::HeaderValue::from_str(&wait_secs.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The administrator a request of the admin's router comes from (put there by
/// [`require_admin`]; a handler outside that router cannot get it, so it fails closed).
#[derive(Clone, Debug)]
struct Admin(String);

/// The layer of every admin route: central's session with an administrator's role, or the
/// refusal (401 not logged in, 403 not an admin, 503 central cannot say).
async fn require_admin(State(api): State<Api>, mut request: Request, next: Next) -> Response {
    match api.sessions.access(&api.collector, request.headers()).await {
        Access::Admin(who) => {
            request.extensions_mut().insert(Admin(who.user));
            next.run(request).await
        }
        other => {
            let (status, message) =
                other.refusal().unwrap_or((StatusCode::FORBIDDEN, "refused".into()));
            refuse(status, message)
        }
    }
}

/// The layer of the routes that change something: the request comes from the page's own origin
/// (CSRF), inside [`require_admin`].
async fn require_same_origin(State(api): State<Api>, request: Request, next: Next) -> Response {
    let config = api.collector.config();
    match same_origin(request.headers(), config.public_origin.as_deref(), config.trust_forwarded) {
        Ok(()) => next.run(request).await,
        Err(why) => refuse(StatusCode::FORBIDDEN, why),
    }
}

#[derive(Deserialize)]
struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    store: Option<String>,
}

fn language(query: &LangQuery) -> Language {
    Language::from_tag(query.lang.as_deref().unwrap_or("en"))
}

/// The routes, below `base` (e.g. `/openbravo/web/org.example.versionguard/overview`), and
/// `/metrics`.
pub fn router(collector: Arc<Collector>, base: &str) -> Router {
    let limits = Limits {
        refresh: RateLimit::refresh(),
        recompute: RateLimit::recompute(),
        recomputing: Default::default(),
    };
    let api = Api {
        collector,
        sessions: Arc::new(Sessions::default()),
        limits: Arc::new(limits),
        metrics: Arc::default(),
    };
    let base = base.trim_end_matches('/');
    let changes = Router::new()
        .route(&format!("{base}/api/recompute"), post(recompute))
        .route(&format!("{base}/api/refresh"), post(refresh))
        .route_layer(middleware::from_fn_with_state(api.clone(), require_same_origin));
    let admin = Router::new()
        .route(&format!("{base}/api/stream"), get(events))
        .route(&format!("{base}/api/pass"), get(pass))
        .route(&format!("{base}/api/store"), get(store))
        .route(&format!("{base}/api/by-module"), get(by_module))
        .route(&format!("{base}/api/actions"), get(actions))
        .route(&format!("{base}/api/tills"), get(tills))
        .route(&format!("{base}/api/csv"), post(csv))
        .merge(changes)
        .route_layer(middleware::from_fn_with_state(api.clone(), require_admin));
    let intake = crate::report::Intake::new(api.collector.clone(), api.sessions.clone());
    let reports = Router::new()
        .route(&format!("{base}/api/till-report"), post(crate::report::till_report))
        .with_state(intake);
    Router::new()
        .route(&format!("{base}/api/session"), get(session))
        .merge(reports)
        .route("/metrics", get(metrics_text))
        .merge(admin)
        .with_state(api)
}

/// `GET api/session`: who is logged in and whether they may see the overview, always with
/// HTTP 200 (the page asks it to choose between the overview and a login form):
/// `{ "access": "admin" | "notLoggedIn" | "notAdmin" | "unavailable", "user", "message" }`.
async fn session(State(api): State<Api>, headers: HeaderMap) -> Response {
    let access = api.sessions.access(&api.collector, &headers).await;
    let message = access.refusal().map(|(_, message)| message);
    let (code, user) = match &access {
        Access::Admin(who) => ("admin", Some(who.user.clone())),
        Access::NotLoggedIn => ("notLoggedIn", None),
        Access::NotAdmin(who) => ("notAdmin", Some(who.user.clone())),
        Access::Unavailable(_) => ("unavailable", None),
    };
    Json(serde_json::json!({ "access": code, "user": user, "message": message })).into_response()
}

/// `GET api/stream?lang=`: the Server-Sent Events stream. The first page to open it starts a
/// pass if none has run.
async fn events(
    State(api): State<Api>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    if api.collector.pass().number == 0 {
        api.collector.request_pass();
    }
    let last = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let session = headers.clone();
    let asker = api.clone();
    let recheck: stream::Recheck = Arc::new(move || {
        let (api, headers) = (asker.clone(), session.clone());
        Box::pin(async move {
            match api.sessions.access(&api.collector, &headers).await {
                Access::Admin(_) => None,
                // Central could not say: the stream goes on; the next check asks again.
                Access::Unavailable(_) => None,
                refused => refused.refusal().map(|(_, message)| message),
            }
        })
    });
    stream::respond(api.collector.clone(), last, language(&query), recheck).into_response()
}

/// `GET api/pass`: the pass in progress or the last one.
async fn pass(State(api): State<Api>) -> Response {
    Json(api.collector.pass()).into_response()
}

/// `GET api/store?store=KEY`: Modules by Server (from the store's last answer: every module it
/// has and every one it lacks, beside central's) and its pending history.
async fn store(State(api): State<Api>, Query(query): Query<LangQuery>) -> Response {
    let key = query.store.unwrap_or_default();
    let (Some(modules), Some(history)) = (api.collector.modules(&key), api.collector.history(&key))
    else {
        return refuse(StatusCode::NOT_FOUND, format!("no store server {key:?}"));
    };
    let (modules, modules_error) = match modules {
        Ok(lines) => (Some(lines), None),
        Err(error) => (None, Some(error)),
    };
    let recomputed = api.collector.recomputed(&key);
    Json(serde_json::json!({
        "modules": modules, "modulesError": modules_error, "history": history, "recomputed": recomputed
    }))
    .into_response()
}

/// `GET api/by-module`: how many stores run each version of each module.
async fn by_module(State(api): State<Api>) -> Response {
    Json(api.collector.by_module()).into_response()
}

#[derive(Deserialize)]
struct CsvRequest {
    #[serde(default)]
    keys: Vec<String>,
}

/// `POST api/csv?lang=` `{"keys": [...]}`: the rows shown (every store when empty) as CSV.
async fn csv(
    State(api): State<Api>,
    Query(query): Query<LangQuery>,
    body: Result<Json<CsvRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let keys = body.map(|Json(b)| b.keys).unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        api.collector.csv(&keys, language(&query)),
    )
        .into_response()
}

#[derive(Deserialize)]
struct RecomputeRequest {
    stores: Vec<String>,
}

/// `POST api/recompute` `{"stores": [KEY, …]}`: central asks each store once, with central's
/// credential and within the collector's concurrency, to recompute its version information;
/// each store's outcome as it answered (the fresh rows also follow on the stream). At most
/// [`MAX_RECOMPUTE`] stores, one Recompute at a time, rate-limited.
async fn recompute(
    State(api): State<Api>,
    Query(query): Query<LangQuery>,
    Extension(Admin(user)): Extension<Admin>,
    body: Result<Json<RecomputeRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    use std::sync::atomic::Ordering;
    let Ok(Json(request)) = body else {
        return refuse(StatusCode::BAD_REQUEST, "expected {\"stores\": [\"key\", …]}".into());
    };
    if request.stores.len() > MAX_RECOMPUTE {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "{} stores named: a Recompute takes at most {MAX_RECOMPUTE}",
                request.stores.len()
            ),
        );
    }
    if let Some(long) =
        request.stores.iter().find(|k| k.len() > webpos_version_guard::base::limits::MAX_KEY_LEN)
    {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("a store key of {} bytes is no store's", long.len()),
        );
    }
    let distinct = request.stores.iter().collect::<std::collections::HashSet<_>>().len();
    let cost = u32::try_from(distinct).unwrap_or(u32::MAX);
    if let Err((wait, why)) = api.limits.recompute.take(&user, cost, std::time::Instant::now()) {
        return too_many(wait, why);
    }
    if api.limits.recomputing.swap(true, Ordering::SeqCst) {
        return too_many(5, "a Recompute is running: try again when it ends".into());
    }
    // Cleared however the handler ends: also when the admin's request goes away mid-way (the
    // future is dropped), or the next Recompute would be refused for good.
    struct Running<'a>(&'a std::sync::atomic::AtomicBool);
    impl Drop for Running<'_> {
        fn drop(&mut self) {
            self.0.store(false, Ordering::SeqCst);
        }
    }
    let running = Running(&api.limits.recomputing);
    let outcomes = api.collector.recompute_many(&request.stores).await;
    drop(running);
    // Who asked, and what came of it: the log, and each store recomputed.
    let recomputed: Vec<String> =
        outcomes.iter().filter(|(_, o)| o.is_ok()).map(|(k, _)| k.clone()).collect();
    let action = AdminAction {
        stores: outcomes.len(),
        named: outcomes.iter().take(NAMED_KEPT).map(|(k, _)| k.clone()).collect(),
        failed: outcomes.len() - recomputed.len(),
        ..AdminAction::now(&user, ActionKind::Recompute)
    };
    api.collector.record_action(action, &recomputed);
    let language = language(&query);
    let list: Vec<serde_json::Value> = outcomes
        .into_iter()
        .map(|(key, outcome)| {
            let row: serde_json::Value = api
                .collector
                .row(&key, language)
                .and_then(|(_, r)| serde_json::from_str(&r).ok())
                .unwrap_or(serde_json::Value::Null);
            match outcome {
                Ok(()) => serde_json::json!({ "store": key, "ok": true, "row": row }),
                Err(error) => serde_json::json!({
                    "store": key, "ok": false, "error": error.text(language), "row": row
                }),
            }
        })
        .collect();
    Json(list).into_response()
}

/// `POST api/refresh`: a pass now, unless one runs (then it is shared).
async fn refresh(State(api): State<Api>, Extension(Admin(user)): Extension<Admin>) -> Response {
    if let Err((wait, why)) = api.limits.refresh.take(&user, 1, std::time::Instant::now()) {
        return too_many(wait, why);
    }
    let started = api.collector.request_pass();
    api.collector.record_action(
        AdminAction { started, ..AdminAction::now(&user, ActionKind::Refresh) },
        &[],
    );
    Json(serde_json::json!({ "started": started, "pass": api.collector.pass() })).into_response()
}

/// `GET api/tills?store=KEY`: the tills that checked the store, each with its reports, the
/// latest first.
async fn tills(State(api): State<Api>, Query(query): Query<LangQuery>) -> Response {
    let key = query.store.unwrap_or_default();
    let tills: Vec<serde_json::Value> = api
        .collector
        .tills_of(&key)
        .into_iter()
        .map(|(terminal, reports)| serde_json::json!({ "terminal": terminal, "reports": reports }))
        .collect();
    Json(serde_json::json!({ "tills": tills })).into_response()
}

/// `GET api/actions`: what admins did from the overview (Recompute, Refresh now), the latest
/// first, with who and when.
async fn actions(State(api): State<Api>) -> Response {
    Json(serde_json::json!({ "actions": api.collector.actions() })).into_response()
}

/// `GET /metrics`: with `--metrics-token-file`, only for `Authorization: Bearer <token>`.
async fn metrics_text(State(api): State<Api>, headers: HeaderMap) -> Response {
    if let Some(token) = &api.collector.config().metrics_token {
        let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        if !webpos_version_guard::servers::protocol::bearer_matches(given, token) {
            let mut refused = (
                StatusCode::UNAUTHORIZED,
                "the metrics need the scrape's credential (Authorization: Bearer)\n",
            )
                .into_response();
            refused
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            return refused;
        }
    }
    let text = {
        let mut kept = api.metrics.lock().unwrap_or_else(|p| p.into_inner());
        match &*kept {
            Some((at, text)) if at.elapsed() < METRICS_KEPT => text.clone(),
            _ => {
                let text: Arc<str> = metrics::render(&api.collector).into();
                *kept = Some((std::time::Instant::now(), text.clone()));
                text
            }
        }
    };
    (
        [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}
