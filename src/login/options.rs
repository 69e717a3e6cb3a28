//! The rules of the guard's options and of each check's inputs, as pure functions the browser
//! glue (`web::options`, `web::check`) applies to what it reads from JavaScript: each number
//! option's default and bounds, each request's time limit, which server list a check starts
//! from, what the till keeps of the hot-fix preference between two starts, and when a failed
//! request may be the browser's Local Network Access refusal.

use crate::login::check::{RequestName, TerminalServers};
use crate::servers::failure::Failure;
use crate::servers::protocol::YesNo;
use crate::servers::wire::ServerDefinition;

/// A number option: its name, its default, and the bounds a given value is clamped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberOption {
    /// Its name in the options object.
    pub name: &'static str,
    /// Its value when absent or not a finite number.
    pub default: u32,
    /// The least value taken.
    pub min: u32,
    /// The greatest value taken.
    pub max: u32,
}

/// The time limit of each request to central, in milliseconds.
pub const TIMEOUT_MS: NumberOption =
    NumberOption { name: "timeoutMs", default: 5_000, min: 100, max: 120_000 };

/// The time limit of the request to the store server, in milliseconds: what a hanging store
/// costs a login at most.
pub const STORE_TIMEOUT_MS: NumberOption =
    NumberOption { name: "storeTimeoutMs", default: 2_000, min: 100, max: 120_000 };

/// The seconds before an automatic redirect to store mode (0: never).
pub const REDIRECT_AFTER_SECONDS: NumberOption =
    NumberOption { name: "redirectAfterSeconds", default: 0, min: 0, max: 600 };

/// The size cap of each answer, in bytes, below the protocol's own limit `protocol_max`.
pub fn max_body_bytes(protocol_max: u32) -> NumberOption {
    NumberOption { name: "maxBodyBytes", default: protocol_max, min: 1_024, max: protocol_max }
}

impl NumberOption {
    /// The value for what the host gave (`None`: absent): a finite number rounded and clamped
    /// to the bounds, else the default; `Err(default)` when what was given is no finite number
    /// (the glue says so in the diagnostics).
    pub fn value(self, given: Option<f64>) -> Result<u32, u32> {
        match given {
            None => Ok(self.default),
            Some(n) if n.is_finite() => {
                // max/min, not clamp: clamp's check of its bounds would bring float formatting
                // (its panic message) into the guard: 16.8 KB of wasm.
                Ok(n.round().max(f64::from(self.min)).min(f64::from(self.max)) as u32)
            }
            Some(_) => Err(self.default),
        }
    }
}

/// The time limits of a check's requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLimits {
    /// Each request to central.
    pub central_ms: u32,
    /// The request to the store server.
    pub store_ms: u32,
}

impl RequestLimits {
    /// The time limit of the request `name`: the store's for the store's status, central's
    /// for every other.
    pub fn for_request(self, name: RequestName) -> u32 {
        match name {
            RequestName::StoreStatus => self.store_ms,
            _ => self.central_ms,
        }
    }
}

/// What a check starts from about the servers: central's definitions, the terminal's store
/// server, the server the page runs on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownServers {
    /// Central's server definitions, when known without asking.
    pub servers: Option<Vec<ServerDefinition>>,
    /// The terminal's store server, when known.
    pub store_server: Option<String>,
    /// The server the page runs on, as a server said.
    pub page_server: Option<String>,
}

/// Which servers a check for `terminal` starts from: the host's (`given`, from the `servers` or
/// `hostServers` option) when it gave a list; else what an earlier check on this page learned
/// for the same terminal (the login check reuses what the start learned); else none (the check
/// asks central).
pub fn known_servers(
    given: KnownServers,
    learned: Option<(String, TerminalServers)>,
    terminal: &str,
) -> KnownServers {
    if given.servers.is_some() {
        return given;
    }
    match learned.filter(|(t, _)| t == terminal) {
        Some((_, learned)) => KnownServers {
            servers: Some(learned.servers),
            store_server: given.store_server.or(Some(learned.store_server)),
            page_server: learned.page_server,
        },
        None => given,
    }
}

/// What the till keeps of the hot-fix preference between two starts, as stored (`Y` or `N`):
/// before login the preference needs a session, so the value last seen at a login counts.
pub fn stored_preference(seen: bool) -> &'static str {
    YesNo::of(seen).as_str()
}

/// The value last seen, read back from what [`stored_preference`] stored; anything else
/// (absent, tampered) is no value.
pub fn read_stored_preference(stored: Option<&str>) -> Option<bool> {
    stored.and_then(YesNo::parse).map(YesNo::yes)
}

/// Whether a failed request may be the browser's Local Network Access refusal, so that the
/// glue asks the browser's Permissions API: a request to another origin than the page's
/// (`request_origin`, `page_origin`) that got no response at all. A refusal and an unreachable
/// server look alike to the page; only the permission's state tells them apart.
pub fn may_be_local_network_refusal(
    page_origin: &str,
    request_origin: Option<&str>,
    answer: &Result<Vec<u8>, Failure>,
) -> bool {
    request_origin.is_some_and(|o| o != page_origin)
        && matches!(answer, Err(Failure::NoResponse(_)))
}
