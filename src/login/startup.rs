//! What the WebPOS's start shows, before anyone logs in: from the start's own verdict and
//! whether a block was recorded for this terminal before the last logout (the WebPOS's logout
//! reloads the page). The browser glue (`web::startup`) shows it; nothing here reads the DOM.

use crate::login::decision::{Outcome, Rule};
use crate::login::report::VerdictReport;

/// What the start shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartupView {
    /// The block stands: the message again, with today's facts and the rebuilt offer.
    MessageWithTodaysFacts,
    /// Nothing can be said now (a server is unreachable): the recorded block still counts,
    /// shown with the facts recorded then.
    MessageAsRecorded,
    /// The preference as told before login (central's client-level value, or the value last
    /// seen) is weaker than the records the refusing login read, which only the next login
    /// reads: the recorded block is shown with the facts recorded then.
    MessageAsRecordedDespitePreference,
    /// The block recorded before the last logout no longer holds: it is cleared.
    ClearRecord,
    /// No block recorded, and a login here would be blocked: the notice that says so.
    NoticeBlocked,
    /// No block recorded, and the check cannot run on this till: the notice that says why.
    NoticeCannotCheck,
    /// Nothing to show.
    Nothing,
}

/// What the start shows for its verdict `report`, with a block `recorded` for this terminal
/// or not.
pub fn startup_view(report: &VerdictReport, recorded: bool) -> StartupView {
    let rule = report.decided_by();
    let blocks = rule.map(Rule::outcome) == Some(Outcome::Block);
    match (recorded, rule) {
        (true, _) if blocks => StartupView::MessageWithTodaysFacts,
        (true, Some(Rule::VersionUnknown)) => StartupView::MessageAsRecorded,
        (true, Some(Rule::SkippedByPreference)) => StartupView::MessageAsRecordedDespitePreference,
        (true, _) => StartupView::ClearRecord,
        (false, _) if blocks => StartupView::NoticeBlocked,
        (false, _) if report.cannot_check.is_some() => StartupView::NoticeCannotCheck,
        (false, _) => StartupView::Nothing,
    }
}
