//! What the tills went through (issue #39): each till's reports of its checks, as the guard
//! sent them to central, kept by terminal (the last [`REPORTS_KEPT`], none older than
//! [`RETENTION_DAYS`], at most [`MAX_TERMINALS`] terminals: the one heard from longest ago goes
//! first), in the state and the state file. Never used for a decision: the overview shows them.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use webpos_version_guard::login::till_report::{HeldMark, HeldReport, TillOutcome, TillReport};
use webpos_version_guard::overview::row::with_tills;
use webpos_version_guard::overview::tills::{till_counts, TillCounts};

use super::state::{json, lang_index, now_iso, now_secs, State, Update, LANGUAGES};
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
    /// For a report a store's agent held (a till in store mode): its inbox and number there
    /// (`<inbox>.<seq>`), so that a report fetched again is kept once; `at` is then when the
    /// store received it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
}

/// Every terminal's reports, oldest first.
pub type TillReports = HashMap<String, VecDeque<Received>>;

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
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
    // In the order received (a report a store's agent held comes after central's later ones);
    // the same held report fetched again (the collector started again) is kept once.
    if received.held.is_none() || !reports.iter().any(|r| r.held == received.held) {
        let at = reports.partition_point(|r| r.at <= received.at);
        reports.insert(at, received);
    }
    while reports.len() > REPORTS_KEPT || reports.front().is_some_and(|r| r.at.as_str() < cutoff) {
        reports.pop_front();
    }
    reports.iter().cloned().collect()
}

/// The window a row counts its tills over: the last hour.
pub const WINDOW_SECS: u64 = 3_600;

/// The start of the window at `now_secs`.
pub fn window_start(now_secs: u64) -> String {
    webpos_version_guard::texts::time::iso8601(now_secs.saturating_sub(WINDOW_SECS))
}

/// The store `key`'s tills counted over the window starting at `since`.
pub(super) fn counts_of(s: &State, key: &str, since: &str) -> TillCounts {
    let Some(terminals) = s.till_stores.get(key) else { return TillCounts::default() };
    let histories: Vec<Vec<(&str, TillOutcome, Option<&str>)>> = terminals
        .iter()
        .filter_map(|t| s.tills.get(t))
        .map(|reports| {
            reports
                .iter()
                .map(|r| (r.at.as_str(), r.report.outcome, r.report.reason.as_deref()))
                .collect()
        })
        .collect();
    till_counts(histories.iter().map(Vec::as_slice), since)
}

/// Puts a report in `s`: the terminal's reports and which store it last named.
fn put_report(s: &mut State, received: Received, cutoff: &str) -> Vec<Received> {
    let terminal = received.report.terminal.clone();
    let before =
        s.tills.get(&terminal).and_then(|r| r.back()).and_then(|r| r.report.store_server.clone());
    if let Some(before) = before {
        if let Some(set) = s.till_stores.get_mut(&before) {
            set.remove(&terminal);
        }
    }
    let full = s.tills.len() >= MAX_TERMINALS;
    let kept = keep(&mut s.tills, received, cutoff);
    // The store its latest report names (a report a store's agent held may come in after a
    // later one, and does not move the terminal).
    if let Some(store) = kept.last().and_then(|r| r.report.store_server.clone()) {
        s.till_stores.entry(store).or_default().insert(terminal);
    }
    if full {
        // A terminal evicted by the bound leaves the index too.
        let tills = &s.tills;
        s.till_stores.values_mut().for_each(|set| set.retain(|t| tills.contains_key(t)));
    }
    kept
}

impl Collector {
    /// Keeps a till's report, received now from `user`'s session; kept in the state file; its
    /// store's rows count it at once, and the stream hears it. A report whose id its terminal's
    /// kept reports hold already (a replay) is refused, in words, and nothing is kept.
    pub fn record_till(&self, user: &str, report: TillReport) -> Result<Received, String> {
        self.keep_till(Received { at: now_iso(), user: user.to_owned(), report, held: None })
    }

    /// Keeps the reports the store `key`'s agent held (tills in store mode), as it received
    /// them, with the store named by central's definition; `seen`: what was fetched, so that
    /// the next pass asks only for newer ones.
    pub(super) fn record_held(&self, key: &str, seen: HeldMark, held: Vec<HeldReport>) {
        for held in held {
            let mut report = held.report;
            report.store_server = Some(key.to_owned());
            let number = HeldMark { inbox: seen.inbox, last: held.seq }.to_header();
            // A report already kept (its id) is left: the store took it once.
            let _ = self.keep_till(Received {
                at: held.received,
                user: held.user,
                report,
                held: Some(number),
            });
        }
        self.write().held_seen.insert(key.to_owned(), seen);
    }

    /// What the store `key`'s agent held when last fetched.
    pub(super) fn held_seen(&self, key: &str) -> Option<HeldMark> {
        self.read().held_seen.get(key).copied()
    }

    fn keep_till(&self, received: Received) -> Result<Received, String> {
        let now = now_secs();
        let mut s = self.write();
        let kept_before = s.tills.get(&received.report.terminal);
        if let Some(why) =
            received.report.replayed(kept_before.into_iter().flatten().map(|r| &r.report))
        {
            return Err(why);
        }
        let kept = put_report(&mut s, received.clone(), &cutoff(now));
        let store = received.report.store_server.clone().unwrap_or_default();
        let counts = counts_of(&s, &store, &window_start(now));
        let updated = match s.entries.get(&store) {
            Some(entry) => {
                let localized = entry.localized.clone();
                let rows = LANGUAGES.map(|language| {
                    let row = localized[lang_index(language)].clone();
                    with_tills(row, counts.clone(), language)
                });
                s.seq += 1;
                let seq = s.seq;
                let entry = s.entries.get_mut(&store).expect("the entry just read");
                entry.rows = [json(&rows[0]), json(&rows[1])];
                entry.localized = rows;
                entry.seq = seq;
                Some(seq)
            }
            None => None,
        };
        drop(s);
        if let Some(keeper) = &self.keeper {
            keeper.write(crate::keep::Write::Till {
                terminal: received.report.terminal.clone(),
                reports: kept,
            });
        }
        if let Some(seq) = updated {
            let _ = self.updates.send(Update::Row { seq, key: store });
            // The summary's tills too, at most once a second.
            let millis = now_millis();
            let told = self.figures_told.load(std::sync::atomic::Ordering::Relaxed);
            if millis.saturating_sub(told) >= 1_000
                && self
                    .figures_told
                    .compare_exchange(
                        told,
                        millis,
                        std::sync::atomic::Ordering::Relaxed,
                        std::sync::atomic::Ordering::Relaxed,
                    )
                    .is_ok()
            {
                let _ = self.updates.send(Update::Pass);
            }
        }
        Ok(received)
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
            put_report(s, received, &cutoff);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use webpos_version_guard::login::till_report::TillWhen;

    fn received(at: &str, store: &str, outcome: TillOutcome, held: Option<&str>) -> Received {
        Received {
            at: at.into(),
            user: "vallblanca".into(),
            report: TillReport {
                terminal: "VBS-1".into(),
                store_server: Some(store.into()),
                when: TillWhen::Login,
                outcome,
                rule: None,
                central_version: None,
                store_version: None,
                pending_batches: None,
                reason: None,
                total_ms: None,
                id: None,
            },
            held: held.map(str::to_owned),
        }
    }

    #[test]
    fn a_held_report_that_comes_late_takes_its_place_and_does_not_move_the_terminal() {
        let mut s = State::default();
        let cutoff = "2026-12-01T00:00:00Z";
        put_report(
            &mut s,
            received("2026-12-08T10:05:00Z", "store1", TillOutcome::Blocked, None),
            cutoff,
        );
        // Fetched later from store2's agent, but received there earlier: before the block.
        let late = received("2026-12-08T10:01:00Z", "store2", TillOutcome::StoreMode, Some("7.1"));
        let kept = put_report(&mut s, late.clone(), cutoff);
        assert_eq!(
            kept.iter().map(|r| r.at.as_str()).collect::<Vec<_>>(),
            ["2026-12-08T10:01:00Z", "2026-12-08T10:05:00Z"]
        );
        assert!(s.till_stores["store1"].contains("VBS-1"));
        assert!(!s.till_stores.get("store2").is_some_and(|t| t.contains("VBS-1")));
        // The same held report again (the collector started again): kept once.
        assert_eq!(put_report(&mut s, late, cutoff).len(), 2);
        // A later one from store2 moves it.
        put_report(
            &mut s,
            received("2026-12-08T10:09:00Z", "store2", TillOutcome::StoreMode, Some("7.2")),
            cutoff,
        );
        assert!(s.till_stores["store2"].contains("VBS-1"));
        assert!(!s.till_stores["store1"].contains("VBS-1"));
    }
}
