//! Versions: a module's version, the set of a server's modules, the server version computed
//! from them, and the comparison of central with a store.

pub mod compare;
pub mod module;
pub mod server_version;
pub mod version;
