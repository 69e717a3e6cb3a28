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

/// The longest report id.
pub const MAX_ID_LEN: usize = 64;

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
    /// The report's own random id, new for each check (the guard's glue draws it): a report
    /// sent again as it was (a replay) is refused where it was taken already.
    #[serde(default)]
    pub id: Option<String>,
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
            id: None,
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
        text(&mut out, "id", &self.id);
        out.push('}');
        out
    }

    /// Why it is refused as a replay: its id is one of the terminal's reports taken already
    /// (`kept`); `None` when it is not (a report without an id is never one).
    pub fn replayed<'a>(&self, kept: impl IntoIterator<Item = &'a TillReport>) -> Option<String> {
        let id = self.id.as_ref()?;
        kept.into_iter().any(|r| r.terminal == self.terminal && r.id.as_ref() == Some(id)).then(
            || {
                format!(
                    "report {id} of terminal {} was received already (a report is taken once)",
                    crate::base::text::quoted(&self.terminal)
                )
            },
        )
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
        if let Some(id) = &self.id {
            if id.is_empty()
                || id.len() > MAX_ID_LEN
                || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(format!("the id is not 1 to {MAX_ID_LEN} letters, digits or hyphens"));
            }
        }
        if self.rule.is_some_and(|r| !(1..=7).contains(&r)) {
            return Err("the rule is not a row of the decision table (1 to 7)".into());
        }
        Ok(())
    }
}

/// Why a body of `len` bytes is refused unread, when it is over [`MAX_TILL_REPORT_BYTES`] (what
/// every intake says: central's collector, a store's agent).
pub fn too_large(len: usize) -> Option<String> {
    (len > MAX_TILL_REPORT_BYTES)
        .then(|| format!("a report is at most {MAX_TILL_REPORT_BYTES} bytes; this one is {len}"))
}

/// A body read as a report and checked ([`TillReport::validate`]): no field beyond the report's;
/// why not, in words. Natively only: the intakes read it with serde_json.
#[cfg(not(target_arch = "wasm32"))]
pub fn read(body: &[u8]) -> Result<TillReport, String> {
    let report: TillReport =
        serde_json::from_slice(body).map_err(|e| format!("not a till report: {e}"))?;
    report.validate().map_err(|why| format!("not a till report: {why}"))?;
    Ok(report)
}

/// The most reports one `TillReports` answer carries (the next ones in the next answer): at
/// most 4 KiB each, well within an answer's limit.
pub const MAX_HELD_PER_ANSWER: usize = 200;

/// A till's report as a store server's agent received it (store mode), numbered in the order
/// it came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldReport {
    /// Its number in the agent's inbox (1, 2, ...).
    pub seq: u64,
    /// When the store's agent received it (ISO 8601, UTC, the store's clock).
    pub received: String,
    /// The Openbravo user whose session on the store sent it.
    pub user: String,
    /// What the till said (its store server: the agent's own, not the till's claim).
    pub report: TillReport,
}

/// The `TillReports` answer: the reports a store's agent holds after the sequence number asked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldReports {
    /// The inbox's number: another one means the agent started again (numbers start over).
    pub inbox: u64,
    /// The number of the last report the agent holds (0: none yet).
    pub last: u64,
    /// The reports after the number asked, oldest first, at most [`MAX_HELD_PER_ANSWER`].
    pub reports: Vec<HeldReport>,
}

impl HeldReports {
    /// Checks every report as the intake does, the numbers rising and within `last`, the count
    /// within [`MAX_HELD_PER_ANSWER`].
    pub fn validate(self) -> Result<Self, String> {
        if self.reports.len() > MAX_HELD_PER_ANSWER {
            return Err(format!(
                "{} reports in one answer (limit {MAX_HELD_PER_ANSWER})",
                self.reports.len()
            ));
        }
        let mut before = 0;
        for held in &self.reports {
            if held.seq <= before || held.seq > self.last {
                return Err(format!("report number {} is out of order", held.seq));
            }
            before = held.seq;
            for (name, text) in [("received", &held.received), ("user", &held.user)] {
                if text.len() > MAX_KEY_LEN || text.chars().any(char::is_control) {
                    return Err(format!("report {}: its {name} is not a short text", held.seq));
                }
            }
            held.report.validate().map_err(|why| format!("report {}: {why}", held.seq))?;
        }
        Ok(self)
    }
}

/// Parses and validates a `TillReports` answer (mobile core's envelope around
/// [`HeldReports`]).
pub fn parse_held_reports(body: &[u8]) -> Result<HeldReports, String> {
    crate::servers::json::parse_envelope::<HeldReports>(body).map_err(|e| e.to_string())?.validate()
}

/// What a store's `StoreStatus` answer says of the reports its agent holds
/// ([`crate::servers::protocol::TILL_REPORTS_HEADER`]): `<inbox>.<last>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeldMark {
    /// The inbox's number.
    pub inbox: u64,
    /// The number of its last report.
    pub last: u64,
}

impl HeldMark {
    /// The header's value.
    pub fn to_header(self) -> String {
        format!("{}.{}", self.inbox, self.last)
    }

    /// The header's value read back; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        let (inbox, last) = value.trim().split_once('.')?;
        let number = |t: &str| {
            (!t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        Some(Self { inbox: number(inbox)?, last: number(last)? })
    }

    /// The number to ask `TillReports` after, when the store says `self` and `seen` is what was
    /// fetched last; `None` when there is nothing new.
    pub fn ask_after(self, seen: Option<HeldMark>) -> Option<u64> {
        match seen {
            Some(seen) if seen.inbox == self.inbox => (self.last > seen.last).then_some(seen.last),
            // A new inbox (the agent started again, numbers start over), or never asked.
            _ => (self.last > 0).then_some(0),
        }
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
            id: Some("3f9a1c2b7d4e5".into()),
        }
    }

    fn held(seq: u64) -> HeldReport {
        HeldReport {
            seq,
            received: "2026-12-08T10:00:00Z".into(),
            user: "vallblanca".into(),
            report: TillReport { outcome: TillOutcome::StoreMode, rule: Some(1), ..report() },
        }
    }

    #[test]
    fn held_reports_are_numbered_and_checked_as_the_intake_checks() {
        let ok = HeldReports { inbox: 7, last: 3, reports: vec![held(2), held(3)] };
        assert_eq!(ok.clone().validate(), Ok(ok));
        let back = HeldReports { inbox: 7, last: 3, reports: vec![held(3), held(2)] };
        assert!(back.validate().unwrap_err().contains("out of order"));
        let beyond = HeldReports { inbox: 7, last: 1, reports: vec![held(2)] };
        assert!(beyond.validate().is_err());
        let bad = HeldReport { report: TillReport { rule: Some(8), ..report() }, ..held(1) };
        let bad = HeldReports { inbox: 7, last: 1, reports: vec![bad] };
        assert!(bad.validate().unwrap_err().starts_with("report 1: the rule"));
        let many = HeldReports {
            inbox: 7,
            last: 1_000,
            reports: (1..=MAX_HELD_PER_ANSWER as u64 + 1).map(held).collect(),
        };
        assert!(many.validate().unwrap_err().contains("limit 200"));
        let body = r#"{"response":{"status":0,"data":{"inbox":1,"last":1,"reports":[]}}}"#;
        assert_eq!(parse_held_reports(body.as_bytes()).unwrap().last, 1);
        assert!(parse_held_reports(b"<html>").is_err());
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn an_intake_refuses_what_is_not_one_report_once() {
        assert_eq!(too_large(MAX_TILL_REPORT_BYTES), None);
        assert_eq!(
            too_large(MAX_TILL_REPORT_BYTES + 1).as_deref(),
            Some("a report is at most 4096 bytes; this one is 4097")
        );
        let body = report().to_json();
        assert_eq!(read(body.as_bytes()), Ok(report()));
        let ticket = body.replace("{\"terminal\"", "{\"ticket\":1,\"terminal\"");
        assert!(read(ticket.as_bytes())
            .unwrap_err()
            .starts_with("not a till report: unknown field"));
        let rule = body.replace("\"rule\":6", "\"rule\":9");
        assert!(read(rule.as_bytes()).unwrap_err().contains("decision table"));
        // A replay: the same id for the same terminal; another terminal's, or no id, is none.
        let kept = [report()];
        assert!(report().replayed(&kept).unwrap().contains("was received already"));
        let other = TillReport { terminal: "VBS-2".into(), ..report() };
        assert_eq!(other.replayed(&kept), None);
        assert_eq!(TillReport { id: None, ..report() }.replayed(&kept), None);
        let fresh = TillReport { id: Some("9".into()), ..report() };
        assert_eq!(fresh.replayed(&kept), None);
    }

    #[test]
    fn the_mark_says_when_to_ask_and_from_where() {
        let mark = HeldMark { inbox: 1_765_000_000_000, last: 12 };
        assert_eq!(HeldMark::parse(&mark.to_header()), Some(mark));
        for bad in ["", "12", ".3", "3.", "a.b", "1.2.3", "-1.2", "1.99999999999999999999999"] {
            assert_eq!(HeldMark::parse(bad), None, "{bad:?}");
        }
        assert_eq!(mark.ask_after(None), Some(0));
        assert_eq!(HeldMark { last: 0, ..mark }.ask_after(None), None);
        assert_eq!(mark.ask_after(Some(mark)), None);
        assert_eq!(mark.ask_after(Some(HeldMark { last: 10, ..mark })), Some(10));
        // The agent started again: its numbers start over, the reports are all new.
        assert_eq!(mark.ask_after(Some(HeldMark { inbox: 5, last: 40 })), Some(0));
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
        for id in ["", "a b", "<x>", &"a".repeat(MAX_ID_LEN + 1)] {
            let bad = TillReport { id: Some(id.into()), ..report() };
            assert!(bad.validate().unwrap_err().contains("the id"), "{id:?}");
        }
        assert!(TillReport { id: None, ..report() }.validate().is_ok());
    }
}
