//! Builders shared by the native test suites.
#![allow(dead_code)]

use webpos_version_guard::login::decision::{decide, Fetch, LoadOrigin, LoginInputs};
use webpos_version_guard::login::preference::{PreferenceFinding, DEFAULT_PROPERTY};
use webpos_version_guard::login::report::{ReportContext, Timings, VerdictReport};
use webpos_version_guard::servers::wire::{PreferenceContext, PreferenceRecord};
use webpos_version_guard::servers::wire::{ServerDefinition, ServerStatus, ServerType};
use webpos_version_guard::versions::module::{Module, ModuleSet};
use webpos_version_guard::versions::version::ModuleVersion;

/// A server definition: online, priority 10, named after its key.
pub fn server(key: &str, server_type: ServerType, url: &str) -> ServerDefinition {
    ServerDefinition {
        key: key.into(),
        name: key.into(),
        description: None,
        server_type,
        url: url.into(),
        status: ServerStatus::Online,
        priority: 10,
        allowed_domains: Vec::new(),
    }
}

/// A store server's definition at `http://{key}.example/openbravo`, online, named after its key.
pub fn store(key: &str) -> ServerDefinition {
    server(key, ServerType::Store, &format!("http://{key}.example/openbravo"))
}

/// A module with a derived name and java package.
pub fn module(id: &str, version: &str) -> Module {
    Module {
        id: id.to_owned(),
        name: format!("Module {id}"),
        java_package: format!("org.example.{id}"),
        version: ModuleVersion::parse(version).expect("test version"),
    }
}

/// A module set from (id, version) pairs.
pub fn set(modules: &[(&str, &str)]) -> ModuleSet {
    ModuleSet::from_modules(modules.iter().map(|(id, v)| module(id, v)).collect())
        .expect("test module set")
}

/// The context of cashier `U1` with role `R1` in org `STORE1` (under `REGION`, under `0`)
/// of client `C1`.
pub fn ctx() -> PreferenceContext {
    PreferenceContext {
        client: "C1".into(),
        org_chain: vec!["STORE1".into(), "REGION".into(), "0".into()],
        user: "U1".into(),
        role: "R1".into(),
        window: None,
    }
}

/// An active, client-level, unfiltered ignore-version-check record of client `C1`.
pub fn client_pref(id: &str, value: &str) -> PreferenceRecord {
    PreferenceRecord {
        id: id.into(),
        client: "C1".into(),
        org: "0".into(),
        visible_at_client: Some("C1".into()),
        property: webpos_version_guard::login::preference::DEFAULT_PROPERTY.into(),
        value: value.into(),
        active: true,
        ..Default::default()
    }
}

/// A system-level record (client 0, visible at every client).
pub fn system_pref(id: &str, value: &str) -> PreferenceRecord {
    PreferenceRecord { client: "0".into(), visible_at_client: None, ..client_pref(id, value) }
}

/// The verdict report of a login from central at terminal VBS-1 on store1 (no preference set,
/// a store-mode URL offered), from what central and the store answered.
pub fn central_report(
    central: Fetch<ModuleSet>,
    store: Fetch<ModuleSet>,
    pending: Fetch<u64>,
) -> VerdictReport {
    let preference = PreferenceFinding::NotSet;
    let verdict = decide(&LoginInputs {
        origin: LoadOrigin::Central,
        central: &central,
        store: &store,
        pending: &pending,
        preference: &preference,
        property: DEFAULT_PROPERTY,
    });
    VerdictReport::new(
        &verdict,
        ReportContext {
            loaded_from: LoadOrigin::Central,
            terminal: "VBS-1",
            store_server: Some("store1"),
            store_mode: Ok(
                "http://s/openbravo/web/org.openbravo.retail.posterminal/?terminal=VBS-1".into(),
            ),
            preference: &preference,
            timings: Timings { total: 12.5, ..Default::default() },
            diagnostics: vec!["extra".into()],
        },
    )
}
