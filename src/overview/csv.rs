//! The overview as a CSV file, safe in a spreadsheet whichever separator it splits on.

use crate::overview::row::OverviewRow;
use crate::texts::cashier::Language;
use crate::texts::overview as labels;

/// What a spreadsheet runs as a formula when a cell starts with it (also after spaces).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Where a cell may start when a reader splits the line on the other separator, or when its
/// quotes go astray: after a `,`, a `;` or a line end inside the text.
const CELL_BOUNDARIES: [char; 4] = [',', ';', '\n', '\r'];

/// One CSV field (RFC 4180), always quoted, so that it stays one field for a reader that splits
/// on the file's own separator. Server-provided text is never a formula whichever separator a
/// spreadsheet splits on: a reader that splits the English file on `;` (or the Spanish one on
/// `,`) takes a quote in the middle of a cell as a literal character, so every place where a
/// cell could start (the field's start, and after each `,`, `;` or line end) gets a `'` when
/// what follows (past spaces and quotes) is a formula's first character (`=`, `+`, `-`, `@`,
/// tab, carriage return).
pub fn csv_field(text: &str) -> String {
    let mut guarded = String::with_capacity(text.len() + 2);
    let mut cell_start = true;
    for (at, c) in text.char_indices() {
        if cell_start {
            let next = text[at..].trim_start_matches([' ', '"']).chars().next();
            if next.is_some_and(|n| FORMULA_STARTS.contains(&n)) {
                guarded.push('\'');
            }
        }
        guarded.push(c);
        cell_start = CELL_BOUNDARIES.contains(&c);
    }
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// The rows as CSV in `language` (CRLF line ends, header first; comma-separated, or
/// semicolon-separated in Spanish), with whether each store blocks logins now and central's
/// server version `central` beside each store's.
pub fn to_csv<'a>(
    rows: impl IntoIterator<Item = &'a OverviewRow>,
    language: Language,
    central: Option<&str>,
) -> String {
    let separator = labels::csv_separator(language);
    let join = |fields: &[&str]| -> String {
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        quoted.join(&separator.to_string())
    };
    // A UTF-8 byte order mark first, so that spreadsheets read non-ASCII names right; the
    // header is our own words (no separator, no quote), every other field quoted.
    let mut out = String::from("\u{feff}");
    out.push_str(&labels::csv_header(language).join(&separator.to_string()));
    out.push_str("\r\n");
    for r in rows {
        let pending = r.pending_batches.map(|p| p.to_string()).unwrap_or_default();
        let (blocked, unchecked) =
            (r.tills.blocked.to_string(), r.tills.could_not_check.to_string());
        // The differences and the error each in their own column.
        let differences = if r.error.is_some() { "" } else { r.differences_text.as_str() };
        let line = join(&[
            r.key.as_str(),
            r.name.as_str(),
            r.server_status,
            r.reload_status.as_deref().unwrap_or(""),
            r.rebuild_status.as_deref().unwrap_or(""),
            r.version_status,
            labels::yes_no(r.blocks_logins, language),
            r.version.as_deref().unwrap_or(""),
            central.unwrap_or(""),
            pending.as_str(),
            blocked.as_str(),
            unchecked.as_str(),
            differences,
            r.error.as_deref().unwrap_or(""),
            r.checked_at.as_deref().unwrap_or(""),
            r.url.as_str(),
        ]);
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}
