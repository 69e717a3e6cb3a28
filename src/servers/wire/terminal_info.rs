//! `TerminalInfo`: which store server a terminal belongs to, and the hot-fix preference in force
//! for its client.

use serde::{Deserialize, Serialize};

use super::{check_field, check_opt_field, WireError};
use crate::base::limits::{MAX_KEY_LEN, MAX_TEXT_LEN};

/// `TerminalInfo` service data: which store server a terminal belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminalInfoData {
    /// The terminal's search key (the `terminal` URL parameter).
    pub terminal: String,
    /// Its name.
    pub name: String,
    /// The key of its store server in central's definitions; `None` when it has none.
    #[serde(default)]
    pub store_server: Option<String>,
    /// The hot-fix preference in force for the terminal's client, when the request named a
    /// `property`: what the till needs before login, without a session. Absent from a central
    /// that does not tell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_preference: Option<ClientPreferenceData>,
}

/// The ignore-version-check preference as the hot-fix rule reads it for a client: the value of
/// the record set in that client without filtering fields, by Openbravo's precedence among
/// such records (docs/PROTOCOL.md, "Terminal's store server").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientPreferenceData {
    /// The property asked for.
    pub property: String,
    /// `Y` (the check is skipped) or `N`; `None` when no such record is in force.
    #[serde(default)]
    pub value: Option<String>,
    /// The winning record's id, when one is in force.
    #[serde(default)]
    pub record: Option<String>,
}

impl TerminalInfoData {
    /// Checks lengths. A client preference's value other than `Y` or `N` is kept as it is: it
    /// costs only the preference (the check does not honour it and says why), never the
    /// terminal's store server.
    pub fn validate(self) -> Result<Self, WireError> {
        check_field("terminal", &self.terminal, MAX_KEY_LEN)?;
        check_field("terminal name", &self.name, MAX_TEXT_LEN)?;
        check_opt_field("storeServer", &self.store_server, MAX_KEY_LEN)?;
        if let Some(preference) = &self.client_preference {
            check_field("clientPreference.property", &preference.property, MAX_KEY_LEN)?;
            check_opt_field("clientPreference.record", &preference.record, MAX_KEY_LEN)?;
            check_opt_field("clientPreference.value", &preference.value, MAX_TEXT_LEN)?;
        }
        Ok(self)
    }
}
