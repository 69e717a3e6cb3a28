//! The rules of one pass of the collector that central runs for the overview (the
//! `openbravo-version-overview` crate does the I/O): which stores a pass asks, from central's
//! definitions as they are (a duplicate key or a bad URL is that row's error, never the pass's
//! end), and how a page that reconnects resumes the stream without a row missing or doubled.

use std::collections::HashSet;

use crate::login::store_mode::UrlParser;
use crate::servers::failure::Unaskable;
use crate::servers::wire::{ServerDefinition, ServerType};

/// A store server a pass is about: asked, or not asked because of `problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassTarget {
    /// The store's definition as central holds it.
    pub definition: ServerDefinition,
    /// Why it is not asked (its row's error), when it is not.
    pub problem: Option<Unaskable>,
}

/// The store servers of central's definitions, in their order: a store whose key was already
/// listed, or whose URL is not a base URL (absolute `http`/`https` with a host, no user name,
/// query or fragment), is kept with the reason, so that its row says it (a second definition of a key gets the row key
/// `<key> (2)`, and so on). Central and other server types are not stores.
pub fn pass_targets(servers: &[ServerDefinition], parser: &impl UrlParser) -> Vec<PassTarget> {
    let stores: Vec<&ServerDefinition> =
        servers.iter().filter(|s| s.server_type == ServerType::Store).collect();
    // Every row key in use, so that a renamed duplicate never takes another store's key.
    let mut taken: HashSet<String> = stores.iter().map(|s| s.key.clone()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    stores
        .into_iter()
        .map(|s| {
            if !seen.insert(s.key.as_str()) {
                let key = (2..)
                    .map(|n| format!("{} ({n})", s.key))
                    .find(|k| !taken.contains(k))
                    .unwrap_or_default();
                taken.insert(key.clone());
                let problem = Unaskable::DuplicateKey(s.key.clone());
                let definition = ServerDefinition { key, ..s.clone() };
                return PassTarget { definition, problem: Some(problem) };
            }
            let problem = base_url_problem(&s.url, parser);
            PassTarget { definition: s.clone(), problem }
        })
        .collect()
}

/// Why `url` (a server's URL as central's definitions hold it) is not a server's base URL, the
/// one rule for every request the collector sends to a store (the pass's, and Recompute's with
/// central's credential): absolute `http` or `https` with a host, no user name or password (a
/// credential in a URL), no query or fragment (service paths are appended to it: a query or
/// a fragment would send them elsewhere).
pub fn base_url_problem(url: &str, parser: &impl UrlParser) -> Option<Unaskable> {
    match parser.parse(url) {
        Some(u)
            if matches!(u.protocol.as_str(), "http:" | "https:")
                && u.origin != "null"
                && u.username.is_empty()
                && u.password.is_empty()
                && !url.contains(['?', '#']) =>
        {
            None
        }
        _ => Some(Unaskable::NotBaseUrl(url.to_owned())),
    }
}

/// What a pass says when central's definitions list no store server.
pub const NO_STORES: &str = "central's server definitions list no store server";

/// A stream event's id: the collector's run (`epoch`, new at every start) and the sequence
/// number of the update, so that a page that reconnects names the last update it has.
pub fn event_id(epoch: &str, seq: u64) -> String {
    format!("{epoch}-{seq}")
}

/// Where a (re)connecting page's stream starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Every store's last known state, after a reset of the page's table: a new page, or one
    /// whose last update came from another run of the collector (a restart).
    Full,
    /// Only the stores updated after update `seq` of this run.
    After(u64),
}

/// Where the stream starts for a page whose last event id is `last_event_id`, for the run
/// `epoch`.
pub fn resume(last_event_id: Option<&str>, epoch: &str) -> Resume {
    let Some((run, seq)) = last_event_id.and_then(|id| id.rsplit_once('-')) else {
        return Resume::Full;
    };
    match seq.parse::<u64>() {
        Ok(seq) if run == epoch => Resume::After(seq),
        _ => Resume::Full,
    }
}
