//! # webpos-version-guard
//!
//! The login-time version guard for the Openbravo WebPOS. When a WebPOS loaded from the central
//! URL meets a store server on another version that still holds data pending sync, the guard
//! blocks the login, logs the cashier out and offers the store-mode URL (see PRODUCT.md).
//!
//! This crate's core is pure and deterministic: no clock, no I/O, no browser types. It parses
//! module versions ([`version`]), computes server versions ([`server_version`]), compares
//! servers ([`compare`]), resolves the ignore-version-check preference ([`preference`]) and
//! decides a login ([`decision`]) from what the servers sent ([`wire`], [`limits`]). The
//! browser glue lives in `src/web/` and is compiled only for `wasm32`.

pub mod check;
pub mod compare;
pub mod decision;
pub mod json;
pub mod limits;
pub mod messages;
pub mod module;
pub mod overview;
pub mod preference;
pub mod protocol;
pub mod report;
pub mod server_version;
pub mod store_mode;
pub mod text;
pub mod version;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use compare::{compare, Comparison, ModuleDifference, Side, VersionStatus};
pub use decision::{decide, Fetch, LoadOrigin, LoginInputs, Outcome, Rule, Verdict};
pub use module::{Module, ModuleSet};
pub use preference::{evaluate, PreferenceContext, PreferenceFinding, PreferenceRecord};
pub use server_version::ServerVersion;
pub use version::ModuleVersion;
