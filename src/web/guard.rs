//! `guardLogin`: the check, and on a block, in this order: the block recorded for the terminal
//! (so that the message survives a logout that reloads the page), the message, the logout, and
//! an optional countdown to the store-mode link. Local tickets are never touched.

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit};

use super::block_ui;
use super::check;
use super::dialog::{DIALOG_SELECTOR, REDIRECT_KEY};
use super::http::{js_error_text, request, Limits, Method};
use super::options::Options;
use super::storage::{self, Lasts};
use super::{layer, notice, till};
use super::{to_js, UNAVAILABLE_EVENT, VERDICT_EVENT};
use crate::base::text::joined;
use crate::login::block_record::{block_record_key, BlockRecord};
use crate::login::check::Credentials;
use crate::login::report::{VerdictReport, When};
use crate::servers::host::{storage_keys, AUTHENTICATION_KEYS};
use crate::servers::protocol::LOGOUT;
use crate::texts::notices::BlockFacts;

/// Dispatches `name` on `document` with `detail`.
fn dispatch(name: &str, detail: &JsValue) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// What the `webpos-version-guard:unavailable` event says: the check could not run, and why.
#[derive(serde::Serialize)]
struct Unavailable<'a> {
    when: When,
    cause: &'a str,
    reason: &'a str,
}

/// Returns the verdict as a JS object, announced as the `webpos-version-guard:verdict` event.
/// When the check could not run, that is said first, in words: a console warning and the
/// `webpos-version-guard:unavailable` event (never silent).
pub(super) fn announce(report: &VerdictReport) -> JsValue {
    if let Some(reason) = &report.cannot_check {
        web_sys::console::warn_1(&JsValue::from_str(&format!("[webpos-version-guard] {reason}")));
        let detail = Unavailable { when: report.when, cause: "localNetworkRefused", reason };
        dispatch(UNAVAILABLE_EVENT, &to_js(&detail));
    }
    let value = to_js(report);
    dispatch(VERDICT_EVENT, &value);
    value
}

/// The check plus its enforcement.
pub(super) async fn guard_login(options: &JsValue) -> JsValue {
    let options = Options::read(options);
    let mut report = check::run(&options, When::Login).await;
    // Told to central before anything else happens: a blocked login waits for the answer,
    // since its logout ends the session the report is checked with.
    let blocks = report.blocks();
    till::send(&options, &mut report, blocks).await;
    let record_key = block_record_key(&report.terminal);
    let mut reload = false;
    if report.blocks() {
        if message_on_screen() {
            // At most one block per login attempt: a second call while the message is up
            // neither shows another one nor logs out again.
            report.diagnostics.push("A block message is already shown; not shown again.".into());
        } else {
            let record = BlockRecord::of(&report, js_sys::Date::now());
            storage::set(Lasts::Tab, &record_key, &record.to_text());
            enforce(&options, &mut report).await;
            reload = options.reloads_after_logout() && report.logged_out == Some(true);
        }
    } else {
        // No longer blocked: the recorded block, the login screen's notice and the once-per-tab
        // redirect are over.
        storage::remove(Lasts::Tab, &record_key);
        notice::remove();
        forget_redirect();
    }
    if reload {
        report.diagnostics.push("The page reloads after the logout, as the WebPOS's own logout does; the message is shown again at the start.".into());
    }
    let value = announce(&report);
    if reload {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    }
    value
}

/// A block: the message, the logout, then the countdown. The logout happens even when the
/// message cannot be shown.
async fn enforce(options: &Options, report: &mut VerdictReport) {
    let shown = show_message(options, report);
    if let Err(why) = &shown {
        report.diagnostics.push(format!("The message could not be shown: {why}"));
    }
    let logout = logout(options).await;
    report.logged_out = Some(logout.is_ok());
    if let Err(e) = logout {
        report.diagnostics.push(format!("Logout failed: {e}"));
        if shown.is_ok() {
            block_ui::logout_failed();
        }
    }
    // A page about to reload shows the countdown after the reload (guardStartup).
    if shown.is_ok() && !options.reloads_after_logout() {
        start_countdown(options, report);
    }
}

/// Starts the countdown to store mode when one is asked for and a store-mode URL is offered;
/// the verdict says why it did not start.
pub(super) fn start_countdown(options: &Options, report: &mut VerdictReport) {
    if options.redirect_after_seconds == 0 || report.store_mode_url.is_none() {
        return;
    }
    match block_ui::start_countdown(options.redirect_after_seconds) {
        Ok(true) => {}
        Ok(false) => report.diagnostics.push(
            "Automatic redirect skipped: it already happened once in this tab (no loops).".into(),
        ),
        Err(e) => {
            let why = js_error_text(&e);
            report.diagnostics.push(format!("The countdown could not start: {why}"));
        }
    }
}

/// Where the message goes: the `container` option, else the guard's layer above the page
/// (outside the body, which the WebPOS's render replaces).
pub(super) fn container_of(options: &Options) -> Result<web_sys::Element, String> {
    match &options.container {
        Some(container) => Ok(container.clone()),
        None => layer::layer(&document().ok_or("no document")?).map_err(|e| js_error_text(&e)),
    }
}

/// Shows the message; once it is closed, the login screen keeps the notice with store mode.
fn show_message(options: &Options, report: &VerdictReport) -> Result<(), String> {
    let facts = BlockFacts::of(report).with_tickets(options.tickets);
    let key = block_record_key(&report.terminal);
    let dismissed = move || storage::remove(Lasts::Tab, &key);
    let url = report.store_mode_url.clone();
    block_ui::show_facts(&facts, url, options.texts(), &container_of(options)?, dismissed)
        .map_err(|e| js_error_text(&e))
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Whether a block message is on the page (from this or an earlier login attempt).
pub(super) fn message_on_screen() -> bool {
    document().and_then(|d| d.query_selector(DIALOG_SELECTOR).ok().flatten()).is_some()
}

/// Logs out through the host's callback (awaited if it returns a promise, within the time
/// limit), else the way the WebPOS's own logout ends a session, without its pre-logout actions
/// (which delete the session's unpaid tickets): the authentication keys removed as the host
/// stores them (through its storage wrapper, and under both the `<app>.` and the bare key, which
/// the wrapper reads when the prefixed one is absent), then a GET to the logout servlet. A key
/// still readable afterwards fails the logout: the reload would log the cashier back in. Local
/// tickets are never touched.
async fn logout(options: &Options) -> Result<(), String> {
    let Some(callback) = &options.logout else {
        let left = remove_authentication(options);
        let url = format!("{}/{LOGOUT}", options.server_url);
        let limits = Limits { timeout_ms: options.timeout_ms, max_body: 64 * 1024 };
        let ended = request(&url, Method::GET, Credentials::SameOrigin, limits)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string());
        return match left {
            Some(left) => Err(format!(
                "{left} could not be removed from this browser's storage, so the WebPOS may log the cashier back in"
            )),
            None => ended,
        };
    };
    let result = callback.call0(&JsValue::UNDEFINED).map_err(|e| js_error_text(&e))?;
    // A promise (or any thenable) is awaited; any other value resolves at once.
    let settled = JsFuture::from(js_sys::Promise::resolve(&result));
    match select(settled, TimeoutFuture::new(options.timeout_ms)).await {
        Either::Left((Ok(_), _)) => Ok(()),
        Either::Left((Err(e), _)) => Err(js_error_text(&e)),
        Either::Right(_) => {
            Err(format!("the host's logout did not finish within {} ms", options.timeout_ms))
        }
    }
}

/// Removes the session's authentication keys wherever the host keeps them; the keys still
/// readable afterwards (through the host's wrapper or directly), named, when any is.
fn remove_authentication(options: &Options) -> Option<String> {
    let host = options.host_storage.as_ref();
    let call = |name: &str, key: &str| -> Option<JsValue> {
        let storage = host?;
        let function: js_sys::Function =
            js_sys::Reflect::get(storage, &JsValue::from_str(name)).ok()?.dyn_into().ok()?;
        function.call1(storage, &JsValue::from_str(key)).ok()
    };
    for key in AUTHENTICATION_KEYS {
        call("removeItem", key);
        for stored in storage_keys(&options.app_name, key) {
            storage::remove(Lasts::Till, &stored);
        }
    }
    let left: Vec<String> = AUTHENTICATION_KEYS
        .iter()
        .filter(|key| {
            let through_host =
                call("getItem", key).is_some_and(|v| !v.is_null() && !v.is_undefined());
            through_host
                || storage_keys(&options.app_name, key)
                    .iter()
                    .any(|stored| storage::get(Lasts::Till, stored).is_some())
        })
        .map(|key| (*key).to_owned())
        .collect();
    (!left.is_empty()).then(|| joined(&left, " and "))
}

fn forget_redirect() {
    storage::remove(Lasts::Tab, REDIRECT_KEY);
}
