//! Parsing response bodies from JSON text: the one parser path of the guard in the browser,
//! the collector, the simulator's tests and the fuzzer, through the crate's own reader
//! (`base::json`, which reads what serde_json reads).
//!
//! One function per service: size check, JSON into the envelope, the envelope's status, then
//! the data's own validation. Every failure is a [`WireError`] with text for an admin.

use serde::de::DeserializeOwned;

use crate::base::json;
use crate::servers::wire::{
    check_body_size, kept, looks_like_html, Envelope, PreferenceContext, PreferenceRecord,
    PreferencesData, ReloadStatusData, Response, ServerDefinition, ServerDefinitionsData,
    StoreStatus, StoreStatusData, TerminalInfoData, VersionCheckPreferencesData, VersionInfo,
    VersionInfoData, WireError,
};

/// Parses a body as Openbravo's envelope around `T` and returns the data. Errors say what is
/// wrong and where (`invalid type: integer `7`, expected a string at line 1 column 36`).
///
/// The envelope is read once for every service ([`kept::Envelope`]), then its data as `T` where
/// it stands: the same value, and the same first error, as one reading of `Envelope<T>`.
pub fn parse_envelope<T: DeserializeOwned>(body: &[u8]) -> Result<T, WireError> {
    let (text, envelope) = read_envelope(body)?;
    let data = envelope.kept.map(|kept| json::from_str_at::<T>(text, kept));
    let envelope = match (envelope.value, data) {
        (Ok(envelope), data) => data.transpose().map(|data| (envelope, data)),
        (Err(first), Some(Err(data))) => Err(data.first(first)),
        (Err(first), _) => Err(first),
    };
    let (kept::Envelope { response }, data) = envelope.map_err(|e| not_json(body, e))?;
    let kept::Response { status, error, .. } = response;
    Envelope { response: Response { status, data, error } }.into_data()
}

/// The body's size and text, and its envelope as read for every service.
#[inline(never)]
fn read_envelope(body: &[u8]) -> Result<(&str, json::Read<kept::Envelope>), WireError> {
    check_body_size(body.len())?;
    let text = std::str::from_utf8(body)
        .map_err(|e| WireError::NotJson(format!("not UTF-8 text (at byte {})", e.valid_up_to())))?;
    Ok((text, json::from_str_keeping(text)))
}

/// A body that is not the JSON asked for: an HTML page, or the reader's words.
#[inline(never)]
fn not_json(body: &[u8], e: json::Error) -> WireError {
    if looks_like_html(body) {
        WireError::Html
    } else {
        WireError::NotJson(e.to_string())
    }
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

/// Parses and validates a `ReloadStatus` answer.
pub fn parse_reload_status(body: &[u8]) -> Result<ReloadStatusData, WireError> {
    parse_envelope::<ReloadStatusData>(body)?.validate()
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
