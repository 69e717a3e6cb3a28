//! The JSON services (docs/PROTOCOL.md), with the faults and CORS applied around them.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use webpos_version_guard::limits::MAX_BODY_BYTES;
use webpos_version_guard::preference::{in_force_for_client, PreferenceRecord};
use webpos_version_guard::protocol::{Service, MODULE};
use webpos_version_guard::wire::{
    ClientPreferenceData, Envelope, PendingSyncData, PreferencesData, ServerDefinitionsData,
    ServerType, SessionInfoData, TerminalInfoData, WireContext,
};

use crate::cors;
use crate::fault::{self, FaultKind};
use crate::pages;
use crate::reset::ResetHandle;
use crate::routes::AppState;
use crate::scenario::TerminalSpec;
use crate::session::session_of;
use crate::state::{Server, Session, World};

/// How long a hanging answer waits before giving up (the client has long gone by then).
const HANG: Duration = Duration::from_secs(3_600);

/// A JSON answer: HTTP status and the envelope as a JSON value.
type Answer = (StatusCode, serde_json::Value);

fn envelope<T: Serialize>(status: StatusCode, envelope: Envelope<T>) -> Answer {
    (status, serde_json::to_value(envelope).unwrap_or(serde_json::Value::Null))
}

fn ok<T: Serialize>(data: T) -> Answer {
    envelope(StatusCode::OK, Envelope::ok(data))
}

fn error(status: StatusCode, message: impl Into<String>) -> Answer {
    envelope::<()>(status, Envelope::error(message))
}

/// `/openbravo/org.example.versionguard/{name}` (the module's own paths, the guard's defaults,
/// as the agent serves them) and `/openbravo/org.openbravo.mobile.core.service.jsonrest/{class}`
/// (the Java-services layout), every method.
#[allow(clippy::too_many_arguments)]
pub async fn json_service(
    State(app): State<AppState>,
    ConnectInfo(reset): ConnectInfo<ResetHandle>,
    OriginalUri(uri): OriginalUri,
    Path(class): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if class == CONTEXT_INFORMATION {
        return context_information(&app, &headers);
    }
    if uri.path().contains(&format!("/{MODULE}/")) {
        let key = app.sim.with_world(|w| w.server_at(app.port).map(|s| s.key.clone()));
        if let Some(agent) = key.and_then(|k| app.sim.config.agents.get(&k).cloned()) {
            return to_agent(&agent, &uri, &method, &headers, body).await;
        }
    }
    let Some(service) = Service::from_segment(&class) else {
        return json(error(StatusCode::NOT_FOUND, format!("Unknown service {class}")));
    };
    let found = app.sim.with_world(|w| Some((w.server_at(app.port)?.clone(), w.central.origin())));
    let Some((server, central)) = found else {
        return json(error(
            StatusCode::NOT_FOUND,
            "No server on this port in the current scenario",
        ));
    };
    let own = server.origin();
    let origins =
        cors::Origins { own: &own, central: &central, extra: &app.sim.config.extra_origins };
    if method == Method::OPTIONS {
        return cors::preflight(service, origins, &headers);
    }

    // Every StoreStatus request that reaches a store counts, whatever it then answers.
    if service == Service::StoreStatus && method == Method::GET {
        app.sim.count_status_request(&server.key);
    }
    let effect = fault::effect(&server.faults, service);
    if effect.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(effect.delay_ms)).await;
    }
    // What a server (or its container) answers instead of the service. These keep the CORS
    // grant, as a CORS filter in front of the servlet would add it, so the browser can read the
    // status; only the noCors fault drops it.
    let substitute = match effect.kind {
        Some(FaultKind::Hang) => {
            tokio::time::sleep(HANG).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
        Some(FaultKind::Reset) => {
            reset.reset();
            return StatusCode::OK.into_response();
        }
        Some(FaultKind::Http500) => {
            Some(html(StatusCode::INTERNAL_SERVER_ERROR, pages::ERROR_500_PAGE))
        }
        Some(FaultKind::Http503) => {
            let mut r =
                (StatusCode::SERVICE_UNAVAILABLE, pages::UNAVAILABLE_503_TEXT).into_response();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            Some(r)
        }
        Some(FaultKind::Html) => Some(html(StatusCode::OK, pages::LOGIN_PAGE)),
        Some(FaultKind::Redirect) => {
            let target = format!("http://localhost:{}{}", app.port, uri);
            let mut r = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&target) {
                r.headers_mut().insert(header::LOCATION, value);
            }
            Some(r)
        }
        _ => None,
    };
    if let Some(mut response) = substitute {
        cors::decorate(&mut response, service, origins, cors::request_origin(&headers));
        return response;
    }
    let answer = match effect.kind {
        _ if service == Service::RecomputeVersionInformation
            && method == Method::POST
            && !from_central(&headers, &app.sim.server_token) =>
        {
            error(
                StatusCode::UNAUTHORIZED,
                "Recompute Version Information is taken from central only: the request lacks central's credentials",
            )
        }
        _ if service == Service::RecomputeVersionInformation && method == Method::POST => {
            match app.sim.recompute(app.port) {
                Some(info) => ok(info),
                None => error(StatusCode::NOT_FOUND, "No server on this port"),
            }
        }
        Some(FaultKind::ErrorMessage) => {
            error(StatusCode::OK, effect.message.as_deref().unwrap_or_default())
        }
        _ => {
            // Looked up before the world is locked: sessions live behind the same lock.
            let session = session_of(&app.sim, &headers, &server);
            let request = Request { service, method: &method, params: &params, session };
            app.sim.with_world(|world| answer(&request, &server, world))
        }
    };

    let (status, mut value) = answer;
    let body = match effect.kind {
        Some(FaultKind::WrongTypes) => {
            if let Some(data) = value.pointer_mut("/response/data") {
                *data = fault::wrong_types(data.take());
            }
            to_bytes(&value)
        }
        Some(FaultKind::NotUtf8) => {
            let mut bytes = to_bytes(&value);
            // Just inside the first string value: `"key":"` is followed by the text.
            let at = bytes.windows(3).position(|w| w == b"\":\"").map_or(0, |i| i + 3);
            bytes.insert(at, 0xE9);
            bytes
        }
        Some(FaultKind::Truncated) => {
            let full = to_bytes(&value);
            full[..full.len() / 2].to_vec()
        }
        Some(FaultKind::Oversized) => {
            if let Some(response) = value.get_mut("response").and_then(|r| r.as_object_mut()) {
                response.insert("padding".into(), "x".repeat(MAX_BODY_BYTES + 1024).into());
            }
            to_bytes(&value)
        }
        _ => to_bytes(&value),
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    if effect.kind != Some(FaultKind::NoCors) {
        cors::decorate(&mut response, service, origins, cors::request_origin(&headers));
    }
    response
}

/// Whether a request carries central's credential (`Authorization: Bearer <token>`).
fn from_central(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| given == token)
}

/// What the normal answer depends on, besides the servers.
struct Request<'a> {
    service: Service,
    method: &'a Method,
    params: &'a HashMap<String, String>,
    session: Option<Session>,
}

/// The normal answer of a service.
fn answer(request: &Request<'_>, server: &Server, world: &World) -> Answer {
    let Request { service, method, params, .. } = *request;
    let expected =
        if service == Service::RecomputeVersionInformation { Method::POST } else { Method::GET };
    if *method != expected {
        return error(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} takes {expected}, not {method}", service.short_name()),
        );
    }
    match service {
        // Every server answers central's definitions, naming itself among them (its ISCURRENT
        // row), so a page it served knows where it runs whatever name it was opened by.
        Service::ServerDefinitions => ok(ServerDefinitionsData {
            servers: world.definitions(),
            current_server: Some(server.key.clone()),
        }),
        Service::VersionInformation => ok(server.version_info()),
        // A POST is answered by the caller (it changes the state, which is locked here).
        Service::RecomputeVersionInformation => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "recompute is answered before the world is read",
        ),
        Service::PendingSync => match (server.server_type, &server.pending_error) {
            (ServerType::Store, None) => ok(PendingSyncData { pending_batches: server.pending }),
            (ServerType::Store, Some(why)) => error(StatusCode::OK, why.clone()),
            (ServerType::Main, _) => {
                error(StatusCode::OK, "Central has no data pending to sync: ask the store server")
            }
        },
        Service::StoreStatus => match server.server_type {
            ServerType::Store => ok(server.store_status()),
            ServerType::Main => {
                error(StatusCode::OK, "Central is not a store server: ask a store server")
            }
        },
        Service::TerminalInfo => {
            let key = params.get("terminal").map(String::as_str).unwrap_or("");
            match world.scenario.terminals.iter().find(|t| t.key == key) {
                Some(t) => ok(TerminalInfoData {
                    terminal: t.key.clone(),
                    name: t.name.clone(),
                    store_server: t.store.clone(),
                    client_preference: params
                        .get("property")
                        .filter(|p| !p.is_empty())
                        .map(|property| client_preference(world, t, property)),
                }),
                None => error(StatusCode::NOT_FOUND, format!("Terminal {key:?} not found")),
            }
        }
        Service::Preferences => preferences(request, world),
        Service::SessionInfo => session_info(request, world),
    }
}

/// Who the session belongs to, and whether their role administers the client.
fn session_info(request: &Request<'_>, world: &World) -> Answer {
    let Some(session) = &request.session else {
        return error(StatusCode::UNAUTHORIZED, "Not logged in: log in first");
    };
    match world.scenario.users.iter().find(|u| u.username == session.username) {
        Some(user) => ok(SessionInfoData {
            user: user.username.clone(),
            role: user.role.clone(),
            client_admin: user.client_admin,
        }),
        None => error(StatusCode::UNAUTHORIZED, "The session's user no longer exists"),
    }
}

/// The hot-fix preference in force for the terminal's client, as the core's rule reads it
/// before login (no session: only the client-level, unfiltered records count).
fn client_preference(
    world: &World,
    terminal: &TerminalSpec,
    property: &str,
) -> ClientPreferenceData {
    let client = terminal
        .client
        .clone()
        .or_else(|| world.scenario.users.first().map(|u| u.client.clone()))
        .unwrap_or_default();
    let records: Vec<PreferenceRecord> =
        world.scenario.preferences.iter().cloned().map(PreferenceRecord::from).collect();
    let told = in_force_for_client(&records, property, &client);
    ClientPreferenceData {
        property: property.to_owned(),
        value: told.skip.map(|skip| if skip { "Y" } else { "N" }.to_owned()),
        record: told.record_id,
    }
}

/// The preference records for the session's context: every record of the property that the
/// user's client can see (its own and system's). Resolution is the guard's job.
fn preferences(request: &Request<'_>, world: &World) -> Answer {
    let params = request.params;
    let Some(session) = &request.session else {
        return error(StatusCode::UNAUTHORIZED, "Not logged in: log in first");
    };
    let Some(user) = world.scenario.users.iter().find(|u| u.username == session.username) else {
        return error(StatusCode::UNAUTHORIZED, "The session's user no longer exists");
    };
    let Some(property) = params.get("property").filter(|p| !p.is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "Missing parameter property");
    };
    let visible = |client: &Option<String>| {
        client.as_deref().is_none_or(|c| c.is_empty() || c == "0" || c == user.client)
    };
    let records = world
        .scenario
        .preferences
        .iter()
        .filter(|r| &r.property == property && visible(&r.visible_at_client))
        .filter(|r| r.client == "0" || r.client == user.client)
        .cloned()
        .collect();
    ok(PreferencesData {
        context: WireContext {
            client: user.client.clone(),
            organization_chain: world.scenario.org_chain(&user.organization),
            user: user.user_id.clone(),
            role: user.role.clone(),
        },
        records,
    })
}

fn to_bytes(value: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// A JSON answer as a response.
pub fn json((status, value): Answer) -> Response {
    let mut response = (status, to_bytes(&value)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    response
}

fn html(status: StatusCode, body: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html;charset=UTF-8"));
    response
}

/// Used by the login handler, which answers in the same envelope.
pub(crate) fn answer_ok<T: Serialize>(data: T) -> Response {
    json(ok(data))
}

/// Used by the login handler for its errors.
pub(crate) fn answer_error(status: StatusCode, message: impl Into<String>) -> Response {
    json(error(status, message))
}

/// Mobile core's own `ContextInformation` service class (a ProcessHQLQuery): the session's
/// user, role, organization and client ids, which an agent asks with the session's cookie.
const CONTEXT_INFORMATION: &str = "org.openbravo.mobile.core.login.ContextInformation";

/// `ContextInformation` for the request's session on this server: one row, or 401 as mobile
/// core's authenticated servlet answers without a session.
fn context_information(app: &AppState, headers: &HeaderMap) -> Response {
    // One lock at a time: the session lookup takes the state's lock itself.
    let server = app.sim.with_world(|w| w.server_at(app.port).cloned());
    let session = server.and_then(|server| session_of(&app.sim, headers, &server));
    let row = session.and_then(|session| {
        app.sim.with_world(|w| {
            let user = w.scenario.users.iter().find(|u| u.username == session.username)?;
            Some(serde_json::json!({
                "userId": user.user_id, "roleId": user.role, "orgId": user.organization, "clientId": user.client,
            }))
        })
    });
    match row {
        Some(row) => json(ok(vec![row])),
        None => json(error(StatusCode::UNAUTHORIZED, "Not logged in: log in first")),
    }
}

/// The client that forwards to agents: a time limit, no redirects, no proxy (never a weaker
/// client: when it cannot be built, the forward fails in words).
fn agent_client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: std::sync::OnceLock<Result<reqwest::Client, String>> =
        std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .build()
                .map_err(|e| format!("no HTTP client to forward to the agents: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Forwards a module-path request to the server's agent, as a reverse proxy in front of Tomcat
/// does: the method, path and query, the headers a service reads (cookie, origin,
/// credential, CORS preflight) and the body; the agent's status, body and CORS headers back.
async fn to_agent(
    agent: &str,
    uri: &axum::http::Uri,
    method: &Method,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    let target = format!("{agent}{}", uri.path_and_query().map_or("", |p| p.as_str()));
    let Ok(forwarded) = reqwest::Method::from_bytes(method.as_str().as_bytes()) else {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let client = match agent_client() {
        Ok(client) => client,
        Err(why) => return (StatusCode::BAD_GATEWAY, why).into_response(),
    };
    let mut request = client.request(forwarded, &target).body(body.to_vec());
    for name in [
        "cookie",
        "origin",
        "authorization",
        "content-type",
        "access-control-request-method",
        "access-control-request-headers",
    ] {
        for value in headers.get_all(name) {
            request = request.header(name, value.as_bytes());
        }
    }
    let answer = match request.send().await {
        Ok(answer) => answer,
        Err(e) => {
            return (StatusCode::BAD_GATEWAY, format!("the agent at {agent} did not answer: {e}"))
                .into_response()
        }
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut copied = Vec::new();
    for name in [
        "content-type",
        "access-control-allow-origin",
        "access-control-allow-methods",
        "access-control-max-age",
        "vary",
    ] {
        for value in answer.headers().get_all(name) {
            if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
                copied.push((name, value));
            }
        }
    }
    let bytes = answer.bytes().await.unwrap_or_default();
    let mut response = (status, bytes.to_vec()).into_response();
    for (name, value) in copied {
        response.headers_mut().append(name, value);
    }
    response
}
