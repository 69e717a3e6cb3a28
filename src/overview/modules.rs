//! Modules by Server (every module of one store beside central's) and the view by module (how
//! many stores run each version of each module).

use serde::Serialize;

use crate::versions::module::{Module, ModuleSet};

/// Where a module of Modules by Server stands against central.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ModuleState {
    /// On both, the same version.
    Same,
    /// On both, different versions.
    Different,
    /// Central has it, the store has not.
    NotOnStore,
    /// The store has it, central has not.
    NotOnCentral,
}

/// One line of Modules by Server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleLine {
    /// Module id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Java package.
    pub java_package: String,
    /// The store's version; `None` when the store does not have the module.
    pub version: Option<String>,
    /// Central's version; `None` when central does not have the module.
    pub central_version: Option<String>,
    /// Whether it differs from central's: another version, or on one side only.
    pub differs: bool,
    /// Where it stands.
    pub state: ModuleState,
}

/// Every module installed on a store, and every module central has that the store lacks, with
/// central's version beside the store's, sorted by name: the same differences the row lists.
pub fn modules_by_server(store: &ModuleSet, central: Option<&ModuleSet>) -> Vec<ModuleLine> {
    let line = |m: &Module, version, central_version, state| ModuleLine {
        id: m.id.clone(),
        name: m.name.clone(),
        java_package: m.java_package.clone(),
        version,
        central_version,
        differs: state != ModuleState::Same,
        state,
    };
    let mut lines: Vec<ModuleLine> = store
        .modules()
        .iter()
        .map(|m| {
            let central_version = central.and_then(|c| c.get(&m.id)).map(|c| c.version);
            let state = match central_version {
                None if central.is_some() => ModuleState::NotOnCentral,
                Some(v) if v != m.version => ModuleState::Different,
                _ => ModuleState::Same,
            };
            line(m, Some(m.version.to_string()), central_version.map(|v| v.to_string()), state)
        })
        .collect();
    if let Some(central) = central {
        lines.extend(
            central
                .modules()
                .iter()
                .filter(|m| store.get(&m.id).is_none())
                .map(|m| line(m, None, Some(m.version.to_string()), ModuleState::NotOnStore)),
        );
    }
    lines.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    lines
}

/// How many stores run one version of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleVersionCount {
    /// The version.
    pub version: String,
    /// Stores on it.
    pub stores: usize,
    /// Whether it is central's.
    pub central: bool,
}

/// One module across the stores: each version and how many stores run it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleVersions {
    /// Module id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Central's version, when central has it.
    pub central_version: Option<String>,
    /// Its versions, most stores first (then by version); central's listed even with none.
    pub versions: Vec<ModuleVersionCount>,
    /// Stores that answered and lack it.
    pub missing: usize,
}

/// The view by module: for every module on central or on a store that answered, how many
/// stores run each version ("400 stores still on Web POS 1.8.4503"), sorted by name.
pub fn module_versions<'a>(
    stores: impl IntoIterator<Item = &'a ModuleSet>,
    central: Option<&ModuleSet>,
) -> Vec<ModuleVersions> {
    use std::collections::BTreeMap;
    let mut modules: BTreeMap<String, (String, BTreeMap<String, usize>)> = BTreeMap::new();
    let mut answered = 0usize;
    for store in stores {
        answered += 1;
        for m in store.modules() {
            let entry =
                modules.entry(m.id.clone()).or_insert_with(|| (m.name.clone(), BTreeMap::new()));
            *entry.1.entry(m.version.to_string()).or_default() += 1;
        }
    }
    if let Some(central) = central {
        for m in central.modules() {
            let entry =
                modules.entry(m.id.clone()).or_insert_with(|| (m.name.clone(), BTreeMap::new()));
            entry.0 = m.name.clone();
            entry.1.entry(m.version.to_string()).or_default();
        }
    }
    let mut list: Vec<ModuleVersions> = modules
        .into_iter()
        .map(|(id, (name, counts))| {
            let central_version = central.and_then(|c| c.get(&id)).map(|m| m.version.to_string());
            let on = counts.values().sum::<usize>();
            let mut versions: Vec<ModuleVersionCount> = counts
                .into_iter()
                .map(|(version, stores)| ModuleVersionCount {
                    central: Some(&version) == central_version.as_ref(),
                    version,
                    stores,
                })
                .collect();
            versions
                .sort_by(|a, b| b.stores.cmp(&a.stores).then_with(|| a.version.cmp(&b.version)));
            ModuleVersions { id, name, central_version, versions, missing: answered - on }
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    list
}
