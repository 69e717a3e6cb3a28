//! The words the overview page shares with the rows and the CSV (the column headings, the
//! version statuses, the pending trend), written out for the page
//! as `www/admin/words.js`, so that the page and the CSV read one source. `tests/page_words.rs`
//! keeps the file equal to what [`words_module`] writes (`WRITE_WORDS=1 cargo test --test
//! page_words` writes it).

use serde::Serialize;

use crate::overview::trend::{pending_trend_label, PendingTrend};
use crate::texts::messages::Language;
use crate::texts::overview_labels::{headings, version_status, Headings};
use crate::versions::compare::VersionStatus;

/// The shared words of one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageWords {
    /// The column headings (the table, the details, Modules by Server, the CSV).
    pub headings: Headings,
    /// The version statuses, by code.
    pub version_status: VersionStatusWords,
    /// The pending trend, by code (a store with one count so far has none).
    pub trend: TrendWords,
}

/// The version statuses' words, by code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct VersionStatusWords {
    /// Same as Central.
    pub same: &'static str,
    /// Different from Central.
    pub different: &'static str,
    /// Unknown.
    pub unknown: &'static str,
}

/// The pending trend's words, by code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TrendWords {
    /// Fewer batches pending than before.
    pub draining: &'static str,
    /// More.
    pub growing: &'static str,
    /// As many.
    pub steady: &'static str,
}

/// The shared words of `language`.
pub fn page_words(language: Language) -> PageWords {
    let status = |s: VersionStatus| version_status(&s, language);
    let trend = |t: PendingTrend| pending_trend_label(t, language);
    PageWords {
        headings: headings(language),
        version_status: VersionStatusWords {
            same: status(VersionStatus::SameAsCentral),
            different: status(VersionStatus::DifferentFromCentral),
            unknown: status(VersionStatus::Unknown { error: String::new() }),
        },
        trend: TrendWords {
            draining: trend(PendingTrend::Draining),
            growing: trend(PendingTrend::Growing),
            steady: trend(PendingTrend::Steady),
        },
    }
}

/// `www/admin/words.js`: an ES module exporting `words`, both languages' shared words (written
/// natively: the guard's wasm carries no serde_json).
#[cfg(not(target_arch = "wasm32"))]
pub fn words_module() -> String {
    #[derive(Serialize)]
    struct Both {
        en: PageWords,
        es: PageWords,
    }
    let both = Both { en: page_words(Language::En), es: page_words(Language::Es) };
    let json = serde_json::to_string_pretty(&both).unwrap_or_default();
    format!(
        "// Written by the crate (src/overview/page_words.rs; WRITE_WORDS=1 cargo test --test page_words):\n// the overview's words that the page shares with the rows and the CSV. Do not edit.\nexport const words = {json};\n"
    )
}
