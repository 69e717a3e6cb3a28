//! Parsing response bodies from JSON text: the one parser path of the guard in the browser,
//! the collector, the simulator's tests and the fuzzer, through the crate's own reader
//! (`base::json`, which reads what serde_json reads).
//!
//! One function per service: size check, JSON into the envelope, the envelope's status, then
//! the data's own validation. Every failure is a [`WireError`] with text for an admin.

use serde::de::DeserializeOwned;

use crate::servers::wire::{
    check_body_size, looks_like_html, Envelope, PreferenceContext, PreferenceRecord,
    PreferencesData, ServerDefinition, ServerDefinitionsData, StoreStatus, StoreStatusData,
    TerminalInfoData, VersionCheckPreferencesData, VersionInfo, VersionInfoData, WireError,
};

/// Parses a body as Openbravo's envelope around `T` and returns the data. Errors say what is
/// wrong and where (`invalid type: integer `7`, expected a string at line 1 column 36`).
pub fn parse_envelope<T: DeserializeOwned>(body: &[u8]) -> Result<T, WireError> {
    check_body_size(body.len())?;
    let text = std::str::from_utf8(body)
        .map_err(|e| WireError::NotJson(format!("not UTF-8 text (at byte {})", e.valid_up_to())))?;
    let envelope: Envelope<T> = crate::base::json::from_str(text).map_err(|e| {
        if looks_like_html(body) {
            WireError::Html
        } else {
            WireError::NotJson(e.to_string())
        }
    })?;
    envelope.into_data()
}

/// Parses and validates a `VersionInformation` answer.
pub fn parse_version_info(body: &[u8]) -> Result<VersionInfo, WireError> {
    parse_envelope::<VersionInfoData>(body)?.validate()
}

/// Parses and validates a `StoreStatus` answer.
pub fn parse_store_status(body: &[u8]) -> Result<StoreStatus, WireError> {
    parse_envelope::<StoreStatusData>(body)?.validate()
}

/// Parses and validates a `ServerDefinitions` answer.
pub fn parse_server_definitions(body: &[u8]) -> Result<Vec<ServerDefinition>, WireError> {
    parse_envelope::<ServerDefinitionsData>(body)?.validate()
}

/// Parses and validates a `ServerDefinitions` answer: the servers, and the key of the one that
/// answered (where a page it served runs), when it says.
pub fn parse_server_definitions_current(
    body: &[u8],
) -> Result<(Vec<ServerDefinition>, Option<String>), WireError> {
    parse_envelope::<ServerDefinitionsData>(body)?.validate_all()
}

/// Parses and validates a `VersionCheckPreferences` answer.
pub fn parse_version_check_preferences(
    body: &[u8],
) -> Result<VersionCheckPreferencesData, WireError> {
    parse_envelope::<VersionCheckPreferencesData>(body)?.validate()
}

/// Parses and validates a `TerminalInfo` answer.
pub fn parse_terminal_info(body: &[u8]) -> Result<TerminalInfoData, WireError> {
    parse_envelope::<TerminalInfoData>(body)?.validate()
}

/// Parses and validates a `Preferences` answer.
pub fn parse_preferences(
    body: &[u8],
) -> Result<(PreferenceContext, Vec<PreferenceRecord>), WireError> {
    parse_envelope::<PreferencesData>(body)?.validate()
}
