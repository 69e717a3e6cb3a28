//! What the tills went through (issue #39): each till's reports of its checks, as the guard
//! sent them to central, kept by terminal (the last [`REPORTS_KEPT`], none older than
//! [`RETENTION_DAYS`], at most [`MAX_TERMINALS`] terminals: the one heard from longest ago goes
//! first), in the state and the state file. Never used for a decision: the overview shows them.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use webpos_version_guard::login::till_report::TillReport;

use super::state::{now_iso, State};
use super::Collector;

/// The most reports kept per terminal.
pub const REPORTS_KEPT: usize = 20;

/// How long a report is kept, in days.
pub const RETENTION_DAYS: u64 = 7;

/// The most terminals whose reports are kept.
pub const MAX_TERMINALS: usize = 50_000;

/// A report as central received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// When central received it (ISO 8601, UTC: the collector's clock, not the till's).
    pub at: String,
    /// The Openbravo user whose session sent it.
    pub user: String,
    /// What the till said.
    pub report: TillReport,
}

/// Every terminal's reports, oldest first.
pub type TillReports = HashMap<String, VecDeque<Received>>;

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The oldest time a report is kept at.
pub fn cutoff(now_secs: u64) -> String {
    webpos_version_guard::texts::time::iso8601(now_secs.saturating_sub(RETENTION_DAYS * 86_400))
}

/// Adds `received` to `tills` within the bounds; the terminal's reports as kept now.
pub fn keep(tills: &mut TillReports, received: Received, cutoff: &str) -> Vec<Received> {
    let terminal = received.report.terminal.clone();
    if !tills.contains_key(&terminal) && tills.len() >= MAX_TERMINALS {
        tills.retain(|_, reports| reports.back().is_some_and(|r| r.at.as_str() >= cutoff));
        if tills.len() >= MAX_TERMINALS {
            let stalest = tills
                .iter()
                .min_by(|a, b| a.1.back().map(|r| &r.at).cmp(&b.1.back().map(|r| &r.at)))
                .map(|(k, _)| k.clone());
            if let Some(stalest) = stalest {
                tills.remove(&stalest);
            }
        }
    }
    let reports = tills.entry(terminal).or_default();
    reports.push_back(received);
    while reports.len() > REPORTS_KEPT || reports.front().is_some_and(|r| r.at.as_str() < cutoff) {
        reports.pop_front();
    }
    reports.iter().cloned().collect()
}

impl Collector {
    /// Keeps a till's report, received now from `user`'s session; kept in the state file.
    pub fn record_till(&self, user: &str, report: TillReport) -> Received {
        let received = Received { at: now_iso(), user: user.to_owned(), report };
        let cutoff = cutoff(now_secs());
        let kept = keep(&mut self.write().tills, received.clone(), &cutoff);
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Till {
                terminal: received.report.terminal.clone(),
                reports: kept,
            });
        }
        received
    }

    /// The tills that checked the store `key`, each with its reports, the latest first.
    pub fn tills_of(&self, key: &str) -> Vec<(String, Vec<Received>)> {
        let s = self.read();
        let mut tills: Vec<(String, Vec<Received>)> = s
            .tills
            .iter()
            .filter(|(_, reports)| {
                reports.back().is_some_and(|r| r.report.store_server.as_deref() == Some(key))
            })
            .map(|(terminal, reports)| (terminal.clone(), reports.iter().rev().cloned().collect()))
            .collect();
        tills.sort_by(|a, b| b.1[0].at.cmp(&a.1[0].at).then_with(|| a.0.cmp(&b.0)));
        tills
    }
}

/// What the state file kept, put back.
pub(super) fn restore(s: &mut State, kept: Vec<(String, Vec<Received>)>) {
    let cutoff = cutoff(now_secs());
    for (_, reports) in kept {
        for received in reports {
            keep(&mut s.tills, received, &cutoff);
        }
    }
}
