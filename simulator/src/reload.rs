//! A store's SymmetricDS (re)load in a scenario (`"reload"`), as central's SymmetricDS tables
//! hold it: the rows the agent reads (`openbravo_version_agent::reload`), made once here and
//! served two ways: in memory to the simulated central's agent, and as SQL rows in central's
//! database for `npm start -- --postgres`, where a real agent reads them. Either way the
//! agent's own code tells the state from the rows.

use std::fmt::Write as _;

use openbravo_version_agent::reload::{
    LoadBatches, NodeSecurity, ReloadRequests, SymmetricFacts, TableReloadStatus,
};
use serde::{Deserialize, Serialize};
use webpos_version_guard::servers::wire::{LoadKind, ReloadState};

/// When a store's initial load ended, when its scenario does not say.
pub const LOADED_AT: &str = "2026-11-01 06:00";

/// The load id of a store's initial load in the rows made here; a table reload's is the next.
const INITIAL_LOAD: i64 = 1;

/// A store's initial load or table reload, as a scenario says it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReloadSpec {
    /// Where it stands (default `done`).
    #[serde(default = "done")]
    pub state: ReloadState,
    /// The initial load (default) or a reload of some tables.
    #[serde(default = "initial")]
    pub load: LoadKind,
    /// When (`YYYY-MM-DD HH:MM`, central's database time): its end when done or cancelled, its
    /// start when loading or failed, its request when requested.
    #[serde(default = "loaded_at")]
    pub at: String,
    /// A load under way or failed: its batches.
    #[serde(default)]
    pub batches: u64,
    /// Those the store acknowledged.
    #[serde(default)]
    pub loaded: u64,
    /// The tables of a table reload.
    #[serde(default)]
    pub tables: u64,
}

impl Default for ReloadSpec {
    fn default() -> Self {
        Self { state: done(), load: initial(), at: loaded_at(), batches: 0, loaded: 0, tables: 0 }
    }
}

fn done() -> ReloadState {
    ReloadState::Done
}

fn initial() -> LoadKind {
    LoadKind::Initial
}

fn loaded_at() -> String {
    LOADED_AT.into()
}

/// The rows of central's SymmetricDS tables for these stores (key, spec), in the shape of
/// SymmetricDS 3.12.5 and later (every column the agent reads is there).
pub fn facts<'a>(stores: impl IntoIterator<Item = (&'a str, &'a ReloadSpec)>) -> SymmetricFacts {
    let mut facts = SymmetricFacts { has_end_time: true, ..SymmetricFacts::default() };
    for (key, spec) in stores {
        let at = Some(spec.at.clone());
        let loaded = NodeSecurity {
            node: key.to_owned(),
            initial_load_time: Some(LOADED_AT.into()),
            initial_load_end_time: Some(LOADED_AT.into()),
            initial_load_id: Some(INITIAL_LOAD),
            ..NodeSecurity::default()
        };
        let initial = spec.load == LoadKind::Initial;
        let load_id = if initial { INITIAL_LOAD } else { INITIAL_LOAD + 1 };
        let mut node = loaded.clone();
        match spec.state {
            ReloadState::NeverLoaded => {
                node = NodeSecurity { node: key.to_owned(), ..NodeSecurity::default() }
            }
            ReloadState::Requested if initial => {
                node = NodeSecurity {
                    node: key.to_owned(),
                    initial_load_enabled: true,
                    ..NodeSecurity::default()
                }
            }
            ReloadState::Requested => facts.requests.push(ReloadRequests {
                node: key.to_owned(),
                tables: spec.tables.max(1),
                requested: at,
            }),
            ReloadState::Loading | ReloadState::Failed => {
                if initial {
                    node.initial_load_time = at.clone();
                    node.initial_load_end_time = None;
                }
                let failed = spec.state == ReloadState::Failed;
                let batches = spec.batches.max(spec.loaded + u64::from(failed)).max(1);
                facts.loads.push(LoadBatches {
                    node: key.to_owned(),
                    load_id,
                    batches,
                    acknowledged: spec.loaded.min(batches),
                    error_batch: failed.then(|| batch_id(load_id, spec.loaded + 1)),
                    started: at.clone(),
                });
                // SymmetricDS 3.12 on keeps the load's progress too.
                facts.statuses.push(TableReloadStatus {
                    node: key.to_owned(),
                    load_id,
                    error: failed,
                    full_load: initial,
                    tables: spec.tables,
                    batches,
                    batches_loaded: spec.loaded.min(batches),
                    start_time: at,
                    ..TableReloadStatus::default()
                });
            }
            ReloadState::Done if initial => {
                node.initial_load_time = at.clone();
                node.initial_load_end_time = at;
            }
            ReloadState::Done | ReloadState::Cancelled => facts.statuses.push(TableReloadStatus {
                node: key.to_owned(),
                load_id,
                completed: spec.state == ReloadState::Done,
                cancelled: spec.state == ReloadState::Cancelled,
                full_load: initial,
                tables: spec.tables,
                batches: spec.batches,
                batches_loaded: spec.loaded,
                start_time: at.clone(),
                end_time: at,
                ..TableReloadStatus::default()
            }),
        }
        facts.nodes.push(node);
    }
    facts
}

/// The id of batch `n` (from 1) of load `load_id`, as the rows made here number them.
fn batch_id(load_id: i64, n: u64) -> i64 {
    load_id * 1_000_000 + n as i64
}

/// The SQL that writes `facts` into central's SymmetricDS tables (agent/sql/openbravo-tables.sql
/// makes them), from central's node `central`; `lit` writes an SQL literal.
pub fn sql(facts: &SymmetricFacts, central: &str, lit: impl Fn(&str) -> String) -> String {
    let opt = |t: &Option<String>| t.as_deref().map_or_else(|| "NULL".to_owned(), &lit);
    let mut sql = String::new();
    for n in &facts.nodes {
        let _ = writeln!(
            sql,
            "INSERT INTO sym_node_security (node_id, node_password, initial_load_enabled, initial_load_time, initial_load_end_time, initial_load_id) VALUES ({}, 'x', {}, {}, {}, {});",
            lit(&n.node),
            u8::from(n.initial_load_enabled),
            opt(&n.initial_load_time),
            opt(&n.initial_load_end_time),
            n.initial_load_id.map_or_else(|| "NULL".to_owned(), |id| id.to_string()),
        );
    }
    for l in &facts.loads {
        let error = l.error_batch.map_or(-1, |b| b - l.load_id * 1_000_000);
        let _ = writeln!(
            sql,
            "INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status, load_id, create_time) SELECT {} * 1000000 + g, {}, 'reload', CASE WHEN g <= {} THEN 'OK' WHEN g = {error} THEN 'ER' ELSE 'NE' END, {}, {} FROM generate_series(1, {}) g;",
            l.load_id,
            lit(&l.node),
            l.acknowledged,
            l.load_id,
            opt(&l.started),
            l.batches,
        );
    }
    for r in &facts.requests {
        let _ = writeln!(
            sql,
            "INSERT INTO sym_table_reload_request (target_node_id, source_node_id, trigger_id, router_id, create_time, processed, last_update_time) SELECT {}, {}, 'table_' || g, 'central_2_store', {requested}, 0, {requested} FROM generate_series(1, {}) g;",
            lit(&r.node),
            lit(central),
            r.tables,
            requested = opt(&r.requested),
        );
    }
    for s in &facts.statuses {
        let _ = writeln!(
            sql,
            "INSERT INTO sym_table_reload_status (load_id, source_node_id, target_node_id, completed, cancelled, error_flag, full_load, table_count, data_batch_count, data_batch_loaded, start_time, end_time, last_update_time) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, now());",
            s.load_id,
            lit(central),
            lit(&s.node),
            u8::from(s.completed),
            u8::from(s.cancelled),
            u8::from(s.error),
            u8::from(s.full_load),
            s.tables,
            s.batches,
            s.batches_loaded,
            opt(&s.start_time),
            opt(&s.end_time),
        );
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use openbravo_version_agent::reload::reload_status;

    /// Every state a scenario can say reads back as that state through the agent's own rule.
    #[test]
    fn each_state_reads_back_through_the_agent_s_rule() {
        for load in [LoadKind::Initial, LoadKind::Tables] {
            for state in [
                ReloadState::NeverLoaded,
                ReloadState::Requested,
                ReloadState::Loading,
                ReloadState::Done,
                ReloadState::Failed,
                ReloadState::Cancelled,
            ] {
                let spec = ReloadSpec {
                    state,
                    load,
                    at: "2026-12-01 09:00".into(),
                    batches: 12,
                    loaded: 3,
                    tables: 4,
                };
                let data = reload_status(&facts([("s1", &spec)]));
                let node = &data.nodes[0];
                assert_eq!(node.state, state, "{load:?} {state:?}");
                if state != ReloadState::NeverLoaded {
                    assert_eq!(node.load, load, "{state:?}");
                }
                // An initial load requested has no time yet (only a flag in sym_node_security).
                let requested_initial =
                    state == ReloadState::Requested && load == LoadKind::Initial;
                if state != ReloadState::NeverLoaded && !requested_initial {
                    assert_eq!(node.at.as_deref(), Some("2026-12-01 09:00"), "{load:?} {state:?}");
                }
                if state == ReloadState::Loading {
                    assert_eq!((node.batches_loaded, node.batches), (Some(3), Some(12)));
                }
                if load == LoadKind::Tables && state != ReloadState::NeverLoaded {
                    assert_eq!(node.tables, Some(4), "{state:?}");
                }
            }
        }
    }
}
