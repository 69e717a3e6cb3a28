//! What every handler of a listener has (axum's state): the running simulator and the port it
//! answers on (so which server it is). Imports nothing of the handlers; each area (`session`,
//! `services`, `control`, `pages`) returns its own `Router<AppState>` and `routes` puts them
//! together per listener.

use std::sync::Arc;

use crate::state::Sim;

/// What a handler knows: the simulator and which port (so which server) it answers for.
#[derive(Clone)]
pub struct AppState {
    /// The simulator.
    pub sim: Arc<Sim>,
    /// The listener's port.
    pub port: u16,
}
