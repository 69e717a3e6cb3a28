//! Limits on everything a server sends, as named constants.
//!
//! A guard that runs in a till must not be taken down by one oversized or malformed answer: every
//! response is checked against these before it is used, and a violation is an error with clear
//! text (which the decision turns into status Unknown, never a crash).

/// Largest response body accepted from any service, in bytes (4 MiB).
///
/// A real Openbravo server has a few hundred modules (about 250 bytes each on the wire); this
/// leaves room for [`MAX_MODULES`] modules while keeping a till's memory use bounded.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Most modules one server's version information may list.
pub const MAX_MODULES: usize = 10_000;

/// Longest module version string, in bytes (four 10-digit parts and three dots fit easily).
pub const MAX_VERSION_LEN: usize = 64;

/// Longest module id (Openbravo ids are 32 hexadecimal characters), in bytes.
pub const MAX_MODULE_ID_LEN: usize = 64;

/// Longest module name, in bytes.
pub const MAX_MODULE_NAME_LEN: usize = 256;

/// Longest module java package, in bytes.
pub const MAX_JAVA_PACKAGE_LEN: usize = 256;

/// Longest identifier of another kind (server key, client, org, user, role, window, record id,
/// property name, terminal key), in bytes.
pub const MAX_KEY_LEN: usize = 128;

/// Longest free text of another kind (server name, description, status texts, preference
/// value, timestamps), in bytes.
pub const MAX_TEXT_LEN: usize = 512;

/// Longest server URL, in bytes.
pub const MAX_URL_LEN: usize = 2048;

/// Longest error message kept from a server's error answer, in bytes. Longer messages are
/// truncated (on a character boundary, marked with `…`) rather than rejected: the message is
/// shown to an admin, and losing its tail is better than losing all of it.
pub const MAX_ERROR_MESSAGE_LEN: usize = 1024;

/// Most store servers a chain may have (the overview's and a Recompute's bound).
pub const MAX_STORES: usize = 10_000;

/// Most server definitions central may list: every store and central.
pub const MAX_SERVERS: usize = MAX_STORES + 1;

/// Most preference records one answer may hold.
pub const MAX_PREFERENCE_RECORDS: usize = 1_000;

/// Longest organization parent chain (the org itself up to `0`).
pub const MAX_ORG_CHAIN: usize = 64;

/// Largest pending-batch count accepted (2^53 - 1: the largest integer a JavaScript number
/// holds exactly, so the count means the same on both sides of the wasm boundary).
pub const MAX_PENDING_BATCHES: u64 = (1 << 53) - 1;
