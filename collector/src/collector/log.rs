//! Who did what from the overview: every Recompute and every Refresh now, with the admin who
//! asked (central's user name, from the session the admin router checked) and when, kept in the
//! collector's state (and its state file, across restarts), bounded in count and in age; and
//! for each store, its last Recompute (what its panel says: "recomputed by Openbravo at 10:42").

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::state::{now_iso, now_secs, State};
use super::Collector;

/// The most actions kept (the oldest go first).
pub const ACTIONS_KEPT: usize = 1_000;

/// How long an action is kept, in days.
pub const RETENTION_DAYS: u64 = 90;

/// The most store keys an action lists (a Recompute of every store names how many it was).
pub const NAMED_KEPT: usize = 20;

/// What an admin did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ActionKind {
    /// Recompute Version Information of some stores.
    Recompute,
    /// Refresh now: a pass (or the one running, shared).
    Refresh,
}

/// One thing an admin did from the overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminAction {
    /// When (ISO 8601, UTC).
    pub at: String,
    /// Who: central's user name.
    pub user: String,
    /// What.
    pub kind: ActionKind,
    /// How many stores it named (a Recompute).
    #[serde(default)]
    pub stores: usize,
    /// The first [`NAMED_KEPT`] of them.
    #[serde(default)]
    pub named: Vec<String>,
    /// How many of them failed (a Recompute).
    #[serde(default)]
    pub failed: usize,
    /// Whether it started a pass (a Refresh; else it joined the one running).
    #[serde(default)]
    pub started: bool,
}

/// A store's last Recompute: by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recomputed {
    /// Central's user name.
    pub user: String,
    /// When (ISO 8601, UTC).
    pub at: String,
}

/// The oldest time an action is kept at, `RETENTION_DAYS` before `now_secs`.
pub fn cutoff(now_secs: u64) -> String {
    webpos_version_guard::texts::time::iso8601(now_secs.saturating_sub(RETENTION_DAYS * 86_400))
}

/// Adds `action` to `log`, keeping at most [`ACTIONS_KEPT`] and none older than `cutoff`.
pub fn keep(log: &mut VecDeque<AdminAction>, action: AdminAction, cutoff: &str) {
    log.push_back(action);
    while log.len() > ACTIONS_KEPT || log.front().is_some_and(|a| a.at.as_str() < cutoff) {
        log.pop_front();
    }
}

impl AdminAction {
    /// An action of `user`'s, now.
    pub fn now(user: &str, kind: ActionKind) -> Self {
        Self {
            at: now_iso(),
            user: user.to_owned(),
            kind,
            stores: 0,
            named: Vec::new(),
            failed: 0,
            started: false,
        }
    }
}

impl Collector {
    /// Records an admin's action (and, for a Recompute, each store it recomputed); kept in the
    /// state file.
    pub fn record_action(&self, action: AdminAction, recomputed: &[String]) {
        let cutoff = cutoff(now_secs());
        let mut s = self.write();
        for key in recomputed {
            if s.order.place(key).is_some() {
                let mark = Recomputed { user: action.user.clone(), at: action.at.clone() };
                s.recomputed.insert(key.clone(), mark);
            }
        }
        keep(&mut s.actions, action.clone(), &cutoff);
        drop(s);
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Action {
                action: Box::new(action),
                recomputed: recomputed.to_vec(),
                cutoff,
            });
        }
    }

    /// The actions kept, the latest first.
    pub fn actions(&self) -> Vec<AdminAction> {
        self.read().actions.iter().rev().cloned().collect()
    }

    /// The store `key`'s last Recompute, when it had one.
    pub fn recomputed(&self, key: &str) -> Option<Recomputed> {
        self.read().recomputed.get(key).cloned()
    }
}

/// What the state file kept, put back.
pub(super) fn restore(
    s: &mut State,
    actions: Vec<AdminAction>,
    recomputed: Vec<(String, Recomputed)>,
) {
    let cutoff = cutoff(now_secs());
    for action in actions {
        keep(&mut s.actions, action, &cutoff);
    }
    s.recomputed = recomputed.into_iter().filter(|(k, _)| s.order.place(k).is_some()).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(at: &str) -> AdminAction {
        AdminAction { at: at.into(), ..AdminAction::now("Openbravo", ActionKind::Refresh) }
    }

    #[test]
    fn the_log_is_bounded_in_count_and_in_age() {
        let mut log = VecDeque::new();
        for _ in 0..ACTIONS_KEPT + 5 {
            keep(&mut log, at("2026-12-07T10:00:00Z"), "2026-09-08T10:00:00Z");
        }
        assert_eq!(log.len(), ACTIONS_KEPT);
        let mut log = VecDeque::from([at("2026-01-01T00:00:00Z"), at("2026-11-01T00:00:00Z")]);
        keep(&mut log, at("2026-12-07T10:00:00Z"), &cutoff(1_796_637_600));
        assert_eq!(
            log.iter().map(|a| a.at.as_str()).collect::<Vec<_>>(),
            ["2026-11-01T00:00:00Z", "2026-12-07T10:00:00Z"]
        );
    }
}
