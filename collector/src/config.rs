//! What the collector is told: where central is, how hard to ask the stores, and the
//! credentials central's requests to a store carry.

use std::time::Duration;

/// The collector's settings.
#[derive(Clone)]
pub struct Config {
    /// Central's base URL, e.g. `https://central.example/openbravo`.
    pub central: String,
    /// Where the JSON services are, below a server's base URL.
    pub paths: webpos_version_guard::servers::protocol::ServicePaths,
    /// Stores asked at once.
    pub concurrency: usize,
    /// The time limit of each request.
    pub timeout: Duration,
    /// The time between two passes.
    pub interval: Duration,
    /// The credential central's Recompute requests to a store carry (`Authorization: Bearer
    /// …`), which a store checks before it recomputes; sent with nothing else.
    pub server_token: Option<String>,
    /// The credential a `/metrics` scrape must carry (`Authorization: Bearer …`), when set.
    pub metrics_token: Option<String>,
    /// The name of Openbravo's session cookie (`JSESSIONID`): the only cookie that counts, and
    /// the only one sent to central.
    pub session_cookie: String,
    /// The overview page's origin as browsers see it (`--public-origin`, e.g.
    /// `https://central.example.com`): a state change's `Origin` must be it.
    pub public_origin: Option<String>,
    /// Whether `X-Forwarded-Host` and `X-Forwarded-Proto` tell the page's origin (only behind a
    /// proxy that sets them; `--trust-forwarded-host`), when no public origin is configured.
    pub trust_forwarded: bool,
    /// Where the collector keeps its state across restarts (`--state-file`, SQLite), when set.
    pub state_file: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credential is never shown.
        f.debug_struct("Config")
            .field("central", &self.central)
            .field("concurrency", &self.concurrency)
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .field("server_token", &self.server_token.as_ref().map(|_| "<set>"))
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "<set>"))
            .field("session_cookie", &self.session_cookie)
            .field("public_origin", &self.public_origin)
            .field("trust_forwarded", &self.trust_forwarded)
            .field("state_file", &self.state_file)
            .finish_non_exhaustive()
    }
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
            metrics_token: None,
            session_cookie: "JSESSIONID".into(),
            public_origin: None,
            trust_forwarded: false,
            state_file: None,
        }
    }
}
