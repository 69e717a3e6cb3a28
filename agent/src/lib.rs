//! # openbravo-version-agent
//!
//! Runs beside one Openbravo server (central or a store) and answers the version guard's
//! protocol (docs/PROTOCOL.md) from that server's own PostgreSQL database, read-only, under the
//! module's own paths that a reverse proxy in front of Tomcat routes to it.
//!
//! - [`config`]: the command line.
//! - [`source`]: where the answers come from, as two seams: the server's data ([`source::Source`])
//!   and whose a session is ([`source::Sessions`]); the simulator implements both over its
//!   scenario in memory, so its servers run this crate's service code.
//! - [`db`]: the data from PostgreSQL: every read of the database (Openbravo's tables;
//!   SymmetricDS's tables).
//! - [`openbravo`]: whose a session is, from Openbravo's own `ContextInformation`.
//! - [`versions`]: the version information computed from the installed modules.
//! - [`reload`]: the stores' initial loads and table reloads, from SymmetricDS's tables on
//!   central (the seed's Reload Status).
//! - [`service`]: the HTTP services, their paths, CORS, sessions and the credential.
//! - [`tills`]: the tills' reports of checks on pages loaded from a store (store mode), held
//!   for central's collector.
//! - [`module`]: the Openbravo module file's rows (sourcedata, translations), as Openbravo reads
//!   them: the simulator serves a module file's labels, the package tests load its rows.
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
pub mod module;
pub mod openbravo;
pub mod reload;
pub mod service;
pub mod source;
pub mod tills;
pub mod versions;
