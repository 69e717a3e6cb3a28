//! Small text helpers shared by the validating parsers and the error texts.

use std::fmt::Write;

/// `Ok(())` when `text` is at most `limit` bytes long, else `Err(its length)`.
pub(crate) fn check_len(text: &str, limit: usize) -> Result<(), usize> {
    if text.len() <= limit {
        Ok(())
    } else {
        Err(text.len())
    }
}

/// `items` joined by `separator`: the one join of a list of texts (the standard library's
/// generic join would be another copy in the wasm beside the one `concat` uses).
pub fn joined(items: &[String], separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item);
    }
    out
}

/// Cuts `text` to at most `limit` bytes on a character boundary, marking a cut with `…`
/// (the mark is counted within the limit).
pub fn truncate_with_ellipsis(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    const MARK: &str = "…";
    let mut end = limit.saturating_sub(MARK.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + MARK.len());
    out.push_str(&text[..end]);
    if limit >= MARK.len() {
        out.push_str(MARK);
    }
    out
}

/// `text` in double quotes, for an error message an admin reads. Quotes, backslashes, control
/// characters and the invisible ones that could disguise a value (zero-width, bidi controls,
/// BOM) are written as `\u{…}`, so what the server sent is visible exactly. (`{:?}` would
/// leave bidi controls and zero-width characters as they are.)
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        let n = c as u32;
        let invisible = matches!(n, 0..=0x1f | 0x7f..=0x9f | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2069 | 0xfeff);
        if invisible || c == '"' || c == '\\' {
            let _ = write!(out, "\\u{{{n:x}}}");
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// `text` for a URL's query: every byte but an ASCII letter or digit as `%XX` (upper-case hex),
/// as the `percent-encoding` crate's `NON_ALPHANUMERIC` set writes it (held to it in `tests`),
/// without its 768-byte table in the wasm.
pub fn percent_encoded(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_what_cannot_be_seen() {
        assert_eq!(quoted("1.0"), "\"1.0\"");
        assert_eq!(quoted("a\"b\\"), "\"a\\u{22}b\\u{5c}\"");
        assert_eq!(quoted("\n\u{0}"), "\"\\u{a}\\u{0}\"");
        assert_eq!(quoted("x\u{202e}y\u{200b}\u{feff}"), "\"x\\u{202e}y\\u{200b}\\u{feff}\"");
        assert_eq!(quoted("é😀"), "\"é😀\"");
    }

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(truncate_with_ellipsis("abc", 3), "abc");
        assert_eq!(truncate_with_ellipsis("", 0), "");
    }

    #[test]
    fn cut_lands_on_a_char_boundary_within_the_limit() {
        let cut = truncate_with_ellipsis("ééééé", 8); // 10 bytes; room for 2 é + "…"
        assert_eq!(cut, "éé…");
        assert!(cut.len() <= 8);
    }

    #[test]
    fn a_limit_below_the_mark_never_exceeds_it() {
        assert_eq!(truncate_with_ellipsis("abcdef", 2), "");
        assert_eq!(truncate_with_ellipsis("abcdef", 3), "…");
    }

    #[test]
    fn check_len_reports_the_length() {
        assert_eq!(check_len("abcd", 4), Ok(()));
        assert_eq!(check_len("abcde", 4), Err(5));
    }
}
