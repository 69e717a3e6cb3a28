//! The words the overview page shares with the rows and the CSV (the column headings, the
//! version statuses, the pending trend), written out for the page
//! as `www/admin/texts.js`, so that the page and the CSV read one source. `tests/page_texts.rs`
//! keeps the file equal to what [`texts_module`] writes (`WRITE_TEXTS=1 cargo test --test
//! page_texts` writes it).

use serde::Serialize;

use crate::overview::trend::{pending_trend_label, PendingTrend};
use crate::texts::cashier::Language;
use crate::texts::overview::{headings, version_status, Headings};
use crate::versions::compare::VersionStatus;

/// The shared words of one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageTexts {
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
pub fn page_texts(language: Language) -> PageTexts {
    let status = |s: VersionStatus| version_status(&s, language);
    let trend = |t: PendingTrend| pending_trend_label(t, language);
    PageTexts {
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

/// `www/admin/texts.js`: an ES module exporting `words`, both languages' shared words (written
/// natively: the guard's wasm carries no serde_json).
#[cfg(not(target_arch = "wasm32"))]
pub fn texts_module() -> String {
    #[derive(Serialize)]
    struct Both {
        en: PageTexts,
        es: PageTexts,
    }
    let both = Both { en: page_texts(Language::En), es: page_texts(Language::Es) };
    let json = serde_json::to_string_pretty(&both).unwrap_or_default();
    format!(
        "// Written by the crate (src/overview/page_texts.rs; WRITE_TEXTS=1 cargo test --test page_texts):\n// the overview's words that the page shares with the rows and the CSV. Do not edit.\nexport const words = {json};\n"
    )
}
