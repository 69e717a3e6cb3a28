//! The Store Server Version Overview: one row per store server, the summary line, the CSV
//! export, and Modules by Server. Pure: the glue fetches, this computes.

use crate::check::NETWORK_ERROR;
use serde::Serialize;

use crate::compare::{compare, VersionStatus};
use crate::module::ModuleSet;
use crate::server_version::ServerVersion;
use crate::wire::{ServerDefinition, VersionInfo};

/// One store server's row.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OverviewRow {
    /// Server key.
    pub key: String,
    /// Server name.
    pub name: String,
    /// Its URL in central's definitions.
    pub url: String,
    /// `online`, `offline` or `transitioning`.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"online\" | \"offline\" | \"transitioning\"")
    )]
    pub server_status: &'static str,
    /// `ON`, `OFF`, `TON` or `TOFF`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"ON\" | \"OFF\" | \"TON\" | \"TOFF\""))]
    pub server_status_code: &'static str,
    /// The store's reload status, when it answered.
    pub reload_status: Option<String>,
    /// The reload status as the store sent it (e.g. `IN_PROGRESS`).
    pub reload_status_code: Option<String>,
    /// `Same as Central`, `Different from Central` or `Unknown`.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"Same as Central\" | \"Different from Central\" | \"Unknown\"")
    )]
    pub version_status: &'static str,
    /// `same`, `different` or `unknown`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"same\" | \"different\" | \"unknown\""))]
    pub version_status_code: &'static str,
    /// The store's server version, when it answered.
    pub version: Option<String>,
    /// Batches pending sync, when known.
    pub pending_batches: Option<u64>,
    /// Whether a WebPOS loaded from central would be blocked on this store right now: Different
    /// from Central with data pending, or with its pending count unknown (decision rows 6
    /// and 7).
    pub blocks_logins: bool,
    /// Why the pending count is unknown, when the store answered its versions.
    pub pending_error: Option<String>,
    /// The common modules on different versions.
    pub differences: Vec<DifferenceCell>,
    /// The error, when the status is Unknown.
    pub error: Option<String>,
    /// The Differences field as text: the differences, or the error.
    pub differences_text: String,
    /// When the store computed its version information.
    pub computed_at: Option<String>,
    /// When this page asked the store (ISO 8601, the browser's clock; set by the caller, the
    /// core has no clock).
    pub checked_at: Option<String>,
}

/// One line of the Differences field: a common module on different versions, or a module
/// installed on one side only (listed, though the version status counts common modules only,
/// as the seed defines it).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DifferenceCell {
    /// Module name.
    pub module: String,
    /// What differs.
    pub kind: DifferenceKind,
    /// Central's version (`null` when central does not have the module).
    pub central_version: Option<String>,
    /// The store's version (`null` when the store does not have the module).
    pub store_version: Option<String>,
    /// `central` or `store` for a common module; `null` for a module on one side only.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"central\" | \"store\" | null"))]
    pub newer: Option<&'static str>,
}

/// What a [`DifferenceCell`] says differs.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DifferenceKind {
    /// A common module on different versions.
    Different,
    /// A module central has and the store has not.
    NotOnStore,
    /// A module the store has and central has not.
    NotOnCentral,
}

impl DifferenceCell {
    /// The cell as the Differences field says it.
    pub fn text(&self) -> String {
        let version = |v: &Option<String>| v.as_deref().unwrap_or("—").to_owned();
        match self.kind {
            DifferenceKind::NotOnStore => {
                format!(
                    "{} (not on the store; central {})",
                    self.module,
                    version(&self.central_version)
                )
            }
            DifferenceKind::NotOnCentral => {
                format!("{} (not on central; store {})", self.module, version(&self.store_version))
            }
            DifferenceKind::Different => format!(
                "{} (central {}, store {})",
                self.module,
                version(&self.central_version),
                version(&self.store_version)
            ),
        }
    }
}

/// An error of a store's answer as the overview says it: a network error (unreachable, refused,
/// or a CORS refusal: the browser cannot tell them apart) is said plainly to be about this
/// browser, since the overview asks each store from the admin's browser, where Openbravo's own
/// window has central ask them (docs/INTEGRATION.md).
pub fn reach_note(error: &str) -> String {
    if error.starts_with(NETWORK_ERROR) {
        format!("not reachable from this browser ({error})")
    } else {
        error.to_owned()
    }
}

/// A reload status code as people read it: `DONE` → "done", `IN_PROGRESS` → "in progress";
/// an unknown code in the same way (underscores to spaces, lower case), so no raw code shows.
pub fn reload_status_label(code: &str) -> String {
    code.split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn status_code(status: &VersionStatus) -> &'static str {
    match status {
        VersionStatus::SameAsCentral => "same",
        VersionStatus::DifferentFromCentral => "different",
        VersionStatus::Unknown { .. } => "unknown",
    }
}

/// Computes a store's row from what central and the store answered.
pub fn overview_row(
    store: &ServerDefinition,
    central: Result<&ModuleSet, &str>,
    info: Result<&VersionInfo, &str>,
    pending: Result<u64, &str>,
) -> OverviewRow {
    let (status, differences) = match (central, info) {
        (Err(e), _) => (
            VersionStatus::Unknown {
                error: format!("central version information unavailable: {e}"),
            },
            Vec::new(),
        ),
        (_, Err(e)) => (VersionStatus::Unknown { error: reach_note(e) }, Vec::new()),
        (Ok(central), Ok(info)) => {
            let c = compare(central, &info.modules);
            let different = c.differences.iter().map(|d| DifferenceCell {
                module: d.name.clone(),
                kind: DifferenceKind::Different,
                central_version: Some(d.central.to_string()),
                store_version: Some(d.store.to_string()),
                newer: Some(d.newer.code()),
            });
            let lone = |kind, m: &crate::compare::LoneModule| {
                let version = Some(m.version.to_string());
                let (central_version, store_version) = match kind {
                    DifferenceKind::NotOnStore => (version, None),
                    _ => (None, version),
                };
                DifferenceCell {
                    module: m.name.clone(),
                    kind,
                    central_version,
                    store_version,
                    newer: None,
                }
            };
            let not_on_store = c.only_central.iter().map(|m| lone(DifferenceKind::NotOnStore, m));
            let not_on_central = c.only_store.iter().map(|m| lone(DifferenceKind::NotOnCentral, m));
            (c.status, different.chain(not_on_store).chain(not_on_central).collect())
        }
    };
    let error = match &status {
        VersionStatus::Unknown { error } => Some(error.clone()),
        _ => None,
    };
    let differences_text = match &error {
        Some(error) => error.clone(),
        None => differences.iter().map(DifferenceCell::text).collect::<Vec<_>>().join("; "),
    };
    let answered = info.ok();
    OverviewRow {
        key: store.key.clone(),
        name: store.name.clone(),
        url: store.url.clone(),
        server_status: store.status.label(),
        server_status_code: store.status.code(),
        reload_status: answered.and_then(|i| i.reload_status.as_deref()).map(reload_status_label),
        reload_status_code: answered.and_then(|i| i.reload_status.clone()),
        version_status: status.label(),
        version_status_code: status_code(&status),
        version: answered.map(|i| ServerVersion::of(&i.modules).to_string()),
        pending_batches: pending.ok(),
        blocks_logins: status == VersionStatus::DifferentFromCentral && pending.ok() != Some(0),
        pending_error: match (answered, pending) {
            (Some(_), Err(e)) => Some(e.to_owned()),
            _ => None,
        },
        differences,
        error,
        differences_text,
        computed_at: answered.and_then(|i| i.computed_at.clone()),
        checked_at: None,
    }
}

/// The summary line's figures.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Stores in the definitions.
    pub total: usize,
    /// Stores checked so far.
    pub checked: usize,
    /// Same as Central.
    pub same: usize,
    /// Different from Central.
    pub different: usize,
    /// Unknown.
    pub unknown: usize,
    /// Batches pending sync over the stores that said.
    pub pending_batches: u64,
    /// Stores that would block a login from central right now.
    pub blocking_logins: usize,
}

/// Sums up the rows checked so far, out of `total` stores.
pub fn summarize<'a>(rows: impl IntoIterator<Item = &'a OverviewRow>, total: usize) -> Summary {
    let mut s = Summary { total, ..Summary::default() };
    for row in rows {
        s.checked += 1;
        match row.version_status_code {
            "same" => s.same += 1,
            "different" => s.different += 1,
            _ => s.unknown += 1,
        }
        s.pending_batches = s.pending_batches.saturating_add(row.pending_batches.unwrap_or(0));
        s.blocking_logins += usize::from(row.blocks_logins);
    }
    s
}

/// The CSV header, in the overview's column order.
pub const CSV_HEADER: [&str; 11] = [
    "Server",
    "Name",
    "Server Status",
    "Reload Status",
    "Version Status",
    "Version",
    "Data Pending to sync",
    "Differences",
    "Error",
    "Checked at",
    "URL",
];

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets a `'` first so that a spreadsheet never runs
/// server-provided text as a formula.
pub fn csv_field(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The rows as CSV (CRLF line ends, header first).
pub fn to_csv<'a>(rows: impl IntoIterator<Item = &'a OverviewRow>) -> String {
    // A UTF-8 byte order mark first, so that spreadsheets read non-ASCII names right.
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    for r in rows {
        let pending = r.pending_batches.map(|p| p.to_string()).unwrap_or_default();
        // The differences and the error each in their own column.
        let differences = if r.error.is_some() { "" } else { r.differences_text.as_str() };
        let fields = [
            r.key.as_str(),
            r.name.as_str(),
            r.server_status,
            r.reload_status.as_deref().unwrap_or(""),
            r.version_status,
            r.version.as_deref().unwrap_or(""),
            pending.as_str(),
            differences,
            r.error.as_deref().unwrap_or(""),
            r.checked_at.as_deref().unwrap_or(""),
            r.url.as_str(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One line of Modules by Server.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleLine {
    /// Module id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Java package.
    pub java_package: String,
    /// The store's version.
    pub version: String,
    /// Central's version; `None` when central does not have the module.
    pub central_version: Option<String>,
    /// Whether it differs from central's (false for a module central does not have).
    pub differs: bool,
}

/// Every module installed on a store, with central's version beside it, sorted by name.
pub fn modules_by_server(store: &ModuleSet, central: Option<&ModuleSet>) -> Vec<ModuleLine> {
    let mut lines: Vec<ModuleLine> = store
        .modules()
        .iter()
        .map(|m| {
            let central_version = central.and_then(|c| c.get(&m.id)).map(|c| c.version);
            ModuleLine {
                id: m.id.clone(),
                name: m.name.clone(),
                java_package: m.java_package.clone(),
                version: m.version.to_string(),
                central_version: central_version.map(|v| v.to_string()),
                differs: central_version.is_some_and(|v| v != m.version),
            }
        })
        .collect();
    lines.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    lines
}
