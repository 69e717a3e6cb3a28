//! The login check as a plan (src/login/check.rs), natively: which requests each phase asks for, and
//! the verdict for every decision row and for every combination of answers that are got,
//! failed (an HTTP error, a time-out) or missing (never handed back).
#![cfg(not(target_arch = "wasm32"))]

use serde_json::json;
use webpos_version_guard::login::check::{
    local_network_refused, Answer, Check, CheckInputs, Credentials, Request, RequestName, Step,
};
use webpos_version_guard::login::decision::{LoadOrigin, Outcome};
use webpos_version_guard::login::preference::PreferenceState;
use webpos_version_guard::login::report::VerdictReport;
use webpos_version_guard::servers::failure::Failure;
use webpos_version_guard::servers::wire::{ServerDefinition, ServerType};
use webpos_version_guard::versions::compare::{Side, VersionStatusCode};

mod common;
use common::server;
use webpos_version_guard::login::url_crate::UrlCrate;

const CENTRAL: &str = "https://central.example/openbravo";
const STORE: &str = "https://store1.example/openbravo";
const PAGE: &str = "https://central.example";

fn servers() -> Vec<ServerDefinition> {
    vec![server("central", ServerType::Main, CENTRAL), server("store1", ServerType::Store, STORE)]
}

fn ok(data: serde_json::Value) -> Answer {
    Ok(serde_json::to_vec(&json!({ "response": { "status": 0, "data": data } })).unwrap())
}

fn versions(pos: &str) -> Answer {
    let module = |id: &str, v: &str| json!({ "id": id, "name": id, "javaPackage": format!("org.{id}"), "version": v });
    ok(json!({
        "serverKey": "s", "serverVersion": "x",
        "modules": [module("core", "3.0.1"), module("pos", pos)],
    }))
}

fn definitions() -> Answer {
    ok(json!({ "servers": servers() }))
}

fn terminal(store: Option<&str>) -> Answer {
    ok(json!({ "terminal": "VBS-1", "name": "Till 1", "storeServer": store }))
}

/// The store's status: its versions (Web POS at `pos`) and its pending count as sent.
fn store_status(pos: &str, pending: serde_json::Value) -> Answer {
    let module = |id: &str, v: &str| json!({ "id": id, "name": id, "javaPackage": format!("org.{id}"), "version": v });
    ok(json!({
        "serverKey": "store1", "serverStatus": "ON",
        "versionInformation": {
            "serverKey": "store1", "serverVersion": "x",
            "modules": [module("core", "3.0.1"), module("pos", pos)],
        },
        "pendingBatches": pending,
    }))
}

fn preferences(value: Option<&str>) -> Answer {
    let records: Vec<serde_json::Value> = value
        .map(|v| {
            json!({ "id": "P1", "client": "C1", "organization": "0", "visibleAtClient": "C1",
                    "property": "EXVG_IgnoreVersionCheck", "value": v })
        })
        .into_iter()
        .collect();
    ok(json!({
        "context": { "client": "C1", "organizationChain": ["S1", "0"], "user": "U", "role": "R" },
        "records": records,
    }))
}

fn inputs() -> CheckInputs {
    CheckInputs {
        page_origin: PAGE.into(),
        server_url: CENTRAL.into(),
        terminal: "VBS-1".into(),
        ..CheckInputs::default()
    }
}

fn names(requests: &[Request]) -> Vec<RequestName> {
    requests.iter().map(|r| r.name).collect()
}

/// Runs a check to its verdict, answering each request with `answer` (`None`: never answered).
fn run(inputs: CheckInputs, answer: impl Fn(RequestName) -> Option<Answer>) -> VerdictReport {
    let mut check = Check::new(inputs, UrlCrate);
    for _ in 0..3 {
        match check.poll() {
            Step::Fetch(requests) => {
                for r in requests {
                    if let Some(a) = answer(r.name) {
                        check.receive(r.name, a, 1.0);
                    }
                }
            }
            Step::Done(report) => return *report,
        }
    }
    panic!("the check asked for more than two phases")
}

/// Every answer for a normal blocking state: store behind, 3 batches pending.
fn blocking(name: RequestName) -> Answer {
    match name {
        RequestName::ServerDefinitions => definitions(),
        RequestName::TerminalInfo => terminal(Some("store1")),
        RequestName::CentralVersion => versions("1.8.2"),
        RequestName::StoreStatus => store_status("1.8.1", json!(3)),
        RequestName::Preferences => preferences(None),
    }
}

#[test]
fn the_phases_ask_for_exactly_what_the_host_did_not_give() {
    let mut check = Check::new(inputs(), UrlCrate);
    let Step::Fetch(phase1) = check.poll() else { panic!("phase 1") };
    assert_eq!(names(&phase1), [RequestName::ServerDefinitions, RequestName::TerminalInfo]);
    assert_eq!(phase1[0].url, format!("{CENTRAL}/org.example.versionguard/ServerDefinitions"));
    assert!(
        phase1[1]
            .url
            .ends_with("TerminalStoreServer?terminal=VBS%2D1&property=EXVG%5FIgnoreVersionCheck"),
        "{}",
        phase1[1].url
    );
    assert!(phase1.iter().all(|r| r.credentials == Credentials::SameOrigin));
    for r in &phase1 {
        check.receive(r.name, blocking(r.name), 1.0);
    }
    let Step::Fetch(phase2) = check.poll() else { panic!("phase 2") };
    assert_eq!(
        names(&phase2),
        [RequestName::CentralVersion, RequestName::StoreStatus, RequestName::Preferences]
    );
    assert_eq!(phase2[1].url, format!("{STORE}/org.example.versionguard/StoreStatus"));
    assert_eq!(phase2[1].credentials, Credentials::Omit, "a store never gets the session");
    assert!(phase2[2].url.ends_with("?property=EXVG%5FIgnoreVersionCheck"));

    // The host gives servers, store and permission: one phase, three requests (the records
    // are read whatever the host's permission says).
    let given = CheckInputs {
        servers: Some(servers()),
        store_server: Some("store1".into()),
        host_permission: Some(false),
        ..inputs()
    };
    let Step::Fetch(only) = Check::new(given, UrlCrate).poll() else { panic!("one phase") };
    assert_eq!(
        names(&only),
        [RequestName::CentralVersion, RequestName::StoreStatus, RequestName::Preferences]
    );
}

#[test]
fn every_decision_row() {
    // Row 1: the page runs on the store's origin: phase 2 is never asked for.
    let store_page = CheckInputs { page_origin: "https://store1.example".into(), ..inputs() };
    let mut check = Check::new(store_page.clone(), UrlCrate);
    let Step::Fetch(phase1) = check.poll() else { panic!() };
    for r in &phase1 {
        check.receive(r.name, blocking(r.name), 1.0);
    }
    let Step::Done(r) = check.poll() else { panic!("store mode needs no phase 2") };
    assert_eq!((r.rule, r.outcome, r.loaded_from), (1, Outcome::Proceed, LoadOrigin::StoreMode));

    // Row 2: an honoured Y.
    let r = run(inputs(), |n| {
        Some(if n == RequestName::Preferences { preferences(Some("Y")) } else { blocking(n) })
    });
    assert_eq!(
        (r.rule, r.outcome, r.ignore_version_check),
        (2, Outcome::Proceed, PreferenceState::HonouredY)
    );

    // Row 3: the store unreachable.
    let r = run(inputs(), |n| {
        Some(if n == RequestName::StoreStatus { Err(Failure::TimedOut(5000)) } else { blocking(n) })
    });
    assert_eq!(
        (r.rule, r.outcome, r.status),
        (3, Outcome::Proceed, Some(VersionStatusCode::Unknown))
    );
    assert!(r.error.as_deref().unwrap().contains("timed out after 5000 ms"));

    // Row 4: same versions.
    let r = run(inputs(), |n| {
        Some(if n == RequestName::StoreStatus {
            store_status("1.8.2", json!(3))
        } else {
            blocking(n)
        })
    });
    assert_eq!((r.rule, r.outcome), (4, Outcome::Proceed));

    // Row 5: different, nothing pending.
    let r = run(inputs(), |n| {
        Some(if n == RequestName::StoreStatus {
            store_status("1.8.1", json!(0))
        } else {
            blocking(n)
        })
    });
    assert_eq!((r.rule, r.outcome, r.pending_batches), (5, Outcome::Proceed, Some(0)));

    // Row 6: different, pending: block, with the store-mode URL built from central's definition.
    let r = run(inputs(), |n| Some(blocking(n)));
    assert_eq!((r.rule, r.outcome, r.pending_batches), (6, Outcome::Block, Some(3)));
    assert_eq!(
        r.store_mode_url.as_deref(),
        Some(
            "https://store1.example/openbravo/web/org.openbravo.retail.posterminal/?terminal=VBS-1"
        )
    );
    assert_eq!(r.newer, Some(Side::Central));
    assert_eq!(r.timings.store_status, Some(1.0));
    // The verdict's JSON, byte for byte as it was when its codes were strings (issue #38: the
    // enums keep their spelling).
    let json = serde_json::to_string(&r).unwrap();
    for field in [
        r#""outcome":"block","rule":6,"#,
        r#""loadedFrom":"central","terminal":"VBS-1","storeServer":"store1","status":"differentFromCentral","statusLabel":"Different from Central","error":null,"#,
        r#""newer":"central","pendingBatches":3,"differences":[{"moduleId":"pos","name":"pos","centralVersion":"1.8.2","storeVersion":"1.8.1","newer":"central"}],"#,
        r#""ignoreVersionCheck":"notSet","#,
        r#""when":"login"}"#,
    ] {
        assert!(json.contains(field), "{field} in {json}");
    }
    let mut startup = run(CheckInputs { before_login: true, ..inputs() }, |n| Some(blocking(n)));
    startup.status = None;
    let json = serde_json::to_string(&startup).unwrap();
    assert!(json.contains(r#""status":null,"#) && json.ends_with(r#""when":"startup"}"#), "{json}");

    // Row 7: different, the pending count invalid or unknown (the versions still compared).
    for pending in [json!(-1), json!("3"), json!(null)] {
        let r = run(inputs(), |n| {
            Some(if n == RequestName::StoreStatus {
                store_status("1.8.1", pending.clone())
            } else {
                blocking(n)
            })
        });
        assert_eq!((r.rule, r.outcome, r.pending_batches), (7, Outcome::Block, None), "{pending}");
    }
}

/// What an answer does in the exhaustive run.
#[derive(Clone, Copy, Debug)]
enum Fate {
    Got,
    /// Got, and for the store's status: its pending count unknown (`null`).
    GotPendingUnknown,
    Failed,
    Missing,
}

#[test]
fn every_combination_of_got_failed_and_missing_answers_follows_the_table() {
    const FATES: [Fate; 4] = [Fate::Got, Fate::GotPendingUnknown, Fate::Failed, Fate::Missing];
    let n = RequestName::ALL.len();
    let mut blocks = 0;
    for code in 0..FATES.len().pow(n as u32) {
        let fate = |name: RequestName| {
            let i = RequestName::ALL.iter().position(|n| *n == name).unwrap();
            FATES[code / FATES.len().pow(i as u32) % FATES.len()]
        };
        let r = run(inputs(), |name| match fate(name) {
            Fate::GotPendingUnknown if name == RequestName::StoreStatus => {
                Some(store_status("1.8.1", json!(null)))
            }
            Fate::Got | Fate::GotPendingUnknown => Some(blocking(name)),
            Fate::Failed => Some(Err(Failure::Http { status: 503, message: None })),
            Fate::Missing => None,
        });
        let got = |name| matches!(fate(name), Fate::Got | Fate::GotPendingUnknown);
        let everything_located =
            got(RequestName::ServerDefinitions) && got(RequestName::TerminalInfo);
        let both_versions = got(RequestName::CentralVersion) && got(RequestName::StoreStatus);
        let pending_known = matches!(fate(RequestName::StoreStatus), Fate::Got);
        let expected_rule = if !everything_located || !both_versions {
            3
        } else if pending_known {
            6
        } else {
            7
        };
        assert_eq!(r.rule, expected_rule, "{:?}", RequestName::ALL.map(fate));
        assert_eq!(r.outcome == Outcome::Block, expected_rule >= 6);
        if r.outcome == Outcome::Block {
            blocks += 1;
            assert!(r.store_mode_url.is_some(), "a block offers store mode");
        }
        if expected_rule == 3 {
            assert_eq!(r.status, Some(VersionStatusCode::Unknown));
            assert!(!r.error.as_deref().unwrap_or("").is_empty(), "Unknown says why");
        }
        let missing_pending = !pending_known;
        if everything_located && missing_pending {
            assert!(
                r.diagnostics.iter().any(|d| d.starts_with("Pending-sync count unavailable")),
                "{:?}",
                r.diagnostics
            );
        }
    }
    // Blocks: definitions, terminal and central got (two got fates each), the store's status
    // got (pending known: row 6; unknown: row 7), and any of the preference's four fates.
    assert_eq!(blocks, 2 * 2 * 2 * 2 * 4);
}

#[test]
fn a_missing_answer_is_reported_as_no_answer() {
    let r = run(inputs(), |n| (n != RequestName::CentralVersion).then(|| blocking(n)));
    assert_eq!(r.rule, 3);
    assert!(r.error.as_deref().unwrap().contains("no answer was received"), "{:?}", r.error);
    assert_eq!(r.timings.central_version, None);
}

#[test]
fn the_terminal_lookup_failing_is_said_as_such() {
    let r = run(inputs(), |n| {
        Some(if n == RequestName::TerminalInfo {
            Err(Failure::Http { status: 404, message: None })
        } else {
            blocking(n)
        })
    });
    assert_eq!(r.rule, 3);
    assert!(r.error.as_deref().unwrap().contains("terminal information unavailable: HTTP 404"));
    let r = run(inputs(), |n| {
        Some(if n == RequestName::TerminalInfo { terminal(None) } else { blocking(n) })
    });
    assert!(r.error.as_deref().unwrap().contains("the terminal has no store server"));
}

#[test]
fn answers_not_asked_for_are_ignored_and_done_stays_done() {
    let mut check = Check::new(
        CheckInputs { servers: Some(servers()), store_server: Some("store1".into()), ..inputs() },
        UrlCrate,
    );
    let Step::Fetch(requests) = check.poll() else { panic!() };
    assert!(!names(&requests).contains(&RequestName::ServerDefinitions));
    check.receive(RequestName::ServerDefinitions, Ok(b"garbage".to_vec()), 1.0);
    for r in &requests {
        check.receive(r.name, blocking(r.name), 1.0);
    }
    let Step::Done(first) = check.poll() else { panic!() };
    assert_eq!(first.rule, 6);
    let Step::Done(again) = check.poll() else { panic!() };
    assert_eq!(first, again);
}

#[test]
fn an_early_answer_for_a_later_phase_or_a_second_answer_is_not_used() {
    let mut check = Check::new(inputs(), UrlCrate);
    let Step::Fetch(phase1) = check.poll() else { panic!("phase 1") };
    assert!(!names(&phase1).contains(&RequestName::StoreStatus));
    // A store status that phase 1 did not ask for: it must not decide the login.
    check.receive(RequestName::StoreStatus, blocking(RequestName::StoreStatus), 1.0);
    for r in &phase1 {
        check.receive(r.name, blocking(r.name), 1.0);
        // A second answer to the same request is ignored too.
        check.receive(r.name, Ok(b"garbage".to_vec()), 1.0);
    }
    let Step::Fetch(phase2) = check.poll() else { panic!("phase 2") };
    assert!(names(&phase2).contains(&RequestName::StoreStatus));
    for r in phase2.iter().filter(|r| r.name != RequestName::StoreStatus) {
        check.receive(r.name, blocking(r.name), 1.0);
    }
    let Step::Done(report) = check.poll() else { panic!("done") };
    assert_eq!(report.rule, 3, "{report:?}");
    assert_eq!(report.timings.store_status, None);
    assert!(
        report.error.as_deref().unwrap().contains("no answer was received"),
        "{:?}",
        report.error
    );
}

#[test]
fn a_store_the_browser_refused_by_local_network_access_is_named_and_not_an_unreachable_store() {
    let refused = run(inputs(), |n| match n {
        RequestName::StoreStatus => Some(Err(local_network_refused(n))),
        _ => Some(blocking(n)),
    });
    assert_eq!((refused.outcome, refused.rule), (Outcome::Proceed, 3));
    let error = refused.error.as_deref().unwrap();
    assert!(
        error.contains("this browser refused local network access to the store server"),
        "{error}"
    );
    let why = refused.cannot_check.as_deref().unwrap();
    assert!(why.starts_with("The version check cannot run on this till"), "{why}");
    assert!(why.contains("LocalNetworkAccessAllowedForUrls"), "{why}");
    assert!(refused.diagnostics.iter().any(|d| d == why));

    let unreachable = run(inputs(), |n| match n {
        RequestName::StoreStatus => Some(Err(Failure::NoResponse("refused".into()))),
        _ => Some(blocking(n)),
    });
    assert_eq!((unreachable.outcome, unreachable.rule), (Outcome::Proceed, 3));
    assert_eq!(unreachable.cannot_check, None);
    assert!(!unreachable.error.unwrap().contains("local network"));
}

#[test]
fn an_unknown_page_origin_is_diagnosed() {
    let r = run(CheckInputs { page_origin: "https://elsewhere.example".into(), ..inputs() }, |n| {
        Some(blocking(n))
    });
    assert_eq!(r.loaded_from, LoadOrigin::Central);
    assert!(r.diagnostics.iter().any(|d| d.contains("neither central's nor a store server's")));
}

#[test]
fn the_store_mode_url_keeps_the_language_and_the_store_urls_own_path() {
    use webpos_version_guard::login::store_mode::store_mode_url;
    const POS: &str = "web/org.openbravo.retail.posterminal/";
    for (store, expected) in [
        ("https://store1.example/openbravo", format!("https://store1.example/openbravo/{POS}")),
        ("https://store1.example/openbravo/", format!("https://store1.example/openbravo/{POS}")),
        ("http://host/foo/?x", format!("http://host/foo/{POS}")),
        ("http://host/foo?x=1#frag", format!("http://host/foo/{POS}")),
        ("http://host:8080", format!("http://host:8080/{POS}")),
    ] {
        let url = store_mode_url(&UrlCrate, store, "VBS-1", "es_ES", PAGE).unwrap();
        assert_eq!(url, format!("{expected}?terminal=VBS-1&lang=es_ES"), "{store}");
        let url = store_mode_url(&UrlCrate, store, "VBS-1", "", PAGE).unwrap();
        assert_eq!(url, format!("{expected}?terminal=VBS-1"), "{store}");
    }
    // Through the check: the host's language goes with the offer.
    let r = run(CheckInputs { language: "es_ES".into(), ..inputs() }, |n| Some(blocking(n)));
    assert!(r.store_mode_url.unwrap().ends_with("?terminal=VBS-1&lang=es_ES"));
}

fn host(name: &str, address: &str, priority: i32, main: bool) -> serde_json::Value {
    json!({ "name": name, "address": address, "online": true, "priority": priority,
            "allServices": true, "mainServer": main, "currentServer": main, "services": [] })
}

#[test]
fn the_hosts_server_list_gives_central_and_the_first_store_by_priority() {
    use webpos_version_guard::servers::host::{from_host_list, HostServer};
    let list: Vec<HostServer> = serde_json::from_value(json!([
        host("store2", "https://store2.example/openbravo", 20, false),
        host("Central", CENTRAL, 10, true),
        host("store1", STORE, 5, false),
        host("store3", "https://store3.example/openbravo", 5, false),
    ]))
    .unwrap();
    let mapped = from_host_list(list.clone(), "https:").unwrap();
    assert_eq!(mapped.store_server.as_deref(), Some("store1"), "priority 5, first in the list");
    let keys: Vec<&str> = mapped.servers.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["Central", "store1", "store3", "store2"]);
    assert_eq!(mapped.current_server.as_deref(), Some("Central"));
    assert_eq!(mapped.servers[0].url, format!("{CENTRAL}/"), "a trailing / as mobile core adds");
    assert_eq!(mapped.servers[0].server_type, ServerType::Main);
    assert!(mapped.servers[1..].iter().all(|s| s.server_type == ServerType::Store));

    // With the host's list and permission, the login check is one phase of three requests.
    let given = CheckInputs {
        servers: Some(mapped.servers),
        store_server: mapped.store_server,
        host_permission: Some(false),
        ..inputs()
    };
    let mut check = Check::new(given, UrlCrate);
    let Step::Fetch(only) = check.poll() else { panic!("one phase") };
    assert_eq!(
        names(&only),
        [RequestName::CentralVersion, RequestName::StoreStatus, RequestName::Preferences]
    );
    assert!(only[1].url.starts_with(STORE));

    // No central, two centrals, or a repeated name: refused with a reason.
    for bad in [
        json!([host("store1", STORE, 5, false)]),
        json!([host("a", CENTRAL, 1, true), host("b", STORE, 1, true)]),
        json!([
            host("Central", CENTRAL, 1, true),
            host("s", STORE, 1, false),
            host("s", STORE, 2, false)
        ]),
    ] {
        let list: Vec<HostServer> = serde_json::from_value(bad).unwrap();
        let error = from_host_list(list, "https:").unwrap_err().to_string();
        assert!(error.contains("main servers") || error.contains("listed twice"), "{error}");
    }
    // A list with only central: no store server.
    let list: Vec<HostServer> =
        serde_json::from_value(json!([host("Central", CENTRAL, 1, true)])).unwrap();
    assert_eq!(from_host_list(list, "https:").unwrap().store_server, None);
}

/// Central's terminal information telling the client-level preference (`value`: Y, N or null).
fn terminal_telling(value: Option<&str>) -> Answer {
    ok(json!({ "terminal": "VBS-1", "name": "Till 1", "storeServer": "store1",
               "clientPreference": { "property": "EXVG_IgnoreVersionCheck", "value": value,
                                     "record": value.map(|_| "P1") } }))
}

#[test]
fn before_login_central_tells_the_clients_preference_and_the_last_seen_value_counts_only_without_it(
) {
    let before = || CheckInputs { before_login: true, ..inputs() };
    // Phase 1 asks central about the terminal, naming the property; phase 2 has no records.
    let mut check = Check::new(before(), UrlCrate);
    let Step::Fetch(phase1) = check.poll() else { panic!() };
    assert!(phase1[1].url.ends_with("?terminal=VBS%2D1&property=EXVG%5FIgnoreVersionCheck"));
    for r in &phase1 {
        let answer = if r.name == RequestName::TerminalInfo {
            terminal_telling(Some("Y"))
        } else {
            blocking(r.name)
        };
        check.receive(r.name, answer, 1.0);
    }
    let Step::Fetch(phase2) = check.poll() else { panic!() };
    assert_eq!(names(&phase2), [RequestName::CentralVersion, RequestName::StoreStatus]);
    for r in &phase2 {
        check.receive(r.name, blocking(r.name), 1.0);
    }
    let Step::Done(r) = check.poll() else { panic!() };
    assert_eq!(
        (r.rule, r.outcome, r.ignore_version_check),
        (2, Outcome::Proceed, PreferenceState::HonouredY)
    );
    assert!(
        r.diagnostics.iter().any(|d| d.contains(
            "central says EXVG_IgnoreVersionCheck for this terminal's client is Y (record P1)"
        )),
        "{:?}",
        r.diagnostics
    );

    let answering = |told: Answer| {
        move |n| Some(if n == RequestName::TerminalInfo { told.clone() } else { blocking(n) })
    };
    // Central says N (or nothing at client level): it wins over a Y last seen here.
    for told in [terminal_telling(Some("N")), terminal_telling(None)] {
        let r = run(CheckInputs { last_seen_preference: Some(true), ..before() }, answering(told));
        assert_eq!((r.rule, r.outcome), (6, Outcome::Block));
    }
    // The host gave the servers and the store: central is asked in phase 2, beside the versions.
    let given =
        CheckInputs { servers: Some(servers()), store_server: Some("store1".into()), ..before() };
    // Central does not tell it (an older central) or cannot answer: the last seen value counts.
    for told in [terminal(Some("store1")), Err(Failure::Http { status: 500, message: None })] {
        let r = run(
            CheckInputs { last_seen_preference: Some(true), ..given.clone() },
            answering(told.clone()),
        );
        assert_eq!((r.rule, r.outcome), (2, Outcome::Proceed), "{:?}", r.diagnostics);
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.contains("last seen at a login on this till (Y) counts")));
        // Neither: the check runs, and says why.
        let r = run(given.clone(), answering(told));
        assert_eq!((r.rule, r.ignore_version_check), (6, PreferenceState::Unavailable));
    }
    let mut check = Check::new(given.clone(), UrlCrate);
    let Step::Fetch(only) = check.poll() else { panic!() };
    assert_eq!(
        names(&only),
        [RequestName::CentralVersion, RequestName::StoreStatus, RequestName::TerminalInfo]
    );
    let r = run(given, answering(terminal_telling(Some("Y"))));
    assert_eq!((r.rule, r.outcome), (2, Outcome::Proceed));
}

#[test]
fn the_hosts_permission_is_reported_never_trusted_alone() {
    let system_y = || {
        ok(json!({
            "context": { "client": "C1", "organizationChain": ["S1", "0"], "user": "U", "role": "R" },
            "records": [{ "id": "P0", "client": "0", "organization": "0",
                          "property": "EXVG_IgnoreVersionCheck", "value": "Y" }],
        }))
    };
    let host_true = || CheckInputs { host_permission: Some(true), ..inputs() };
    // Openbravo resolved a system-level Y into `true`: the records say it is not honoured.
    let r = run(host_true(), |n| {
        Some(if n == RequestName::Preferences { system_y() } else { blocking(n) })
    });
    assert_eq!(
        (r.rule, r.outcome, r.ignore_version_check),
        (6, Outcome::Block, PreferenceState::NotHonoured)
    );
    assert!(
        r.diagnostics.iter().any(|d| d.contains("The WebPOS's permissions say EXVG_IgnoreVersionCheck is true (Y); the guard does not skip the check on it")),
        "{:?}",
        r.diagnostics
    );
    // The records cannot be read: the host's `true` alone does not skip the check.
    let r = run(host_true(), |n| {
        Some(if n == RequestName::Preferences {
            Err(Failure::Http { status: 500, message: None })
        } else {
            blocking(n)
        })
    });
    assert_eq!((r.rule, r.ignore_version_check), (6, PreferenceState::Unavailable));
    // The records agree with the host: skipped, and said so.
    let r = run(host_true(), |n| {
        Some(if n == RequestName::Preferences { preferences(Some("Y")) } else { blocking(n) })
    });
    assert_eq!(r.rule, 2);
    assert!(r.diagnostics.iter().any(|d| d.ends_with("the records agree.")));
}

#[test]
fn a_check_says_what_it_learned_for_the_next_one() {
    let mut check = Check::new(inputs(), UrlCrate);
    assert!(check.learned().is_none());
    let Step::Fetch(phase1) = check.poll() else { panic!() };
    for r in &phase1 {
        check.receive(r.name, blocking(r.name), 1.0);
    }
    let Step::Fetch(_) = check.poll() else { panic!() };
    let learned = check.learned().expect("definitions and store known").clone();
    assert_eq!(learned.store_server, "store1");
    assert_eq!(learned.servers, servers());

    // The next check, given what was learned, is one phase.
    let next = CheckInputs {
        servers: Some(learned.servers),
        store_server: Some(learned.store_server),
        ..inputs()
    };
    let Step::Fetch(only) = Check::new(next, UrlCrate).poll() else { panic!() };
    assert_eq!(only.len(), 3, "central's versions, the store's status and the preference, at once");

    // Nothing learned when the terminal lookup failed.
    let mut check = Check::new(inputs(), UrlCrate);
    let Step::Fetch(phase1) = check.poll() else { panic!() };
    for r in &phase1 {
        let answer = if r.name == RequestName::TerminalInfo {
            Err(Failure::Http { status: 500, message: None })
        } else {
            blocking(r.name)
        };
        check.receive(r.name, answer, 1.0);
    }
    let _ = check.poll();
    assert!(check.learned().is_none());
}

#[test]
fn a_block_record_reads_back_only_for_its_terminal_while_fresh() {
    use webpos_version_guard::login::block_record::{BlockRecord, BLOCK_RECORD_TTL_MS};
    let report = run(inputs(), |n| Some(blocking(n)));
    assert_eq!(report.outcome, Outcome::Block);
    let now = 1_800_000_000_000.0;
    let record = BlockRecord::of(&report, now);
    let text = record.to_text();
    assert_eq!(text, serde_json::to_string(&record).unwrap(), "written as serde_json writes it");
    let read = BlockRecord::read(&text, "VBS-1", now + 5_000.0).unwrap();
    assert_eq!(read, record);
    assert_eq!(read.facts().pending_batches, Some(3));
    assert_eq!(read.facts().rows.len(), 1);
    assert!(
        !text.contains("storeModeUrl"),
        "the offer is always rebuilt from central's definitions"
    );

    // Typed (RecordIgnored) until the diagnostics; its words as the start says them.
    let refused = |text: &str, terminal: &str, at: f64| {
        BlockRecord::read(text, terminal, at).unwrap_err().to_string()
    };
    assert!(refused(&text, "VBS-2", now).contains("another terminal"));
    assert!(refused(&text, "VBS-1", now + BLOCK_RECORD_TTL_MS + 1.0).contains("expired"));
    assert!(refused(&text, "VBS-1", now - 3_600_000.0).contains("future"));
    assert!(refused("not json", "VBS-1", now).contains("invalid"));
    assert!(refused(&"x".repeat(20_000), "VBS-1", now).contains("bytes long"));
    let tampered = text.replace("\"rule\":6", "\"rule\":4");
    assert!(refused(&tampered, "VBS-1", now).contains("does not block"));
    let extra = text.replacen('{', "{\"storeModeUrl\":\"javascript:alert(1)\",", 1);
    assert!(refused(&extra, "VBS-1", now).contains("invalid"));
    let long = text.replace("\"store1\"", &format!("\"{}\"", "s".repeat(500)));
    assert!(refused(&long, "VBS-1", now).contains("limits"));
    let nan = text.replace(&format!("\"recordedAt\":{now:?}"), "\"recordedAt\":null");
    assert!(BlockRecord::read(&nan, "VBS-1", now).is_err());
}

#[test]
fn the_hosts_raw_list_is_read_as_mobile_core_reads_it() {
    use webpos_version_guard::servers::host::{from_host_list, normalise_address, HostServer};
    // An address without its scheme (some releases strip http://) takes the page's; so does the
    // current server's (the page reached it over that scheme); a trailing / is added.
    assert_eq!(
        normalise_address(" store1.example/openbravo ", "https:", false),
        "https://store1.example/openbravo/"
    );
    assert_eq!(
        normalise_address("http://central.example/openbravo", "https:", true),
        "https://central.example/openbravo/"
    );
    assert_eq!(
        normalise_address("HTTPS://central.example/ob/", "http:", true),
        "http://central.example/ob/"
    );
    assert_eq!(
        normalise_address("http://store2.example/openbravo/", "https:", false),
        "http://store2.example/openbravo/"
    );
    // The router's stand-in (`Default`, no address) is not a server; only the first current
    // server counts.
    let list: Vec<HostServer> = serde_json::from_value(json!([
        { "name": "Default", "address": null, "online": true, "mainServer": true, "currentServer": true },
        { "name": "Central", "address": "central.example/openbravo", "online": true, "priority": 10,
          "mainServer": true, "currentServer": false },
        { "name": "store1", "address": "store1.example/openbravo", "online": false, "priority": 5,
          "mainServer": false, "currentServer": true },
        { "name": "store2", "address": "store2.example/openbravo", "priority": 7, "currentServer": true },
    ]))
    .unwrap();
    let mapped = from_host_list(list, "http:").unwrap();
    let urls: Vec<&str> = mapped.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "http://central.example/openbravo/",
            "http://store1.example/openbravo/",
            "http://store2.example/openbravo/"
        ]
    );
    assert_eq!(mapped.current_server.as_deref(), Some("store1"));
    assert_eq!(mapped.store_server.as_deref(), Some("store1"));
    // Only the stand-in: no list at all.
    let list: Vec<HostServer> = serde_json::from_value(json!([
        { "name": "Default", "address": null, "online": true, "mainServer": true, "currentServer": true },
    ]))
    .unwrap();
    assert!(from_host_list(list, "http:")
        .unwrap_err()
        .to_string()
        .contains("no server with an address"));
}

#[test]
fn where_the_page_runs_is_what_its_server_says() {
    // A store-mode WebPOS opened by another name (an IP, an alias, a proxy) than its definition:
    // its origin is no server's, but the server that served it says it is store1: row 1.
    let alias = || CheckInputs {
        page_origin: "http://10.0.0.5:8080".into(),
        servers: Some(servers()),
        store_server: Some("store1".into()),
        page_server: Some("store1".into()),
        ..inputs()
    };
    let r = run(alias(), |n| Some(blocking(n)));
    assert_eq!((r.rule, r.outcome), (1, Outcome::Proceed));
    assert_eq!(r.loaded_from, LoadOrigin::StoreMode);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.contains("says it is \"store1\" (a store server: store mode)")),
        "{:?}",
        r.diagnostics
    );
    // Store mode asks nothing at all: the verdict at once.
    assert!(matches!(Check::new(alias(), UrlCrate).poll(), Step::Done(_)));
}

#[test]
fn the_servers_word_beats_the_origin_and_an_unknown_name_falls_back_to_it() {
    // The page's origin is store1's, but the server that answered says it is central: checked.
    let r = run(
        CheckInputs {
            page_origin: "https://store1.example".into(),
            servers: Some(servers()),
            store_server: Some("store1".into()),
            page_server: Some("central".into()),
            ..inputs()
        },
        |n| Some(blocking(n)),
    );
    assert_eq!((r.rule, r.outcome), (6, Outcome::Block));
    // A name that is no definition's: the origin decides, and the verdict says so.
    let r = run(
        CheckInputs {
            page_origin: "https://store1.example".into(),
            servers: Some(servers()),
            store_server: Some("store1".into()),
            page_server: Some("elsewhere".into()),
            ..inputs()
        },
        |n| Some(blocking(n)),
    );
    assert_eq!(r.rule, 1);
    assert!(
        r.diagnostics.iter().any(|d| d.contains("calls itself \"elsewhere\"")),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn the_definitions_answer_names_the_answering_server() {
    // The startup check of a store opened by its IP asks the store for the definitions: the
    // store answers which one it is, and the page is in store mode.
    let answer = |n| {
        Some(match n {
            RequestName::ServerDefinitions => {
                ok(json!({ "servers": servers(), "currentServer": "store1" }))
            }
            n => blocking(n),
        })
    };
    let r = run(CheckInputs { page_origin: "http://10.0.0.5:8080".into(), ..inputs() }, answer);
    assert_eq!((r.rule, r.outcome), (1, Outcome::Proceed), "{:?}", r.diagnostics);
    // What the check learned carries it to the login check.
    let mut check = Check::new(
        CheckInputs { page_origin: "http://10.0.0.5:8080".into(), ..inputs() },
        UrlCrate,
    );
    let Step::Fetch(phase1) = check.poll() else { panic!() };
    for r in &phase1 {
        check.receive(r.name, answer(r.name).unwrap(), 1.0);
    }
    let _ = check.poll();
    assert_eq!(check.learned().unwrap().page_server.as_deref(), Some("store1"));
    // A current server that is not among the servers is an invalid answer.
    let bad = |n| {
        Some(match n {
            RequestName::ServerDefinitions => {
                ok(json!({ "servers": servers(), "currentServer": "nope" }))
            }
            n => blocking(n),
        })
    };
    let r = run(inputs(), bad);
    assert_eq!(r.rule, 3);
    assert!(r.error.as_deref().unwrap_or("").contains("currentServer"), "{:?}", r.error);
}

#[test]
fn a_bad_client_preference_value_costs_only_the_preference() {
    // Central's terminal answer carries a value other than Y, N or null: the store server is
    // still found, the preference is not honoured (said why), and the check goes on.
    let told = ok(json!({ "terminal": "VBS-1", "name": "Till 1", "storeServer": "store1",
                         "clientPreference": { "property": "EXVG_IgnoreVersionCheck", "value": "yes", "record": "P9" } }));
    let r = run(
        CheckInputs { before_login: true, last_seen_preference: Some(true), ..inputs() },
        |n| Some(if n == RequestName::TerminalInfo { told.clone() } else { blocking(n) }),
    );
    assert_eq!(
        (r.rule, r.outcome, r.ignore_version_check),
        (6, Outcome::Block, PreferenceState::NotHonoured)
    );
    assert_eq!(r.store_server.as_deref(), Some("store1"));
    assert!(
        r.diagnostics.iter().any(|d| d.contains("record P9") && d.contains("instead of \"yes\"")),
        "{:?}",
        r.diagnostics
    );
}

/// A request's query value is written as the `percent-encoding` crate's `NON_ALPHANUMERIC` set
/// writes it (the guard writes it itself, without the crate's table in the wasm).
#[test]
fn query_values_are_percent_encoded_as_the_crate_does() {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    use webpos_version_guard::base::text::percent_encoded;
    let mut values: Vec<String> = vec![
        String::new(),
        "VBS-1".into(),
        "EXVG_IgnoreVersionCheck".into(),
        "a b&c=d?e#f/g%h+i".into(),
        "ñandú 🦀 \u{0}\u{7f}\u{202e}".into(),
    ];
    values.push((0u8..=127).map(char::from).collect());
    values.push((128u32..2048).filter_map(char::from_u32).collect());
    for value in values {
        assert_eq!(
            percent_encoded(&value),
            utf8_percent_encode(&value, NON_ALPHANUMERIC).to_string(),
            "{value:?}"
        );
    }
}
