//! `store-farm`: the bench's stand-in for a chain's store servers, cheap enough that a pass over
//! 10,000 of them measures the collector and not the stores (`npm run bench`, issue #37).
//!
//! Every store of the chain is served by one of a few listeners, told apart by its base URL's
//! path (`http://127.0.0.1:<port>/s/<n>/openbravo`), and answers `StoreStatus` with a body
//! computed once at start, after the latency a store's network gives (20 ms by default): what
//! the simulator's stores answer through the agent's full code, here without that code's cost.
//! Central answers what the collector asks of it: its server definitions (central and every
//! store), its version information, the hot-fix preference in force for each server's client
//! (with central's credential), and whose a session is (an administrator, for the cookie the
//! bench sends). Bodies are the core's wire types in Openbravo's envelope, as the agent writes
//! them, and the collector reads them through the guard's own parser.
//!
//! Every tenth store is down (its port closed: refused at once), one in ten is on another
//! version of one module, and the pending counts cycle, as the simulator's `many-stores`
//! scenario has it.
//!
//! ```text
//! cargo run --release -p openbravo-version-overview --example store-farm -- --stores 10000
//! ```
//! prints `store-farm ready <central base URL>` once every listener is bound.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use clap::Parser;
use webpos_version_guard::servers::protocol::{Service, YesNo, PREFERENCE_PROPERTY};
use webpos_version_guard::servers::wire::{
    Envelope, LoadKind, NodeReload, ReloadState, ReloadStatusData, ServerDefinition,
    ServerDefinitionsData, ServerPreference, ServerStatus, ServerType, SessionInfoData,
    StoreStatusData, TerminalInfoData, VersionCheckPreferencesData, VersionInfoData, WireModule,
};

/// The bench's chain of store servers, on a few listeners.
#[derive(Parser, Debug)]
#[command(name = "store-farm", about = "The bench's chain of store servers, cheap to answer.")]
struct Args {
    /// Store servers in the chain
    #[arg(long, default_value_t = 10_000)]
    stores: usize,
    /// Listeners the stores share
    #[arg(long, default_value_t = 4)]
    listeners: usize,
    /// Each StoreStatus answer's latency, in milliseconds
    #[arg(long, default_value_t = 20)]
    latency_ms: u64,
    /// Central's port (0: any free port)
    #[arg(long, default_value_t = 0)]
    central_port: u16,
    /// Central's credential, which VersionCheckPreferences and Recompute must carry
    #[arg(long, default_value = "bench-token")]
    token: String,
    /// The session cookie's value central takes for an administrator's
    #[arg(long, default_value = "bench-admin")]
    session: String,
}

/// Modules every server has.
const MODULES: usize = 40;

/// Everything the farm answers, computed at start.
struct Farm {
    latency: Duration,
    token: String,
    session: String,
    definitions: Bytes,
    central_versions: Bytes,
    preferences: Bytes,
    /// Central's `ReloadStatus` body.
    reloads: Bytes,
    /// Each store's `StoreStatus` body, by its number.
    stores: Vec<Bytes>,
    /// Each store's `RecomputeVersionInformation` body, by its number.
    recomputed: Vec<Bytes>,
}

fn modules(variant: usize) -> Vec<WireModule> {
    (0..MODULES)
        .map(|m| WireModule {
            id: format!("FF80808100000000000000000000{m:04X}"),
            name: format!("Module {m}"),
            java_package: format!("org.example.module{m}"),
            // One store in ten is on another version of module 3.
            version: if variant == 1 && m == 3 { "1.3.4503".into() } else { format!("1.{m}.4500") },
        })
        .collect()
}

fn version_info(key: &str, variant: usize) -> VersionInfoData {
    VersionInfoData {
        server_key: key.to_owned(),
        server_version: format!("bench-{variant}"),
        rebuild_status: None,
        computed_at: Some("2026-12-07T08:00:00Z".into()),
        modules: modules(variant),
    }
}

fn json<T: serde::Serialize>(data: T) -> Bytes {
    Bytes::from(serde_json::to_vec(&Envelope::ok(data)).expect("the farm's bodies serialize"))
}

/// The chain's client (every store's and every session's).
const CLIENT: &str = "23C59575B9CF467C9620760EB255B389";

/// The store server of terminal `T<n>`: the stores in turn.
fn store_of_terminal(terminal: &str, stores: usize) -> Option<String> {
    let n: usize = terminal.strip_prefix('T')?.parse().ok()?;
    Some(key(n % stores.max(1)))
}

fn key(n: usize) -> String {
    format!("store{n:05}")
}

impl Farm {
    fn new(args: &Args, central: &str, store_ports: &[u16], closed_port: u16) -> Self {
        let mut servers = vec![ServerDefinition {
            key: "central".into(),
            name: "Central".into(),
            description: None,
            server_type: ServerType::Main,
            url: central.to_owned(),
            status: ServerStatus::Online,
            priority: 10,
            allowed_domains: Vec::new(),
        }];
        let (mut stores, mut recomputed) = (Vec::new(), Vec::new());
        for n in 0..args.stores {
            let down = n % 10 == 6;
            let port = if down { closed_port } else { store_ports[n % store_ports.len()] };
            servers.push(ServerDefinition {
                key: key(n),
                name: format!("Store {n}"),
                description: None,
                server_type: ServerType::Store,
                url: format!("http://127.0.0.1:{port}/s/{n}/openbravo"),
                status: if down { ServerStatus::Offline } else { ServerStatus::Online },
                priority: 10,
                allowed_domains: Vec::new(),
            });
            let variant = usize::from(n % 10 == 1);
            stores.push(json(StoreStatusData {
                server_key: key(n),
                server_status: ServerStatus::Online,
                version_information: version_info(&key(n), variant),
                pending_batches: Some(((n % 7) as u64).into()),
                pending_error: None,
            }));
            recomputed.push(json(version_info(&key(n), variant)));
        }
        let preferences = VersionCheckPreferencesData {
            property: PREFERENCE_PROPERTY.to_owned(),
            servers: servers
                .iter()
                .map(|s| ServerPreference {
                    server: s.key.clone(),
                    client: CLIENT.into(),
                    value: (s.key == key(9)).then(|| YesNo::Yes.as_str().to_owned()),
                    record: (s.key == key(9)).then(|| "BENCH-PREFERENCE".to_owned()),
                    updated: (s.key == key(9)).then(|| "2026-12-07 06:30".to_owned()),
                    updated_by: (s.key == key(9)).then(|| "Openbravo".to_owned()),
                })
                .collect(),
        };
        // Every store loaded, one in twenty loading (central's SymmetricDS, as its agent says).
        let reloads = ReloadStatusData {
            unreadable: None,
            absent: Vec::new(),
            nodes: servers
                .iter()
                .enumerate()
                .map(|(i, s)| NodeReload {
                    server_key: s.key.clone(),
                    state: if i % 20 == 7 { ReloadState::Loading } else { ReloadState::Done },
                    load: LoadKind::Initial,
                    at: Some("2026-11-01 06:00".into()),
                    batches_loaded: (i % 20 == 7).then_some(3),
                    batches: (i % 20 == 7).then_some(12),
                    tables: None,
                    detail: None,
                })
                .collect(),
        };
        Self {
            latency: Duration::from_millis(args.latency_ms),
            token: args.token.clone(),
            session: args.session.clone(),
            definitions: json(ServerDefinitionsData {
                servers,
                current_server: Some("central".into()),
            }),
            central_versions: json(version_info("central", 0)),
            preferences: json(preferences),
            reloads: json(reloads),
            stores,
            recomputed,
        }
    }

    fn credential(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| t == self.token)
    }
}

type Shared = State<Arc<Farm>>;

fn body(bytes: &Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes.clone()).into_response()
}

fn refused(status: StatusCode, message: &str) -> Response {
    let bytes =
        Bytes::from(serde_json::to_vec(&Envelope::<()>::error(message)).unwrap_or_default());
    (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// The path of `service` below a base URL, as the collector asks it.
fn path(service: Service) -> String {
    format!("/{}", service.path())
}

fn central_router(farm: Arc<Farm>) -> Router {
    let under = |service| format!("/openbravo{}", path(service));
    Router::new()
        .route(
            &under(Service::ServerDefinitions),
            get(|State(f): Shared| async move { body(&f.definitions) }),
        )
        .route(
            &under(Service::VersionInformation),
            get(|State(f): Shared| async move { body(&f.central_versions) }),
        )
        .route(
            &under(Service::VersionCheckPreferences),
            get(|State(f): Shared, headers: HeaderMap| async move {
                if !f.credential(&headers) {
                    return refused(StatusCode::UNAUTHORIZED, "central's credential is required");
                }
                body(&f.preferences)
            }),
        )
        .route(
            &under(Service::ReloadStatus),
            get(|State(f): Shared, headers: HeaderMap| async move {
                if !f.credential(&headers) {
                    return refused(StatusCode::UNAUTHORIZED, "central's credential is required");
                }
                body(&f.reloads)
            }),
        )
        .route(
            &under(Service::TerminalInfo),
            get(|State(f): Shared, Query(query): Query<HashMap<String, String>>| async move {
                let terminal = query.get("terminal").cloned().unwrap_or_default();
                match store_of_terminal(&terminal, f.stores.len()) {
                    Some(store) => body(&json(TerminalInfoData {
                        terminal: terminal.clone(),
                        name: terminal,
                        store_server: Some(store),
                        client_preference: None,
                    })),
                    None => refused(StatusCode::NOT_FOUND, "no such terminal"),
                }
            }),
        )
        .route(
            &under(Service::SessionInfo),
            get(|State(f): Shared, headers: HeaderMap| async move {
                let cookie =
                    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
                let admin =
                    cookie.split(';').any(|c| c.trim() == format!("JSESSIONID={}", f.session));
                // A till's cashier: `JSESSIONID=till-<n>` (the bench's till reports).
                let till = cookie
                    .split(';')
                    .find_map(|c| c.trim().strip_prefix("JSESSIONID=till-"))
                    .map(str::to_owned);
                if !admin && till.is_none() {
                    return refused(StatusCode::UNAUTHORIZED, "not logged in");
                }
                body(&json(SessionInfoData {
                    user: till.map_or_else(|| "Openbravo".into(), |n| format!("cashier-{n}")),
                    role: if admin { "Admin" } else { "Cashier" }.into(),
                    client_admin: admin,
                    client: Some(CLIENT.into()),
                }))
            }),
        )
        .with_state(farm)
}

fn store_router(farm: Arc<Farm>) -> Router {
    Router::new()
        .route(
            &format!("/s/{{n}}/openbravo{}", path(Service::StoreStatus)),
            get(|State(f): Shared, Path(n): Path<usize>| async move {
                tokio::time::sleep(f.latency).await;
                match f.stores.get(n) {
                    Some(bytes) => body(bytes),
                    None => refused(StatusCode::NOT_FOUND, "no such store"),
                }
            }),
        )
        .route(
            &format!("/s/{{n}}/openbravo{}", path(Service::RecomputeVersionInformation)),
            post(|State(f): Shared, Path(n): Path<usize>, headers: HeaderMap| async move {
                if !f.credential(&headers) {
                    return refused(StatusCode::UNAUTHORIZED, "central's credential is required");
                }
                tokio::time::sleep(f.latency).await;
                match f.recomputed.get(n) {
                    Some(bytes) => body(bytes),
                    None => refused(StatusCode::NOT_FOUND, "no such store"),
                }
            }),
        )
        .with_state(farm)
}

async fn bind(port: u16) -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("a port to listen on")
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let central = bind(args.central_port).await;
    let central_url = format!("http://{}/openbravo", central.local_addr().expect("an address"));
    let mut store_listeners = Vec::new();
    for _ in 0..args.listeners.max(1) {
        store_listeners.push(bind(0).await);
    }
    let ports: Vec<u16> =
        store_listeners.iter().map(|l| l.local_addr().expect("an address").port()).collect();
    // A port bound and let go: a down store's connection is refused at once.
    let closed = bind(0).await.local_addr().expect("an address").port();
    let farm = Arc::new(Farm::new(&args, &central_url, &ports, closed));
    let central_app = central_router(farm.clone());
    let mut tasks = vec![tokio::spawn(async move {
        let _ = axum::serve(central, central_app.into_make_service()).await;
    })];
    for listener in store_listeners {
        let app = store_router(farm.clone());
        tasks.push(tokio::spawn(async move {
            let _ = axum::serve(listener, app.into_make_service()).await;
        }));
    }
    println!("store-farm ready {central_url}");
    for task in tasks {
        let _ = task.await;
    }
}
