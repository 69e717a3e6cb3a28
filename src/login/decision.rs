//! The login decision: the decision table of docs/RULES.md, encoded once, as a pure function.
//!
//! | # | situation | outcome |
//! |---|---|---|
//! | 1 | WebPOS loaded from the store-mode URL | proceed; no check needed |
//! | 2 | ignore-version-check honoured and `Y` | proceed; check skipped by preference |
//! | 3 | central or store version information unavailable | proceed, status Unknown + error |
//! | 4 | common modules on equal versions (Same as Central) | proceed |
//! | 5 | Different from Central, pending batches = 0 | proceed; status reported |
//! | 6 | Different from Central, pending batches > 0 | BLOCK |
//! | 7 | Different from Central, pending count missing or invalid | BLOCK |
//!
//! The first matching row wins.

use core::fmt;

use crate::base::text::joined;
use crate::login::preference::PreferenceFinding;
use crate::versions::compare::{compare, Comparison, Side, VersionStatus};
use crate::versions::module::ModuleSet;
use crate::versions::server_version::ServerVersion;

/// Where the WebPOS page was loaded from (`central`, `storeMode` in the verdict).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LoadOrigin {
    /// The central server's URL (the standard approach).
    Central,
    /// The store server's own URL (store mode).
    StoreMode,
}

/// One input the guard fetched: not fetched at all, failed with an error text, or got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetch<T> {
    /// Not requested (e.g. in store mode there is nothing to check).
    NotFetched,
    /// The request failed or its answer was invalid; the text says why.
    Failed(String),
    /// The validated answer.
    Got(T),
}

impl<T> Fetch<T> {
    /// The value, when got.
    pub fn got(&self) -> Option<&T> {
        match self {
            Self::Got(value) => Some(value),
            _ => None,
        }
    }
}

impl<T, E: fmt::Display> From<Result<T, E>> for Fetch<T> {
    fn from(result: Result<T, E>) -> Self {
        match result {
            Ok(value) => Self::Got(value),
            Err(error) => Self::Failed(error.to_string()),
        }
    }
}

/// Everything the decision depends on.
#[derive(Clone, Copy, Debug)]
pub struct LoginInputs<'a> {
    /// Where the WebPOS was loaded from.
    pub origin: LoadOrigin,
    /// Central's modules.
    pub central: &'a Fetch<ModuleSet>,
    /// The terminal's store server's modules.
    pub store: &'a Fetch<ModuleSet>,
    /// The store's count of data batches pending sync to central.
    pub pending: &'a Fetch<u64>,
    /// The ignore-version-check preference, as resolved.
    pub preference: &'a PreferenceFinding,
    /// The preference's property name, for the diagnostics.
    pub property: &'a str,
}

/// Proceed with the login, or block it (`proceed`, `block` in the verdict).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The cashier carries on.
    Proceed,
    /// Show the message, log out, offer store mode.
    Block,
}

/// Which row of the decision table decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Row 1: loaded from the store-mode URL.
    StoreMode,
    /// Row 2: ignore-version-check honoured and `Y`.
    SkippedByPreference,
    /// Row 3: version information unavailable.
    VersionUnknown,
    /// Row 4: Same as Central.
    SameVersion,
    /// Row 5: Different from Central, nothing pending.
    DifferentNothingPending,
    /// Row 6: Different from Central, batches pending.
    DifferentWithPending,
    /// Row 7: Different from Central, pending count missing or invalid.
    DifferentPendingUnknown,
}

impl Rule {
    /// Every row, in the table's order.
    pub const ALL: [Rule; 7] = [
        Self::StoreMode,
        Self::SkippedByPreference,
        Self::VersionUnknown,
        Self::SameVersion,
        Self::DifferentNothingPending,
        Self::DifferentWithPending,
        Self::DifferentPendingUnknown,
    ];

    /// The row's number in docs/RULES.md's table.
    pub fn row(self) -> u8 {
        self as u8 + 1
    }

    /// The outcome the row prescribes.
    pub fn outcome(self) -> Outcome {
        match self {
            Self::DifferentWithPending | Self::DifferentPendingUnknown => Outcome::Block,
            _ => Outcome::Proceed,
        }
    }
}

/// Everything the guard decided, for the host WebPOS and its logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Proceed or block.
    pub outcome: Outcome,
    /// The decision-table row that decided.
    pub rule: Rule,
    /// The version status when it could be computed or was unknown; `None` when the versions
    /// were not fetched (store mode or a skipped check).
    pub status: Option<VersionStatus>,
    /// Central's server version, when known.
    pub central_version: Option<ServerVersion>,
    /// The store's server version, when known.
    pub store_version: Option<ServerVersion>,
    /// The store's pending batches, when known.
    pub pending: Option<u64>,
    /// The module comparison, when both sides are known.
    pub comparison: Option<Comparison>,
    /// One sentence saying why.
    pub reason: String,
    /// Further notes for an admin (the preference's state, a missing pending count, ...).
    pub diagnostics: Vec<String>,
}

/// Why the version status is unknown, from the failed (or missing) inputs.
fn unknown_error(central: &Fetch<ModuleSet>, store: &Fetch<ModuleSet>) -> Option<String> {
    let describe = |who: &str, fetch: &Fetch<ModuleSet>| match fetch {
        Fetch::Got(_) => None,
        Fetch::Failed(error) => Some(format!("{who} version information unavailable: {error}")),
        Fetch::NotFetched => Some(format!("{who} version information was not fetched")),
    };
    let errors: Vec<String> =
        [describe("central", central), describe("store", store)].into_iter().flatten().collect();
    (!errors.is_empty()).then(|| joined(&errors, "; "))
}

/// How the reasons of rows 5 to 7 begin.
const DIFFERENT: &str = "Central and the store server are on different versions (";

/// The decision table itself (first matching row wins), for a page loaded from `origin`, the
/// preference as resolved, the version status (`None`, or `Unknown`, when it could not be
/// computed) and the pending count (`None` when unknown). The guard's [`decide`] and the
/// overview's "blocks logins now" both read it.
pub fn table_rule(
    origin: LoadOrigin,
    preference: &PreferenceFinding,
    status: Option<&VersionStatus>,
    pending: Option<u64>,
) -> Rule {
    if origin == LoadOrigin::StoreMode {
        Rule::StoreMode
    } else if preference.skips_check() {
        Rule::SkippedByPreference
    } else {
        match status {
            None | Some(VersionStatus::Unknown { .. }) => Rule::VersionUnknown,
            Some(VersionStatus::SameAsCentral) => Rule::SameVersion,
            Some(VersionStatus::DifferentFromCentral) => match pending {
                Some(0) => Rule::DifferentNothingPending,
                Some(_) => Rule::DifferentWithPending,
                None => Rule::DifferentPendingUnknown,
            },
        }
    }
}

/// Decides a login by the decision table (first matching row wins).
pub fn decide(inputs: &LoginInputs<'_>) -> Verdict {
    let comparison = match (inputs.central, inputs.store) {
        (Fetch::Got(central), Fetch::Got(store)) => Some(compare(central, store)),
        _ => None,
    };
    let unknown = unknown_error(inputs.central, inputs.store);
    let pending = inputs.pending.got().copied();

    let rule = table_rule(
        inputs.origin,
        inputs.preference,
        comparison.as_ref().map(|c| &c.status),
        pending,
    );
    // Rows 1 and 2 may run without fetching anything: then there is no status to report.
    // Otherwise a missing comparison is reported as Unknown, with the error (row 3 always is).
    let fetched_nothing =
        *inputs.central == Fetch::NotFetched && *inputs.store == Fetch::NotFetched;
    let status = match (&comparison, &unknown) {
        (Some(c), _) => Some(c.status.clone()),
        (None, _) if fetched_nothing && rule != Rule::VersionUnknown => None,
        (None, error) => Some(VersionStatus::Unknown { error: error.clone().unwrap_or_default() }),
    };

    let newer = comparison.as_ref().and_then(|c| c.newer);
    let reason = match rule {
        Rule::StoreMode => "Loaded from the store-mode URL: no version check is needed.".to_owned(),
        Rule::SkippedByPreference => {
            "The version check was skipped by the ignore-version-check preference.".to_owned()
        }
        Rule::VersionUnknown => format!(
            "Version status Unknown ({}); the login proceeds because central is the store's fail-over.",
            unknown.as_deref().unwrap_or("version information unavailable"),
        ),
        Rule::SameVersion => "Central and the store server are on the same version.".to_owned(),
        Rule::DifferentNothingPending => {
            format!("{DIFFERENT}{}), but no data is pending sync.", newer_text(newer))
        }
        Rule::DifferentWithPending => format!(
            "{DIFFERENT}{}) and the store has {} batch(es) pending sync to central.",
            newer_text(newer),
            pending.unwrap_or(0),
        ),
        Rule::DifferentPendingUnknown => format!(
            "{DIFFERENT}{}) and the store's count of batches pending sync is unknown, so its data may be pending.",
            newer_text(newer),
        ),
    };

    let mut diagnostics = vec![inputs.preference.diagnostic(inputs.property)];
    if let Fetch::Failed(error) = inputs.pending {
        diagnostics.push(format!("Pending-sync count unavailable: {error}"));
    }
    if let Some(c) = &comparison {
        if !c.only_central.is_empty() || !c.only_store.is_empty() {
            diagnostics.push(format!(
                "{} module(s) only on central and {} only on the store were not compared.",
                c.only_central.len(),
                c.only_store.len(),
            ));
        }
    }

    Verdict {
        outcome: rule.outcome(),
        rule,
        status,
        central_version: inputs.central.got().map(ServerVersion::of),
        store_version: inputs.store.got().map(ServerVersion::of),
        pending,
        comparison,
        reason,
        diagnostics,
    }
}

fn newer_text(newer: Option<Side>) -> &'static str {
    match newer {
        Some(Side::Central) => "central is newer",
        Some(Side::Store) => "the store server is newer",
        None => "neither is uniformly newer",
    }
}
