//! The JSON services (docs/PROTOCOL.md): each server's agent answers them (`agents.rs`), with
//! the faults applied around it; mobile core's own `ContextInformation`; the proxy to agents on
//! PostgreSQL (`npm start -- --postgres`).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, OriginalUri, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use openbravo_version_agent::service::CROSS_ORIGIN;
use tower::ServiceExt;
use webpos_version_guard::base::limits::MAX_BODY_BYTES;
use webpos_version_guard::servers::protocol::{Service, JSONREST, MODULE};

use crate::agents::{self, ServerAgent};
use crate::app::AppState;
use crate::canned;
use crate::envelope::{error, json, ok, to_bytes};
use crate::fault::{self, FaultKind};
use crate::reset::ResetHandle;
use crate::session;

/// How long a hanging answer waits before giving up (the client has long gone by then).
const HANG: Duration = Duration::from_secs(3_600);

/// The services' routes: the module's own paths and the Java-services layout.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("/openbravo/{JSONREST}/{{class}}"), any(json_service))
        .route(&format!("/openbravo/{MODULE}/{{class}}"), any(json_service))
}

/// `/openbravo/org.example.versionguard/{name}` (the module's own paths, the guard's defaults)
/// and `/openbravo/org.openbravo.mobile.core.service.jsonrest/{class}` (the Java-services
/// layout), every method: the server's agent answers (its CORS included), with the faults
/// applied around it.
#[allow(clippy::too_many_arguments)]
pub async fn json_service(
    State(app): State<AppState>,
    ConnectInfo(reset): ConnectInfo<ResetHandle>,
    OriginalUri(uri): OriginalUri,
    Path(class): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if class == CONTEXT_INFORMATION {
        return context_information(&app, &headers);
    }
    // One look at the world for the server on this port (each request of a pass comes here).
    let server = app.sim.with_world(|w| w.server_at(app.port).cloned());
    if uri.path().contains(&format!("/{MODULE}/")) {
        let external = server.as_ref().and_then(|s| app.sim.config.agents.get(&s.key).cloned());
        if let Some(agent) = external {
            return to_agent(&agent, &uri, &method, &headers, body).await;
        }
    }
    let Some(service) = Service::from_segment(&class) else {
        return json(error(StatusCode::NOT_FOUND, format!("Unknown service {class}")));
    };
    let Some((entry, server)) = server.and_then(|s| Some((app.sim.agent(&s.key)?, s))) else {
        return json(error(
            StatusCode::NOT_FOUND,
            "No server on this port in the current scenario",
        ));
    };
    if method == Method::OPTIONS {
        return ask_agent(&entry, service, &uri, method, headers, body).await;
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
    let recompute = service == Service::RecomputeVersionInformation && method == Method::POST;
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
            Some(html(StatusCode::INTERNAL_SERVER_ERROR, canned::ERROR_500_PAGE))
        }
        Some(FaultKind::Http503) => {
            let mut r =
                (StatusCode::SERVICE_UNAVAILABLE, canned::UNAVAILABLE_503_TEXT).into_response();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            Some(r)
        }
        Some(FaultKind::Html) => Some(html(StatusCode::OK, canned::LOGIN_PAGE)),
        Some(FaultKind::Redirect) => {
            let target = format!("http://localhost:{}{}", app.port, uri);
            let mut r = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&target) {
                r.headers_mut().insert(header::LOCATION, value);
            }
            Some(r)
        }
        // The service's own error, in words (never instead of a Recompute).
        Some(FaultKind::ErrorMessage) if !recompute => {
            Some(json(error(StatusCode::OK, effect.message.as_deref().unwrap_or_default())))
        }
        _ => None,
    };
    if let Some(mut response) = substitute {
        grant(&entry, service, &headers, &mut response).await;
        return response;
    }

    let response = ask_agent(&entry, service, &uri, method, headers, body).await;
    if recompute && response.status() == StatusCode::OK {
        app.sim.recomputed(app.port);
    }
    let mutate = match effect.kind {
        Some(
            kind @ (FaultKind::WrongTypes
            | FaultKind::NotUtf8
            | FaultKind::Truncated
            | FaultKind::Oversized),
        ) => Some(kind),
        _ => None,
    };
    let (mut parts, body) = response.into_parts();
    if effect.kind == Some(FaultKind::NoCors) {
        parts.headers.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    }
    let Some(kind) = mutate else {
        return Response::from_parts(parts, body);
    };
    let bytes = axum::body::to_bytes(body, 4 * MAX_BODY_BYTES).await.unwrap_or_default();
    let mut value: serde_json::Value =
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    let body = match kind {
        FaultKind::WrongTypes => {
            if let Some(data) = value.pointer_mut("/response/data") {
                *data = fault::wrong_types(data.take());
            }
            to_bytes(&value)
        }
        FaultKind::NotUtf8 => {
            let mut bytes = to_bytes(&value);
            // Just inside the first string value: `"key":"` is followed by the text.
            let at = bytes.windows(3).position(|w| w == b"\":\"").map_or(0, |i| i + 3);
            bytes.insert(at, 0xE9);
            bytes
        }
        FaultKind::Truncated => {
            let full = to_bytes(&value);
            full[..full.len() / 2].to_vec()
        }
        _ => {
            if let Some(response) = value.get_mut("response").and_then(|r| r.as_object_mut()) {
                response.insert("padding".into(), "x".repeat(MAX_BODY_BYTES + 1024).into());
            }
            to_bytes(&value)
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// The server's agent answers the request, at the service's module path below `/openbravo`
/// (whichever layout it was asked at).
async fn ask_agent(
    entry: &ServerAgent,
    service: Service,
    uri: &axum::http::Uri,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let target = format!("/openbravo/{}{query}", service.module_path());
    let mut request = axum::extract::Request::new(axum::body::Body::from(body));
    *request.method_mut() = method;
    *request.headers_mut() = headers;
    match target.parse() {
        Ok(target) => *request.uri_mut() = target,
        Err(_) => return json(error(StatusCode::BAD_REQUEST, "Unreadable request path")),
    }
    match entry.router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The agent's CORS grant on an answer the simulator made instead of it (a fault).
async fn grant(
    entry: &ServerAgent,
    service: Service,
    headers: &HeaderMap,
    response: &mut Response,
) {
    response.headers_mut().append(header::VARY, HeaderValue::from_static("Origin"));
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if let Some(origin) = origin.filter(|_| CROSS_ORIGIN.contains(&service)) {
        if entry.agent.allows_origin(origin).await {
            if let Ok(value) = HeaderValue::from_str(origin) {
                response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
        }
    }
}

fn html(status: StatusCode, body: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html;charset=UTF-8"));
    response
}

/// Mobile core's own `ContextInformation` service class (a ProcessHQLQuery): the session's
/// user, role, organization and client ids, which an agent asks with the session's cookie.
const CONTEXT_INFORMATION: &str = "org.openbravo.mobile.core.login.ContextInformation";

/// `ContextInformation` for the request's session on this server: one row, or 401 as mobile
/// core's authenticated servlet answers without a session.
fn context_information(app: &AppState, headers: &HeaderMap) -> Response {
    let server = app.sim.with_world(|w| w.server_at(app.port).cloned());
    let context = server.and_then(|server| {
        let id = session::session_id_of(headers, &server)?;
        agents::session_context(&*app.sim, &id, &server.key)
    });
    match context {
        Some(c) => json(ok(vec![serde_json::json!({
            "userId": c.user, "roleId": c.role, "orgId": c.organization, "clientId": c.client,
        })])),
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
