//! Browser glue, compiled only for `wasm32`: the wasm-bindgen exports.
//!
//! Thin by design: everything that decides lives in the pure core. For now this exports only
//! the guard's version; `checkVersions` and `guardLogin` (fetch with time limits, the dialog,
//! logout, store mode) are built on this core by the login-guard issue.

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the guard module, so a host can log which guard it loaded.
#[wasm_bindgen(js_name = guardVersion)]
pub fn guard_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
