//! `SessionInfo`: who a session belongs to, for the overview's collector.

use serde::{Deserialize, Serialize};

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
    /// The session's client (`AD_CLIENT_ID`): a till may report only for a terminal of its
    /// own client. Absent from agents before issue #39.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}
