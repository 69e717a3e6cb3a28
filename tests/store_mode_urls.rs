//! The store-mode URL table: 200+ crafted URLs fed as a store's configured URL (its entry in
//! central's server definitions) to the guard's own check, which parses them with the
//! browser's URL parser, in headless Chromium. Only a URL whose origin is exactly that store's
//! http(s) origin is ever offered; every expected refusal and offer is listed.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Url;
use webpos_version_guard::servers::wire::{ServerDefinition, ServerType};
use webpos_version_guard::web::store_mode_url;

wasm_bindgen_test_configure!(run_in_browser);

/// The page origin in the test runner (scripts/test-browser.sh).
const PAGE: &str = "http://127.0.0.1:17700";
const POS: &str = "/web/org.openbravo.retail.posterminal/?terminal=VBS-1";

/// What must happen to a configured URL.
#[derive(Clone, Debug)]
enum Expect {
    /// Offered, with exactly this origin.
    Offer(&'static str),
    /// Refused; the reason contains this text.
    Refuse(&'static str),
}
use Expect::{Offer, Refuse};

fn store(url: &str) -> ServerDefinition {
    ServerDefinition { name: "Store".into(), ..common::server("store1", ServerType::Store, url) }
}

fn table() -> Vec<(String, Expect)> {
    let mut rows: Vec<(String, Expect)> = Vec::new();
    let mut add = |url: String, expect: Expect| rows.push((url, expect));

    // Plain http(s) store URLs: offered, origin normalized by the parser.
    for (url, origin) in [
        ("http://store1.example/openbravo", "http://store1.example"),
        ("https://store1.example/openbravo", "https://store1.example"),
        ("https://store1.example/openbravo/", "https://store1.example"),
        ("https://store1.example/openbravo///", "https://store1.example"),
        ("https://store1.example", "https://store1.example"),
        ("https://store1.example/", "https://store1.example"),
        ("HTTPS://STORE1.EXAMPLE/openbravo", "https://store1.example"),
        ("https://store1.example:443/ob", "https://store1.example"),
        ("http://store1.example:80/ob", "http://store1.example"),
        ("https://store1.example:8443/ob", "https://store1.example:8443"),
        ("http://store1.example:8080/ob", "http://store1.example:8080"),
        ("http://store1.example:0/ob", "http://store1.example:0"),
        ("http://store1.example:65535/ob", "http://store1.example:65535"),
        ("http://10.0.0.7:8080/openbravo", "http://10.0.0.7:8080"),
        ("http://127.0.0.1:17811/openbravo", "http://127.0.0.1:17811"),
        ("http://localhost:17700/openbravo", "http://localhost:17700"),
        ("http://[::1]:8080/ob", "http://[::1]:8080"),
        ("http://[2001:db8::7]/ob", "http://[2001:db8::7]"),
        ("http://store1.example./ob", "http://store1.example."),
        ("http://store1.example/ob?x=1", "http://store1.example"),
        ("http://store1.example/ob#fragment", "http://store1.example"),
        ("http://store1.example/ob/../../..", "http://store1.example"),
        ("http://store1.example/%2e%2e/%2e%2e/evil", "http://store1.example"),
        ("http://store1.example/open%2Fbravo", "http://store1.example"),
        ("http://store1.example/ob;jsessionid=1", "http://store1.example"),
        ("http://store1.example/ob/%0d%0aSet-Cookie:x", "http://store1.example"),
        ("http://store1.example/<script>", "http://store1.example"),
        ("http://store1.example/\"onmouseover=alert(1)", "http://store1.example"),
        ("http://store1.example/javascript:alert(1)", "http://store1.example"),
        ("http://store1.example/\u{202e}gnp.exe", "http://store1.example"),
        ("http://@store1.example/ob", "http://store1.example"),
        ("http://st%6Fre1.example/ob", "http://store1.example"),
        ("http://STORE1.%45XAMPLE/ob", "http://store1.example"),
        // Numeric host forms the parser normalizes to an IPv4 address.
        ("http://2130706433:8080/ob", "http://127.0.0.1:8080"),
        ("http://0x7f.1:8080/ob", "http://127.0.0.1:8080"),
        ("http://0177.0.0.1:8080/ob", "http://127.0.0.1:8080"),
        ("http://127.1:8080/ob", "http://127.0.0.1:8080"),
        // Internationalized names and look-alikes: offered under their own (punycode) origin,
        // which is that store's origin and is what the dialog shows.
        ("http://bücher.example/ob", "http://xn--bcher-kva.example"),
        ("http://аpple.example/ob", "http://xn--pple-43d.example"), // Cyrillic а
        ("http://store1.exаmple/ob", "http://store1.xn--exmple-4nf"), // Cyrillic а in the TLD label
        ("http://ѕtore1.example/ob", "http://xn--tore1-g2e.example"), // Cyrillic ѕ
        ("http://store1。example/ob", "http://store1.example"),     // ideographic full stop
        ("http://store1．example/ob", "http://store1.example"),     // full-width full stop
        ("http://ＳＴＯＲＥ1.example/ob", "http://store1.example"), // full-width letters
        ("http://xn--tore-0bd.example:8080/ob", "http://xn--tore-0bd.example:8080"),
        ("http://sto\u{ad}re1.example/ob", "http://store1.example"), // soft hyphen, mapped away
        // Shapes the parser reads leniently, as the browser itself would navigate them.
        ("http:///openbravo", "http://openbravo"), // special schemes skip extra slashes
        ("http://xn--/ob", "http://xn--"),
    ] {
        add(url.into(), Offer(origin));
    }

    // Every scheme but http and https, in two shapes.
    for scheme in [
        "javascript",
        "JavaScript",
        "data",
        "file",
        "ftp",
        "ws",
        "wss",
        "blob",
        "about",
        "mailto",
        "chrome",
        "chrome-extension",
        "view-source",
        "vbscript",
        "intent",
        "tel",
        "sms",
        "jar",
        "gopher",
        "httpx",
        "http2",
        "https+unix",
        "ssh",
    ] {
        add(format!("{scheme}://store1.example/openbravo"), Refuse("not http: or https:"));
        add(format!("{scheme}:store1.example"), Refuse("not http: or https:"));
    }
    for url in [
        "javascript:alert(document.domain)",
        "javascript://store1.example/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "blob:http://store1.example/uuid",
        "localhost:8080/openbravo",
        "store1.example:8080/openbravo",
    ] {
        add(url.into(), Refuse("not http: or https:"));
    }

    // Not absolute URLs: the parser rejects them (no base is given).
    for url in [
        "//store1.example/openbravo",
        "///store1.example/openbravo",
        "/openbravo",
        "openbravo",
        "store1.example/openbravo",
        "127.0.0.1:17811/openbravo",
        "?terminal=VBS-1",
        "#store",
        "http://",
        "https://",
        "http://store1.example:65536/ob",
        "http://store1.example:99999999/ob",
        "http://store1.example:-1/ob",
        "http://store1.example:8o/ob",
        "http://[::1/ob",
        "http://[store1.example]/ob",
        "http://store1.example%2F.evil.example/",
        "http://store1.example%40evil.example/",
        "http://store1.example%3A8080/",
        "http://store1.example%23.evil.example/",
        "http://store1.example%3F.evil.example/",
        "http%3A//store1.example/ob",
        "http%3a%2f%2fstore1.example/ob",
        "http://evil\u{202e}elpmaxe.store1/ob",
        "http://store1.example<script>/ob",
        "http://sto|re1.example/ob",
        "http://store1.exa^mple/ob",
        "http://%00store1.example/ob",
        "http://256.256.256.256/ob",
        "filesystem://store1.example/openbravo", // Chromium parses no filesystem: URL without an inner URL
        "filesystem:store1.example",
    ] {
        add(url.into(), Refuse("not a valid URL"));
    }

    // A user name or password in the authority, however spelled.
    for url in [
        "http://user@store1.example/ob",
        "http://user:pw@store1.example/ob",
        "http://:pw@store1.example/ob",
        "http://store1.example@evil.example/ob",
        "http://127.0.0.1:17811@evil.example/ob",
        "http://store1.example:80@evil.example/ob",
        "http://%75ser@store1.example/ob",
        "http://store1.example%2F@evil.example/ob",
        "http://store1.example%40@evil.example/ob",
        "http://store1.example%3A@evil.example/ob",
        "https://admin:admin@127.0.0.1:17811/openbravo",
        "http://a@b@store1.example/ob",
        "http://user:@store1.example/ob",
    ] {
        add(url.into(), Refuse("user name or password"));
    }
    // '#' and '?' end the authority: what follows is a fragment or a query, not credentials.
    add("http://store1.example#@evil.example/ob@".into(), Offer("http://store1.example"));
    add("http://store1.example?@evil.example/ob".into(), Offer("http://store1.example"));

    // Backslashes, which a parser would silently turn into slashes.
    for url in [
        "http:\\\\evil.example\\openbravo",
        "http:/\\evil.example/openbravo",
        "http:\\/evil.example/openbravo",
        "http://store1.example\\@evil.example/",
        "http://store1.example\\.evil.example/",
        "https://store1.example\\openbravo",
        "\\\\evil.example\\openbravo",
        "http://store1.example/ob\\..\\..\\",
        "http://evil.example\\\\store1.example/",
        "http://store1.example:8080\\@evil.example",
    ] {
        add(url.into(), Refuse("malformed: it contains \"\\u{5c}\""));
    }

    // Control characters and whitespace anywhere, which a parser would drop or reinterpret.
    for code in (0u32..0x20).chain([0x7f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x3000, 0x2003]) {
        let c = char::from_u32(code).unwrap();
        add(format!("http://store1.example{c}.evil.example/ob"), Refuse("malformed: it contains"));
    }
    for url in [" http://store1.example/ob", "http://store1.example/ob ", "http://store1 .example/"]
    {
        add(url.into(), Refuse("malformed: it contains"));
    }
    for url in ["java\tscript:alert(1)", "java\nscript:alert(1)", "\u{1}javascript:alert(1)"] {
        add(url.into(), Refuse("malformed: it contains"));
    }

    // Empty and over-long.
    add(String::new(), Refuse("malformed: empty"));
    let fill = |n: usize| {
        format!("http://store1.example/{}", "a".repeat(n - "http://store1.example/".len()))
    };
    add(fill(2048), Offer("http://store1.example"));
    add(fill(2049), Refuse("malformed: 2049 bytes (limit 2048)"));
    add(fill(100_000), Refuse("malformed: 100000 bytes (limit 2048)"));

    // The page's own origin: offering it would reload the page that blocked.
    for url in [
        "http://127.0.0.1:17700/openbravo",
        "http://127.0.0.1:17700",
        "HTTP://127.0.0.1:17700/other",
        "http://2130706433:17700/ob",
        "http://127.000.000.001:17700/ob",
    ] {
        add(url.into(), Refuse("would loop"));
    }
    rows
}

#[wasm_bindgen_test]
fn only_the_stores_own_http_origin_is_ever_offered() {
    let rows = table();
    assert!(rows.len() >= 200, "only {} URLs", rows.len());
    let mut failures = Vec::new();
    let (mut offered, mut refused) = (0, 0);
    for (url, expect) in &rows {
        let result = store_mode_url(&store(url).url, "VBS-1", "", PAGE);
        // The property, whatever the table says: an offer is http(s), has no credentials and
        // has exactly the configured URL's origin (by the browser's parser), not the page's.
        if let Ok(href) = &result {
            offered += 1;
            let parsed = Url::new(href).expect("an offered URL parses");
            let configured = Url::new(url).expect("an offered store URL parses");
            let ok = matches!(parsed.protocol().as_str(), "http:" | "https:")
                && parsed.username().is_empty()
                && parsed.password().is_empty()
                && parsed.origin() == configured.origin()
                && parsed.origin() != PAGE
                && href.ends_with(POS);
            if !ok {
                failures.push(format!("{url:?} offered {href:?}, breaking the rule"));
            }
        } else {
            refused += 1;
        }
        match (expect, &result) {
            (Offer(origin), Ok(href)) if Url::new(href).unwrap().origin() == *origin => {}
            (Refuse(why), Err(refusal)) if refusal.to_string().contains(why) => {}
            _ => failures.push(format!(
                "{url:?}: expected {expect:?}, got {:?}",
                result.as_ref().map_err(ToString::to_string)
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} URLs:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
    wasm_bindgen_test::console_log!(
        "store-mode URL table: {} URLs, {offered} offered, {refused} refused",
        rows.len()
    );
}
