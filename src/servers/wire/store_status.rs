//! `StoreStatus`: a store's versions, its count of batches pending sync and its server status, in
//! one answer.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{check_field, ServerStatus, VersionInfo, VersionInfoData, WireError};
use crate::base::json::RAW_NUMBER;
use crate::base::limits::{MAX_ERROR_MESSAGE_LEN, MAX_KEY_LEN, MAX_PENDING_BATCHES};
use crate::base::text::{quoted, truncate_with_ellipsis};

/// `StoreStatus` service data: what the overview and the login guard need of a store server,
/// in one answer: its version information (with its rebuild status), its count of batches
/// pending sync, and its server status as it knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreStatusData {
    /// The answering store's key.
    pub server_key: String,
    /// Its server status as the store knows it (`ON`, `OFF`, `TON`, `TOFF`).
    pub server_status: ServerStatus,
    /// Its version information, as the `VersionInformation` service answers it.
    pub version_information: VersionInfoData,
    /// Batches pending sync to central; absent or `null` when the store cannot count them
    /// (then `pendingError` says why). Read on its own, so that a bad count leaves the
    /// versions usable (decision row 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_batches: Option<PendingCount>,
    /// Why the store could not count its pending batches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_error: Option<String>,
}

/// The `pendingBatches` field of a store status as sent: a count, or any other JSON value
/// (described for the error), so that a bad count never spoils the rest of the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingCount {
    /// A non-negative integer.
    Count(u64),
    /// Anything else, as it reads in the JSON (`"3"`, `-1`, `1.5`, `an array`).
    Invalid(String),
}

impl From<u64> for PendingCount {
    fn from(count: u64) -> Self {
        Self::Count(count)
    }
}

impl Serialize for PendingCount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Count(n) => serializer.serialize_u64(*n),
            Self::Invalid(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for PendingCount {
    /// Through the crate's reader a number arrives as its text (`base::json::RAW_NUMBER`), so
    /// that a bad one is shown as the server wrote it; other readers give it as a number.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> serde::de::Visitor<'de> for Any {
            type Value = PendingCount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_newtype_struct<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<PendingCount, D::Error> {
                deserializer.deserialize_any(self)
            }
            fn visit_bytes<E>(self, number: &[u8]) -> Result<PendingCount, E> {
                let text = String::from_utf8_lossy(number);
                Ok(match text.parse::<u64>() {
                    Ok(n) => PendingCount::Count(n),
                    Err(_) => PendingCount::Invalid(text.into_owned()),
                })
            }
            fn visit_u64<E>(self, n: u64) -> Result<PendingCount, E> {
                Ok(PendingCount::Count(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<PendingCount, E> {
                Ok(PendingCount::Invalid(n.to_string()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<PendingCount, E> {
                // Only a reader other than the crate's gives a float here.
                Ok(PendingCount::Invalid("a number with a fraction or an exponent".into()))
            }
            fn visit_bool<E>(self, b: bool) -> Result<PendingCount, E> {
                Ok(PendingCount::Invalid(b.to_string()))
            }
            fn visit_str<E>(self, text: &str) -> Result<PendingCount, E> {
                Ok(PendingCount::Invalid(quoted(&truncate_with_ellipsis(text, 64))))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PendingCount, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(PendingCount::Invalid("an array".into()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<PendingCount, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(PendingCount::Invalid("an object".into()))
            }
        }
        deserializer.deserialize_newtype_struct(RAW_NUMBER, Any)
    }
}

/// A validated store status: the versions, and the pending count or why it is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreStatus {
    /// Its server status as the store knows it.
    pub server_status: ServerStatus,
    /// Its version information.
    pub info: VersionInfo,
    /// Its pending count, or why it is unknown.
    pub pending: Result<u64, WireError>,
}

impl StoreStatus {
    /// A store status answer as its two facts, the versions and the pending count; a failed
    /// answer fails both, with the same failure (`E`: the caller's failure type, the one of
    /// the `failure` module beside this one).
    pub fn split<E: From<WireError> + Clone>(
        answer: Result<StoreStatus, E>,
    ) -> (Result<VersionInfo, E>, Result<u64, E>) {
        match answer {
            Ok(status) => (Ok(status.info), status.pending.map_err(E::from)),
            Err(error) => (Err(error.clone()), Err(error)),
        }
    }
}

impl StoreStatusData {
    /// Checks the limits and the versions; the pending count is checked on its own.
    pub fn validate(self) -> Result<StoreStatus, WireError> {
        check_field("serverKey", &self.server_key, MAX_KEY_LEN)?;
        let info = self.version_information.validate()?;
        let pending = match (self.pending_batches, self.pending_error) {
            (Some(PendingCount::Count(n)), _) => pending_count(n),
            (Some(PendingCount::Invalid(text)), _) => Err(WireError::Invalid(format!(
                "pendingBatches {text} is not a non-negative integer"
            ))),
            (None, Some(error)) => Err(WireError::PendingUncounted(truncate_with_ellipsis(
                &error,
                MAX_ERROR_MESSAGE_LEN,
            ))),
            (None, None) => Err(WireError::PendingMissing),
        };
        Ok(StoreStatus { server_status: self.server_status, info, pending })
    }
}

/// A count of batches pending sync, checked against [`MAX_PENDING_BATCHES`].
fn pending_count(pending_batches: u64) -> Result<u64, WireError> {
    if pending_batches > MAX_PENDING_BATCHES {
        let why = format!("pendingBatches {pending_batches} is above {MAX_PENDING_BATCHES}");
        return Err(WireError::Invalid(why));
    }
    Ok(pending_batches)
}
