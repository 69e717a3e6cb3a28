//! The collector under abuse, against a fake central and its stores over real HTTP (axum on
//! loopback) that record every request: the credential goes only with Recompute, a Recompute
//! asks each store once however often it is named, Refresh now and Recompute are rate-limited,
//! and `/metrics` escapes hostile store keys (checked with Prometheus' own `promtool`) and can
//! require a credential.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::any;
use axum::{Json, Router};
use openbravo_version_overview::collector::Collector;
use openbravo_version_overview::config::Config;
use serde_json::{json, Value};
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::servers::wire::{
    Envelope, ServerDefinition, ServerDefinitionsData, ServerPreference, ServerStatus, ServerType,
    SessionInfoData, StoreStatusData, TerminalInfoData, VersionCheckPreferencesData,
    VersionInfoData, WireModule,
};

/// One request the fake servers saw.
#[derive(Clone, Debug)]
struct Seen {
    server: String,
    service: String,
    method: Method,
    authorization: Option<String>,
    cookie: Option<String>,
}

#[derive(Clone)]
struct Fake {
    base: String,
    stores: Arc<Mutex<Vec<String>>>,
    /// Definition URLs other than `<base>/s<i>/openbravo`, by store key.
    urls: Arc<Mutex<std::collections::HashMap<String, String>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn info(key: &str) -> VersionInfoData {
    VersionInfoData {
        server_key: key.into(),
        server_version: "1.0.0 #00000000".into(),
        rebuild_status: None,
        computed_at: Some("2026-12-01T00:00:00Z".into()),
        modules: vec![WireModule {
            id: "0".into(),
            name: "Core".into(),
            java_package: "org.openbravo".into(),
            version: if key == "central" { "3.0.2".into() } else { "3.0.1".into() },
        }],
    }
}

async fn answer(
    State(fake): State<Fake>,
    Path((server, service)): Path<(String, String)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    method: Method,
    headers: HeaderMap,
) -> axum::response::Response {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    fake.seen.lock().unwrap().push(Seen {
        server: server.clone(),
        service: service.clone(),
        method,
        authorization: text("authorization"),
        cookie: text("cookie"),
    });
    let value = match service.as_str() {
        "ServerDefinitions" => {
            let mut servers = vec![ServerDefinition {
                key: "central".into(),
                name: "Central".into(),
                description: None,
                server_type: ServerType::Main,
                url: format!("{}/central/openbravo", fake.base),
                status: ServerStatus::Online,
                priority: 0,
                allowed_domains: vec![],
            }];
            let stores = fake.stores.lock().unwrap().clone();
            for (i, key) in stores.iter().enumerate() {
                servers.push(ServerDefinition {
                    key: key.clone(),
                    name: format!("Store {i}"),
                    description: None,
                    server_type: ServerType::Store,
                    url: fake
                        .urls
                        .lock()
                        .unwrap()
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| format!("{}/s{i}/openbravo", fake.base)),
                    status: ServerStatus::Online,
                    priority: 10,
                    allowed_domains: vec![],
                });
            }
            serde_json::to_value(Envelope::ok(ServerDefinitionsData {
                servers,
                current_server: None,
            }))
        }
        "VersionInformation" | "RecomputeVersionInformation" => {
            serde_json::to_value(Envelope::ok(info(&server)))
        }
        "StoreStatus" => serde_json::to_value(Envelope::ok(StoreStatusData {
            server_key: server.clone(),
            server_status: ServerStatus::Online,
            version_information: info(&server),
            pending_batches: Some(2u64.into()),
            pending_error: None,
        })),
        "SessionInfo" => serde_json::to_value(Envelope::ok(SessionInfoData {
            user: if text("cookie").is_some_and(|c| c.contains("JSESSIONID=till")) {
                "vallblanca".into()
            } else {
                "Openbravo".into()
            },
            role: "ADMIN".into(),
            client_admin: text("cookie").is_some_and(|c| c.contains("JSESSIONID=admin")),
            client: Some("CLIENT-A".into()),
        })),
        // Every store of client A but s2, of client B.
        "VersionCheckPreferences" => {
            let stores = fake.stores.lock().unwrap().clone();
            serde_json::to_value(Envelope::ok(VersionCheckPreferencesData {
                property: "EXVG_IgnoreVersionCheck".into(),
                servers: stores
                    .iter()
                    .map(|key| ServerPreference {
                        server: key.clone(),
                        client: if key == "s2" { "CLIENT-B" } else { "CLIENT-A" }.into(),
                        value: None,
                        record: None,
                        updated: None,
                        updated_by: None,
                    })
                    .collect(),
            }))
        }
        // T1 on s1, T2 on s2, T0 without a store; any other is not a terminal (404).
        "TerminalStoreServer" => {
            let terminal = query.get("terminal").cloned().unwrap_or_default();
            let store = match terminal.as_str() {
                "T1" => Some("s1"),
                "T2" => Some("s2"),
                "T0" => None,
                _ => {
                    let body = serde_json::to_value(Envelope::<()>::error("Terminal not found"));
                    return (StatusCode::NOT_FOUND, Json(body.unwrap())).into_response();
                }
            };
            serde_json::to_value(Envelope::ok(TerminalInfoData {
                terminal: terminal.clone(),
                name: terminal,
                store_server: store.map(str::to_owned),
                client_preference: None,
            }))
        }
        // s1's initial load done; the others no node of central's SymmetricDS.
        "ReloadStatus" => Ok(serde_json::json!({ "response": { "status": 0, "data": {
            "nodes": [{ "serverKey": "s1", "state": "done", "load": "initial", "at": "2026-11-30 08:12" }]
        } } })),
        _ => serde_json::to_value(Envelope::<()>::error("unknown service")),
    };
    Json(value.unwrap()).into_response()
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// A fake central with `stores`, and a collector (with `config` changes) beside it, served.
async fn start(
    stores: &[&str],
    change: impl FnOnce(&mut Config),
) -> (Fake, Arc<Collector>, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let fake = Fake {
        base: base.clone(),
        stores: Arc::new(Mutex::new(stores.iter().map(|s| (*s).to_owned()).collect())),
        urls: Arc::default(),
        seen: Arc::default(),
    };
    let app = Router::new()
        .route("/{server}/openbravo/org.example.versionguard/{service}", any(answer))
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let mut config = Config::new(format!("{base}/central/openbravo"));
    config.server_token = Some("central-secret".into());
    config.timeout = Duration::from_secs(5);
    change(&mut config);
    let collector = Collector::new(config).unwrap();
    let page = "/openbravo/web/org.example.versionguard/overview";
    let origin = serve(openbravo_version_overview::api::router(collector.clone(), page)).await;
    (fake, collector, origin)
}

async fn one_pass(collector: &Arc<Collector>) {
    let before = collector.pass().number;
    assert!(collector.request_pass());
    let deadline = Instant::now() + Duration::from_secs(20);
    while collector.pass().number == before || collector.pass().running {
        assert!(Instant::now() < deadline, "the pass did not end");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn api(origin: &str, path: &str) -> String {
    format!("{origin}/openbravo/web/org.example.versionguard/overview/api/{path}")
}

async fn post(origin: &str, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(api(origin, path))
        .header("cookie", "JSESSIONID=admin; other=visitor-secret")
        .header("origin", origin)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_credential_goes_only_with_recompute_and_only_the_session_cookie_to_central() {
    let (fake, collector, origin) = start(&["s1", "s2"], |_| {}).await;
    one_pass(&collector).await;
    let r = post(&origin, "recompute", json!({ "stores": ["s1"] })).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let seen = fake.seen.lock().unwrap().clone();
    assert!(seen.iter().any(|s| s.service == "StoreStatus"));
    assert!(seen.iter().any(|s| s.server == "central" && s.service == "ReloadStatus"));
    for s in &seen {
        // To a store with Recompute; to central (the admin's --central) with the preference
        // in force, which names every server's client, and with the stores' loads.
        let recompute = s.service == "RecomputeVersionInformation";
        let central_only = ["VersionCheckPreferences", "ReloadStatus"];
        let credential =
            recompute || (s.server == "central" && central_only.contains(&s.service.as_str()));
        assert_eq!(
            s.authorization.as_deref(),
            credential.then_some("Bearer central-secret"),
            "{s:?}"
        );
        if recompute {
            assert_eq!((s.server.as_str(), s.method.clone()), ("s0", Method::POST));
        }
    }
    let session = seen.iter().find(|s| s.service == "SessionInfo").expect("central asked");
    assert_eq!(session.cookie.as_deref(), Some("JSESSIONID=admin"), "only the session cookie");
    assert!(!format!("{:?}", collector.config()).contains("central-secret"));
}

/// A listener that counts the connections it is offered (an attacker's, behind a definition
/// URL the pass refuses), reading whatever comes.
async fn attacker() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let offered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = offered.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                let mut sink = Vec::new();
                let _ = tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut sink).await;
            });
        }
    });
    (format!("http://{address}"), offered)
}

#[tokio::test]
async fn central_s_credential_never_goes_to_a_url_the_pass_refuses() {
    let (steal, offered) = attacker().await;
    let (fake, collector, origin) = start(&["s1", "evil", "frag", "user"], |_| {}).await;
    {
        let mut urls = fake.urls.lock().unwrap();
        urls.insert("evil".into(), format!("{steal}/steal?"));
        urls.insert("frag".into(), format!("{steal}/x#"));
        urls.insert("user".into(), steal.replace("http://", "http://me:pw@"));
    }
    one_pass(&collector).await;
    for store in ["evil", "frag", "user"] {
        let r = post(&origin, "recompute", json!({ "stores": [store] })).await;
        assert_eq!(r.status(), 200);
        let outcomes: Vec<Value> = r.json().await.unwrap();
        assert_eq!(outcomes[0]["ok"], false, "{store}: {outcomes:?}");
        let said = outcomes[0]["error"].as_str().unwrap_or_default().to_owned();
        assert!(said.contains("not a server's base URL"), "{store}: {said}");
    }
    // Recompute of every store: the good one asked, the refused ones not.
    let every: Vec<String> = collector.entries().iter().map(|e| e.definition.key.clone()).collect();
    assert_eq!(every.len(), 4, "{every:?}");
    let r = post(&origin, "recompute", json!({ "stores": every })).await;
    let outcomes: Vec<Value> = r.json().await.unwrap();
    let good: Vec<&str> =
        outcomes.iter().filter(|o| o["ok"] == true).map(|o| o["store"].as_str().unwrap()).collect();
    assert_eq!(good, ["s1"], "{outcomes:?}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        offered.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the attacker's listener was offered a connection"
    );
    let recomputed = fake
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.service == "RecomputeVersionInformation")
        .count();
    assert_eq!(recomputed, 1, "s1 once, nothing else");
}

#[tokio::test]
async fn a_recompute_asks_each_store_once_however_often_it_is_named() {
    let (fake, collector, origin) = start(&["s1", "s2"], |_| {}).await;
    one_pass(&collector).await;
    let mut stores = vec!["s1"; 5_000];
    stores.extend(["s2", "s1", "nope"]);
    let r = post(&origin, "recompute", json!({ "stores": stores })).await;
    assert_eq!(r.status(), 200);
    let outcomes: Vec<Value> = r.json().await.unwrap();
    let named: Vec<&str> = outcomes.iter().map(|o| o["store"].as_str().unwrap()).collect();
    assert_eq!(named, ["s1", "s2", "nope"]);
    assert_eq!(outcomes[2]["ok"], false);
    let seen = fake.seen.lock().unwrap().clone();
    let recomputes = |server: &str| {
        seen.iter()
            .filter(|s| s.service == "RecomputeVersionInformation" && s.server == server)
            .count()
    };
    assert_eq!((recomputes("s0"), recomputes("s1")), (1, 1), "every request counted");
    // More stores than a chain may have: refused, nothing asked.
    let many: Vec<String> = (0..10_001).map(|i| format!("k{i}")).collect();
    let r = post(&origin, "recompute", json!({ "stores": many })).await;
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn refresh_and_recompute_are_rate_limited_with_the_wait_in_words() {
    let (_fake, collector, origin) = start(&["s1"], |_| {}).await;
    one_pass(&collector).await;
    assert_eq!(post(&origin, "refresh", json!({})).await.status(), 200);
    let r = post(&origin, "refresh", json!({})).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=5).contains(&wait), "{wait}");
    let body: Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("try again in"), "{body}");
    // Recompute costs one token per store named (unknown ones too): 20,000 a minute.
    let names: Vec<String> = (0..10_000).map(|i| format!("k{i}")).collect();
    assert_eq!(post(&origin, "recompute", json!({ "stores": names })).await.status(), 200);
    assert_eq!(post(&origin, "recompute", json!({ "stores": names })).await.status(), 200);
    let r = post(&origin, "recompute", json!({ "stores": names })).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn metrics_escape_hostile_keys_and_pass_promtool_and_can_require_a_credential() {
    let hostile = ["s\"1} 0\nopenbravo_version_overview_stores_blocking_logins 0", "back\\slash"];
    let (_fake, collector, origin) =
        start(&hostile, |c| c.metrics_token = Some("scrape-secret".into())).await;
    one_pass(&collector).await;
    let client = reqwest::Client::new();
    let refused = client.get(format!("{origin}/metrics")).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let text = client
        .get(format!("{origin}/metrics"))
        .bearer_auth("scrape-secret")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // No forged sample: the only line naming the total is the real one.
    let totals: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("openbravo_version_overview_stores_blocking_logins"))
        .collect();
    assert_eq!(totals, ["openbravo_version_overview_stores_blocking_logins 2"], "{text}");
    assert!(text.contains(r#"store="back\\slash""#), "{text}");
    // Prometheus' own checker reads it (Debian's prometheus package; scripts/setup.sh).
    let mut check = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool is not installed: run `npm run setup` (Debian's prometheus package)");
    use std::io::Write;
    check.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = check.wait_with_output().unwrap();
    let said =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // promtool's lint may advise on names (exit 3 for lint-only findings on old releases);
    // a parse error is a failure.
    assert!(!said.contains("error while linting") && !said.contains("parse"), "{said}\n{text}");
    assert!(out.status.success() || out.status.code() == Some(3), "{said}");
    let _ = Service::StoreStatus;
}

#[tokio::test]
async fn the_binary_drops_a_client_that_trickles_its_headers_and_bounds_its_connections() {
    use openbravo_serve::{serve, ServeLimits};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = Router::new().route("/x", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = ServeLimits { connections: 2, header_read: Duration::from_millis(500) };
    tokio::spawn(serve(listener, app, limits, "test"));

    // Half a request's headers, then nothing: the connection is closed at the time limit.
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /x HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = Instant::now();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "still open after 5 s");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());

    // Two idle connections hold both places: a third client is served only when they go.
    let _a = tokio::net::TcpStream::connect(address).await.unwrap();
    let _b = tokio::net::TcpStream::connect(address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let mut third = tokio::net::TcpStream::connect(address).await.unwrap();
    third.write_all(b"GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), third.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "served at once: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_binary_s_pages_carry_the_policy_and_nosniff() {
    let dir = std::env::temp_dir().join(format!("overview-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let app = Router::new().nest_service(
        "/page",
        openbravo_version_overview::csp::with_policy(tower_http::services::ServeDir::new(&dir)),
    );
    let origin = serve(app).await;
    let r = reqwest::get(format!("{origin}/page/index.html")).await.unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let _ = std::fs::remove_dir_all(&dir);
}

fn state_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("overview-state-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("state.sqlite")
}

/// Every row the collector would send a new page, by store key.
fn rows_by_key(collector: &Collector) -> std::collections::HashMap<String, Value> {
    collector
        .rows_after(None, webpos_version_guard::texts::cashier::Language::En)
        .into_iter()
        .map(|(_, row)| {
            let row: Value = serde_json::from_str(&row).unwrap();
            (row["key"].as_str().unwrap().to_owned(), row)
        })
        .collect()
}

#[tokio::test]
async fn a_restart_shows_the_last_known_state_at_once_and_the_history_goes_on() {
    let path = state_file("restart");
    let file = path.clone();
    let (fake, first, _) = start(&["s1", "s2"], move |c| c.state_file = Some(file)).await;
    one_pass(&first).await;
    let before = rows_by_key(&first);
    assert_eq!(before.len(), 2);
    // The writer has its own thread: wait until the file holds both stores.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let kept = rusqlite_count(&path);
        if kept == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the state file holds {kept} stores");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A new collector on the same file, before any pass: every row at once, as it was.
    let mut config = first.config().clone();
    config.state_file = Some(path.clone());
    let second = Collector::new(config).unwrap();
    assert_eq!(second.pass().number, 0);
    let after = rows_by_key(&second);
    assert_eq!(after.len(), 2);
    for (key, row) in &before {
        let restored = &after[key];
        for field in [
            "checkedAt",
            "versionStatusCode",
            "pendingBatches",
            "blocksLogins",
            "version",
            "reloadStatus",
            "reloadStatusCode",
        ] {
            assert_eq!(restored[field], row[field], "{key} {field}");
        }
    }
    // Central's Reload Status too, as its last answer said it (issue #39).
    assert_eq!(after["s1"]["reloadStatusCode"], "done", "{:?}", after["s1"]);
    assert_eq!(second.history("s1").unwrap().len(), 1);
    assert!(second.modules("s1").unwrap().is_ok(), "Modules by Server from the kept answer");
    // Its first pass goes on from there.
    one_pass(&second).await;
    assert_eq!(second.history("s1").unwrap().len(), 2, "the trend goes on");
    assert!(fake.seen.lock().unwrap().iter().any(|s| s.service == "StoreStatus"));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

fn rusqlite_count(path: &std::path::Path) -> i64 {
    let Ok(connection) = rusqlite::Connection::open(path) else { return 0 };
    connection.query_row("SELECT count(*) FROM stores", [], |r| r.get(0)).unwrap_or(0)
}

#[tokio::test]
async fn a_corrupt_or_foreign_state_file_is_set_aside_with_a_warning_never_a_crash() {
    for (name, make) in [
        (
            "garbage",
            Box::new(|p: &std::path::Path| {
                std::fs::write(p, b"not a database at all, just bytes".repeat(200)).unwrap()
            }) as Box<dyn Fn(&std::path::Path)>,
        ),
        (
            "version",
            Box::new(|p: &std::path::Path| {
                let c = rusqlite::Connection::open(p).unwrap();
                c.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99');").unwrap();
            }),
        ),
    ] {
        let path = state_file(name);
        make(&path);
        let mut config = Config::new("http://127.0.0.1:9/openbravo");
        config.state_file = Some(path.clone());
        let collector = Collector::new(config).unwrap();
        assert!(rows_by_key(&collector).is_empty());
        let aside: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".unreadable-"))
            .collect();
        assert_eq!(aside.len(), 1, "{name}: set aside");
        assert!(path.exists(), "{name}: a fresh file");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// Every admin route sits behind the admin's layer, and the changes behind the origin's too: a
/// request without a session, with a cashier's, or (for a change) from another origin is refused
/// on each of them, whatever its method.
#[tokio::test]
async fn every_admin_route_refuses_without_an_admin_and_every_change_from_another_origin() {
    let (_fake, collector, origin) = start(&["s1"], |config| {
        config.public_origin = None;
    })
    .await;
    one_pass(&collector).await;
    let client = reqwest::Client::new();
    let ask = |method: Method, path: &str, cookie: Option<&str>, from: &str| {
        let mut request = client
            .request(method, api(&origin, path))
            .header("origin", from.to_owned())
            .json(&json!({}));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie.to_owned());
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let reads = [
        (Method::GET, "stream"),
        (Method::GET, "pass"),
        (Method::GET, "store?store=s1"),
        (Method::GET, "by-module"),
        (Method::POST, "csv"),
    ];
    let changes = [(Method::POST, "recompute"), (Method::POST, "refresh")];
    for (method, path) in reads.iter().chain(&changes) {
        assert_eq!(ask(method.clone(), path, None, &origin).await, 401, "{path} without a session");
        let cashier = ask(method.clone(), path, Some("JSESSIONID=cashier"), &origin).await;
        assert_eq!(cashier, 403, "{path} for a cashier");
    }
    for (method, path) in &changes {
        let foreign =
            ask(method.clone(), path, Some("JSESSIONID=admin"), "http://evil.example").await;
        assert_eq!(foreign, 403, "{path} from another origin");
    }
    // What an admin may: the reads from anywhere (a link, a script of central's), a change from
    // the page's origin.
    for (method, path) in &reads[1..] {
        let read = ask(method.clone(), path, Some("JSESSIONID=admin"), "http://evil.example").await;
        assert_eq!(read, 200, "{path} for an admin");
    }
    let refresh = ask(Method::POST, "refresh", Some("JSESSIONID=admin"), &origin).await;
    assert_eq!(refresh, 200, "refresh from the page's origin");
    // Outside the admin's layer: who is logged in answers anyone.
    assert_eq!(ask(Method::GET, "session", None, &origin).await, 200);
}

/// The first event a page gets when it resumes the stream with `last` as its last event id.
async fn first_event(origin: &str, last: &str) -> String {
    let mut response = reqwest::Client::new()
        .get(api(origin, "stream?lang=en"))
        .header("cookie", "JSESSIONID=admin")
        .header("last-event-id", last)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut text = String::new();
    loop {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk())
            .await
            .expect("an event within 5 s")
            .unwrap()
            .expect("the stream goes on");
        text.push_str(&String::from_utf8_lossy(&chunk));
        if let Some(line) = text.lines().find(|l| l.starts_with("event:")) {
            return line.trim_start_matches("event:").trim().to_owned();
        }
    }
}

#[tokio::test]
async fn a_changed_store_list_resets_every_page_that_resumes_from_before_it() {
    let (fake, collector, origin) = start(&["k1", "k2", "k11old"], |_| {}).await;
    one_pass(&collector).await;
    let before = collector.seq();
    *fake.stores.lock().unwrap() = vec!["k1".into(), "k2".into(), "k11new".into()];
    one_pass(&collector).await;
    let changed = collector.list_changed_at();
    // Every id from the one before the last before the change (`before`: a page caught up
    // then) to the first row after it: those up to `before` knew the old list.
    for last in before.saturating_sub(1)..=changed + 1 {
        let event = first_event(&origin, &format!("{}-{last}", collector.epoch)).await;
        let expected = if last <= before { "reset" } else { "row" };
        assert_eq!(event, expected, "last event id {last} (the list changed after {before})");
    }
}

/// Who did what (#39): every Recompute and Refresh now is recorded with the admin who asked and
/// when, a store's panel tells its last Recompute, and both survive a restart (the state file).
#[tokio::test]
async fn every_recompute_and_refresh_is_recorded_with_its_admin_across_a_restart() {
    let path = state_file("actions");
    let file = path.clone();
    let (_fake, first, origin) = start(&["s1", "s2"], move |c| c.state_file = Some(file)).await;
    one_pass(&first).await;
    let r = post(&origin, "recompute", json!({ "stores": ["s1"] })).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let r = post(&origin, "refresh", json!({})).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let get = |path: &str| {
        reqwest::Client::new().get(api(&origin, path)).header("cookie", "JSESSIONID=admin").send()
    };
    let told: Value = get("actions").await.unwrap().json().await.unwrap();
    let actions = told["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{told}");
    assert_eq!(
        (actions[0]["kind"].as_str(), actions[0]["user"].as_str()),
        (Some("refresh"), Some("Openbravo"))
    );
    assert_eq!(actions[1]["kind"], "recompute");
    assert_eq!((actions[1]["stores"].as_u64(), actions[1]["failed"].as_u64()), (Some(1), Some(0)));
    assert_eq!(actions[1]["named"], json!(["s1"]));
    let store: Value = get("store?store=s1").await.unwrap().json().await.unwrap();
    assert_eq!(store["recomputed"]["user"], "Openbravo", "{store}");
    assert_eq!(store["recomputed"]["at"], actions[1]["at"]);
    let other: Value = get("store?store=s2").await.unwrap().json().await.unwrap();
    assert!(other["recomputed"].is_null(), "{other}");
    // Only an admin reads the log.
    let stranger = reqwest::get(api(&origin, "actions")).await.unwrap();
    assert_eq!(stranger.status(), 401);
    // Kept across a restart.
    let deadline = Instant::now() + Duration::from_secs(10);
    let kept = |path: &std::path::Path| -> i64 {
        let Ok(connection) = rusqlite::Connection::open(path) else { return 0 };
        connection.query_row("SELECT count(*) FROM actions", [], |r| r.get(0)).unwrap_or(0)
    };
    while kept(&path) < 2 {
        assert!(Instant::now() < deadline, "the state file holds {} actions", kept(&path));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut config = first.config().clone();
    config.state_file = Some(path.clone());
    let second = Collector::new(config).unwrap();
    let restored = second.actions();
    assert_eq!(restored.len(), 2);
    assert_eq!(restored[1].named, ["s1"]);
    assert_eq!(second.recomputed("s1").map(|r| r.user), Some("Openbravo".to_owned()));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A till's report (#39): only a logged-in session, from the page's origin, for a terminal of
/// its own client, bounded in size, rate-limited; kept with central's store server, not the
/// till's claim; forged, oversized, malformed, foreign and unknown ones refused with a status
/// and nothing kept; markup kept as text.
#[tokio::test]
async fn a_till_reports_only_for_a_terminal_of_its_own_client_and_bad_reports_are_refused() {
    let (_fake, collector, origin) = start(&["s1", "s2"], |_| {}).await;
    one_pass(&collector).await;
    let report = |terminal: &str| {
        json!({ "terminal": terminal, "storeServer": "s2", "when": "login", "outcome": "blocked",
                "rule": 6, "centralVersion": "1.0.0 #a", "storeVersion": "0.9.0 #b",
                "pendingBatches": 3, "reason": "<img src=x onerror=alert(1)>=1+2", "totalMs": 80 })
    };
    let send = |body: String, cookie: &'static str, from: Option<String>| {
        let mut request = reqwest::Client::new()
            .post(api(&origin, "till-report"))
            .header("cookie", cookie)
            .header("content-type", "application/json")
            .body(body);
        if let Some(from) = from {
            request = request.header("origin", from);
        }
        request.send()
    };
    let ok = send(report("T1").to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap();
    assert_eq!(ok.status(), 202, "{:?}", ok.text().await);
    let tills = collector.tills_of("s1");
    assert_eq!(tills.len(), 1);
    let kept = &tills[0].1[0];
    assert_eq!(
        (kept.user.as_str(), kept.report.store_server.as_deref()),
        ("vallblanca", Some("s1")),
        "central's store, not the till's"
    );
    assert_eq!(
        kept.report.reason.as_deref(),
        Some("<img src=x onerror=alert(1)>=1+2"),
        "kept as text"
    );
    assert!(collector.tills_of("s2").is_empty());
    let status = |r: reqwest::Response| r.status().as_u16();
    // Another client's terminal, no terminal at all, a terminal without a store.
    assert_eq!(
        status(
            send(report("T2").to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap()
        ),
        403
    );
    assert_eq!(
        status(
            send(report("NOPE").to_string(), "JSESSIONID=till", Some(origin.clone()))
                .await
                .unwrap()
        ),
        404
    );
    assert_eq!(
        status(
            send(report("T0").to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap()
        ),
        422
    );
    // No session; another site; no Origin.
    assert_eq!(
        status(send(report("T1").to_string(), "other=1", Some(origin.clone())).await.unwrap()),
        401
    );
    assert_eq!(
        status(
            send(report("T1").to_string(), "JSESSIONID=till", Some("https://evil.example".into()))
                .await
                .unwrap()
        ),
        403
    );
    assert_eq!(status(send(report("T1").to_string(), "JSESSIONID=till", None).await.unwrap()), 403);
    // Malformed, an unknown field, a bad rule, oversized.
    assert_eq!(
        status(
            send("{\"terminal\":".into(), "JSESSIONID=till", Some(origin.clone())).await.unwrap()
        ),
        400
    );
    let mut extra = report("T1");
    extra["tickets"] = json!([{ "total": 12 }]);
    assert_eq!(
        status(send(extra.to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap()),
        400,
        "no field beyond the report's"
    );
    let mut bad_rule = report("T1");
    bad_rule["rule"] = json!(9);
    assert_eq!(
        status(send(bad_rule.to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap()),
        400
    );
    let mut big = report("T1");
    big["reason"] = json!("x".repeat(5000));
    assert_eq!(
        status(send(big.to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap()),
        413
    );
    assert_eq!(collector.tills_of("s1")[0].1.len(), 1, "nothing kept from a refused report");
    // A report sent again as it was (its id): refused, nothing kept twice.
    let mut with_id = report("T1");
    with_id["id"] = json!("5e1f0a9c3b7d2");
    let first = send(with_id.to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap();
    assert_eq!(status(first), 202);
    let again = send(with_id.to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap();
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("received already"));
    assert_eq!(collector.tills_of("s1")[0].1.len(), 2);
    // A flood from one session: at most 6 a minute, then 429 with the wait.
    let mut refused = None;
    for _ in 0..10 {
        let r =
            send(report("T1").to_string(), "JSESSIONID=till", Some(origin.clone())).await.unwrap();
        if r.status() == 429 {
            refused = Some(r);
            break;
        }
    }
    let refused = refused.expect("a flood is refused");
    assert!(refused.headers().contains_key("retry-after"));
    assert!(collector.tills_of("s1")[0].1.len() <= 6);
    // The store's panel lists it, for an admin only.
    let list: Value = reqwest::Client::new()
        .get(api(&origin, "tills?store=s1"))
        .header("cookie", "JSESSIONID=admin")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["tills"][0]["terminal"], "T1", "{list}");
    assert_eq!(list["tills"][0]["reports"][0]["report"]["outcome"], "blocked");
    let cashier = reqwest::Client::new()
        .get(api(&origin, "tills?store=s1"))
        .header("cookie", "JSESSIONID=till")
        .send()
        .await
        .unwrap();
    assert_eq!(cashier.status(), 403);
}
