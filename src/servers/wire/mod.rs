//! What the servers send: serde types for the JSON services (shared with the simulator, so
//! client and server cannot drift) and their validation into the core's types.
//!
//! Every service answers in Openbravo's envelope:
//! `{"response": {"status": 0, "data": ...}}`, or on error
//! `{"response": {"status": -1, "error": {"message": "..."}}}`.
//! Field names are camelCase on the wire. docs/PROTOCOL.md describes each service.
//!
//! One file a service, as its answer's data and the validation into the core's types; this
//! file holds the envelope, the failure every service shares and the checks they use.

pub mod kept;
mod preferences;
mod reload_status;
mod server_definitions;
mod session_info;
mod store_status;
mod terminal_info;
mod version_check_preferences;
mod version_information;

pub use preferences::{
    check_preferences, PreferenceContext, PreferenceRecord, PreferencesData, WireContext,
    WirePreference,
};
pub use reload_status::{LoadKind, NodeReload, ReloadState, ReloadStatusData, MAX_ABSENT};
pub use server_definitions::{ServerDefinition, ServerDefinitionsData, ServerStatus, ServerType};
pub use session_info::SessionInfoData;
pub use store_status::{PendingCount, StoreStatus, StoreStatusData};
pub use terminal_info::{ClientPreferenceData, TerminalInfoData};
pub use version_check_preferences::{ServerPreference, VersionCheckPreferencesData};
pub use version_information::{VersionInfo, VersionInfoData, WireModule};

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::base::limits::{MAX_BODY_BYTES, MAX_ERROR_MESSAGE_LEN};
use crate::base::text::{check_len, truncate_with_ellipsis};

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
    #[serde(default = "absent", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    /// The error, on failure.
    #[serde(default = "absent", skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// An absent field of the envelope (a function, so that serde asks nothing of `T`).
fn absent<T>() -> Option<T> {
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

/// Checks a text field's length.
fn check_field(what: &str, text: &str, limit: usize) -> Result<(), WireError> {
    check_len(text, limit)
        .map_err(|len| WireError::Invalid(format!("{what} is {len} bytes long (limit {limit})")))
}

/// Checks an optional text field's length.
fn check_opt_field(what: &str, text: &Option<String>, limit: usize) -> Result<(), WireError> {
    text.as_deref().map_or(Ok(()), |t| check_field(what, t, limit))
}

/// Checks a list's length.
fn check_count(what: &str, count: usize, limit: usize) -> Result<(), WireError> {
    if count > limit {
        return Err(WireError::Invalid(format!("{count} {what} listed (limit {limit})")));
    }
    Ok(())
}
