//! The router every listener serves, put together from the areas' own routers: the services,
//! login and logout, and the pages on every server; the control endpoint, the admin page and
//! the overview collector's API on central only.

use std::sync::Arc;

use axum::Router;
use webpos_version_guard::servers::protocol::ADMIN_PAGE;

use crate::app::AppState;
use crate::state::Sim;
use crate::{control, pages, services, session};

/// The router for the listener on `port`.
pub fn router(sim: Arc<Sim>, port: u16) -> Router {
    let is_central = port == sim.central_port;
    let mut router = Router::new()
        .merge(services::router())
        .merge(session::router())
        .merge(pages::router(&sim.config));
    if is_central {
        router = router.merge(pages::admin_router(&sim.config)).merge(control::router());
    }
    let overview = is_central.then(|| sim.overview.clone());
    let app = router.with_state(AppState { sim, port });
    match overview {
        // Central runs the overview's collector: its stream and API below the page's path.
        Some(collector) => {
            let page = format!("/openbravo/{}", ADMIN_PAGE.trim_end_matches('/'));
            app.merge(openbravo_version_overview::api::router(collector, &page))
        }
        None => app,
    }
}
