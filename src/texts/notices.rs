//! The texts the till shows, composed: the block message, the login screen's notice that a login
//! would be blocked, and the notice that the check cannot run; each from the facts it says, in the
//! till's language, a host's own label template overriding the shipped one
//! (`texts::cashier` holds the templates).

use serde::Serialize;

use crate::texts::cashier::{fill, Label, Language};
use crate::versions::compare::Side;

/// Most module differences listed in the message (all are in the verdict).
pub const MESSAGE_MAX_ROWS: usize = 20;

/// How many tickets the host says this till holds in the WebPOS loaded from central: they stay
/// there (browser storage is per origin), so store mode does not show them, and the message
/// says so. A setting the Openbravo adapter fills from the host (docs/INTEGRATION.md).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TicketCounts {
    /// Tickets not paid yet (some may carry part of a payment).
    pub unpaid: u32,
    /// Paid tickets not yet sent to the server.
    pub paid_not_sent: u32,
}

/// Every text of the block message, ready to render as text: what happened and what to do in
/// plain words first, then the details for IT (versions, pending count, rule, modules) in a
/// part that opens on demand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockMessage {
    /// `lang` attribute.
    pub lang: &'static str,
    /// Title: what to do.
    pub title: String,
    /// What happened, in plain words.
    pub lead: String,
    /// What to do, and what store mode is, in one line.
    pub what_to_do: String,
    /// That the user was logged out, and why.
    pub logged_out: String,
    /// The same, when the logout could not be confirmed.
    pub logout_failed: String,
    /// Where the till's tickets are, and the host's counts when it gave them.
    pub tickets: String,
    /// The primary action's text.
    pub open_store_mode: String,
    /// Shown instead of the primary action when no store-mode URL may be offered.
    pub no_store_mode: String,
    /// The details part's summary ("Details for IT").
    pub details_summary: String,
    /// The details' lines: both server versions, the pending count, the rule.
    pub details: Vec<String>,
    /// Differences heading.
    pub differences_heading: String,
    /// Column headers: module, central, store.
    pub columns: [String; 3],
    /// At most [`MESSAGE_MAX_ROWS`] rows: module name, central version, store version.
    pub rows: Vec<[String; 3]>,
    /// "…and N more", when rows were left out.
    pub more: Option<String>,
    /// Countdown template (`%0` = seconds).
    pub countdown: String,
    /// Close text: the one way to dismiss the message (it also stops the countdown).
    pub close: String,
}

/// What the block message says, taken from the verdict: all the message needs, so the block
/// message's module (loaded only when a verdict blocks) reads just these fields of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockFacts {
    /// The decision-table row that blocked (6 or 7).
    pub rule: u8,
    /// Central's server version.
    pub central_version: Option<String>,
    /// The store's server version.
    pub store_version: Option<String>,
    /// The store's batches pending sync, when known.
    pub pending_batches: Option<u64>,
    /// The newer side over the common modules, when one is.
    pub newer: Option<Side>,
    /// At most [`MESSAGE_MAX_ROWS`] differences: module name, central version, store version.
    pub rows: Vec<[String; 3]>,
    /// How many differences were left out of `rows`.
    pub hidden: usize,
    /// The host's ticket counts, when it gave them.
    pub tickets: Option<TicketCounts>,
}

impl BlockFacts {
    /// The same facts with the host's ticket counts.
    pub fn with_tickets(self, tickets: Option<TicketCounts>) -> Self {
        Self { tickets, ..self }
    }

    /// The plain-words line of what happened.
    fn lead(&self) -> Label {
        match (self.pending_batches, self.newer) {
            (Some(_), Some(Side::Central)) => Label::LeadNewer,
            (Some(_), Some(Side::Store)) => Label::LeadOlder,
            (Some(_), None) => Label::LeadDifferent,
            (None, Some(Side::Central)) => Label::LeadUnknownNewer,
            (None, Some(Side::Store)) => Label::LeadUnknownOlder,
            (None, None) => Label::LeadUnknownDifferent,
        }
    }
}

/// The host's own template for a label, when it has one (`%0`, `%1` placeholders, which the
/// guard fills): its labels object, or `OB.I18N.getLabel`.
pub type HostLabels<'a> = &'a dyn Fn(Label) -> Option<String>;

/// A label's text: the host's template when it gives one, else the shipped one, filled in.
fn label_text<'a>(
    language: Language,
    host: HostLabels<'a>,
) -> impl Fn(Label, &[&str]) -> String + 'a {
    move |label, args| {
        let template = host(label);
        fill(template.as_deref().unwrap_or_else(|| label.template(language)), args)
    }
}

/// A count in words, by the label for none, one or many (`%0` is the number).
fn counted(
    text: &dyn Fn(Label, &[&str]) -> String,
    n: u32,
    [none, one, many]: [Label; 3],
) -> String {
    match n {
        0 => text(none, &[]),
        1 => text(one, &["1"]),
        n => text(many, &[&n.to_string()]),
    }
}

/// The tickets line: where they are, and the host's counts when given.
fn tickets_text(facts: &BlockFacts, text: &dyn Fn(Label, &[&str]) -> String) -> String {
    let kept = text(Label::TicketsKept, &[]);
    match facts.tickets {
        Some(TicketCounts { unpaid, paid_not_sent }) => {
            let unpaid = counted(
                text,
                unpaid,
                [Label::TicketsUnpaidNone, Label::TicketsUnpaidOne, Label::TicketsUnpaidMany],
            );
            let paid = counted(
                text,
                paid_not_sent,
                [Label::TicketsPaidNone, Label::TicketsPaidOne, Label::TicketsPaidMany],
            );
            let counts = text(Label::TicketCounts, &[&unpaid, &paid]);
            format!("{kept} {counts}")
        }
        None => kept,
    }
}

impl BlockMessage {
    /// Composes the message from `facts` in `language`; `host` returns a host template that
    /// overrides the shipped one.
    pub fn compose(facts: &BlockFacts, language: Language, host: HostLabels) -> Self {
        let text = label_text(language, host);
        let central = facts.central_version.as_deref().unwrap_or("?");
        let store = facts.store_version.as_deref().unwrap_or("?");
        let pending = match facts.pending_batches {
            Some(n) => text(Label::DetailsPending, &[&n.to_string()]),
            None => text(Label::DetailsPendingUnknown, &[]),
        };
        let rule = match facts.rule {
            7 => text(Label::RulePendingUnknown, &[]),
            _ => text(Label::RuleWithPending, &[]),
        };
        Self {
            lang: language.tag(),
            title: text(Label::Title, &[]),
            lead: text(facts.lead(), &[]),
            what_to_do: format!(
                "{} {}",
                text(Label::WhatToDo, &[]),
                text(Label::StoreModeExplained, &[])
            ),
            logged_out: text(Label::LoggedOut, &[]),
            logout_failed: text(Label::LogoutFailed, &[]),
            tickets: tickets_text(facts, &text),
            open_store_mode: text(Label::OpenStoreMode, &[]),
            no_store_mode: text(Label::NoStoreMode, &[]),
            details_summary: text(Label::DetailsForIt, &[]),
            details: vec![text(Label::DetailsVersions, &[central, store]), pending, rule],
            differences_heading: text(Label::DifferencesHeading, &[]),
            columns: [
                text(Label::ColumnModule, &[]),
                text(Label::ColumnCentral, &[]),
                text(Label::ColumnStore, &[]),
            ],
            rows: facts.rows.clone(),
            more: (facts.hidden > 0).then(|| {
                let hidden = u32::try_from(facts.hidden).unwrap_or(u32::MAX);
                counted(
                    &text,
                    hidden,
                    [Label::MoreModulesMany, Label::MoreModulesOne, Label::MoreModulesMany],
                )
            }),
            countdown: text(Label::Countdown, &["%0"]),
            close: text(Label::Close, &[]),
        }
    }
}

/// Every text of the login-screen notice that a login on this till would be blocked: before
/// credentials, and after the block message is closed (so store mode stays one click away).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartupNotice {
    /// `lang` attribute.
    pub lang: &'static str,
    /// Title.
    pub title: String,
    /// What happened, in plain words (the block message's lead).
    pub body: String,
    /// What to do, with store mode in one line.
    pub advice: String,
    /// Where the till's tickets are.
    pub tickets: String,
    /// The store-mode link's text.
    pub open_store_mode: String,
    /// Shown instead of the link when no store-mode URL may be offered.
    pub no_store_mode: String,
}

impl StartupNotice {
    /// Composes the notice from `facts` in `language`; `host` as for [`BlockMessage::compose`].
    pub fn compose(facts: &BlockFacts, language: Language, host: HostLabels) -> Self {
        let text = label_text(language, host);
        Self {
            lang: language.tag(),
            title: text(Label::NoticeTitle, &[]),
            body: text(facts.lead(), &[]),
            advice: format!(
                "{} {}",
                text(Label::NoticeAdvice, &[]),
                text(Label::StoreModeExplained, &[])
            ),
            tickets: tickets_text(facts, &text),
            open_store_mode: text(Label::OpenStoreMode, &[]),
            no_store_mode: text(Label::NoStoreMode, &[]),
        }
    }
}

/// Every text of the notice that the version check cannot run on this till (the browser
/// refused local network access to the store server), for the admin at the till.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CannotCheckNotice {
    /// `lang` attribute.
    pub lang: &'static str,
    /// Title.
    pub title: String,
    /// What happened and what to do, in the till's language.
    pub body: String,
    /// What precedes the technical reason.
    pub advice: String,
    /// The technical reason, as the verdict's `cannotCheck` says it (English).
    pub reason: String,
}

impl CannotCheckNotice {
    /// Composes the notice for `reason` in `language`; `host` as for [`BlockMessage::compose`].
    pub fn compose(reason: &str, language: Language, host: HostLabels) -> Self {
        let text = label_text(language, host);
        Self {
            lang: language.tag(),
            title: text(Label::CannotCheckTitle, &[]),
            body: text(Label::CannotCheckLocalNetwork, &[]),
            advice: text(Label::CannotCheckAdvice, &[]),
            reason: reason.to_owned(),
        }
    }
}
