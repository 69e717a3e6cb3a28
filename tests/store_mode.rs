//! The store-mode URL rule and the load-origin rule.
#![cfg(not(target_arch = "wasm32"))]

use webpos_version_guard::login::decision::LoadOrigin;
use webpos_version_guard::login::store_mode::{
    check_raw_store_url, check_store_mode, load_origin, StoreModeRefusal, UrlParts,
};

fn parts(href: &str, origin: &str) -> UrlParts {
    UrlParts {
        href: href.into(),
        protocol: href.split(':').next().map(|p| format!("{p}:")).unwrap_or_default(),
        origin: origin.into(),
        ..Default::default()
    }
}

const PAGE: &str = "http://central.example:8080";

#[test]
fn a_plain_store_url_is_offered() {
    let store = parts("http://store1.example:8080/openbravo", "http://store1.example:8080");
    let built = parts(
        "http://store1.example:8080/openbravo/web/org.openbravo.retail.posterminal/?terminal=VBS-1",
        "http://store1.example:8080",
    );
    assert_eq!(check_store_mode(&store, &built, PAGE), Ok(built.href.clone()));
}

#[test]
fn only_http_and_https() {
    for scheme in ["javascript", "data", "file", "ftp", "blob", "ws"] {
        let store = parts(&format!("{scheme}:x"), "null");
        let err = check_store_mode(&store, &store, PAGE).unwrap_err();
        assert_eq!(err, StoreModeRefusal::NotHttp(format!("{scheme}:")));
    }
    let https = parts("https://s.example/openbravo", "https://s.example");
    assert!(check_store_mode(&https, &https, PAGE).is_ok());
}

#[test]
fn credentials_are_refused() {
    let mut store = parts("http://central.example@evil.example/", "http://evil.example");
    store.username = "central.example".into();
    assert_eq!(check_store_mode(&store, &store, PAGE), Err(StoreModeRefusal::Credentials));
    let mut store = parts("http://:pw@s.example/", "http://s.example");
    store.password = "pw".into();
    assert_eq!(check_store_mode(&store, &store, PAGE), Err(StoreModeRefusal::Credentials));
}

#[test]
fn the_built_url_must_keep_the_store_origin() {
    let store = parts("http://s.example/openbravo", "http://s.example");
    let moved = parts("http://evil.example/x", "http://evil.example");
    let err = check_store_mode(&store, &moved, PAGE).unwrap_err();
    assert!(err
        .to_string()
        .contains("http://evil.example is not the store server's origin http://s.example"));
    let opaque = parts("http://s.example/openbravo", "null");
    assert!(check_store_mode(&opaque, &opaque, PAGE).is_err());
}

#[test]
fn the_pages_own_origin_is_never_offered() {
    let store = parts("http://central.example:8080/openbravo", PAGE);
    assert_eq!(
        check_store_mode(&store, &store, PAGE),
        Err(StoreModeRefusal::SameAsPage(PAGE.into()))
    );
}

#[test]
fn raw_text_checks() {
    assert!(check_raw_store_url("http://s.example/openbravo").is_ok());
    for bad in [
        "",
        "http://s.example/\nx",
        "http://s.ex ample",
        "http:\\\\evil.example",
        "http://s\t.example",
        "\u{7f}",
    ] {
        assert!(matches!(check_raw_store_url(bad), Err(StoreModeRefusal::Malformed(_))), "{bad:?}");
    }
    let long = format!("http://s.example/{}", "a".repeat(3000));
    assert!(check_raw_store_url(&long).unwrap_err().to_string().contains("limit 2048"));
}

#[test]
fn load_origin_is_store_mode_only_on_a_store_origin() {
    let stores = ["http://127.0.0.1:8611", "http://127.0.0.1:8612"];
    assert_eq!(load_origin("http://127.0.0.1:8612", stores), LoadOrigin::StoreMode);
    assert_eq!(load_origin("http://127.0.0.1:8610", stores), LoadOrigin::Central);
    assert_eq!(
        load_origin("http://localhost:8611", stores),
        LoadOrigin::Central,
        "unknown origins run the check"
    );
}
