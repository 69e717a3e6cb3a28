//! CORS: exactly what the guard and the admin page need across origins, nothing broader.
//!
//! - `VersionInformation`, `PendingSync` and `StoreStatus` (GET) may be read by the central
//!   origin (where the WebPOS is loaded from, for the login guard) and by the server's own
//!   origin.
//! - `RecomputeVersionInformation` is never called across origins: central's collector asks a
//!   store server to server, with central's credential (the admin's page asks central).
//! - Nothing else is readable across origins. No wildcard, no credentials: these reads need no
//!   session, so the browser sends no cookies (`credentials: "omit"`).

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use webpos_version_guard::protocol::Service;

/// The methods a service may be called with across origins (empty: same-origin only).
pub fn cross_origin_methods(service: Service) -> &'static [Method] {
    match service {
        Service::VersionInformation | Service::PendingSync | Service::StoreStatus => &[Method::GET],
        _ => &[],
    }
}

/// Who may call across origins: the central origin, the server's own, and any extra origins
/// given with `--allow-origin` (for test runners; none by default).
#[derive(Clone, Copy)]
pub struct Origins<'a> {
    /// The server's own origin.
    pub own: &'a str,
    /// Central's origin.
    pub central: &'a str,
    /// Extra origins allowed to read version and pending services.
    pub extra: &'a [String],
}

/// The origins allowed to read `service`.
fn allowed(service: Service, origins: Origins<'_>, origin: &str) -> bool {
    let Origins { own, central, extra } = origins;
    match service {
        Service::VersionInformation | Service::PendingSync | Service::StoreStatus => {
            origin == central || origin == own || extra.iter().any(|e| e == origin)
        }
        _ => false,
    }
}

/// The request's `Origin`, when it is valid text.
pub fn request_origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN)?.to_str().ok()
}

/// Adds `Access-Control-Allow-Origin` to an actual response when the origin is allowed.
pub fn decorate(
    response: &mut Response,
    service: Service,
    origins: Origins<'_>,
    origin: Option<&str>,
) {
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin.filter(|o| allowed(service, origins, o)) {
        if let Ok(value) = HeaderValue::from_str(origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
    }
}

/// Answers a preflight: 204 with the grant when origin, method and headers are allowed, else
/// 403 without any CORS header (the browser then refuses the request).
pub fn preflight(service: Service, origins: Origins<'_>, headers: &HeaderMap) -> Response {
    let origin = request_origin(headers);
    let method = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|m| Method::from_bytes(m.as_bytes()).ok());
    let requested_headers = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let headers_ok = requested_headers
        .split(',')
        .map(str::trim)
        .all(|h| h.is_empty() || h.eq_ignore_ascii_case("content-type"));
    let methods = cross_origin_methods(service);
    match (origin, method) {
        (Some(origin), Some(method))
            if allowed(service, origins, origin) && methods.contains(&method) && headers_ok =>
        {
            let mut response = StatusCode::NO_CONTENT.into_response();
            let h = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(origin) {
                h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(if method == Method::POST { "POST" } else { "GET" }),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("Content-Type"),
            );
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            h.append(header::VARY, HeaderValue::from_static("Origin"));
            response
        }
        _ => (StatusCode::FORBIDDEN, "CORS preflight refused").into_response(),
    }
}
