//! Openbravo's JSON envelope as the simulator answers it (`{"response": {"status", "data"}}` or
//! the error form), for the services and the login alike.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use webpos_version_guard::servers::wire::Envelope;

/// A JSON answer: HTTP status and the envelope as a JSON value.
pub type Answer = (StatusCode, serde_json::Value);

fn envelope<T: Serialize>(status: StatusCode, envelope: Envelope<T>) -> Answer {
    (status, serde_json::to_value(envelope).unwrap_or(serde_json::Value::Null))
}

/// `data` in the success envelope, HTTP 200.
pub fn ok<T: Serialize>(data: T) -> Answer {
    envelope(StatusCode::OK, Envelope::ok(data))
}

/// The error envelope with `message`, with the HTTP `status`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Answer {
    envelope::<()>(status, Envelope::error(message))
}

/// A JSON value's bytes, as the answer's body.
pub fn to_bytes(value: &serde_json::Value) -> Vec<u8> {
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

/// `data` in the success envelope, as a response.
pub fn answer_ok<T: Serialize>(data: T) -> Response {
    json(ok(data))
}

/// The error envelope, as a response.
pub fn answer_error(status: StatusCode, message: impl Into<String>) -> Response {
    json(error(status, message))
}
