//! Scenario files: what the simulated servers hold (docs/SCENARIOS.md is the schema).
//!
//! A scenario may `extends` another (top-level keys of the child replace the parent's), and may
//! `generate` stores from a cycle of templates instead of listing them one by one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use webpos_version_guard::servers::wire::{ServerStatus, WireModule, WirePreference};

use crate::fault::Fault;
use crate::reload::ReloadSpec;

/// Most stores a scenario may define (listed plus generated).
pub const MAX_STORES: usize = 10_000;

/// How deep `extends` may chain.
const MAX_EXTENDS_DEPTH: usize = 4;

/// A scenario file, after `extends` has been applied.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// The scenario's name.
    pub name: String,
    /// What it shows.
    #[serde(default)]
    pub description: String,
    /// The central server.
    pub central: CentralSpec,
    /// Organization tree: each org's parent (`0` is the root).
    #[serde(default)]
    pub organizations: BTreeMap<String, String>,
    /// Users who can log in.
    #[serde(default)]
    pub users: Vec<UserSpec>,
    /// Preference records on central.
    #[serde(default)]
    pub preferences: Vec<WirePreference>,
    /// POS terminals.
    #[serde(default)]
    pub terminals: Vec<TerminalSpec>,
    /// Store servers, listed.
    #[serde(default)]
    pub stores: Vec<StoreSpec>,
    /// Store servers, generated (appended after the listed ones).
    #[serde(default)]
    pub generate: Option<GenerateSpec>,
    /// Tills' reports of their last login's check, as central's collector would have received
    /// them (the demo's overview shows them at once).
    #[serde(default)]
    pub tills: Vec<TillSpec>,
}

/// A till's report in a scenario.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TillSpec {
    /// The terminal's search key.
    pub terminal: String,
    /// The store server it checked.
    pub store: String,
    /// What the check came to.
    pub outcome: webpos_version_guard::login::till_report::TillOutcome,
    /// Why it could not check, in words.
    #[serde(default)]
    pub reason: Option<String>,
    /// The cashier whose session sent it (default `vallblanca`).
    #[serde(default = "cashier")]
    pub user: String,
}

fn cashier() -> String {
    "vallblanca".into()
}

/// The central server.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CentralSpec {
    /// Server key (default `central`).
    #[serde(default = "central_key")]
    pub key: String,
    /// Server name.
    #[serde(default = "central_name")]
    pub name: String,
    /// Installed modules.
    pub modules: Vec<WireModule>,
    /// Faults on central's services.
    #[serde(default)]
    pub faults: Vec<Fault>,
}

fn central_key() -> String {
    "central".into()
}

fn central_name() -> String {
    "Central".into()
}

/// A user who can log in.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSpec {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// The user's id (what preference records name).
    pub user_id: String,
    /// Client.
    pub client: String,
    /// Login organization.
    pub organization: String,
    /// Login role.
    pub role: String,
    /// Whether that role administers the client (Openbravo's `AD_Role.IsClientAdmin`): the
    /// overview is for such users only.
    #[serde(default)]
    pub client_admin: bool,
}

/// A POS terminal.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TerminalSpec {
    /// Search key (the `terminal` URL parameter).
    pub key: String,
    /// Name.
    pub name: String,
    /// Its store server's key; absent for a terminal without one.
    #[serde(default)]
    pub store: Option<String>,
    /// Its client (default: the first user's, as every scenario has one client).
    #[serde(default)]
    pub client: Option<String>,
}

/// Module differences of a store from central.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModulesSpec {
    /// Module id → version where the store differs from central.
    #[serde(default)]
    pub versions: BTreeMap<String, String>,
    /// Central's modules the store does not have.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Modules only the store has.
    #[serde(default)]
    pub extra: Vec<WireModule>,
}

/// A store server.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreSpec {
    /// Server key.
    #[serde(default)]
    pub key: String,
    /// Server name.
    #[serde(default)]
    pub name: String,
    /// Server status (default `ON`).
    #[serde(default = "online")]
    pub status: ServerStatus,
    /// `AD_SYSTEM_INFO.SYSTEM_STATUS` of its database (default `RB70`, the running server
    /// matches it; `RB50`: rebuilt, restart pending, which its agent says in the reload status).
    #[serde(default = "running")]
    pub system_status: String,
    /// Priority (default 10).
    #[serde(default = "ten")]
    pub priority: i32,
    /// Its modules, as differences from central's.
    #[serde(default)]
    pub modules: ModulesSpec,
    /// Batches pending sync to central.
    #[serde(default)]
    pub pending_batches: u64,
    /// Why it cannot count its pending batches (the count is then unknown).
    #[serde(default)]
    pub pending_error: Option<String>,
    /// Module id → version served until the store's version information is recomputed.
    #[serde(default)]
    pub stale_versions: BTreeMap<String, String>,
    /// Faults on its services.
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// The URL central's definitions hold for it; default its real simulated URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Its initial load or table reload, as central's SymmetricDS holds it (default: the
    /// initial load done at [`crate::reload::LOADED_AT`]).
    #[serde(default)]
    pub reload: ReloadSpec,
}

fn online() -> ServerStatus {
    ServerStatus::Online
}

fn running() -> String {
    openbravo_version_agent::versions::RUNNING.into()
}

fn ten() -> i32 {
    10
}

/// Stores made from a cycle of templates: store `i` (from 1) is `templates[(i - 1) % len]`
/// with key `<keyPrefix><i, 4 digits>` and name `<namePrefix> <i>`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateSpec {
    /// How many stores.
    pub count: usize,
    /// Key prefix (default `store`).
    #[serde(default = "store_prefix")]
    pub key_prefix: String,
    /// Name prefix (default `Store`).
    #[serde(default = "store_name_prefix")]
    pub name_prefix: String,
    /// The templates (their `key` and `name` are ignored).
    pub templates: Vec<StoreSpec>,
}

fn store_prefix() -> String {
    "store".into()
}

fn store_name_prefix() -> String {
    "Store".into()
}

impl Scenario {
    /// Every store, listed then generated.
    pub fn all_stores(&self) -> Result<Vec<StoreSpec>, String> {
        let mut stores = self.stores.clone();
        if let Some(gen) = &self.generate {
            if gen.templates.is_empty() {
                return Err("generate.templates is empty".into());
            }
            if gen.count > MAX_STORES {
                return Err(format!("generate.count {} is above {MAX_STORES}", gen.count));
            }
            for i in 1..=gen.count {
                let template = &gen.templates[(i - 1) % gen.templates.len()];
                stores.push(StoreSpec {
                    key: format!("{}{i:04}", gen.key_prefix),
                    name: format!("{} {i}", gen.name_prefix),
                    ..template.clone()
                });
            }
        }
        if stores.len() > MAX_STORES {
            return Err(format!("{} stores (limit {MAX_STORES})", stores.len()));
        }
        let mut keys: Vec<&str> = stores.iter().map(|s| s.key.as_str()).collect();
        if keys.iter().any(|k| k.is_empty()) {
            return Err("a store has an empty key".into());
        }
        keys.push(&self.central.key);
        keys.sort_unstable();
        if let Some(pair) = keys.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("server key {} is used twice", pair[0]));
        }
        Ok(stores)
    }

    /// The organization chain of `org`: itself, its parents, up to `0`.
    pub fn org_chain(&self, org: &str) -> Vec<String> {
        let mut chain = vec![org.to_owned()];
        let mut current = org.to_owned();
        while current != "0" && chain.len() < webpos_version_guard::base::limits::MAX_ORG_CHAIN {
            current = self.organizations.get(&current).cloned().unwrap_or_else(|| "0".into());
            chain.push(current.clone());
        }
        chain
    }
}

/// Where a scenario comes from: a name in the scenarios folder, a file, or inline JSON.
#[derive(Clone, Debug)]
pub enum Source {
    /// `scenarios/<name>.json`.
    Named(String),
    /// A file path.
    File(PathBuf),
    /// A scenario object sent to the control endpoint.
    Inline(serde_json::Value),
}

/// Loads a scenario and applies its `extends` chain.
pub fn load(source: &Source, scenarios_dir: &Path) -> Result<Scenario, String> {
    let value = match source {
        Source::Named(name) => read_named(name, scenarios_dir)?,
        Source::File(path) => read_file(path)?,
        Source::Inline(value) => value.clone(),
    };
    let merged = apply_extends(value, scenarios_dir, 0)?;
    serde_json::from_value(merged).map_err(|e| format!("invalid scenario: {e}"))
}

/// Resolves `--scenario NAME|FILE`: an existing file path, else a name in the folder.
pub fn source_for_arg(arg: &str) -> Source {
    let path = Path::new(arg);
    if arg.ends_with(".json") || path.is_file() {
        Source::File(path.to_owned())
    } else {
        Source::Named(arg.to_owned())
    }
}

fn read_named(name: &str, dir: &Path) -> Result<serde_json::Value, String> {
    let valid = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(format!("invalid scenario name {name:?}: use letters, digits, - and _"));
    }
    let path = dir.join(format!("{name}.json"));
    if !path.is_file() {
        return Err(format!(
            "no scenario named {name:?} (looked for {}); available: {}",
            path.display(),
            available(dir).join(", ")
        ));
    }
    read_file(&path)
}

fn read_file(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read scenario {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("scenario {} is not JSON: {e}", path.display()))
}

/// The scenario names in the folder, sorted.
pub fn available(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
        .filter(|n| !n.starts_with('_'))
        .collect();
    names.sort();
    names
}

fn apply_extends(
    value: serde_json::Value,
    dir: &Path,
    depth: usize,
) -> Result<serde_json::Value, String> {
    let serde_json::Value::Object(mut child) = value else {
        return Err("a scenario must be a JSON object".into());
    };
    let Some(parent_name) = child.remove("extends") else {
        return Ok(serde_json::Value::Object(child));
    };
    if depth >= MAX_EXTENDS_DEPTH {
        return Err(format!("extends chains deeper than {MAX_EXTENDS_DEPTH}"));
    }
    let parent_name = parent_name.as_str().ok_or("extends must be a scenario name")?.to_owned();
    let parent = apply_extends(read_named(&parent_name, dir)?, dir, depth + 1)?;
    let serde_json::Value::Object(mut merged) = parent else {
        return Err(format!("scenario {parent_name} is not a JSON object"));
    };
    merged.extend(child);
    Ok(serde_json::Value::Object(merged))
}
