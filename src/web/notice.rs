//! The login screen's notices: a calm, non-modal note at the bottom of the login screen when a
//! login on this till would be blocked, with "Open store mode" (before anyone types a password,
//! and after the block message is closed, until a check finds the till no longer blocked), or
//! when the version check cannot run on this till (why, and what to do, for the admin).
//! Every text goes in with `textContent` only. By default a notice goes into the guard's layer
//! (`layer.rs`), above the WebPOS's own page, where its render cannot wipe it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::texts::notices::{CannotCheckNotice, StartupNotice};

/// The notice's attribute, for hosts and tests to find it.
pub(super) const NOTICE_ATTRIBUTE: &str = "data-webpos-version-guard-notice";
const TITLE_ID: &str = "webpos-version-guard-notice-title";

fn style(e: &Element, rules: &[(&str, &str)]) {
    if let Some(html) = e.dyn_ref::<HtmlElement>() {
        for (k, v) in rules {
            let _ = html.style().set_property(k, v);
        }
    }
}

/// A new notice section: attribute `kind`, labelled by its title, with `paragraphs`; the
/// caller adds what follows and puts it on the page.
fn section(
    doc: &web_sys::Document,
    kind: &str,
    lang: &str,
    title: &str,
    paragraphs: &[&str],
) -> Result<Element, JsValue> {
    let element = |tag: &str, text: Option<&str>| -> Result<Element, JsValue> {
        let e = doc.create_element(tag)?;
        e.set_text_content(text);
        Ok(e)
    };
    let section = element("section", None)?;
    section.set_attribute(NOTICE_ATTRIBUTE, kind)?;
    section.set_attribute("aria-labelledby", TITLE_ID)?;
    section.set_attribute("lang", lang)?;
    style(
        &section,
        &[
            ("background", "#fff8e1"),
            ("color", "#1a1a1a"),
            ("border", "2px solid #b26a00"),
            ("border-radius", "8px"),
            ("padding", "0.8em 1.2em"),
            ("margin", "0.8em auto"),
            ("max-width", "48em"),
            ("max-height", "45vh"),
            ("overflow", "auto"),
            ("box-shadow", "0 6px 24px rgba(0, 0, 0, 0.3)"),
            ("pointer-events", "auto"),
            ("font", "16px/1.45 system-ui, sans-serif"),
            ("overflow-wrap", "anywhere"),
        ],
    );
    let heading = element("h2", Some(title))?;
    heading.set_id(TITLE_ID);
    style(&heading, &[("margin", "0 0 0.4em"), ("font-size", "1.15em")]);
    section.append_child(&heading)?;
    for text in paragraphs {
        let paragraph = element("p", Some(text))?;
        section.append_child(&paragraph)?;
    }
    Ok(section)
}

fn document_of(container: &Element) -> Result<web_sys::Document, JsValue> {
    container.owner_document().ok_or_else(|| "the container is not in a document".into())
}

/// Shows (or replaces) the notice that a login would be blocked, as the first child of
/// `container`.
pub(super) fn show(
    container: &Element,
    notice: &StartupNotice,
    store_mode_url: Option<&str>,
) -> Result<(), JsValue> {
    let doc = document_of(container)?;
    remove();
    let paragraphs = [&notice.body, &notice.advice, &notice.tickets].map(String::as_str);
    let section = section(&doc, "blocked", notice.lang, &notice.title, &paragraphs)?;
    match store_mode_url {
        Some(url) => {
            let link = doc.create_element("a")?;
            link.set_text_content(Some(&notice.open_store_mode));
            link.set_attribute("href", url)?;
            link.set_attribute("data-action", "store-mode")?;
            style(
                &link,
                &[
                    ("display", "inline-block"),
                    ("padding", "0.5em 1.1em"),
                    ("border-radius", "6px"),
                    ("background", "#1f4f8f"),
                    ("color", "#fff"),
                    ("font-weight", "600"),
                    ("text-decoration", "none"),
                ],
            );
            section.append_child(&link)?;
        }
        None => {
            let note = doc.create_element("p")?;
            note.set_text_content(Some(&notice.no_store_mode));
            section.append_child(&note)?;
        }
    }
    container.insert_before(&section, container.first_child().as_ref())?;
    Ok(())
}

/// Shows (or replaces) the notice that the version check cannot run on this till, with the
/// reason for the admin, as the first child of `container`.
pub(super) fn show_cannot_check(
    container: &Element,
    notice: &CannotCheckNotice,
) -> Result<(), JsValue> {
    let doc = document_of(container)?;
    remove();
    let section = section(
        &doc,
        "cannot-check",
        notice.lang,
        &notice.title,
        &[&notice.body, &notice.advice, &notice.reason],
    )?;
    if let Some(reason) = section.last_element_child() {
        style(&reason, &[("font-size", "0.9em")]);
    }
    container.insert_before(&section, container.first_child().as_ref())?;
    Ok(())
}

/// Removes the notice, if one is shown.
pub(super) fn remove() {
    let selector = format!("[{NOTICE_ATTRIBUTE}]");
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(shown) = doc.and_then(|d| d.query_selector(&selector).ok().flatten()) {
        shown.remove();
    }
}
