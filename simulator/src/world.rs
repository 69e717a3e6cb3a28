//! The servers and data of the current scenario (the world), as plain data: each server, the
//! sessions' shape and cookie, and how a scenario becomes a world. Read by every area through
//! the simulator (`state.rs`), by the agents' source (`agents.rs`) and by `--postgres-sql`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::Ipv4Addr;
use std::sync::Arc;

use openbravo_version_agent::versions::RUNNING;
use webpos_version_guard::servers::wire::{ServerDefinition, ServerStatus, ServerType, WireModule};

use crate::fault::Fault;
use crate::reload::ReloadSpec;
use crate::scenario::{self, Scenario, Source, StoreSpec};

/// The session cookie's name on the server listening on `port`.
///
/// Every simulated server is on 127.0.0.1, and browsers share cookies across ports of one host,
/// so each server names its cookie after its port (`JSESSIONID_8610`) where a real server on
/// its own host would use plain `JSESSIONID`.
pub fn cookie_name(port: u16) -> String {
    format!("JSESSIONID_{port}")
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
    /// Its initial load or table reload, as central's SymmetricDS holds it (a store's).
    pub reload: ReloadSpec,
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
    /// A world of `central` and `stores`, indexed.
    pub fn new(scenario: Scenario, source: Source, central: Server, stores: Vec<Server>) -> Self {
        World { index: Arc::new(Index::of(&central, &stores)), central, scenario, source, stores }
    }

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

pub(crate) fn set_versions(modules: &mut [WireModule], versions: &BTreeMap<String, String>) {
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
pub(crate) fn build_world(
    scenario: Scenario,
    specs: &[StoreSpec],
    source: Source,
    central_port: u16,
    ports: &[u16],
) -> World {
    let stores: Vec<Server> =
        specs.iter().zip(ports).map(|(spec, port)| build_store(&scenario, spec, *port)).collect();
    let central = build_central(&scenario, central_port);
    World::new(scenario, source, central, stores)
}

pub(crate) fn build_central(scenario: &Scenario, port: u16) -> Server {
    let c = &scenario.central;
    Server {
        key: c.key.clone(),
        name: c.name.clone(),
        server_type: ServerType::Main,
        status: ServerStatus::Online,
        system_status: RUNNING.into(),
        priority: 10,
        port,
        url: format!("{}/openbravo", origin(port)),
        modules: c.modules.clone(),
        stale_modules: None,
        pending: 0,
        pending_error: None,
        faults: c.faults.clone(),
        reload: ReloadSpec::default(),
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
        reload: spec.reload.clone(),
    }
}
