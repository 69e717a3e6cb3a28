//! CORS: the central origin and the store's own origin may read a store's version and pending
//! services without credentials; nothing broader.

mod common;

use common::{client, url, Sim};
use webpos_version_guard::servers::protocol::Service;

async fn acao(target: &str, origin: &str) -> Option<String> {
    let r = client().get(target).header("origin", origin).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "{target}");
    assert!(r.headers().get("access-control-allow-credentials").is_none());
    let vary = r.headers().get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Origin"));
    assert!(vary, "Vary: Origin on {target}");
    r.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn central_and_own_origin_may_read_version_and_pending() {
    let sim = Sim::start("different-pending");
    let store = sim.store("store1").await;
    let store_origin = store.trim_end_matches("/openbravo").to_owned();
    let central_origin = sim.central_origin();
    for service in [Service::VersionInformation, Service::StoreStatus, Service::StoreStatus] {
        let target = url(&store, service);
        assert_eq!(acao(&target, &central_origin).await.as_deref(), Some(central_origin.as_str()));
        assert_eq!(acao(&target, &store_origin).await.as_deref(), Some(store_origin.as_str()));
    }
}

#[tokio::test]
async fn other_origins_are_refused() {
    let sim = Sim::start("different-pending");
    let store = sim.store("store1").await;
    let central_port = sim.central_origin().rsplit(':').next().unwrap().to_owned();
    let refused = [
        "http://127.0.0.1:1".to_owned(),
        format!("http://localhost:{central_port}"),
        format!("https://127.0.0.1:{central_port}"),
        format!("http://127.0.0.1:{central_port}.evil.example"),
        "null".to_owned(),
        "*".to_owned(),
    ];
    for origin in &refused {
        for service in [Service::VersionInformation, Service::StoreStatus, Service::StoreStatus] {
            assert_eq!(acao(&url(&store, service), origin).await, None, "{origin} {service:?}");
        }
    }
}

#[tokio::test]
async fn same_origin_only_services_never_grant_cors() {
    let sim = Sim::start("mixed");
    let store = sim.store("store1").await;
    let central_origin = sim.central_origin();
    for base in [sim.central(), store] {
        let r = client()
            .get(url(&base, Service::ServerDefinitions))
            .header("origin", &central_origin)
            .send()
            .await
            .unwrap();
        assert!(r.headers().get("access-control-allow-origin").is_none());
    }
}

async fn preflight(
    target: &str,
    origin: &str,
    method: &str,
    headers: Option<&str>,
) -> reqwest::Response {
    let mut request = client()
        .request(reqwest::Method::OPTIONS, target)
        .header("origin", origin)
        .header("access-control-request-method", method);
    if let Some(h) = headers {
        request = request.header("access-control-request-headers", h);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn recompute_is_never_granted_across_origins() {
    // Central's collector asks a store to recompute server to server, with central's
    // credential; no page, not even central's, calls a store's recompute.
    let sim = Sim::start("mixed");
    let target = url(&sim.store("store9").await, Service::RecomputeVersionInformation);
    let central = sim.central_origin();
    let store_origin = sim.store("store9").await.trim_end_matches("/openbravo").to_owned();
    for (origin, method, headers) in [
        (central.as_str(), "POST", Some("content-type")),
        (store_origin.as_str(), "POST", None),
        ("http://127.0.0.1:1", "POST", None),
        (central.as_str(), "POST", Some("authorization")),
    ] {
        let r = preflight(&target, origin, method, headers).await;
        assert_eq!(r.status().as_u16(), 403, "{origin} {method} {headers:?}");
        assert!(r.headers().get("access-control-allow-origin").is_none());
    }
    // A read preflight for the version service is granted for GET only.
    let version = url(&sim.store("store1").await, Service::VersionInformation);
    assert_eq!(preflight(&version, &central, "GET", None).await.status().as_u16(), 204);
    assert_eq!(preflight(&version, &central, "POST", None).await.status().as_u16(), 403);
}

#[tokio::test]
async fn an_extra_origin_is_granted_only_when_named_on_the_command_line() {
    let runner = "http://127.0.0.1:18700";
    let plain = Sim::start("different-pending");
    let target = url(&plain.store("store1").await, Service::VersionInformation);
    assert_eq!(acao(&target, runner).await, None);
    let sim = Sim::start_args("different-pending", &common::repo(), &["--allow-origin", runner]);
    let store = sim.store("store1").await;
    assert_eq!(
        acao(&url(&store, Service::VersionInformation), runner).await.as_deref(),
        Some(runner)
    );
    assert_eq!(acao(&url(&store, Service::StoreStatus), runner).await.as_deref(), Some(runner));
    // Still nothing else across origins.
    let r = client()
        .get(url(&store, Service::ServerDefinitions))
        .header("origin", runner)
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}
