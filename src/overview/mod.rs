//! The Store Server Version Overview: one row per store server, the summary line, the CSV
//! export, and Modules by Server; and the rules of the collector's pass (`pass`). Pure: the
//! glue and the collector fetch, this computes.

pub mod pass;

use crate::login::check::NETWORK_ERROR;
use serde::Serialize;

use crate::login::decision::{table_rule, LoadOrigin, Outcome};
use crate::login::preference::PreferenceFinding;
use crate::servers::wire::{ServerDefinition, ServerPreference, VersionInfo};
use crate::texts::messages::Language;
use crate::texts::overview_labels as labels;
use crate::versions::compare::{compare, VersionStatus};
use crate::versions::module::ModuleSet;
use crate::versions::server_version::ServerVersion;

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
    /// The server status in words (e.g. "transitioning (going online)"), in the overview's
    /// language.
    pub server_status: &'static str,
    /// `ON`, `OFF`, `TON` or `TOFF`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"ON\" | \"OFF\" | \"TON\" | \"TOFF\""))]
    pub server_status_code: &'static str,
    /// The store's reload status, when it answered.
    pub reload_status: Option<String>,
    /// The reload status as the store sent it (e.g. `IN_PROGRESS`).
    pub reload_status_code: Option<String>,
    /// `Same as Central`, `Different from Central` or `Unknown`, in the overview's language.
    pub version_status: &'static str,
    /// `same`, `different` or `unknown`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"same\" | \"different\" | \"unknown\""))]
    pub version_status_code: &'static str,
    /// The store's server version, when it answered.
    pub version: Option<String>,
    /// Batches pending sync, when known.
    pub pending_batches: Option<u64>,
    /// Whether a WebPOS loaded from central would be blocked on this store right now, by the
    /// guard's own decision table (`decision::table_rule`): Different from Central with data
    /// pending or its count unknown (rows 6 and 7), unless the ignore-version-check preference
    /// in force for the store's client skips the check (row 2, a hot fix).
    pub blocks_logins: bool,
    /// When the preference in force for the store's client skips the check (a hot fix): in
    /// words, naming the client and the record ("logins are not checked for client …").
    pub logins_unchecked: Option<String>,
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
    /// What changed since the previous pass over this store (empty on the first pass; set by
    /// [`row_changes`]).
    pub changes: Vec<RowChange>,
    /// Whether the pending count is draining or growing over this session (set by
    /// [`pending_trend`] from the counts seen so far).
    pub pending_trend: PendingTrend,
    /// The trend in words, in the overview's language.
    pub pending_trend_label: &'static str,
}

/// What changed in a row since the previous pass.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowChange {
    /// The server status in central's definitions.
    ServerStatus,
    /// The store's reload status.
    ReloadStatus,
    /// Same / Different / Unknown.
    VersionStatus,
    /// The computed server version.
    Version,
    /// The pending count.
    PendingBatches,
}

/// What changed between two passes over the same store.
pub fn row_changes(before: &OverviewRow, after: &OverviewRow) -> Vec<RowChange> {
    [
        (RowChange::ServerStatus, before.server_status_code != after.server_status_code),
        (RowChange::ReloadStatus, before.reload_status_code != after.reload_status_code),
        (RowChange::VersionStatus, before.version_status_code != after.version_status_code),
        (RowChange::Version, before.version != after.version),
        (RowChange::PendingBatches, before.pending_batches != after.pending_batches),
    ]
    .into_iter()
    .filter_map(|(change, changed)| changed.then_some(change))
    .collect()
}

/// Which way a store's pending count is going over the session.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PendingTrend {
    /// Fewer batches than a few passes ago.
    Draining,
    /// More batches than a few passes ago.
    Growing,
    /// The same count.
    Steady,
    /// Fewer than two counts known: no trend yet.
    #[default]
    New,
}

/// How many of the latest known counts the trend looks back over.
pub const TREND_WINDOW: usize = 5;

/// The trend of the counts seen so far (oldest first; `None` where the count was unknown):
/// the latest known count against the oldest of the last [`TREND_WINDOW`] known ones.
pub fn pending_trend(counts: &[Option<u64>]) -> PendingTrend {
    let known: Vec<u64> = counts.iter().flatten().copied().collect();
    let recent = &known[known.len().saturating_sub(TREND_WINDOW)..];
    match recent {
        [first, .., last] if last < first => PendingTrend::Draining,
        [first, .., last] if last > first => PendingTrend::Growing,
        [_, .., _] => PendingTrend::Steady,
        _ => PendingTrend::New,
    }
}

/// The trend in words.
pub fn pending_trend_label(trend: PendingTrend, language: Language) -> &'static str {
    match (language, trend) {
        (Language::En, PendingTrend::Draining) => "draining",
        (Language::En, PendingTrend::Growing) => "growing",
        (Language::En, PendingTrend::Steady) => "steady",
        (Language::Es, PendingTrend::Draining) => "bajando",
        (Language::Es, PendingTrend::Growing) => "subiendo",
        (Language::Es, PendingTrend::Steady) => "estable",
        (_, PendingTrend::New) => "",
    }
}

/// How many stores run one server version.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
    pub fn text(&self, language: Language) -> String {
        let version = |v: &Option<String>| v.as_deref().unwrap_or("—").to_owned();
        let words = labels::difference_words(language);
        let (module, central, store) =
            (&self.module, version(&self.central_version), version(&self.store_version));
        match self.kind {
            DifferenceKind::NotOnStore => {
                format!("{module} ({}; central {central})", words.not_on_store)
            }
            DifferenceKind::NotOnCentral => {
                format!("{module} ({}; {} {store})", words.not_on_central, words.store)
            }
            DifferenceKind::Different => {
                format!("{module} (central {central}, {} {store})", words.store)
            }
        }
    }
}

/// An error of a store's answer as the overview says it: a network error (unreachable or
/// refused) is said plainly to be about central's reach, since central's collector asks each
/// store (as Openbravo's own window does; docs/INTEGRATION.md).
pub fn reach_note(error: &str, language: Language) -> String {
    let said = labels::error_text(error, language);
    if error.starts_with(NETWORK_ERROR) {
        format!("{} ({said})", labels::not_reachable(language))
    } else {
        said
    }
}

fn status_code(status: &VersionStatus) -> &'static str {
    match status {
        VersionStatus::SameAsCentral => "same",
        VersionStatus::DifferentFromCentral => "different",
        VersionStatus::Unknown { .. } => "unknown",
    }
}

/// Computes a store's row from what central and the store answered, and the preference in
/// force for its client as central tells it (`None`: not known, the check runs), in
/// `language`.
pub fn overview_row(
    store: &ServerDefinition,
    central: Result<&ModuleSet, &str>,
    info: Result<&VersionInfo, &str>,
    pending: Result<u64, &str>,
    preference: Option<&ServerPreference>,
    language: Language,
) -> OverviewRow {
    let (status, differences) = match (central, info) {
        (Err(e), _) => (
            VersionStatus::Unknown {
                error: labels::error_text(
                    &format!("central version information unavailable: {e}"),
                    language,
                ),
            },
            Vec::new(),
        ),
        (_, Err(e)) => (VersionStatus::Unknown { error: reach_note(e, language) }, Vec::new()),
        (Ok(central), Ok(info)) => {
            let c = compare(central, &info.modules);
            let different = c.differences.iter().map(|d| DifferenceCell {
                module: d.name.clone(),
                kind: DifferenceKind::Different,
                central_version: Some(d.central.to_string()),
                store_version: Some(d.store.to_string()),
                newer: Some(d.newer.code()),
            });
            let lone = |kind, m: &crate::versions::compare::LoneModule| {
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
        None => differences.iter().map(|d| d.text(language)).collect::<Vec<_>>().join("; "),
    };
    let answered = info.ok();
    // The preference in force for the store's client, as the guard resolves a client-level
    // value: `Y` skips the check, `N` keeps it, none: not set.
    let finding = match preference.and_then(|p| p.value.as_deref().map(|v| (v, p))) {
        Some((value, p)) => {
            PreferenceFinding::Honoured { skip: value == "Y", record_id: p.record.clone() }
        }
        None => PreferenceFinding::NotSet,
    };
    OverviewRow {
        key: store.key.clone(),
        name: store.name.clone(),
        url: store.url.clone(),
        server_status: labels::server_status(store.status, language),
        server_status_code: store.status.code(),
        reload_status: answered
            .and_then(|i| i.reload_status.as_deref())
            .map(|code| labels::reload_status(code, language)),
        reload_status_code: answered.and_then(|i| i.reload_status.clone()),
        version_status: labels::version_status(&status, language),
        version_status_code: status_code(&status),
        version: answered.map(|i| ServerVersion::of(&i.modules).to_string()),
        pending_batches: pending.ok(),
        blocks_logins: table_rule(LoadOrigin::Central, &finding, Some(&status), pending.ok())
            .outcome()
            == Outcome::Block,
        logins_unchecked: finding.skips_check().then(|| {
            let p = preference.expect("a finding that skips comes from a preference");
            labels::logins_unchecked(&p.client, p.record.as_deref(), language)
        }),
        pending_error: match (answered, pending) {
            (Some(_), Err(e)) => Some(e.to_owned()),
            _ => None,
        },
        differences,
        error,
        differences_text,
        computed_at: answered.and_then(|i| i.computed_at.clone()),
        checked_at: None,
        changes: Vec::new(),
        pending_trend: PendingTrend::New,
        pending_trend_label: "",
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

/// One CSV field (RFC 4180), always quoted, so that it stays one field whichever separator a
/// spreadsheet splits on (`,` or `;`: a file opened with the other one's locale); a field that
/// a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return,
/// also after spaces) gets a `'` first, so server-provided text is never a formula.
pub fn csv_field(text: &str) -> String {
    let formula = text.trim_start_matches(' ').starts_with(['=', '+', '-', '@', '\t', '\r']);
    let guarded = if formula { format!("'{text}") } else { text.to_owned() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// The rows as CSV in `language` (CRLF line ends, header first; comma-separated, or
/// semicolon-separated in Spanish), with whether each store blocks logins now and central's
/// server version `central` beside each store's.
pub fn to_csv<'a>(
    rows: impl IntoIterator<Item = &'a OverviewRow>,
    language: Language,
    central: Option<&str>,
) -> String {
    let separator = labels::csv_separator(language);
    let join = |fields: &[&str]| -> String {
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        quoted.join(&separator.to_string())
    };
    // A UTF-8 byte order mark first, so that spreadsheets read non-ASCII names right; the
    // header is our own words (no separator, no quote), every other field quoted.
    let mut out = String::from("\u{feff}");
    out.push_str(&labels::csv_header(language).join(&separator.to_string()));
    out.push_str("\r\n");
    for r in rows {
        let pending = r.pending_batches.map(|p| p.to_string()).unwrap_or_default();
        // The differences and the error each in their own column.
        let differences = if r.error.is_some() { "" } else { r.differences_text.as_str() };
        let line = join(&[
            r.key.as_str(),
            r.name.as_str(),
            r.server_status,
            r.reload_status.as_deref().unwrap_or(""),
            r.version_status,
            labels::yes_no(r.blocks_logins, language),
            r.version.as_deref().unwrap_or(""),
            central.unwrap_or(""),
            pending.as_str(),
            differences,
            r.error.as_deref().unwrap_or(""),
            r.checked_at.as_deref().unwrap_or(""),
            r.url.as_str(),
        ]);
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

/// Where a module of Modules by Server stands against central.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ModuleState {
    /// On both, the same version.
    Same,
    /// On both, different versions.
    Different,
    /// Central has it, the store has not.
    NotOnStore,
    /// The store has it, central has not.
    NotOnCentral,
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
    /// The store's version; `None` when the store does not have the module.
    pub version: Option<String>,
    /// Central's version; `None` when central does not have the module.
    pub central_version: Option<String>,
    /// Whether it differs from central's: another version, or on one side only.
    pub differs: bool,
    /// Where it stands.
    pub state: ModuleState,
}

/// Every module installed on a store, and every module central has that the store lacks, with
/// central's version beside the store's, sorted by name: the same differences the row lists.
pub fn modules_by_server(store: &ModuleSet, central: Option<&ModuleSet>) -> Vec<ModuleLine> {
    let line = |m: &crate::versions::module::Module, version, central_version, state| ModuleLine {
        id: m.id.clone(),
        name: m.name.clone(),
        java_package: m.java_package.clone(),
        version,
        central_version,
        differs: state != ModuleState::Same,
        state,
    };
    let mut lines: Vec<ModuleLine> = store
        .modules()
        .iter()
        .map(|m| {
            let central_version = central.and_then(|c| c.get(&m.id)).map(|c| c.version);
            let state = match central_version {
                None if central.is_some() => ModuleState::NotOnCentral,
                Some(v) if v != m.version => ModuleState::Different,
                _ => ModuleState::Same,
            };
            line(m, Some(m.version.to_string()), central_version.map(|v| v.to_string()), state)
        })
        .collect();
    if let Some(central) = central {
        lines.extend(
            central
                .modules()
                .iter()
                .filter(|m| store.get(&m.id).is_none())
                .map(|m| line(m, None, Some(m.version.to_string()), ModuleState::NotOnStore)),
        );
    }
    lines.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    lines
}

/// How many stores run one version of a module.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleVersionCount {
    /// The version.
    pub version: String,
    /// Stores on it.
    pub stores: usize,
    /// Whether it is central's.
    pub central: bool,
}

/// One module across the stores: each version and how many stores run it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleVersions {
    /// Module id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Central's version, when central has it.
    pub central_version: Option<String>,
    /// Its versions, most stores first (then by version); central's listed even with none.
    pub versions: Vec<ModuleVersionCount>,
    /// Stores that answered and lack it.
    pub missing: usize,
}

/// The view by module: for every module on central or on a store that answered, how many
/// stores run each version ("400 stores still on Web POS 1.8.4503"), sorted by name.
pub fn module_versions<'a>(
    stores: impl IntoIterator<Item = &'a ModuleSet>,
    central: Option<&ModuleSet>,
) -> Vec<ModuleVersions> {
    use std::collections::BTreeMap;
    let mut modules: BTreeMap<String, (String, BTreeMap<String, usize>)> = BTreeMap::new();
    let mut answered = 0usize;
    for store in stores {
        answered += 1;
        for m in store.modules() {
            let entry =
                modules.entry(m.id.clone()).or_insert_with(|| (m.name.clone(), BTreeMap::new()));
            *entry.1.entry(m.version.to_string()).or_default() += 1;
        }
    }
    if let Some(central) = central {
        for m in central.modules() {
            let entry =
                modules.entry(m.id.clone()).or_insert_with(|| (m.name.clone(), BTreeMap::new()));
            entry.0 = m.name.clone();
            entry.1.entry(m.version.to_string()).or_default();
        }
    }
    let mut list: Vec<ModuleVersions> = modules
        .into_iter()
        .map(|(id, (name, counts))| {
            let central_version = central.and_then(|c| c.get(&id)).map(|m| m.version.to_string());
            let on = counts.values().sum::<usize>();
            let mut versions: Vec<ModuleVersionCount> = counts
                .into_iter()
                .map(|(version, stores)| ModuleVersionCount {
                    central: Some(&version) == central_version.as_ref(),
                    version,
                    stores,
                })
                .collect();
            versions
                .sort_by(|a, b| b.stores.cmp(&a.stores).then_with(|| a.version.cmp(&b.version)));
            ModuleVersions { id, name, central_version, versions, missing: answered - on }
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    list
}
