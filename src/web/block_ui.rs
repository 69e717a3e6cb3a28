//! The block message's own module (built with feature `block` as
//! `pkg/webpos_version_guard_block*`): `guardLogin` loads it only when a verdict blocks, so the
//! module every login downloads carries no dialog, no countdown and no message texts.
//!
//! It composes the message from the verdict (the core's [`BlockMessage::compose`]), shows it,
//! and later replaces the logout line or starts the countdown, on the guard module's request.
//! Its three functions are exported to JS by the block build only (`showBlock`,
//! `logoutFailed`, `startCountdown`, called through `block_loader::BlockUi`).

use std::cell::RefCell;

use js_sys::{Array, Function, Reflect};
#[cfg(feature = "block")]
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use super::dialog;
use crate::compare::Side;
use crate::messages::{fill, Label, Language};
use crate::report::{BlockFacts, BlockMessage, MESSAGE_MAX_ROWS};

/// The message on screen and the URL its countdown would open.
struct Shown {
    message: BlockMessage,
    store_mode_url: Option<String>,
}

thread_local! {
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
}

fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    field(value, key).as_string()
}

/// The facts the message needs, read from a verdict object (as `checkVersions` returns it).
fn facts_of(verdict: &JsValue) -> BlockFacts {
    let differences =
        field(verdict, "differences").dyn_into::<Array>().unwrap_or_else(|_| Array::new());
    let shown = differences.length().min(MESSAGE_MAX_ROWS as u32);
    let rows = (0..shown)
        .map(|i| {
            let d = differences.get(i);
            ["name", "centralVersion", "storeVersion"].map(|k| text(&d, k).unwrap_or_default())
        })
        .collect();
    BlockFacts {
        central_version: text(verdict, "centralVersion"),
        store_version: text(verdict, "storeVersion"),
        // Written by the guard's own JSON writer: a whole number or null.
        pending_batches: field(verdict, "pendingBatches").as_f64().map(|n| n as u64),
        newer: text(verdict, "newer").as_deref().and_then(Side::from_code),
        rows,
        hidden: (differences.length() - shown) as usize,
    }
}

/// A host label: `labels[key]` (a template), else `OB.I18N.getLabel(key, args)`.
fn host_label(labels: &JsValue, label: Label, args: &[&str]) -> Option<String> {
    let key = label.key();
    if labels.is_object() {
        if let Some(template) = text(labels, key) {
            return Some(fill(&template, args));
        }
    }
    let window = web_sys::window()?;
    let i18n = field(&field(&window, "OB"), "I18N");
    if !i18n.is_object() {
        return None;
    }
    let get_label: Function = field(&i18n, "getLabel").dyn_into().ok()?;
    let js_args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    let text = get_label.call2(&i18n, &JsValue::from_str(key), &js_args).ok()?.as_string()?;
    // Openbravo answers an unknown key with a text naming the key: keep the shipped label then.
    (!text.is_empty() && !text.contains(key)).then_some(text)
}

/// Shows the block message for `verdict` in `container`, in `language` (a BCP 47 tag), with
/// the host's `labels` (an object of templates by key, or `undefined`). Fails when a message
/// is already shown or the page refuses the elements.
#[cfg_attr(feature = "block", wasm_bindgen(js_name = showBlock))]
pub fn show_block(
    verdict: &JsValue,
    language: &str,
    labels: &JsValue,
    container: &Element,
) -> Result<(), JsValue> {
    let document = container.owner_document().ok_or("the container is not in a document")?;
    let facts = facts_of(verdict);
    let message = BlockMessage::compose(&facts, Language::from_tag(language), &|label, args| {
        host_label(labels, label, args)
    });
    let store_mode_url = text(verdict, "storeModeUrl");
    dialog::show(&document, container, &message, store_mode_url.as_deref())?;
    SHOWN.with(|s| *s.borrow_mut() = Some(Shown { message, store_mode_url }));
    Ok(())
}

/// Says, in the message on screen, that the logout could not be confirmed.
#[cfg_attr(feature = "block", wasm_bindgen(js_name = logoutFailed))]
pub fn logout_failed() {
    SHOWN.with(|s| {
        if let Some(shown) = s.borrow().as_ref() {
            dialog::set_logout_text(&shown.message.logout_failed);
        }
    });
}

/// Starts the visible, cancellable countdown to the store-mode URL of the message on screen;
/// `Ok(false)`, without a countdown, when this tab was already redirected there once (so a
/// store that sends the till back cannot make it loop).
#[cfg_attr(feature = "block", wasm_bindgen(js_name = startCountdown))]
pub fn start_countdown(seconds: u32) -> Result<bool, JsValue> {
    SHOWN.with(|s| {
        let shown = s.borrow();
        let Some(Shown { message, store_mode_url: Some(url) }) = shown.as_ref() else {
            return Err(JsValue::from_str("no message with a store-mode URL is shown"));
        };
        if already_redirected(url) {
            return Ok(false);
        }
        dialog::start_countdown(seconds, url, &message.countdown, &message.cancel_countdown)?;
        Ok(true)
    })
}

fn already_redirected(url: &str) -> bool {
    let storage = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    storage.and_then(|s| s.get_item(dialog::REDIRECT_KEY).ok().flatten()).as_deref() == Some(url)
}
