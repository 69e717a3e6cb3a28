//! What the control endpoint and the ready line show of the running simulator.

use serde::Serialize;
use webpos_version_guard::servers::protocol::{ADMIN_PAGE, POS_PAGE};
use webpos_version_guard::servers::wire::ServerStatus;

use crate::fault::Fault;
use crate::state::Sim;

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

impl Sim {
    /// A snapshot for the control endpoint and the ready line.
    pub fn view(&self) -> StateView {
        let counts = self.status_requests();
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
