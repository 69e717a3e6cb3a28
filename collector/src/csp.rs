//! The Content-Security-Policy (and `X-Content-Type-Options: nosniff`) every page is served
//! with: the overview's pages by the collector's binary, the demo WebPOS and the overview by
//! the simulator (one policy, here).
//!
//! Strict: scripts only from the page's own origin (plus `'wasm-unsafe-eval'`, which lets the
//! page compile WebAssembly and nothing else), no inline script or style attributes, Trusted
//! Types required for every script sink with no policy allowed (so `innerHTML`, `eval` and
//! friends throw), and the pages may not be framed (clickjacking). `connect-src` admits any
//! http(s) origin because the guard and the overview talk to store servers on their own
//! origins. docs/INTEGRATION.md gives the same policy to integrators.

use axum::http::{header, HeaderValue};
use tower_http::set_header::SetResponseHeader;

/// The policy, one directive per clause.
pub const POLICY: &str = concat!(
    "default-src 'self'; ",
    "script-src 'self' 'wasm-unsafe-eval'; ",
    "style-src 'self'; ",
    "img-src 'self' data:; ",
    "connect-src 'self' http: https:; ",
    "object-src 'none'; ",
    "base-uri 'none'; ",
    "form-action 'self'; ",
    "frame-ancestors 'none'; ",
    "require-trusted-types-for 'script'; ",
    "trusted-types 'none'"
);

/// A page service whose every answer carries the policy and `nosniff`.
pub type WithPolicy<S> = SetResponseHeader<SetResponseHeader<S, HeaderValue>, HeaderValue>;

/// Wraps a page service so that every answer carries the policy and `nosniff`.
pub fn with_policy<S>(pages: S) -> WithPolicy<S> {
    let csp = SetResponseHeader::overriding(
        pages,
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    SetResponseHeader::overriding(
        csp,
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    )
}
