//! Every fault kind, per server and per service, over real HTTP, as the guard's core sees it.

mod common;

use std::time::{Duration, Instant};

use common::{client, get, url, Sim};
use serde_json::json;
use webpos_version_guard::base::limits::MAX_BODY_BYTES;
use webpos_version_guard::servers::json::{parse_store_status, parse_version_info};
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::servers::wire::WireError;

/// The pending count of a `StoreStatus` answer, as the guard's core reads it.
fn pending_of(body: &[u8]) -> Result<u64, WireError> {
    parse_store_status(body).and_then(|s| s.pending)
}

/// Sets store1's faults and returns its base URL.
async fn with_faults(sim: &Sim, faults: serde_json::Value) -> String {
    let (status, body) = sim.control("server/store1", json!({ "faults": faults })).await;
    assert_eq!(status, 200, "{body}");
    sim.store("store1").await
}

fn fault(kind: &str, service: &str) -> serde_json::Value {
    json!([{ "kind": kind, "service": service }])
}

#[tokio::test]
async fn latency_delays_the_answer_of_that_service_only() {
    let sim = Sim::start("different-pending");
    let store = with_faults(
        &sim,
        json!([{ "kind": "latency", "ms": 300, "service": "VersionInformation" }]),
    )
    .await;
    let started = Instant::now();
    let (status, _, body) = get(&store, Service::VersionInformation).await;
    let slow = started.elapsed();
    assert_eq!(status, 200);
    assert!(parse_version_info(&body).is_ok());
    assert!(slow >= Duration::from_millis(300), "{slow:?}");
    let started = Instant::now();
    let (_, _, body) = get(&store, Service::StoreStatus).await;
    assert_eq!(pending_of(&body), Ok(3));
    assert!(started.elapsed() < Duration::from_millis(250), "{:?}", started.elapsed());
}

#[tokio::test]
async fn latency_on_every_service_adds_up() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, json!([{ "kind": "latency", "ms": 100 }, { "kind": "latency", "ms": 150, "service": "StoreStatus" }])).await;
    let started = Instant::now();
    let _ = get(&store, Service::StoreStatus).await;
    assert!(started.elapsed() >= Duration::from_millis(250));
}

#[tokio::test]
async fn hang_never_answers_while_other_services_do() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("hang", "VersionInformation")).await;
    let hanging = client()
        .get(url(&store, Service::VersionInformation))
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    assert!(hanging.unwrap_err().is_timeout());
    let (_, _, body) = get(&store, Service::StoreStatus).await;
    assert_eq!(pending_of(&body), Ok(3));
}

#[tokio::test]
async fn reset_drops_the_connection() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("reset", "StoreStatus")).await;
    let error = client().get(url(&store, Service::StoreStatus)).send().await.unwrap_err();
    assert!(!error.is_timeout() && !error.is_status(), "{error:?}");
    let text = format!("{error:?}").to_lowercase();
    assert!(
        text.contains("reset") || text.contains("closed") || text.contains("incomplete"),
        "{text}"
    );
    // The same server still answers its other services.
    let (status, _, _) = get(&store, Service::VersionInformation).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn http_errors_answer_as_a_servlet_container_would() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("http500", "VersionInformation")).await;
    let (status, headers, body) = get(&store, Service::VersionInformation).await;
    assert_eq!(status, 500);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(parse_version_info(&body), Err(WireError::Html));

    let store = with_faults(&sim, fault("http503", "VersionInformation")).await;
    let (status, headers, _) = get(&store, Service::VersionInformation).await;
    assert_eq!(status, 503);
    assert_eq!(headers["retry-after"], "30");
}

#[tokio::test]
async fn an_html_login_page_with_status_200() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("html", "StoreStatus")).await;
    let (status, headers, body) = get(&store, Service::StoreStatus).await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("<form"));
    assert_eq!(pending_of(&body), Err(WireError::Html));
}

#[tokio::test]
async fn truncated_json_is_cut_in_half() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("truncated", "VersionInformation")).await;
    let (status, headers, body) = get(&store, Service::VersionInformation).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-length"].to_str().unwrap(), body.len().to_string());
    let error = parse_version_info(&body).unwrap_err();
    assert!(matches!(error, WireError::NotJson(_)), "{error:?}");
}

#[tokio::test]
async fn not_utf8_puts_a_latin1_byte_in_the_first_string() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("notUtf8", "VersionInformation")).await;
    let (status, _, body) = get(&store, Service::VersionInformation).await;
    assert_eq!(status, 200);
    assert!(std::str::from_utf8(&body).is_err());
    let fixed = String::from_utf8_lossy(&body).replace('\u{fffd}', "");
    assert!(parse_version_info(fixed.as_bytes()).is_ok(), "only the byte is wrong: {fixed}");
    let error = parse_version_info(&body).unwrap_err();
    assert!(matches!(error, WireError::NotJson(_)), "{error:?}");
}

#[tokio::test]
async fn an_oversized_body_is_valid_json_above_the_limit() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("oversized", "VersionInformation")).await;
    let (status, _, body) = get(&store, Service::VersionInformation).await;
    assert_eq!(status, 200);
    assert!(body.len() > MAX_BODY_BYTES, "{}", body.len());
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok(), "still valid JSON");
    assert!(matches!(parse_version_info(&body), Err(WireError::TooLarge { .. })));
}

#[tokio::test]
async fn wrong_types_keep_the_shape_with_other_types() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, json!([{ "kind": "wrongTypes" }])).await;
    let (_, _, body) = get(&store, Service::StoreStatus).await;
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["response"]["data"]["pendingBatches"], "3");
    assert!(matches!(pending_of(&body), Err(WireError::NotJson(_))));
    let (_, _, body) = get(&store, Service::VersionInformation).await;
    assert!(matches!(parse_version_info(&body), Err(WireError::NotJson(_))));
}

#[tokio::test]
async fn no_cors_drops_the_grant_only() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("noCors", "VersionInformation")).await;
    let r = client()
        .get(url(&store, Service::VersionInformation))
        .header("origin", sim.central_origin())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    assert!(parse_version_info(&r.bytes().await.unwrap()).is_ok());
}

#[tokio::test]
async fn redirect_points_to_another_origin() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, fault("redirect", "StoreStatus")).await;
    let r = client().get(url(&store, Service::StoreStatus)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let location = r.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("http://localhost:"), "{location}");
    assert!(location.ends_with(&Service::StoreStatus.path()), "{location}");
}

#[tokio::test]
async fn down_refuses_connections_and_coming_back_up_answers_again() {
    let sim = Sim::start("different-pending");
    let store = with_faults(&sim, json!([{ "kind": "down" }])).await;
    let error = client().get(url(&store, Service::StoreStatus)).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    let store_again = with_faults(&sim, json!([])).await;
    assert_eq!(store_again, store, "the store keeps its port");
    let (_, _, body) = get(&store, Service::StoreStatus).await;
    assert_eq!(pending_of(&body), Ok(3));
}

#[tokio::test]
async fn faults_on_central_services_too() {
    let sim = Sim::start("different-pending");
    let (status, body) = sim
        .control("server/central", json!({ "faults": fault("http503", "VersionInformation") }))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = get(&sim.central(), Service::VersionInformation).await;
    assert_eq!(status, 503);
    let (status, body) =
        sim.control("server/central", json!({ "faults": [{ "kind": "down" }] })).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("central cannot be down"));
}

#[tokio::test]
async fn invalid_faults_are_refused_with_a_reason() {
    let sim = Sim::start("different-pending");
    let (status, body) = sim
        .control("server/store1", json!({ "faults": [{ "kind": "hang", "service": "Nope" }] }))
        .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("unknown service \"Nope\""), "{body}");
    let (status, body) =
        sim.control("server/store1", json!({ "faults": [{ "kind": "explode" }] })).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("unknown variant `explode`"), "{body}");
}

#[tokio::test]
async fn error_pages_keep_the_cors_grant_so_the_browser_can_read_the_status() {
    let sim = Sim::start("different-pending");
    for kind in ["http500", "http503", "html", "redirect"] {
        let store = with_faults(&sim, fault(kind, "VersionInformation")).await;
        let r = client()
            .get(url(&store, Service::VersionInformation))
            .header("origin", sim.central_origin())
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.headers()["access-control-allow-origin"],
            sim.central_origin().as_str(),
            "{kind}"
        );
    }
}
