//! Where the guard's message and notices live: one layer element, a child of the document's
//! root (`<html>`) beside `<body>`, fixed at the bottom of the viewport above everything (the
//! login form, which a cashier still needs, sits higher on the WebPOS's login screen).
//!
//! The real WebPOS renders its Enyo root into `document.body`, replacing the body's content,
//! as a full-viewport, absolutely positioned layer. A notice inside the body would be wiped by
//! that render, or drawn underneath it. The layer is outside the body, so the WebPOS's render
//! never touches it, and it is fixed with the highest z-index, so it is drawn above the page.
//! The layer itself lets clicks through (only what it holds takes them). Should a host replace
//! the root's content anyway, an observer puts the layer back, and a modal message back in the
//! top layer.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlDialogElement, HtmlElement, MutationObserver};

use super::dialog::DIALOG_SELECTOR;

/// The layer's attribute, for hosts and tests to find it (the Openbravo adapter's own notice
/// uses the same layer).
pub const LAYER_ATTRIBUTE: &str = "data-webpos-version-guard-layer";

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

/// The layer of `doc`, made (and watched) on first use.
pub fn layer(doc: &Document) -> Result<Element, JsValue> {
    let selector = format!("[{LAYER_ATTRIBUTE}]");
    if let Some(found) = doc.query_selector(&selector)? {
        return Ok(found);
    }
    let root = doc.document_element().ok_or("the document has no root element")?;
    let layer = doc.create_element("div")?;
    layer.set_attribute(LAYER_ATTRIBUTE, "")?;
    if let Some(html) = layer.dyn_ref::<HtmlElement>() {
        let style = html.style();
        for (name, value) in [
            ("position", "fixed"),
            ("bottom", "0"),
            ("left", "0"),
            ("right", "0"),
            ("z-index", "2147483647"),
            ("pointer-events", "none"),
            ("max-height", "100vh"),
            ("overflow", "visible"),
        ] {
            style.set_property(name, value)?;
        }
    }
    root.append_child(&layer)?;
    watch(doc, &root, &layer);
    Ok(layer)
}

/// Puts `layer` back whenever it leaves the document, once per page.
fn watch(doc: &Document, root: &Element, layer: &Element) {
    if WATCHING.with(Cell::get) {
        return;
    }
    let (doc, root_for_closure, layer) = (doc.clone(), root.clone(), layer.clone());
    let restore = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_: JsValue, _: JsValue| {
        if layer.is_connected() {
            return;
        }
        let target: Element = doc.document_element().unwrap_or_else(|| root_for_closure.clone());
        if target.append_child(&layer).is_ok() {
            reopen_modal(&layer);
        }
    });
    let Ok(observer) = MutationObserver::new(restore.as_ref().unchecked_ref()) else { return };
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(false);
    if observer.observe_with_options(root, &init).is_ok() {
        WATCHING.with(|w| w.set(true));
        // Lives as long as the page.
        restore.forget();
    }
}

/// A modal message that left the document left the top layer too: show it modal again.
fn reopen_modal(layer: &Element) {
    let Ok(Some(dialog)) = layer.query_selector(DIALOG_SELECTOR) else { return };
    let Ok(dialog) = dialog.dyn_into::<HtmlDialogElement>() else { return };
    if dialog.open() && !dialog.matches(":modal").unwrap_or(true) {
        let _ = dialog.remove_attribute("open");
        let _ = dialog.show_modal();
    }
}
