//! Every service over real HTTP, parsed by the guard's own core.

mod common;

use std::time::Duration;

use common::{client, get, pending_of, url, Sim};
use webpos_version_guard::login::preference::{
    evaluate, PreferenceFinding, Problem, DEFAULT_PROPERTY,
};
use webpos_version_guard::servers::json::{
    parse_preferences, parse_server_definitions, parse_store_status, parse_terminal_info,
    parse_version_info,
};
use webpos_version_guard::servers::protocol::{Service, LOGIN, LOGOUT, POS_PAGE};
use webpos_version_guard::servers::wire::{ServerStatus, ServerType};
use webpos_version_guard::versions::compare::{compare, VersionStatus};
use webpos_version_guard::versions::server_version::ServerVersion;

const WEB_POS: &str = "FF8080812E2F8B44012E2FD0A4A4000D";

#[tokio::test]
async fn starts_quickly_and_prints_the_urls() {
    let sim = Sim::start("different-pending");
    assert!(sim.startup < Duration::from_secs(2), "startup took {:?}", sim.startup);
    let central = sim.central();
    assert!(
        sim.banner.contains(&format!("WebPOS from central: {central}/{POS_PAGE}?terminal=VBS-1")),
        "{}",
        sim.banner
    );
    assert!(sim.banner.contains("store-mode URL:      http://127.0.0.1:"), "{}", sim.banner);
    assert!(sim.banner.contains(&format!("admin overview:      {central}/web/")), "{}", sim.banner);
    assert_eq!(sim.ready["scenario"], "different-pending");
    let store_mode = sim.ready["storeModeUrl"].as_str().unwrap();
    assert_ne!(store_mode, sim.ready["posUrl"].as_str().unwrap());
    assert!(store_mode.ends_with("?terminal=VBS-1"));
}

#[tokio::test]
async fn server_definitions_list_central_and_stores_on_every_server() {
    let sim = Sim::start("mixed");
    let (status, _, body) = get(&sim.central(), Service::ServerDefinitions).await;
    assert_eq!(status, 200);
    let servers = parse_server_definitions(&body).unwrap();
    assert_eq!(servers.len(), 11);
    assert_eq!((servers[0].key.as_str(), servers[0].server_type), ("central", ServerType::Main));
    assert_eq!(servers[0].url, sim.central());
    let by_key = |k: &str| servers.iter().find(|s| s.key == k).unwrap();
    assert_eq!(by_key("store1").server_type, ServerType::Store);
    assert_eq!(by_key("store1").url, sim.store("store1").await);
    assert_eq!(by_key("store4").status, ServerStatus::Offline);
    assert_eq!(by_key("store5").status, ServerStatus::TransitionToOnline);
    assert_eq!(by_key("store6").status, ServerStatus::TransitionToOffline);
    assert_eq!(by_key("store1").priority, 10);
    // A store serves the same definitions (stores receive them from central).
    let (_, _, from_store) = get(&sim.store("store1").await, Service::ServerDefinitions).await;
    assert_eq!(parse_server_definitions(&from_store).unwrap(), servers);
}

#[tokio::test]
async fn version_information_differs_where_the_scenario_says() {
    let sim = Sim::start("different-pending");
    let (_, _, c) = get(&sim.central(), Service::VersionInformation).await;
    let (_, _, s) = get(&sim.store("store1").await, Service::VersionInformation).await;
    let central = parse_version_info(&c).unwrap();
    let store = parse_version_info(&s).unwrap();
    assert_eq!((central.server_key.as_str(), store.server_key.as_str()), ("central", "store1"));
    assert_eq!(central.modules.len(), 7);
    assert!(store.computed_at.as_deref().unwrap().ends_with('Z'));
    let comparison = compare(&central.modules, &store.modules);
    assert_eq!(comparison.status, VersionStatus::DifferentFromCentral);
    let ids: Vec<&str> = comparison.differences.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&WEB_POS));
    // The server version the simulator reports is the core's own computation.
    let raw: serde_json::Value = serde_json::from_slice(&s).unwrap();
    assert_eq!(
        raw["response"]["data"]["serverVersion"],
        ServerVersion::of(&store.modules).to_string()
    );
}

#[tokio::test]
async fn the_pending_count_is_a_store_service() {
    let sim = Sim::start("different-pending");
    let (status, _, body) = get(&sim.store("store1").await, Service::StoreStatus).await;
    assert_eq!((status, pending_of(&body)), (200, Ok(3)));
    let (_, _, body) = get(&sim.central(), Service::StoreStatus).await;
    let error = pending_of(&body).unwrap_err().to_string();
    assert!(error.contains("Central is not a store server"), "{error}");
}

#[tokio::test]
async fn terminal_information_names_the_store_server() {
    let sim = Sim::start("mixed");
    let c = client();
    let base = sim.central();
    let info = |key: &str| format!("{}?terminal={key}", url(&base, Service::TerminalInfo));
    let body = c.get(info("VBN-1")).send().await.unwrap().bytes().await.unwrap();
    let t = parse_terminal_info(&body).unwrap();
    assert_eq!((t.terminal.as_str(), t.store_server.as_deref()), ("VBN-1", Some("store2")));
    let body = c.get(info("NOSTORE-1")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(parse_terminal_info(&body).unwrap().store_server, None);
    let r = c.get(info("NOPE")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let error = parse_terminal_info(&r.bytes().await.unwrap()).unwrap_err().to_string();
    assert_eq!(error, "server error (status -1): Terminal \"NOPE\" not found");
}

async fn login(base: &str, user: &str, password: &str) -> reqwest::Response {
    client()
        .post(format!("{base}/{LOGIN}"))
        .json(&serde_json::json!({ "user": user, "password": password, "terminal": "VBS-1" }))
        .send()
        .await
        .unwrap()
}

fn session_cookie(r: &reqwest::Response) -> String {
    let set = r.headers()["set-cookie"].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("Path=/openbravo"), "{set}");
    set.split(';').next().unwrap().to_owned()
}

async fn preferences(base: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request =
        client().get(format!("{}?property={DEFAULT_PROPERTY}", url(base, Service::Preferences)));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn preferences_need_a_session_and_resolve_in_the_core() {
    let sim = Sim::start("hotfix-preference");
    let base = sim.central();
    let r = preferences(&base, None).await;
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.text().await.unwrap().contains("Not logged in"));

    let r = login(&base, "vallblanca", "wrong").await;
    assert_eq!(r.status().as_u16(), 401);
    let r = login(&base, "vallblanca", "openbravo").await;
    assert_eq!(r.status().as_u16(), 200);
    let cookie = session_cookie(&r);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["response"]["data"]["client"], "CLIENT-WHITEVALLEY");

    let body = preferences(&base, Some(&cookie)).await.bytes().await.unwrap();
    let (ctx, records) = parse_preferences(&body).unwrap();
    assert_eq!(ctx.user, "USER-VBS-1");
    assert_eq!(ctx.org_chain, ["STORE-VBS", "REGION-NORTH", "0"]);
    assert_eq!(
        evaluate(&records, DEFAULT_PROPERTY, &ctx),
        PreferenceFinding::Honoured { skip: true, record_id: Some("PREF-HOTFIX".into()) }
    );

    // A POST to the logout servlet is refused, as Openbravo's is, and the session stays open.
    let r =
        client().post(format!("{base}/{LOGOUT}")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert_eq!(r.headers()["allow"], "GET");
    assert_eq!(preferences(&base, Some(&cookie)).await.status().as_u16(), 200);

    // A GET ends the session on the server, answering as Openbravo does.
    let r =
        client().get(format!("{base}/{LOGOUT}")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "result": "success" }));
    assert_eq!(preferences(&base, Some(&cookie)).await.status().as_u16(), 401);
}

#[tokio::test]
async fn a_system_level_preference_is_served_and_not_honoured() {
    let sim = Sim::start("misconfigured-preference");
    let base = sim.central();
    let cookie = session_cookie(&login(&base, "vallblanca", "openbravo").await);
    let body = preferences(&base, Some(&cookie)).await.bytes().await.unwrap();
    let (ctx, records) = parse_preferences(&body).unwrap();
    assert_eq!(
        evaluate(&records, DEFAULT_PROPERTY, &ctx),
        PreferenceFinding::NotHonoured {
            record_id: "PREF-SYSTEM".into(),
            problems: vec![Problem::SystemLevel]
        }
    );
}

#[tokio::test]
async fn before_login_central_tells_the_clients_hot_fix_and_the_login_the_hosts_permission() {
    use webpos_version_guard::servers::json::parse_terminal_info;
    let terminal = |base: String| async move {
        let url = format!(
            "{}?terminal=VBS-1&property={DEFAULT_PROPERTY}",
            url(&base, Service::TerminalInfo)
        );
        let body = client().get(url).send().await.unwrap().bytes().await.unwrap();
        parse_terminal_info(&body).unwrap().client_preference.unwrap()
    };
    let permission = |base: String| async move {
        let data: serde_json::Value =
            login(&base, "vallblanca", "openbravo").await.json().await.unwrap();
        data["response"]["data"]["permissions"][DEFAULT_PROPERTY].clone()
    };
    // The hot fix set in the client: Y, with its record, without a session.
    let sim = Sim::start("hotfix-preference");
    let told = terminal(sim.central()).await;
    assert_eq!((told.value.as_deref(), told.record.as_deref()), (Some("Y"), Some("PREF-HOTFIX")));
    assert_eq!(permission(sim.central()).await, serde_json::json!(true));
    // Set at system level: nothing in force for the client, but Openbravo's own resolution
    // still hands the WebPOS `true`.
    let sim = Sim::start("misconfigured-preference");
    let told = terminal(sim.central()).await;
    assert_eq!((told.value, told.record), (None, None));
    assert_eq!(permission(sim.central()).await, serde_json::json!(true));
    // Without `property` the answer does not tell it.
    let body = client()
        .get(format!("{}?terminal=VBS-1", url(&sim.central(), Service::TerminalInfo)))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(parse_terminal_info(&body).unwrap().client_preference.is_none());
}

#[tokio::test]
async fn a_session_belongs_to_the_server_that_opened_it() {
    let sim = Sim::start("hotfix-preference");
    let store = sim.store("store1").await;
    let cookie = session_cookie(&login(&sim.central(), "vallblanca", "openbravo").await);
    // The store's cookie has another name, and central's session id means nothing there.
    assert!(cookie
        .starts_with(&format!("JSESSIONID_{}=", sim.central_origin().rsplit(':').next().unwrap())));
    let store_port = sim.state().await["stores"][0]["port"].as_u64().unwrap();
    let (_, id) = cookie.split_once('=').unwrap();
    let same_value_on_store = format!("JSESSIONID_{store_port}={id}");
    assert_eq!(preferences(&store, Some(&same_value_on_store)).await.status().as_u16(), 401);
}

#[tokio::test]
async fn recompute_turns_stale_information_current() {
    let sim = Sim::start("mixed");
    let store9 = sim.store("store9").await;
    let version_of = |body: &[u8]| {
        parse_version_info(body).unwrap().modules.get(WEB_POS).unwrap().version.to_string()
    };
    let (_, _, body) = get(&store9, Service::VersionInformation).await;
    assert_eq!(version_of(&body), "1.8.4400", "stale until recomputed");
    let stale_at = parse_version_info(&body).unwrap().computed_at.unwrap();

    let r = client().get(url(&store9, Service::RecomputeVersionInformation)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405, "recompute is a POST");

    let r = client()
        .post(url(&store9, Service::RecomputeVersionInformation))
        .bearer_auth(common::SERVER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.bytes().await.unwrap();
    assert_eq!(version_of(&body), "1.8.4600");
    assert!(parse_version_info(&body).unwrap().computed_at.unwrap() > stale_at);

    let (_, _, body) = get(&store9, Service::VersionInformation).await;
    assert_eq!(version_of(&body), "1.8.4600", "current from now on");
    let state = sim.state().await;
    let store = state["stores"].as_array().unwrap().iter().find(|s| s["key"] == "store9").unwrap();
    assert_eq!(store["stale"], false);
}

#[tokio::test]
async fn unknown_services_and_paths_are_not_found() {
    let sim = Sim::start("same-version");
    let base = sim.central();
    let r = client()
        .get(format!("{base}/org.openbravo.mobile.core.service.jsonrest/org.example.Nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.text().await.unwrap().contains("Unknown service org.example.Nope"));
    // Short names are for scenario files only; paths take class names or their last segment
    // (TerminalInfo is only the short name of TerminalStoreServer).
    let r = client()
        .get(format!("{base}/org.openbravo.mobile.core.service.jsonrest/TerminalInfo"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // The control endpoint is on central only.
    let store = sim.store("store1").await.replace("/openbravo", "");
    assert_eq!(
        client().get(format!("{store}/__sim/state")).send().await.unwrap().status().as_u16(),
        404
    );
}

#[tokio::test]
async fn store_status_answers_versions_pending_and_statuses_in_one_request() {
    let sim = Sim::start("mixed");
    let store = sim.store("store5").await;
    let (status, _, body) = get(&store, Service::StoreStatus).await;
    assert_eq!(status, 200);
    let answer = parse_store_status(&body).unwrap();
    let (_, _, info) = get(&store, Service::VersionInformation).await;
    assert_eq!(answer.info, parse_version_info(&info).unwrap());
    assert_eq!(answer.pending, Ok(2));
    assert_eq!(answer.server_status, ServerStatus::TransitionToOnline);
    // Its database was rebuilt and awaits a restart (SYSTEM_STATUS RB50).
    assert_eq!(answer.info.rebuild_status.as_deref(), Some("RESTART_PENDING"));

    // A store that cannot count its batches says why; its versions stay readable.
    let (code, _) = sim
        .control("server/store5", serde_json::json!({ "pendingError": "database unavailable" }))
        .await;
    assert_eq!(code, 200);
    let (_, _, body) = get(&store, Service::StoreStatus).await;
    let answer = parse_store_status(&body).unwrap();
    assert_eq!(
        answer.pending.map_err(|e| e.to_string()),
        Err("the store cannot count its pending batches: SymmetricDS's outgoing batches could not be counted (database unavailable)".to_owned())
    );
    assert!(!answer.info.modules.is_empty());

    // Central is no store server.
    let (_, _, body) = get(&sim.central(), Service::StoreStatus).await;
    assert!(parse_store_status(&body).unwrap_err().to_string().contains("not a store server"));
}
