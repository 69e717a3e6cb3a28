//! Login and logout, with a session cookie per server.
//!
//! Every simulated server is on 127.0.0.1, and browsers share cookies across ports of one host,
//! so each server names its cookie after its port (`JSESSIONID_8610`) where a real server on
//! its own host would use plain `JSESSIONID`. Logout ends the session only: what the browser
//! keeps locally (tickets not yet sent) is never touched by the server.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use webpos_version_guard::login::preference::{resolve, Resolution};
use webpos_version_guard::servers::host::HostServer;
use webpos_version_guard::servers::protocol::{LOGIN, LOGOUT};
use webpos_version_guard::servers::wire::{PreferenceContext, PreferenceRecord};
use webpos_version_guard::servers::wire::{ServerStatus, ServerType};

use crate::app::AppState;
use crate::envelope::{answer_error, answer_ok};
use crate::scenario::{Scenario, UserSpec};
use crate::world::{cookie_name, Server};
use webpos_version_guard::servers::protocol::YesNo;

/// Login and logout, on every server.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("/openbravo/{LOGIN}"), post(login))
        .route(&format!("/openbravo/{LOGOUT}"), get(logout).post(logout_post))
}

/// The login request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LoginRequest {
    /// Login name.
    #[serde(default)]
    pub user: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// An authentication token issued at an earlier login (mobile core's key authentication),
    /// instead of the user name and password: a till that still holds one is logged straight
    /// back in.
    #[serde(default)]
    pub authentication_token: Option<String>,
    /// The terminal's search key, when logging in to a terminal.
    #[serde(default)]
    pub terminal: Option<String>,
}

/// The login answer's data.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginData {
    /// Login name.
    pub user: String,
    /// User id.
    pub user_id: String,
    /// Client.
    pub client: String,
    /// Organization.
    pub organization: String,
    /// Role.
    pub role: String,
    /// Terminal, when given.
    pub terminal: Option<String>,
    /// The key of the server logged in to.
    pub server_key: String,
    /// The authentication token the WebPOS keeps (`WebPOS.authenticationToken`) and logs in
    /// with again while it is there.
    pub authentication_token: String,
    /// The server list the WebPOS keeps (localStorage `WebPOS.servers`, then
    /// `OB.RR.RequestRouter.servers`): central and the terminal's store server, by priority, in
    /// the host's shape, with `http://` stripped from the addresses as some releases answer
    /// them, and this server marked `currentServer`.
    pub servers: Vec<HostServer>,
    /// The preferences as the WebPOS's permissions carry them: each property resolved the way
    /// Openbravo resolves it for the user (system-level and filtered records included), `Y` as
    /// `true`, `N` as `false`, any other value raw.
    pub permissions: BTreeMap<String, serde_json::Value>,
}

/// The user's permissions, resolved as Openbravo does, without the hot-fix rule (that is the
/// guard's job): what the host's `OB.MobileApp.model.get('permissions')` holds.
fn permissions(scenario: &Scenario, user: &UserSpec) -> BTreeMap<String, serde_json::Value> {
    let records: Vec<PreferenceRecord> =
        scenario.preferences.iter().cloned().map(PreferenceRecord::from).collect();
    let ctx = PreferenceContext {
        client: user.client.clone(),
        org_chain: scenario.org_chain(&user.organization),
        user: user.user_id.clone(),
        role: user.role.clone(),
        window: None,
    };
    let properties: BTreeSet<&str> = records.iter().map(|r| r.property.as_str()).collect();
    properties
        .into_iter()
        .filter_map(|property| match resolve(&records, property, &ctx) {
            Resolution::Winner(record) => Some((
                property.to_owned(),
                match YesNo::parse(&record.value) {
                    Some(flag) => flag.yes().into(),
                    None => record.value.as_str().into(),
                },
            )),
            // No record: absent (the host's default); a conflict: Openbravo gives no value.
            Resolution::None | Resolution::Conflict(_) => None,
        })
        .collect()
}

/// The session id the request's cookie names on this server.
pub fn session_id_of(headers: &HeaderMap, server: &Server) -> Option<String> {
    cookie(headers, &cookie_name(server.port))
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let values = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    webpos_version_guard::servers::protocol::cookie(values, name).map(str::to_owned)
}

/// `POST /openbravo/org.openbravo.retail.posterminal.POSLoginHandler`.
pub async fn login(
    State(app): State<AppState>,
    body: Result<Json<LoginRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(request) = match body {
        Ok(body) => body,
        Err(e) => {
            return answer_error(StatusCode::BAD_REQUEST, format!("Invalid login request: {e}"))
        }
    };
    // A token stands for the user it was issued to, on this server only.
    let server_key = app.sim.with_world(|w| w.server_at(app.port).map(|s| s.key.clone()));
    let token_user = request
        .authentication_token
        .as_ref()
        .map(|token| server_key.as_ref().and_then(|key| app.sim.token_user(token, key)));
    let found = app.sim.with_world(|w| {
        let server = w.server_at(app.port)?.clone();
        let username = match &token_user {
            Some(found) => found.clone(),
            None => Some(request.user.clone()),
        };
        let user =
            username.and_then(|name| w.scenario.users.iter().find(|u| u.username == name).cloned());
        let terminal_known = request
            .terminal
            .as_deref()
            .is_none_or(|t| w.scenario.terminals.iter().any(|k| k.key == t));
        let store = request.terminal.as_deref().and_then(|t| {
            w.scenario.terminals.iter().find(|k| k.key == t).and_then(|k| k.store.clone())
        });
        let permissions = user.as_ref().map(|u| permissions(&w.scenario, u)).unwrap_or_default();
        let mut servers: Vec<HostServer> = w
            .definitions()
            .into_iter()
            .filter(|d| d.server_type == ServerType::Main || Some(&d.key) == store.as_ref())
            .map(|d| HostServer {
                main_server: d.server_type == ServerType::Main,
                current_server: d.key == server.key,
                online: d.status == ServerStatus::Online,
                address: Some(d.url.strip_prefix("http://").unwrap_or(&d.url).to_owned()),
                name: d.key,
                priority: d.priority,
            })
            .collect();
        servers.sort_by_key(|s| s.priority);
        Some((server, user, terminal_known, servers, permissions))
    });
    let Some((server, user, terminal_known, servers, permissions)) = found else {
        return answer_error(StatusCode::NOT_FOUND, "No server on this port");
    };
    let user = match user {
        Some(user)
            if request.authentication_token.is_some() || user.password == request.password =>
        {
            user
        }
        _ if request.authentication_token.is_some() => {
            return answer_error(
                StatusCode::UNAUTHORIZED,
                "Invalid or expired authentication token",
            )
        }
        _ => return answer_error(StatusCode::UNAUTHORIZED, "Invalid user name or password"),
    };
    if !terminal_known {
        return answer_error(StatusCode::NOT_FOUND, "Unknown terminal");
    }
    let id = app.sim.open_session(&server.key, &user.username);
    let authentication_token = match request.authentication_token {
        Some(token) => token,
        None => app.sim.issue_token(&server.key, &user.username),
    };
    let mut response = answer_ok(LoginData {
        user: user.username,
        user_id: user.user_id,
        client: user.client,
        organization: user.organization,
        role: user.role,
        terminal: request.terminal,
        server_key: server.key,
        authentication_token,
        servers,
        permissions,
    });
    let cookie = format!("{}={id}; Path=/openbravo; HttpOnly; SameSite=Lax", cookie_name(app.port));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `GET /openbravo/org.openbravo.mobile.core.logout`: ends the session and clears the cookie,
/// answering `{"result":"success"}` as Openbravo's logout servlet does.
pub async fn logout(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let name = cookie_name(app.port);
    if let Some(id) = cookie(&headers, &name) {
        app.sim.close_session(&id);
    }
    let mut response = axum::Json(serde_json::json!({ "result": "success" })).into_response();
    let clear = format!("{name}=; Path=/openbravo; Max-Age=0; HttpOnly; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `POST /openbravo/org.openbravo.mobile.core.logout`: refused, as Openbravo's servlet does
/// (it answers GET only); the session stays open.
pub async fn logout_post() -> Response {
    let mut response = answer_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "the logout servlet answers GET only; the session is still open",
    );
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET"));
    response
}
