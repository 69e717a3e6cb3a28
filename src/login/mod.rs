//! The login check: the plan of requests, where the page runs and the store-mode URL, the
//! ignore-version-check preference, and the decision table.

pub mod block_record;
pub mod check;
pub mod decision;
pub mod preference;
pub mod store_mode;
