//! `VersionCheckPreferences` (central): the hot-fix preference in force for each server's client.

use serde::{Deserialize, Serialize};

use super::{check_count, check_field, check_opt_field, WireError};
use crate::base::limits::{MAX_KEY_LEN, MAX_SERVERS};
use crate::servers::protocol::YesNo;

/// `VersionCheckPreferences` data (central): the preference `property` in force for each
/// server's client, as can be said without a session (client-level records only; the core's
/// `in_force_for_client`).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionCheckPreferencesData {
    /// The property asked for.
    pub property: String,
    /// Each server of central's definitions, with its client's value in force.
    pub servers: Vec<ServerPreference>,
}

/// One server's client and the preference in force there.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerPreference {
    /// The server's key.
    pub server: String,
    /// Its client (`AD_CLIENT_ID` of its definition).
    pub client: String,
    /// `Y` (the check is skipped: a hot fix), `N`, or `None` when no record is in force.
    #[serde(default)]
    pub value: Option<String>,
    /// The winning record's id, when one is in force.
    #[serde(default)]
    pub record: Option<String>,
    /// When that record was last updated (`AD_PREFERENCE.UPDATED`, `YYYY-MM-DD HH:MM` as
    /// central's database holds it), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Who last updated it (`UPDATEDBY`'s user name), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
}

impl VersionCheckPreferencesData {
    /// Checks counts and lengths; a value other than `Y`, `N` or none is refused.
    pub fn validate(self) -> Result<Self, WireError> {
        check_field("property", &self.property, MAX_KEY_LEN)?;
        check_count("servers", self.servers.len(), MAX_SERVERS)?;
        for s in &self.servers {
            check_field("server", &s.server, MAX_KEY_LEN)?;
            check_field("client", &s.client, MAX_KEY_LEN)?;
            check_opt_field("record", &s.record, MAX_KEY_LEN)?;
            check_opt_field("updated", &s.updated, MAX_KEY_LEN)?;
            check_opt_field("updatedBy", &s.updated_by, MAX_KEY_LEN)?;
            if s.value.as_deref().is_some_and(|v| YesNo::parse(v).is_none()) {
                return Err(WireError::Invalid(format!(
                    "the preference value of server {:?} is neither Y nor N",
                    s.server
                )));
            }
        }
        Ok(self)
    }
}
