//! The control endpoint on central (`/__sim/...`), so one running simulator serves a whole
//! test suite: switch scenarios, change one server's pending count, faults or status.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::app::AppState;
use crate::scenario::Source;
use crate::state::{PatchError, ServerPatch};

/// The control endpoint's routes (central only).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/__sim/state", get(state))
        .route("/__sim/scenario", post(scenario))
        .route("/__sim/server/{key}", post(server))
        .route("/__sim/reset", post(reset))
        .route("/__sim/overview/disconnect", post(disconnect_overview))
}

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
        Err(e @ PatchError::NoServer(_)) => failed(StatusCode::NOT_FOUND, e.to_string()),
        Err(e @ PatchError::Invalid(_)) => failed(StatusCode::BAD_REQUEST, e.to_string()),
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
