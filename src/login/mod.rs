//! The login check: the plan of requests, where the page runs and the store-mode URL, the
//! ignore-version-check preference, the decision table, and the verdict as the host sees it;
//! natively, the `url` crate as the URL parser (`url_crate`).

pub mod block_record;
pub mod check;
pub mod decision;
pub mod preference;
pub mod report;
pub mod store_mode;
#[cfg(not(target_arch = "wasm32"))]
pub mod url_crate;
