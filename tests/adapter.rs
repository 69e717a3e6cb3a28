//! The Openbravo adapter (`www/pos/openbravo-version-guard.js`) keeps a few of the guard's words
//! and shapes for when the guard itself cannot say them (its package did not load, or could not
//! attach to the login): they must be the crate's. This reads the adapter's source and checks
//! its fallback texts against `cashier::Label`, the verdict it announces then against
//! `VerdictReport`'s fields, and its default settings against the protocol's names and
//! docs/INTEGRATION.md.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

mod common;

use common::central_report;
use webpos_version_guard::login::decision::{Fetch, Outcome};
use webpos_version_guard::servers::protocol::{LABEL_PREFIX, PREFERENCE_PROPERTY};
use webpos_version_guard::texts::cashier::{Label, Language};
use webpos_version_guard::versions::compare::VersionStatusCode;
use webpos_version_guard::versions::module::ModuleSet;

fn adapter() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/pos/openbravo-version-guard.js"
    ))
    .unwrap()
}

/// The text of the block `start` opens, up to its matching closing brace.
fn block<'a>(source: &'a str, start: &str) -> &'a str {
    let at = source.find(start).unwrap_or_else(|| panic!("the adapter has no {start:?}"));
    let open = at + source[at..].find('{').unwrap();
    let mut depth = 0;
    for (i, c) in source[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &source[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("{start:?} is not closed");
}

/// `name: 'text'` entries of a JavaScript object literal (one per line), unescaped.
fn entries(object: &str) -> Vec<(String, String)> {
    object
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.trim().split_once(": '")?;
            let text = rest.trim_end_matches(',').strip_suffix('\'')?;
            Some((name.to_owned(), text.replace("\\'", "'")))
        })
        .collect()
}

/// The top-level keys of a JavaScript object literal written one `key: value` per line.
fn keys(object: &str) -> BTreeSet<String> {
    let mut depth = 0;
    let mut found = BTreeSet::new();
    for line in object.lines() {
        let line = line.trim();
        if depth == 0 {
            if let Some((key, _)) = line.split_once(':') {
                if key.chars().all(|c| c.is_ascii_alphanumeric()) && !key.is_empty() {
                    found.insert(key.to_owned());
                }
            }
        }
        depth += line.matches(['{', '[']).count() as i32 - line.matches(['}', ']']).count() as i32;
    }
    found
}

#[test]
fn the_fallback_texts_are_the_crate_s_labels() {
    let source = adapter();
    let texts = block(&source, "var TEXTS = {");
    for (language, tag) in [(Language::En, "en: {"), (Language::Es, "es: {")] {
        let words = entries(block(texts, tag));
        assert!(words.len() >= 4, "{tag} has {} texts", words.len());
        let mut shared = 0;
        for (name, text) in &words {
            match Label::ALL.iter().find(|l| l.name() == name) {
                Some(label) => {
                    assert_eq!(
                        text,
                        label.template(language),
                        "{name} ({tag}) differs from the crate's"
                    );
                    shared += 1;
                }
                // The adapter's own words (the guard did not load or attach): in both languages.
                None => assert!(
                    name.starts_with("VersionGuard"),
                    "{name}: neither a crate label nor one of the adapter's own"
                ),
            }
        }
        assert!(shared >= 2, "only {shared} of the adapter's texts are the crate's");
    }
    let en: BTreeSet<String> = entries(block(texts, "en: {")).into_iter().map(|(n, _)| n).collect();
    let es: BTreeSet<String> = entries(block(texts, "es: {")).into_iter().map(|(n, _)| n).collect();
    assert_eq!(en, es, "the adapter's texts differ between languages");
}

#[test]
fn the_verdict_the_adapter_announces_has_the_guard_s_fields() {
    // A check that could not reach the store: row 3, the case the adapter stands in for.
    let report = central_report(
        Fetch::Got(ModuleSet::default()),
        Fetch::Failed("no answer".to_owned()),
        Fetch::Failed("no answer".to_owned()),
    );
    let value = serde_json::to_value(&report).unwrap();
    let guard: BTreeSet<String> = value.as_object().unwrap().keys().cloned().collect();
    let timings: BTreeSet<String> = value["timings"].as_object().unwrap().keys().cloned().collect();
    let source = adapter();
    let verdict = block(&source, "var verdict = {");
    assert_eq!(keys(verdict), guard, "the adapter's verdict (verdictWithout) and VerdictReport");
    let adapter_timings = keys(block(verdict, "timings: {").replace(", ", ",\n").as_str());
    assert_eq!(adapter_timings, timings, "the verdict's timings");
    // Its fixed values are the guard's for a check that could not run (row 3).
    assert_eq!(
        (report.outcome, report.rule, report.status),
        (Outcome::Proceed, 3, Some(VersionStatusCode::Unknown))
    );
    for (field, value) in [
        ("outcome", "'proceed'"),
        ("rule", "3"),
        ("status", "'unknown'"),
        ("statusLabel", &format!("'{}'", report.status_label.unwrap())),
    ] {
        assert!(
            verdict.contains(&format!("{field}: {value},")),
            "the adapter's {field} is not {value}"
        );
    }
}

#[test]
fn the_adapter_s_defaults_are_the_protocol_s_and_the_documented_ones() {
    let source = adapter();
    let defaults = block(&source, "function settings() {");
    let said = |name: &str| {
        defaults
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
            .map(|v| v.trim_end_matches(',').trim_matches('\'').to_owned())
            .unwrap_or_else(|| panic!("the adapter has no default {name}"))
    };
    assert_eq!(said("preferenceProperty"), PREFERENCE_PROPERTY);
    assert_eq!(said("labelPrefix"), LABEL_PREFIX);
    // One default per setting, stated in docs/INTEGRATION.md: the adapter's countdown is on.
    let integration =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/INTEGRATION.md"))
            .unwrap();
    let redirect = said("redirectAfterSeconds");
    assert!(
        integration.contains(&format!("`redirectAfterSeconds`\n(default {redirect};"))
            || integration.contains(&format!("`redirectAfterSeconds` (default {redirect};")),
        "docs/INTEGRATION.md does not state the adapter's redirectAfterSeconds default ({redirect})"
    );
}
