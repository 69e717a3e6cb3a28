//! `www/admin/texts.js` is what the crate writes (src/overview/page_texts.rs): the page reads the
//! same column headings and status and trend words as the rows and the CSV. A stale file fails
//! here; `WRITE_TEXTS=1 cargo test --test page_texts` writes it.
#![cfg(not(target_arch = "wasm32"))]

use webpos_version_guard::overview::page_texts::{page_texts, texts_module};
use webpos_version_guard::texts::cashier::Language;
use webpos_version_guard::texts::overview::csv_header;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/admin/texts.js");

#[test]
fn the_pages_shared_words_are_the_crates() {
    let written = texts_module();
    if std::env::var_os("WRITE_TEXTS").is_some() {
        std::fs::write(FILE, &written).unwrap();
    }
    let file = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        file == written,
        "www/admin/texts.js is not what the crate writes: run WRITE_TEXTS=1 cargo test --test page_texts"
    );
}

#[test]
fn the_two_spanish_headings_that_differed_read_alike_on_the_page_and_in_the_csv() {
    // The page reads them from `page_texts`, the CSV from `csv_header`: both from `headings`.
    let es = page_texts(Language::Es).headings;
    assert_eq!((es.checked_at, es.central_version), ("Hora de consulta", "Versión de la central"));
    let csv = csv_header(Language::Es);
    assert_eq!((csv[14], csv[8]), (es.checked_at, es.central_version));
}
