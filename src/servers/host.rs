//! The WebPOS's own server list, as the real host holds it (the login utilities' answer, kept in
//! localStorage `servers` and in `OB.RR.RequestRouter.servers`): `name, address, online,
//! priority, mainServer, currentServer`, with no key, type or status. The guard maps it to
//! server definitions, so that a login with the host's list spends no request on finding the
//! servers: central is the `mainServer` entry, every other entry is a store server of the
//! terminal's organization, and the terminal's store server is the first of those by priority.

use serde::{Deserialize, Serialize};

use crate::limits::MAX_SERVERS;
use crate::wire::{ServerDefinition, ServerDefinitionsData, ServerStatus, ServerType, WireError};

/// One entry of the host's server list.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostServer {
    /// The server's name (Openbravo's server definitions' name; used as its key here).
    pub name: String,
    /// Its base URL.
    pub address: String,
    /// Whether the host currently sees it online.
    #[serde(default = "yes")]
    pub online: bool,
    /// Its priority: lower comes first (Openbravo's default is 10).
    #[serde(default = "default_priority")]
    pub priority: i32,
    /// Whether it is central.
    #[serde(default)]
    pub main_server: bool,
    /// Whether this page was loaded from it.
    #[serde(default)]
    pub current_server: bool,
}

fn yes() -> bool {
    true
}

fn default_priority() -> i32 {
    10
}

/// What the host's list says: central's server definitions, as the guard uses them, and the
/// terminal's store server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostServers {
    /// Every server, central first.
    pub servers: Vec<ServerDefinition>,
    /// The terminal's store server: the first non-main entry by priority (list order among
    /// equal priorities); `None` when the list has no store server.
    pub store_server: Option<String>,
}

/// Maps the host's list. It must name exactly one central (`mainServer`); every entry is checked
/// like a server definition from central (limits, unique names).
pub fn from_host_list(list: Vec<HostServer>) -> Result<HostServers, WireError> {
    if list.len() > MAX_SERVERS {
        return Err(WireError::Invalid(format!(
            "{} servers listed (limit {MAX_SERVERS})",
            list.len()
        )));
    }
    let mains = list.iter().filter(|s| s.main_server).count();
    if mains != 1 {
        return Err(WireError::Invalid(format!(
            "the host's server list has {mains} main servers; exactly one was expected"
        )));
    }
    let mut stores: Vec<&HostServer> = list.iter().filter(|s| !s.main_server).collect();
    stores.sort_by_key(|s| s.priority);
    let store_server = stores.first().map(|s| s.name.clone());
    let definition = |s: &HostServer| ServerDefinition {
        key: s.name.clone(),
        name: s.name.clone(),
        description: None,
        server_type: if s.main_server { ServerType::Main } else { ServerType::Store },
        url: s.address.clone(),
        status: if s.online { ServerStatus::Online } else { ServerStatus::Offline },
        priority: s.priority,
        allowed_domains: Vec::new(),
    };
    let central = list.iter().filter(|s| s.main_server).map(definition);
    let servers = central.chain(stores.iter().map(|s| definition(s))).collect();
    let servers = ServerDefinitionsData { servers }.validate()?;
    Ok(HostServers { servers, store_server })
}
