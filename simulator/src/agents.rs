//! Each simulated server answers the protocol through the agent's own service code
//! (`openbravo_version_agent::service`), the code a real server's agent runs, over the scenario
//! in memory instead of PostgreSQL: [`ScenarioSource`] reads the world as the agent's queries
//! read Openbravo's tables (the same rows `--postgres-sql` writes: `postgres.rs`), and tells
//! whose a session is as mobile core's `ContextInformation` would. The simulator keeps only
//! what is not the agent's: the WebPOS page, login and logout, the faults, the control endpoint.
//!
//! A server's agent lives as long as its scenario; what it computed is its own, so a server
//! "stale until recompute" is an agent that computed before its modules changed.

use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use openbravo_version_agent::config::Config as AgentConfig;
use openbravo_version_agent::reload::SymmetricFacts;
use openbravo_version_agent::service::{self, Agent};
use openbravo_version_agent::source::{
    BoxFuture, ContextError, DbError, DefinitionRow, ModuleRow, OwnAndCentral, RecordUpdate,
    SessionContext, Sessions, Source, TerminalRow,
};
use openbravo_version_agent::versions;
use webpos_version_guard::servers::wire::{ServerType, WireModule, WirePreference};

use crate::postgres::{scenario_client, store_org};
use crate::world::{Server, Session, World};

/// One server's agent and the router its services answer through.
#[derive(Clone)]
pub struct ServerAgent {
    /// The agent.
    pub agent: Arc<Agent>,
    /// Its services' router (paths below `/openbravo`).
    pub router: axum::Router,
}

/// What the agents read of the running simulator: its current world and its sessions (the
/// simulator, `state::Sim`, is one; the agents know nothing else of it).
pub trait Live: Send + Sync + 'static {
    /// Reads the current world.
    fn with_world<T>(&self, f: impl FnOnce(&World) -> T) -> T;
    /// The session `id` on the server `server_key`, while it is open.
    fn session(&self, id: &str, server_key: &str) -> Option<Session>;
}

/// The agent of `server` over the running simulator `live`, with central's credential `token`
/// and the origins allowed besides the servers' own (`extra_origins`).
pub fn agent_for<L: Live>(
    live: &Arc<L>,
    server: &Server,
    token: &str,
    extra_origins: &[String],
) -> ServerAgent {
    let config = AgentConfig {
        token: Some(token.to_owned()),
        session_cookie: crate::world::cookie_name(server.port),
        timeout: Duration::from_secs(10),
        extra_origins: extra_origins.to_vec(),
        quiet: true,
        ..AgentConfig::new(String::new(), server.key.clone())
    };
    let source = Arc::new(ScenarioSource { live: Arc::downgrade(live), key: server.key.clone() });
    let agent = Agent::new(config, source.clone(), source);
    ServerAgent { router: service::router(agent.clone()), agent }
}

/// What a server "computed at its last start" when its modules changed since: its version
/// information from `modules`, a day ago.
pub fn computed_before(
    server: &Server,
    modules: &[WireModule],
) -> Result<webpos_version_guard::servers::wire::VersionInfoData, String> {
    let a_day_ago = SystemTime::now() - Duration::from_secs(86_400);
    let secs = a_day_ago.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    versions::compute(&server.key, &module_rows(modules), Some(&server.system_status), secs)
}

/// A server's modules as `AD_MODULE` rows, applied.
fn module_rows(modules: &[WireModule]) -> Vec<ModuleRow> {
    let mut rows: Vec<ModuleRow> = modules
        .iter()
        .map(|m| ModuleRow {
            id: m.id.clone(),
            name: m.name.clone(),
            java_package: m.java_package.clone(),
            version: m.version.clone(),
            status: "A".into(),
        })
        .collect();
    rows.sort_by(|a, b| a.java_package.cmp(&b.java_package));
    rows
}

/// One server's database and sessions, read from the simulator's current world.
struct ScenarioSource<L> {
    live: Weak<L>,
    key: String,
}

/// A server's row of `OBMOBC_SERVER_DEFINITION`, as central's definitions hold it (every one
/// in the scenario's client, as `--postgres-sql` writes them).
fn definition_row(server: &Server, client: &str) -> DefinitionRow {
    let d = server.definition();
    DefinitionRow {
        key: d.key,
        name: d.name,
        description: d.description,
        server_type: d.server_type.code().to_owned(),
        url: d.url,
        status: d.status.code().to_owned(),
        priority: d.priority,
        allowed_domains: d.allowed_domains,
        client: client.to_owned(),
    }
}

fn gone() -> DbError {
    DbError("the simulator is stopping".into())
}

impl<L: Live> ScenarioSource<L> {
    fn read<T>(&self, f: impl FnOnce(&World, &Server) -> T) -> Result<T, DbError> {
        let live = self.live.upgrade().ok_or_else(gone)?;
        live.with_world(|world| {
            let server = world
                .server(&self.key)
                .ok_or_else(|| DbError(format!("no server {:?} in the scenario", self.key)))?;
            Ok(f(world, server))
        })
    }
}

fn ready<'a, T: Send + 'a>(value: T) -> BoxFuture<'a, T> {
    Box::pin(std::future::ready(value))
}

impl<L: Live> Source for ScenarioSource<L> {
    fn modules(&self) -> BoxFuture<'_, Result<Vec<ModuleRow>, DbError>> {
        ready(self.read(|_, server| module_rows(&server.modules)))
    }

    fn system_status(&self) -> BoxFuture<'_, Result<Option<String>, DbError>> {
        ready(self.read(|_, server| Some(server.system_status.clone())))
    }

    fn definitions(&self) -> BoxFuture<'_, Result<Vec<DefinitionRow>, DbError>> {
        ready(self.read(|world, _| {
            let client = scenario_client(world);
            std::iter::once(&world.central)
                .chain(&world.stores)
                .map(|s| definition_row(s, &client))
                .collect()
        }))
    }

    fn own_and_central<'a>(
        &'a self,
        _key: &'a str,
    ) -> BoxFuture<'a, Result<OwnAndCentral, DbError>> {
        ready(self.read(|world, server| {
            let client = scenario_client(world);
            (Some(definition_row(server, &client)), Some(definition_row(&world.central, &client)))
        }))
    }

    fn terminal<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<TerminalRow>, DbError>> {
        ready(self.read(|world, _| {
            let client = scenario_client(world);
            world.scenario.terminals.iter().find(|t| t.key == key).map(|t| TerminalRow {
                key: t.key.clone(),
                name: t.name.clone(),
                client: t.client.clone().unwrap_or_else(|| client.clone()),
                organization: t.store.as_deref().map_or_else(|| "0".to_owned(), store_org),
            })
        }))
    }

    fn terminal_store<'a>(
        &'a self,
        client: &'a str,
        organization: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, DbError>> {
        // Every definition belongs to the scenario's client; a store serves its own
        // organization only (ALLORGS = 'N').
        ready(self.read(|world, _| {
            if client != scenario_client(world) {
                return None;
            }
            let mut stores: Vec<&Server> = world
                .stores
                .iter()
                .filter(|s| s.server_type == ServerType::Store && store_org(&s.key) == organization)
                .collect();
            stores.sort_by(|a, b| (a.priority, &a.name).cmp(&(b.priority, &b.name)));
            stores.first().map(|s| s.key.clone())
        }))
    }

    fn preferences<'a>(
        &'a self,
        property: &'a str,
    ) -> BoxFuture<'a, Result<Vec<WirePreference>, DbError>> {
        ready(self.read(|world, _| {
            let mut records: Vec<WirePreference> = world
                .scenario
                .preferences
                .iter()
                .filter(|p| p.property == property)
                .cloned()
                .collect();
            records.sort_by(|a, b| a.id.cmp(&b.id));
            records
        }))
    }

    fn org_chain<'a>(
        &'a self,
        _client: &'a str,
        organization: &'a str,
    ) -> BoxFuture<'a, Result<Vec<String>, DbError>> {
        ready(self.read(|world, _| world.scenario.org_chain(organization)))
    }

    fn pending_batches<'a>(&'a self, node: &'a str) -> BoxFuture<'a, Result<u64, DbError>> {
        // A store that cannot count has no SymmetricDS table (as `--postgres-sql` writes it).
        ready(
            self.read(|world, server| match &server.pending_error {
                Some(why) => Err(DbError(why.clone())),
                None if node == world.central.key => Ok(server.pending),
                None => Ok(0),
            })
            .and_then(|counted| counted),
        )
    }

    fn preference_updated<'a>(
        &'a self,
        record: &'a str,
    ) -> BoxFuture<'a, Result<Option<RecordUpdate>, DbError>> {
        // As central's database holds them (`--postgres-sql` writes the same).
        ready(self.read(|world, _| {
            world.scenario.preferences.iter().find(|p| p.id == record).map(|p| RecordUpdate {
                at: Some(crate::postgres::PREFERENCE_UPDATED.to_owned()),
                by: Some(
                    crate::postgres::preference_updated_by(world, &p.client)
                        .map_or_else(|| "0".to_owned(), |u| u.username.clone()),
                ),
            })
        }))
    }

    fn symmetric_facts(&self) -> BoxFuture<'_, Result<SymmetricFacts, DbError>> {
        // Central holds every store node's rows; a store's SymmetricDS knows no store node.
        ready(self.read(|world, server| {
            let stores = world.stores.iter().map(|s| (s.key.as_str(), &s.reload));
            match server.server_type {
                ServerType::Main => crate::reload::facts(stores),
                ServerType::Store => crate::reload::facts(std::iter::empty()),
            }
        }))
    }

    fn user_name<'a>(&'a self, user: &'a str) -> BoxFuture<'a, Result<Option<String>, DbError>> {
        ready(self.read(|world, _| {
            world.scenario.users.iter().find(|u| u.user_id == user).map(|u| u.username.clone())
        }))
    }

    fn role_administers_client<'a>(
        &'a self,
        role: &'a str,
    ) -> BoxFuture<'a, Result<bool, DbError>> {
        ready(
            self.read(|world, _| {
                world.scenario.users.iter().any(|u| u.role == role && u.client_admin)
            }),
        )
    }

    /// Every simulated server has the module installed: its own property is registered.
    fn property_registered<'a>(
        &'a self,
        property: &'a str,
    ) -> BoxFuture<'a, Result<bool, DbError>> {
        ready(Ok(property == webpos_version_guard::servers::protocol::PREFERENCE_PROPERTY))
    }
}

impl<L: Live> Sessions for ScenarioSource<L> {
    fn context<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<SessionContext, ContextError>> {
        let context = match self.live.upgrade() {
            Some(live) => session_context(&*live, id, &self.key).ok_or(ContextError::NotLoggedIn),
            None => Err(ContextError::Unavailable("the simulator is stopping".into())),
        };
        ready(context)
    }
}

/// Whose the session `id` on server `key` is, as mobile core's `ContextInformation` says it.
pub fn session_context<L: Live>(live: &L, id: &str, key: &str) -> Option<SessionContext> {
    // One lock at a time: the session table and the world are behind the same lock.
    let session = live.session(id, key)?;
    live.with_world(|world| {
        let user = world.scenario.users.iter().find(|u| u.username == session.username)?;
        Some(SessionContext {
            user: user.user_id.clone(),
            role: user.role.clone(),
            organization: user.organization.clone(),
            client: user.client.clone(),
        })
    })
}
