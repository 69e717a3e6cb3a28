//! What a till tells central after each check (issue #39): the guard's decision in a few
//! fields, sent to the server the page came from, where central's collector keeps it for the
//! overview. Never the cashier's tickets, never a decision's input: what was decided, why, the
//! two server versions, the pending count and the timings.

use serde::{Deserialize, Serialize};

use crate::base::limits::{MAX_KEY_LEN, MAX_TEXT_LEN};
use crate::login::decision::Outcome;
use crate::login::preference::PreferenceState;
use crate::login::report::{VerdictReport, When};

/// The most bytes a report may have as JSON (a bigger one is refused unread).
pub const MAX_TILL_REPORT_BYTES: usize = 4096;

/// What a check came to on a till, as the overview counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TillOutcome {
    /// The login was blocked (the message, the logout, store mode offered).
    Blocked,
    /// The login went on after the check.
    Proceeded,
    /// The check could not run (a server not answering, the browser refusing a request): the
    /// login went on (decision row 3).
    CouldNotCheck,
    /// The hot-fix preference skipped the check (decision row 2).
    HotFix,
    /// The page was loaded from the store (decision row 1): nothing to check.
    StoreMode,
    /// The guard itself did not load or attach (said by the Openbravo adapter).
    GuardNotLoaded,
}

impl TillOutcome {
    /// The outcome as the wire spells it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Blocked => "blocked",
            Self::Proceeded => "proceeded",
            Self::CouldNotCheck => "couldNotCheck",
            Self::HotFix => "hotFix",
            Self::StoreMode => "storeMode",
            Self::GuardNotLoaded => "guardNotLoaded",
        }
    }
}

/// One till's report of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TillReport {
    /// The terminal's search key.
    pub terminal: String,
    /// The store server it checked, when known.
    #[serde(default)]
    pub store_server: Option<String>,
    /// At the WebPOS's start or at login.
    pub when: TillWhen,
    /// What it came to.
    pub outcome: TillOutcome,
    /// The decision-table row (1–7), when the guard decided.
    #[serde(default)]
    pub rule: Option<u8>,
    /// Central's server version, when read.
    #[serde(default)]
    pub central_version: Option<String>,
    /// The store's server version, when read.
    #[serde(default)]
    pub store_version: Option<String>,
    /// The store's batches pending sync, when read.
    #[serde(default)]
    pub pending_batches: Option<u64>,
    /// Why it could not check, or why the guard did not load, in words.
    #[serde(default)]
    pub reason: Option<String>,
    /// The whole check's milliseconds.
    #[serde(default)]
    pub total_ms: Option<u64>,
}

/// When a till's check ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TillWhen {
    /// At the WebPOS's start, before credentials.
    Startup,
    /// At login.
    Login,
}

impl TillReport {
    /// The report of a verdict.
    pub fn of(verdict: &VerdictReport) -> Self {
        let outcome = if verdict.rule == 1 {
            TillOutcome::StoreMode
        } else if verdict.ignore_version_check == PreferenceState::HonouredY && verdict.rule == 2 {
            TillOutcome::HotFix
        } else if verdict.outcome == Outcome::Block {
            TillOutcome::Blocked
        } else if verdict.rule == 3 {
            TillOutcome::CouldNotCheck
        } else {
            TillOutcome::Proceeded
        };
        let reason = match outcome {
            TillOutcome::CouldNotCheck => {
                verdict.cannot_check.clone().or_else(|| verdict.error.clone())
            }
            _ => None,
        };
        Self {
            terminal: verdict.terminal.clone(),
            store_server: verdict.store_server.clone(),
            when: match verdict.when {
                When::Startup => TillWhen::Startup,
                When::Login => TillWhen::Login,
            },
            outcome,
            rule: Some(verdict.rule),
            central_version: verdict.central_version.clone(),
            store_version: verdict.store_version.clone(),
            pending_batches: verdict.pending_batches,
            reason: reason.map(|r| crate::base::text::truncate_with_ellipsis(&r, MAX_TEXT_LEN)),
            total_ms: Some(verdict.timings.total.max(0.0) as u64),
        }
    }

    /// The report as JSON, as serde writes it (the guard writes it without serde's serializer:
    /// fewer bytes in the wasm; `tests` hold the two to the same text).
    pub fn to_json(&self) -> String {
        use crate::base::json::push_string;
        let mut out = String::from("{\"terminal\":");
        push_string(&mut out, &self.terminal);
        let text = |out: &mut String, name: &str, value: &Option<String>| {
            out.push_str(&[",\"", name, "\":"].concat());
            match value {
                Some(value) => push_string(out, value),
                None => out.push_str("null"),
            }
        };
        let number = |out: &mut String, name: &str, value: Option<u64>| {
            let value = value.map_or_else(|| "null".to_owned(), |n| n.to_string());
            out.push_str(&[",\"", name, "\":", &value].concat());
        };
        text(&mut out, "storeServer", &self.store_server);
        let when = match self.when {
            TillWhen::Startup => "startup",
            TillWhen::Login => "login",
        };
        out.push_str(
            &[",\"when\":\"", when, "\",\"outcome\":\"", self.outcome.code(), "\""].concat(),
        );
        number(&mut out, "rule", self.rule.map(u64::from));
        text(&mut out, "centralVersion", &self.central_version);
        text(&mut out, "storeVersion", &self.store_version);
        number(&mut out, "pendingBatches", self.pending_batches);
        text(&mut out, "reason", &self.reason);
        number(&mut out, "totalMs", self.total_ms);
        out.push('}');
        out
    }

    /// Checks its fields' lengths and values: a terminal and a store key as keys are, texts
    /// within bounds, a rule of the table.
    pub fn validate(&self) -> Result<(), String> {
        let field = |name: &str, text: &str, limit: usize| {
            if text.len() > limit {
                Err(format!("{name} is {} bytes long (limit {limit})", text.len()))
            } else if text.chars().any(char::is_control) {
                Err(format!("{name} holds a control character"))
            } else {
                Ok(())
            }
        };
        if self.terminal.is_empty() {
            return Err("the terminal is empty".into());
        }
        field("terminal", &self.terminal, MAX_KEY_LEN)?;
        for (name, text, limit) in [
            ("storeServer", &self.store_server, MAX_KEY_LEN),
            ("centralVersion", &self.central_version, MAX_KEY_LEN),
            ("storeVersion", &self.store_version, MAX_KEY_LEN),
            ("reason", &self.reason, MAX_TEXT_LEN),
        ] {
            if let Some(text) = text {
                field(name, text, limit)?;
            }
        }
        if self.rule.is_some_and(|r| !(1..=7).contains(&r)) {
            return Err("the rule is not a row of the decision table (1 to 7)".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> TillReport {
        TillReport {
            terminal: "VBS-1".into(),
            store_server: Some("store1".into()),
            when: TillWhen::Login,
            outcome: TillOutcome::Blocked,
            rule: Some(6),
            central_version: Some("9.35.36491 #71b6fb31".into()),
            store_version: Some("9.35.36344 #1d0dcddb".into()),
            pending_batches: Some(3),
            reason: None,
            total_ms: Some(120),
        }
    }

    #[test]
    fn a_report_is_bounded_and_keys_are_keys() {
        assert!(report().validate().is_ok());
        let long = TillReport { terminal: "x".repeat(MAX_KEY_LEN + 1), ..report() };
        assert!(long.validate().unwrap_err().contains("terminal is 129 bytes"));
        let control = TillReport { reason: Some("a\u{0}b".into()), ..report() };
        assert!(control.validate().unwrap_err().contains("control character"));
        assert!(TillReport { terminal: String::new(), ..report() }.validate().is_err());
        assert!(TillReport { rule: Some(9), ..report() }.validate().is_err());
    }
}
