//! `Preferences`: the session's context and the preference records for a property, resolved on
//! the till.

use serde::{Deserialize, Serialize};

use super::{check_count, check_field, check_opt_field, WireError};
use crate::base::limits::{MAX_KEY_LEN, MAX_ORG_CHAIN, MAX_PREFERENCE_RECORDS, MAX_TEXT_LEN};

/// A preference record on the wire (camelCase names of `AD_Preference`'s columns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePreference {
    /// Record id.
    pub id: String,
    /// Owner client.
    pub client: String,
    /// Owner organization.
    pub organization: String,
    /// Visible at client.
    #[serde(default)]
    pub visible_at_client: Option<String>,
    /// Visible at organization.
    #[serde(default)]
    pub visible_at_organization: Option<String>,
    /// Visible at role.
    #[serde(default)]
    pub visible_at_role: Option<String>,
    /// User/contact.
    #[serde(default)]
    pub user: Option<String>,
    /// Window.
    #[serde(default)]
    pub window: Option<String>,
    /// Property name.
    pub property: String,
    /// Value.
    pub value: String,
    /// Selected flag.
    #[serde(default)]
    pub selected: bool,
    /// Active flag.
    #[serde(default = "active_when_unsaid")]
    pub active: bool,
}

/// A record whose `active` flag is not sent is active (as `AD_Preference.ISACTIVE` defaults).
fn active_when_unsaid() -> bool {
    true
}

/// The session's context, as the preference service reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireContext {
    /// The user's client.
    pub client: String,
    /// The login organization and its parents, nearest first, up to `0`.
    pub organization_chain: Vec<String>,
    /// The user.
    pub user: String,
    /// The role.
    pub role: String,
}

/// `Preferences` service data: the session's context and the records for the property.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreferencesData {
    /// Who is asking.
    pub context: WireContext,
    /// The records for the requested property (all of them: resolution happens client-side).
    pub records: Vec<WirePreference>,
}

impl PreferencesData {
    /// Builds the core's types and checks their counts and lengths
    /// ([`check_preferences`]).
    pub fn validate(self) -> Result<(PreferenceContext, Vec<PreferenceRecord>), WireError> {
        let ctx = self.context;
        let context = PreferenceContext {
            client: ctx.client,
            org_chain: ctx.organization_chain,
            user: ctx.user,
            role: ctx.role,
            window: None,
        };
        let records = self.records.into_iter().map(PreferenceRecord::from).collect();
        check_preferences(context, records)
    }
}

/// One preference record as stored on central (`AD_Preference`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreferenceRecord {
    /// The record's id, quoted in diagnostics.
    pub id: String,
    /// The client that owns the record (`0` is system).
    pub client: String,
    /// The organization that owns the record.
    pub org: String,
    /// Visible at client; `None`, empty or `0` means system.
    pub visible_at_client: Option<String>,
    /// Visible at organization; `None` or empty means every organization.
    pub visible_at_org: Option<String>,
    /// Visible at role; `None` or empty means every role.
    pub visible_at_role: Option<String>,
    /// The user it is for; `None` or empty means every user.
    pub user: Option<String>,
    /// The window it is for; `None` or empty means every window.
    pub window: Option<String>,
    /// The property name.
    pub property: String,
    /// The stored value (`Y` or `N` for a boolean preference).
    pub value: String,
    /// The `selected` flag that breaks otherwise-equal ties.
    pub selected: bool,
    /// Inactive records are ignored.
    pub active: bool,
}

/// Who is logging in, where: what preference resolution is relative to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreferenceContext {
    /// The user's client.
    pub client: String,
    /// The login organization and its parents, nearest first, up to `0`.
    pub org_chain: Vec<String>,
    /// The user.
    pub user: String,
    /// The login role.
    pub role: String,
    /// The window, when resolving for one (the WebPOS resolves with none).
    pub window: Option<String>,
}

impl From<WirePreference> for PreferenceRecord {
    fn from(r: WirePreference) -> Self {
        Self {
            id: r.id,
            client: r.client,
            org: r.organization,
            visible_at_client: r.visible_at_client,
            visible_at_org: r.visible_at_organization,
            visible_at_role: r.visible_at_role,
            user: r.user,
            window: r.window,
            property: r.property,
            value: r.value,
            selected: r.selected,
            active: r.active,
        }
    }
}

/// Checks a preference answer's counts and lengths, on the core's types (the browser glue reads
/// the answer straight into them).
pub fn check_preferences(
    context: PreferenceContext,
    records: Vec<PreferenceRecord>,
) -> Result<(PreferenceContext, Vec<PreferenceRecord>), WireError> {
    for (what, text) in
        [("client", &context.client), ("user", &context.user), ("role", &context.role)]
    {
        check_field(what, text, MAX_KEY_LEN)?;
    }
    check_count("organizations in the chain", context.org_chain.len(), MAX_ORG_CHAIN)?;
    for org in &context.org_chain {
        check_field("organization", org, MAX_KEY_LEN)?;
    }
    check_count("preference records", records.len(), MAX_PREFERENCE_RECORDS)?;
    for r in &records {
        for (what, text) in [
            ("record id", &r.id),
            ("record client", &r.client),
            ("record organization", &r.org),
            ("property", &r.property),
        ] {
            check_field(what, text, MAX_KEY_LEN)?;
        }
        for (what, text) in [
            ("visibleAtClient", &r.visible_at_client),
            ("visibleAtOrganization", &r.visible_at_org),
            ("visibleAtRole", &r.visible_at_role),
            ("user", &r.user),
            ("window", &r.window),
        ] {
            check_opt_field(what, text, MAX_KEY_LEN)?;
        }
        check_field("value", &r.value, MAX_TEXT_LEN)?;
    }
    Ok((context, records))
}
