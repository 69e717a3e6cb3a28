//! # openbravo-version-overview
//!
//! The Store Server Version Overview's collector, the part that central runs (Openbravo's own
//! window is operated from central and calls the store servers itself). One pass asks every
//! store's `StoreStatus` with bounded concurrency, each request with its time limit, its size
//! cap and no redirects; the pass runs at the refresh interval and on demand, and every viewer
//! shares the pass in progress. Admin pages receive one stream from it (Server-Sent Events),
//! and operations teams scrape `/metrics`. Its rules (which stores, the rows, the trend, the
//! resume) are the core's (`webpos_version_guard::overview`); this crate does the I/O.
//!
//! The simulator's central mounts [`api::router`]; the binary runs the same beside a real
//! central (`openbravo-version-overview --central URL --listen ADDR`).

pub mod api;
pub mod auth;
pub mod collector;
pub mod config;
pub mod csp;
pub mod fetch;
pub mod keep;
pub mod metrics;
pub mod report;
pub mod stream;
