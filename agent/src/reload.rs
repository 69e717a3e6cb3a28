//! The seed's Reload Status ("the status of the initial data reload logic") from SymmetricDS's
//! own tables on central, the node that sends every store its initial load and its table
//! reloads. Pure: the rows as read ([`SymmetricFacts`]) in, each store's state out.
//!
//! What tells what, across the SymmetricDS versions Openbravo shipped (docs/PROTOCOL.md):
//! - `sym_node_security` (every version): `initial_load_enabled = 1` is an initial load
//!   requested and not started; `initial_load_time` when one started; `initial_load_end_time`
//!   (3.12.5 on) when it ended, and `initial_load_id` (3.8 on) the load's id among the batches.
//! - `sym_outgoing_batch` with a `load_id` (3.8 on): a load's batches; one not yet
//!   acknowledged is a load under way, one in error (`ER`) a load failed.
//! - `sym_table_reload_request`: a table reload requested and not yet started (`processed = 0`
//!   from 3.9, `reload_enabled = 1` before).
//! - `sym_table_reload_status` (3.12 on): each load's progress, completion, cancellation and
//!   error, initial loads (`full_load = 1`) included.
//!
//! A column or table a version lacks is said in the answer's `absent` list, and the state is
//! read from what there is: without `initial_load_end_time`, an initial load started whose
//! batches are no longer pending is done at its start time, as SymmetricDS's own upgrade to
//! 3.12.5 fills the column in (`initial_load_end_time = initial_load_time`).

use webpos_version_guard::servers::wire::{LoadKind, NodeReload, ReloadState, ReloadStatusData};

/// One store's row of `sym_node_security` (its node id is the store's server key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSecurity {
    /// `NODE_ID`.
    pub node: String,
    /// `INITIAL_LOAD_ENABLED = 1`: an initial load is requested.
    pub initial_load_enabled: bool,
    /// `INITIAL_LOAD_TIME`: when the last initial load started.
    pub initial_load_time: Option<String>,
    /// `INITIAL_LOAD_END_TIME` (3.12.5 on): when it ended.
    pub initial_load_end_time: Option<String>,
    /// `INITIAL_LOAD_ID` (3.8 on): its load id.
    pub initial_load_id: Option<i64>,
}

/// A load with batches still pending (`sym_outgoing_batch` rows of one `LOAD_ID` to one node).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadBatches {
    /// `NODE_ID`: the store the load goes to.
    pub node: String,
    /// `LOAD_ID`.
    pub load_id: i64,
    /// Its batches.
    pub batches: u64,
    /// Those acknowledged (`OK`) or ignored (`IG`).
    pub acknowledged: u64,
    /// The first of those in error (`ER`), if any.
    pub error_batch: Option<i64>,
    /// When its first batch was made.
    pub started: Option<String>,
}

/// Table reloads requested for one store and not yet started (`sym_table_reload_request`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReloadRequests {
    /// `TARGET_NODE_ID`.
    pub node: String,
    /// The tables requested.
    pub tables: u64,
    /// When the first was requested.
    pub requested: Option<String>,
}

/// The last load of one store as `sym_table_reload_status` (3.12 on) keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableReloadStatus {
    /// `TARGET_NODE_ID`.
    pub node: String,
    /// `LOAD_ID`.
    pub load_id: i64,
    /// `COMPLETED = 1`.
    pub completed: bool,
    /// `CANCELLED = 1`.
    pub cancelled: bool,
    /// `ERROR_FLAG = 1`.
    pub error: bool,
    /// `FULL_LOAD = 1`: an initial load.
    pub full_load: bool,
    /// `TABLE_COUNT`.
    pub tables: u64,
    /// Its batches (setup, data and finalize).
    pub batches: u64,
    /// Those loaded.
    pub batches_loaded: u64,
    /// `START_TIME`.
    pub start_time: Option<String>,
    /// `END_TIME`.
    pub end_time: Option<String>,
}

/// What central's SymmetricDS tables hold of the stores' loads, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SymmetricFacts {
    /// Why they could not be read at all.
    pub unreadable: Option<String>,
    /// The tables and columns this version lacks (`table`, `table.column`, no prefix).
    pub absent: Vec<String>,
    /// Whether `sym_node_security.initial_load_end_time` exists (3.12.5 on).
    pub has_end_time: bool,
    /// The store nodes' rows.
    pub nodes: Vec<NodeSecurity>,
    /// Loads with batches pending.
    pub loads: Vec<LoadBatches>,
    /// Table reloads requested, not started.
    pub requests: Vec<ReloadRequests>,
    /// Each store's last load in `sym_table_reload_status`.
    pub statuses: Vec<TableReloadStatus>,
}

/// The `ReloadStatus` answer: every store node's state, from the facts.
pub fn reload_status(facts: &SymmetricFacts) -> ReloadStatusData {
    let nodes = match &facts.unreadable {
        Some(_) => Vec::new(),
        None => facts.nodes.iter().map(|node| node_reload(node, facts)).collect(),
    };
    ReloadStatusData { unreadable: facts.unreadable.clone(), absent: facts.absent.clone(), nodes }
}

/// One store's state, most telling first: a load under way or failed, then a reload requested,
/// then the last load that ended, else never loaded.
fn node_reload(node: &NodeSecurity, facts: &SymmetricFacts) -> NodeReload {
    let of_node = |n: &str| n == node.node;
    let pending = facts.loads.iter().filter(|l| of_node(&l.node)).max_by_key(|l| l.load_id);
    let status = facts.statuses.iter().filter(|s| of_node(&s.node)).max_by_key(|s| s.load_id);
    let requested = facts.requests.iter().find(|r| of_node(&r.node));
    let kind_of = |load_id: i64| {
        let full = status.is_some_and(|s| s.load_id == load_id && s.full_load);
        if full || node.initial_load_id == Some(load_id) {
            LoadKind::Initial
        } else {
            LoadKind::Tables
        }
    };
    let state = |state, load, at: &Option<String>| NodeReload {
        server_key: node.node.clone(),
        state,
        load,
        at: at.clone(),
        batches_loaded: None,
        batches: None,
        tables: None,
        detail: None,
    };
    if let Some(load) = pending {
        let kind = kind_of(load.load_id);
        let tables = status.filter(|s| s.load_id == load.load_id).map(|s| s.tables);
        // An initial load started when SymmetricDS says it did; a table reload with its first
        // batch.
        let started = match kind {
            LoadKind::Initial => node.initial_load_time.clone().or_else(|| load.started.clone()),
            LoadKind::Tables => load.started.clone(),
        };
        if let Some(batch) = load.error_batch {
            return NodeReload {
                detail: Some(format!("batch {batch} in error")),
                tables,
                ..state(ReloadState::Failed, kind, &started)
            };
        }
        return NodeReload {
            batches_loaded: Some(load.acknowledged),
            batches: Some(load.batches),
            tables,
            ..state(ReloadState::Loading, kind, &started)
        };
    }
    if let Some(s) = status.filter(|s| !s.completed && !s.cancelled) {
        let kind = if s.full_load { LoadKind::Initial } else { LoadKind::Tables };
        let tables = (s.tables > 0).then_some(s.tables);
        if s.error {
            return NodeReload { tables, ..state(ReloadState::Failed, kind, &s.start_time) };
        }
        return NodeReload {
            batches_loaded: Some(s.batches_loaded),
            batches: Some(s.batches),
            tables,
            ..state(ReloadState::Loading, kind, &s.start_time)
        };
    }
    if let Some(r) = requested.filter(|r| r.tables > 0) {
        return NodeReload {
            tables: Some(r.tables),
            ..state(ReloadState::Requested, LoadKind::Tables, &r.requested)
        };
    }
    if node.initial_load_enabled {
        return state(ReloadState::Requested, LoadKind::Initial, &None);
    }
    // The last load that ended: the initial load's end, or the last table reload's.
    let initial = match (&node.initial_load_time, facts.has_end_time) {
        (None, _) => None,
        (Some(_), true) if node.initial_load_end_time.is_none() => {
            // Started, its batches no longer pending, its end not written yet.
            return state(ReloadState::Loading, LoadKind::Initial, &node.initial_load_time);
        }
        (Some(_), true) => {
            Some(state(ReloadState::Done, LoadKind::Initial, &node.initial_load_end_time))
        }
        (Some(_), false) => {
            Some(state(ReloadState::Done, LoadKind::Initial, &node.initial_load_time))
        }
    };
    let last_status = status.map(|s| {
        let kind = if s.full_load { LoadKind::Initial } else { LoadKind::Tables };
        let tables = (s.tables > 0).then_some(s.tables);
        let ended = if s.cancelled { ReloadState::Cancelled } else { ReloadState::Done };
        NodeReload { tables, ..state(ended, kind, &s.end_time) }
    });
    match (initial, last_status) {
        (Some(i), Some(s)) if s.at > i.at => s,
        (Some(i), _) => i,
        (None, Some(s)) => s,
        (None, None) => state(ReloadState::NeverLoaded, LoadKind::Initial, &None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(key: &str) -> NodeSecurity {
        NodeSecurity { node: key.into(), ..NodeSecurity::default() }
    }

    fn one(facts: SymmetricFacts) -> NodeReload {
        let mut data = reload_status(&facts);
        assert_eq!(data.nodes.len(), 1, "{data:?}");
        data.nodes.remove(0)
    }

    fn at(t: &str) -> Option<String> {
        Some(t.into())
    }

    #[test]
    fn a_store_never_loaded_requested_and_done() {
        let never = one(SymmetricFacts { nodes: vec![node("s1")], ..Default::default() });
        assert_eq!(
            (never.state, never.load, never.at),
            (ReloadState::NeverLoaded, LoadKind::Initial, None)
        );
        let requested = NodeSecurity { initial_load_enabled: true, ..node("s1") };
        let r = one(SymmetricFacts { nodes: vec![requested], ..Default::default() });
        assert_eq!((r.state, r.load), (ReloadState::Requested, LoadKind::Initial));
        let done = NodeSecurity {
            initial_load_time: at("2026-11-30 07:50"),
            initial_load_end_time: at("2026-11-30 08:12"),
            initial_load_id: Some(7),
            ..node("s1")
        };
        let d = one(SymmetricFacts {
            has_end_time: true,
            nodes: vec![done.clone()],
            ..Default::default()
        });
        assert_eq!((d.state, d.at.as_deref()), (ReloadState::Done, Some("2026-11-30 08:12")));
        // 3.12.5 on, an initial load started without its end written is still loading.
        let started = NodeSecurity { initial_load_end_time: None, ..done.clone() };
        let l = one(SymmetricFacts {
            has_end_time: true,
            nodes: vec![started.clone()],
            ..Default::default()
        });
        assert_eq!((l.state, l.at.as_deref()), (ReloadState::Loading, Some("2026-11-30 07:50")));
        // Before 3.12.5 (no end column), it is done at its start, as the upgrade takes it.
        let old =
            one(SymmetricFacts { has_end_time: false, nodes: vec![started], ..Default::default() });
        assert_eq!((old.state, old.at.as_deref()), (ReloadState::Done, Some("2026-11-30 07:50")));
    }

    #[test]
    fn a_load_s_batches_tell_its_progress_and_its_failure() {
        let n = NodeSecurity {
            initial_load_time: at("2026-11-30 07:50"),
            initial_load_id: Some(7),
            ..node("s1")
        };
        let load = LoadBatches {
            node: "s1".into(),
            load_id: 7,
            batches: 12,
            acknowledged: 3,
            error_batch: None,
            started: at("2026-11-30 07:50"),
        };
        let facts = SymmetricFacts {
            nodes: vec![n.clone()],
            loads: vec![load.clone()],
            ..Default::default()
        };
        let l = one(facts);
        assert_eq!(
            (l.state, l.load, l.batches_loaded, l.batches),
            (ReloadState::Loading, LoadKind::Initial, Some(3), Some(12))
        );
        let failed = LoadBatches { error_batch: Some(4411), ..load.clone() };
        let f = one(SymmetricFacts {
            nodes: vec![n.clone()],
            loads: vec![failed],
            ..Default::default()
        });
        assert_eq!(
            (f.state, f.detail.as_deref()),
            (ReloadState::Failed, Some("batch 4411 in error"))
        );
        // Another load id than the initial load's: a table reload.
        let tables = LoadBatches { load_id: 9, ..load };
        let t = one(SymmetricFacts { nodes: vec![n], loads: vec![tables], ..Default::default() });
        assert_eq!((t.state, t.load), (ReloadState::Loading, LoadKind::Tables));
    }

    #[test]
    fn table_reloads_requested_running_and_ended() {
        let n = NodeSecurity { initial_load_time: at("2026-11-01 07:50"), ..node("s1") };
        let requested =
            ReloadRequests { node: "s1".into(), tables: 3, requested: at("2026-12-01 09:00") };
        let r = one(SymmetricFacts {
            nodes: vec![n.clone()],
            requests: vec![requested],
            ..Default::default()
        });
        assert_eq!(
            (r.state, r.load, r.tables),
            (ReloadState::Requested, LoadKind::Tables, Some(3))
        );
        let status = TableReloadStatus {
            node: "s1".into(),
            load_id: 12,
            tables: 3,
            batches: 10,
            batches_loaded: 4,
            start_time: at("2026-12-01 09:01"),
            ..TableReloadStatus::default()
        };
        let running = one(SymmetricFacts {
            nodes: vec![n.clone()],
            statuses: vec![status.clone()],
            ..Default::default()
        });
        assert_eq!(
            (running.state, running.batches_loaded, running.batches),
            (ReloadState::Loading, Some(4), Some(10))
        );
        let errored = TableReloadStatus { error: true, ..status.clone() };
        assert_eq!(
            one(SymmetricFacts {
                nodes: vec![n.clone()],
                statuses: vec![errored],
                ..Default::default()
            })
            .state,
            ReloadState::Failed
        );
        let ended = TableReloadStatus {
            completed: true,
            end_time: at("2026-12-01 09:30"),
            ..status.clone()
        };
        let e = one(SymmetricFacts {
            nodes: vec![n.clone()],
            statuses: vec![ended],
            ..Default::default()
        });
        // The table reload ended after the initial load: it is the last load.
        assert_eq!(
            (e.state, e.load, e.at.as_deref()),
            (ReloadState::Done, LoadKind::Tables, Some("2026-12-01 09:30"))
        );
        let cancelled =
            TableReloadStatus { cancelled: true, end_time: at("2026-12-01 09:10"), ..status };
        assert_eq!(
            one(SymmetricFacts { nodes: vec![n], statuses: vec![cancelled], ..Default::default() })
                .state,
            ReloadState::Cancelled
        );
    }

    #[test]
    fn unreadable_tables_list_no_node() {
        let facts = SymmetricFacts {
            unreadable: Some("relation \"sym_node_security\" does not exist".into()),
            nodes: vec![node("s1")],
            ..Default::default()
        };
        let data = reload_status(&facts);
        assert!(data.nodes.is_empty());
        assert!(data.unreadable.is_some());
        assert!(data.validate().is_ok());
    }
}
