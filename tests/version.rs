//! Module version parsing and order.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use webpos_version_guard::versions::version::{ModuleVersion, VersionError};

#[test]
fn parses_openbravo_versions() {
    assert_eq!(ModuleVersion::parse("3.0.20991").unwrap(), ModuleVersion::new(3, 0, 20991));
    assert_eq!(ModuleVersion::parse("1.8.4503").unwrap(), ModuleVersion::new(1, 8, 4503));
    assert_eq!(ModuleVersion::parse("1.1.3450").unwrap().to_string(), "1.1.3450");
    assert_eq!(ModuleVersion::parse("1.8.4503.2").unwrap(), ModuleVersion::new4(1, 8, 4503, 2));
    assert_eq!(ModuleVersion::parse("0.0.0").unwrap(), ModuleVersion::new(0, 0, 0));
}

#[test]
fn missing_fourth_part_counts_as_zero() {
    let three = ModuleVersion::parse("1.2.3").unwrap();
    let four = ModuleVersion::parse("1.2.3.0").unwrap();
    assert_eq!(three, four);
    assert_eq!(three.cmp(&four), core::cmp::Ordering::Equal);
    assert!(ModuleVersion::parse("1.2.3.1").unwrap() > three);
    // Each keeps its own form when shown.
    assert_eq!(three.to_string(), "1.2.3");
    assert_eq!(four.to_string(), "1.2.3.0");
}

#[test]
fn parts_compare_as_integers_not_text() {
    let v = |s| ModuleVersion::parse(s).unwrap();
    assert!(v("3.0.10000") > v("3.0.9999"));
    assert!(v("1.10.0") > v("1.9.99999"));
    assert!(v("2.0.0") > v("1.99.99"));
    assert_eq!(v("3.0.020991"), v("3.0.20991"), "leading zeros are the same integer");
    assert_eq!(v("3.0.020991").to_string(), "3.0.20991");
}

#[test]
fn largest_part_is_u32_max() {
    assert_eq!(ModuleVersion::parse("4294967295.0.0").unwrap().parts(), [u32::MAX, 0, 0, 0]);
    assert_eq!(
        ModuleVersion::parse("4294967296.0.0"),
        Err(VersionError::PartOutOfRange { part: 1 })
    );
    assert_eq!(
        ModuleVersion::parse("1.0.99999999999999999999"),
        Err(VersionError::PartOutOfRange { part: 3 })
    );
}

fn error_of(text: &str) -> VersionError {
    ModuleVersion::parse(text).expect_err(text)
}

#[test]
fn hostile_strings_are_clear_errors() {
    assert_eq!(error_of(""), VersionError::Empty);
    assert_eq!(error_of(" 1.2.3"), VersionError::InvalidChar { ch: ' ', position: 1 });
    assert_eq!(error_of("1.2.3 "), VersionError::InvalidChar { ch: ' ', position: 6 });
    assert_eq!(error_of("1. 2.3"), VersionError::InvalidChar { ch: ' ', position: 3 });
    assert_eq!(error_of("+1.2.3"), VersionError::InvalidChar { ch: '+', position: 1 });
    assert_eq!(error_of("-1.2.3"), VersionError::InvalidChar { ch: '-', position: 1 });
    assert_eq!(error_of("1.-2.3"), VersionError::InvalidChar { ch: '-', position: 3 });
    assert_eq!(error_of("1.2.3-SNAPSHOT"), VersionError::InvalidChar { ch: '-', position: 6 });
    assert_eq!(error_of("v1.2.3"), VersionError::InvalidChar { ch: 'v', position: 1 });
    assert_eq!(error_of("1e3.0.0"), VersionError::InvalidChar { ch: 'e', position: 2 });
    assert_eq!(error_of("0x1.0.0"), VersionError::InvalidChar { ch: 'x', position: 2 });
    assert_eq!(error_of("1,2,3"), VersionError::InvalidChar { ch: ',', position: 2 });
    assert_eq!(error_of("1.2.3\n"), VersionError::InvalidChar { ch: '\n', position: 6 });
    assert_eq!(error_of("1.2.3\0"), VersionError::InvalidChar { ch: '\0', position: 6 });
    assert_eq!(error_of("1.2.<script>"), VersionError::InvalidChar { ch: '<', position: 5 });
    assert_eq!(error_of("1..3"), VersionError::EmptyPart { part: 2 });
    assert_eq!(error_of(".1.2.3"), VersionError::EmptyPart { part: 1 });
    assert_eq!(error_of("1.2.3."), VersionError::EmptyPart { part: 4 });
    assert_eq!(error_of("..."), VersionError::EmptyPart { part: 1 });
    assert_eq!(error_of("1"), VersionError::TooFewParts { found: 1 });
    assert_eq!(error_of("1.2"), VersionError::TooFewParts { found: 2 });
    assert_eq!(error_of("1.2.3.4.5"), VersionError::TooManyParts { found: 5 });
    assert_eq!(error_of("1.2.3.4."), VersionError::TooManyParts { found: 5 });
}

#[test]
fn non_ascii_digits_are_rejected() {
    // Arabic-Indic ٣, extended Arabic-Indic ۳, Devanagari ३, fullwidth ３, superscript ³.
    for (text, ch) in
        [("٣.0.1", '٣'), ("۳.0.1", '۳'), ("३.0.1", '३'), ("３.0.1", '３'), ("³.0.1", '³')]
    {
        assert_eq!(error_of(text), VersionError::InvalidChar { ch, position: 1 }, "{text}");
    }
    // Look-alike dots: one-dot leader, fullwidth full stop, Arabic decimal separator.
    for text in ["1\u{2024}2.3", "1\u{FF0E}2.3", "1\u{066B}2.3"] {
        assert!(matches!(error_of(text), VersionError::InvalidChar { position: 2, .. }), "{text}");
    }
    // Zero-width and bidi characters hidden inside.
    for text in ["1.2\u{200B}.3", "\u{202E}1.2.3", "1.2.3\u{FEFF}"] {
        assert!(matches!(error_of(text), VersionError::InvalidChar { .. }), "{text}");
    }
}

#[test]
fn overlong_input_is_rejected_before_anything_else() {
    let long = "1".repeat(65);
    assert_eq!(error_of(&long), VersionError::TooLong { len: 65 });
    let huge = format!("1.2.{}", "9".repeat(1_000_000));
    assert_eq!(error_of(&huge), VersionError::TooLong { len: 1_000_004 });
    // 64 bytes with leading zeros is still fine.
    let padded = format!("{}1.0.0", "0".repeat(59));
    assert_eq!(ModuleVersion::parse(&padded).unwrap(), ModuleVersion::new(1, 0, 0));
}

#[test]
fn errors_read_clearly() {
    assert_eq!(
        error_of("٣.0.1").to_string(),
        "invalid character \"٣\" at position 1: a version has only ASCII digits and dots"
    );
    assert_eq!(
        error_of("1.2").to_string(),
        "version has 2 part(s); expected 3 or 4, like 3.0.20991"
    );
    assert_eq!(error_of("").to_string(), "empty version");
    assert_eq!(error_of("9999999999.0.0").to_string(), "part 1 of the version is above 4294967295");
}

fn any_version() -> impl Strategy<Value = ModuleVersion> {
    (any::<u32>(), any::<u32>(), any::<u32>(), proptest::option::of(any::<u32>())).prop_map(
        |(a, b, c, d)| match d {
            Some(d) => ModuleVersion::new4(a, b, c, d),
            None => ModuleVersion::new(a, b, c),
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Display then parse gives the same version back.
    #[test]
    fn display_round_trips(v in any_version()) {
        let text = v.to_string();
        let back = ModuleVersion::parse(&text).unwrap();
        prop_assert_eq!(back, v);
        prop_assert_eq!(back.to_string(), text);
    }

    /// The order is the order of the zero-filled parts as integers.
    #[test]
    fn order_is_by_parts_as_integers(a in any_version(), b in any_version()) {
        prop_assert_eq!(a.cmp(&b), a.parts().cmp(&b.parts()));
        prop_assert_eq!(a == b, a.parts() == b.parts());
    }

    /// The order is a total order: antisymmetric and transitive.
    #[test]
    fn order_is_total(a in any_version(), b in any_version(), c in any_version()) {
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
    }

    /// Small numbers compare as numbers (a textual comparison would get 10 < 9 wrong).
    #[test]
    fn order_matches_numeric_order(x in 0u32..100_000, y in 0u32..100_000) {
        let a = ModuleVersion::parse(&format!("1.0.{x}")).unwrap();
        let b = ModuleVersion::parse(&format!("1.0.{y}")).unwrap();
        prop_assert_eq!(a.cmp(&b), x.cmp(&y));
    }

    /// No text panics the parser, and whatever it accepts is ASCII digits and dots.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,80}") {
        if let Ok(v) = ModuleVersion::parse(&text) {
            prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
            prop_assert_eq!(ModuleVersion::parse(&v.to_string()).unwrap(), v);
        }
    }

    /// Texts made of digits and dots only: accepted exactly when 3 or 4 non-empty parts fit u32.
    #[test]
    fn digit_and_dot_texts_follow_the_rules(text in "[0-9.]{0,30}") {
        let pieces: Vec<&str> = text.split('.').collect();
        let valid = !text.is_empty()
            && (3..=4).contains(&pieces.len())
            && pieces.iter().all(|p| !p.is_empty() && p.parse::<u32>().is_ok());
        prop_assert_eq!(ModuleVersion::parse(&text).is_ok(), valid, "{}", text);
    }
}
