//! A small JSON text writer for the verdict the browser glue hands to the host.
//!
//! The wasm package does not carry serde's serializer machinery (it cost about 10 KB): the glue
//! writes the report with this writer and lets the JS engine's `JSON.parse` build the object.
//! Native tests check that the text parses to exactly what serde's derive would produce.

use crate::text::{push_decimal, push_hex};

/// Appends JSON values to a `String`. Commas are placed automatically.
pub struct JsonWriter {
    out: String,
    /// Whether the next value or key in the current container needs a leading comma.
    need_comma: bool,
}

impl Default for JsonWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self { out: String::with_capacity(1024), need_comma: false }
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn separate(&mut self) {
        if self.need_comma {
            self.out.push(',');
        }
        self.need_comma = true;
    }

    fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.need_comma = false;
    }

    fn close(&mut self, bracket: char) {
        self.out.push(bracket);
        self.need_comma = true;
    }

    /// Opens an object (as a value).
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    /// Closes an object.
    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// Opens an array (as a value).
    pub fn begin_array(&mut self) {
        self.open('[');
    }

    /// Closes an array.
    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// Writes an object key; the next call writes its value.
    pub fn key(&mut self, key: &str) {
        self.separate();
        write_string(&mut self.out, key);
        self.out.push(':');
        self.need_comma = false;
    }

    /// Writes a string value.
    pub fn string(&mut self, value: &str) {
        self.separate();
        write_string(&mut self.out, value);
    }

    /// Writes a string value, or `null`.
    pub fn opt_string(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.string(v),
            None => self.null(),
        }
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.separate();
        self.out.push_str("null");
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.separate();
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// Writes an unsigned integer.
    pub fn uint(&mut self, value: u64) {
        self.separate();
        push_decimal(&mut self.out, value);
    }

    /// Writes a duration in milliseconds rounded to a tenth (e.g. `212.4`); a non-finite or
    /// negative value is written as 0. No float formatting machinery is involved.
    pub fn millis(&mut self, ms: f64) {
        self.separate();
        let tenths = if ms.is_finite() && ms > 0.0 { (ms * 10.0).round() as u64 } else { 0 };
        push_decimal(&mut self.out, tenths / 10);
        if tenths % 10 != 0 {
            self.out.push('.');
            push_decimal(&mut self.out, tenths % 10);
        }
    }

    /// Writes a duration or `null`.
    pub fn opt_millis(&mut self, ms: Option<f64>) {
        match ms {
            Some(ms) => self.millis(ms),
            None => self.null(),
        }
    }
}

/// Appends `value` as a JSON string literal. Quotes, backslashes and control characters are
/// escaped; U+2028/U+2029 too, so the text is also a valid JS literal.
fn write_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u");
                push_hex(out, c as u32, 4);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    fn parse(text: &str) -> serde_json::Value {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn nested_containers_get_commas_in_the_right_places() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("a");
        w.begin_array();
        w.uint(1);
        w.begin_object();
        w.end_object();
        w.null();
        w.end_array();
        w.key("b");
        w.bool(false);
        w.key("c");
        w.opt_string(None);
        w.end_object();
        assert_eq!(w.finish(), r#"{"a":[1,{},null],"b":false,"c":null}"#);
    }

    #[test]
    fn strings_round_trip_through_a_json_parser() {
        let hostile =
            "\"</script><script>alert(1)</script>\\\u{0}\u{1f}\n\t\u{2028}\u{2029}\u{202e}é😀";
        let mut w = JsonWriter::new();
        w.string(hostile);
        let text = w.finish();
        assert_eq!(parse(&text), serde_json::Value::String(hostile.into()));
        assert!(!text.contains('\u{2028}') && !text.contains('\u{0}'));
    }

    #[test]
    fn integers_are_exact() {
        for n in [0, 7, 10, 99, 1_000_000, (1 << 53) - 1, u64::MAX] {
            let mut w = JsonWriter::new();
            w.uint(n);
            assert_eq!(w.finish(), n.to_string());
        }
    }

    #[test]
    fn millis_are_rounded_to_a_tenth() {
        let cases = [
            (0.0, "0"),
            (212.44, "212.4"),
            (212.46, "212.5"),
            (300.0, "300"),
            (0.04, "0"),
            (-3.0, "0"),
            (f64::NAN, "0"),
            (f64::INFINITY, "0"),
        ];
        for (ms, text) in cases {
            let mut w = JsonWriter::new();
            w.millis(ms);
            assert_eq!(w.finish(), text, "{ms}");
        }
    }
}
