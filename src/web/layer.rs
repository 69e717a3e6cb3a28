//! Where the guard's message and notices live: one layer element, a child of the document's
//! root (`<html>`) beside `<body>`, fixed at the bottom of the viewport above everything (the
//! login form, which a cashier still needs, sits higher on the WebPOS's login screen).
//!
//! The real WebPOS renders its Enyo root into `document.body`, replacing the body's content,
//! as a full-viewport, absolutely positioned layer. A notice inside the body would be wiped by
//! that render, or drawn underneath it. The layer is outside the body, so the WebPOS's render
//! never touches it, and it is fixed with the highest z-index, so it is drawn above the page.
//! The layer itself lets clicks through (only what it holds takes them).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

/// The layer's attribute, for hosts and tests to find it (the Openbravo adapter's own notice
/// uses the same layer).
pub(super) const LAYER_ATTRIBUTE: &str = "data-webpos-version-guard-layer";

/// The layer of `doc`, made on first use.
pub(super) fn layer(doc: &Document) -> Result<Element, JsValue> {
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
    Ok(layer)
}
