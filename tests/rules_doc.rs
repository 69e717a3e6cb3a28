//! docs/RULES.md is the rule's source in the repository. Its table, the README's and the one
//! in `decision.rs`'s documentation say what the code's rows say: every row, in order, with
//! its outcome (the first word of the outcome cell).

use webpos_version_guard::login::decision::{Outcome, Rule};

/// `(row, outcome)` of every numbered row of the Markdown tables in `text`, whose lines
/// may start with `prefix` (`//! ` in Rust documentation).
fn table_rows(text: &str, prefix: &str) -> Vec<(u8, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim().strip_prefix(prefix).unwrap_or(line.trim());
            let cells: Vec<&str> = line.strip_prefix('|')?.split('|').map(str::trim).collect();
            let number = cells.first()?.parse::<u8>().ok()?;
            let outcome = cells.iter().rev().find(|c| !c.is_empty())?;
            let word = outcome.trim_matches('*').split([';', ',', ' ']).next()?;
            Some((number, word.trim_matches('*').to_lowercase()))
        })
        .collect()
}

#[test]
fn every_copy_of_the_table_is_the_coded_one() {
    let coded: Vec<(u8, String)> = Rule::ALL
        .iter()
        .map(|rule| {
            let outcome = match rule.outcome() {
                Outcome::Proceed => "proceed",
                Outcome::Block => "block",
            };
            (rule.row(), outcome.to_owned())
        })
        .collect();
    for (i, rule) in Rule::ALL.iter().enumerate() {
        assert_eq!(usize::from(rule.row()), i + 1, "Rule::ALL is in the table's order");
    }
    for (file, prefix) in
        [("docs/RULES.md", ""), ("README.md", ""), ("src/login/decision.rs", "//! ")]
    {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect(file);
        assert_eq!(table_rows(&text, prefix), coded, "{file}'s table and decision::Rule differ");
    }
}
