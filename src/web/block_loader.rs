//! Loads the block message's module (`webpos_version_guard_block.js` and its `.wasm`, next to
//! this package's files) when a verdict blocks, within the request time limit. A login that
//! proceeds never downloads it.

use js_sys::Promise;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use super::http::{await_with_limit, js_error_text};
use crate::text::decimal;

#[wasm_bindgen(module = "/src/web/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadBlockUi)]
    fn load_block_ui() -> Promise;

    /// The block message's module, once loaded (its exports, `src/web/block_ui.rs`).
    pub type BlockUi;

    /// Shows the message for a verdict.
    #[wasm_bindgen(method, catch, js_name = showBlock)]
    pub fn show_block(
        this: &BlockUi,
        verdict: &JsValue,
        language: &str,
        labels: &JsValue,
        container: &Element,
    ) -> Result<(), JsValue>;

    /// Says in the message that the logout could not be confirmed.
    #[wasm_bindgen(method, js_name = logoutFailed)]
    pub fn logout_failed(this: &BlockUi);

    /// Starts the countdown to the store-mode URL; `false` when this tab was already
    /// redirected there once.
    #[wasm_bindgen(method, catch, js_name = startCountdown)]
    pub fn start_countdown(this: &BlockUi, seconds: u32) -> Result<bool, JsValue>;
}

/// The block message's module, loaded and initialised, or why not within `timeout_ms`.
pub async fn load(timeout_ms: u32) -> Result<BlockUi, String> {
    match await_with_limit(&load_block_ui(), timeout_ms).await {
        Ok(Some(ui)) => Ok(ui.unchecked_into()),
        Ok(None) => Err(["it did not load within ", &decimal(timeout_ms.into()), " ms"].concat()),
        Err(e) => Err(["it did not load (", &js_error_text(&e), ")"].concat()),
    }
}
