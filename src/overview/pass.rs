//! The rules of one pass of the collector that central runs for the overview (the
//! `openbravo-version-overview` crate does the I/O): which stores a pass asks, from central's
//! definitions as they are (a duplicate key or a bad URL is that row's error, never the pass's
//! end), and how a page that reconnects resumes the stream without a row missing or doubled.

use std::collections::HashSet;

use crate::store_mode::UrlParser;
use crate::wire::{ServerDefinition, ServerType};

/// A store server a pass is about: asked, or not asked because of `problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassTarget {
    /// The store's definition as central holds it.
    pub definition: ServerDefinition,
    /// Why it is not asked (its row's error), when it is not.
    pub problem: Option<String>,
}

/// The store servers of central's definitions, in their order: a store whose key was already
/// listed, or whose URL is not an absolute `http`/`https` URL with a host, is kept with the
/// reason, so that its row says it (a second definition of a key gets the row key
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
                let problem = format!(
                    "store key {} is listed twice in central's server definitions: only the first is asked; give each store its own key",
                    crate::text::quoted(&s.key)
                );
                let definition = ServerDefinition { key, ..s.clone() };
                return PassTarget { definition, problem: Some(problem) };
            }
            let problem = match parser.parse(&s.url) {
                Some(u) if matches!(u.protocol.as_str(), "http:" | "https:") && u.origin != "null" => {
                    None
                }
                _ => Some(format!(
                    "the URL {} in central's server definitions is not an http(s) URL; correct it in the Server Definitions window",
                    crate::text::quoted(&s.url)
                )),
            };
            PassTarget { definition: s.clone(), problem }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store_mode::UrlParts;
    use crate::wire::ServerStatus;

    /// Enough of a URL parser for the rule: a scheme, `://`, a host.
    struct Simple;

    impl UrlParser for Simple {
        fn parse(&self, url: &str) -> Option<UrlParts> {
            let (scheme, rest) = url.split_once("://")?;
            let host = rest.split('/').next().filter(|h| !h.is_empty())?;
            Some(UrlParts {
                href: url.into(),
                protocol: format!("{scheme}:"),
                origin: format!("{scheme}://{host}"),
                ..UrlParts::default()
            })
        }

        fn resolve_with_params(&self, _: &str, _: &str, _: &[(&str, &str)]) -> Option<UrlParts> {
            None
        }
    }

    fn server(key: &str, server_type: ServerType, url: &str) -> ServerDefinition {
        ServerDefinition {
            key: key.into(),
            name: key.into(),
            description: None,
            server_type,
            url: url.into(),
            status: ServerStatus::Online,
            priority: 10,
            allowed_domains: Vec::new(),
        }
    }

    #[test]
    fn a_duplicate_key_and_a_bad_url_are_their_rows_errors_and_central_is_no_store() {
        let servers = [
            server("central", ServerType::Main, "https://central/openbravo"),
            server("s1", ServerType::Store, "https://s1/openbravo"),
            server("s1", ServerType::Store, "https://s1-copy/openbravo"),
            server("s2", ServerType::Store, "ftp://s2/openbravo"),
            server("s3", ServerType::Store, "not a url"),
        ];
        let targets = pass_targets(&servers, &Simple);
        let keys: Vec<&str> = targets.iter().map(|t| t.definition.key.as_str()).collect();
        assert_eq!(keys, ["s1", "s1 (2)", "s2", "s3"]);
        assert_eq!(targets[0].problem, None);
        assert!(targets[1].problem.as_deref().unwrap().contains("listed twice"));
        assert!(targets[2].problem.as_deref().unwrap().contains("not an http(s) URL"));
        assert!(targets[3].problem.is_some());
        assert!(pass_targets(&servers[..1], &Simple).is_empty());
        // A renamed duplicate never takes a key another store has.
        let taken = [
            server("s1", ServerType::Store, "https://a/openbravo"),
            server("s1 (2)", ServerType::Store, "https://b/openbravo"),
            server("s1", ServerType::Store, "https://c/openbravo"),
        ];
        let keys: Vec<String> =
            pass_targets(&taken, &Simple).into_iter().map(|t| t.definition.key).collect();
        assert_eq!(keys, ["s1", "s1 (2)", "s1 (3)"]);
    }

    #[test]
    fn a_page_resumes_from_its_last_event_of_this_run_only() {
        assert_eq!(resume(None, "e1"), Resume::Full);
        assert_eq!(resume(Some(&event_id("e1", 42)), "e1"), Resume::After(42));
        assert_eq!(resume(Some(&event_id("e0", 42)), "e1"), Resume::Full, "a restart");
        assert_eq!(resume(Some("e1-x"), "e1"), Resume::Full);
        assert_eq!(resume(Some("garbage"), "e1"), Resume::Full);
    }
}
