//! `www/admin/words.js` is what the crate writes (src/overview/page_words.rs): the page reads the
//! same column headings and status and trend words as the rows and the CSV. A stale file fails
//! here; `WRITE_WORDS=1 cargo test --test page_words` writes it.
#![cfg(not(target_arch = "wasm32"))]

use webpos_version_guard::overview::page_words::{page_words, words_module};
use webpos_version_guard::texts::messages::Language;
use webpos_version_guard::texts::overview_labels::csv_header;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/admin/words.js");

#[test]
fn the_pages_shared_words_are_the_crates() {
    let written = words_module();
    if std::env::var_os("WRITE_WORDS").is_some() {
        std::fs::write(FILE, &written).unwrap();
    }
    let file = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        file == written,
        "www/admin/words.js is not what the crate writes: run WRITE_WORDS=1 cargo test --test page_words"
    );
}

#[test]
fn the_two_spanish_headings_that_differed_read_alike_on_the_page_and_in_the_csv() {
    // The page reads them from `page_words`, the CSV from `csv_header`: both from `headings`.
    let es = page_words(Language::Es).headings;
    assert_eq!((es.checked_at, es.central_version), ("Hora de consulta", "Versión de la central"));
    let csv = csv_header(Language::Es);
    assert_eq!((csv[11], csv[7]), (es.checked_at, es.central_version));
}
