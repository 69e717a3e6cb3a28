//! The tab's sessionStorage and the till's localStorage, for the few small values the guard
//! keeps: the block record, the last ignore-version-check value seen, the once-per-tab
//! redirect. Storage that the browser refuses is treated as empty: the guard then behaves as
//! on a fresh start, which is the safe side.

use web_sys::Storage;

/// How long a value lasts: which storage holds it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Lasts {
    /// This tab's session (survives a reload, not a new tab).
    Tab,
    /// This browser on this origin (survives restarts).
    Till,
}

fn storage(lasts: Lasts) -> Option<Storage> {
    let window = web_sys::window()?;
    match lasts {
        Lasts::Tab => window.session_storage().ok().flatten(),
        Lasts::Till => window.local_storage().ok().flatten(),
    }
}

/// The value under `key`.
pub(super) fn get(lasts: Lasts, key: &str) -> Option<String> {
    storage(lasts)?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (ignored when the browser refuses).
pub(super) fn set(lasts: Lasts, key: &str, value: &str) {
    if let Some(s) = storage(lasts) {
        let _ = s.set_item(key, value);
    }
}

/// Removes `key`.
pub(super) fn remove(lasts: Lasts, key: &str) {
    if let Some(s) = storage(lasts) {
        let _ = s.remove_item(key);
    }
}
