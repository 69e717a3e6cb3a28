//! The control endpoint on central (`/__sim/...`), so one running simulator serves a whole
//! test suite: switch scenarios, change one server's pending count, faults or status.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::routes::AppState;
use crate::scenario::Source;
use crate::state::ServerPatch;

/// `POST /__sim/scenario` body: a scenario name, or a whole scenario object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioRequest {
    /// A name in the scenarios folder.
    #[serde(default)]
    pub name: Option<String>,
    /// A scenario object (it may `extends` a named one).
    #[serde(default)]
    pub scenario: Option<serde_json::Value>,
}

fn failed(status: StatusCode, error: String) -> Response {
    (status, Json(serde_json::json!({ "error": error }))).into_response()
}

fn current(app: &AppState) -> Response {
    Json(app.sim.view()).into_response()
}

/// `GET /__sim/state`.
pub async fn state(State(app): State<AppState>) -> Response {
    current(&app)
}

/// `POST /__sim/scenario`.
pub async fn scenario(
    State(app): State<AppState>,
    body: Result<Json<ScenarioRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let request = match body {
        Ok(Json(request)) => request,
        Err(e) => return failed(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let source = match (request.name, request.scenario) {
        (Some(name), None) => Source::Named(name),
        (None, Some(value)) => Source::Inline(value),
        _ => return failed(StatusCode::BAD_REQUEST, "give either name or scenario".into()),
    };
    match app.sim.apply(source).await {
        Ok(()) => current(&app),
        Err(e) => failed(StatusCode::BAD_REQUEST, e),
    }
}

/// `POST /__sim/server/{key}`: a [`ServerPatch`].
pub async fn server(
    State(app): State<AppState>,
    Path(key): Path<String>,
    body: Result<Json<ServerPatch>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let patch = match body {
        Ok(Json(patch)) => patch,
        Err(e) => return failed(StatusCode::BAD_REQUEST, e.body_text()),
    };
    match app.sim.patch(&key, patch).await {
        Ok(()) => current(&app),
        Err(e) if e.starts_with("no server") => failed(StatusCode::NOT_FOUND, e),
        Err(e) => failed(StatusCode::BAD_REQUEST, e),
    }
}

/// `POST /__sim/overview/disconnect`: central's collector ends every page's stream (as a
/// network failure would); the pages reconnect by themselves.
pub async fn disconnect_overview(State(app): State<AppState>) -> Response {
    app.sim.overview.disconnect_streams();
    current(&app)
}

/// `POST /__sim/reset`: reload the current scenario from its source.
pub async fn reset(State(app): State<AppState>) -> Response {
    match app.sim.reset().await {
        Ok(()) => current(&app),
        Err(e) => failed(StatusCode::BAD_REQUEST, e),
    }
}
