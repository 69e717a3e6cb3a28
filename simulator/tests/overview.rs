//! The overview's collector as central runs it (mounted by the simulator's central): only an
//! admin's session gets in, a state change must come from the page's own origin, only central
//! recomputes, the stream sends every store once and resumes without a row missing or doubled,
//! ten pages share one pass, and `/metrics` tells the operations team which stores block.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{client, url, Sim};
use serde_json::{json, Value};
use webpos_version_guard::servers::protocol::{Service, ADMIN_PAGE, LOGIN};

fn api(sim: &Sim, path: &str) -> String {
    format!("{}/{ADMIN_PAGE}api/{path}", sim.central())
}

/// Logs `user` in to central; the session cookie.
async fn session(sim: &Sim, user: &str) -> String {
    let r = client()
        .post(format!("{}/{LOGIN}", sim.central()))
        .json(&json!({ "user": user, "password": "openbravo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
struct Event {
    name: String,
    id: Option<String>,
    data: Value,
}

/// Reads events from a stream until `done` says stop (or 20 s pass).
async fn read_events(
    response: reqwest::Response,
    mut done: impl FnMut(&[Event]) -> bool,
) -> Vec<Event> {
    let mut response = response;
    let mut events = Vec::new();
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !done(&events) {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("the stream went quiet")
            .unwrap();
        let Some(chunk) = chunk else { break };
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut event = Event { name: "message".into(), id: None, data: Value::Null };
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    event.name = v.into();
                } else if let Some(v) = line.strip_prefix("id: ") {
                    event.id = Some(v.into());
                } else if let Some(v) = line.strip_prefix("data: ") {
                    event.data = serde_json::from_str(v).unwrap_or(Value::Null);
                }
            }
            if !block.starts_with(':') {
                events.push(event);
            }
        }
    }
    events
}

async fn stream(sim: &Sim, cookie: &str, last_event_id: Option<&str>) -> reqwest::Response {
    let mut request = client_streaming().get(api(sim, "stream?lang=en")).header("cookie", cookie);
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    let r = request.send().await.unwrap();
    assert_eq!(r.status(), 200);
    r
}

fn client_streaming() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// The rows of `row` events and of a snapshot's `rows` events, in order.
fn rows(events: &[Event]) -> Vec<&Value> {
    events
        .iter()
        .flat_map(|e| match e.name.as_str() {
            "row" => vec![&e.data["row"]],
            "rows" => e.data["rows"].as_array().map(|r| r.iter().collect()).unwrap_or_default(),
            _ => Vec::new(),
        })
        .collect()
}

/// Whether a pass ended and every store's row came.
fn pass_done(stores: usize) -> impl FnMut(&[Event]) -> bool {
    move |events| {
        rows(events).len() >= stores
            && events.iter().any(|e| {
                e.name == "pass"
                    && e.data["pass"]["running"] == false
                    && e.data["pass"]["number"] != 0
            })
    }
}

#[tokio::test]
async fn only_an_admin_gets_in_and_state_changes_come_from_the_page_only() {
    let sim = Sim::start("mixed");
    let c = client();
    // No session: 401, on the page's API and the stream alike.
    for path in ["stream", "pass", "store?store=store1", "by-module"] {
        let r = c.get(api(&sim, path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
    }
    // The page asks who is logged in without an error status (it shows a login form then).
    let r = c.get(api(&sim, "session")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["access"], "notLoggedIn");
    // A cashier's session: 403.
    let cashier = session(&sim, "vallblanca").await;
    let r = c.get(api(&sim, "stream")).header("cookie", &cashier).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let said: Value = r.json().await.unwrap();
    assert!(said["error"].as_str().unwrap().contains("vallblanca"), "{said}");
    // The admin: in.
    let admin = session(&sim, "Openbravo").await;
    let r = c.get(api(&sim, "session")).header("cookie", &admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let said: Value = r.json().await.unwrap();
    assert_eq!(
        (said["access"].as_str(), said["user"].as_str()),
        (Some("admin"), Some("Openbravo"))
    );
    // CSRF: a state change without the page's origin, or from another site, is refused.
    let origin = sim.central_origin();
    for (name, value) in [(None, None), (Some("origin"), Some("https://evil.example"))] {
        let mut request = c.post(api(&sim, "refresh")).header("cookie", &admin);
        if let (Some(name), Some(value)) = (name, value) {
            request = request.header(name, value);
        }
        let r = request.send().await.unwrap();
        assert_eq!(r.status(), 403, "{value:?}");
    }
    let r = c
        .post(api(&sim, "refresh"))
        .header("cookie", &admin)
        .header("origin", &origin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A cashier cannot refresh either, even from the page's origin.
    let r = c
        .post(api(&sim, "refresh"))
        .header("cookie", &cashier)
        .header("origin", &origin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn only_central_recomputes_a_store() {
    let sim = Sim::start("mixed");
    let store9 = sim.store("store9").await;
    // Straight to the store, without central's credential: refused.
    let r = client().post(url(&store9, Service::RecomputeVersionInformation)).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("central's credentials"));
    // Through central: the page asks central, central asks the store.
    let admin = session(&sim, "Openbravo").await;
    let events = read_events(stream(&sim, &admin, None).await, pass_done(10)).await;
    let stale = rows(&events).into_iter().find(|r| r["key"] == "store9").unwrap().clone();
    let r = client()
        .post(api(&sim, "recompute?lang=en"))
        .header("cookie", &admin)
        .header("origin", sim.central_origin())
        .json(&json!({ "stores": ["store9", "store4"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let outcomes: Vec<Value> = r.json().await.unwrap();
    assert_eq!(outcomes[0]["ok"], true, "{outcomes:?}");
    assert_ne!(
        outcomes[0]["row"]["version"], stale["version"],
        "recomputed: the new version shows"
    );
    // store4 is down: its outcome says why, in words.
    assert_eq!(outcomes[1]["ok"], false);
    assert!(outcomes[1]["error"].as_str().unwrap().starts_with("network error"), "{outcomes:?}");
}

#[tokio::test]
async fn the_stream_sends_every_store_once_then_updates_and_resumes_without_a_gap() {
    let sim = Sim::start("mixed");
    let admin = session(&sim, "Openbravo").await;
    let events = read_events(stream(&sim, &admin, None).await, pass_done(10)).await;
    assert_eq!(events[0].name, "reset");
    let first = rows(&events);
    // Every row event counted, duplicates included: each store exactly once.
    let mut keys: Vec<&str> = first.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), 10, "each store once: {keys:?}");
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 10, "ten different stores");
    let store1 = first.iter().find(|r| r["key"] == "store1").unwrap();
    assert_eq!(
        (store1["versionStatusCode"].as_str(), store1["blocksLogins"].as_bool()),
        (Some("different"), Some(true))
    );
    let last_id = events.iter().rev().find_map(|e| e.id.clone()).expect("an event id");

    // The page is away while store1's count changes and a pass runs.
    sim.control("server/store1", json!({ "pendingBatches": 0 })).await;
    let r = client()
        .post(api(&sim, "refresh"))
        .header("cookie", &admin)
        .header("origin", sim.central_origin())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    tokio::time::sleep(Duration::from_millis(200)).await;
    while client()
        .get(api(&sim, "pass"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["running"]
        == true
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Back with its last event id: no reset, only what changed since, each store at most once.
    let resumed = read_events(stream(&sim, &admin, Some(&last_id)).await, |events| {
        events.iter().any(|e| e.name == "pass")
    })
    .await;
    assert!(resumed.iter().all(|e| e.name != "reset"), "{resumed:?}");
    let again = rows(&resumed);
    assert_eq!(again.len(), 10, "the pass updated every store once");
    let store1 = again.iter().find(|r| r["key"] == "store1").unwrap();
    assert_eq!(store1["pendingBatches"], 0);
    assert_eq!(store1["changes"], json!(["pendingBatches"]));
    assert_eq!(store1["blocksLogins"], false);

    // An id from another run of the collector (a restart): everything again, after a reset.
    let restarted = read_events(stream(&sim, &admin, Some("0-5")).await, |events| {
        events.iter().any(|e| e.name == "ready")
    })
    .await;
    assert_eq!(restarted[0].name, "reset");
    assert_eq!(rows(&restarted).len(), 10);
}

#[tokio::test]
async fn ten_pages_share_one_pass_each_store_asked_once() {
    let sim = Sim::start("mixed");
    let admin = session(&sim, "Openbravo").await;
    // Ten pages open and read at once.
    let url = api(&sim, "stream?lang=en");
    let opens = (0..10).map(|_| {
        let (url, admin) = (url.clone(), admin.clone());
        async move {
            let page = client_streaming().get(url).header("cookie", admin).send().await.unwrap();
            assert_eq!(page.status(), 200);
            read_events(page, pass_done(10)).await
        }
    });
    let seen = futures_join_all(opens).await;
    assert!(seen.iter().all(|events| rows(events).len() >= 10));
    // One pass for all of them.
    let pass: Value = client()
        .get(api(&sim, "pass"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pass["number"], 1, "{pass}");
    let state = sim.state().await;
    let counts: HashMap<&str, u64> = state["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap(), s["statusRequests"].as_u64().unwrap()))
        .collect();
    // store4 is down (no request reaches it); every other store answered exactly once.
    for (key, count) in counts {
        let expected = if key == "store4" { 0 } else { 1 };
        assert_eq!(count, expected, "{key}");
    }
}

/// Runs every future at once (each in its own task), and their outputs in order.
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("a page's task panicked"));
    }
    out
}

#[tokio::test]
async fn metrics_say_which_stores_block_logins() {
    let sim = Sim::start("mixed");
    let admin = session(&sim, "Openbravo").await;
    read_events(stream(&sim, &admin, None).await, pass_done(10)).await;
    let text = client()
        .get(format!("{}/metrics", sim.central_origin()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(r#"openbravo_version_overview_store_blocks_logins{store="store1"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"openbravo_version_overview_store_reachable{store="store4"} 0"#));
    assert!(text.contains(r#"openbravo_version_overview_store_pending_batches{store="store1"} 3"#));
    assert!(text.contains("openbravo_version_overview_last_pass_duration_seconds "));
    assert!(text.contains("# EOF"));
}

#[tokio::test]
async fn bad_definitions_and_bad_stores_end_as_their_rows_errors() {
    let sim = Sim::start("mixed");
    let admin = session(&sim, "Openbravo").await;
    // A store whose answer is garbage, one that answers 500, one that redirects.
    sim.control(
        "server/store1",
        json!({ "faults": [{ "kind": "truncated", "service": "StoreStatus" }] }),
    )
    .await;
    sim.control("server/store2", json!({ "faults": [{ "kind": "http500" }] })).await;
    sim.control("server/store3", json!({ "faults": [{ "kind": "redirect" }] })).await;
    sim.control(
        "server/store5",
        json!({ "faults": [{ "kind": "oversized", "service": "StoreStatus" }] }),
    )
    .await;
    sim.control(
        "server/store9",
        json!({ "faults": [{ "kind": "reset", "service": "StoreStatus" }] }),
    )
    .await;
    let events = read_events(stream(&sim, &admin, None).await, pass_done(10)).await;
    let error = |key: &str| -> String {
        rows(&events).iter().rev().find(|r| r["key"] == key).unwrap()["error"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    assert!(error("store1").contains("not valid JSON"), "{}", error("store1"));
    assert!(error("store2").contains("HTTP 500"), "{}", error("store2"));
    assert!(error("store3").contains("redirect"), "{}", error("store3"));
    assert!(error("store5").contains("too large"), "{}", error("store5"));
    assert!(error("store7").contains("timed out after 5000 ms"), "{}", error("store7"));
    assert!(
        error("store9").starts_with("not reachable from central (network error"),
        "{}",
        error("store9")
    );
    assert!(
        rows(&events).iter().any(|r| r["key"] == "store6" && r["error"].is_null()),
        "the pass went on"
    );
}

#[tokio::test]
async fn an_open_stream_ends_in_words_when_its_session_logs_out() {
    let sim = Sim::start("mixed");
    let admin = session(&sim, "Openbravo").await;
    let response = stream(&sim, &admin, None).await;
    let logout = format!("{}/{}", sim.central(), webpos_version_guard::servers::protocol::LOGOUT);
    let cookie = admin.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        client().get(logout).header("cookie", cookie).send().await.unwrap();
    });
    let started = tokio::time::Instant::now();
    let events = read_events(response, |events| events.iter().any(|e| e.name == "ended")).await;
    let ended = events.iter().find(|e| e.name == "ended").expect("the stream ended");
    assert!(ended.data["message"].as_str().unwrap().contains("Not logged in"), "{ended:?}");
    // Within the re-check interval (10 s) and the session's few seconds in the cache.
    assert!(started.elapsed() < Duration::from_secs(17), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_forged_or_stale_last_event_id_starts_afresh() {
    let sim = Sim::start("mixed");
    let admin = session(&sim, "Openbravo").await;
    let events = read_events(stream(&sim, &admin, None).await, pass_done(10)).await;
    let epoch = events.iter().find(|e| e.name == "reset").unwrap().data["epoch"]
        .as_str()
        .unwrap()
        .to_owned();
    // An id of this run, ahead of anything it sent: a full snapshot, not silence.
    let forged = format!("{epoch}-999999999");
    let again = read_events(stream(&sim, &admin, Some(&forged)).await, |events| {
        events.iter().any(|e| e.name == "ready")
    })
    .await;
    assert_eq!(again[0].name, "reset", "{again:?}");
    assert_eq!(rows(&again).len(), 10);
}

#[tokio::test]
async fn during_a_hot_fix_no_store_blocks_logins_and_the_alert_says_why() {
    let sim = Sim::start("hotfix-preference");
    let admin = session(&sim, "Openbravo").await;
    let stores = sim.state().await["stores"].as_array().unwrap().len();
    let events = read_events(stream(&sim, &admin, None).await, pass_done(stores)).await;
    let store1 = rows(&events).into_iter().find(|r| r["key"] == "store1").unwrap().clone();
    // Different with data pending, as in the blocking scenario: the guard's table says row 2.
    assert_eq!(store1["versionStatusCode"], "different");
    assert!(store1["pendingBatches"].as_u64().unwrap() > 0);
    assert_eq!(store1["blocksLogins"], false, "{store1}");
    assert_eq!(
        store1["loginsUnchecked"],
        "logins are not checked for client \"CLIENT-WHITEVALLEY\" (ignore-version-check preference \"PREF-HOTFIX\", set by \"Openbravo\" at 2026-12-07 06:30)"
    );
    let text = client()
        .get(format!("{}/metrics", sim.central_origin()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("openbravo_version_overview_stores_blocking_logins 0"), "{text}");
    assert!(text.contains(r#"openbravo_version_overview_store_logins_unchecked{store="store1"} 1"#));
    // The same state without the preference blocks (the blocking scenario).
    sim.control("scenario", json!({ "name": "different-pending" })).await;
    let admin = session(&sim, "Openbravo").await;
    let events = read_events(stream(&sim, &admin, None).await, pass_done(1)).await;
    let store1 = rows(&events).into_iter().find(|r| r["key"] == "store1").unwrap().clone();
    assert_eq!(
        (store1["blocksLogins"].clone(), store1["loginsUnchecked"].clone()),
        (json!(true), Value::Null)
    );
}
