//! One origin for the guard, the agent and the collector (`login::store_mode::web_origin`): the
//! WHATWG URL Standard's serialization, checked on the cases of its test data
//! (urltestdata.json's `origin` field) that concern what the project compares: case, default
//! ports, IPv6, IPv4 forms, IDNA, user info, and the schemes that have no web origin.
#![cfg(not(target_arch = "wasm32"))]

use webpos_version_guard::login::store_mode::web_origin;
use webpos_version_guard::login::url_crate::UrlCrate;

#[test]
fn origins_are_serialized_as_the_whatwg_url_standard_does() {
    let cases: [(&str, Option<&str>); 20] = [
        ("http://example.com:80/", Some("http://example.com")),
        ("https://example.com:443", Some("https://example.com")),
        ("https://central.example:443/openbravo", Some("https://central.example")),
        ("HTTP://EXAMPLE.COM:80", Some("http://example.com")),
        ("http://ExAmPlE.CoM/foo?x#y", Some("http://example.com")),
        ("https://example.com:8443/a", Some("https://example.com:8443")),
        ("http://example.com:443", Some("http://example.com:443")),
        ("https://example.com:80", Some("https://example.com:80")),
        ("http://[0:0::1]:80/", Some("http://[::1]")),
        ("http://[::1]:8080/x", Some("http://[::1]:8080")),
        ("http://0x7f.1/", Some("http://127.0.0.1")),
        ("http://faß.ExAmPlE/", Some("http://xn--fa-hia.example")),
        ("http://bücher.example/", Some("http://xn--bcher-kva.example")),
        ("http://user:pass@example.com:21/", Some("http://example.com:21")),
        ("http://example.com./", Some("http://example.com.")),
        ("http://192.168.0.257/", None),
        ("ftp://example.com/", None),
        ("file:///tmp/x", None),
        ("data:text/plain,x", None),
        ("not a url", None),
    ];
    for (url, origin) in cases {
        assert_eq!(web_origin(url, &UrlCrate).as_deref(), origin, "{url}");
    }
}
