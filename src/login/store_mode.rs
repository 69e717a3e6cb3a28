//! Where the WebPOS runs (central or store mode) and the store-mode URL it may offer.
//!
//! URLs are parsed by a WHATWG parser the caller supplies ([`UrlParser`]: the browser's own in
//! the glue, the `url` crate in the fuzzer); this module builds the store-mode URL with it and
//! decides on the parts (protocol, credentials, origin), so the rule is pure and tested natively.

use crate::base::limits::MAX_URL_LEN;
use crate::login::decision::LoadOrigin;
use crate::servers::protocol::{LANGUAGE_PARAM, POS_PAGE, TERMINAL_PARAM};
use core::fmt;

use crate::base::text::quoted;

/// The parts of a parsed URL the rule needs (the WHATWG URL API's names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// The serialized URL.
    pub href: String,
    /// The scheme with its colon, e.g. `https:`.
    pub protocol: String,
    /// The user name in the authority, usually empty.
    pub username: String,
    /// The password in the authority, usually empty.
    pub password: String,
    /// `scheme://host[:port]`, or `null` for opaque origins.
    pub origin: String,
    /// The path, e.g. `/openbravo` (`/` when there is none).
    pub pathname: String,
}

/// Why no store-mode URL is offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreModeRefusal {
    /// The terminal has no store server, or central's definitions do not list it.
    NoStoreServer,
    /// The configured URL is empty, too long, or has characters a URL must not carry raw.
    Malformed(String),
    /// The browser's parser rejected it.
    Unparsable(String),
    /// Not `http:` or `https:`.
    NotHttp(String),
    /// User name or password in the authority.
    Credentials,
    /// The built URL's origin is not the store's origin.
    OriginChanged {
        /// The store's origin.
        store: String,
        /// The built URL's origin.
        built: String,
    },
    /// The store URL is this page's own origin: offering it would reload this page (a loop).
    SameAsPage(String),
}

impl fmt::Display for StoreModeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const URL: &str = "the store server's URL";
        match self {
            Self::NoStoreServer => {
                f.write_str("the terminal has no store server in central's server definitions")
            }
            Self::Malformed(why) => write!(f, "{URL} is malformed: {why}"),
            Self::Unparsable(url) => write!(f, "{URL} {} is not a valid URL", quoted(url)),
            Self::NotHttp(protocol) => write!(f, "{URL} uses {protocol}, not http: or https:"),
            Self::Credentials => write!(f, "{URL} carries a user name or password"),
            Self::OriginChanged { store, built } => write!(
                f,
                "the store-mode URL's origin {built} is not the store server's origin {store}"
            ),
            Self::SameAsPage(origin) => {
                write!(f, "{URL} is this page's own origin {origin}: offering it would loop")
            }
        }
    }
}

/// Raw-text checks before the URL is parsed: length, control characters, whitespace and
/// backslashes (which a parser would silently drop or reinterpret).
pub fn check_raw_store_url(url: &str) -> Result<(), StoreModeRefusal> {
    if url.is_empty() {
        return Err(StoreModeRefusal::Malformed("empty".into()));
    }
    if url.len() > MAX_URL_LEN {
        let why = format!("{} bytes (limit {MAX_URL_LEN})", url.len());
        return Err(StoreModeRefusal::Malformed(why));
    }
    if let Some(c) = url.chars().find(|c| c.is_control() || c.is_whitespace() || *c == '\\') {
        let why = format!("it contains {}", quoted(c.encode_utf8(&mut [0; 4])));
        return Err(StoreModeRefusal::Malformed(why));
    }
    Ok(())
}

/// The relative reference that, resolved against the store's base URL (with a trailing `/`),
/// gives its WebPOS page; the glue then sets the terminal parameter.
pub const STORE_MODE_PATH: &str = POS_PAGE;

/// The query parameter the store-mode URL keeps.
pub const STORE_MODE_PARAM: &str = TERMINAL_PARAM;

/// The query parameter that carries the cashier's language to store mode.
pub const STORE_MODE_LANGUAGE_PARAM: &str = LANGUAGE_PARAM;

/// Checks the parsed store URL itself: `http:` or `https:`, no user name or password.
pub fn check_store_base(store: &UrlParts) -> Result<(), StoreModeRefusal> {
    if store.protocol != "http:" && store.protocol != "https:" {
        return Err(StoreModeRefusal::NotHttp(store.protocol.clone()));
    }
    if !store.username.is_empty() || !store.password.is_empty() {
        return Err(StoreModeRefusal::Credentials);
    }
    Ok(())
}

/// Decides whether the built store-mode URL may be offered: the store's URL is http(s)
/// without credentials, the built URL has exactly the store's origin, and that origin is not
/// the page's own (which would reload the page that blocked).
pub fn check_store_mode(
    store: &UrlParts,
    built: &UrlParts,
    page_origin: &str,
) -> Result<String, StoreModeRefusal> {
    check_store_base(store)?;
    if built.origin != store.origin || store.origin == "null" || !built.username.is_empty() {
        return Err(StoreModeRefusal::OriginChanged {
            store: store.origin.clone(),
            built: built.origin.clone(),
        });
    }
    if store.origin == page_origin {
        return Err(StoreModeRefusal::SameAsPage(page_origin.to_owned()));
    }
    Ok(built.href.clone())
}

/// A WHATWG URL parser, supplied by the caller.
pub trait UrlParser {
    /// Parses an absolute URL; `None` when the parser rejects it.
    fn parse(&self, url: &str) -> Option<UrlParts>;
    /// Resolves `relative` against `base` and sets each query parameter `(name, value)`.
    fn resolve_with_params(
        &self,
        base: &str,
        relative: &str,
        params: &[(&str, &str)],
    ) -> Option<UrlParts>;
}

/// The store-mode URL for a store whose configured URL is `store_url`: the raw text checked,
/// parsed, the WebPOS page resolved below the store URL's own path (its query and fragment, if
/// any, left out) with the `terminal` parameter and, when one is given, the cashier's
/// `language` (so that store mode opens in the same language), and the result offered only
/// under [`check_store_mode`]'s rule.
pub fn store_mode_url(
    parser: &impl UrlParser,
    store_url: &str,
    terminal: &str,
    language: &str,
    page_origin: &str,
) -> Result<String, StoreModeRefusal> {
    check_raw_store_url(store_url)?;
    let unparsable = || StoreModeRefusal::Unparsable(store_url.to_owned());
    let store = parser.parse(store_url).ok_or_else(unparsable)?;
    check_store_base(&store)?;
    let base = format!("{}{}/", store.origin, store.pathname.trim_end_matches('/'));
    let mut params = vec![(STORE_MODE_PARAM, terminal)];
    if !language.is_empty() {
        params.push((STORE_MODE_LANGUAGE_PARAM, language));
    }
    let built =
        parser.resolve_with_params(&base, STORE_MODE_PATH, &params).ok_or_else(unparsable)?;
    check_store_mode(&store, &built, page_origin)
}

/// The origin of an `http` or `https` URL as the WHATWG URL Standard serializes it, by `parser`
/// (the browser's own in the guard, the `url` crate natively): scheme and host lower-cased,
/// the scheme's default port left out, an IPv6 host in brackets, an international host in
/// ASCII (IDNA). The one origin the guard, the agent and the collector compare, so that a
/// definition `https://central.example:443/openbravo` and a browser's `Origin:
/// https://central.example` are the same origin. `None` for another scheme, an opaque origin,
/// or what the parser refuses.
pub fn web_origin(url: &str, parser: &impl UrlParser) -> Option<String> {
    let parts = parser.parse(url.trim())?;
    (matches!(parts.protocol.as_str(), "http:" | "https:") && parts.origin != "null")
        .then_some(parts.origin)
}

/// Where the page was loaded from: store mode when its origin is a store server's origin in
/// central's definitions, central otherwise (the check then runs, which is the safe side).
pub fn load_origin<'a>(
    page_origin: &str,
    store_origins: impl IntoIterator<Item = &'a str>,
) -> LoadOrigin {
    if store_origins.into_iter().any(|o| o == page_origin) {
        LoadOrigin::StoreMode
    } else {
        LoadOrigin::Central
    }
}
