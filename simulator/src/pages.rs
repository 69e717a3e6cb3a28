//! The pages: the demo WebPOS (the page naming its generated static resource, that resource,
//! its other files), the guard's package in the module's folder, and on central the admin
//! overview's page; every page with the strict CSP (`csp.rs`).

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use openbravo_version_overview::csp;
use tower_http::services::ServeDir;
use webpos_version_guard::servers::protocol::{
    ADMIN_PAGE, GENERATED_SCRIPTS, MODULE_PKG, POS_PAGE,
};

use crate::app::AppState;
use crate::config::Config;
use crate::static_resources::{StaticResources, LABELS};

/// The WebPOS's page, scripts and the guard's package, on every server.
pub fn router(config: &Config) -> Router<AppState> {
    let resources = config.static_resources.clone();
    // The WebPOS page, naming the generated static resource, and its other files (style, icon).
    let pos_page = Router::new()
        .route("/", get(move || async move { Html(resources.page.clone()) }))
        .fallback_service(ServeDir::new(&config.pos_dir).append_index_html_on_directories(false));
    let resources = config.static_resources.clone();
    let labels = config.static_resources.labels.clone();
    // Tomcat before 9.0.37 serves .wasm as application/octet-stream (`--wasm-octet-stream`).
    let octet_stream = config.wasm_octet_stream;
    let pkg = Router::new().fallback_service(ServeDir::new(&config.pkg_dir)).layer(
        axum::middleware::map_response(move |mut response: Response| async move {
            let wasm = response
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|t| t == "application/wasm");
            if octet_stream && wasm {
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    header::HeaderValue::from_static("application/octet-stream"),
                );
            }
            response
        }),
    );
    Router::new()
        .route(
            &format!("/openbravo/{GENERATED_SCRIPTS}{{file}}"),
            get(move |file| async move { generated_script(&resources, file) }),
        )
        .route(
            &format!("/openbravo/{LABELS}"),
            get(move || async move {
                match labels {
                    Some(script) => {
                        ([(header::CONTENT_TYPE, "application/javascript; charset=utf-8")], script)
                            .into_response()
                    }
                    None => axum::http::StatusCode::NOT_FOUND.into_response(),
                }
            }),
        )
        .nest_service(&format!("/openbravo/{}", MODULE_PKG.trim_end_matches('/')), pkg)
        .nest_service(
            &format!("/openbravo/{}", POS_PAGE.trim_end_matches('/')),
            csp::with_policy(pos_page),
        )
}

/// The admin overview's page (central only; its API is the collector's router).
pub fn admin_router(config: &Config) -> Router<AppState> {
    Router::new().nest_service(
        &format!("/openbravo/{}", ADMIN_PAGE.trim_end_matches('/')),
        csp::with_policy(ServeDir::new(&config.admin_dir)),
    )
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
