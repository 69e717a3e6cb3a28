//! The `url` crate (a WHATWG URL parser, as the browser's) as the check's `UrlParser` natively,
//! where the browser glue passes the browser's own: for the collector's pass (which stores'
//! URLs it may ask), the agent's conformance check, the fuzz targets and the native tests.
//! Native only (the wasm build has the browser's parser).

use crate::login::store_mode::{UrlParser, UrlParts};

fn parts(url: &url::Url) -> UrlParts {
    UrlParts {
        href: url.as_str().to_owned(),
        protocol: format!("{}:", url.scheme()),
        username: url.username().to_owned(),
        password: url.password().unwrap_or("").to_owned(),
        origin: url.origin().ascii_serialization(),
        pathname: url.path().to_owned(),
    }
}

/// The `url` crate in place of the browser's parser.
pub struct UrlCrate;

impl UrlParser for UrlCrate {
    fn parse(&self, url: &str) -> Option<UrlParts> {
        url::Url::parse(url).ok().map(|u| parts(&u))
    }

    fn resolve_with_params(
        &self,
        base: &str,
        relative: &str,
        params: &[(&str, &str)],
    ) -> Option<UrlParts> {
        let mut url = url::Url::parse(base).and_then(|b| b.join(relative)).ok()?;
        url.query_pairs_mut().clear().extend_pairs(params);
        Some(parts(&url))
    }
}
