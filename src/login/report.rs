//! The verdict as the host sees it: a stable, serializable shape (the `Verdict` type of the
//! module's TypeScript definitions), and what the cashier's message takes from it
//! ([`BlockFacts::of`]; the message itself is composed in `texts::notices`).

use serde::Serialize;

use crate::login::decision::{LoadOrigin, Outcome, Rule, Verdict};
use crate::login::preference::{PreferenceFinding, PreferenceState};
use crate::login::store_mode::StoreModeRefusal;
use crate::texts::notices::{BlockFacts, MESSAGE_MAX_ROWS};
use crate::versions::compare::{Side, VersionStatus, VersionStatusCode};

/// Request durations in milliseconds; `None` for a request not made.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    /// Central's server definitions.
    pub server_definitions: Option<f64>,
    /// The terminal's store server.
    pub terminal: Option<f64>,
    /// Central's version information.
    pub central_version: Option<f64>,
    /// The store's status (its version information and pending count, one request).
    pub store_status: Option<f64>,
    /// The preference records.
    pub preference: Option<f64>,
    /// The whole check.
    pub total: f64,
}

/// One differing module.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DifferenceReport {
    /// Module id.
    pub module_id: String,
    /// Module name.
    pub name: String,
    /// Central's version.
    pub central_version: String,
    /// The store's version.
    pub store_version: String,
    /// `central` or `store`.
    pub newer: Side,
}

/// A module on one side only.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleReport {
    /// Module id.
    pub module_id: String,
    /// Module name.
    pub name: String,
    /// Version.
    pub version: String,
}

/// The verdict handed to the host (and announced as a DOM event).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictReport {
    /// `proceed` or `block`.
    pub outcome: Outcome,
    /// The decision-table row (1–7) that decided.
    pub rule: u8,
    /// One sentence saying why.
    pub reason: String,
    /// `central` or `storeMode`.
    pub loaded_from: LoadOrigin,
    /// The terminal's search key.
    pub terminal: String,
    /// The terminal's store server key, when known.
    pub store_server: Option<String>,
    /// `sameAsCentral`, `differentFromCentral`, `unknown`, or `null` when not checked.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"sameAsCentral\" | \"differentFromCentral\" | \"unknown\" | null")
    )]
    #[serde(serialize_with = "verdict_status")]
    pub status: Option<VersionStatusCode>,
    /// Openbravo's label for the status.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"Same as Central\" | \"Different from Central\" | \"Unknown\" | null")
    )]
    pub status_label: Option<&'static str>,
    /// The error, when the status is unknown.
    pub error: Option<String>,
    /// Central's server version.
    pub central_version: Option<String>,
    /// The store's server version.
    pub store_version: Option<String>,
    /// The newer side over the common modules: `central`, `store`, or `null`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Side | null"))]
    pub newer: Option<Side>,
    /// The store's batches pending sync, when known.
    pub pending_batches: Option<u64>,
    /// Common modules on different versions.
    pub differences: Vec<DifferenceReport>,
    /// Modules only central has.
    pub only_on_central: Vec<ModuleReport>,
    /// Modules only the store has.
    pub only_on_store: Vec<ModuleReport>,
    /// The store-mode URL, when one may be offered.
    pub store_mode_url: Option<String>,
    /// Why no store-mode URL is offered.
    pub store_mode_refused: Option<String>,
    /// The ignore-version-check finding: `notSet`, `honouredY`, `honouredN`, `notHonoured`,
    /// `conflict` or `unavailable`.
    pub ignore_version_check: PreferenceState,
    /// Why the check could not run on this till, in words for the host and the admin, when it
    /// could not: the browser refused a request (Local Network Access), or (set by the
    /// Openbravo adapter) the guard itself could not load or attach to the login. The login
    /// then proceeds (decision row 3).
    pub cannot_check: Option<String>,
    /// Notes for an admin.
    pub diagnostics: Vec<String>,
    /// Request durations.
    pub timings: Timings,
    /// Whether the logout succeeded (set by `guardLogin` after a block).
    pub logged_out: Option<bool>,
    /// When the check ran: `login` (`guardLogin`, `checkVersions`) or `startup`
    /// (`guardStartup`, before credentials).
    pub when: When,
}

/// When a check ran (`login`, `startup` in the verdict).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum When {
    /// At login: `guardLogin`, `checkVersions`.
    Login,
    /// At the WebPOS's start, before credentials: `guardStartup`.
    Startup,
}

/// The verdict's spelling of a version status (`sameAsCentral`, `differentFromCentral`,
/// `unknown`; the overview's rows say `same`, `different`, `unknown`).
fn verdict_status<S: serde::Serializer>(
    status: &Option<VersionStatusCode>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match status {
        None => serializer.serialize_none(),
        Some(VersionStatusCode::Same) => serializer.serialize_str("sameAsCentral"),
        Some(VersionStatusCode::Different) => serializer.serialize_str("differentFromCentral"),
        Some(VersionStatusCode::Unknown) => serializer.serialize_str("unknown"),
    }
}

/// What the report adds to the core's verdict.
#[derive(Clone, Debug)]
pub struct ReportContext<'a> {
    /// Where the page was loaded from.
    pub loaded_from: LoadOrigin,
    /// The terminal.
    pub terminal: &'a str,
    /// Its store server key.
    pub store_server: Option<&'a str>,
    /// The store-mode URL, or why none is offered.
    pub store_mode: Result<String, StoreModeRefusal>,
    /// The preference finding.
    pub preference: &'a PreferenceFinding,
    /// Request durations.
    pub timings: Timings,
    /// Extra diagnostics from the glue (e.g. an unknown page origin).
    pub diagnostics: Vec<String>,
}

impl VerdictReport {
    /// The decision-table row that decided, typed.
    pub fn decided_by(&self) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.row() == self.rule)
    }

    /// Whether the verdict blocks the login.
    pub fn blocks(&self) -> bool {
        self.decided_by().map(Rule::outcome) == Some(Outcome::Block)
    }

    /// What a login's check leaves the till to remember of the hot-fix preference for its next
    /// start (before login the preference needs a session, so the value last seen counts):
    /// `Some(true)` when an honoured `Y` skipped the check, `Some(false)` when the check ran,
    /// `None` when the preference could not be read (what was seen before stands).
    pub fn preference_seen(&self) -> Option<bool> {
        match self.ignore_version_check {
            PreferenceState::HonouredY => Some(true),
            PreferenceState::Unavailable => None,
            _ => Some(false),
        }
    }

    /// Builds the report.
    pub fn new(verdict: &Verdict, ctx: ReportContext<'_>) -> Self {
        let status = verdict.status.as_ref().map(VersionStatus::code);
        let error = match &verdict.status {
            Some(VersionStatus::Unknown { error }) => Some(error.clone()),
            _ => None,
        };
        let lone = |modules: &[crate::versions::compare::LoneModule]| {
            modules
                .iter()
                .map(|m| ModuleReport {
                    module_id: m.id.clone(),
                    name: m.name.clone(),
                    version: m.version.to_string(),
                })
                .collect()
        };
        let comparison = verdict.comparison.as_ref();
        let mut diagnostics = verdict.diagnostics.clone();
        diagnostics.extend(ctx.diagnostics);
        let (store_mode_url, store_mode_refused) = match ctx.store_mode {
            Ok(url) => (Some(url), None),
            // Said in words only here, where the verdict reaches a person.
            Err(why) => (None, Some(why.to_string())),
        };
        Self {
            outcome: verdict.outcome,
            rule: verdict.rule.row(),
            reason: verdict.reason.clone(),
            loaded_from: ctx.loaded_from,
            terminal: ctx.terminal.to_owned(),
            store_server: ctx.store_server.map(str::to_owned),
            status,
            status_label: verdict.status.as_ref().map(VersionStatus::label),
            error,
            central_version: verdict.central_version.map(|v| v.to_string()),
            store_version: verdict.store_version.map(|v| v.to_string()),
            newer: comparison.and_then(|c| c.newer),
            pending_batches: verdict.pending,
            differences: comparison
                .map(|c| {
                    c.differences
                        .iter()
                        .map(|d| DifferenceReport {
                            module_id: d.id.clone(),
                            name: d.name.clone(),
                            central_version: d.central.to_string(),
                            store_version: d.store.to_string(),
                            newer: d.newer,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            only_on_central: comparison.map(|c| lone(&c.only_central)).unwrap_or_default(),
            only_on_store: comparison.map(|c| lone(&c.only_store)).unwrap_or_default(),
            store_mode_url,
            store_mode_refused,
            ignore_version_check: ctx.preference.state(),
            cannot_check: None,
            diagnostics,
            timings: ctx.timings,
            logged_out: None,
            when: When::Login,
        }
    }
}

// The facts live with the texts that say them (`texts::notices`); reading them from a verdict
// is the login layer's.
impl BlockFacts {
    /// The facts of `report`.
    pub fn of(report: &VerdictReport) -> Self {
        Self {
            rule: report.rule,
            central_version: report.central_version.clone(),
            store_version: report.store_version.clone(),
            pending_batches: report.pending_batches,
            newer: report.newer,
            rows: report
                .differences
                .iter()
                .take(MESSAGE_MAX_ROWS)
                .map(|d| [d.name.clone(), d.central_version.clone(), d.store_version.clone()])
                .collect(),
            hidden: report.differences.len().saturating_sub(MESSAGE_MAX_ROWS),
            tickets: None,
        }
    }
}
