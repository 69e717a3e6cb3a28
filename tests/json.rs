//! The crate's JSON reader (`base::json`) against serde_json, natively: every text of the
//! corpus (JSONTestSuite-style cases, the fuzzer's payload seeds and regressions, each of them
//! cut and spliced), generated documents, and every service's answer read both ways. The same
//! corpus runs through the reader compiled to wasm in `tests/web.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod json_corpus;

use json_corpus::{
    compiled_corpus_differences, every_reading, every_service, nested, same_as_serde_json, Shape,
    CASES,
};
use proptest::prelude::*;
use webpos_version_guard::base::json::{self, push_string};

fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["fuzz/seeds/payload", "fuzz/regressions/payload"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(&path).unwrap_or_else(|e| panic!("{path:?}: {e}")) {
            let entry = entry.unwrap();
            files.push((
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    assert!(files.len() >= 60, "the fuzzer's payload corpus is missing ({} files)", files.len());
    files
}

#[test]
fn every_case_reads_as_serde_json_reads_it() {
    let failures = compiled_corpus_differences();
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_cases_cover_both_answers() {
    let accepted =
        CASES.iter().filter(|t| json::from_str::<serde::de::IgnoredAny>(t).is_ok()).count();
    assert!(accepted >= 40 && CASES.len() - accepted >= 60, "{accepted} of {}", CASES.len());
}

#[test]
fn nesting_stops_where_serde_json_s_does() {
    for depth in [1, 126, 127, 128, 129, 10_000] {
        let text = nested(depth);
        assert_eq!(every_reading(&text), Vec::<String>::new(), "{depth}");
        let object = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert_eq!(every_reading(&object), Vec::<String>::new(), "{depth}");
    }
    assert!(json::from_str::<serde::de::IgnoredAny>(&nested(127)).is_ok());
    assert!(json::from_str::<serde::de::IgnoredAny>(&nested(128)).is_err());
}

#[test]
fn every_service_answer_of_the_corpus_reads_the_same() {
    let mut failures = Vec::new();
    for (name, bytes) in corpus_files() {
        failures.extend(every_service(&bytes).into_iter().map(|f| format!("{name}: {f}")));
        if let Ok(text) = std::str::from_utf8(&bytes) {
            failures.extend(every_reading(text).into_iter().map(|f| format!("{name}: {f}")));
        }
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

/// The envelope is read once for every service and its data afterwards, where it stands
/// (`servers::json`): the error given is still the first one reading from the start meets,
/// whether it is in the data, in the envelope after it, or both.
#[test]
fn an_envelope_s_first_error_is_serde_json_s() {
    let data_then_envelope = [
        // The data's error first, the envelope's after it.
        r#"{"response":{"data":{"serverKey":7},"status":"x"}}"#,
        r#"{"response":{"data":{"serverKey":7}}}"#,
        r#"{"response":{"data":{"serverKey":7},"status":0,"status":0}}"#,
        r#"{"response":{"data":{"serverKey":7},"status":0}} x"#,
        r#"{"response":{"data":[1],"status":0},"response":{}}"#,
        r#"{"response":{"status":0,"data":{"servers":{}},"data":{}}}"#,
        r#"{"response":{"status":0,"data":{"modules":[{"id":1}]},"error":5}}"#,
        // The envelope's error first, the data's after it.
        r#"{"response":{"status":"x","data":{"serverKey":7}}}"#,
        r#"{"response":{"status":0,"error":{},"data":{"serverKey":7}}}"#,
        // A syntax error inside the data, before or after a type error there.
        r#"{"response":{"status":0,"data":{"serverKey":7,"modules":[}}}"#,
        r#"{"response":{"status":0,"data":{"serverKey":"s","modules":[1,]}}}"#,
        r#"{"response":{"status":0,"data":{"serverKey":"s","x":tru}}}"#,
        // The data well read, the envelope wrong after it.
        r#"{"response":{"status":0,"data":{}},"more":1,"response":{}}"#,
        r#"[{"status":0,"data":{}}, 1]"#,
        r#"[[0,{"serverKey":7}]]"#,
        r#"{"response":{"status":-1,"data":{"serverKey":7},"error":{"message":"m"}}}"#,
    ];
    let failures: Vec<String> =
        data_then_envelope.iter().flat_map(|text| every_service(text.as_bytes())).collect();
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_cut_of_the_corpus_reads_the_same() {
    // Each seed cut at every 7th byte, and with a byte doubled there: the truncations and
    // stray characters a broken proxy makes.
    let mut failures = Vec::new();
    let mut texts = 0;
    for (name, bytes) in corpus_files() {
        for at in (0..bytes.len()).step_by(7) {
            let mut doubled = bytes.clone();
            doubled.insert(at, bytes[at]);
            for variant in [&bytes[..at], &doubled[..]] {
                texts += 1;
                failures.extend(
                    every_service(variant).into_iter().map(|f| format!("{name}@{at}: {f}")),
                );
                if let Ok(text) = std::str::from_utf8(variant) {
                    failures.extend(
                        every_reading(text).into_iter().map(|f| format!("{name}@{at}: {f}")),
                    );
                }
            }
        }
    }
    assert!(texts > 1_000, "{texts}");
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn errors_speak_serde_json_s_words_with_the_number_as_written() {
    let e = json::from_str::<Shape>(r#"{"name":42}"#).unwrap_err().to_string();
    assert_eq!(e, "invalid type: integer `42`, expected a string at line 1 column 10");
    let e = json::from_str::<Shape>(r#"{"name":"a","count":1.50}"#).unwrap_err().to_string();
    assert!(e.starts_with("invalid type: floating point `1.50`, expected u32"), "{e}");
    let e = json::from_str::<Shape>(r#"{"name":null}"#).unwrap_err().to_string();
    assert!(e.starts_with("invalid type: null, expected a string"), "{e}");
    let e = json::from_str::<Shape>("{\"name\":\"a\",\n\"name\":\"b\"}").unwrap_err().to_string();
    assert!(e.starts_with("duplicate field `name`"), "{e}");
    let e = json::from_str::<Shape>(r#"{"count":5000000000}"#).unwrap_err().to_string();
    assert!(e.starts_with("invalid value: integer `5000000000`, expected u32"), "{e}");
    let e = json::from_str::<Shape>("{}").unwrap_err().to_string();
    assert!(e.starts_with("missing field `name`"), "{e}");
    let e = json::from_str::<u32>("\"a\\\"\u{202e}\"").unwrap_err().to_string();
    assert!(e.starts_with(r#"invalid type: string "a\u{22}\u{202e}", expected u32"#), "{e}");
    let e = json::from_str::<u32>("[1,\n2,\n").unwrap_err().to_string();
    assert_eq!(e, "invalid type: sequence, expected u32 at line 1 column 1");
    let e = json::from_str::<Vec<u32>>("[1,\n2,\n").unwrap_err().to_string();
    assert_eq!(e, "EOF while parsing a list at line 3 column 0");
}

#[test]
fn a_string_is_written_as_serde_json_writes_it() {
    for text in ["", "plain", "q\"b\\s/", "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}", "é😀\u{202e}"] {
        let mut ours = String::new();
        push_string(&mut ours, text);
        assert_eq!(ours, serde_json::to_string(text).unwrap());
        assert_eq!(json::from_str::<String>(&ours).unwrap(), text);
    }
}

/// Any JSON value, as text, with its whitespace.
fn any_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
        "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?",
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        "\"([a-z]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*\"",
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-z]{0,3}", inner), 0..6).prop_map(|v| {
                let entries: Vec<String> =
                    v.into_iter().map(|(k, v)| format!("\"{k}\" :\n{v}")).collect();
                format!("{{ {} }}", entries.join(" , "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_read_the_same(text in any_json()) {
        let failures = every_reading(&text);
        prop_assert!(failures.is_empty(), "{:?}", failures);
    }

    #[test]
    fn generated_documents_cut_or_spliced_read_the_same(
        text in any_json(),
        at in any::<prop::sample::Index>(),
        byte in prop::sample::select(&[b'"', b'\\', b',', b':', b'[', b']', b'{', b'}', b'-', b'.', b'e', b'0', b' ', b'u'][..]),
    ) {
        let bytes = text.as_bytes();
        let at = at.index(bytes.len() + 1);
        let mut spliced = bytes.to_vec();
        spliced.insert(at, byte);
        for variant in [&bytes[..at], &spliced[..]] {
            if let Ok(text) = std::str::from_utf8(variant) {
                let failures = every_reading(text);
                prop_assert!(failures.is_empty(), "{:?}", failures);
            }
        }
    }

    #[test]
    fn a_struct_from_generated_fields_reads_the_same(
        name in any_json(), count in any_json(), list in any_json(), twice in any::<bool>(),
    ) {
        let mut text = format!("{{\"name\":{name},\"count\":{count},\"list\":{list}");
        if twice {
            text.push_str(&format!(",\"count\":{count}"));
        }
        text.push('}');
        prop_assert!(same_as_serde_json::<Shape>(&text).is_ok(), "{}", same_as_serde_json::<Shape>(&text).unwrap_err());
    }
}
