//! `fetch` with a time limit (AbortController), a size cap enforced while the body is read,
//! no redirects followed, and explicit credentials.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCache, RequestCredentials, RequestInit,
    RequestRedirect, Response, ResponseType,
};

use crate::text::{decimal, parse_decimal};
use crate::wire::WireError;

/// Whether the request carries the session cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// Never (a store's public services).
    Omit,
    /// Only to the page's own origin (central's session services).
    SameOrigin,
}

/// One request's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Milliseconds before the request is aborted.
    pub timeout_ms: u32,
    /// Largest body read, in bytes.
    pub max_body: usize,
}

/// Milliseconds since the page's time origin.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// What a browser without the standard window, fetch, AbortController, setTimeout and
/// streams gets (none the guard supports).
const NO_FETCH: &str = "this browser lacks the fetch, AbortController or streams the guard needs";

/// Requests `url` and returns the body of a 2xx answer; any other outcome is an error text
/// meant for an admin ("timed out after 3000 ms", "HTTP 503", ...).
pub async fn request(
    url: &str,
    method: &str,
    credentials: Credentials,
    limits: Limits,
) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or(NO_FETCH)?;
    let controller = AbortController::new().map_err(|_| NO_FETCH)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(match credentials {
        Credentials::Omit => RequestCredentials::Omit,
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
    });
    init.set_redirect(RequestRedirect::Manual);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));

    // The timer calls the controller's own `abort`, with glue.js's LATE as the reason, which
    // tells a time-out from the size cap's abort (no Rust closure needed).
    let abort = Reflect::get(&controller, &JsValue::from_str("abort"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(NO_FETCH)?
        .bind0(&controller);
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_1(
            &abort,
            i32::try_from(limits.timeout_ms).unwrap_or(i32::MAX),
            &LATE.with(JsValue::clone),
        )
        .map_err(|_| NO_FETCH)?;
    let result = fetch_body(&window, url, &init, &controller, limits.max_body).await;
    window.clear_timeout_with_handle(timer);
    match result {
        Err(_) if LATE.with(|late| controller.signal().reason() == *late) => {
            Err(["timed out after ", &decimal(limits.timeout_ms.into()), " ms"].concat())
        }
        other => other,
    }
}

async fn fetch_body(
    window: &web_sys::Window,
    url: &str,
    init: &RequestInit,
    controller: &AbortController,
    max_body: usize,
) -> Result<Vec<u8>, String> {
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, init)).await.map_err(|e| {
        [
            "network error: the server is unreachable, refused the connection or did not allow this origin (CORS) (",
            &js_error_text(&e),
            ")",
        ]
        .concat()
    })?;
    let response: Response = answer.dyn_into().map_err(|_| NO_FETCH)?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err("the server answered with a redirect, which is not followed".into());
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        // Fetch strips a header value's surrounding whitespace itself.
        .and_then(|v| parse_decimal(&v))
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if declared.is_some_and(|len| len > max_body) {
        controller.abort();
        return Err(too_large(max_body));
    }
    let body = read_capped(&response, controller, max_body).await?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(http_error(status, &body));
    }
    Ok(body)
}

async fn read_capped(
    response: &Response,
    controller: &AbortController,
    max_body: usize,
) -> Result<Vec<u8>, String> {
    let Some(stream) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| {
            ["the connection broke while reading the answer (", &js_error_text(&e), ")"].concat()
        })?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool());
        if done != Some(false) {
            return Ok(body);
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(|_| NO_FETCH)?
            .unchecked_into();
        let len = value.length() as usize;
        if body.len() + len > max_body {
            let _ = reader.cancel();
            controller.abort();
            return Err(too_large(max_body));
        }
        let start = body.len();
        body.resize(start + len, 0);
        value.copy_to(&mut body[start..]);
    }
}

fn too_large(max_body: usize) -> String {
    ["response too large: more than ", &decimal(max_body as u64), " bytes"].concat()
}

/// "HTTP 401: Not logged in" when the body is an error envelope, else "HTTP 503".
fn http_error(status: u16, body: &[u8]) -> String {
    match super::js_json::envelope_data(body) {
        Err(WireError::Server { message, .. }) if !message.is_empty() => {
            ["HTTP ", &decimal(status.into()), ": ", &message].concat()
        }
        _ => ["HTTP ", &decimal(status.into())].concat(),
    }
}

/// A thrown JS value's message.
pub fn js_error_text(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

#[wasm_bindgen(module = "/src/web/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = settleWithin)]
    fn settle_within(value: &JsValue, ms: u32) -> Promise;

    #[wasm_bindgen(thread_local_v2, js_name = LATE)]
    static LATE: JsValue;
}

/// What `value` (a promise or any value) settles to: `Ok(None)` when that takes longer than
/// `timeout_ms`, `Err` with what it rejected with.
pub async fn await_with_limit(
    value: &JsValue,
    timeout_ms: u32,
) -> Result<Option<JsValue>, JsValue> {
    match JsFuture::from(settle_within(value, timeout_ms)).await {
        Ok(settled) => Ok(Some(settled)),
        Err(e) if LATE.with(|late| e == *late) => Ok(None),
        Err(e) => Err(e),
    }
}
