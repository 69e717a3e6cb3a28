//! The overview as a CSV file, safe in a spreadsheet whichever separator it splits on.

use crate::overview::row::OverviewRow;
use crate::texts::messages::Language;
use crate::texts::overview_labels as labels;

/// One CSV field (RFC 4180), always quoted, so that it stays one field whichever separator a
/// spreadsheet splits on (`,` or `;`: a file opened with the other one's locale); a field that
/// a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return,
/// also after spaces) gets a `'` first, so server-provided text is never a formula.
pub fn csv_field(text: &str) -> String {
    let formula = text.trim_start_matches(' ').starts_with(['=', '+', '-', '@', '\t', '\r']);
    let guarded = if formula { format!("'{text}") } else { text.to_owned() };
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
        // The differences and the error each in their own column.
        let differences = if r.error.is_some() { "" } else { r.differences_text.as_str() };
        let line = join(&[
            r.key.as_str(),
            r.name.as_str(),
            r.server_status,
            r.reload_status.as_deref().unwrap_or(""),
            r.version_status,
            labels::yes_no(r.blocks_logins, language),
            r.version.as_deref().unwrap_or(""),
            central.unwrap_or(""),
            pending.as_str(),
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
