//! What the servers send: serde types for the JSON services (shared with the simulator, so
//! client and server cannot drift) and their validation into the core's types.
//!
//! Every service answers in Openbravo's envelope:
//! `{"response": {"status": 0, "data": ...}}`, or on error
//! `{"response": {"status": -1, "error": {"message": "..."}}}`.
//! Field names are camelCase on the wire. docs/PROTOCOL.md describes each service.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::base::json::RAW_NUMBER;
use crate::base::limits::{
    MAX_BODY_BYTES, MAX_ERROR_MESSAGE_LEN, MAX_KEY_LEN, MAX_ORG_CHAIN, MAX_PENDING_BATCHES,
    MAX_PREFERENCE_RECORDS, MAX_SERVERS, MAX_TEXT_LEN, MAX_URL_LEN,
};
use crate::base::text::{check_len, quoted, truncate_with_ellipsis};
use crate::servers::protocol::YesNo;
use crate::versions::module::{ModuleSet, RawModule};

/// Openbravo's response envelope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The one field of the envelope.
    pub response: Response<T>,
}

/// The inside of the envelope: status 0 with data, or a negative status with an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response<T> {
    /// 0 for success, negative for an error.
    pub status: i32,
    /// The payload, on success.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    /// The error, on failure.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

fn none<T>() -> Option<T> {
    None
}

/// An error answer's body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong, in the server's words.
    pub message: String,
}

impl<T> Envelope<T> {
    /// A success envelope around `data`.
    pub fn ok(data: T) -> Self {
        Self { response: Response { status: 0, data: Some(data), error: None } }
    }

    /// An error envelope with `message`.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            response: Response {
                status: -1,
                data: None,
                error: Some(ErrorBody { message: message.into() }),
            },
        }
    }

    /// The data of a success envelope, or the error it carries.
    pub fn into_data(self) -> Result<T, WireError> {
        let Response { status, data, error } = self.response;
        if status != 0 {
            let message = error.map(|e| e.message).unwrap_or_default();
            return Err(WireError::Server {
                status,
                message: truncate_with_ellipsis(&message, MAX_ERROR_MESSAGE_LEN),
            });
        }
        data.ok_or(WireError::MissingData)
    }
}

/// Why a response cannot be used. The text is meant for an admin: it says what arrived.
/// Kept as JSON (`kind`, `detail`) inside a request's failure (the `failure` module beside
/// this one wraps it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "camelCase")]
pub enum WireError {
    /// The body is larger than [`MAX_BODY_BYTES`].
    TooLarge {
        /// Bytes received (at least; reading may have stopped at the limit).
        len: usize,
    },
    /// The body is empty.
    Empty,
    /// The body is HTML (typically a login page or a proxy's error page), not JSON.
    Html,
    /// The body is not the expected JSON; the text says where and what.
    NotJson(String),
    /// The server answered with an error envelope.
    Server {
        /// The envelope's status.
        status: i32,
        /// The server's message (truncated to [`MAX_ERROR_MESSAGE_LEN`]).
        message: String,
    },
    /// A success envelope without data.
    MissingData,
    /// The data breaks a rule or limit; the text says which.
    Invalid(String),
    /// A store's status says it cannot count its pending batches; its words (truncated to
    /// [`MAX_ERROR_MESSAGE_LEN`]).
    PendingUncounted(String),
    /// A store's status gives neither its pending count nor why.
    PendingMissing,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { len } => {
                write!(f, "response too large: {len} bytes or more (limit {MAX_BODY_BYTES})")
            }
            Self::Empty => f.write_str("empty response"),
            Self::Html => f.write_str("the server answered with an HTML page instead of JSON (a login page or a proxy error?)"),
            Self::NotJson(detail) => {
                write!(f, "response is not valid JSON of the expected shape: {detail}")
            }
            Self::Server { status, message } if message.is_empty() => {
                write!(f, "server error (status {status}) without a message")
            }
            Self::Server { status, message } => write!(f, "server error (status {status}): {message}"),
            Self::MissingData => f.write_str("success response without data"),
            Self::Invalid(detail) => write!(f, "invalid response: {detail}"),
            Self::PendingUncounted(error) => {
                write!(f, "the store cannot count its pending batches: {error}")
            }
            Self::PendingMissing => f.write_str("the store did not give its pending count"),
        }
    }
}

impl std::error::Error for WireError {}

/// Checks a body's size before it is parsed.
pub fn check_body_size(len: usize) -> Result<(), WireError> {
    match len {
        0 => Err(WireError::Empty),
        len if len > MAX_BODY_BYTES => Err(WireError::TooLarge { len }),
        _ => Ok(()),
    }
}

/// Whether a body that failed to parse as JSON looks like HTML.
pub fn looks_like_html(body: &[u8]) -> bool {
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    body[start..].first() == Some(&b'<')
}

fn check_field(what: &str, text: &str, limit: usize) -> Result<(), WireError> {
    check_len(text, limit)
        .map_err(|len| WireError::Invalid(format!("{what} is {len} bytes long (limit {limit})")))
}

fn check_opt_field(what: &str, text: &Option<String>, limit: usize) -> Result<(), WireError> {
    text.as_deref().map_or(Ok(()), |t| check_field(what, t, limit))
}

fn check_count(what: &str, count: usize, limit: usize) -> Result<(), WireError> {
    if count > limit {
        return Err(WireError::Invalid(format!("{count} {what} listed (limit {limit})")));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Version information

/// One installed module on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireModule {
    /// The module id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its java package.
    pub java_package: String,
    /// Its version text.
    pub version: String,
}

/// `VersionInformation` service data: a server's modules and its computed version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfoData {
    /// The answering server's key.
    pub server_key: String,
    /// The server version as the server computed it (informative: the guard recomputes it).
    pub server_version: String,
    /// Status of the initial data reload, e.g. `DONE`.
    #[serde(default)]
    pub reload_status: Option<String>,
    /// When the information was computed (ISO 8601).
    #[serde(default)]
    pub computed_at: Option<String>,
    /// Every installed module.
    pub modules: Vec<WireModule>,
}

/// Validated version information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    /// The answering server's key.
    pub server_key: String,
    /// Reload status, as sent.
    pub reload_status: Option<String>,
    /// When it was computed, as sent.
    pub computed_at: Option<String>,
    /// The installed modules.
    pub modules: ModuleSet,
}

impl VersionInfoData {
    /// Checks the limits and parses every version.
    pub fn validate(self) -> Result<VersionInfo, WireError> {
        check_field("serverKey", &self.server_key, MAX_KEY_LEN)?;
        check_field("serverVersion", &self.server_version, MAX_TEXT_LEN)?;
        check_opt_field("reloadStatus", &self.reload_status, MAX_TEXT_LEN)?;
        check_opt_field("computedAt", &self.computed_at, MAX_TEXT_LEN)?;
        let modules = ModuleSet::parse(self.modules.iter().map(|m| RawModule {
            id: &m.id,
            name: &m.name,
            java_package: &m.java_package,
            version: &m.version,
        }))
        .map_err(|e| WireError::Invalid(e.to_string()))?;
        Ok(VersionInfo {
            server_key: self.server_key,
            reload_status: self.reload_status,
            computed_at: self.computed_at,
            modules,
        })
    }
}

/// A count of batches pending sync, checked against [`MAX_PENDING_BATCHES`].
fn pending_count(pending_batches: u64) -> Result<u64, WireError> {
    if pending_batches > MAX_PENDING_BATCHES {
        let why = format!("pendingBatches {pending_batches} is above {MAX_PENDING_BATCHES}");
        return Err(WireError::Invalid(why));
    }
    Ok(pending_batches)
}

// ---------------------------------------------------------------------------------------------
// Store status

/// `StoreStatus` service data: what the overview and the login guard need of a store server,
/// in one answer: its version information (with its reload status), its count of batches
/// pending sync, and its server status as it knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreStatusData {
    /// The answering store's key.
    pub server_key: String,
    /// Its server status as the store knows it (`ON`, `OFF`, `TON`, `TOFF`).
    pub server_status: ServerStatus,
    /// Its version information, as the `VersionInformation` service answers it.
    pub version_information: VersionInfoData,
    /// Batches pending sync to central; absent or `null` when the store cannot count them
    /// (then `pendingError` says why). Read on its own, so that a bad count leaves the
    /// versions usable (decision row 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_batches: Option<PendingCount>,
    /// Why the store could not count its pending batches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_error: Option<String>,
}

/// The `pendingBatches` field of a store status as sent: a count, or any other JSON value
/// (described for the error), so that a bad count never spoils the rest of the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingCount {
    /// A non-negative integer.
    Count(u64),
    /// Anything else, as it reads in the JSON (`"3"`, `-1`, `1.5`, `an array`).
    Invalid(String),
}

impl From<u64> for PendingCount {
    fn from(count: u64) -> Self {
        Self::Count(count)
    }
}

impl Serialize for PendingCount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Count(n) => serializer.serialize_u64(*n),
            Self::Invalid(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for PendingCount {
    /// Through the crate's reader a number arrives as its text (`base::json::RAW_NUMBER`), so
    /// that a bad one is shown as the server wrote it; other readers give it as a number.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> serde::de::Visitor<'de> for Any {
            type Value = PendingCount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_newtype_struct<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<PendingCount, D::Error> {
                deserializer.deserialize_any(self)
            }
            fn visit_bytes<E>(self, number: &[u8]) -> Result<PendingCount, E> {
                let text = String::from_utf8_lossy(number);
                Ok(match text.parse::<u64>() {
                    Ok(n) => PendingCount::Count(n),
                    Err(_) => PendingCount::Invalid(text.into_owned()),
                })
            }
            fn visit_u64<E>(self, n: u64) -> Result<PendingCount, E> {
                Ok(PendingCount::Count(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<PendingCount, E> {
                Ok(PendingCount::Invalid(n.to_string()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<PendingCount, E> {
                // Only a reader other than the crate's gives a float here.
                Ok(PendingCount::Invalid("a number with a fraction or an exponent".into()))
            }
            fn visit_bool<E>(self, b: bool) -> Result<PendingCount, E> {
                Ok(PendingCount::Invalid(b.to_string()))
            }
            fn visit_str<E>(self, text: &str) -> Result<PendingCount, E> {
                Ok(PendingCount::Invalid(quoted(&truncate_with_ellipsis(text, 64))))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PendingCount, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(PendingCount::Invalid("an array".into()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<PendingCount, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(PendingCount::Invalid("an object".into()))
            }
        }
        deserializer.deserialize_newtype_struct(RAW_NUMBER, Any)
    }
}

/// A validated store status: the versions, and the pending count or why it is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreStatus {
    /// Its server status as the store knows it.
    pub server_status: ServerStatus,
    /// Its version information.
    pub info: VersionInfo,
    /// Its pending count, or why it is unknown.
    pub pending: Result<u64, WireError>,
}

impl StoreStatus {
    /// A store status answer as its two facts, the versions and the pending count; a failed
    /// answer fails both, with the same failure (`E`: the caller's failure type, the one of
    /// the `failure` module beside this one).
    pub fn split<E: From<WireError> + Clone>(
        answer: Result<StoreStatus, E>,
    ) -> (Result<VersionInfo, E>, Result<u64, E>) {
        match answer {
            Ok(status) => (Ok(status.info), status.pending.map_err(E::from)),
            Err(error) => (Err(error.clone()), Err(error)),
        }
    }
}

impl StoreStatusData {
    /// Checks the limits and the versions; the pending count is checked on its own.
    pub fn validate(self) -> Result<StoreStatus, WireError> {
        check_field("serverKey", &self.server_key, MAX_KEY_LEN)?;
        let info = self.version_information.validate()?;
        let pending = match (self.pending_batches, self.pending_error) {
            (Some(PendingCount::Count(n)), _) => pending_count(n),
            (Some(PendingCount::Invalid(text)), _) => Err(WireError::Invalid(format!(
                "pendingBatches {text} is not a non-negative integer"
            ))),
            (None, Some(error)) => Err(WireError::PendingUncounted(truncate_with_ellipsis(
                &error,
                MAX_ERROR_MESSAGE_LEN,
            ))),
            (None, None) => Err(WireError::PendingMissing),
        };
        Ok(StoreStatus { server_status: self.server_status, info, pending })
    }
}

// ---------------------------------------------------------------------------------------------
// Server definitions

/// A server's type in central's definitions.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerType {
    /// The central server.
    #[serde(rename = "MAIN")]
    Main,
    /// A store server.
    #[serde(rename = "STORE")]
    Store,
}

/// A server's status, as Openbravo's multi-server ping reports it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerStatus {
    /// Online.
    #[serde(rename = "ON")]
    Online,
    /// Offline (including a server that cannot answer a status request).
    #[serde(rename = "OFF")]
    Offline,
    /// Transition to online.
    #[serde(rename = "TON")]
    TransitionToOnline,
    /// Transition to offline.
    #[serde(rename = "TOFF")]
    TransitionToOffline,
}

impl ServerType {
    /// Every type.
    pub const ALL: [ServerType; 2] = [Self::Main, Self::Store];

    /// Its code on the wire: `MAIN` or `STORE`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Main => "MAIN",
            Self::Store => "STORE",
        }
    }

    /// The type with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

impl ServerStatus {
    /// Every status.
    pub const ALL: [ServerStatus; 4] =
        [Self::Online, Self::Offline, Self::TransitionToOnline, Self::TransitionToOffline];

    /// Its code on the wire: `ON`, `OFF`, `TON` or `TOFF`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Online => "ON",
            Self::Offline => "OFF",
            Self::TransitionToOnline => "TON",
            Self::TransitionToOffline => "TOFF",
        }
    }

    /// The status with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

fn default_priority() -> i32 {
    10
}

/// One server definition on central.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerDefinition {
    /// The server key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// MAIN or STORE.
    #[serde(rename = "type")]
    pub server_type: ServerType,
    /// Its base URL, e.g. `http://store1.example:8080/openbravo`.
    pub url: String,
    /// ON, OFF, TON or TOFF.
    pub status: ServerStatus,
    /// Priority (default 10).
    #[serde(default = "default_priority")]
    pub priority: i32,
    /// Domains allowed to call it.
    #[serde(default)]
    pub allowed_domains: Vec<String>,
}

/// `ServerDefinitions` service data: every server central knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerDefinitionsData {
    /// The servers.
    pub servers: Vec<ServerDefinition>,
    /// The key of the definition that is the answering server itself (its `ISCURRENT` row):
    /// where a page served by it runs, as the server says, whatever name the page was opened
    /// by. Absent from a server that does not tell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_server: Option<String>,
}

impl ServerDefinitionsData {
    /// Checks counts, lengths and unique keys; the servers.
    pub fn validate(self) -> Result<Vec<ServerDefinition>, WireError> {
        self.validate_all().map(|(servers, _)| servers)
    }

    /// Checks counts, lengths, unique keys and that the current server, when named, is one of
    /// the servers; the servers and the current server's key.
    pub fn validate_all(self) -> Result<(Vec<ServerDefinition>, Option<String>), WireError> {
        check_count("servers", self.servers.len(), MAX_SERVERS)?;
        check_opt_field("currentServer", &self.current_server, MAX_KEY_LEN)?;
        for s in &self.servers {
            check_field("server key", &s.key, MAX_KEY_LEN)?;
            check_field("server name", &s.name, MAX_TEXT_LEN)?;
            check_opt_field("server description", &s.description, MAX_TEXT_LEN)?;
            check_field("server url", &s.url, MAX_URL_LEN)?;
            check_count("allowed domains", s.allowed_domains.len(), MAX_SERVERS)?;
            for domain in &s.allowed_domains {
                check_field("allowed domain", domain, MAX_URL_LEN)?;
            }
            if s.key.is_empty() {
                return Err(WireError::Invalid("a server has an empty key".into()));
            }
        }
        let mut keys: Vec<&str> = self.servers.iter().map(|s| s.key.as_str()).collect();
        keys.sort_unstable();
        if let Some(pair) = keys.windows(2).find(|w| w[0] == w[1]) {
            return Err(WireError::Invalid(format!("server key {} is listed twice", pair[0])));
        }
        if let Some(current) = &self.current_server {
            if !self.servers.iter().any(|s| s.key == *current) {
                return Err(WireError::Invalid(format!(
                    "currentServer {} is not one of the servers",
                    crate::base::text::quoted(current)
                )));
            }
        }
        Ok((self.servers, self.current_server))
    }
}

// ---------------------------------------------------------------------------------------------
// Terminal information

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

// ---------------------------------------------------------------------------------------------
// Preference records

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
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
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

// ---------------------------------------------------------------------------------------------
// Session information

/// `SessionInfo` service data: who the session belongs to, and whether their role administers
/// the client (Openbravo's `AD_Role.IsClientAdmin`): what the overview's collector needs to let
/// a page in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfoData {
    /// The login name.
    pub user: String,
    /// The session's role.
    pub role: String,
    /// Whether that role administers the client.
    pub client_admin: bool,
}
