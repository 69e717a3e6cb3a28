//! What a store's tills went through, from their reports (issue #39): counted over a window
//! the caller gives (the collector: the last hour), pure. A till counts once for each measure:
//! blocked when one of its reports in the window is a block; could not check, or under the hot
//! fix, when its last report in the window says so.

use serde::Serialize;

use crate::login::till_report::TillOutcome;

/// The most reasons a row lists for its tills that could not check.
pub const REASONS_SHOWN: usize = 3;

/// A store's tills over the window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TillCounts {
    /// Tills that reported in the window.
    pub reporting: u32,
    /// Tills with a blocked login in the window.
    pub blocked: u32,
    /// Tills whose last check in the window could not run (or whose guard did not load).
    pub could_not_check: u32,
    /// Their reasons, distinct, the first [`REASONS_SHOWN`].
    pub reasons: Vec<String>,
    /// Tills whose last check in the window was skipped by the hot fix.
    pub hot_fix: u32,
}

impl TillCounts {
    /// Whether no till reported in the window.
    pub fn is_none(&self) -> bool {
        *self == Self::default()
    }
}

/// One till's reports: (when received, ISO 8601; outcome; reason), oldest first.
pub type TillHistory<'a> = &'a [(&'a str, TillOutcome, Option<&'a str>)];

/// Counts `tills` over the reports received at or after `since` (ISO 8601, as the reports'
/// times are written).
pub fn till_counts<'a>(
    tills: impl IntoIterator<Item = TillHistory<'a>>,
    since: &str,
) -> TillCounts {
    let mut counts = TillCounts::default();
    for reports in tills {
        let recent: Vec<_> = reports.iter().filter(|(at, _, _)| *at >= since).collect();
        let Some((_, last, reason)) = recent.last() else { continue };
        counts.reporting += 1;
        counts.blocked += u32::from(recent.iter().any(|(_, o, _)| *o == TillOutcome::Blocked));
        match last {
            TillOutcome::CouldNotCheck | TillOutcome::GuardNotLoaded => {
                counts.could_not_check += 1;
                if let Some(reason) = reason {
                    if counts.reasons.len() < REASONS_SHOWN
                        && !counts.reasons.iter().any(|r| r == reason)
                    {
                        counts.reasons.push((*reason).to_owned());
                    }
                }
            }
            TillOutcome::HotFix => counts.hot_fix += 1,
            _ => {}
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use TillOutcome::*;

    #[test]
    fn each_till_counts_once_over_the_window() {
        let a = [("2026-12-07T09:00:00Z", Blocked, None), ("2026-12-07T10:10:00Z", Blocked, None)];
        let b = [
            ("2026-12-07T10:20:00Z", Blocked, None),
            ("2026-12-07T10:30:00Z", CouldNotCheck, Some("timed out")),
        ];
        let c = [("2026-12-07T10:40:00Z", HotFix, None)];
        let d = [("2026-12-07T08:00:00Z", Blocked, None)];
        let e = [("2026-12-07T10:41:00Z", GuardNotLoaded, Some("timed out"))];
        let counts = till_counts([&a[..], &b[..], &c[..], &d[..], &e[..]], "2026-12-07T10:00:00Z");
        assert_eq!(
            counts,
            TillCounts {
                reporting: 4,
                blocked: 2,
                could_not_check: 2,
                reasons: vec!["timed out".into()],
                hot_fix: 1
            }
        );
    }
}
