//! The envelope as every service's answer is read first ([`super::Envelope`] with its data's
//! place kept): compiled once, not once for each service.

use core::fmt;

use serde::Deserialize;

use super::ErrorBody;

/// The envelope as read first, the same for every service: its data's place kept, read as the
/// service's type afterwards where it stands (`servers::json`), so that the envelope's reading
/// is compiled once, not once for each service. Its types are named as
/// [`super::Envelope`]'s, so that serde's words for them are the same.
#[derive(Deserialize)]
pub struct Envelope {
    /// The one field of the envelope.
    pub response: Response,
}

/// [`super::Response`] with its data's place kept.
#[derive(Deserialize)]
pub struct Response {
    /// 0 for success, negative for an error.
    pub status: i32,
    /// Where the payload stands, when there is one (not `null`).
    #[serde(default)]
    pub data: Option<Data>,
    /// The error, on failure.
    #[serde(default)]
    pub error: Option<ErrorBody>,
}

/// A value stepped over, its syntax checked, its place kept by the reader
/// ([`crate::base::json::KEPT_VALUE`]).
pub struct Data;

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Unit;
        impl serde::de::Visitor<'_> for Unit {
            type Value = Data;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_unit<E>(self) -> Result<Data, E> {
                Ok(Data)
            }
        }
        deserializer.deserialize_newtype_struct(crate::base::json::KEPT_VALUE, Unit)
    }
}
