//! `VersionInformation`: a server's modules and its computed version.

use serde::{Deserialize, Serialize};

use super::{check_field, check_opt_field, WireError};
use crate::base::limits::{MAX_KEY_LEN, MAX_TEXT_LEN};
use crate::versions::module::{ModuleSet, RawModule};

/// One installed module on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireModule {
    /// The module id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its java package.
    pub java_package: String,
    /// Its version text.
    pub version: String,
}

/// `VersionInformation` service data: a server's modules and its computed version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfoData {
    /// The answering server's key.
    pub server_key: String,
    /// The server version as the server computed it (informative: the guard recomputes it).
    pub server_version: String,
    /// Whether the server's database is ahead of what it runs (rebuilt and waiting for a
    /// restart, modules pending or uninstalled: the agent's codes, `RESTART_PENDING`, ...);
    /// none when it runs what its database holds. Agents before issue #39 sent it as
    /// `reloadStatus`, a name that belongs to SymmetricDS's loads (`ReloadStatus`).
    #[serde(default, alias = "reloadStatus")]
    pub rebuild_status: Option<String>,
    /// When the information was computed (ISO 8601).
    #[serde(default)]
    pub computed_at: Option<String>,
    /// Every installed module.
    pub modules: Vec<WireModule>,
}

/// Validated version information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    /// The answering server's key.
    pub server_key: String,
    /// Rebuild status, as sent.
    pub rebuild_status: Option<String>,
    /// When it was computed, as sent.
    pub computed_at: Option<String>,
    /// The installed modules.
    pub modules: ModuleSet,
}

impl VersionInfoData {
    /// Checks the limits and parses every version.
    pub fn validate(self) -> Result<VersionInfo, WireError> {
        check_field("serverKey", &self.server_key, MAX_KEY_LEN)?;
        check_field("serverVersion", &self.server_version, MAX_TEXT_LEN)?;
        check_opt_field("rebuildStatus", &self.rebuild_status, MAX_TEXT_LEN)?;
        check_opt_field("computedAt", &self.computed_at, MAX_TEXT_LEN)?;
        let modules = ModuleSet::parse(self.modules.iter().map(|m| RawModule {
            id: &m.id,
            name: &m.name,
            java_package: &m.java_package,
            version: &m.version,
        }))
        .map_err(|e| WireError::Invalid(e.to_string()))?;
        Ok(VersionInfo {
            server_key: self.server_key,
            rebuild_status: self.rebuild_status,
            computed_at: self.computed_at,
            modules,
        })
    }
}
