//! Browser glue, compiled only for `wasm32`: fetch with time limits, the dialog, the logout,
//! and the JS exports. Thin by design: everything that decides lives in the pure core.

/// The guard's allocator: lol_alloc's free list, which took 2.7 KB off the gzipped wasm
/// compared with the default dlmalloc. The guard lives for one check per login; the admin
/// build, which holds a thousand stores' module lists, keeps the default allocator.
#[cfg(not(feature = "admin"))]
#[global_allocator]
// SAFETY: wasm32 without threads: the module runs on one thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

mod block_loader;
mod block_ui;
mod check;
mod dialog;
mod guard;
mod http;
mod join;
mod js_json;
mod options;
#[cfg(feature = "admin")]
mod overview;

/// The block message's package's functions (`src/web/block_ui.rs`), exported to JS by the
/// block build only; public for the browser tests (tests/web.rs).
pub use block_ui::{logout_failed, show_block, start_countdown};
/// The store-mode URL check the guard runs, public for the browser table test
/// (tests/store_mode_urls.rs); not a wasm-bindgen export, so it adds nothing to the package.
pub use check::store_mode_url;
#[cfg(feature = "admin")]
pub use overview::Overview;
use wasm_bindgen::JsValue;

/// The DOM event announced (on `document`) with the verdict of every check.
pub const VERDICT_EVENT: &str = "webpos-version-guard:verdict";

// Two packages for the tills come from this crate: the guard (`pkg/webpos_version_guard*`),
// which every login loads, and the block message (`pkg/webpos_version_guard_block*`, feature
// `block`), which the guard loads only when a verdict blocks. Each exports only its own
// functions (`guard_exports` here, `block_ui`'s for the block build), so each wasm keeps only
// its own code.

/// Checks versions without touching the page; resolves to the verdict (never rejects).
pub async fn check_versions(options: JsValue) -> JsValue {
    let options = options::Options::read(&options);
    let report = check::run(&options).await;
    let value = check::to_js(&report);
    guard::announce(&value);
    value
}

/// Checks versions and, on a block, shows the message, logs out and offers store mode;
/// resolves to the verdict (never rejects).
pub async fn guard_login(options: JsValue) -> JsValue {
    guard::guard_login(&options).await
}

/// The guard module's exports (`guardVersion`, `checkVersions`, `guardLogin`) and their
/// TypeScript types: wrappers, because the parameters' TypeScript types need attributes that
/// only an applied `#[wasm_bindgen]` accepts.
#[cfg(not(feature = "block"))]
mod guard_exports {
    use wasm_bindgen::prelude::wasm_bindgen;
    use wasm_bindgen::JsValue;

    #[wasm_bindgen(typescript_custom_section)]
    const TS_TYPES: &'static str = include_str!("types.d.ts");

    /// The version of the guard module, so a host can log which guard it loaded.
    #[wasm_bindgen(js_name = guardVersion)]
    pub fn guard_version() -> String {
        env!("CARGO_PKG_VERSION").to_owned()
    }

    /// Checks versions without touching the page; resolves to the verdict (never rejects).
    #[wasm_bindgen(js_name = checkVersions, unchecked_return_type = "Verdict")]
    pub async fn check_versions(
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options: JsValue,
    ) -> JsValue {
        super::check_versions(options).await
    }

    /// Checks versions and, on a block, shows the message, logs out and offers store mode;
    /// resolves to the verdict (never rejects).
    #[wasm_bindgen(js_name = guardLogin, unchecked_return_type = "Verdict")]
    pub async fn guard_login(
        #[wasm_bindgen(unchecked_param_type = "GuardOptions | undefined")] options: JsValue,
    ) -> JsValue {
        super::guard_login(options).await
    }
}
