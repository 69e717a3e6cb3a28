//! The verdict as the host sees it: a stable, serializable shape (the `Verdict` type of the
//! module's TypeScript definitions), and the cashier's message composed from it.

use serde::Serialize;

use crate::login::decision::{LoadOrigin, Outcome, Rule, Verdict};
use crate::login::preference::{PreferenceFinding, PreferenceState};
use crate::texts::messages::{fill, Label, Language};
use crate::versions::compare::{Side, VersionStatus, VersionStatusCode};

/// Most module differences listed in the message (all are in the verdict).
pub const MESSAGE_MAX_ROWS: usize = 20;

/// Request durations in milliseconds; `None` for a request not made.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    /// Central's server definitions.
    pub server_definitions: Option<f64>,
    /// The terminal's store server.
    pub terminal: Option<f64>,
    /// Central's version information.
    pub central_version: Option<f64>,
    /// The store's status (its version information and pending count, one request).
    pub store_status: Option<f64>,
    /// The preference records.
    pub preference: Option<f64>,
    /// The whole check.
    pub total: f64,
}

/// One differing module.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DifferenceReport {
    /// Module id.
    pub module_id: String,
    /// Module name.
    pub name: String,
    /// Central's version.
    pub central_version: String,
    /// The store's version.
    pub store_version: String,
    /// `central` or `store`.
    pub newer: Side,
}

/// A module on one side only.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleReport {
    /// Module id.
    pub module_id: String,
    /// Module name.
    pub name: String,
    /// Version.
    pub version: String,
}

/// The verdict handed to the host (and announced as a DOM event).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictReport {
    /// `proceed` or `block`.
    pub outcome: Outcome,
    /// The decision-table row (1–7) that decided.
    pub rule: u8,
    /// One sentence saying why.
    pub reason: String,
    /// `central` or `storeMode`.
    pub loaded_from: LoadOrigin,
    /// The terminal's search key.
    pub terminal: String,
    /// The terminal's store server key, when known.
    pub store_server: Option<String>,
    /// `sameAsCentral`, `differentFromCentral`, `unknown`, or `null` when not checked.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"sameAsCentral\" | \"differentFromCentral\" | \"unknown\" | null")
    )]
    #[serde(serialize_with = "verdict_status")]
    pub status: Option<VersionStatusCode>,
    /// Openbravo's label for the status.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"Same as Central\" | \"Different from Central\" | \"Unknown\" | null")
    )]
    pub status_label: Option<&'static str>,
    /// The error, when the status is unknown.
    pub error: Option<String>,
    /// Central's server version.
    pub central_version: Option<String>,
    /// The store's server version.
    pub store_version: Option<String>,
    /// The newer side over the common modules: `central`, `store`, or `null`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Side | null"))]
    pub newer: Option<Side>,
    /// The store's batches pending sync, when known.
    pub pending_batches: Option<u64>,
    /// Common modules on different versions.
    pub differences: Vec<DifferenceReport>,
    /// Modules only central has.
    pub only_on_central: Vec<ModuleReport>,
    /// Modules only the store has.
    pub only_on_store: Vec<ModuleReport>,
    /// The store-mode URL, when one may be offered.
    pub store_mode_url: Option<String>,
    /// Why no store-mode URL is offered.
    pub store_mode_refused: Option<String>,
    /// The ignore-version-check finding: `notSet`, `honouredY`, `honouredN`, `notHonoured`,
    /// `conflict` or `unavailable`.
    pub ignore_version_check: PreferenceState,
    /// Why the check could not run on this till, in words for the host and the admin, when it
    /// could not: the browser refused a request (Local Network Access), or (set by the
    /// Openbravo adapter) the guard itself could not load or attach to the login. The login
    /// then proceeds (decision row 3).
    pub cannot_check: Option<String>,
    /// Notes for an admin.
    pub diagnostics: Vec<String>,
    /// Request durations.
    pub timings: Timings,
    /// Whether the logout succeeded (set by `guardLogin` after a block).
    pub logged_out: Option<bool>,
    /// When the check ran: `login` (`guardLogin`, `checkVersions`) or `startup`
    /// (`guardStartup`, before credentials).
    pub when: When,
}

/// When a check ran (`login`, `startup` in the verdict).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum When {
    /// At login: `guardLogin`, `checkVersions`.
    Login,
    /// At the WebPOS's start, before credentials: `guardStartup`.
    Startup,
}

/// The verdict's spelling of a version status (`sameAsCentral`, `differentFromCentral`,
/// `unknown`; the overview's rows say `same`, `different`, `unknown`).
fn verdict_status<S: serde::Serializer>(
    status: &Option<VersionStatusCode>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match status {
        None => serializer.serialize_none(),
        Some(VersionStatusCode::Same) => serializer.serialize_str("sameAsCentral"),
        Some(VersionStatusCode::Different) => serializer.serialize_str("differentFromCentral"),
        Some(VersionStatusCode::Unknown) => serializer.serialize_str("unknown"),
    }
}

/// What the report adds to the core's verdict.
#[derive(Clone, Debug)]
pub struct ReportContext<'a> {
    /// Where the page was loaded from.
    pub loaded_from: LoadOrigin,
    /// The terminal.
    pub terminal: &'a str,
    /// Its store server key.
    pub store_server: Option<&'a str>,
    /// The store-mode URL, or why none is offered.
    pub store_mode: Result<String, String>,
    /// The preference finding.
    pub preference: &'a PreferenceFinding,
    /// Request durations.
    pub timings: Timings,
    /// Extra diagnostics from the glue (e.g. an unknown page origin).
    pub diagnostics: Vec<String>,
}

impl VerdictReport {
    /// The decision-table row that decided, typed.
    pub fn decided_by(&self) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.row() == self.rule)
    }

    /// Whether the verdict blocks the login.
    pub fn blocks(&self) -> bool {
        self.decided_by().map(Rule::outcome) == Some(Outcome::Block)
    }

    /// What a login's check leaves the till to remember of the hot-fix preference for its next
    /// start (before login the preference needs a session, so the value last seen counts):
    /// `Some(true)` when an honoured `Y` skipped the check, `Some(false)` when the check ran,
    /// `None` when the preference could not be read (what was seen before stands).
    pub fn preference_seen(&self) -> Option<bool> {
        match self.ignore_version_check {
            PreferenceState::HonouredY => Some(true),
            PreferenceState::Unavailable => None,
            _ => Some(false),
        }
    }

    /// Builds the report.
    pub fn new(verdict: &Verdict, ctx: ReportContext<'_>) -> Self {
        let status = verdict.status.as_ref().map(VersionStatus::code);
        let error = match &verdict.status {
            Some(VersionStatus::Unknown { error }) => Some(error.clone()),
            _ => None,
        };
        let lone = |modules: &[crate::versions::compare::LoneModule]| {
            modules
                .iter()
                .map(|m| ModuleReport {
                    module_id: m.id.clone(),
                    name: m.name.clone(),
                    version: m.version.to_string(),
                })
                .collect()
        };
        let comparison = verdict.comparison.as_ref();
        let mut diagnostics = verdict.diagnostics.clone();
        diagnostics.extend(ctx.diagnostics);
        let (store_mode_url, store_mode_refused) = match ctx.store_mode {
            Ok(url) => (Some(url), None),
            Err(why) => (None, Some(why)),
        };
        Self {
            outcome: verdict.outcome,
            rule: verdict.rule.row(),
            reason: verdict.reason.clone(),
            loaded_from: ctx.loaded_from,
            terminal: ctx.terminal.to_owned(),
            store_server: ctx.store_server.map(str::to_owned),
            status,
            status_label: verdict.status.as_ref().map(VersionStatus::label),
            error,
            central_version: verdict.central_version.map(|v| v.to_string()),
            store_version: verdict.store_version.map(|v| v.to_string()),
            newer: comparison.and_then(|c| c.newer),
            pending_batches: verdict.pending,
            differences: comparison
                .map(|c| {
                    c.differences
                        .iter()
                        .map(|d| DifferenceReport {
                            module_id: d.id.clone(),
                            name: d.name.clone(),
                            central_version: d.central.to_string(),
                            store_version: d.store.to_string(),
                            newer: d.newer,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            only_on_central: comparison.map(|c| lone(&c.only_central)).unwrap_or_default(),
            only_on_store: comparison.map(|c| lone(&c.only_store)).unwrap_or_default(),
            store_mode_url,
            store_mode_refused,
            ignore_version_check: ctx.preference.state(),
            cannot_check: None,
            diagnostics,
            timings: ctx.timings,
            logged_out: None,
            when: When::Login,
        }
    }
}

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
    /// The facts of `report`.
    pub fn of(report: &VerdictReport) -> Self {
        Self {
            rule: report.rule,
            central_version: report.central_version.clone(),
            store_version: report.store_version.clone(),
            pending_batches: report.pending_batches,
            newer: report.newer,
            rows: report
                .differences
                .iter()
                .take(MESSAGE_MAX_ROWS)
                .map(|d| [d.name.clone(), d.central_version.clone(), d.store_version.clone()])
                .collect(),
            hidden: report.differences.len().saturating_sub(MESSAGE_MAX_ROWS),
            tickets: None,
        }
    }

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
