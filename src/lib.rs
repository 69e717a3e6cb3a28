//! # webpos-version-guard
//!
//! The login-time version guard for the Openbravo WebPOS. When a WebPOS loaded from the central
//! URL meets a store server on another version that still holds data pending sync, the guard
//! blocks the login, logs the cashier out and offers the store-mode URL (docs/RULES.md states the
//! rule).
//!
//! The core is pure and deterministic: no clock, no I/O, no browser types. Its folders are
//! layers; each imports only the folders above it in this list (`tests/layers.rs` keeps it so,
//! docs/ARCHITECTURE.md draws it):
//!
//! 1. [`base`]: the limits every answer is held to, text helpers (quoting, truncation).
//! 2. [`versions`]: a module's version, a server's module set, the server version, the
//!    comparison of central with a store.
//! 3. [`servers`]: what the servers say: service names and paths, the wire types shared with the
//!    simulator, the agent and the collector, the one JSON parser path, the host's server list.
//! 4. [`texts`]: what people read: the cashier's message and the overview's words, in English
//!    and Spanish.
//! 5. [`login`]: the login check: the plan of requests and its verdict, where the page runs, the
//!    ignore-version-check preference, the decision table, the block record.
//! 6. [`overview`]: the admin overview's rows, summary, CSV and the collector's pass rules.
//!
//! The browser glue lives in `src/web/`, compiled only for `wasm32`, and may import every layer;
//! nothing imports it. Every path is the grouped one (`crate::login::decision`,
//! `webpos_version_guard::servers::wire`): the root re-exports nothing.
#![warn(unreachable_pub)]

pub mod base;
pub mod login;
pub mod overview;
pub mod servers;
pub mod texts;
pub mod versions;

#[cfg(target_arch = "wasm32")]
pub mod web;
