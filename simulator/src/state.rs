//! The simulator's state: the servers of the current scenario, their listeners, the sessions.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use openbravo_version_overview::collector::Collector;
use openbravo_version_overview::config::Config as OverviewConfig;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use webpos_version_guard::servers::protocol::{ADMIN_PAGE, POS_PAGE};
use webpos_version_guard::servers::wire::{ServerDefinition, ServerStatus, ServerType, WireModule};

use crate::agents::{self, ServerAgent};
use crate::fault::{self, Fault};
use crate::scenario::{self, Scenario, Source, StoreSpec};
use crate::static_resources::StaticResources;

/// Where the simulator listens and what it serves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Central's port (0: any free port).
    pub central_port: u16,
    /// The first store's port; store `i` listens on `base + i` (0: any free ports).
    pub store_base_port: u16,
    /// The folder of scenario files.
    pub scenarios_dir: PathBuf,
    /// The demo WebPOS page's folder.
    pub pos_dir: PathBuf,
    /// The admin pages' folder.
    pub admin_dir: PathBuf,
    /// The built wasm package's folder (the guard).
    pub pkg_dir: PathBuf,
    /// More origins allowed to read version and pending services (test runners).
    pub extra_origins: Vec<String>,
    /// The WebPOS's generated static resource (its scripts, concatenated and minified) and the
    /// page that loads it.
    pub static_resources: Arc<StaticResources>,
    /// The overview collector's time between two passes.
    pub overview_interval: std::time::Duration,
    /// Central's credential to the stores, when given (else a new one at each start).
    pub server_token: Option<String>,
    /// The overview collector's time limit of each request.
    pub overview_timeout: std::time::Duration,
    /// Servers whose module service paths go to an `openbravo-version-agent` (key → its base
    /// URL), as a reverse proxy in front of Tomcat routes them (`npm start -- --postgres`).
    pub agents: std::collections::BTreeMap<String, String>,
}

/// One simulated server at run time.
#[derive(Clone, Debug)]
pub struct Server {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// MAIN or STORE.
    pub server_type: ServerType,
    /// ON, OFF, TON, TOFF.
    pub status: ServerStatus,
    /// `AD_SYSTEM_INFO.SYSTEM_STATUS` of its database (`RB70`: the running server matches it).
    pub system_status: String,
    /// Priority.
    pub priority: i32,
    /// The port it listens on (or would, when down).
    pub port: u16,
    /// The URL central's definitions hold for it.
    pub url: String,
    /// Its installed modules.
    pub modules: Vec<WireModule>,
    /// What its agent computed at its last start, when its modules changed since (it serves
    /// that until Recompute).
    pub stale_modules: Option<Vec<WireModule>>,
    /// Batches pending sync to central.
    pub pending: u64,
    /// Why it cannot count its pending batches (its count is then unknown).
    pub pending_error: Option<String>,
    /// Injected faults.
    pub faults: Vec<Fault>,
}

impl Server {
    /// The origin it serves from, e.g. `http://127.0.0.1:8611`.
    pub fn origin(&self) -> String {
        origin(self.port)
    }

    /// Its base URL on the simulator (what `url` is unless a scenario overrides it).
    pub fn base(&self) -> String {
        format!("{}/openbravo", self.origin())
    }

    /// Its entry in central's server definitions.
    pub fn definition(&self) -> ServerDefinition {
        ServerDefinition {
            key: self.key.clone(),
            name: self.name.clone(),
            description: None,
            server_type: self.server_type,
            url: self.url.clone(),
            status: self.status,
            priority: self.priority,
            allowed_domains: Vec::new(),
        }
    }
}

/// `http://127.0.0.1:<port>`.
pub fn origin(port: u16) -> String {
    format!("http://{}:{port}", Ipv4Addr::LOCALHOST)
}

/// A logged-in session.
#[derive(Clone, Debug)]
pub struct Session {
    /// The server it was opened on.
    pub server_key: String,
    /// The user's login name.
    pub username: String,
}

/// The servers and data of the current scenario.
#[derive(Clone, Debug)]
pub struct World {
    /// The scenario as loaded.
    pub scenario: Scenario,
    /// Where it came from (for reset).
    pub source: Source,
    /// The central server.
    pub central: Server,
    /// The store servers, in scenario order.
    pub stores: Vec<Server>,
    /// Where each server is, by key and by port (0: central, `i + 1`: store `i`): a chain of
    /// 10,000 stores answers each request without a scan.
    index: Arc<Index>,
}

/// A world's servers by key and by port.
#[derive(Debug, Default)]
struct Index {
    keys: HashMap<String, usize>,
    ports: HashMap<u16, usize>,
}

impl Index {
    fn of(central: &Server, stores: &[Server]) -> Self {
        let mut index = Index::default();
        for (i, s) in std::iter::once(central).chain(stores).enumerate() {
            index.keys.entry(s.key.clone()).or_insert(i);
            index.ports.entry(s.port).or_insert(i);
        }
        index
    }
}

impl World {
    /// The server listening on `port`.
    pub fn server_at(&self, port: u16) -> Option<&Server> {
        self.nth(*self.index.ports.get(&port)?)
    }

    /// The server with `key`.
    pub fn server(&self, key: &str) -> Option<&Server> {
        self.nth(*self.index.keys.get(key)?)
    }

    /// The server with `key`, mutably.
    pub fn server_mut(&mut self, key: &str) -> Option<&mut Server> {
        match *self.index.keys.get(key)? {
            0 => Some(&mut self.central),
            i => self.stores.get_mut(i - 1),
        }
    }

    fn nth(&self, i: usize) -> Option<&Server> {
        match i {
            0 => Some(&self.central),
            i => self.stores.get(i - 1),
        }
    }

    /// Central's server definitions: central, then every store.
    pub fn definitions(&self) -> Vec<ServerDefinition> {
        std::iter::once(&self.central).chain(&self.stores).map(Server::definition).collect()
    }
}

/// Listeners bound while choosing free ports, by port.
type Fresh = HashMap<u16, TcpListener>;

/// Whether installing a world ends the open sessions (a new scenario) or keeps them (a patch).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sessions {
    Drop,
    Keep,
}

struct Inner {
    world: World,
    /// `StoreStatus` requests each store answered since the scenario was applied.
    status_requests: HashMap<String, u64>,
    listeners: HashMap<u16, JoinHandle<()>>,
    /// Each server's agent, by key, for the scenario's life.
    agents: HashMap<String, ServerAgent>,
    sessions: HashMap<String, Session>,
    /// Authentication tokens (mobile core's key authentication): token → (server key, user).
    /// A logout leaves them valid, as Openbravo's do until they expire.
    tokens: HashMap<String, (String, String)>,
    /// Ports handed out to store keys when the base port is 0, kept across scenario switches.
    remembered_ports: HashMap<String, u16>,
    next_session: u64,
}

/// The running simulator.
pub struct Sim {
    /// Its configuration.
    pub config: Config,
    /// Central's actual port.
    pub central_port: u16,
    inner: Mutex<Inner>,
    /// Serializes scenario applications (they bind listeners between two locks).
    apply_lock: tokio::sync::Mutex<()>,
    /// Builds the router for a listener on a port.
    router: fn(Arc<Sim>, u16) -> axum::Router,
    /// The overview's collector, which central runs (mounted on central's router).
    pub overview: Arc<Collector>,
    /// Central's credential for its requests to the stores: a store recomputes only for it.
    pub server_token: String,
}

/// A snapshot for the control endpoint and the ready line.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateView {
    /// Scenario name.
    pub scenario: String,
    /// Central's base URL.
    pub central: String,
    /// The WebPOS URL on central, for the first terminal with a store.
    pub pos_url: Option<String>,
    /// The store-mode URL for that terminal.
    pub store_mode_url: Option<String>,
    /// The admin overview URL.
    pub admin_url: String,
    /// Every store.
    pub stores: Vec<StoreView>,
}

/// One store in a [`StateView`].
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreView {
    /// Key.
    pub key: String,
    /// Base URL on the simulator.
    pub base: String,
    /// URL in central's definitions.
    pub url: String,
    /// Port.
    pub port: u16,
    /// Status code.
    pub status: ServerStatus,
    /// Pending batches.
    pub pending_batches: u64,
    /// `StoreStatus` requests it answered since the scenario was applied.
    pub status_requests: u64,
    /// Whether it serves stale version information.
    pub stale: bool,
    /// Its faults.
    pub faults: Vec<Fault>,
}

/// A change to one server through the control endpoint; absent fields stay as they are.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServerPatch {
    /// New pending count.
    pub pending_batches: Option<u64>,
    /// Why the store cannot count its pending batches; `""` clears it.
    pub pending_error: Option<String>,
    /// New `SYSTEM_STATUS` of the server's database (e.g. `RB50`: rebuilt, restart pending);
    /// its agent says it at once (as after the server's restart).
    pub system_status: Option<String>,
    /// New faults (replacing the old ones; `[]` clears them).
    pub faults: Option<Vec<Fault>>,
    /// New status.
    pub status: Option<ServerStatus>,
    /// Module id → version: serve these stale versions until the next recompute.
    pub stale_versions: Option<BTreeMap<String, String>>,
    /// Module id → version: upgrade (or set) these modules; takes effect at the next recompute
    /// when the server is stale, at once otherwise.
    pub versions: Option<BTreeMap<String, String>>,
}

impl Sim {
    /// Binds central and the scenario's stores, and starts serving.
    pub async fn start(
        config: Config,
        source: Source,
        router: fn(Arc<Sim>, u16) -> axum::Router,
    ) -> Result<Arc<Sim>, String> {
        let scenario = scenario::load(&source, &config.scenarios_dir)?;
        let central_listener = bind(config.central_port).await?;
        let central_port = port_of(&central_listener)?;
        let central = build_central(&scenario, central_port);
        let placeholder = World {
            scenario: scenario.clone(),
            source: source.clone(),
            index: Arc::new(Index::of(&central, &[])),
            central,
            stores: Vec::new(),
        };
        let server_token = config.server_token.clone().unwrap_or_else(|| {
            let nanos = SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{nanos:x}{:x}", std::process::id())
        });
        let overview = Collector::new(OverviewConfig {
            interval: config.overview_interval,
            timeout: config.overview_timeout,
            server_token: Some(server_token.clone()),
            session_cookie: crate::session::cookie_name(central_port),
            public_origin: Some(origin(central_port)),
            ..OverviewConfig::new(format!("{}/openbravo", origin(central_port)))
        })?;
        let sim = Arc::new(Sim {
            config,
            central_port,
            overview,
            server_token,
            inner: Mutex::new(Inner {
                status_requests: HashMap::new(),
                world: placeholder,
                listeners: HashMap::new(),
                agents: HashMap::new(),
                sessions: HashMap::new(),
                tokens: HashMap::new(),
                remembered_ports: HashMap::new(),
                next_session: 0,
            }),
            apply_lock: tokio::sync::Mutex::new(()),
            router,
        });
        let task = sim.serve(central_listener, central_port);
        sim.lock().listeners.insert(central_port, task);
        sim.apply(source).await?;
        Ok(sim)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A poisoned lock only means a handler panicked mid-update; the data is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn serve(self: &Arc<Self>, listener: TcpListener, port: u16) -> JoinHandle<()> {
        let app = (self.router)(self.clone(), port)
            .into_make_service_with_connect_info::<crate::reset::ResetHandle>();
        tokio::spawn(async move {
            let _ = axum::serve(crate::reset::ResettableListener(listener), app).await;
        })
    }

    /// Counts a `StoreStatus` request to the store `key`.
    pub fn count_status_request(&self, key: &str) {
        *self.lock().status_requests.entry(key.to_owned()).or_default() += 1;
    }

    /// Reads the world.
    pub fn with_world<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        f(&self.lock().world)
    }

    /// Loads a scenario and makes it current: binds the stores that must listen, closes the
    /// ports no longer used, drops all sessions.
    pub async fn apply(self: &Arc<Self>, source: Source) -> Result<(), String> {
        let _serialized = self.apply_lock.lock().await;
        let scenario = scenario::load(&source, &self.config.scenarios_dir)?;
        let specs = scenario.all_stores()?;
        for fault in specs.iter().flat_map(|s| &s.faults).chain(&scenario.central.faults) {
            fault.validate()?;
        }
        if fault::is_down(&scenario.central.faults) {
            return Err("central cannot be down: the control endpoint lives there".into());
        }
        let (ports, fresh) = self.assign_ports(&specs).await?;
        let world = build_world(scenario, &specs, source, self.central_port, &ports);
        self.install(world, fresh, Sessions::Drop).await
    }

    /// Ports for the stores: `base + i`, or with base 0 a remembered or newly free port. Ports
    /// found free with base 0 come with their listener already bound, so no one else can take
    /// them before the store serves on them, and no port is handed out twice.
    async fn assign_ports(&self, specs: &[StoreSpec]) -> Result<(Vec<u16>, Fresh), String> {
        let base = self.config.store_base_port;
        let mut ports = Vec::with_capacity(specs.len());
        let mut taken: HashSet<u16> = HashSet::from([self.central_port]);
        let mut fresh = Fresh::new();
        for (i, spec) in specs.iter().enumerate() {
            // Read in its own statement: the guard must not live across the awaits below.
            let remembered = self.lock().remembered_ports.get(&spec.key).copied();
            let port = if base != 0 {
                u16::try_from(usize::from(base) + i).map_err(|_| {
                    format!("store {} would need port {}", spec.key, usize::from(base) + i)
                })?
            } else {
                // Keep a store's port across switches when it can be had again: still ours,
                // or free to bind now. Otherwise (another process took it meanwhile) a new one.
                let reusable = match remembered.filter(|p| !taken.contains(p)) {
                    Some(port) if self.lock().listeners.contains_key(&port) => Some(port),
                    Some(port) => match bind(port).await {
                        Ok(listener) => {
                            fresh.insert(port, listener);
                            Some(port)
                        }
                        Err(_) => None,
                    },
                    None => None,
                };
                match reusable {
                    Some(port) => port,
                    None => loop {
                        let listener = bind(0).await?;
                        let port = port_of(&listener)?;
                        if !taken.contains(&port) {
                            fresh.insert(port, listener);
                            break port;
                        }
                    },
                }
            };
            if !taken.insert(port) {
                return Err(format!(
                    "store {} would listen on port {port}, already in use",
                    spec.key
                ));
            }
            ports.push(port);
        }
        if base == 0 {
            let mut inner = self.lock();
            for (spec, port) in specs.iter().zip(&ports) {
                inner.remembered_ports.insert(spec.key.clone(), *port);
            }
        }
        Ok((ports, fresh))
    }

    /// Makes `world` current, opening and closing store listeners to match it.
    async fn install(
        self: &Arc<Self>,
        world: World,
        mut fresh: Fresh,
        sessions: Sessions,
    ) -> Result<(), String> {
        let wanted: HashSet<u16> = world
            .stores
            .iter()
            .filter(|s| !fault::is_down(&s.faults))
            .map(|s| s.port)
            .chain([self.central_port])
            .collect();
        let bound: HashSet<u16> = self.lock().listeners.keys().copied().collect();
        let mut opened = Vec::new();
        for port in wanted.difference(&bound) {
            let listener = match fresh.remove(port) {
                Some(listener) => listener,
                None => {
                    bind(*port).await.map_err(|e| format!("cannot open a store listener: {e}"))?
                }
            };
            opened.push((*port, listener));
        }
        let mut closing = Vec::new();
        let mut stale: Vec<(Server, Vec<WireModule>)> = Vec::new();
        {
            let mut inner = self.lock();
            for port in bound.difference(&wanted) {
                if let Some(task) = inner.listeners.remove(port) {
                    task.abort();
                    closing.push(task);
                }
            }
            for (port, listener) in opened {
                let task = self.serve(listener, port);
                inner.listeners.insert(port, task);
            }
            if sessions == Sessions::Drop {
                let token = self.server_token.clone();
                inner.agents = std::iter::once(&world.central)
                    .chain(&world.stores)
                    .map(|s| (s.key.clone(), agents::agent_for(self, s, &token)))
                    .collect();
                stale = std::iter::once(&world.central)
                    .chain(&world.stores)
                    .filter_map(|s| Some((s.clone(), s.stale_modules.clone()?)))
                    .collect();
            }
            inner.world = world;
            if sessions == Sessions::Drop {
                inner.sessions.clear();
                inner.tokens.clear();
                inner.status_requests.clear();
                // Another world: central's collector starts over with the next page.
                self.overview.restart();
            }
        }
        // An aborted task drops its listener when it is next polled: wait for that, so a port
        // reported down refuses connections as soon as the change is answered.
        for task in closing {
            let _ = task.await;
        }
        // A server stale until recompute: its agent computed before its modules changed.
        for (server, modules) in stale {
            self.computed_before(&server, &modules).await;
        }
        Ok(())
    }

    /// Has the agent of `server` keep what it computed a day ago from `modules`.
    async fn computed_before(&self, server: &Server, modules: &[WireModule]) {
        if let (Some(entry), Ok(info)) =
            (self.agent(&server.key), agents::computed_before(server, modules))
        {
            entry.agent.keep(info).await;
        }
    }

    /// The agent of the server `key`.
    pub fn agent(&self, key: &str) -> Option<ServerAgent> {
        self.lock().agents.get(key).cloned()
    }

    /// Reloads the current scenario from its source.
    pub async fn reset(self: &Arc<Self>) -> Result<(), String> {
        let source = self.with_world(|w| w.source.clone());
        self.apply(source).await
    }

    /// Changes one server through the control endpoint.
    pub async fn patch(self: &Arc<Self>, key: &str, patch: ServerPatch) -> Result<(), String> {
        for fault in patch.faults.iter().flatten() {
            fault.validate()?;
        }
        let _serialized = self.apply_lock.lock().await;
        let mut world = self.with_world(Clone::clone);
        let is_central = key == world.central.key;
        if is_central && patch.faults.as_deref().is_some_and(fault::is_down) {
            return Err("central cannot be down: the control endpoint lives there".into());
        }
        let server = world.server_mut(key).ok_or_else(|| format!("no server with key {key:?}"))?;
        if let Some(error) = patch.pending_error {
            server.pending_error = Some(error).filter(|e| !e.is_empty());
        }
        let restarted = patch.system_status.is_some() || patch.versions.is_some();
        if let Some(status) = patch.system_status {
            server.system_status = status;
        }
        if let Some(pending) = patch.pending_batches {
            server.pending = pending;
        }
        if let Some(faults) = patch.faults {
            server.faults = faults;
        }
        if let Some(status) = patch.status {
            server.status = status;
        }
        if let Some(versions) = &patch.versions {
            set_versions(&mut server.modules, versions);
        }
        if let Some(stale) = &patch.stale_versions {
            let mut modules = server.modules.clone();
            set_versions(&mut modules, stale);
            server.stale_modules = Some(modules);
        }
        let server = server.clone();
        self.install(world, Fresh::new(), Sessions::Keep).await?;
        let entry = self.agent(key).ok_or_else(|| format!("no agent for {key:?}"))?;
        match &server.stale_modules {
            // Computed before the change: served until Recompute.
            Some(modules) if patch.stale_versions.is_some() => {
                self.computed_before(&server, modules).await
            }
            Some(_) => {}
            // As the server's restart after an update: computed again at once.
            None if restarted => {
                let _ = entry.agent.recompute().await;
            }
            None => {}
        }
        entry.agent.forget_origins().await;
        Ok(())
    }

    /// Notes that the server on `port` recomputed its version information (its agent did):
    /// it serves its real modules from now on.
    pub fn recomputed(&self, port: u16) {
        let mut inner = self.lock();
        let world = &mut inner.world;
        let key = world.server_at(port).map(|s| s.key.clone());
        if let Some(server) = key.and_then(|key| world.server_mut(&key)) {
            server.stale_modules = None;
        }
    }

    /// Opens a session and returns its id.
    pub fn open_session(&self, server_key: &str, username: &str) -> String {
        let mut inner = self.lock();
        inner.next_session += 1;
        let id = session_id(inner.next_session);
        inner.sessions.insert(
            id.clone(),
            Session { server_key: server_key.to_owned(), username: username.to_owned() },
        );
        id
    }

    /// The session with this id on this server.
    pub fn session(&self, id: &str, server_key: &str) -> Option<Session> {
        self.lock().sessions.get(id).filter(|s| s.server_key == server_key).cloned()
    }

    /// Issues an authentication token for `username` on this server (mobile core's key
    /// authentication: the WebPOS keeps it and sends it instead of the password).
    pub fn issue_token(&self, server_key: &str, username: &str) -> String {
        let mut inner = self.lock();
        inner.next_session += 1;
        let token = session_id(inner.next_session);
        inner.tokens.insert(token.clone(), (server_key.to_owned(), username.to_owned()));
        token
    }

    /// The user an authentication token was issued to on this server.
    pub fn token_user(&self, token: &str, server_key: &str) -> Option<String> {
        let inner = self.lock();
        inner.tokens.get(token).filter(|(key, _)| key == server_key).map(|(_, user)| user.clone())
    }

    /// Ends a session; whether it existed.
    pub fn close_session(&self, id: &str) -> bool {
        self.lock().sessions.remove(id).is_some()
    }

    /// A snapshot for the control endpoint and the ready line.
    pub fn view(&self) -> StateView {
        let counts = self.lock().status_requests.clone();
        self.with_world(|w| {
            let terminal = w.scenario.terminals.iter().find(|t| t.store.is_some());
            let page = |base: &str, key: &str| format!("{base}/{POS_PAGE}?terminal={key}");
            let store_of = |key: &str| w.stores.iter().find(|s| s.key == key);
            StateView {
                scenario: w.scenario.name.clone(),
                central: w.central.base(),
                pos_url: terminal.map(|t| page(&w.central.base(), &t.key)),
                store_mode_url: terminal
                    .and_then(|t| store_of(t.store.as_deref()?).map(|s| page(&s.base(), &t.key))),
                admin_url: format!("{}/{ADMIN_PAGE}", w.central.base()),
                stores: w
                    .stores
                    .iter()
                    .map(|s| StoreView {
                        key: s.key.clone(),
                        base: s.base(),
                        url: s.url.clone(),
                        port: s.port,
                        status: s.status,
                        pending_batches: s.pending,
                        status_requests: counts.get(&s.key).copied().unwrap_or(0),
                        stale: s.stale_modules.is_some(),
                        faults: s.faults.clone(),
                    })
                    .collect(),
            }
        })
    }
}

fn set_versions(modules: &mut [WireModule], versions: &BTreeMap<String, String>) {
    for module in modules.iter_mut() {
        if let Some(version) = versions.get(&module.id) {
            module.version = version.clone();
        }
    }
}

/// The world of a scenario with central on `central_port` and store `i` on `store_base_port + i`,
/// without listening (what `--postgres-sql` writes into the databases).
pub fn world_at_ports(
    source: &Source,
    scenarios_dir: &std::path::Path,
    central_port: u16,
    store_base_port: u16,
) -> Result<World, String> {
    let scenario = scenario::load(source, scenarios_dir)?;
    let specs = scenario.all_stores()?;
    let ports = (0..specs.len())
        .map(|i| {
            u16::try_from(usize::from(store_base_port) + i).map_err(|_| {
                format!(
                    "store {} would need port {}",
                    specs[i].key,
                    usize::from(store_base_port) + i
                )
            })
        })
        .collect::<Result<Vec<u16>, String>>()?;
    Ok(build_world(scenario, &specs, source.clone(), central_port, &ports))
}

/// The world of `scenario`: central on `central_port`, the store of each spec on its port.
fn build_world(
    scenario: Scenario,
    specs: &[StoreSpec],
    source: Source,
    central_port: u16,
    ports: &[u16],
) -> World {
    let stores: Vec<Server> =
        specs.iter().zip(ports).map(|(spec, port)| build_store(&scenario, spec, *port)).collect();
    let central = build_central(&scenario, central_port);
    World { index: Arc::new(Index::of(&central, &stores)), central, scenario, source, stores }
}

fn build_central(scenario: &Scenario, port: u16) -> Server {
    let c = &scenario.central;
    Server {
        key: c.key.clone(),
        name: c.name.clone(),
        server_type: ServerType::Main,
        status: ServerStatus::Online,
        system_status: agents::RUNNING.into(),
        priority: 10,
        port,
        url: format!("{}/openbravo", origin(port)),
        modules: c.modules.clone(),
        stale_modules: None,
        pending: 0,
        pending_error: None,
        faults: c.faults.clone(),
    }
}

fn build_store(scenario: &Scenario, spec: &StoreSpec, port: u16) -> Server {
    let missing: HashSet<&str> = spec.modules.missing.iter().map(String::as_str).collect();
    let mut modules: Vec<WireModule> = scenario
        .central
        .modules
        .iter()
        .filter(|m| !missing.contains(m.id.as_str()))
        .cloned()
        .collect();
    set_versions(&mut modules, &spec.modules.versions);
    modules.extend(spec.modules.extra.iter().cloned());
    let stale_modules = (!spec.stale_versions.is_empty()).then(|| {
        let mut stale = modules.clone();
        set_versions(&mut stale, &spec.stale_versions);
        stale
    });
    Server {
        key: spec.key.clone(),
        name: spec.name.clone(),
        server_type: ServerType::Store,
        status: spec.status,
        system_status: spec.system_status.clone(),
        priority: spec.priority,
        port,
        url: spec.url.clone().unwrap_or_else(|| format!("{}/openbravo", origin(port))),
        modules,
        stale_modules,
        pending: spec.pending_batches,
        pending_error: spec.pending_error.clone(),
        faults: spec.faults.clone(),
    }
}

async fn bind(port: u16) -> Result<TcpListener, String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpListener::bind(addr).await.map_err(|e| match e.raw_os_error() {
        Some(24) => format!(
            "cannot listen on {addr}: too many open files; raise the limit (ulimit -n 20000)"
        ),
        _ => format!("cannot listen on {addr}: {e}"),
    })
}

fn port_of(listener: &TcpListener) -> Result<u16, String> {
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("no local address: {e}"))
}

/// A session id that is hard to guess: the counter mixed with the process's random hash keys.
fn session_id(counter: u64) -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut a = state.build_hasher();
    a.write_u64(counter);
    let mut b = state.build_hasher();
    b.write_u64(!counter);
    format!("{:016X}{:016X}", a.finish(), b.finish())
}
