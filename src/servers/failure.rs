//! Why a request has no usable answer, as the client that made it saw it. The guard's glue
//! (gloo-net in the browser) and the collector (reqwest, beside central) both report through
//! this one type, so what a failure is never depends on how it is worded: the guard asks "was
//! the server unreachable?" and the overview "is this about central's reach?" of the variant,
//! and the words come from the variant (`Display` here, in English, for the verdict and the
//! logs; the texts layer's `texts::failure` for the overview's languages).
//!
//! It is kept as JSON (serde, `kind` and `detail`) by the collector's state file.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::base::text::quoted;
use crate::servers::json::parse_envelope;
use crate::servers::wire::WireError;

/// Which server a request went to, where a failure's words name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Peer {
    /// Central.
    Central,
    /// The store server.
    Store,
}

/// Why a request has no usable answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "camelCase")]
pub enum Failure {
    /// No answer within the time limit, in milliseconds.
    TimedOut(u64),
    /// A browser's request failed before any answer: the server is unreachable, refused the
    /// connection or did not allow the page's origin (CORS); a browser cannot tell them apart.
    /// The browser's own words.
    NoResponse(String),
    /// The server could not be connected to (refused, unreachable, no such host).
    CouldNotConnect,
    /// The connection closed while the answer was read; the client's words, when it said any.
    Broken(Option<String>),
    /// Another network error, in the client's words.
    Network(String),
    /// The browser refused the request by its Local Network Access rules (a page on a public
    /// address asking a private or loopback one without permission).
    LocalNetworkRefused(Peer),
    /// The server answered with a redirect, which is never followed.
    Redirect {
        /// The status, when the client sees it (a browser does not).
        status: Option<u16>,
        /// Where it points, when the client sees it.
        to: Option<String>,
    },
    /// The body is larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The length its `Content-Length` declared; `None` when reading stopped at the limit.
        declared: Option<u64>,
    },
    /// A status outside 2xx.
    Http {
        /// The HTTP status.
        status: u16,
        /// The server's message, when it answered Openbravo's error envelope.
        message: Option<String>,
    },
    /// No answer reached the check (the request was not made or its answer was lost).
    NoAnswer,
    /// The client cannot make requests at all (a browser without fetch, a client that could
    /// not be built); its words.
    Client(String),
    /// The request was not made: the server's definition cannot be asked.
    NotAsked(Unaskable),
    /// An answer arrived that cannot be used.
    Answer(WireError),
}

/// Why a store server in central's definitions is not asked at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "camelCase")]
pub enum Unaskable {
    /// Its key was listed already (the key as central holds it): only the first is asked.
    DuplicateKey(String),
    /// Its URL (as central holds it) is not a server's base URL: absolute `http` or `https`,
    /// a host, no user name, query or fragment.
    NotBaseUrl(String),
}

impl fmt::Display for Unaskable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateKey(key) => write!(
                f,
                "store key {} is listed twice in central's server definitions: only the first is asked; give each store its own key",
                quoted(key)
            ),
            Self::NotBaseUrl(url) => write!(
                f,
                "the URL {} in central's server definitions is not a server's base URL (http or https, a host, no user name, query or fragment); correct it in the Server Definitions window",
                quoted(url)
            ),
        }
    }
}

impl Failure {
    /// A status outside 2xx and its body: with the server's message when the body is
    /// Openbravo's error envelope with one (the browser's glue and the collector both).
    pub fn from_status(status: u16, body: &[u8]) -> Self {
        let message = match parse_envelope::<serde::de::IgnoredAny>(body) {
            Err(WireError::Server { message, .. }) if !message.is_empty() => Some(message),
            _ => None,
        };
        Self::Http { status, message }
    }

    /// Whether the request never got an answer from the server at the network level
    /// (unreachable, refused, the connection lost): what the overview says is about central's
    /// reach of the store.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            Self::NoResponse(_) | Self::CouldNotConnect | Self::Broken(_) | Self::Network(_)
        )
    }
}

impl From<WireError> for Failure {
    fn from(error: WireError) -> Self {
        Self::Answer(error)
    }
}

/// How every network failure's words begin (in English).
const NETWORK_ERROR: &str = "network error";

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimedOut(ms) => write!(f, "timed out after {ms} ms"),
            Self::NoResponse(detail) => write!(
                f,
                "{NETWORK_ERROR}: the server is unreachable, refused the connection or did not allow this origin (CORS) ({detail})"
            ),
            Self::CouldNotConnect => write!(f, "{NETWORK_ERROR}: could not connect"),
            Self::Broken(detail) => {
                write!(f, "{NETWORK_ERROR}: the connection closed while the answer was read")?;
                match detail {
                    Some(detail) => write!(f, " ({detail})"),
                    None => Ok(()),
                }
            }
            Self::Network(detail) => write!(f, "{NETWORK_ERROR}: {detail}"),
            Self::LocalNetworkRefused(peer) => {
                let to = match peer {
                    Peer::Central => "central",
                    Peer::Store => "the store server",
                };
                write!(f, "this browser refused local network access to {to}")
            }
            Self::Redirect { status: Some(status), to } => {
                write!(f, "HTTP {status} redirect to {}, not followed", to.as_deref().unwrap_or("?"))
            }
            Self::Redirect { status: None, .. } => {
                f.write_str("the server answered with a redirect, which is not followed")
            }
            Self::TooLarge { limit, declared: Some(len) } => {
                write!(f, "response too large: {len} bytes (limit {limit})")
            }
            Self::TooLarge { limit, declared: None } => {
                write!(f, "response too large: more than {limit} bytes, reading stopped")
            }
            Self::Http { status, message: Some(message) } => write!(f, "HTTP {status}: {message}"),
            Self::Http { status, message: None } => write!(f, "HTTP {status}"),
            Self::NoAnswer => f.write_str("no answer was received"),
            Self::Client(detail) => f.write_str(detail),
            Self::NotAsked(why) => why.fmt(f),
            Self::Answer(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Failure {}
