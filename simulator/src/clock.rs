//! Wall-clock timestamps as ISO 8601 text (the simulator's only use of time for data).

use std::time::{SystemTime, UNIX_EPOCH};

/// `2026-11-24T08:00:00Z` for a system time (UTC, whole seconds; times before 1970 clamp to it).
pub fn iso8601(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    webpos_version_guard::time::iso8601(secs)
}
