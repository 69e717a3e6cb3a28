//! `ReloadStatus` (central): the seed's Reload Status, "the status of the initial data reload
//! logic", for every store server: SymmetricDS's initial load of the store from central and
//! the table reloads requested for it, as central's SymmetricDS tables hold them (central is
//! the node that sends both, so it is the server that knows). docs/PROTOCOL.md gives the rows
//! each state is read from, across the SymmetricDS versions Openbravo shipped.

use serde::{Deserialize, Serialize};

use super::{check_count, check_field, check_opt_field, WireError};
use crate::base::limits::{MAX_KEY_LEN, MAX_STORES, MAX_TEXT_LEN};

/// The most absent columns or tables an answer lists.
pub const MAX_ABSENT: usize = 64;

/// `ReloadStatus` data (central).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReloadStatusData {
    /// Why SymmetricDS's tables could not be read at all (missing, or not granted to the
    /// agent's role); none when they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    /// What this SymmetricDS lacks of what the states are read from (`table` or
    /// `table.column`, without the table prefix): an older version, whose states are then read
    /// from what it has (docs/PROTOCOL.md).
    #[serde(default)]
    pub absent: Vec<String>,
    /// Each store server of central's definitions that central's SymmetricDS knows as a node.
    #[serde(default)]
    pub nodes: Vec<NodeReload>,
}

/// One store server's initial load and table reloads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeReload {
    /// The store's server key (its SymmetricDS node id).
    pub server_key: String,
    /// Where its data (re)load stands.
    pub state: ReloadState,
    /// Whether that is the store's initial load or a reload of some tables.
    pub load: LoadKind,
    /// When, as central's database holds it (`YYYY-MM-DD HH:MM`, its own time zone): the end
    /// of a load done, the start of a load under way or failed, the request of a reload
    /// requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// A load under way: its batches acknowledged by the store so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batches_loaded: Option<u64>,
    /// A load under way: its batches in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batches: Option<u64>,
    /// The tables requested or loaded, when SymmetricDS says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<u64>,
    /// A failure in SymmetricDS's words (the batch in error), when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Where a store's data (re)load stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReloadState {
    /// No initial load was ever sent to the store.
    NeverLoaded,
    /// A load is requested and not started yet.
    Requested,
    /// A load's batches are being sent and loaded.
    Loading,
    /// The last load was loaded.
    Done,
    /// A batch of the last load is in error.
    Failed,
    /// The last load was cancelled.
    Cancelled,
}

impl ReloadState {
    /// The state as the wire and the overview's codes spell it.
    pub fn code(self) -> &'static str {
        match self {
            Self::NeverLoaded => "neverLoaded",
            Self::Requested => "requested",
            Self::Loading => "loading",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Which load a [`NodeReload`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LoadKind {
    /// The store's initial load (all its data from central).
    Initial,
    /// A reload of some tables ("Reload Remote Table").
    Tables,
}

impl ReloadStatusData {
    /// Checks counts and lengths.
    pub fn validate(self) -> Result<Self, WireError> {
        check_count("nodes", self.nodes.len(), MAX_STORES)?;
        check_count("absent columns", self.absent.len(), MAX_ABSENT)?;
        check_opt_field("unreadable", &self.unreadable, MAX_TEXT_LEN)?;
        for absent in &self.absent {
            check_field("absent", absent, MAX_KEY_LEN)?;
        }
        for node in &self.nodes {
            check_field("serverKey", &node.server_key, MAX_KEY_LEN)?;
            check_opt_field("at", &node.at, MAX_KEY_LEN)?;
            check_opt_field("detail", &node.detail, MAX_TEXT_LEN)?;
        }
        Ok(self)
    }
}
