//! The block message's behaviour: composes the message from the verdict (the core's
//! [`BlockMessage::compose`] over [`BlockFacts::of`]), shows it (`dialog`), and later replaces
//! the logout line or starts the countdown, on the guard's request. When the cashier closes
//! it, the login screen keeps the notice with "Open store mode" (`notice`).

use std::cell::RefCell;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use super::storage::{self, Lasts};
use super::{dialog, notice};
use crate::login::report::VerdictReport;
use crate::texts::cashier::{Label, Language};
use crate::texts::notices::{BlockFacts, BlockMessage, CannotCheckNotice, StartupNotice};

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

/// What the message's words depend on: the language, the host's labels and their key prefix.
#[derive(Clone, Copy)]
pub struct Texts<'a> {
    /// A BCP 47 tag; English unless it is Spanish.
    pub language: &'a str,
    /// An object of label templates by key, or `undefined`.
    pub labels: &'a JsValue,
    /// The prefix of the label keys (the module's database prefix and `_`).
    pub prefix: &'a str,
}

impl Texts<'_> {
    fn language(&self) -> Language {
        Language::from_tag(self.language)
    }

    fn host(&self) -> impl Fn(Label) -> Option<String> + '_ {
        move |label| host_label(self.labels, &label.key(self.prefix))
    }
}

/// A host label's template: `labels[key]`, else `OB.I18N.getLabel(key)` asked without
/// arguments (the guard fills every placeholder itself: Openbravo's replaces only the first of
/// each, and reads `$` in an argument as a pattern).
fn host_label(labels: &JsValue, key: &str) -> Option<String> {
    if labels.is_object() {
        if let Some(template) = text(labels, key) {
            return Some(template);
        }
    }
    let window = web_sys::window()?;
    let i18n = field(&field(&window, "OB"), "I18N");
    if !i18n.is_object() {
        return None;
    }
    let get_label: Function = field(&i18n, "getLabel").dyn_into().ok()?;
    let text = get_label.call2(&i18n, &JsValue::from_str(key), &Array::new()).ok()?.as_string()?;
    // Openbravo answers an unknown key (and any key before its labels load) with
    // `UNDEFINED <key>`: keep the shipped label then.
    // (A window search: no substring searcher in the wasm for this.)
    let names_key =
        key.is_empty() || text.as_bytes().windows(key.len()).any(|w| w == key.as_bytes());
    (!text.is_empty() && !names_key).then_some(text)
}

/// Shows the block message for `verdict` in `container`, in `texts`' words. Fails when a
/// message is already shown or the page refuses the elements. Closing it leaves the notice.
pub fn show_block(
    verdict: &VerdictReport,
    texts: Texts,
    container: &Element,
) -> Result<(), JsValue> {
    show_facts(&BlockFacts::of(verdict), verdict.store_mode_url.clone(), texts, container, || {})
}

/// Shows the block message for `facts` (a verdict's, or a recorded block's) with the
/// store-mode URL `store_mode_url` (already checked), as [`show_block`] does. When the cashier
/// closes it, `dismissed` runs, then the notice with "Open store mode" takes its place on the
/// login screen, until a check finds the till no longer blocked.
pub(super) fn show_facts(
    facts: &BlockFacts,
    store_mode_url: Option<String>,
    texts: Texts,
    container: &Element,
    dismissed: impl Fn() + 'static,
) -> Result<(), JsValue> {
    let document = container.owner_document().ok_or("the container is not in a document")?;
    let message = BlockMessage::compose(facts, texts.language(), &texts.host());
    let notice = StartupNotice::compose(facts, texts.language(), &texts.host());
    let after = {
        let (container, url) = (container.clone(), store_mode_url.clone());
        move || {
            dismissed();
            let _ = notice::show(&container, &notice, url.as_deref());
        }
    };
    dialog::show(&document, container, &message, store_mode_url.as_deref(), after)?;
    SHOWN.with(|s| *s.borrow_mut() = Some(Shown { message, store_mode_url }));
    Ok(())
}

/// Shows the notice that a login here would be blocked, for `facts` with the store-mode URL
/// `store_mode_url`.
pub(super) fn show_notice(
    facts: &BlockFacts,
    store_mode_url: Option<&str>,
    texts: Texts,
    container: &Element,
) -> Result<(), JsValue> {
    let notice = StartupNotice::compose(facts, texts.language(), &texts.host());
    notice::show(container, &notice, store_mode_url)
}

/// Shows the notice that the check cannot run on this till (`reason`).
pub(super) fn show_cannot_check(
    reason: &str,
    texts: Texts,
    container: &Element,
) -> Result<(), JsValue> {
    let notice = CannotCheckNotice::compose(reason, texts.language(), &texts.host());
    notice::show_cannot_check(container, &notice)
}

/// Says, in the message on screen, that the logout could not be confirmed.
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
pub fn start_countdown(seconds: u32) -> Result<bool, JsValue> {
    SHOWN.with(|s| {
        let shown = s.borrow();
        let Some(Shown { message, store_mode_url: Some(url) }) = shown.as_ref() else {
            return Err(JsValue::from_str("no message with a store-mode URL is shown"));
        };
        if already_redirected(url) {
            return Ok(false);
        }
        dialog::start_countdown(seconds, url, &message.countdown)?;
        Ok(true)
    })
}

fn already_redirected(url: &str) -> bool {
    storage::get(Lasts::Tab, dialog::REDIRECT_KEY).as_deref() == Some(url)
}
