//! Small text helpers shared by the validating parsers.

/// `Ok(())` when `text` is at most `limit` bytes long, else `Err(its length)`.
pub(crate) fn check_len(text: &str, limit: usize) -> Result<(), usize> {
    if text.len() <= limit {
        Ok(())
    } else {
        Err(text.len())
    }
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

/// Appends `value` in lowercase hex, zero-padded to at least `min_digits` digits. (Not `{:x}`:
/// the escapes stay free of the formatting machinery.)
pub(crate) fn push_hex(out: &mut String, value: u32, min_digits: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digits = (32 - value.leading_zeros()).div_ceil(4).max(min_digits);
    for shift in (0..digits).rev() {
        out.push(char::from(HEX[((value >> (4 * shift)) & 0xf) as usize]));
    }
}

/// `text` in double quotes, for an error message. Quotes, backslashes, control characters and
/// the invisible ones that could disguise it (zero-width, bidi controls, BOM) are written as
/// `\u{…}`. Used instead of `{:?}`, whose Unicode tables cost about 4 KB of wasm.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        let n = c as u32;
        let invisible = matches!(n, 0..=0x1f | 0x7f..=0x9f | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2069 | 0xfeff);
        if invisible || c == '"' || c == '\\' {
            out.push_str("\\u{");
            push_hex(&mut out, n, 1);
            out.push('}');
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Appends the decimal digits of `value` (without `core::fmt`, which would add kilobytes to
/// the wasm).
pub fn push_decimal(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// The decimal digits of `value`.
pub fn decimal(value: u64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, value);
    out
}

/// Text for people, built by concatenation instead of `core::fmt`, whose formatting machinery
/// would add kilobytes to the wasm. The wasm glue calls [`Describe::describe`]; native code
/// may use `{}` too, through the `Display` that [`display_via_describe!`] derives from it.
pub trait Describe {
    /// The text.
    fn describe(&self) -> String;
}

/// Implements `Display` for types implementing [`Describe`], writing the same text.
macro_rules! display_via_describe {
    ($($type:ty),+ $(,)?) => {
        $(impl core::fmt::Display for $type {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&$crate::text::Describe::describe(self))
            }
        })+
    };
}
pub(crate) use display_via_describe;

/// `items` with `separator` between them: `[String]::join`, in one non-generic copy.
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

/// Where `needle` first occurs in `haystack`: `str::find` without the two-way searcher's
/// code, for the short texts the guard searches.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.as_bytes().windows(needle.len()).position(|w| w == needle.as_bytes())
}

/// `text` as a decimal number: ASCII digits only (no sign, no spaces), `None` when empty or
/// above `u64::MAX`. Smaller in the wasm than `str::parse`.
pub fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_and_find_agree_with_the_standard_library() {
        let items: Vec<String> = ["a", "", "bc"].map(String::from).to_vec();
        for separator in ["", "; ", ","] {
            assert_eq!(joined(&items, separator), items.join(separator));
        }
        assert_eq!(joined(&[], "; "), "");
        for (haystack, needle) in [
            ("https://c/openbravo/web/pos/", "/web/"),
            ("/web/", "/web/"),
            ("no", "/web/"),
            ("é/web/ü/web/", "/web/"),
            ("abc", ""),
            ("", "x"),
        ] {
            assert_eq!(find(haystack, needle), haystack.find(needle), "{haystack} {needle}");
        }
    }

    #[test]
    fn parse_decimal_takes_only_plain_digits() {
        for n in [0, 9, 10, 65_536, u64::MAX] {
            assert_eq!(parse_decimal(&n.to_string()), Some(n));
        }
        for bad in ["", " 1", "1 ", "+1", "-1", "1.0", "1e3", "٣", "18446744073709551616"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("007"), Some(7));
    }

    #[test]
    fn decimal_writes_every_digit() {
        for n in [0, 7, 10, 4_294_967_295, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

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
