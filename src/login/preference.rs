//! The ignore-version-check preference: Openbravo's preference resolution, then the seed's rule
//! for when it may be honoured.
//!
//! Resolution follows Openbravo's precedence (see `openbravo-notes.md`): among the active
//! records for the property that are visible in the context, the first difference of
//! (specific client, nearer org, user, role, window, `selected`) wins; a tie between different
//! values is a conflict and the preference has no value.
//!
//! The winning record is honoured only when it is set in the user's own client (not system
//! level: neither owned by nor visible at client `0`/empty) and has no user, role, visible-at
//! org or window filter; then `Y` skips the version check and `N` keeps it. Anything else is
//! not honoured, the check runs, and the diagnostic says what an admin must change.

use core::cmp::Ordering;
use core::fmt;

use crate::base::text::joined;
use crate::servers::protocol::YesNo;
use crate::servers::wire::{PreferenceContext, PreferenceRecord};

/// The hot-fix preference's default property, in the module's own namespace (a setting).
pub const DEFAULT_PROPERTY: &str = crate::servers::protocol::PREFERENCE_PROPERTY;

/// Openbravo's system client and root organization id.
pub const SYSTEM_ID: &str = "0";

/// A filtering field that keeps a record from being honoured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Set for one user.
    User,
    /// Set for one role.
    Role,
    /// Set visible at one organization.
    Organization,
    /// Set for one window.
    Window,
}

impl Filter {
    /// The field's label in Openbravo's Preference window.
    pub fn field_label(self) -> &'static str {
        match self {
            Self::User => "User/Contact",
            Self::Role => "Visible at Role",
            Self::Organization => "Visible at Organization",
            Self::Window => "Window",
        }
    }
}

/// Why a winning record is not honoured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Owned by or visible at the system client (`0`) or every client.
    SystemLevel,
    /// Restricted by a filtering field.
    Filtered(Filter),
    /// A value other than `Y` or `N`.
    InvalidValue(String),
}

/// What was found for the preference, and whether it is honoured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreferenceFinding {
    /// No record applies: the check runs.
    NotSet,
    /// Honoured: `skip` is true for `Y` (the check is skipped), false for `N`.
    Honoured {
        /// Whether the check is skipped.
        skip: bool,
        /// The winning record's id; `None` when none is named (the value last seen at a login).
        record_id: Option<String>,
    },
    /// A record wins but breaks the seed's rule: the check runs.
    NotHonoured {
        /// The winning record's id.
        record_id: String,
        /// Every problem with it, in the order an admin should fix them.
        problems: Vec<Problem>,
    },
    /// Records tie with different values: Openbravo gives no value, the check runs.
    Conflict {
        /// The tied records' ids.
        record_ids: Vec<String>,
    },
    /// The records could not be fetched or were invalid: the check runs.
    Unavailable {
        /// What went wrong.
        error: String,
    },
}

/// A [`PreferenceFinding`] without its details: the verdict's `ignoreVersionCheck`.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PreferenceState {
    /// No record applies.
    NotSet,
    /// Honoured, `Y`: the check is skipped.
    HonouredY,
    /// Honoured, `N`: the check runs.
    HonouredN,
    /// A record wins but breaks the seed's rule.
    NotHonoured,
    /// Records tie with different values.
    Conflict,
    /// The records could not be read.
    Unavailable,
}

impl PreferenceFinding {
    /// The finding's state, as the verdict reports it.
    pub fn state(&self) -> PreferenceState {
        match self {
            Self::NotSet => PreferenceState::NotSet,
            Self::Honoured { skip: true, .. } => PreferenceState::HonouredY,
            Self::Honoured { skip: false, .. } => PreferenceState::HonouredN,
            Self::NotHonoured { .. } => PreferenceState::NotHonoured,
            Self::Conflict { .. } => PreferenceState::Conflict,
            Self::Unavailable { .. } => PreferenceState::Unavailable,
        }
    }

    /// Whether the version check is skipped (only an honoured `Y`).
    pub fn skips_check(&self) -> bool {
        matches!(self, Self::Honoured { skip: true, .. })
    }

    /// One sentence for the verdict's diagnostics that tells an admin where things stand and,
    /// when the preference is not honoured, what to change.
    pub fn diagnostic(&self, property: &str) -> String {
        let verdict = |skip: bool| {
            if skip {
                " is Y at client level: the version check is skipped."
            } else {
                " is N at client level: the version check runs."
            }
        };
        match self {
            Self::NotSet => {
                ["Preference ", property, " is not set: the version check runs."].concat()
            }
            Self::Honoured { skip, record_id: None } => [
                "Preference ",
                property,
                if *skip {
                    " is Y: the version check is skipped."
                } else {
                    " is N: the version check runs."
                },
            ]
            .concat(),
            Self::Honoured { skip, record_id: Some(id) } => {
                ["Preference ", property, " (record ", id, ")", verdict(*skip)].concat()
            }
            Self::NotHonoured { record_id, problems } => {
                let fixes: Vec<String> = problems.iter().map(Problem::fix).collect();
                format!(
                    "Preference {property} (record {record_id}) is not honoured, the version check runs. To use it: {}.",
                    joined(&fixes, "; "),
                )
            }
            Self::Conflict { record_ids } => format!(
                "Preference {property} has conflicting records ({}) with the same precedence and different values, so it has no value and the version check runs. Delete or deactivate all but one, or mark one as Selected.",
                joined(record_ids, ", "),
            ),
            Self::Unavailable { error } => {
                format!("Preference {property} could not be read ({error}): the version check runs.")
            }
        }
    }
}

impl Problem {
    /// What an admin must change to fix this problem.
    fn fix(&self) -> String {
        match self {
            Self::SystemLevel => {
                "set it in your own client, not at system level (client/organization 0)".to_owned()
            }
            Self::Filtered(filter) => format!("clear the field {}", filter.field_label()),
            Self::InvalidValue(value) => format!(
                "set the value to Y (skip the check) or N (run it) instead of {}",
                crate::base::text::quoted(value),
            ),
        }
    }
}

/// The diagnostic for the default property.
impl fmt::Display for PreferenceFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic(DEFAULT_PROPERTY))
    }
}

/// A field's value when it is set (neither absent nor empty).
fn set(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|v| !v.is_empty())
}

/// Whether a visible-at client means "system" (absent, empty or `0`).
fn is_system_client(field: &Option<String>) -> bool {
    set(field).is_none_or(|c| c == SYSTEM_ID)
}

/// Whether a filtering field lets `value` through: not set, or set to it.
fn lets_through(field: &Option<String>, value: Option<&str>) -> bool {
    set(field).is_none_or(|f| Some(f) == value)
}

/// Whether `record` is visible in `ctx` by its client, role, user and organization fields.
fn visible_in(record: &PreferenceRecord, ctx: &PreferenceContext) -> bool {
    (is_system_client(&record.visible_at_client)
        || set(&record.visible_at_client) == Some(ctx.client.as_str()))
        && lets_through(&record.visible_at_role, Some(ctx.role.as_str()))
        && lets_through(&record.user, Some(ctx.user.as_str()))
        && set(&record.visible_at_org).is_none_or(|org| ctx.org_chain.iter().any(|o| o == org))
}

/// Whether `record` is a candidate for `property` in `ctx`.
fn is_candidate(record: &PreferenceRecord, property: &str, ctx: &PreferenceContext) -> bool {
    record.active
        && record.property == property
        && visible_in(record, ctx)
        && lets_through(&record.window, ctx.window.as_deref())
}

/// Whether a session in `ctx` may be shown `record` (the session's `PreferenceRecords`): the
/// records Openbravo's own rules give its user, role and organization: owned by its client or
/// by system, visible at its client or at system, at its role or every role, for its user or
/// every user, at an organization of its chain or every one. Inactive records and records for
/// one window are shown too (they are no candidates, and the guard says why they do not count);
/// another user's, another role's, another organization's or another client's are not.
pub fn visible_to_session(record: &PreferenceRecord, ctx: &PreferenceContext) -> bool {
    (record.client == SYSTEM_ID || record.client == ctx.client) && visible_in(record, ctx)
}

/// How near a record's visible-at org is to the context org: `None` when not set, else the
/// position in the chain (0 = the org itself).
fn org_distance(record: &PreferenceRecord, ctx: &PreferenceContext) -> Option<usize> {
    set(&record.visible_at_org).and_then(|org| ctx.org_chain.iter().position(|o| o == org))
}

/// Openbravo's precedence: `Greater` when `a` wins over `b`.
fn precedence(a: &PreferenceRecord, b: &PreferenceRecord, ctx: &PreferenceContext) -> Ordering {
    let specific_client = |r: &PreferenceRecord| !is_system_client(&r.visible_at_client);
    let org = |r: &PreferenceRecord| match org_distance(r, ctx) {
        // A set org beats an empty one; a nearer org (smaller distance) beats a farther one.
        Some(distance) => (1u8, usize::MAX - distance),
        None => (0u8, 0),
    };
    specific_client(a)
        .cmp(&specific_client(b))
        .then_with(|| org(a).cmp(&org(b)))
        .then_with(|| set(&a.user).is_some().cmp(&set(&b.user).is_some()))
        .then_with(|| set(&a.visible_at_role).is_some().cmp(&set(&b.visible_at_role).is_some()))
        .then_with(|| set(&a.window).is_some().cmp(&set(&b.window).is_some()))
        .then_with(|| a.selected.cmp(&b.selected))
}

/// The outcome of Openbravo's resolution alone: the winning record, or a conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// No candidate.
    None,
    /// The winning record (with equal-valued ties, the first of them in input order).
    Winner(&'a PreferenceRecord),
    /// Tied candidates with different values.
    Conflict(Vec<&'a PreferenceRecord>),
}

/// Resolves `property` in `ctx` by Openbravo's precedence.
pub fn resolve<'a>(
    records: &'a [PreferenceRecord],
    property: &str,
    ctx: &PreferenceContext,
) -> Resolution<'a> {
    let mut best: Vec<&PreferenceRecord> = Vec::new();
    for record in records.iter().filter(|r| is_candidate(r, property, ctx)) {
        match best.first().map(|top| precedence(record, top, ctx)) {
            None | Some(Ordering::Equal) => best.push(record),
            Some(Ordering::Greater) => {
                best.clear();
                best.push(record);
            }
            Some(Ordering::Less) => {}
        }
    }
    match best.first() {
        None => Resolution::None,
        Some(first) if best.iter().all(|r| r.value == first.value) => Resolution::Winner(first),
        Some(_) => Resolution::Conflict(best),
    }
}

/// Resolves the ignore-version-check preference and applies the seed's rule.
pub fn evaluate(
    records: &[PreferenceRecord],
    property: &str,
    ctx: &PreferenceContext,
) -> PreferenceFinding {
    let winner = match resolve(records, property, ctx) {
        Resolution::None => return PreferenceFinding::NotSet,
        Resolution::Conflict(tied) => {
            return PreferenceFinding::Conflict {
                record_ids: tied.iter().map(|r| r.id.clone()).collect(),
            }
        }
        Resolution::Winner(winner) => winner,
    };
    let mut problems = Vec::new();
    if winner.client == SYSTEM_ID || is_system_client(&winner.visible_at_client) {
        problems.push(Problem::SystemLevel);
    }
    let filters = [
        (&winner.user, Filter::User),
        (&winner.visible_at_role, Filter::Role),
        (&winner.visible_at_org, Filter::Organization),
        (&winner.window, Filter::Window),
    ];
    problems.extend(
        filters.iter().filter(|(f, _)| set(f).is_some()).map(|(_, k)| Problem::Filtered(*k)),
    );
    let skip = YesNo::parse(&winner.value).map(YesNo::yes);
    if skip.is_none() {
        problems.push(Problem::InvalidValue(winner.value.clone()));
    }
    match skip {
        Some(skip) if problems.is_empty() => {
            PreferenceFinding::Honoured { skip, record_id: Some(winner.id.clone()) }
        }
        _ => PreferenceFinding::NotHonoured { record_id: winner.id.clone(), problems },
    }
}

/// The preference as the hot-fix rule reads it for a whole client, before anyone logs in: what
/// central tells a till about its terminal's client (docs/PROTOCOL.md).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientLevel {
    /// `Some(true)` for `Y`, `Some(false)` for `N`; `None` when no record is in force.
    pub skip: Option<bool>,
    /// The winning record's id.
    pub record_id: Option<String>,
}

/// The value in force for `client` under the hot-fix rule: among the active records of
/// `property` that belong to and are visible at that client (not system level) and have no
/// user, role, organization or window filter, the winner by Openbravo's precedence (`selected`
/// breaks ties; a conflict, or a value other than `Y`/`N`, is no value). A login still resolves
/// the user's own records ([`evaluate`]); this is what can be said without a session.
pub fn in_force_for_client(
    records: &[PreferenceRecord],
    property: &str,
    client: &str,
) -> ClientLevel {
    let client_level: Vec<PreferenceRecord> = records
        .iter()
        .filter(|r| {
            r.client == client
                && set(&r.visible_at_client) == Some(client)
                && [&r.user, &r.visible_at_role, &r.visible_at_org, &r.window]
                    .iter()
                    .all(|f| set(f).is_none())
        })
        .cloned()
        .collect();
    let ctx = PreferenceContext {
        client: client.to_owned(),
        org_chain: vec![SYSTEM_ID.to_owned()],
        ..PreferenceContext::default()
    };
    match evaluate(&client_level, property, &ctx) {
        PreferenceFinding::Honoured { skip, record_id } => {
            ClientLevel { skip: Some(skip), record_id }
        }
        _ => ClientLevel::default(),
    }
}
