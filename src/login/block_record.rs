//! The record of a block, kept for the terminal in the tab's sessionStorage before the guard
//! logs the cashier out. The real WebPOS's logout ends by reloading the page, which would take
//! the message with it; at the next start the guard reads the record back and shows the
//! message again, with the store-mode offer re-validated against central's definitions.
//!
//! What is read back is untrusted text (any script of the origin can write sessionStorage), so
//! it is validated like a server's answer: size, JSON shape, this terminal, not expired, the
//! message's fields within their limits. The store-mode URL is deliberately not recorded: it is
//! always rebuilt from central's server definitions.

use serde::{Deserialize, Serialize};

use crate::base::limits::{MAX_KEY_LEN, MAX_MODULE_NAME_LEN, MAX_VERSION_LEN};
use crate::login::report::VerdictReport;
use crate::texts::notices::{BlockFacts, MESSAGE_MAX_ROWS};
use crate::versions::compare::Side;

/// The storage key prefix; the terminal's search key follows it.
pub const BLOCK_RECORD_KEY: &str = "webpos-version-guard:block:";

/// How long a record counts: long enough for a reload, a slow restart or a cashier who waits;
/// short enough that a till left overnight starts afresh.
pub const BLOCK_RECORD_TTL_MS: f64 = 30.0 * 60.0 * 1000.0;

/// The largest record read back, in bytes.
pub const MAX_BLOCK_RECORD_LEN: usize = 16 * 1024;

/// The format of the record; a record of another format is ignored.
const FORMAT: u32 = 1;

/// A recorded block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlockRecord {
    /// The record's format.
    pub format: u32,
    /// The terminal it was recorded for.
    pub terminal: String,
    /// When, in milliseconds since the Unix epoch (the caller's clock).
    pub recorded_at: f64,
    /// The decision-table row that blocked (6 or 7).
    pub rule: u8,
    /// The terminal's store server.
    pub store_server: Option<String>,
    /// Central's server version.
    pub central_version: Option<String>,
    /// The store's server version.
    pub store_version: Option<String>,
    /// The store's batches pending sync, when known.
    pub pending_batches: Option<u64>,
    /// The newer side over the common modules: `central` or `store`.
    pub newer: Option<String>,
    /// At most [`MESSAGE_MAX_ROWS`] differences: module name, central version, store version.
    pub rows: Vec<[String; 3]>,
    /// How many differences were left out of `rows`.
    pub hidden: usize,
}

/// The storage key of `terminal`'s record.
pub fn block_record_key(terminal: &str) -> String {
    format!("{BLOCK_RECORD_KEY}{terminal}")
}

impl BlockRecord {
    /// The record of a blocking verdict, made at `now` (milliseconds since the epoch).
    pub fn of(report: &VerdictReport, now: f64) -> Self {
        let facts = BlockFacts::of(report);
        Self {
            format: FORMAT,
            terminal: report.terminal.clone(),
            recorded_at: now,
            rule: report.rule,
            store_server: report.store_server.clone(),
            central_version: facts.central_version,
            store_version: facts.store_version,
            pending_batches: facts.pending_batches,
            newer: facts.newer.map(|s| s.code().to_owned()),
            rows: facts.rows,
            hidden: facts.hidden,
        }
    }

    /// The record as stored: JSON, its fields in their order, byte for byte what serde_json
    /// wrote before the guard stopped carrying it (`tests/check.rs` compares), the time in
    /// whole milliseconds.
    pub fn to_text(&self) -> String {
        use crate::base::json::push_string;
        use std::fmt::Write as _;
        fn optional(out: &mut String, name: &str, value: Option<&str>) {
            let _ = write!(out, ",\"{name}\":");
            match value {
                Some(text) => push_string(out, text),
                None => out.push_str("null"),
            }
        }
        let mut out = String::with_capacity(256);
        let _ = write!(out, "{{\"format\":{},\"terminal\":", self.format);
        push_string(&mut out, &self.terminal);
        // A clock's milliseconds are whole (a fraction is dropped: the record counts for 30
        // minutes), written as serde_json writes a whole float.
        let _ = write!(out, ",\"recordedAt\":{}.0,\"rule\":{}", self.recorded_at as i64, self.rule);
        optional(&mut out, "storeServer", self.store_server.as_deref());
        optional(&mut out, "centralVersion", self.central_version.as_deref());
        optional(&mut out, "storeVersion", self.store_version.as_deref());
        match self.pending_batches {
            Some(n) => {
                let _ = write!(out, ",\"pendingBatches\":{n}");
            }
            None => out.push_str(",\"pendingBatches\":null"),
        }
        optional(&mut out, "newer", self.newer.as_deref());
        out.push_str(",\"rows\":[");
        for (i, row) in self.rows.iter().enumerate() {
            out.push_str(if i == 0 { "[" } else { ",[" });
            for (j, cell) in row.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                push_string(&mut out, cell);
            }
            out.push(']');
        }
        let _ = write!(out, "],\"hidden\":{}}}", self.hidden);
        out
    }

    /// Reads a stored record for `terminal` at `now`, or says why it does not count.
    pub fn read(text: &str, terminal: &str, now: f64) -> Result<Self, RecordIgnored> {
        if text.len() > MAX_BLOCK_RECORD_LEN {
            return Err(RecordIgnored::TooLong(text.len()));
        }
        let record: Self =
            crate::base::json::from_str(text).map_err(|e| RecordIgnored::Invalid(e.to_string()))?;
        if record.format != FORMAT {
            return Err(RecordIgnored::OtherFormat(record.format));
        }
        if record.terminal != terminal {
            return Err(RecordIgnored::OtherTerminal);
        }
        let age = now - record.recorded_at;
        if !age.is_finite() || age > BLOCK_RECORD_TTL_MS {
            return Err(RecordIgnored::Expired);
        }
        if age < -60_000.0 {
            return Err(RecordIgnored::Future);
        }
        if !(6..=7).contains(&record.rule) {
            return Err(RecordIgnored::NotABlock(record.rule));
        }
        let short =
            |text: &Option<String>, limit: usize| text.as_ref().is_none_or(|t| t.len() <= limit);
        let fields_fit = short(&record.store_server, MAX_KEY_LEN)
            && short(&record.central_version, 2 * MAX_VERSION_LEN)
            && short(&record.store_version, 2 * MAX_VERSION_LEN)
            && record.newer.as_deref().is_none_or(|n| Side::from_code(n).is_some())
            && record.rows.len() <= MESSAGE_MAX_ROWS
            && record.rows.iter().flatten().all(|cell| cell.len() <= MAX_MODULE_NAME_LEN);
        if !fields_fit {
            return Err(RecordIgnored::OutOfLimits);
        }
        Ok(record)
    }

    /// What the message says, from the record.
    pub fn facts(&self) -> BlockFacts {
        BlockFacts {
            rule: self.rule,
            central_version: self.central_version.clone(),
            store_version: self.store_version.clone(),
            pending_batches: self.pending_batches,
            newer: self.newer.as_deref().and_then(Side::from_code),
            rows: self.rows.clone(),
            hidden: self.hidden,
            tickets: None,
        }
    }
}

/// Why a stored block record does not count (the start then ignores and removes it, and says
/// why among the verdict's diagnostics).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordIgnored {
    /// Longer than a record can be (its length in bytes).
    TooLong(usize),
    /// Not a record's JSON (the reader's words).
    Invalid(String),
    /// Another format than this guard writes.
    OtherFormat(u32),
    /// Recorded for another terminal.
    OtherTerminal,
    /// Older than [`BLOCK_RECORD_TTL_MS`], or without a usable time.
    Expired,
    /// Dated more than a minute ahead of the till's clock.
    Future,
    /// Names a rule that does not block.
    NotABlock(u8),
    /// A field is longer, or a list has more rows, than a record may hold.
    OutOfLimits,
}

impl core::fmt::Display for RecordIgnored {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::TooLong(len) => write!(f, "the block record is {len} bytes long"),
            Self::Invalid(why) => write!(f, "the block record is invalid: {why}"),
            Self::OtherFormat(format) => write!(f, "the block record has format {format}"),
            Self::OtherTerminal => f.write_str("the block record is for another terminal"),
            Self::Expired => f.write_str("the block record has expired"),
            Self::Future => f.write_str("the block record is dated in the future"),
            Self::NotABlock(rule) => {
                write!(f, "the block record names rule {rule}, which does not block")
            }
            Self::OutOfLimits => f.write_str("the block record's fields are out of their limits"),
        }
    }
}
