//! The tab's sessionStorage and the till's localStorage, for the few small values the guard
//! keeps: the block record, the last ignore-version-check value seen, the once-per-tab
//! redirect. Storage that the browser refuses is treated as empty: the guard then behaves as
//! on a fresh start, which is the safe side.

use web_sys::Storage;

/// Which storage.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kept {
    /// This tab's session (survives a reload, not a new tab).
    Tab,
    /// This browser on this origin (survives restarts).
    Till,
}

fn storage(kept: Kept) -> Option<Storage> {
    let window = web_sys::window()?;
    match kept {
        Kept::Tab => window.session_storage().ok().flatten(),
        Kept::Till => window.local_storage().ok().flatten(),
    }
}

/// The value under `key`.
pub(super) fn get(kept: Kept, key: &str) -> Option<String> {
    storage(kept)?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (ignored when the browser refuses).
pub(super) fn set(kept: Kept, key: &str, value: &str) {
    if let Some(s) = storage(kept) {
        let _ = s.set_item(key, value);
    }
}

/// Removes `key`.
pub(super) fn remove(kept: Kept, key: &str) {
    if let Some(s) = storage(kept) {
        let _ = s.remove_item(key);
    }
}
