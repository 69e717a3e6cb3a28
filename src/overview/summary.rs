//! The summary line's figures and the stores per server version (the overview's pictures).

use serde::Serialize;

use crate::overview::row::OverviewRow;
use crate::versions::compare::VersionStatusCode;

/// The summary line's figures.
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
    /// Tills blocked in the last hour, over every store (their reports).
    pub tills_blocked: u64,
    /// Tills that could not check in the last hour.
    pub tills_could_not_check: u64,
}

/// Sums up the rows checked so far, out of `total` stores.
pub fn summarize<'a>(rows: impl IntoIterator<Item = &'a OverviewRow>, total: usize) -> Summary {
    let mut s = Summary { total, ..Summary::default() };
    for row in rows {
        s.checked += 1;
        match row.version_status_code {
            VersionStatusCode::Same => s.same += 1,
            VersionStatusCode::Different => s.different += 1,
            VersionStatusCode::Unknown => s.unknown += 1,
        }
        s.pending_batches = s.pending_batches.saturating_add(row.pending_batches.unwrap_or(0));
        s.blocking_logins += usize::from(row.blocks_logins);
        s.tills_blocked += u64::from(row.tills.blocked);
        s.tills_could_not_check += u64::from(row.tills.could_not_check);
    }
    s
}

/// How many stores run one server version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionCount {
    /// The server version.
    pub version: String,
    /// Stores on it.
    pub stores: usize,
    /// Whether it is central's version.
    pub central: bool,
}

/// Stores per server version, most stores first (then by version), central's version always
/// listed (with 0 stores when none runs it). Stores whose version is unknown are not counted.
pub fn version_counts<'a>(
    rows: impl IntoIterator<Item = &'a OverviewRow>,
    central: Option<&str>,
) -> Vec<VersionCount> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for version in rows.into_iter().filter_map(|r| r.version.as_deref()) {
        *counts.entry(version).or_default() += 1;
    }
    if let Some(central) = central {
        counts.entry(central).or_default();
    }
    let mut list: Vec<VersionCount> = counts
        .into_iter()
        .map(|(version, stores)| VersionCount {
            version: version.to_owned(),
            stores,
            central: Some(version) == central,
        })
        .collect();
    list.sort_by(|a, b| b.stores.cmp(&a.stores).then_with(|| a.version.cmp(&b.version)));
    list
}
