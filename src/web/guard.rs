//! `guardLogin`: the check, and on a block, in this order: the message, the logout, the
//! store-mode link (focused), and an optional countdown. Local data is never touched.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit};

use super::check;
use super::dialog;
use super::http::{js_error_text, request, Credentials, Limits};
use super::options::Options;
use super::VERDICT_EVENT;
use crate::messages::{fill, Label};
use crate::protocol::LOGOUT;
use crate::report::BlockMessage;

/// Announces a verdict on `document` as a `webpos-version-guard:verdict` event.
pub fn announce(verdict: &JsValue) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let init = CustomEventInit::new();
    init.set_detail(verdict);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(VERDICT_EVENT, &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// The check plus its enforcement.
pub async fn guard_login(options: &JsValue) -> JsValue {
    let options = Options::read(options);
    let mut report = check::run(&options).await;
    if report.outcome == "block" {
        if dialog::is_open() {
            // At most one block per login attempt: a second call while the message is up
            // neither shows another one nor logs out again.
            report.diagnostics.push("A block message is already shown; not shown again.".into());
        } else {
            let message = BlockMessage::compose(&report, options.language, &|label, args| {
                host_label(&options, label, args)
            });
            let doc = web_sys::window().and_then(|w| w.document());
            let container =
                options.container.clone().or_else(|| doc.as_ref()?.body().map(Into::into));
            match (doc, container) {
                (Some(doc), Some(container)) => {
                    if let Err(e) =
                        dialog::show(&doc, &container, &message, report.store_mode_url.as_deref())
                    {
                        report
                            .diagnostics
                            .push(format!("The message could not be shown: {}", js_error_text(&e)));
                    }
                }
                _ => report.diagnostics.push("The message could not be shown: no document".into()),
            }
            let logout = logout(&options).await;
            report.logged_out = Some(logout.is_ok());
            if let Err(e) = logout {
                report.diagnostics.push(format!("Logout failed: {e}"));
                dialog::set_logout_text(&message.logout_failed);
            }
            if let Some(url) = &report.store_mode_url {
                if options.redirect_after_seconds > 0 && !already_redirected(url) {
                    let started = dialog::start_countdown(
                        options.redirect_after_seconds,
                        url,
                        &message.countdown,
                        &message.cancel_countdown,
                    );
                    if let Err(e) = started {
                        report
                            .diagnostics
                            .push(format!("The countdown could not start: {}", js_error_text(&e)));
                    }
                } else if options.redirect_after_seconds > 0 {
                    report.diagnostics.push(
                        "Automatic redirect skipped: it already happened once in this tab (no loops).".into(),
                    );
                }
            }
        }
    } else {
        forget_redirect();
    }
    let value = check::to_js(&report);
    announce(&value);
    value
}

/// A host label: `options.labels[key]` (a template), else `OB.I18N.getLabel(key, args)`.
fn host_label(options: &Options, label: Label, args: &[&str]) -> Option<String> {
    let key = label.key();
    if let Some(labels) = &options.labels {
        if let Some(template) =
            Reflect::get(labels, &JsValue::from_str(key)).ok().and_then(|v| v.as_string())
        {
            return Some(fill(&template, args));
        }
    }
    let window = web_sys::window()?;
    let i18n = Reflect::get(&Reflect::get(&window, &"OB".into()).ok()?, &"I18N".into()).ok()?;
    let get_label: Function = Reflect::get(&i18n, &"getLabel".into()).ok()?.dyn_into().ok()?;
    let js_args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    let text = get_label.call2(&i18n, &JsValue::from_str(key), &js_args).ok()?.as_string()?;
    // Openbravo answers an unknown key with a text naming the key: keep the shipped label then.
    (!text.is_empty() && !text.contains(key)).then_some(text)
}

/// Logs out through the host's callback (awaited if it returns a promise, within the time
/// limit), else through the server's logout endpoint. Never touches local storage.
async fn logout(options: &Options) -> Result<(), String> {
    match &options.logout {
        Some(callback) => {
            let result = callback.call0(&JsValue::UNDEFINED).map_err(|e| js_error_text(&e))?;
            let is_thenable = result.is_object()
                && Reflect::get(&result, &"then".into()).ok().is_some_and(|t| t.is_function());
            if is_thenable {
                await_with_limit(Promise::resolve(&result), options.timeout_ms).await
            } else {
                Ok(())
            }
        }
        None => {
            let url = format!("{}/{LOGOUT}", options.server_url);
            let limits = Limits { timeout_ms: options.timeout_ms, max_body: 64 * 1024 };
            request(&url, "POST", Credentials::SameOrigin, limits).await.map(|_| ())
        }
    }
}

async fn await_with_limit(promise: Promise, timeout_ms: u32) -> Result<(), String> {
    let sentinel = Object::new();
    let timer = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(
                &resolve,
                i32::try_from(timeout_ms).unwrap_or(i32::MAX),
                &sentinel,
            );
        }
    });
    match JsFuture::from(Promise::race(&Array::of2(&promise, &timer))).await {
        Ok(value) if value == JsValue::from(sentinel.clone()) => {
            Err(format!("the host's logout did not finish within {timeout_ms} ms"))
        }
        Ok(_) => Ok(()),
        Err(e) => Err(js_error_text(&e)),
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn already_redirected(url: &str) -> bool {
    session_storage().and_then(|s| s.get_item(dialog::REDIRECT_KEY).ok().flatten()).as_deref()
        == Some(url)
}

fn forget_redirect() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(dialog::REDIRECT_KEY);
    }
}
