//! The collector's HTTP interface, below the overview page's own path (so that a reverse proxy
//! puts it on central's origin, where central's session cookie goes): the stream, who is
//! logged in, Modules by Server, Recompute and Refresh now; and `/metrics`. Every route but
//! `/metrics` needs central's session with an administrator's role; the state-changing ones
//! also check that the request comes from this origin.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use webpos_version_guard::messages::Language;

use crate::auth::{same_origin, Access, Sessions};
use crate::collector::Collector;
use crate::{metrics, stream};

/// What every handler has.
#[derive(Clone)]
pub struct Api {
    collector: Arc<Collector>,
    sessions: Arc<Sessions>,
}

fn refuse(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

impl Api {
    async fn admin(&self, headers: &HeaderMap) -> Result<String, Response> {
        match self.sessions.access(&self.collector, headers).await {
            Access::Admin(user) => Ok(user),
            other => {
                let (status, message) =
                    other.refusal().unwrap_or((StatusCode::FORBIDDEN, "refused".into()));
                Err(refuse(status, message))
            }
        }
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
    let api = Api { collector, sessions: Arc::new(Sessions::default()) };
    let base = base.trim_end_matches('/');
    Router::new()
        .route(&format!("{base}/api/session"), get(session))
        .route(&format!("{base}/api/stream"), get(events))
        .route(&format!("{base}/api/pass"), get(pass))
        .route(&format!("{base}/api/modules"), get(modules))
        .route(&format!("{base}/api/recompute"), post(recompute))
        .route(&format!("{base}/api/refresh"), post(refresh))
        .route("/metrics", get(metrics_text))
        .with_state(api)
}

/// `GET api/session`: who is logged in (200 for an admin; 401, 403 otherwise).
async fn session(State(api): State<Api>, headers: HeaderMap) -> Response {
    match api.admin(&headers).await {
        Ok(user) => Json(serde_json::json!({ "user": user })).into_response(),
        Err(refused) => refused,
    }
}

/// `GET api/stream?lang=`: the Server-Sent Events stream. The first page to open it starts a
/// pass if none has run.
async fn events(
    State(api): State<Api>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = api.admin(&headers).await {
        return refused;
    }
    if api.collector.pass().number == 0 {
        api.collector.request_pass();
    }
    let last = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    stream::respond(api.collector.clone(), last, language(&query)).into_response()
}

/// `GET api/pass`: the pass in progress or the last one.
async fn pass(State(api): State<Api>, headers: HeaderMap) -> Response {
    match api.admin(&headers).await {
        Ok(_) => Json(api.collector.pass()).into_response(),
        Err(refused) => refused,
    }
}

/// `GET api/modules?store=KEY`: Modules by Server, from the store's last answer.
async fn modules(
    State(api): State<Api>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = api.admin(&headers).await {
        return refused;
    }
    let key = query.store.unwrap_or_default();
    match api.collector.modules(&key) {
        Some(Ok(lines)) => Json(lines).into_response(),
        Some(Err(error)) => refuse(StatusCode::CONFLICT, error),
        None => refuse(StatusCode::NOT_FOUND, format!("no store server {key:?}")),
    }
}

#[derive(Deserialize)]
struct RecomputeRequest {
    stores: Vec<String>,
}

/// `POST api/recompute` `{"stores": [KEY, …]}`: central asks each store, with central's
/// credential, to recompute its version information; the fresh rows follow on the stream.
async fn recompute(
    State(api): State<Api>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
    body: Result<Json<RecomputeRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(refused) = api.admin(&headers).await {
        return refused;
    }
    if let Err(why) = same_origin(&headers) {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    let Ok(Json(request)) = body else {
        return refuse(StatusCode::BAD_REQUEST, "expected {\"stores\": [\"key\", …]}".into());
    };
    let language = language(&query);
    let asks = request.stores.iter().take(10_000).map(|key| {
        let collector = api.collector.clone();
        async move {
            let outcome = collector.recompute(key).await;
            let row = collector.row(key, language).map(|(_, row)| row);
            (key.clone(), outcome, row)
        }
    });
    let results = futures::future::join_all(asks).await;
    let list: Vec<serde_json::Value> = results
        .into_iter()
        .map(|(key, outcome, row)| {
            let row: serde_json::Value =
                row.and_then(|r| serde_json::from_str(&r).ok()).unwrap_or(serde_json::Value::Null);
            match outcome {
                Ok(()) => serde_json::json!({ "store": key, "ok": true, "row": row }),
                Err(error) => {
                    serde_json::json!({ "store": key, "ok": false, "error": error, "row": row })
                }
            }
        })
        .collect();
    Json(list).into_response()
}

/// `POST api/refresh`: a pass now, unless one runs (then it is shared).
async fn refresh(State(api): State<Api>, headers: HeaderMap) -> Response {
    if let Err(refused) = api.admin(&headers).await {
        return refused;
    }
    if let Err(why) = same_origin(&headers) {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    let started = api.collector.request_pass();
    Json(serde_json::json!({ "started": started, "pass": api.collector.pass() })).into_response()
}

/// `GET /metrics`.
async fn metrics_text(State(api): State<Api>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
        metrics::render(&api.collector),
    )
        .into_response()
}
