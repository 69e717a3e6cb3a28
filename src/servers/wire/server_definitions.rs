//! `ServerDefinitions`: every server central knows (mobile core's server definitions).

use serde::{Deserialize, Serialize};

use super::{check_count, check_field, check_opt_field, WireError};
use crate::base::limits::{MAX_KEY_LEN, MAX_SERVERS, MAX_TEXT_LEN, MAX_URL_LEN};

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
        let keys: Vec<&str> = self.servers.iter().map(|s| s.key.as_str()).collect();
        let keys = crate::base::sort::sorted_by(keys, &|a, b| a.cmp(b));
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
