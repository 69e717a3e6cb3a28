//! Where the simulator listens and what it serves (from the command line).

use std::path::PathBuf;
use std::sync::Arc;

use crate::static_resources::StaticResources;

/// Where the simulator listens and what it serves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Central's port (0: any free port).
    pub central_port: u16,
    /// The first store's port; store `i` listens on `base + i` (0: any free ports).
    pub store_base_port: u16,
    /// The folder of scenario files.
    pub scenarios_dir: PathBuf,
    /// The demo WebPOS page's folder.
    pub pos_dir: PathBuf,
    /// The admin pages' folder.
    pub admin_dir: PathBuf,
    /// The built wasm package's folder (the guard).
    pub pkg_dir: PathBuf,
    /// Whether the `.wasm` is served as `application/octet-stream`, as Tomcat before 9.0.37
    /// serves it (`--wasm-octet-stream`).
    pub wasm_octet_stream: bool,
    /// More origins allowed to read version and pending services (test runners).
    pub extra_origins: Vec<String>,
    /// The WebPOS's generated static resource (its scripts, concatenated and minified) and the
    /// page that loads it.
    pub static_resources: Arc<StaticResources>,
    /// The overview collector's time between two passes.
    pub overview_interval: std::time::Duration,
    /// Central's credential to the stores, when given (else a new one at each start).
    pub server_token: Option<String>,
    /// The overview collector's time limit of each request.
    pub overview_timeout: std::time::Duration,
    /// Servers whose module service paths go to an `openbravo-version-agent` (key → its base
    /// URL), as a reverse proxy in front of Tomcat routes them (`npm start -- --postgres`).
    pub agents: std::collections::BTreeMap<String, String>,
}
