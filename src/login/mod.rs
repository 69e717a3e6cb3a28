//! The login check: the plan of requests, where the page runs and the store-mode URL, the
//! ignore-version-check preference, the decision table, the verdict as the host sees it, and
//! what the WebPOS's start shows (`startup`), what a till tells central of each check
//! (`till_report`);
//! natively, the `url` crate as the URL parser (`url_crate`).

pub mod block_record;
pub mod check;
pub mod decision;
pub mod options;
pub mod preference;
pub mod report;
pub mod startup;
pub mod store_mode;
pub mod till_report;
#[cfg(not(target_arch = "wasm32"))]
pub mod url_crate;
