//! # openbravo-version-agent
//!
//! Runs beside one Openbravo server (central or a store) and answers the version guard's
//! protocol (docs/PROTOCOL.md) from that server's own PostgreSQL database, read-only, under the
//! module's own paths that a reverse proxy in front of Tomcat routes to it.
//!
//! - [`config`]: the command line.
//! - [`db`]: every read of the database (Openbravo's tables; SymmetricDS's outgoing batches).
//! - [`versions`]: the version information computed from the installed modules.
//! - [`service`]: the HTTP services, their paths, CORS, sessions and the credential.
//! - [`cluster`]: a throwaway PostgreSQL cluster, for the tests and the benchmark.
//! - [`conformance`]: `conformance --central URL`, which checks any implementation of the
//!   protocol (this agent, an integrator's Java services, the simulator) against it.
//!
//! The rules (the server version, the preference in force, the wire types and their limits)
//! are the core's (`webpos_version_guard`).

pub mod cluster;
pub mod config;
pub mod conformance;
pub mod db;
pub mod service;
pub mod versions;
