//! docs/RULES.md is the rule's source in the repository: its table and the code's rows say the
//! same (every row, in order, with its outcome).

use webpos_version_guard::login::decision::{Outcome, Rule};

#[test]
fn the_documented_table_is_the_coded_one() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/RULES.md"))
        .expect("docs/RULES.md");
    let rows: Vec<(u8, String)> = doc
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> =
                line.trim().trim_matches('|').split('|').map(str::trim).collect();
            let number = cells.first()?.parse::<u8>().ok()?;
            Some((number, cells.last()?.to_string()))
        })
        .collect();
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
    assert_eq!(rows, coded, "docs/RULES.md's table and decision::Rule differ");
    for (i, rule) in Rule::ALL.iter().enumerate() {
        assert_eq!(usize::from(rule.row()), i + 1, "Rule::ALL is in the table's order");
    }
}
