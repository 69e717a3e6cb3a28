//! The control endpoint: one running simulator serves a whole suite.

mod common;

use common::{client, get, pending_of, url, Sim};
use serde_json::json;
use webpos_version_guard::servers::json::{parse_server_definitions, parse_version_info};
use webpos_version_guard::servers::protocol::{Service, LOGIN, PREFERENCE_PROPERTY};
use webpos_version_guard::servers::wire::ServerStatus;
use webpos_version_guard::versions::compare::{compare, VersionStatus};

async fn status_of_store1(sim: &Sim) -> VersionStatus {
    let (_, _, c) = get(&sim.central(), Service::VersionInformation).await;
    let (_, _, s) = get(&sim.store("store1").await, Service::VersionInformation).await;
    compare(&parse_version_info(&c).unwrap().modules, &parse_version_info(&s).unwrap().modules)
        .status
}

#[tokio::test]
async fn switching_scenarios_by_name() {
    let sim = Sim::start("different-pending");
    assert_eq!(status_of_store1(&sim).await, VersionStatus::DifferentFromCentral);
    let (status, state) = sim.control("scenario", json!({ "name": "same-version" })).await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["scenario"], "same-version");
    assert_eq!(status_of_store1(&sim).await, VersionStatus::SameAsCentral);

    let (status, state) = sim.control("scenario", json!({ "name": "mixed" })).await;
    assert_eq!((status, state["stores"].as_array().unwrap().len()), (200, 10));
    let (_, _, body) = get(&sim.central(), Service::ServerDefinitions).await;
    assert_eq!(parse_server_definitions(&body).unwrap().len(), 11);
    // store4 is down in mixed: its port is closed.
    let error = client()
        .get(url(&sim.store("store4").await, Service::StoreStatus))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect());
}

#[tokio::test]
async fn switching_to_an_inline_scenario_that_extends_a_named_one() {
    let sim = Sim::start("same-version");
    let inline = json!({
        "extends": "different-pending",
        "name": "inline-test",
        "stores": [{ "key": "store1", "name": "Inline", "pendingBatches": 42 }]
    });
    let (status, state) = sim.control("scenario", json!({ "scenario": inline })).await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["scenario"], "inline-test");
    let (_, _, body) = get(&sim.store("store1").await, Service::StoreStatus).await;
    assert_eq!(pending_of(&body), Ok(42));
}

#[tokio::test]
async fn bad_scenarios_are_refused_and_the_current_one_stays() {
    let sim = Sim::start("different-pending");
    let (status, body) = sim.control("scenario", json!({ "name": "nope" })).await;
    assert_eq!(status, 400);
    let error = body["error"].as_str().unwrap();
    assert!(
        error.contains("no scenario named \"nope\"")
            && error.contains("available: different-no-pending"),
        "{error}"
    );
    assert!(!error.contains("_base"), "the base is not offered as a scenario: {error}");

    let (status, body) = sim.control("scenario", json!({ "name": "../etc/passwd" })).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("invalid scenario name"));

    let typo = json!({ "extends": "_base", "name": "typo", "stores": [{ "key": "s", "pendingBatchez": 1 }] });
    let (status, body) = sim.control("scenario", json!({ "scenario": typo })).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("unknown field `pendingBatchez`"), "{body}");

    let twice =
        json!({ "extends": "_base", "name": "twice", "stores": [{ "key": "s" }, { "key": "s" }] });
    let (status, body) = sim.control("scenario", json!({ "scenario": twice })).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "server key s is used twice");

    assert_eq!(sim.state().await["scenario"], "different-pending");
    assert_eq!(status_of_store1(&sim).await, VersionStatus::DifferentFromCentral);
}

#[tokio::test]
async fn changing_one_stores_pending_count_and_status() {
    let sim = Sim::start("different-pending");
    let (status, state) =
        sim.control("server/store1", json!({ "pendingBatches": 0, "status": "TOFF" })).await;
    assert_eq!(status, 200);
    assert_eq!(state["stores"][0]["pendingBatches"], 0);
    let (_, _, body) = get(&sim.store("store1").await, Service::StoreStatus).await;
    assert_eq!(pending_of(&body), Ok(0));
    let (_, _, body) = get(&sim.central(), Service::ServerDefinitions).await;
    let store1 =
        parse_server_definitions(&body).unwrap().into_iter().find(|s| s.key == "store1").unwrap();
    assert!(matches!(
        store1.status,
        ServerStatus::TransitionToOnline | ServerStatus::TransitionToOffline
    ));

    let (status, body) = sim.control("server/nope", json!({ "pendingBatches": 1 })).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "no server with key \"nope\"");
}

#[tokio::test]
async fn an_upgrade_behind_stale_information_shows_after_recompute() {
    let sim = Sim::start("different-pending");
    let store = sim.store("store1").await;
    // The store is upgraded, but keeps serving what it computed at its last start.
    let (status, _) = sim
        .control("server/store1", json!({
            "staleVersions": { "FF8080812E2F8B44012E2FD0A4A4000D": "1.8.4503" },
            "versions": { "FF8080812E2F8B44012E2FD0A4A4000D": "1.8.4600", "FF8080812D842086012D844F3CC0003E": "1.1.3450" }
        }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(status_of_store1(&sim).await, VersionStatus::DifferentFromCentral);
    let r = client()
        .post(url(&store, Service::RecomputeVersionInformation))
        .bearer_auth(common::SERVER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(status_of_store1(&sim).await, VersionStatus::SameAsCentral);
}

#[tokio::test]
async fn reset_restores_the_scenario_and_a_switch_ends_sessions() {
    let sim = Sim::start("different-pending");
    sim.control("server/store1", json!({ "pendingBatches": 99 })).await;
    let (status, state) = sim.control("reset", json!({})).await;
    assert_eq!((status, &state["stores"][0]["pendingBatches"]), (200, &json!(3)));

    let login = client()
        .post(format!("{}/{LOGIN}", sim.central()))
        .json(&json!({ "user": "vallblanca", "password": "openbravo" }))
        .send()
        .await
        .unwrap();
    let cookie =
        login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let prefs = |cookie: String| {
        let target =
            format!("{}?property={PREFERENCE_PROPERTY}", url(&sim.central(), Service::Preferences));
        async move {
            client().get(target).header("cookie", cookie).send().await.unwrap().status().as_u16()
        }
    };
    assert_eq!(prefs(cookie.clone()).await, 200);
    // A patch keeps sessions; a new scenario ends them.
    sim.control("server/store1", json!({ "pendingBatches": 1 })).await;
    assert_eq!(prefs(cookie.clone()).await, 200);
    sim.control("scenario", json!({ "name": "same-version" })).await;
    assert_eq!(prefs(cookie).await, 401);
}
