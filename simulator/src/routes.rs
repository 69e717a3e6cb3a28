//! The router every listener serves: Openbravo's paths under `/openbravo`, plus the control
//! endpoint and the admin pages on central only. The pages carry the strict CSP (`csp.rs`).

use std::sync::Arc;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use tower_http::services::ServeDir;
use webpos_version_guard::servers::protocol::{
    ADMIN_PAGE, GENERATED_SCRIPTS, JSONREST, LOGIN, LOGOUT, MODULE, MODULE_PKG, POS_PAGE,
};

use crate::state::Sim;
use crate::static_resources::StaticResources;
use openbravo_version_overview::csp;

use crate::{control, services, session};

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
    let resources = config.static_resources.clone();
    // The WebPOS page, naming the generated static resource, and its other files (style, icon).
    let pos_page = Router::new()
        .route("/", get(move || async move { Html(resources.page.clone()) }))
        .fallback_service(ServeDir::new(&config.pos_dir).append_index_html_on_directories(false));
    let resources = config.static_resources.clone();
    let mut router = Router::new()
        .route(&format!("/openbravo/{JSONREST}/{{class}}"), any(services::json_service))
        .route(&format!("/openbravo/{MODULE}/{{class}}"), any(services::json_service))
        .route(&format!("/openbravo/{LOGIN}"), post(session::login))
        .route(&format!("/openbravo/{LOGOUT}"), get(session::logout).post(session::logout_post))
        .route(
            &format!("/openbravo/{GENERATED_SCRIPTS}{{file}}"),
            get(move |file| async move { generated_script(&resources, file) }),
        )
        .nest_service(
            &format!("/openbravo/{}", MODULE_PKG.trim_end_matches('/')),
            ServeDir::new(&config.pkg_dir),
        )
        .nest_service(
            &format!("/openbravo/{}", POS_PAGE.trim_end_matches('/')),
            csp::with_policy(pos_page),
        );
    if is_central {
        router = router
            .nest_service(
                &format!("/openbravo/{}", ADMIN_PAGE.trim_end_matches('/')),
                csp::with_policy(ServeDir::new(&config.admin_dir)),
            )
            .route("/__sim/state", get(control::state))
            .route("/__sim/scenario", post(control::scenario))
            .route("/__sim/server/{key}", post(control::server))
            .route("/__sim/reset", post(control::reset))
            .route("/__sim/overview/disconnect", post(control::disconnect_overview));
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

/// The generated static resource, when `file` names it (mobile core keeps only the current one).
fn generated_script(
    resources: &StaticResources,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    if file != resources.file_name {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    ([(header::CONTENT_TYPE, "application/javascript; charset=utf-8")], resources.script.clone())
        .into_response()
}
