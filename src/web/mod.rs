//! Browser glue, compiled only for `wasm32`: runs the requests the core's check plan asks for
//! (gloo-net, with a time limit and a size cap), shows the block message, calls the host, and
//! exports the guard to JavaScript. Thin by design: everything that decides is in the core.

mod block_ui;
mod check;
mod dialog;
mod guard;
mod http;
mod layer;
mod local_network;
mod notice;
mod options;
mod startup;
mod storage;
mod till;

/// The block message's functions, public for the browser tests (tests/web.rs).
pub use block_ui::{logout_failed, show_block, start_countdown, Texts};
/// The store-mode URL check the guard runs, with the browser's URL parser (public for the
/// browser table test, tests/store_mode_urls.rs).
pub use check::store_mode_url;
pub use options::GuardOptions;

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// The DOM event announced (on `document`) with the verdict of every check.
pub const VERDICT_EVENT: &str = "webpos-version-guard:verdict";

/// The DOM event announced (on `document`) when the check could not run, with
/// `{ when, cause, reason }` (the Openbravo adapter announces it too, when the guard cannot
/// load or attach to the login).
pub const UNAVAILABLE_EVENT: &str = "webpos-version-guard:unavailable";

#[wasm_bindgen(typescript_custom_section)]
const CHECK_OPTIONS: &'static str = r#"
/** What `checkVersions` and `guardLogin` resolve to, and the verdict event's `detail`. */
export type Verdict = VerdictReport;
/** Options of `checkVersions` (those of `guardLogin` that concern the check). */
export type CheckOptions = Omit<GuardOptions, "logout" | "language" | "labels" | "redirectAfterSeconds" | "container">;
"#;

/// A Rust value as a plain JS object (JSON-compatible: `None` is `null`, maps are objects).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// The version of the guard module, so a host can log which guard it loaded.
#[wasm_bindgen(js_name = guardVersion)]
pub fn guard_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The check for Rust callers (the browser tests): the verdict as the core's type.
pub async fn check_report(options: &JsValue) -> crate::login::report::VerdictReport {
    check::run(&options::Options::read(options), crate::login::report::When::Login).await
}

/// Checks versions without touching the page; resolves to the verdict (never rejects).
#[wasm_bindgen(js_name = checkVersions, unchecked_return_type = "Verdict")]
pub async fn check_versions(
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options: JsValue,
) -> JsValue {
    let report = check_report(&options).await;
    guard::announce(&report)
}

/// Checks versions and, on a block, shows the message, logs out and offers store mode;
/// resolves to the verdict (never rejects).
#[wasm_bindgen(js_name = guardLogin, unchecked_return_type = "Verdict")]
pub async fn guard_login(
    #[wasm_bindgen(unchecked_param_type = "GuardOptions | undefined")] options: JsValue,
) -> JsValue {
    guard::guard_login(&options).await
}

/// At the WebPOS's start, before login: the check that needs no session. A block recorded
/// before a logout is shown again (the WebPOS's logout reloads the page); otherwise, when a
/// login here would be blocked, a non-modal notice offers store mode. Resolves to the verdict
/// (never rejects); the login check then reuses what it learned.
#[wasm_bindgen(js_name = guardStartup, unchecked_return_type = "Verdict")]
pub async fn guard_startup(
    #[wasm_bindgen(unchecked_param_type = "GuardOptions | undefined")] options: JsValue,
) -> JsValue {
    startup::guard_startup(&options).await
}
