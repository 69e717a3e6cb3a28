//! The router every listener serves: Openbravo's paths under `/openbravo`, plus the control
//! endpoint and the admin pages on central only. The pages carry the strict CSP (`csp.rs`).

use std::sync::Arc;

use axum::routing::{any, get, post};
use axum::Router;
use tower_http::services::ServeDir;
use webpos_version_guard::protocol::{
    ADMIN_PAGE, ADMIN_PKG, JSONREST, LOGIN, LOGOUT, POS_PAGE, POS_PKG,
};

use crate::state::Sim;
use crate::{control, csp, services, session};

/// What a handler knows: the simulator and which port (so which server) it answers for.
#[derive(Clone)]
pub struct AppState {
    /// The simulator.
    pub sim: Arc<Sim>,
    /// The listener's port.
    pub port: u16,
}

/// The router for the listener on `port`.
pub fn router(sim: Arc<Sim>, port: u16) -> Router {
    let config = &sim.config;
    let is_central = port == sim.central_port;
    let mut router = Router::new()
        .route(&format!("/openbravo/{JSONREST}/{{class}}"), any(services::json_service))
        .route(&format!("/openbravo/{LOGIN}"), post(session::login))
        .route(&format!("/openbravo/{LOGOUT}"), get(session::logout).post(session::logout_post))
        .nest_service(
            &format!("/openbravo/{}", POS_PKG.trim_end_matches('/')),
            ServeDir::new(&config.pkg_dir),
        )
        .nest_service(
            &format!("/openbravo/{}", POS_PAGE.trim_end_matches('/')),
            csp::with_policy(ServeDir::new(&config.pos_dir)),
        );
    if is_central {
        router = router
            .nest_service(
                &format!("/openbravo/{}", ADMIN_PKG.trim_end_matches('/')),
                ServeDir::new(&config.admin_pkg_dir),
            )
            .nest_service(
                &format!("/openbravo/{}", ADMIN_PAGE.trim_end_matches('/')),
                csp::with_policy(ServeDir::new(&config.admin_dir)),
            )
            .route("/__sim/state", get(control::state))
            .route("/__sim/scenario", post(control::scenario))
            .route("/__sim/server/{key}", post(control::server))
            .route("/__sim/reset", post(control::reset));
    }
    router.with_state(AppState { sim, port })
}
