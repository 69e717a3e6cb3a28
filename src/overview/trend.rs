//! Which way a store's pending count is going over the session, in the overview's words.

use serde::Serialize;

use crate::texts::cashier::Language;

/// Which way a store's pending count is going over the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PendingTrend {
    /// Fewer batches than a few passes ago.
    Draining,
    /// More batches than a few passes ago.
    Growing,
    /// The same count.
    Steady,
    /// Fewer than two counts known: no trend yet.
    #[default]
    New,
}

/// How many of the latest known counts the trend looks back over.
pub const TREND_WINDOW: usize = 5;

/// The trend of the counts seen so far (oldest first; `None` where the count was unknown):
/// the latest known count against the oldest of the last [`TREND_WINDOW`] known ones.
pub fn pending_trend(counts: &[Option<u64>]) -> PendingTrend {
    let known: Vec<u64> = counts.iter().flatten().copied().collect();
    let recent = &known[known.len().saturating_sub(TREND_WINDOW)..];
    match recent {
        [first, .., last] if last < first => PendingTrend::Draining,
        [first, .., last] if last > first => PendingTrend::Growing,
        [_, .., _] => PendingTrend::Steady,
        _ => PendingTrend::New,
    }
}

/// The trend in words.
pub fn pending_trend_label(trend: PendingTrend, language: Language) -> &'static str {
    match (language, trend) {
        (Language::En, PendingTrend::Draining) => "draining",
        (Language::En, PendingTrend::Growing) => "growing",
        (Language::En, PendingTrend::Steady) => "steady",
        (Language::Es, PendingTrend::Draining) => "bajando",
        (Language::Es, PendingTrend::Growing) => "subiendo",
        (Language::Es, PendingTrend::Steady) => "estable",
        (_, PendingTrend::New) => "",
    }
}
