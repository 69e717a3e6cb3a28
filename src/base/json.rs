//! JSON text into serde types, and JSON strings written out: the guard's own reader, so that
//! the wasm carries no serde_json (issue #37: its deserializers were a quarter of the guard's
//! code, its float formatting an eighth).
//!
//! The reader accepts and rejects exactly what `serde_json::from_str` does for the same type
//! and gives the same values (`tests/json.rs` runs the project's corpus and generated
//! documents through both, natively; `tests/web.rs` runs the corpus through the wasm): RFC 8259
//! syntax, nesting at most 128 deep, strings with their escapes and surrogate pairs (a lone
//! surrogate is an error), no control character inside a string, an integer as `u64` or `i64`
//! when it fits and as a float otherwise, `-0` as a float, a float that overflows an error,
//! nothing after the value but whitespace. Duplicate keys are the type's business, as with
//! serde_json: a struct refuses a field given twice, a map keeps the last.
//!
//! Its errors are words for an admin, in serde_json's form (`invalid type: integer `42`,
//! expected a string at line 1 column 9`), written without the formatting machinery of
//! floats: a number that could not be taken is shown as the server wrote it.

use std::fmt::{self, Display, Write as _};

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, Expected, IntoDeserializer,
    MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor,
};

use crate::base::text::quoted;

/// Arrays and objects may nest less deep than this (serde_json's limit: 127 levels).
pub const MAX_DEPTH: u32 = 128;

/// The newtype name by which a type asks for a number's text as JSON wrote it: the reader
/// gives a number as bytes (`visit_borrowed_bytes`), which JSON has no other way to give, and
/// anything else as usual (serde_json's `RawValue` asks the same way).
pub const RAW_NUMBER: &str = "$webpos_version_guard::json::number";

/// The newtype name by which a type asks the reader to step over a value, checking only its
/// syntax, and to keep its place ([`Read::kept`]), to be read later as another type with
/// [`from_str_at`]: one reading of a service's envelope for every service, its data read as
/// each service's type where it stands (`servers::json`).
pub const KEPT_VALUE: &str = "$webpos_version_guard::json::kept";

/// Stands for a float's text in a message until the reader, which holds the text, puts it in.
const FLOAT_MARK: &str = "\u{0}float\u{0}";

/// Why a text could not be read as the type asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Line and column (1-based, columns in bytes) where reading stopped; 0 when unknown.
    line: usize,
    column: usize,
    /// The byte where reading stopped (which of two errors came first in the text).
    at: usize,
}

impl Error {
    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Of two errors met reading the same text, the one a single reading from its start
    /// meets first (the earlier stop; `self` when both stop at the same byte).
    pub fn first(self, other: Self) -> Self {
        if other.at < self.at {
            other
        } else {
            self
        }
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// `Unexpected` in serde's words, with a float left for the reader to fill in.
struct Found<'a>(Unexpected<'a>);

impl Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(_) => write!(f, "floating point `{FLOAT_MARK}`"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {}", quoted(s)),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

impl de::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Self { message: message.to_string(), line: 0, column: 0, at: 0 }
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::custom(format_args!("invalid type: {}, expected {expected}", Found(found)))
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::custom(format_args!("invalid value: {}, expected {expected}", Found(found)))
    }
}

/// Reads `text` as one JSON value of type `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    from_str_keeping(text).value
}

/// A reading of a whole text, and where its [`KEPT_VALUE`] stands, when it reached one
/// (even if reading failed after it).
pub struct Read<T> {
    /// The value, or why the text is not one.
    pub value: Result<T, Error>,
    /// The first kept value's place.
    pub kept: Option<Kept>,
}

/// Where a value stepped over stands in its text: where it starts and how deep.
#[derive(Clone, Copy, Debug)]
pub struct Kept {
    at: usize,
    depth: u32,
}

/// Reads `text` as one JSON value of type `T`, which may keep one value's place.
pub fn from_str_keeping<T: DeserializeOwned>(text: &str) -> Read<T> {
    let mut reader = Reader::new(text);
    let value = T::deserialize(&mut reader).and_then(|value| {
        reader.skip_whitespace();
        match reader.peek() {
            None => Ok(value),
            Some(_) => Err(reader.error("trailing characters")),
        }
    });
    Read { value: value.map_err(|e| reader.locate(e)), kept: reader.kept }
}

/// Reads the value kept at `kept` in `text` as `T` (what follows it is not read); an error
/// is placed in the whole text, as one reading of the text would place it.
pub fn from_str_at<T: DeserializeOwned>(text: &str, kept: Kept) -> Result<T, Error> {
    let mut reader = Reader::new(text);
    reader.at = kept.at;
    reader.depth = kept.depth;
    T::deserialize(&mut reader).map_err(|e| reader.locate(e))
}

/// Appends `text` to `out` as a JSON string, escaped as serde_json escapes it: `"`, `\` and
/// the control characters; everything else as it is.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The reader over one text.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
    depth: u32,
    /// Where the last number read starts and ends, to show it in a message.
    number: (usize, usize),
    /// Where the first [`KEPT_VALUE`] stands.
    kept: Option<Kept>,
}

/// A number as JSON wrote it, classified as serde_json classifies it.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader { text: text.as_bytes(), at: 0, depth: 0, number: (0, 0), kept: None }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not consumed; an error at the end of the text.
    #[inline(never)]
    fn next_token(&mut self, what: &str) -> Result<u8, Error> {
        self.skip_whitespace();
        self.peek().ok_or_else(|| self.error_eof(what))
    }

    #[inline(never)]
    fn error(&self, message: &str) -> Error {
        self.locate(Error { message: message.to_owned(), line: 0, column: 0, at: 0 })
    }

    fn error_eof(&self, what: &str) -> Error {
        self.error(&format!("EOF while parsing {what}"))
    }

    /// `e` with the position reading stopped at, unless it has one.
    #[inline(never)]
    fn locate(&self, mut e: Error) -> Error {
        if e.line == 0 {
            let end = self.at.min(self.text.len());
            let before = &self.text[..end];
            e.line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            e.column = end - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            e.at = end;
        }
        e
    }

    /// A visitor's error about the number just read, with its text where the float goes.
    #[inline(never)]
    fn with_number(&self, mut e: Error) -> Error {
        // Found by its first character, a NUL, and compared there: no substring searcher in
        // the wasm for this one use.
        let mut from = 0;
        while let Some(at) = e.message[from..].find('\u{0}').map(|at| from + at) {
            if e.message[at..].starts_with(FLOAT_MARK) {
                let (start, end) = self.number;
                let text = std::str::from_utf8(&self.text[start..end]).unwrap_or("?");
                let rest = &e.message[at + FLOAT_MARK.len()..];
                e.message = [&e.message[..at], text, rest].concat();
                break;
            }
            from = at + 1;
        }
        e
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        for &expected in word {
            match self.peek() {
                None => return Err(self.error_eof("a value")),
                Some(b) if b == expected => self.at += 1,
                Some(_) => return Err(self.error("expected ident")),
            }
        }
        Ok(())
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    /// A number at the reader's position (on `-` or a digit).
    #[inline(never)]
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err(self.error_eof("a value")),
            Some(_) => return Err(self.error("invalid number")),
        }
        let int_end = self.at;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            float = true;
            if self.digits() == 0 {
                return Err(match self.peek() {
                    None => self.error_eof("a value"),
                    Some(_) => self.error("invalid number"),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(match self.peek() {
                    None => self.error_eof("a value"),
                    Some(_) => self.error("invalid number"),
                });
            }
        }
        self.number = (start, self.at);
        let digits = |from: usize, to: usize| self.text[from..to].iter().map(|d| d - b'0');
        let mut parts = Parts::default();
        for d in digits(int_start, int_end) {
            parts.integer_digit(d);
        }
        if !float {
            return parts.integer(negative).ok_or_else(|| self.error("number out of range"));
        }
        let mut at = int_end;
        if self.text.get(at) == Some(&b'.') {
            let frac_start = at + 1;
            at = frac_start;
            while let Some(b'0'..=b'9') = self.text.get(at) {
                at += 1;
            }
            for d in digits(frac_start, at) {
                parts.fraction_digit(d);
            }
        }
        if let Some(b'e' | b'E') = self.text.get(at) {
            at += 1;
            let positive = match self.text.get(at) {
                Some(b'-') => false,
                Some(b'+') => true,
                _ => true,
            };
            if let Some(b'+' | b'-') = self.text.get(at) {
                at += 1;
            }
            parts.exponent(positive, digits(at, self.at));
        }
        match parts.float() {
            Some(f) => Ok(Number::Float(if negative { -f } else { f })),
            None => Err(self.error("number out of range")),
        }
    }

    fn hex4(&mut self) -> Result<u16, Error> {
        // Four bytes or the end of the text, as serde_json reads an escape.
        if self.text.len() - self.at < 4 {
            self.at = self.text.len();
            return Err(self.error_eof("a string"));
        }
        let mut n: u16 = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(self.error_eof("a string")),
                Some(b) => (b as char).to_digit(16),
            };
            let Some(digit) = digit else { return Err(self.error("invalid escape")) };
            self.at += 1;
            n = n * 16 + digit as u16;
        }
        Ok(n)
    }

    /// A string at the reader's position (on its `"`): borrowed from the text when it has no
    /// escape.
    #[inline(never)]
    fn string(&mut self) -> Result<Text<'a>, Error> {
        self.at += 1;
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(b) = self.peek() else { return Err(self.error_eof("a string")) };
            match b {
                b'"' => {
                    let tail = self.slice(run, self.at);
                    self.at += 1;
                    return Ok(match owned {
                        None => Text::Borrowed(tail),
                        Some(mut text) => {
                            text.push_str(tail);
                            Text::Owned(text)
                        }
                    });
                }
                b'\\' => {
                    let before = self.slice(run, self.at);
                    owned.get_or_insert_with(String::new).push_str(before);
                    self.at += 1;
                    let Some(escape) = self.peek() else {
                        return Err(self.error_eof("a string"));
                    };
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    owned.get_or_insert_with(String::new).push(c);
                    run = self.at;
                }
                0..=0x1f => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                _ => self.at += 1,
            }
        }
    }

    /// The character of a `\u` escape (after its `u`), a surrogate pair's two escapes together.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.error("lone leading surrogate in hex escape")),
            0xD800..=0xDBFF => {
                if self.text.get(self.at..self.at + 2) != Some(b"\\u") {
                    return Err(match self.peek() {
                        None => self.error_eof("a string"),
                        Some(_) => self.error("unexpected end of hex escape"),
                    });
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            n => u32::from(n),
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    /// The text between two byte positions, which lie on character boundaries of a `&str`.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        std::str::from_utf8(&self.text[start..end]).unwrap_or_default()
    }

    /// A type's refusal of `token`, in serde's words.
    #[inline(never)]
    fn refuse(&self, token: &Token<'_>, expected: &dyn Expected) -> Error {
        let found = match token {
            Token::Null => Unexpected::Unit,
            Token::Bool(b) => Unexpected::Bool(*b),
            Token::Str(text) => Unexpected::Str(text.as_str()),
            Token::Number(Number::Unsigned(n)) => Unexpected::Unsigned(*n),
            Token::Number(Number::Signed(n)) => Unexpected::Signed(*n),
            Token::Number(Number::Float(f)) => Unexpected::Float(*f),
            Token::List => Unexpected::Seq,
            Token::Object => Unexpected::Map,
        };
        self.with_number(de::Error::invalid_type(found, expected))
    }

    /// The next value's token (kept out of the code each type's visitor is compiled into).
    #[inline(never)]
    fn token(&mut self) -> Result<Token<'a>, Error> {
        Ok(match self.next_token("a value")? {
            b'n' => {
                self.literal(b"null")?;
                Token::Null
            }
            b't' => {
                self.literal(b"true")?;
                Token::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Token::Bool(false)
            }
            b'"' => Token::Str(self.string()?),
            b'-' | b'0'..=b'9' => Token::Number(self.number()?),
            b'[' => {
                self.enter()?;
                self.at += 1;
                Token::List
            }
            b'{' => {
                self.enter()?;
                self.at += 1;
                Token::Object
            }
            _ => return Err(self.error("expected value")),
        })
    }

    /// Steps over one value, checking its syntax.
    #[inline(never)]
    fn skip_value(&mut self) -> Result<(), Error> {
        match self.next_token("a value")? {
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'[' => {
                self.enter()?;
                self.at += 1;
                let mut first = true;
                while self.more(b']', &mut first, "a list", false)? {
                    self.skip_value()?;
                }
                self.close(b']', "a list")
            }
            b'{' => {
                self.enter()?;
                self.at += 1;
                let mut first = true;
                while self.more(b'}', &mut first, "an object", false)? {
                    self.key_colon()?;
                    self.skip_value()?;
                }
                self.close(b'}', "an object")
            }
            _ => Err(self.error("expected value")),
        }
    }

    /// An object's key up to its `:`, without reading it.
    fn key_colon(&mut self) -> Result<(), Error> {
        if self.next_token("an object")? != b'"' {
            return Err(self.error("key must be a string"));
        }
        self.string()?;
        self.colon()
    }

    #[inline(never)]
    fn colon(&mut self) -> Result<(), Error> {
        if self.next_token("an object")? != b':' {
            return Err(self.error("expected `:`"));
        }
        self.at += 1;
        Ok(())
    }

    /// The end of a list or an object the visitor stopped reading.
    #[inline(never)]
    fn close(&mut self, close: u8, what: &str) -> Result<(), Error> {
        self.depth -= 1;
        match self.next_token(what)? {
            b if b == close => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.error("trailing characters")),
        }
    }
}

/// A number's parts as serde_json accumulates them, so that its value is serde_json's to the
/// bit: the digits a `u64` holds, further integer digits counted into the exponent and further
/// fraction digits dropped, the value then the significand times a power of ten from a table
/// (serde_json's default reading, not always correctly rounded: the guard takes no float, but
/// both readers must read the same).
#[derive(Default)]
struct Parts {
    significand: u64,
    /// The power of ten the significand is multiplied by.
    exponent: i32,
    /// The significand took all the integer digits it can hold.
    long: bool,
    /// The significand took all the fraction digits it can hold.
    fraction_done: bool,
    /// The written exponent overflowed an `i32`; whether it was positive.
    exponent_overflow: Option<bool>,
}

/// Whether `a * 10 + b` exceeds `max` (serde_json's test).
fn overflows(a: u64, b: u64, max: u64) -> bool {
    a >= max / 10 && (a > max / 10 || b > max % 10)
}

impl Parts {
    fn integer_digit(&mut self, d: u8) {
        let d = u64::from(d);
        if self.long || overflows(self.significand, d, u64::MAX) {
            self.long = true;
            self.exponent += 1;
        } else {
            self.significand = self.significand * 10 + d;
        }
    }

    fn fraction_digit(&mut self, d: u8) {
        let d = u64::from(d);
        if self.fraction_done || overflows(self.significand, d, u64::MAX) {
            self.fraction_done = true;
        } else {
            self.significand = self.significand * 10 + d;
            self.exponent -= 1;
        }
    }

    fn exponent(&mut self, positive: bool, digits: impl Iterator<Item = u8>) {
        let mut written: i32 = 0;
        for d in digits {
            if overflows(written as u64, u64::from(d), i32::MAX as u64) {
                self.exponent_overflow = Some(positive);
                return;
            }
            written = written * 10 + i32::from(d);
        }
        self.exponent = if positive {
            self.exponent.saturating_add(written)
        } else {
            self.exponent.saturating_sub(written)
        };
    }

    /// An integer without fraction or exponent: `u64`, else `i64`, else a float (`-0` too).
    fn integer(self, negative: bool) -> Option<Number> {
        if self.long {
            return self.float().map(|f| Number::Float(if negative { -f } else { f }));
        }
        if !negative {
            return Some(Number::Unsigned(self.significand));
        }
        let n = (self.significand as i64).wrapping_neg();
        Some(if n >= 0 { Number::Float(-(self.significand as f64)) } else { Number::Signed(n) })
    }

    /// The magnitude, or `None` when it is out of range.
    fn float(&self) -> Option<f64> {
        if let Some(positive) = self.exponent_overflow {
            return (self.significand == 0 || !positive).then_some(0.0);
        }
        let mut f = self.significand as f64;
        let mut exponent = self.exponent;
        loop {
            match POW10.get(exponent.unsigned_abs() as usize) {
                Some(&pow) if exponent >= 0 => {
                    f *= pow;
                    return f.is_finite().then_some(f);
                }
                Some(&pow) => return Some(f / pow),
                None if f == 0.0 => return Some(f),
                None if exponent >= 0 => return None,
                None => {
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
    }
}

/// The powers of ten a float is made with, as written (each the nearest float).
#[rustfmt::skip]
const POW10: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46,
    1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59, 1e60, 1e61,
    1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76,
    1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89, 1e90, 1e91,
    1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99, 1e100, 1e101, 1e102, 1e103, 1e104, 1e105,
    1e106, 1e107, 1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118,
    1e119, 1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131,
    1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144,
    1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157,
    1e158, 1e159, 1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170,
    1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183,
    1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196,
    1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209,
    1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222,
    1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235,
    1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248,
    1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259, 1e260, 1e261,
    1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274,
    1e275, 1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287,
    1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300,
    1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308
];

/// What a value starts with: a whole scalar, or the opening of a list or an object.
enum Token<'a> {
    Null,
    Bool(bool),
    Str(Text<'a>),
    Number(Number),
    /// After its `[`.
    List,
    /// After its `{`.
    Object,
}

/// A string as read: borrowed from the text, or unescaped.
enum Text<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(text) => text,
            Self::Owned(text) => text,
        }
    }
}

/// The methods of the types that take a number: a number's code only.
macro_rules! number_methods {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let seen = match self.token()? {
                Token::Number(Number::Unsigned(n)) => visitor.visit_u64(n),
                Token::Number(Number::Signed(n)) => visitor.visit_i64(n),
                Token::Number(Number::Float(f)) => visitor.visit_f64(f),
                other => return Err(self.refuse(&other, &visitor)),
            };
            seen.map_err(|e| self.with_number(e))
        }
    )*};
}

impl<'de> Reader<'de> {
    /// An object's entries for `visitor`, after its `{`, up to its `}`.
    fn object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let value = visitor.visit_map(Entries { reader: self, first: true })?;
        self.close(b'}', "an object")?;
        Ok(value)
    }

    /// A list's elements for `visitor`, after its `[`, up to its `]`.
    fn list<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let value = visitor.visit_seq(Elements { reader: self, first: true })?;
        self.close(b']', "a list")?;
        Ok(value)
    }
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Str(Text::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Token::Str(Text::Owned(text)) => visitor.visit_string(text),
            Token::Number(n) => {
                let seen = match n {
                    Number::Unsigned(n) => visitor.visit_u64(n),
                    Number::Signed(n) => visitor.visit_i64(n),
                    Number::Float(f) => visitor.visit_f64(f),
                };
                seen.map_err(|e| self.with_number(e))
            }
            Token::List => self.list(visitor),
            Token::Object => self.object(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.next_token("a value")? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == RAW_NUMBER {
            if let b'-' | b'0'..=b'9' = self.next_token("a value")? {
                self.number()?;
                let (start, end) = self.number;
                return visitor.visit_borrowed_bytes(&self.text[start..end]);
            }
            return self.deserialize_any(visitor);
        }
        if name == KEPT_VALUE {
            self.skip_whitespace();
            let kept = Kept { at: self.at, depth: self.depth };
            self.kept.get_or_insert(kept);
            self.skip_value()?;
            return visitor.visit_unit();
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.next_token("a value")? {
            b'"' => match self.string()? {
                Text::Borrowed(text) => visitor.visit_enum(text.into_deserializer()),
                Text::Owned(text) => visitor.visit_enum(text.into_deserializer()),
            },
            b'{' => {
                self.enter()?;
                self.at += 1;
                self.skip_whitespace();
                let value = visitor.visit_enum(Variant { reader: self })?;
                self.close(b'}', "an object")?;
                Ok(value)
            }
            _ => Err(self.error("expected value")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    // A type that takes one kind of value gets code for that kind only (with `any`, every
    // field name's visitor would carry the whole reader).
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Bool(b) => visitor.visit_bool(b),
            other => Err(self.refuse(&other, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // One call for both kinds of text: the types read here own what they keep.
        match self.token()? {
            Token::Str(text) => visitor.visit_str(text.as_str()),
            other => Err(self.refuse(&other, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            other => Err(self.refuse(&other, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::List => self.list(visitor),
            other => Err(self.refuse(&other, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Object => self.object(visitor),
            other => Err(self.refuse(&other, &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Object => self.object(visitor),
            Token::List => self.list(visitor),
            other => Err(self.refuse(&other, &visitor)),
        }
    }

    number_methods! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    serde::forward_to_deserialize_any! { char bytes byte_buf }
}

struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.reader.more(b']', &mut self.first, "a list", true)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if !self.reader.more(b'}', &mut self.first, "an object", true)? {
            return Ok(None);
        }
        if self.reader.peek() != Some(b'"') {
            return Err(self.reader.error("key must be a string"));
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.reader.colon()?;
        seed.deserialize(&mut *self.reader)
    }
}

impl Reader<'_> {
    /// Whether a list or an object has another element (its separator consumed); the closing
    /// bracket is left for [`Reader::close`]. A closing bracket after a comma is a trailing
    /// comma where a type reads the value (`typed`), and is left for the next element's reading
    /// where the value is stepped over, as serde_json words both.
    #[inline(never)]
    fn more(
        &mut self,
        close: u8,
        first: &mut bool,
        what: &str,
        typed: bool,
    ) -> Result<bool, Error> {
        let b = self.next_token(what)?;
        if b == close {
            return Ok(false);
        }
        if *first {
            *first = false;
            return Ok(true);
        }
        if b != b',' {
            return Err(self.error(if close == b']' {
                "expected `,` or `]`"
            } else {
                "expected `,` or `}`"
            }));
        }
        self.at += 1;
        match self.next_token(what)? {
            b if b == close && typed => Err(self.error("trailing comma")),
            _ => Ok(true),
        }
    }
}

/// An enum written as `{"Variant": value}`.
struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let name = seed.deserialize(&mut *self.reader)?;
        self.reader.colon()?;
        Ok((name, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(&mut *self.reader)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.reader)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.reader.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.reader.deserialize_any(visitor)
    }
}
