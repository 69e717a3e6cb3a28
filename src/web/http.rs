//! One HTTP request the way the guard makes every request: gloo-net, a time limit (an
//! `AbortSignal` fired by a timer, covering the body too), redirects refused, no cache,
//! explicit credentials, and a size cap enforced while the body stream is read.

use std::cell::Cell;
use std::rc::Rc;

pub(super) use gloo_net::http::Method;
use gloo_net::http::{RequestBuilder, Response};
use gloo_timers::callback::Timeout;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCache, RequestCredentials,
    RequestRedirect, ResponseType,
};

use crate::login::check::Credentials;
use crate::servers::failure::Failure;

/// One request's limits.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    /// Milliseconds before the request is aborted.
    pub timeout_ms: u32,
    /// Largest body read, in bytes.
    pub max_body: usize,
}

/// Milliseconds since the page's time origin.
pub(super) fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// What a browser without fetch, AbortController or streams gets (none the guard supports).
const NO_FETCH: &str = "this browser lacks the fetch, AbortController or streams the guard needs";

/// Requests `url` and returns the body of a 2xx answer; any other outcome is the failure
/// (timed out, HTTP 503, ...).
pub(super) async fn request(
    url: &str,
    method: Method,
    credentials: Credentials,
    limits: Limits,
) -> Result<Vec<u8>, Failure> {
    let controller = AbortController::new().map_err(|_| no_fetch())?;
    let late = Rc::new(Cell::new(false));
    let _timer = Timeout::new(limits.timeout_ms, {
        let (controller, late) = (controller.clone(), late.clone());
        move || {
            late.set(true);
            controller.abort();
        }
    });
    let builder = RequestBuilder::new(url).method(method);
    let result = fetch_body(builder, credentials, &controller, limits.max_body).await;
    match result {
        Err(_) if late.get() => Err(Failure::TimedOut(limits.timeout_ms.into())),
        other => other,
    }
}

async fn fetch_body(
    builder: RequestBuilder,
    credentials: Credentials,
    controller: &AbortController,
    max_body: usize,
) -> Result<Vec<u8>, Failure> {
    let response = builder
        .credentials(match credentials {
            Credentials::Omit => RequestCredentials::Omit,
            Credentials::SameOrigin => RequestCredentials::SameOrigin,
        })
        .redirect(RequestRedirect::Manual)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&controller.signal()))
        .send()
        .await
        .map_err(|e| Failure::NoResponse(e.to_string()))?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(Failure::Redirect { status: None, to: None });
    }
    let declared = response.headers().get("content-length").and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > max_body as u64) {
        controller.abort();
        return Err(Failure::TooLarge { limit: max_body as u64, declared });
    }
    let body = read_capped(&response, controller, max_body).await?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(Failure::from_status(status, &body));
    }
    Ok(body)
}

/// Reads the body stream chunk by chunk, giving up as soon as it passes `max_body`.
async fn read_capped(
    response: &Response,
    controller: &AbortController,
    max_body: usize,
) -> Result<Vec<u8>, Failure> {
    let Some(stream) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| Failure::Broken(Some(js_error_text(&e))))?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool());
        if done != Some(false) {
            return Ok(body);
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(|_| no_fetch())?
            .unchecked_into();
        let len = value.length() as usize;
        if body.len() + len > max_body {
            let _ = reader.cancel();
            controller.abort();
            return Err(Failure::TooLarge { limit: max_body as u64, declared: None });
        }
        let start = body.len();
        body.resize(start + len, 0);
        value.copy_to(&mut body[start..]);
    }
}

fn no_fetch() -> Failure {
    Failure::Client(NO_FETCH.to_owned())
}

/// A thrown JS value's message.
pub(super) fn js_error_text(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
