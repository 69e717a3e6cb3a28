//! What the collector is told: where central is, how hard to ask the stores, and the
//! credentials central's requests to a store carry.

use std::time::Duration;

/// The collector's settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Central's base URL, e.g. `https://central.example/openbravo`.
    pub central: String,
    /// Where the JSON services are, below a server's base URL.
    pub paths: webpos_version_guard::protocol::ServicePaths,
    /// Stores asked at once.
    pub concurrency: usize,
    /// The time limit of each request.
    pub timeout: Duration,
    /// The time between two passes.
    pub interval: Duration,
    /// The credential central's requests to a store carry (`Authorization: Bearer …`), which a
    /// store checks before it recomputes; also sent to central's own services.
    pub server_token: Option<String>,
}

impl Config {
    /// The defaults for central at `central`.
    pub fn new(central: impl Into<String>) -> Self {
        Self {
            central: central.into().trim_end_matches('/').to_owned(),
            paths: Default::default(),
            concurrency: 128,
            timeout: Duration::from_secs(5),
            interval: Duration::from_secs(60),
            server_token: None,
        }
    }
}
