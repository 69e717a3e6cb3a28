//! One store server's row of the overview: what central and the store answered, compared, in
//! the overview's words, with whether a login from central would be blocked there now (the
//! guard's own decision table), and what changed since the previous pass.

use serde::Serialize;

use crate::login::decision::{table_rule, LoadOrigin, Outcome};
use crate::login::preference::PreferenceFinding;
use crate::overview::tills::TillCounts;
use crate::overview::trend::PendingTrend;
use crate::servers::failure::Failure;
use crate::servers::protocol::YesNo;
use crate::servers::wire::{ServerDefinition, ServerPreference, ServerStatus, VersionInfo};
use crate::texts::cashier::Language;
use crate::texts::failure::failure_text;
use crate::texts::overview::{self as labels, ReloadKnown};
use crate::versions::compare::{compare, VersionStatus, VersionStatusCode};
use crate::versions::module::ModuleSet;
use crate::versions::server_version::ServerVersion;

/// One store server's row. A field with nothing to say (`None`, an empty list or text, no
/// till) is left out of its JSON: a chain's snapshot is thousands of rows.
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
    pub server_status_code: ServerStatus,
    /// The store's Reload Status in words: SymmetricDS's initial load and table reloads as
    /// central tells them ("initial load done 2026-11-30 08:12", "loading: 3 of 12 batches",
    /// "unknown: …"); none before central's answer was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_status: Option<String>,
    /// Its code: the state (`done`, `loading`, ...), or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_status_code: Option<String>,
    /// It as the table's narrow cell shows it ("done 2026-11-30", "loading 3/12").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_status_brief: Option<String>,
    /// The store's database ahead of what it runs, in words ("restart pending"), when it
    /// answered and is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rebuild_status: Option<String>,
    /// Its code as the store sent it (e.g. `RESTART_PENDING`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rebuild_status_code: Option<String>,
    /// `Same as Central`, `Different from Central` or `Unknown`, in the overview's language.
    pub version_status: &'static str,
    /// `same`, `different` or `unknown`.
    pub version_status_code: VersionStatusCode,
    /// The store's server version, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Batches pending sync, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_batches: Option<u64>,
    /// Whether a WebPOS loaded from central would be blocked on this store right now, by the
    /// guard's own decision table (`decision::table_rule`): Different from Central with data
    /// pending or its count unknown (rows 6 and 7), unless the ignore-version-check preference
    /// in force for the store's client skips the check (row 2, a hot fix).
    pub blocks_logins: bool,
    /// When the preference in force for the store's client skips the check (a hot fix): in
    /// words, naming the client and the record ("logins are not checked for client …").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logins_unchecked: Option<String>,
    /// Why the pending count is unknown, when the store answered its versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_error: Option<String>,
    /// The common modules on different versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<DifferenceCell>,
    /// The error, when the status is Unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The Differences field as text: the differences, or the error.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub differences_text: String,
    /// When the store computed its version information.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed_at: Option<String>,
    /// When this page asked the store (ISO 8601, the browser's clock; set by the caller, the
    /// core has no clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<String>,
    /// What changed since the previous pass over this store (empty on the first pass; set by
    /// [`row_changes`]).
    pub changes: Vec<RowChange>,
    /// Whether the pending count is draining or growing over this session (set by
    /// [`pending_trend`] from the counts seen so far).
    pub pending_trend: PendingTrend,
    /// The trend in words, in the overview's language.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub pending_trend_label: &'static str,
    /// What its tills went through in the last hour, from their reports (set by the collector,
    /// which has the clock: [`with_tills`]).
    #[serde(skip_serializing_if = "TillCounts::is_none")]
    pub tills: TillCounts,
    /// That in words, when a till blocked, could not check or ran under the hot fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tills_text: Option<String>,
}

/// `row` with its tills' counts, said in `language`.
pub fn with_tills(row: OverviewRow, tills: TillCounts, language: Language) -> OverviewRow {
    let said = labels::TillsSaid {
        blocked: tills.blocked,
        could_not_check: tills.could_not_check,
        reasons: &tills.reasons,
        hot_fix: tills.hot_fix,
    };
    OverviewRow { tills_text: labels::tills_text(said, language), tills, ..row }
}

/// What changed in a row since the previous pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowChange {
    /// The server status in central's definitions.
    ServerStatus,
    /// The store's reload status.
    ReloadStatus,
    /// The store's rebuild status.
    RebuildStatus,
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
        (RowChange::RebuildStatus, before.rebuild_status_code != after.rebuild_status_code),
        (RowChange::VersionStatus, before.version_status_code != after.version_status_code),
        (RowChange::Version, before.version != after.version),
        (RowChange::PendingBatches, before.pending_batches != after.pending_batches),
    ]
    .into_iter()
    .filter_map(|(change, changed)| changed.then_some(change))
    .collect()
}

/// One line of the Differences field: a common module on different versions, or a module
/// installed on one side only (listed, though the version status counts common modules only,
/// as the seed defines it).
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
    pub newer: Option<&'static str>,
}

/// What a [`DifferenceCell`] says differs.
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
pub fn reach_note(error: &Failure, language: Language) -> String {
    let said = failure_text(error, language);
    if error.is_network() {
        format!("{} ({said})", labels::not_reachable(language))
    } else {
        said
    }
}

/// What central answered of one store, besides its own answer: the preference in force for its
/// client (`None`: not known, the check runs) and its SymmetricDS (re)load (`None`: not asked
/// yet).
#[derive(Clone, Copy, Debug, Default)]
pub struct CentralSays<'a> {
    /// The ignore-version-check preference in force for the store's client.
    pub preference: Option<&'a ServerPreference>,
    /// The store's initial load and table reloads.
    pub reload: Option<ReloadKnown<'a>>,
}

/// Computes a store's row from what central and the store answered, in `language`.
pub fn overview_row(
    store: &ServerDefinition,
    central: Result<&ModuleSet, &Failure>,
    info: Result<&VersionInfo, &Failure>,
    pending: Result<u64, &Failure>,
    says: CentralSays<'_>,
    language: Language,
) -> OverviewRow {
    let [row] = overview_rows(store, central, info, pending, says, [language]);
    row
}

/// A store's row in each of `languages`: the comparison with central and the store's server
/// version computed once, whatever the number of languages (the collector's pass makes both
/// of its rows with one comparison a store).
pub fn overview_rows<const N: usize>(
    store: &ServerDefinition,
    central: Result<&ModuleSet, &Failure>,
    info: Result<&VersionInfo, &Failure>,
    pending: Result<u64, &Failure>,
    says: CentralSays<'_>,
    languages: [Language; N],
) -> [OverviewRow; N] {
    let compared = match (central, info) {
        (Err(e), _) => Err(Unanswered::Central(e)),
        (_, Err(e)) => Err(Unanswered::Store(e)),
        (Ok(central), Ok(info)) => Ok(comparison_cells(central, &info.modules)),
    };
    let version = info.ok().map(|i| ServerVersion::of(&i.modules).to_string());
    languages.map(|language| row_in(store, info, pending, says, language, &compared, &version))
}

/// Whose answer is missing when a store cannot be compared with central (said in each
/// language by the row).
enum Unanswered<'a> {
    /// Central's version information.
    Central(&'a Failure),
    /// The store's status.
    Store(&'a Failure),
}

/// The comparison of a store's modules with central's, in the row's terms: its status and
/// its difference cells (the same in every language).
fn comparison_cells(
    central: &ModuleSet,
    store: &ModuleSet,
) -> (VersionStatus, Vec<DifferenceCell>) {
    let c = compare(central, store);
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
        DifferenceCell { module: m.name.clone(), kind, central_version, store_version, newer: None }
    };
    let not_on_store = c.only_central.iter().map(|m| lone(DifferenceKind::NotOnStore, m));
    let not_on_central = c.only_store.iter().map(|m| lone(DifferenceKind::NotOnCentral, m));
    (c.status, different.chain(not_on_store).chain(not_on_central).collect())
}

/// The row in `language`, from what every language's row shares (`compared`, `version`).
fn row_in(
    store: &ServerDefinition,
    info: Result<&VersionInfo, &Failure>,
    pending: Result<u64, &Failure>,
    says: CentralSays<'_>,
    language: Language,
    compared: &Result<(VersionStatus, Vec<DifferenceCell>), Unanswered<'_>>,
    version: &Option<String>,
) -> OverviewRow {
    let (status, differences) = match compared {
        Err(Unanswered::Central(e)) => (
            VersionStatus::Unknown {
                error: format!(
                    "{}: {}",
                    labels::central_unavailable(language),
                    failure_text(e, language)
                ),
            },
            Vec::new(),
        ),
        Err(Unanswered::Store(e)) => {
            (VersionStatus::Unknown { error: reach_note(e, language) }, Vec::new())
        }
        Ok((status, differences)) => (status.clone(), differences.clone()),
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
    let preference = says.preference;
    // The preference in force for the store's client, as the guard resolves a client-level
    // value: `Y` skips the check, `N` keeps it, none: not set.
    let finding = match preference.and_then(|p| p.value.as_deref().map(|v| (v, p))) {
        Some((value, p)) => {
            PreferenceFinding::Honoured { skip: YesNo::is_yes(value), record_id: p.record.clone() }
        }
        None => PreferenceFinding::NotSet,
    };
    OverviewRow {
        key: store.key.clone(),
        name: store.name.clone(),
        url: store.url.clone(),
        server_status: labels::server_status(store.status, language),
        server_status_code: store.status,
        reload_status: says.reload.map(|known| labels::reload_status(known, language)),
        reload_status_code: says.reload.map(|known| labels::reload_code(known).to_owned()),
        reload_status_brief: says.reload.map(|known| labels::reload_brief(known, language)),
        rebuild_status: answered
            .and_then(|i| i.rebuild_status.as_deref())
            .map(|code| labels::rebuild_status(code, language)),
        rebuild_status_code: answered.and_then(|i| i.rebuild_status.clone()),
        version_status: labels::version_status(&status, language),
        version_status_code: status.code(),
        version: version.clone(),
        pending_batches: pending.ok(),
        blocks_logins: table_rule(LoadOrigin::Central, &finding, Some(&status), pending.ok())
            .outcome()
            == Outcome::Block,
        logins_unchecked: finding.skips_check().then(|| {
            let p = preference.expect("a finding that skips comes from a preference");
            let set = (p.updated_by.as_deref(), p.updated.as_deref());
            labels::logins_unchecked(&p.client, p.record.as_deref(), set, language)
        }),
        pending_error: match (answered, pending) {
            (Some(_), Err(e)) => Some(failure_text(e, language)),
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
        tills: TillCounts::default(),
        tills_text: None,
    }
}
