//! The server's version information, as the seed describes it: computed from the installed
//! modules when the agent starts and on Recompute Version Information, and kept with its
//! `computedAt` until the next recompute.
//!
//! Which modules count: every active row of `AD_MODULE`, whatever its `STATUS`, as Openbravo's
//! own module list does (`KernelUtils.getModulesOrderedByDependency()` reads the `Module`
//! entity through an `OBCriteria`, which keeps active rows only, with no filter on the status,
//! and caches the list until the server restarts; mobile core's application-cache manifest
//! hashes those modules' versions). A database ahead of the running server is said in the
//! reload status, in words: modules `P` (pending: not applied yet) or `U` (uninstalled: removed
//! at the next rebuild), or `AD_SYSTEM_INFO.SYSTEM_STATUS` other than `RB70` (e.g. `RB50`:
//! rebuilt, restart pending).

use webpos_version_guard::server_version::ServerVersion;
use webpos_version_guard::time::iso8601;
use webpos_version_guard::wire::{VersionInfoData, WireModule};

use crate::db::ModuleRow;

/// The system status of a server running what its database holds.
pub const RUNNING: &str = "RB70";

/// The version information of `server_key` from its module rows and system status, computed at
/// `now_secs` (seconds since the epoch); why it cannot be computed otherwise.
pub fn compute(
    server_key: &str,
    rows: &[ModuleRow],
    system_status: Option<&str>,
    now_secs: u64,
) -> Result<VersionInfoData, String> {
    let mut ahead = Vec::new();
    for (status, what) in
        [("P", "pending (not applied yet)"), ("U", "uninstalled (removed at the next rebuild)")]
    {
        let names: Vec<&str> =
            rows.iter().filter(|m| m.status == status).map(|m| m.java_package.as_str()).collect();
        if !names.is_empty() {
            ahead.push(format!("{} module(s) {what}: {}", names.len(), names.join(", ")));
        }
    }
    match system_status {
        Some(RUNNING) => {}
        Some(other) => ahead.push(format!(
            "system status {other}, not {RUNNING}: the database was rebuilt and the server awaits a restart"
        )),
        None => ahead.push("no system status in AD_SYSTEM_INFO".to_owned()),
    }
    let reload_status = (!ahead.is_empty())
        .then(|| format!("The database is ahead of the running server: {}.", ahead.join("; ")));
    // The rows are the active ones (db::Db::modules), as Openbravo's module list.
    let mut info = VersionInfoData {
        server_key: server_key.to_owned(),
        server_version: String::new(),
        reload_status,
        computed_at: Some(iso8601(now_secs)),
        modules: rows
            .iter()
            .map(|m| WireModule {
                id: m.id.clone(),
                name: m.name.clone(),
                java_package: m.java_package.clone(),
                version: m.version.clone(),
            })
            .collect(),
    };
    // What is kept and sent passes the guard's own validation (versions, limits, lengths); the
    // server version is computed from what it read.
    let validated = info
        .clone()
        .validate()
        .map_err(|e| format!("the installed modules' versions cannot be read: {e}"))?;
    info.server_version = ServerVersion::of(&validated.modules).to_string();
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, version: &str, status: &str) -> ModuleRow {
        ModuleRow {
            id: id.into(),
            name: id.into(),
            java_package: format!("org.{id}"),
            version: version.into(),
            status: status.into(),
        }
    }

    #[test]
    fn every_active_module_counts_and_a_database_ahead_is_said() {
        let rows = [row("core", "3.0.1", "A"), row("pos", "1.8.2", "I"), row("new", "1.0.0", "P")];
        let info = compute("store1", &rows, Some("RB70"), 0).unwrap();
        assert_eq!(info.modules.len(), 3);
        assert!(info
            .reload_status
            .as_deref()
            .unwrap()
            .contains("1 module(s) pending (not applied yet): org.new"));
        let rows = [row("core", "3.0.1", "A")];
        let info = compute("store1", &rows, Some("RB70"), 0).unwrap();
        assert_eq!(info.reload_status, None);
        assert_eq!(info.computed_at.as_deref(), Some("1970-01-01T00:00:00Z"));
        let info = compute("store1", &rows, Some("RB50"), 0).unwrap();
        assert!(info.reload_status.unwrap().contains("system status RB50"));
        assert!(compute("s", &[row("core", "3.x", "A")], Some("RB70"), 0).is_err());
    }
}
