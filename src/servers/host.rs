//! The WebPOS's own server list, as the real host holds it: the login utilities' answer, kept
//! raw in localStorage (`WebPOS.servers`) and, at run time, as mobile core's request router's
//! Backbone collection (`OB.RR.RequestRouter.servers`). Each entry is `name, address, online,
//! priority, mainServer, currentServer` (plus services the guard does not use), with no key,
//! type or status. The guard maps it to server definitions, so that a login with the host's
//! list spends no request on finding the servers: central is the `mainServer` entry, every other
//! entry is a store server of the terminal's organization, and the terminal's store server is
//! the first of those by priority. The `currentServer` entry is the server that answered the
//! login, as that server itself says: where the page runs.
//!
//! The raw answer is read the way mobile core's server model reads it (`OB.RR.Server`): the
//! address trimmed, the page's scheme put on an address without one (some releases strip
//! `http://`) and on the current server's, a trailing `/`; at most one current server (the first
//! flagged); an entry without an address is the router's own stand-in (`Default`, added when the
//! page's server is not in the list), not a server.

use serde::{Deserialize, Serialize};

use crate::base::limits::MAX_SERVERS;
use crate::servers::wire::{
    ServerDefinition, ServerDefinitionsData, ServerStatus, ServerType, WireError,
};

/// One entry of the host's server list.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostServer {
    /// The server's name (Openbravo's server definitions' name; used as its key here).
    pub name: String,
    /// Its base URL as the host holds it (a raw answer's may lack the scheme); `null` for the
    /// request router's stand-in for a page whose server is not in the list.
    #[serde(default)]
    pub address: Option<String>,
    /// Whether the host currently sees it online (absent or `null`: online).
    #[serde(default = "online_when_unsaid", deserialize_with = "null_is_yes")]
    pub online: bool,
    /// Its priority: lower comes first (absent or `null`: Openbravo's default, 10; mobile
    /// core's request router leaves it `null` before login with terminal authentication).
    #[serde(default = "default_priority", deserialize_with = "null_is_default_priority")]
    pub priority: i32,
    /// Whether it is central (absent or `null`: no).
    #[serde(default, deserialize_with = "null_is_no")]
    pub main_server: bool,
    /// Whether it is the server that answered the login: the page's own server, as it says
    /// (absent or `null`: no).
    #[serde(default, deserialize_with = "null_is_no")]
    pub current_server: bool,
}

/// A server whose `online` is not said is online, as mobile core's server model starts.
fn online_when_unsaid() -> bool {
    true
}

fn default_priority() -> i32 {
    10
}

fn null_is_yes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}

fn null_is_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

fn null_is_default_priority<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    Ok(Option::<i32>::deserialize(d)?.unwrap_or_else(default_priority))
}

/// What the host's list says: central's server definitions, as the guard uses them, the
/// terminal's store server, and the server the page runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostServers {
    /// Every server, central first, with normalised addresses.
    pub servers: Vec<ServerDefinition>,
    /// The terminal's store server: the first non-main entry by priority (list order among
    /// equal priorities); `None` when the list has no store server.
    pub store_server: Option<String>,
    /// The key of the entry flagged `currentServer` (the first one), when one is.
    pub current_server: Option<String>,
}

/// An address as mobile core's server model normalises it, for a page whose scheme is
/// `page_protocol` (`http:` or `https:`): trimmed; the page's scheme put on an address that has
/// none and on the current server's address (the page reached it over that scheme); a trailing
/// `/`.
pub fn normalise_address(address: &str, page_protocol: &str, current: bool) -> String {
    let address = address.trim();
    let lower = address.to_ascii_lowercase();
    let has_scheme = lower.starts_with("http");
    let mut out = if current || !has_scheme {
        let rest = ["https://", "http://"]
            .iter()
            .find(|scheme| lower.starts_with(*scheme))
            .map_or(address, |scheme| &address[scheme.len()..]);
        format!("{page_protocol}//{rest}")
    } else {
        address.to_owned()
    };
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Maps the host's list, whose addresses are normalised for a page on `page_protocol`. Entries
/// without an address (the router's stand-in) are left out; what remains must name exactly one
/// central (`mainServer`), and every entry is checked like a server definition from central
/// (limits, unique names).
pub fn from_host_list(
    list: Vec<HostServer>,
    page_protocol: &str,
) -> Result<HostServers, WireError> {
    if list.len() > MAX_SERVERS {
        return Err(WireError::Invalid(format!(
            "{} servers listed (limit {MAX_SERVERS})",
            list.len()
        )));
    }
    let mut current = None;
    let mut real = Vec::with_capacity(list.len());
    for mut server in list {
        let Some(address) = server.address.as_deref().filter(|a| !a.trim().is_empty()) else {
            continue;
        };
        // At most one current server: the first flagged, as mobile core keeps it.
        let is_current = server.current_server && current.is_none();
        server.address = Some(normalise_address(address, page_protocol, is_current));
        server.current_server = is_current;
        if is_current {
            current = Some(server.name.clone());
        }
        real.push(server);
    }
    if real.is_empty() {
        return Err(WireError::Invalid(
            "the host's server list names no server with an address".into(),
        ));
    }
    let mains = real.iter().filter(|s| s.main_server).count();
    if mains != 1 {
        return Err(WireError::Invalid(format!(
            "the host's server list has {mains} main servers; exactly one was expected"
        )));
    }
    // By priority, in the list's order where equal (a handful of servers: an insertion sort,
    // which keeps the standard library's stable sort, 3 KB, out of the guard's wasm).
    let mut stores: Vec<&HostServer> = Vec::new();
    for s in real.iter().filter(|s| !s.main_server) {
        let at = stores.partition_point(|t| t.priority <= s.priority);
        stores.insert(at, s);
    }
    let store_server = stores.first().map(|s| s.name.clone());
    let definition = |s: &HostServer| ServerDefinition {
        key: s.name.clone(),
        name: s.name.clone(),
        description: None,
        server_type: if s.main_server { ServerType::Main } else { ServerType::Store },
        url: s.address.clone().unwrap_or_default(),
        status: if s.online { ServerStatus::Online } else { ServerStatus::Offline },
        priority: s.priority,
        allowed_domains: Vec::new(),
    };
    let central = real.iter().filter(|s| s.main_server).map(definition);
    let servers = central.chain(stores.iter().map(|s| definition(s))).collect();
    let servers = ServerDefinitionsData { servers, current_server: None }.validate()?;
    Ok(HostServers { servers, store_server, current_server: current })
}

/// What the diagnostics say of a `hostServers` option that is not a list of servers.
pub const NOT_A_SERVER_LIST: &str = "option hostServers is not a list of servers (name, address, online, priority, mainServer, currentServer); the servers are fetched instead";

/// What the diagnostics say of a `hostServers` option that cannot be used, and `why`.
pub fn host_list_unusable(why: &str) -> String {
    format!("option hostServers cannot be used ({why}); the servers are fetched instead")
}

/// The host's list as the glue read it, one entry at a time: each entry a server, or `None`
/// where it is not one (another shape, a field of another type). An unreadable entry costs
/// that entry, not the list: the rest still names central and the servers, so no request is
/// spent finding them. But it may have been the terminal's store server (the first store by
/// priority), so then the store server is left for central's `TerminalInfo` to tell. The list
/// and what the diagnostics say of it, in an admin's words; or, when the list cannot be used
/// (no entry is a server, no single central, a limit broken), why, in words, the servers then
/// being fetched.
pub fn from_host_entries(
    entries: Vec<Option<HostServer>>,
    page_protocol: &str,
) -> Result<(HostServers, Vec<String>), String> {
    let (mut servers, mut which, mut left_out) =
        (Vec::with_capacity(entries.len()), String::new(), 0);
    for (i, entry) in entries.into_iter().enumerate() {
        match entry {
            Some(server) => servers.push(server),
            None => {
                if left_out > 0 {
                    which.push_str(", ");
                }
                which.push_str(&(i + 1).to_string());
                left_out += 1;
            }
        }
    }
    if servers.is_empty() && left_out > 0 {
        return Err(NOT_A_SERVER_LIST.to_owned());
    }
    let host =
        from_host_list(servers, page_protocol).map_err(|e| host_list_unusable(&e.to_string()))?;
    if left_out == 0 {
        return Ok((host, Vec::new()));
    }
    let (entry, verb) = if left_out == 1 { ("entry", "is") } else { ("entries", "are") };
    let note = format!(
        "option hostServers: {entry} {which} {verb} not a server (name, address, online, priority, mainServer, currentServer) and left out; the terminal's store server is asked of central, since it may have been one of them"
    );
    Ok((HostServers { store_server: None, ..host }, vec![note]))
}

/// The application name mobile core's storage wrapper (`OB.UTIL.localStorage`) puts before
/// every key of the WebPOS: `WebPOS.authenticationToken`, `WebPOS.servers`, ...
pub const APP_NAME: &str = "WebPOS";

/// The keys of the session's authentication in the host's storage, which a logout removes:
/// where mobile core's key authentication is on, a token left there logs the cashier back in.
pub const AUTHENTICATION_KEYS: [&str; 2] = ["authenticationClient", "authenticationToken"];

/// Every localStorage key under which the host may hold `key`: `<app>.<key>`, which its wrapper
/// writes, and the bare `key`, which its wrapper reads when the prefixed one is absent.
pub fn storage_keys(app: &str, key: &str) -> [String; 2] {
    [format!("{app}.{key}"), key.to_owned()]
}
