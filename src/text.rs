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
