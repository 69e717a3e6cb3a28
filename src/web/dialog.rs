//! The block message: a native `<dialog>` opened with `showModal()` (the platform keeps the
//! focus inside and the rest of the page inert, and Escape closes it), with the WAI-ARIA role
//! `alertdialog`, labelled and described, focus on the primary action. Every text goes in with
//! `textContent` only.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlDialogElement, HtmlElement};

use super::storage::{self, Lasts};
use crate::texts::cashier::fill;
use crate::texts::notices::BlockMessage;

// One spelling of the attribute, for the constant and the selector built from it.
macro_rules! dialog_attribute {
    () => {
        "data-webpos-version-guard"
    };
}

/// The dialog's attribute, for hosts and tests to find it.
pub(super) const DIALOG_ATTRIBUTE: &str = dialog_attribute!();
/// A selector for the dialog.
pub(super) const DIALOG_SELECTOR: &str = concat!("[", dialog_attribute!(), "]");
const TITLE_ID: &str = "webpos-version-guard-title";
const DESCRIPTION_ID: &str = "webpos-version-guard-description";
/// sessionStorage key remembering an automatic redirect, so it happens once per tab session.
pub(super) const REDIRECT_KEY: &str = "webpos-version-guard:auto-redirect";

type Listener = Closure<dyn FnMut(web_sys::Event)>;

struct Open {
    dialog: HtmlDialogElement,
    logout_text: Element,
    countdown_text: Element,
    /// The dialog's `close` listener, removed before the guard closes the dialog itself (the
    /// `close` event then fires after the listener has been dropped).
    on_closed: Listener,
    listeners: Vec<Listener>,
    interval: Rc<Cell<Option<i32>>>,
}

thread_local! {
    static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
}

/// Whether a block message is on screen.
pub(super) fn is_open() -> bool {
    OPEN.with(|o| o.borrow().is_some())
}

fn element(doc: &Document, tag: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if let Some(text) = text {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

fn style(e: &Element, rules: &[(&str, &str)]) {
    if let Some(html) = e.dyn_ref::<HtmlElement>() {
        let s = html.style();
        for (k, v) in rules {
            let _ = s.set_property(k, v);
        }
    }
}

const BUTTON: &[(&str, &str)] = &[
    ("font", "inherit"),
    ("padding", "0.6em 1.2em"),
    ("border-radius", "6px"),
    ("border", "2px solid #1f4f8f"),
    ("cursor", "pointer"),
    ("margin", "0.25em 0.5em 0 0"),
    ("display", "inline-block"),
    ("text-decoration", "none"),
];

fn paragraph(doc: &Document, parent: &Element, text: &str) -> Result<Element, JsValue> {
    let p = element(doc, "p", Some(text))?;
    style(&p, &[("margin", "0 0 0.6em")]);
    parent.append_child(&p)?;
    Ok(p)
}

/// The modules table of the details part.
fn modules_table(doc: &Document, message: &BlockMessage) -> Result<Element, JsValue> {
    let table = element(doc, "table", None)?;
    style(&table, &[("border-collapse", "collapse"), ("margin", "0.5em 0"), ("width", "100%")]);
    let caption = element(doc, "caption", Some(&message.differences_heading))?;
    style(&caption, &[("text-align", "left"), ("font-weight", "600"), ("padding", "0.3em 0")]);
    table.append_child(&caption)?;
    let cell_style =
        [("text-align", "left"), ("font-weight", "normal"), ("padding", "0.2em 0.6em 0.2em 0")];
    let head = element(doc, "thead", None)?;
    let row = element(doc, "tr", None)?;
    for column in &message.columns {
        let th = element(doc, "th", Some(column))?;
        th.set_attribute("scope", "col")?;
        style(&th, &cell_style);
        style(&th, &[("font-weight", "600"), ("border-bottom", "1px solid #999")]);
        row.append_child(&th)?;
    }
    head.append_child(&row)?;
    table.append_child(&head)?;
    let tbody = element(doc, "tbody", None)?;
    for cells in &message.rows {
        let tr = element(doc, "tr", None)?;
        for (i, cell) in cells.iter().enumerate() {
            let td = element(doc, if i == 0 { "th" } else { "td" }, Some(cell))?;
            if i == 0 {
                td.set_attribute("scope", "row")?;
            }
            style(&td, &cell_style);
            tr.append_child(&td)?;
        }
        tbody.append_child(&tr)?;
    }
    table.append_child(&tbody)?;
    Ok(table)
}

/// Shows the message. `store_mode_url` is the primary action when offered (already checked).
/// It reads in the order a cashier needs it: the title (what to do), what happened in plain
/// words, what store mode is, the logout, where the tickets are, the actions; then "Details
/// for IT" (versions, pending count, rule, modules), closed until asked for. Close (or Escape)
/// is the one way to dismiss it, and it stops the countdown; `dismissed` runs then.
pub(super) fn show(
    doc: &Document,
    container: &Element,
    message: &BlockMessage,
    store_mode_url: Option<&str>,
    dismissed: impl Fn() + 'static,
) -> Result<(), JsValue> {
    if is_open() {
        return Err(JsValue::from_str("a block message is already shown"));
    }
    let dialog: HtmlDialogElement = element(doc, "dialog", None)?.unchecked_into();
    dialog.set_attribute(DIALOG_ATTRIBUTE, "")?;
    for (name, value) in [
        ("role", "alertdialog"),
        ("aria-modal", "true"),
        ("aria-labelledby", TITLE_ID),
        ("aria-describedby", DESCRIPTION_ID),
        ("lang", message.lang),
    ] {
        dialog.set_attribute(name, value)?;
    }
    style(
        &dialog,
        &[
            ("background", "#fff"),
            ("color", "#1a1a1a"),
            ("max-width", "40em"),
            ("max-height", "92vh"),
            ("overflow", "auto"),
            ("border-radius", "10px"),
            ("padding", "1.3em 1.5em"),
            ("font", "17px/1.45 system-ui, sans-serif"),
            ("box-shadow", "0 10px 40px rgba(0, 0, 0, 0.4)"),
            ("border", "none"),
            ("overflow-wrap", "anywhere"),
            ("pointer-events", "auto"),
        ],
    );
    let title = element(doc, "h2", Some(&message.title))?;
    title.set_id(TITLE_ID);
    style(&title, &[("margin", "0 0 0.6em"), ("font-size", "1.4em"), ("color", "#8a1c1c")]);
    dialog.append_child(&title)?;
    let description = element(doc, "div", None)?;
    description.set_id(DESCRIPTION_ID);
    let lead = paragraph(doc, &description, &message.lead)?;
    style(&lead, &[("font-weight", "600")]);
    paragraph(doc, &description, &message.what_to_do)?;
    let logout_text = paragraph(doc, &description, &message.logged_out)?;
    paragraph(doc, &description, &message.tickets)?;
    dialog.append_child(&description)?;

    let countdown_text = element(doc, "p", None)?;
    countdown_text.set_attribute("aria-live", "polite")?;
    countdown_text.set_attribute("data-role", "countdown")?;
    style(&countdown_text, &[("margin", "0.3em 0"), ("font-weight", "600")]);
    dialog.append_child(&countdown_text)?;

    let actions = element(doc, "div", None)?;
    style(&actions, &[("margin", "0.6em 0 0.8em")]);
    let primary = match store_mode_url {
        Some(url) => {
            let link = element(doc, "a", Some(&message.open_store_mode))?;
            link.set_attribute("href", url)?;
            link.set_attribute("data-action", "store-mode")?;
            style(&link, BUTTON);
            style(&link, &[("background", "#1f4f8f"), ("color", "#fff"), ("font-weight", "600")]);
            actions.append_child(&link)?;
            link.dyn_into::<HtmlElement>().ok()
        }
        None => {
            let note = element(doc, "p", Some(&message.no_store_mode))?;
            style(&note, &[("font-weight", "600")]);
            actions.append_child(&note)?;
            None
        }
    };
    let close = element(doc, "button", Some(&message.close))?;
    close.set_attribute("type", "button")?;
    close.set_attribute("data-action", "close")?;
    style(&close, BUTTON);
    style(&close, &[("background", "#fff"), ("color", "#1f4f8f")]);
    actions.append_child(&close)?;
    dialog.append_child(&actions)?;

    let details = element(doc, "details", None)?;
    details.set_attribute("data-role", "details")?;
    style(
        &details,
        &[("border-top", "1px solid #ccd"), ("padding-top", "0.5em"), ("font-size", "0.92em")],
    );
    let summary = element(doc, "summary", Some(&message.details_summary))?;
    style(&summary, &[("cursor", "pointer"), ("color", "#1f4f8f"), ("font-weight", "600")]);
    details.append_child(&summary)?;
    for line in &message.details {
        paragraph(doc, &details, line)?;
    }
    if !message.rows.is_empty() {
        let table = modules_table(doc, message)?;
        details.append_child(&table)?;
    }
    if let Some(more) = &message.more {
        paragraph(doc, &details, more)?;
    }
    dialog.append_child(&details)?;
    container.append_child(&dialog)?;
    if let Err(refused) = dialog.show_modal() {
        dialog.remove();
        return Err(refused);
    }

    // The close button, Escape (the dialog's `cancel`, then `close`), or the host closing it:
    // clean up, then what the caller does after a dismissal.
    let dismissed = Rc::new(dismissed);
    let on_close: Listener = Closure::new({
        let dismissed = dismissed.clone();
        move |_: web_sys::Event| {
            if close_dialog() {
                dismissed();
            }
        }
    });
    close.add_event_listener_with_callback("click", on_close.as_ref().unchecked_ref())?;
    let on_closed: Listener = Closure::new(move |_: web_sys::Event| {
        if close_dialog() {
            dismissed();
        }
    });
    dialog.add_event_listener_with_callback("close", on_closed.as_ref().unchecked_ref())?;

    let focus_target = primary.clone().or_else(|| close.clone().dyn_into::<HtmlElement>().ok());
    OPEN.with(|o| {
        *o.borrow_mut() = Some(Open {
            dialog,
            logout_text,
            countdown_text,
            on_closed,
            listeners: vec![on_close],
            interval: Rc::new(Cell::new(None)),
        })
    });
    if let Some(target) = focus_target {
        let _ = target.focus();
    }
    Ok(())
}

/// Replaces the "you were logged out" text (when the logout failed).
pub(super) fn set_logout_text(text: &str) {
    OPEN.with(|o| {
        if let Some(open) = o.borrow().as_ref() {
            open.logout_text.set_text_content(Some(text));
        }
    });
}

/// Starts a visible countdown that opens `url` at zero; Close (the message's one dismiss
/// button) stops it.
pub(super) fn start_countdown(seconds: u32, url: &str, template: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let remaining = Rc::new(Cell::new(seconds));
    OPEN.with(|o| -> Result<(), JsValue> {
        let mut slot = o.borrow_mut();
        let Some(open) = slot.as_mut() else { return Ok(()) };
        let text = open.countdown_text.clone();
        text.set_text_content(Some(&fill(template, &[&seconds.to_string()])));
        let interval = open.interval.clone();
        let tick: Listener = Closure::new({
            let (url, template, interval) = (url.to_owned(), template.to_owned(), interval.clone());
            move |_: web_sys::Event| {
                let left = remaining.get().saturating_sub(1);
                remaining.set(left);
                text.set_text_content(Some(&fill(&template, &[&left.to_string()])));
                if left == 0 {
                    stop(&interval);
                    if let Some(w) = web_sys::window() {
                        storage::set(Lasts::Tab, REDIRECT_KEY, &url);
                        let _ = w.location().assign(&url);
                    }
                }
            }
        });
        let handle = window.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            1_000,
        )?;
        interval.set(Some(handle));
        open.listeners.push(tick);
        Ok(())
    })
}

fn stop(interval: &Cell<Option<i32>>) {
    if let (Some(handle), Some(window)) = (interval.take(), web_sys::window()) {
        window.clear_interval_with_handle(handle);
    }
}

/// Removes the message and stops its countdown; false when none was open. Its listeners are
/// dropped after the current event has been handled (a closure must not be dropped while it
/// runs).
pub(super) fn close_dialog() -> bool {
    let Some(open) = OPEN.with(|o| o.borrow_mut().take()) else { return false };
    stop(&open.interval);
    let on_closed = open.on_closed.as_ref().unchecked_ref();
    let _ = open.dialog.remove_event_listener_with_callback("close", on_closed);
    open.dialog.close();
    open.dialog.remove();
    wasm_bindgen_futures::spawn_local(async move { drop(open) });
    true
}
