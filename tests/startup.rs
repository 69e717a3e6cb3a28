//! What the WebPOS's start shows (`login::startup::startup_view`), for every decision-table row,
//! with and without a block recorded before the last logout, with and without a reason the
//! check cannot run: the table the browser glue used to hold, now the core's.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{central_report, set};
use webpos_version_guard::login::decision::{Fetch, Outcome, Rule};
use webpos_version_guard::login::preference::PreferenceState;
use webpos_version_guard::login::startup::{startup_view, StartupView};

/// The table, row by row as docs/ARCHITECTURE.md's start describes it.
fn expected(recorded: bool, rule: Rule, cannot_check: bool) -> StartupView {
    use StartupView::*;
    let blocks = matches!(rule, Rule::DifferentWithPending | Rule::DifferentPendingUnknown);
    match (recorded, rule) {
        (true, _) if blocks => MessageWithTodaysFacts,
        (true, Rule::VersionUnknown) => MessageAsRecorded,
        (true, Rule::SkippedByPreference) => MessageAsRecordedDespitePreference,
        (true, _) => ClearRecord,
        (false, _) if blocks => NoticeBlocked,
        (false, _) if cannot_check => NoticeCannotCheck,
        (false, _) => Nothing,
    }
}

#[test]
fn every_row_with_and_without_a_record_and_a_reason() {
    let base = central_report(
        Fetch::Got(set(&[("pos", "1.8.4600")])),
        Fetch::Got(set(&[("pos", "1.8.4503")])),
        Fetch::Got(3),
    );
    let mut seen = std::collections::HashSet::new();
    for rule in Rule::ALL {
        for recorded in [false, true] {
            for cannot_check in [false, true] {
                let mut report = base.clone();
                report.rule = rule.row();
                report.outcome = rule.outcome();
                report.cannot_check = cannot_check.then(|| "the browser refused".to_owned());
                let view = startup_view(&report, recorded);
                assert_eq!(
                    view,
                    expected(recorded, rule, cannot_check),
                    "{rule:?} {recorded} {cannot_check}"
                );
                assert_eq!(report.blocks(), rule.outcome() == Outcome::Block);
                seen.insert(format!("{view:?}"));
            }
        }
    }
    assert_eq!(seen.len(), 7, "every view is reachable: {seen:?}");
    // A row outside the table decides nothing: no message, no notice.
    let mut stray = base.clone();
    stray.rule = 9;
    assert_eq!(startup_view(&stray, false), StartupView::Nothing);
    assert_eq!(startup_view(&stray, true), StartupView::ClearRecord);
    assert!(!stray.blocks());
}

#[test]
fn what_a_login_leaves_the_till_to_remember_of_the_preference() {
    let mut report = central_report(
        Fetch::Got(set(&[("pos", "1.8.4600")])),
        Fetch::Got(set(&[("pos", "1.8.4600")])),
        Fetch::Got(0),
    );
    for (finding, seen) in [
        (PreferenceState::HonouredY, Some(true)),
        (PreferenceState::HonouredN, Some(false)),
        (PreferenceState::NotSet, Some(false)),
        (PreferenceState::NotHonoured, Some(false)),
        (PreferenceState::Conflict, Some(false)),
        (PreferenceState::Unavailable, None),
    ] {
        report.ignore_version_check = finding;
        assert_eq!(report.preference_seen(), seen, "{finding:?}");
    }
}
