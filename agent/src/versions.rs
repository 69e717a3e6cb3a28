//! The server's version information, as the seed describes it: computed from the installed
//! modules when the agent starts and on Recompute Version Information, and kept with its
//! `computedAt` until the next recompute.
//!
//! Which modules count: every active row of `AD_MODULE`, whatever its `STATUS`, as Openbravo's
//! own module list does (`KernelUtils.getModulesOrderedByDependency()` reads the `Module`
//! entity through an `OBCriteria`, which keeps active rows only, with no filter on the status,
//! and caches the list until the server restarts; mobile core's application-cache manifest
//! hashes those modules' versions). A database ahead of the running server is said in the
//! rebuild status, as a code the overview shows in words (and the agent's log in detail):
//! `RESTART_PENDING` when `AD_SYSTEM_INFO.SYSTEM_STATUS` is not `RB70` (e.g. `RB50`: rebuilt,
//! restart pending), `MODULES_PENDING` for modules `P` (not applied yet), `MODULES_UNINSTALLED`
//! for modules `U` (removed at the next rebuild).

use webpos_version_guard::servers::wire::{VersionInfoData, WireModule};
use webpos_version_guard::texts::time::iso8601;
use webpos_version_guard::versions::server_version::ServerVersion;

use crate::source::ModuleRow;

/// The system status of a server running what its database holds.
pub const RUNNING: &str = "RB70";

/// The rebuild status codes of a database ahead of the running server, most telling first (the
/// overview shows them in words: "restart pending", …).
pub const RESTART_PENDING: &str = "RESTART_PENDING";
/// `AD_SYSTEM_INFO` holds no system status.
pub const NO_SYSTEM_STATUS: &str = "NO_SYSTEM_STATUS";
/// Modules `P`: not applied yet.
pub const MODULES_PENDING: &str = "MODULES_PENDING";
/// Modules `U`: removed at the next rebuild.
pub const MODULES_UNINSTALLED: &str = "MODULES_UNINSTALLED";

/// How the database is ahead of the running server: each finding as its rebuild status code and
/// in words (for the agent's log), most telling first; empty when it is not.
pub fn ahead_of_running(
    rows: &[ModuleRow],
    system_status: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut ahead = Vec::new();
    match system_status {
        Some(RUNNING) => {}
        Some(other) => ahead.push((
            RESTART_PENDING,
            format!("system status {other}, not {RUNNING}: the database was rebuilt and the server awaits a restart"),
        )),
        None => ahead.push((NO_SYSTEM_STATUS, "no system status in AD_SYSTEM_INFO".to_owned())),
    }
    for (status, code, what) in [
        ("P", MODULES_PENDING, "pending (not applied yet)"),
        ("U", MODULES_UNINSTALLED, "uninstalled (removed at the next rebuild)"),
    ] {
        let names: Vec<&str> =
            rows.iter().filter(|m| m.status == status).map(|m| m.java_package.as_str()).collect();
        if !names.is_empty() {
            ahead.push((code, format!("{} module(s) {what}: {}", names.len(), names.join(", "))));
        }
    }
    ahead
}

/// The version information of `server_key` from its module rows and system status, computed at
/// `now_secs` (seconds since the epoch); why it cannot be computed otherwise. A database ahead
/// of the running server is said in the rebuild status, as the most telling code of
/// [`ahead_of_running`].
pub fn compute(
    server_key: &str,
    rows: &[ModuleRow],
    system_status: Option<&str>,
    now_secs: u64,
) -> Result<VersionInfoData, String> {
    let rebuild_status =
        ahead_of_running(rows, system_status).first().map(|(code, _)| (*code).to_owned());
    // The rows are the active ones (`Source::modules`), as Openbravo's module list.
    let mut info = VersionInfoData {
        server_key: server_key.to_owned(),
        server_version: String::new(),
        rebuild_status,
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
        assert_eq!(info.rebuild_status.as_deref(), Some(MODULES_PENDING));
        let ahead = ahead_of_running(&rows, Some("RB70"));
        assert_eq!(ahead[0].1, "1 module(s) pending (not applied yet): org.new");
        let rows = [row("core", "3.0.1", "A")];
        let info = compute("store1", &rows, Some("RB70"), 0).unwrap();
        assert_eq!(info.rebuild_status, None);
        assert_eq!(info.computed_at.as_deref(), Some("1970-01-01T00:00:00Z"));
        let info = compute("store1", &rows, Some("RB50"), 0).unwrap();
        assert_eq!(info.rebuild_status.as_deref(), Some(RESTART_PENDING));
        assert!(ahead_of_running(&rows, Some("RB50"))[0].1.contains("system status RB50"));
        assert_eq!(
            compute("s", &rows, None, 0).unwrap().rebuild_status.as_deref(),
            Some(NO_SYSTEM_STATUS)
        );
        assert!(compute("s", &[row("core", "3.x", "A")], Some("RB70"), 0).is_err());
    }
}
