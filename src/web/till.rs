//! The till's report of a login's check to central's collector (issue #39): the core's
//! `TillReport` of the verdict, sent to the server the page came from with `sendBeacon` (a
//! POST with the session's cookie that the browser delivers even when the page unloads or the
//! logout reloads it), before the logout. What it cannot send is a diagnostic, never an error.

use super::options::Options;
use crate::login::decision::LoadOrigin;
use crate::login::report::VerdictReport;
use crate::login::till_report::TillReport;
use crate::servers::protocol::TILL_REPORT_PATH;

/// Sends the report of `verdict`, unless the page came from the store (store mode: no
/// collector runs there); a note in the verdict's diagnostics when the browser would not.
pub(super) fn send(options: &Options, verdict: &mut VerdictReport) {
    if verdict.loaded_from == LoadOrigin::StoreMode {
        return;
    }
    let report = TillReport::of(verdict);
    let body = Some(report.to_json());
    let url = [options.server_url.as_str(), "/", TILL_REPORT_PATH].concat();
    let sent = web_sys::window().zip(body).is_some_and(|(window, body)| {
        window.navigator().send_beacon_with_opt_str(&url, Some(&body)).unwrap_or(false)
    });
    if !sent {
        verdict.diagnostics.push(format!("The check's report could not be sent to {url}."));
    }
}
