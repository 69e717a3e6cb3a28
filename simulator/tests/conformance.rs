//! The agent's conformance check (`openbravo-version-agent conformance`) against the
//! simulator: the simulator answers the protocol as a real deployment must, and a store whose
//! answer breaks it is named.

mod common;

use std::time::Duration;

use common::Sim;
use openbravo_version_agent::conformance::{check, Target};
use serde_json::json;

fn target(central: String) -> Target {
    Target {
        central,
        terminal: Some("VBS-1".into()),
        paths: Default::default(),
        max_stores: 50,
        timeout: Duration::from_secs(3),
        token: Some(common::SERVER_TOKEN.into()),
    }
}

#[tokio::test]
async fn the_simulator_conforms_and_a_broken_store_is_named() {
    let sim = Sim::start("same-version");
    let report = check(&target(sim.central())).await;
    assert!(report.broken.is_empty(), "{}", report.text());
    assert!(
        report.passed.iter().any(|p| p.starts_with("store store1's StoreStatus")),
        "{}",
        report.text()
    );

    let (status, body) = sim
        .control(
            "server/store1",
            json!({ "faults": [{ "kind": "html", "service": "StoreStatus" }] }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let report = check(&target(sim.central())).await;
    assert!(
        report.broken.iter().any(|b| b.starts_with("store store1's StoreStatus")),
        "{}",
        report.text()
    );
}
