//! # webpos-version-guard
//!
//! The login-time version guard for the Openbravo WebPOS. When a WebPOS loaded from the central
//! URL meets a store server on another version that still holds data pending sync, the guard
//! blocks the login, logs the cashier out and offers the store-mode URL (docs/RULES.md states the rule).
//!
//! This crate's core is pure and deterministic: no clock, no I/O, no browser types. It parses
//! module versions ([`version`]), computes server versions ([`server_version`]), compares
//! servers ([`compare`]), resolves the ignore-version-check preference ([`preference`]) and
//! decides a login ([`decision`]) from what the servers sent ([`wire`], [`limits`]); the check
//! itself is a plan of requests and a verdict from their answers ([`check`]). The browser glue
//! lives in `src/web/` and is compiled only for `wasm32`.

// The source is grouped by concern (one folder each); every module is also reachable from the
// crate root (`webpos_version_guard::wire`, `::decision`, ...), the paths the simulator, the
// fuzzer and the tests use.
pub mod login;
pub mod overview;
pub mod servers;
pub mod texts;
pub mod versions;

pub use login::{block_record, check, decision, preference, store_mode};
pub use servers::{host, json, limits, protocol, wire};
pub use texts::{messages, overview_labels, report, text, time};
pub use versions::{compare, module, server_version, version};

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use compare::{compare, Comparison, ModuleDifference, Side, VersionStatus};
pub use decision::{decide, Fetch, LoadOrigin, LoginInputs, Outcome, Rule, Verdict};
pub use module::{Module, ModuleSet};
pub use preference::{evaluate, PreferenceContext, PreferenceFinding, PreferenceRecord};
pub use server_version::ServerVersion;
pub use version::ModuleVersion;
