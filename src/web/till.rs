//! The till's report of a login's check for central's collector (issue #39): the core's
//! `TillReport` of the verdict, POSTed to the server the page came from (central's collector,
//! or a store's agent in store mode) with the session's cookie, as a `keepalive` request (the browser delivers it even when the page unloads or the
//! logout reloads it). A blocked login waits for its answer, at most [`REPORT_WAIT_MS`], before
//! it logs out: the collector checks the session, which the logout ends. What it cannot send is
//! a diagnostic, never an error.

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

use super::options::Options;
use crate::login::decision::LoadOrigin;
use crate::login::report::VerdictReport;
use crate::login::till_report::TillReport;
use crate::servers::protocol::{till_report_path, Service};

/// How long a blocked login waits for its report's answer before it logs out.
pub(super) const REPORT_WAIT_MS: u32 = 1_500;

/// Sends the report of `verdict` to the server the page came from: central's collector, or, on
/// a page loaded from the store (store mode), the store's agent, which holds it for central;
/// waits for the answer when `wait` (a blocked login), at most [`REPORT_WAIT_MS`]. A note in
/// the verdict's diagnostics when it could not be sent or taken.
pub(super) async fn send(options: &Options, verdict: &mut VerdictReport, wait: bool) {
    let path = match verdict.loaded_from {
        LoadOrigin::StoreMode => options.paths.path(Service::TillReport).to_owned(),
        LoadOrigin::Central => till_report_path(),
    };
    let url = [options.server_url.as_str(), "/", &path].concat();
    let Some(sent) = post(&url, &body(verdict)) else {
        verdict.diagnostics.push(format!("The check's report could not be sent to {url}."));
        return;
    };
    if !wait {
        // Delivered by the browser on its own (keepalive); its answer is not awaited.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = sent.await;
        });
        return;
    }
    match select(sent, TimeoutFuture::new(REPORT_WAIT_MS)).await {
        Either::Left((Ok(answer), _)) => match answer.dyn_into::<Response>() {
            Ok(r) if r.status() == 202 => {}
            Ok(r) => verdict
                .diagnostics
                .push(format!("The check's report was refused by {url}: HTTP {}.", r.status())),
            Err(_) => {}
        },
        Either::Left((Err(_), _)) => {
            verdict.diagnostics.push(format!("The check's report could not reach {url}."))
        }
        Either::Right(_) => verdict.diagnostics.push(format!(
            "The check's report had no answer from {url} within {REPORT_WAIT_MS} ms; the browser still delivers it."
        )),
    }
}

/// The report of `verdict` as JSON, with a new id.
fn body(verdict: &VerdictReport) -> String {
    let mut report = TillReport::of(verdict);
    report.id = Some(random_id());
    report.to_json()
}

/// A new report id: 13 random hexadecimal digits (no security rests on it: it only lets the
/// receiver refuse a report sent again as it was).
fn random_id() -> String {
    (0..13)
        .map(|_| char::from(b"0123456789abcdef"[(js_sys::Math::random() * 16.0) as usize & 15]))
        .collect()
}

/// A `keepalive` POST of `body` with the session's cookie; `None` when the browser has no way.
fn post(url: &str, body: &str) -> Option<JsFuture> {
    let window = web_sys::window()?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_credentials(RequestCredentials::SameOrigin);
    // web-sys has no setter for it: the field as the Fetch standard names it.
    js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE).ok()?;
    let headers = web_sys::Headers::new().ok()?;
    headers.set("content-type", "application/json").ok()?;
    init.set_headers(&headers);
    Some(JsFuture::from(window.fetch_with_str_and_init(url, &init)))
}
