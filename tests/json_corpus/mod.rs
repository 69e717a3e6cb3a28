//! The JSON corpus both readers are held to: documents in the manner of JSONTestSuite (what
//! RFC 8259 accepts, what it refuses, and what parsers disagree on), the fuzzer's payload
//! regressions, and the comparison of one text through the crate's reader and serde_json.
//! Shared by `tests/json.rs` (natively, with the fuzzer's seeds too) and `tests/web.rs` (the
//! reader compiled to wasm, in Chromium).
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Debug;

use webpos_version_guard::base::json;
use webpos_version_guard::servers::json as parse;
use webpos_version_guard::servers::wire::{Envelope, WireError};

/// Texts in the manner of JSONTestSuite's `y_`, `n_` and `i_` files.
pub const CASES: &[&str] = &[
    // accepted
    "null", "true", "false", "0", "-0", "-0.0", "1", "-1", "0.5", "1e3", "1E3", "1e+3", "1e-3",
    "-1.5e-7", "123.456e78", "1.0", "100", "9007199254740991", "9007199254740992",
    "9007199254740993", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
    "-9223372036854775809", "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
    "179769313486231580000e288", "-1.7976931348623157e308", "1.79769313486231570e308",
    "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
    "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858369",
    "0.000179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368e312", "2.2250738585072014e-308", "5e-324", "1e-400",
    "0.1000000000000000055511151231257827", "123456789012345678901234567890", "\"\"", "\"a\"",
    "\"\\u0041\"", "\"\\ud83d\\ude00\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"é😀\"", "\"\\u0000\"",
    "[]", "[1,2,3]", " [ 1 , 2 ] ", "{}", "{\"a\":1}", "{\"a\":1,\"a\":2}",
    "{\"a\":{\"b\":[null,true,{\"c\":\"d\"}]}}", "\t\n\r {\"\":0}\n", "[[[[[[]]]]]]",
    "{\"\\u0061\":1,\"a\":2}", "[1e1, 0.1e1, 1E-1]",
    // refused
    "", " ", "nul", "tru", "True", "NaN", "Infinity", "-Infinity", "+1", "01", "-01", "00",
    "1.", ".5", "1.e3", "1e", "1e+", "-", "--1", "0x10", "1_000", "1e400", "-1e400",
    "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"",
    "\"\\ud800\\u0041\"", "\"\\ud83d\"x", "\"a\u{1}b\"", "\"tab\there\"", "'a'", "[1,]", "[,1]",
    "[1 2]", "[", "]", "[1", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{1:1}",
    "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1]x", "1 2", "{}{}", "[]]", "nullx", "\u{feff}1",
    "[\"a\"\u{0}]", "/* c */ 1", "1 // c", "[1,\n2,\n", "{\"a\":[1,{\"b\":}]}",
];

/// The fuzzer's payload regressions (`fuzz/regressions/payload/`), by name.
pub const REGRESSIONS: &[(&str, &[u8])] = &[
    ("bom", include_bytes!("../../fuzz/regressions/payload/bom")),
    ("deep-nesting", include_bytes!("../../fuzz/regressions/payload/deep-nesting")),
    (
        "definitions-duplicate-keys-renamed",
        include_bytes!("../../fuzz/regressions/payload/definitions-duplicate-keys-renamed"),
    ),
    ("duplicate-keys", include_bytes!("../../fuzz/regressions/payload/duplicate-keys")),
    ("empty", include_bytes!("../../fuzz/regressions/payload/empty")),
    ("html", include_bytes!("../../fuzz/regressions/payload/html")),
    ("invalid-utf8", include_bytes!("../../fuzz/regressions/payload/invalid-utf8")),
    ("lone-surrogate", include_bytes!("../../fuzz/regressions/payload/lone-surrogate")),
    ("long-error", include_bytes!("../../fuzz/regressions/payload/long-error")),
    ("null-data", include_bytes!("../../fuzz/regressions/payload/null-data")),
    ("pending-2-53", include_bytes!("../../fuzz/regressions/payload/pending-2-53")),
    ("pending-exponent", include_bytes!("../../fuzz/regressions/payload/pending-exponent")),
    ("pending-float", include_bytes!("../../fuzz/regressions/payload/pending-float")),
    ("pending-negative", include_bytes!("../../fuzz/regressions/payload/pending-negative")),
    ("status-as-text", include_bytes!("../../fuzz/regressions/payload/status-as-text")),
];

/// A valid answer one byte over the size cap: both readers refuse it before reading.
pub fn over_the_cap() -> Vec<u8> {
    let limit = webpos_version_guard::base::limits::MAX_BODY_BYTES;
    let mut body = br#"{"response":{"status":0,"data":{"modules":[]}}}"#.to_vec();
    body.resize(limit + 1, b' ');
    body
}

/// Every text of the corpus compiled into the test (no file reading: it runs in wasm too).
pub fn compiled_corpus_differences() -> Vec<String> {
    let mut failures = Vec::new();
    for text in CASES {
        failures.extend(every_reading(text));
        failures.extend(every_service(text.as_bytes()));
    }
    for (name, bytes) in REGRESSIONS {
        failures.extend(every_service(bytes).into_iter().map(|f| format!("{name}: {f}")));
        if let Ok(text) = std::str::from_utf8(bytes) {
            failures.extend(every_reading(text).into_iter().map(|f| format!("{name}: {f}")));
        }
    }
    for depth in [127, 128] {
        failures.extend(every_reading(&nested(depth)));
    }
    let big = over_the_cap();
    failures.extend(every_service(&big));
    if webpos_version_guard::servers::json::parse_version_info(&big).is_ok() {
        failures.push("a body over the cap was read".into());
    }
    failures
}

/// Nested `depth` lists deep: serde_json refuses 128 and takes 127.
pub fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// A struct as the wire types are: renamed fields, optional ones, a list, a map.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    pub name: String,
    pub count: Option<u32>,
    #[serde(default)]
    pub signed: i32,
    #[serde(default)]
    pub list: Vec<u64>,
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    #[serde(default)]
    pub flag: Option<bool>,
    #[serde(default)]
    pub inner: Option<Box<Shape>>,
}

/// Both readers' outcome for `text` read as `T`: the same value, or both an error.
pub fn same_as_serde_json<T: DeserializeOwned + PartialEq + Debug>(
    text: &str,
) -> Result<(), String> {
    let ours = json::from_str::<T>(text);
    let theirs = serde_json::from_str::<T>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(format!(
            "{text:?} as {}: ours {ours:?}, serde_json's {theirs:?}",
            std::any::type_name::<T>()
        )),
    }
}

/// Every way the tests read a text: as any JSON value (compared value for value; floats bit
/// for bit), as the primitive types and a wire-like struct.
pub fn every_reading(text: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let value = |text: &str| -> Result<(), String> {
        let ours = json::from_str::<serde_json::Value>(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) if same_value(a, b) => Ok(()),
            (Err(_), Err(_)) => Ok(()),
            _ => Err(format!("{text:?} as a value: ours {ours:?}, serde_json's {theirs:?}")),
        }
    };
    for check in [
        value(text),
        same_as_serde_json::<u64>(text),
        same_as_serde_json::<u32>(text),
        same_as_serde_json::<i64>(text),
        same_as_serde_json::<i32>(text),
        same_as_serde_json::<u8>(text),
        same_as_serde_json::<String>(text),
        same_as_serde_json::<bool>(text),
        same_as_serde_json::<Option<String>>(text),
        same_as_serde_json::<Vec<u64>>(text),
        same_as_serde_json::<BTreeMap<String, u32>>(text),
        same_as_serde_json::<Shape>(text),
        same_as_serde_json::<Vec<Shape>>(text),
    ] {
        if let Err(e) = check {
            failures.push(e);
        }
    }
    failures
}

/// Values equal, floats bit for bit (`-0.0` is not `0.0`).
fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            _ if x.is_u64() || x.is_i64() || y.is_u64() || y.is_i64() => x == y,
            (Some(f), Some(g)) => f.to_bits() == g.to_bits(),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same_value(a, b))
        }
        _ => a == b,
    }
}

/// serde_json standing in the crate's reader's place in `servers::json`'s envelope read.
fn envelope_by_serde_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, WireError> {
    webpos_version_guard::servers::wire::check_body_size(body.len())?;
    let text = std::str::from_utf8(body)
        .map_err(|e| WireError::NotJson(format!("not UTF-8 text (at byte {})", e.valid_up_to())))?;
    let envelope: Envelope<T> = serde_json::from_str(text).map_err(|e| {
        if webpos_version_guard::servers::wire::looks_like_html(body) {
            WireError::Html
        } else {
            WireError::NotJson(e.to_string())
        }
    })?;
    envelope.into_data()
}

/// One service's answer through both readers: the same validated value, or the same error: a
/// parse error's words are compared without their position (a column may differ by one where
/// serde_json counts the character it peeked at), by kind alone where they show a float (the
/// crate's reader shows the number as the server wrote it) and by what was expected where they
/// show a string (the crate's reader quotes it for an admin's page); a bad pending count is
/// compared by kind, for the float's reason.
pub fn every_service(body: &[u8]) -> Vec<String> {
    use webpos_version_guard::servers::wire::{
        PreferencesData, ServerDefinitionsData, StoreStatusData, TerminalInfoData,
        VersionCheckPreferencesData, VersionInfoData,
    };
    fn kind(e: &WireError) -> std::mem::Discriminant<WireError> {
        std::mem::discriminant(e)
    }
    fn same_error(a: &WireError, b: &WireError) -> bool {
        let words = |detail: &str| detail.split(" at line ").next().unwrap_or("").to_owned();
        let expected = |detail: &str| words(detail).rsplit(", expected ").next().map(str::to_owned);
        match (a, b) {
            (WireError::NotJson(a), WireError::NotJson(b)) => {
                words(a) == words(b)
                    || (a.contains("floating point") && b.contains("floating point"))
                    || (a.contains("string \"") && expected(a) == expected(b))
            }
            _ => a == b,
        }
    }
    fn compare<A: PartialEq + Debug>(
        name: &str,
        body: &[u8],
        ours: Result<A, WireError>,
        theirs: Result<A, WireError>,
    ) -> Option<String> {
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) if a == b => None,
            (Err(a), Err(b)) if same_error(a, b) => None,
            _ => Some(format!(
                "{name} of {:?}: ours {ours:?}, serde_json's {theirs:?}",
                String::from_utf8_lossy(body)
            )),
        }
    }
    let store = |r: Result<webpos_version_guard::servers::wire::StoreStatus, WireError>| {
        r.map(|s| {
            let pending = s.pending.map_err(|e| match e {
                WireError::Invalid(text) if text.starts_with("pendingBatches ") => {
                    WireError::Invalid("pendingBatches".into())
                }
                other => other,
            });
            (s.info, s.server_status, pending)
        })
    };
    [
        compare(
            "VersionInformation",
            body,
            parse::parse_version_info(body),
            envelope_by_serde_json::<VersionInfoData>(body).and_then(|d| d.validate()),
        ),
        compare(
            "StoreStatus",
            body,
            store(parse::parse_store_status(body)),
            store(envelope_by_serde_json::<StoreStatusData>(body).and_then(|d| d.validate())),
        ),
        compare(
            "ServerDefinitions",
            body,
            parse::parse_server_definitions_current(body),
            envelope_by_serde_json::<ServerDefinitionsData>(body).and_then(|d| d.validate_all()),
        ),
        compare(
            "VersionCheckPreferences",
            body,
            parse::parse_version_check_preferences(body),
            envelope_by_serde_json::<VersionCheckPreferencesData>(body).and_then(|d| d.validate()),
        ),
        compare(
            "TerminalInfo",
            body,
            parse::parse_terminal_info(body),
            envelope_by_serde_json::<TerminalInfoData>(body).and_then(|d| d.validate()),
        ),
        compare(
            "Preferences",
            body,
            parse::parse_preferences(body),
            envelope_by_serde_json::<PreferencesData>(body).and_then(|d| d.validate()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}
