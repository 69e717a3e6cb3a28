//! Every shipped scenario, fetched over HTTP and decided by the core as the guard will: the
//! decisions docs/SCENARIOS.md promises.

mod common;

use common::{client, get, pending_of, url, Sim};
use webpos_version_guard::login::decision::{decide, Fetch, LoadOrigin, LoginInputs, Rule};
use webpos_version_guard::login::preference::{evaluate, PreferenceFinding, DEFAULT_PROPERTY};
use webpos_version_guard::servers::json::{
    parse_preferences, parse_server_definitions, parse_terminal_info, parse_version_info,
};
use webpos_version_guard::servers::protocol::{Service, LOGIN};
use webpos_version_guard::versions::module::ModuleSet;

async fn fetch(target: String) -> Result<Vec<u8>, String> {
    let r = client().get(target).send().await.map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!("HTTP {}", r.status().as_u16()));
    }
    r.bytes().await.map(|b| b.to_vec()).map_err(|e| e.to_string())
}

/// What the guard will do at login of `vallblanca` on terminal VBS-1, loaded from central.
async fn decide_at_central(sim: &Sim) -> (Rule, PreferenceFinding) {
    let central = sim.central();
    let (_, _, body) = get(&central, Service::ServerDefinitions).await;
    let servers = parse_server_definitions(&body).unwrap();
    let terminal = client()
        .get(format!("{}?terminal=VBS-1", url(&central, Service::TerminalInfo)))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let store_key = parse_terminal_info(&terminal).unwrap().store_server.unwrap();
    let store = servers.iter().find(|s| s.key == store_key).unwrap().url.clone();

    let modules = |r: Result<Vec<u8>, String>| -> Fetch<ModuleSet> {
        r.and_then(|b| parse_version_info(&b).map(|i| i.modules).map_err(|e| e.to_string())).into()
    };
    let central_info = modules(fetch(url(&central, Service::VersionInformation)).await);
    let store_info = modules(fetch(url(&store, Service::VersionInformation)).await);
    let pending: Fetch<u64> = fetch(url(&store, Service::StoreStatus))
        .await
        .and_then(|b| pending_of(&b).map_err(|e| e.to_string()))
        .into();

    let login = client()
        .post(format!("{central}/{LOGIN}"))
        .json(&serde_json::json!({ "user": "vallblanca", "password": "openbravo", "terminal": "VBS-1" }))
        .send()
        .await
        .unwrap();
    let cookie =
        login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let prefs = client()
        .get(format!("{}?property={DEFAULT_PROPERTY}", url(&central, Service::Preferences)))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let (ctx, records) = parse_preferences(&prefs).unwrap();
    let preference = evaluate(&records, DEFAULT_PROPERTY, &ctx);

    let verdict = decide(&LoginInputs {
        origin: LoadOrigin::Central,
        central: &central_info,
        store: &store_info,
        pending: &pending,
        preference: &preference,
        property: DEFAULT_PROPERTY,
    });
    (verdict.rule, preference)
}

/// The two tests switch scenarios one at a time: a store that is down frees its port, and a
/// scenario of 2,000 stores loading beside it in another simulator could take that port, so
/// the "down" store would answer.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test]
async fn each_scenario_leads_to_its_documented_decision() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let sim = Sim::start("same-version");
    for (scenario, expected) in [
        ("same-version", Rule::SameVersion),
        ("different-pending", Rule::DifferentWithPending),
        ("different-no-pending", Rule::DifferentNothingPending),
        ("hotfix-preference", Rule::SkippedByPreference),
        ("misconfigured-preference", Rule::DifferentWithPending),
        ("store-offline", Rule::VersionUnknown),
        ("mixed", Rule::DifferentWithPending),
        ("many-stores", Rule::SameVersion),
    ] {
        let (status, body) = sim.control("scenario", serde_json::json!({ "name": scenario })).await;
        assert_eq!(status, 200, "{scenario}: {body}");
        let (rule, preference) = decide_at_central(&sim).await;
        assert_eq!(rule, expected, "{scenario}");
        if scenario == "misconfigured-preference" {
            assert!(matches!(preference, PreferenceFinding::NotHonoured { .. }), "{preference:?}");
        }
    }
}

#[tokio::test]
async fn every_scenario_file_loads() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let sim = Sim::start("same-version");
    let dir = common::repo().join("scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .filter(|n| !n.starts_with('_'))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let (status, body) = sim.control("scenario", serde_json::json!({ "name": name })).await;
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(body["scenario"], name.as_str());
    }
}
