//! Whether this browser refuses this page local network access (Chrome's Local Network Access:
//! a page on a public address asking a private or loopback address needs the user's
//! permission, or the `LocalNetworkAccessAllowedForUrls` policy). A refused request fails like
//! an unreachable server; the Permissions API tells them apart. Chrome 142 named the permission
//! `local-network-access`; later releases also answer for `loopback-network` and
//! `local-network`. A browser without the API, or without these names, refuses nothing here.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The permission names Chromium answers for local network access.
const NAMES: [&str; 3] = ["local-network-access", "loopback-network", "local-network"];

/// Whether the browser says that local network access is denied to this page.
pub(super) async fn denied() -> bool {
    let Some(permissions) = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &JsValue::from_str("permissions")).ok())
        .filter(|p| p.is_object())
    else {
        return false;
    };
    let Ok(query) = Reflect::get(&permissions, &JsValue::from_str("query"))
        .and_then(|q| q.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    for name in NAMES {
        let descriptor = Object::new();
        if Reflect::set(&descriptor, &JsValue::from_str("name"), &JsValue::from_str(name)).is_err()
        {
            continue;
        }
        // An unknown name rejects (or throws): that browser does not have it.
        let Ok(promise) = query.call1(&permissions, &descriptor) else { continue };
        let Ok(status) = JsFuture::from(js_sys::Promise::from(promise)).await else { continue };
        let state =
            Reflect::get(&status, &JsValue::from_str("state")).ok().and_then(|s| s.as_string());
        if state.as_deref() == Some("denied") {
            return true;
        }
    }
    false
}
