//! The running simulator: the current world behind one lock, each server's agent and listener,
//! the sessions and tokens; applying a scenario (binding and closing the stores' ports) and
//! patching one server.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use openbravo_version_overview::collector::Collector;
use openbravo_version_overview::config::Config as OverviewConfig;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use webpos_version_guard::servers::wire::{ServerStatus, WireModule};

use crate::agents::{self, Live, ServerAgent};
use crate::config::Config;
use crate::fault::{self, Fault};
use crate::scenario::{self, Source, StoreSpec};
use crate::world::{
    build_central, build_world, cookie_name, origin, set_versions, Server, Session, World,
};

/// What serves a listener on a port. The simulator's one loop is real, not an accident of the
/// imports: the control endpoint (part of the router) applies a scenario, which binds the
/// stores' listeners, which serve the router. `main` closes it at run time by handing
/// `routes::router` to [`Sim::start`]; no module of the state imports a handler.
pub type RouterFor = fn(Arc<Sim>, u16) -> axum::Router;

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
    /// Builds the router for a listener on a port (`routes::router`, handed over by `main`).
    router: RouterFor,
    /// The overview's collector, which central runs (mounted on central's router).
    pub overview: Arc<Collector>,
    /// Central's credential for its requests to the stores: a store recomputes only for it.
    pub server_token: String,
}

/// Why a [`ServerPatch`] was not applied.
#[derive(Debug)]
pub enum PatchError {
    /// No server has this key in the current scenario.
    NoServer(String),
    /// The patch cannot be applied (a fault that does not validate, central down, a port).
    Invalid(String),
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoServer(key) => write!(f, "no server with key {key:?}"),
            Self::Invalid(why) => f.write_str(why),
        }
    }
}

/// A scenario's till as the report its guard would have sent.
fn till_report(
    till: &crate::scenario::TillSpec,
) -> webpos_version_guard::login::till_report::TillReport {
    use webpos_version_guard::login::till_report::{TillOutcome, TillReport, TillWhen};
    let rule = match till.outcome {
        TillOutcome::StoreMode => Some(1),
        TillOutcome::HotFix => Some(2),
        TillOutcome::CouldNotCheck | TillOutcome::GuardNotLoaded => Some(3),
        TillOutcome::Blocked => Some(6),
        TillOutcome::Proceeded => Some(4),
    };
    TillReport {
        terminal: till.terminal.clone(),
        store_server: Some(till.store.clone()),
        when: TillWhen::Login,
        outcome: till.outcome,
        rule: rule.filter(|_| till.outcome != TillOutcome::GuardNotLoaded),
        central_version: None,
        store_version: None,
        pending_batches: None,
        reason: till.reason.clone(),
        total_ms: None,
        id: None,
    }
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
    /// A store's new initial load or table reload, as central's SymmetricDS holds it.
    pub reload: Option<crate::reload::ReloadSpec>,
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
        router: RouterFor,
    ) -> Result<Arc<Sim>, String> {
        let scenario = scenario::load(&source, &config.scenarios_dir)?;
        let central_listener = bind(config.central_port).await?;
        let central_port = port_of(&central_listener)?;
        let central = build_central(&scenario, central_port);
        let placeholder = World::new(scenario.clone(), source.clone(), central, Vec::new());
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
            session_cookie: cookie_name(central_port),
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

    /// The `StoreStatus` requests each store answered since the scenario was applied.
    pub fn status_requests(&self) -> HashMap<String, u64> {
        self.lock().status_requests.clone()
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
                    .map(|s| {
                        (
                            s.key.clone(),
                            agents::agent_for(self, s, &token, &self.config.extra_origins),
                        )
                    })
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
                // Another world: central's collector starts over with the next page, with
                // the scenario's tills' reports.
                self.overview.restart();
                for till in &inner.world.scenario.tills {
                    let _ = self.overview.record_till(&till.user, till_report(till));
                }
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
    pub async fn patch(self: &Arc<Self>, key: &str, patch: ServerPatch) -> Result<(), PatchError> {
        for fault in patch.faults.iter().flatten() {
            fault.validate().map_err(PatchError::Invalid)?;
        }
        let _serialized = self.apply_lock.lock().await;
        let mut world = self.with_world(Clone::clone);
        let is_central = key == world.central.key;
        if is_central && patch.faults.as_deref().is_some_and(fault::is_down) {
            return Err(PatchError::Invalid(
                "central cannot be down: the control endpoint lives there".into(),
            ));
        }
        let server = world.server_mut(key).ok_or_else(|| PatchError::NoServer(key.to_owned()))?;
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
        if let Some(reload) = patch.reload {
            server.reload = reload;
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
        self.install(world, Fresh::new(), Sessions::Keep).await.map_err(PatchError::Invalid)?;
        let entry = self.agent(key).ok_or_else(|| PatchError::NoServer(key.to_owned()))?;
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

/// The agents read the world and the sessions through the simulator's own lock.
impl Live for Sim {
    fn with_world<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        Sim::with_world(self, f)
    }

    fn session(&self, id: &str, server_key: &str) -> Option<Session> {
        Sim::session(self, id, server_key)
    }
}
