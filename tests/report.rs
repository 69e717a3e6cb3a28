//! The verdict report's JSON shape and the composed block message.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{central_report, set};
use webpos_version_guard::login::decision::Fetch;
use webpos_version_guard::login::report::VerdictReport;
use webpos_version_guard::texts::cashier::{Label, Language};
use webpos_version_guard::texts::notices::{
    BlockFacts, BlockMessage, StartupNotice, TicketCounts, MESSAGE_MAX_ROWS,
};
use webpos_version_guard::versions::module::ModuleSet;

fn report(central: ModuleSet, store: ModuleSet, pending: Fetch<u64>) -> VerdictReport {
    central_report(Fetch::Got(central), Fetch::Got(store), pending)
}

fn blocking() -> VerdictReport {
    report(
        set(&[("pos", "1.8.4600"), ("core", "3.0.1")]),
        set(&[("pos", "1.8.4503"), ("core", "3.0.1")]),
        Fetch::Got(3),
    )
}

#[test]
fn the_report_serializes_to_the_documented_shape() {
    let json = serde_json::to_value(blocking()).unwrap();
    assert_eq!(json["outcome"], "block");
    assert_eq!(json["rule"], 6);
    assert_eq!(json["loadedFrom"], "central");
    assert_eq!(json["status"], "differentFromCentral");
    assert_eq!(json["statusLabel"], "Different from Central");
    assert_eq!(json["newer"], "central");
    assert_eq!(json["pendingBatches"], 3);
    assert_eq!(json["differences"][0]["moduleId"], "pos");
    assert_eq!(json["differences"][0]["centralVersion"], "1.8.4600");
    assert_eq!(json["differences"][0]["newer"], "central");
    assert_eq!(json["ignoreVersionCheck"], "notSet");
    assert_eq!(json["timings"]["total"], 12.5);
    assert!(json["timings"]["pending"].is_null());
    assert!(json["loggedOut"].is_null());
    assert_eq!(json["diagnostics"].as_array().unwrap().last().unwrap(), "extra");
    assert!(json["storeModeUrl"].as_str().unwrap().ends_with("?terminal=VBS-1"));
}

#[test]
fn the_message_leads_in_plain_words_and_keeps_the_versions_for_it() {
    let r = blocking();
    let en = BlockMessage::compose(&BlockFacts::of(&r), Language::En, &|_| None);
    assert_eq!(en.lang, "en");
    assert_eq!(en.title, "Work in store mode for now");
    assert_eq!(
        en.lead,
        "This till was updated before the shop's server, and the shop's server still has sales to send to head office."
    );
    assert!(en.what_to_do.starts_with("Work in store mode until the update ends. Store mode "));
    // No version, count or module in the plain part; all of them in the details.
    let plain = [&en.title, &en.lead, &en.what_to_do, &en.logged_out, &en.tickets];
    for text in plain {
        assert!(!text.contains(r.central_version.as_deref().unwrap()) && !text.contains("batch"));
    }
    assert_eq!(en.details_summary, "Details for IT");
    assert!(en.details[0].contains(r.central_version.as_deref().unwrap()));
    assert!(en.details[0].contains(r.store_version.as_deref().unwrap()));
    assert_eq!(en.details[1], "Batches pending sync on the store server: 3.");
    assert!(en.details[2].starts_with("Version check, rule 6:"));
    assert_eq!(en.rows, vec![["Module pos".to_owned(), "1.8.4600".into(), "1.8.4503".into()]]);
    assert_eq!(en.more, None);
    let es = BlockMessage::compose(&BlockFacts::of(&r), Language::Es, &|_| None);
    assert_eq!(es.lang, "es");
    assert!(es.lead.starts_with("Esta caja se actualizó antes"), "{}", es.lead);
    assert_eq!(es.details[1], "Lotes pendientes de sincronizar en el servidor de tienda: 3.");
    assert_eq!(es.open_store_mode, "Abrir modo tienda");
    assert_eq!(es.details_summary, "Detalles para sistemas");
}

#[test]
fn the_tickets_line_says_where_they_are_and_the_hosts_counts() {
    let facts = BlockFacts::of(&blocking());
    let en = BlockMessage::compose(&facts, Language::En, &|_| None);
    assert!(en.tickets.starts_with("Tickets started on this till are not lost"));
    assert!(!en.tickets.contains("On this till now"));
    let counts = TicketCounts { unpaid: 2, paid_not_sent: 5 };
    let en =
        BlockMessage::compose(&facts.clone().with_tickets(Some(counts)), Language::En, &|_| None);
    assert!(
        en.tickets.ends_with("On this till now: 2 unpaid tickets and 5 paid tickets not yet sent."),
        "{}",
        en.tickets
    );
    let es =
        StartupNotice::compose(&facts.clone().with_tickets(Some(counts)), Language::Es, &|_| None);
    assert!(
        es.tickets.ends_with(
            "En esta caja ahora: 2 tickets sin pagar y 5 tickets pagados aún sin enviar."
        ),
        "{}",
        es.tickets
    );
    assert!(es.advice.contains("modo tienda"));
    // Counts of none and one read as words, never "ticket(s)".
    let said = |unpaid, paid_not_sent, language| {
        let facts = facts.clone().with_tickets(Some(TicketCounts { unpaid, paid_not_sent }));
        BlockMessage::compose(&facts, language, &|_| None).tickets
    };
    assert!(said(1, 0, Language::En)
        .ends_with("On this till now: 1 unpaid ticket and no paid tickets waiting to be sent."));
    assert!(said(0, 1, Language::En)
        .ends_with("On this till now: no unpaid tickets and 1 paid ticket not yet sent."));
    assert!(said(1, 1, Language::Es)
        .ends_with("En esta caja ahora: 1 ticket sin pagar y 1 ticket pagado aún sin enviar."));
    assert!(said(0, 0, Language::Es).ends_with(
        "En esta caja ahora: ningún ticket sin pagar y ningún ticket pagado pendiente de enviar."
    ));
    for language in [Language::En, Language::Es] {
        for (unpaid, paid) in [(0, 0), (1, 1), (2, 7)] {
            assert!(!said(unpaid, paid, language).contains("(s)"));
        }
    }
}

#[test]
fn an_older_webpos_and_an_unknown_count_read_accordingly() {
    let r = report(set(&[("pos", "1.8.1")]), set(&[("pos", "1.8.2")]), Fetch::Failed("bad".into()));
    assert_eq!(r.rule, 7);
    let en = BlockMessage::compose(&BlockFacts::of(&r), Language::En, &|_| None);
    assert!(
        en.lead.starts_with("The shop's server was updated before this till")
            && en.lead.contains("could not say"),
        "{}",
        en.lead
    );
    assert!(en.details[1].contains("unknown") && en.details[2].contains("rule 7"));
}

#[test]
fn host_labels_override_the_shipped_ones() {
    // A host gives templates; the guard fills every placeholder, each as often as it appears
    // (Openbravo's getLabel replaces only the first of each), and a `$` in an argument stays.
    let host = |label: Label| match label {
        Label::Title => Some("HOST TITLE".to_owned()),
        Label::DetailsVersions => Some("host versions %0|%1 (%0)".to_owned()),
        _ => None,
    };
    let r = blocking();
    let m = BlockMessage::compose(&BlockFacts::of(&r), Language::Es, &host);
    assert_eq!(m.title, "HOST TITLE");
    let (central, store) = (r.central_version.unwrap(), r.store_version.unwrap());
    assert_eq!(m.details[0], format!("host versions {central}|{store} ({central})"));
    assert_eq!(m.close, "Cerrar");
}

#[test]
fn label_keys_carry_the_modules_prefix() {
    use webpos_version_guard::servers::protocol::LABEL_PREFIX;
    assert_eq!(Label::Title.key(LABEL_PREFIX), "EXVG_VersionGuardTitle");
    assert_eq!(Label::Close.key("ACME_"), "ACME_VersionGuardClose");
    assert!(Label::ALL.iter().all(|l| !l.key(LABEL_PREFIX).starts_with("OB")));
}

#[test]
fn long_difference_lists_are_cut_with_a_count() {
    let ids: Vec<(String, String)> =
        (0..30).map(|i| (format!("m{i:02}"), "1.0.1".to_owned())).collect();
    let older: Vec<(String, String)> =
        (0..30).map(|i| (format!("m{i:02}"), "1.0.0".to_owned())).collect();
    let refs = |v: &[(String, String)]| {
        set(&v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>())
    };
    let r = report(refs(&ids), refs(&older), Fetch::Got(1));
    assert_eq!(r.differences.len(), 30);
    let m = BlockMessage::compose(&BlockFacts::of(&r), Language::En, &|_| None);
    assert_eq!(m.rows.len(), MESSAGE_MAX_ROWS);
    assert_eq!(m.more.as_deref(), Some("…and 10 more modules."));
    let r = report(refs(&ids[..21]), refs(&older[..21]), Fetch::Got(1));
    let m = BlockMessage::compose(&BlockFacts::of(&r), Language::En, &|_| None);
    assert_eq!(m.more.as_deref(), Some("…and 1 more module."));
    let m = BlockMessage::compose(&BlockFacts::of(&r), Language::Es, &|_| None);
    assert_eq!(m.more.as_deref(), Some("…y 1 módulo más."));
}

/// The guard writes a till's report without serde's serializer (`TillReport::to_json`): the
/// same text as serde writes, read back by the collector as the same report, for every
/// outcome and with text that needs escaping.
#[test]
fn a_till_report_is_written_as_serde_writes_it() {
    use webpos_version_guard::login::till_report::{TillOutcome, TillReport, TillWhen};
    for outcome in [
        TillOutcome::Blocked,
        TillOutcome::Proceeded,
        TillOutcome::CouldNotCheck,
        TillOutcome::HotFix,
        TillOutcome::StoreMode,
        TillOutcome::GuardNotLoaded,
    ] {
        for full in [true, false] {
            let report = TillReport {
                terminal: "VBS-\"1\"\\\u{1}ñ".into(),
                store_server: full.then(|| "store1".into()),
                when: if full { TillWhen::Login } else { TillWhen::Startup },
                outcome,
                rule: full.then_some(6),
                central_version: full.then(|| "9.35.36491 #71b6fb31".into()),
                store_version: full.then(|| "<b>x</b>".into()),
                pending_batches: full.then_some(9_007_199_254_740_991),
                reason: full.then(|| "timed out\nafter 2000 ms".into()),
                total_ms: full.then_some(120),
                id: full.then(|| "19f3a-0c2e".into()),
            };
            assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
            assert_eq!(serde_json::from_str::<TillReport>(&report.to_json()).unwrap(), report);
        }
    }
}
