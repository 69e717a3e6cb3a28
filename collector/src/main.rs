//! `openbravo-version-overview`: the Store Server Version Overview's collector beside a real
//! Openbravo central. It serves the overview page and its stream below the page's own path, so
//! that central's reverse proxy puts them on central's origin (docs/INTEGRATION.md), and
//! `/metrics`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use openbravo_serve::secret::required_secret_file;
use openbravo_serve::{serve, ServeLimits};
use openbravo_version_overview::collector::Collector;
use openbravo_version_overview::config::Config;
use openbravo_version_overview::csp;
use tower_http::services::ServeDir;
use webpos_version_guard::servers::protocol::ADMIN_PAGE;

/// The environment variables' prefix: `--central` is also `OPENBRAVO_VERSION_OVERVIEW_CENTRAL`
/// (the package's `/etc/openbravo-version-overview/overview.conf` sets them).
macro_rules! env_name {
    ($name:literal) => {
        concat!("OPENBRAVO_VERSION_OVERVIEW_", $name)
    };
}

/// `openbravo-version-overview`: the Store Server Version Overview's collector, beside central.
#[derive(Parser, Debug)]
#[command(
    name = "openbravo-version-overview",
    version,
    about = "The Store Server Version Overview's collector, beside Openbravo's central server.",
    after_help = "\
Every setting is also an environment variable, named after its flag: --central is
OPENBRAVO_VERSION_OVERVIEW_CENTRAL (the package's overview.conf sets them); a flag wins.

Serves /openbravo/web/org.example.versionguard/overview/: the page; api/session (who is logged
in); for an administrator of central only, api/stream, api/pass, api/store (Modules by Server),
api/by-module and api/csv, and, from the page's own origin too, api/recompute and api/refresh;
and /metrics."
)]
struct Args {
    /// Central's base URL, e.g. https://central.example.com/openbravo
    #[arg(long, value_name = "URL", value_parser = central_url, env = env_name!("CENTRAL"))]
    central: String,
    /// Where to listen
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8620", env = env_name!("LISTEN"))]
    listen: String,
    /// The overview page's files
    #[arg(long, value_name = "DIR", default_value = "www/admin", env = env_name!("ASSETS"))]
    assets: PathBuf,
    /// Seconds between two passes
    #[arg(long, value_name = "SECONDS", default_value_t = 60, env = env_name!("INTERVAL"))]
    interval: u64,
    /// Stores asked at once (1 to 1024)
    #[arg(long, value_name = "N", default_value_t = 128, env = env_name!("CONCURRENCY"))]
    concurrency: u64,
    /// Time limit of each request, in milliseconds (100 to 120000)
    #[arg(long, value_name = "N", default_value_t = 5000, env = env_name!("TIMEOUT_MS"))]
    timeout_ms: u64,
    /// Central's credential for the stores' Recompute (Authorization: Bearer ...)
    #[arg(long, value_name = "FILE", env = env_name!("TOKEN_FILE"))]
    token_file: Option<PathBuf>,
    /// The page's origin as browsers see it through the proxy, e.g. https://central.example.com:
    /// a Refresh or Recompute must come from it
    #[arg(long, value_name = "ORIGIN", value_parser = public_origin, env = env_name!("PUBLIC_ORIGIN"))]
    public_origin: Option<String>,
    /// Without --public-origin, take the page's origin from X-Forwarded-Proto and
    /// X-Forwarded-Host (only behind a proxy that sets them)
    #[arg(long, env = env_name!("TRUST_FORWARDED_HOST"))]
    trust_forwarded_host: bool,
    /// Where to keep each store's last status, its pending history and the pass totals across
    /// restarts (SQLite; set aside with a warning if unreadable)
    #[arg(long, value_name = "FILE", env = env_name!("STATE_FILE"))]
    state_file: Option<PathBuf>,
    /// Connections served at once (1 to 65536; each has 10 s to send its headers)
    #[arg(long, value_name = "N", default_value_t = 1024, env = env_name!("MAX_CONNECTIONS"))]
    max_connections: u64,
    /// Openbravo's session cookie, the only one sent to central
    #[arg(long, value_name = "NAME", default_value = "JSESSIONID", env = env_name!("SESSION_COOKIE"))]
    session_cookie: String,
    /// The credential a /metrics scrape must carry (Authorization: Bearer ...)
    #[arg(long, value_name = "FILE", env = env_name!("METRICS_TOKEN_FILE"))]
    metrics_token_file: Option<PathBuf>,
}

/// Central's base URL, without a trailing slash.
fn central_url(value: &str) -> Result<String, String> {
    url::Url::parse(value).map_err(|e| e.to_string())?;
    Ok(value.trim_end_matches('/').to_owned())
}

/// An origin as a browser sends it (scheme://host[:port], no path).
fn public_origin(value: &str) -> Result<String, String> {
    let origin = value.trim_end_matches('/').to_owned();
    let parsed = webpos_version_guard::login::store_mode::web_origin(
        &origin,
        &webpos_version_guard::login::url_crate::UrlCrate,
    );
    if parsed.as_deref() != Some(origin.to_ascii_lowercase().as_str()) {
        return Err("not an origin (scheme://host[:port], no path)".into());
    }
    Ok(origin)
}

/// The settings from the command line: the collector's, where to listen, the page's files and
/// the serving limits; a credential file that cannot be read, or is empty, is a usage error.
fn settings(args: Args) -> Result<(Config, String, PathBuf, ServeLimits), clap::Error> {
    let token_file = |flag: &str, path: &Option<PathBuf>| -> Result<_, clap::Error> {
        path.as_deref()
            .map(|path| required_secret_file(flag, path))
            .transpose()
            .map_err(|why| Args::command().error(ErrorKind::ValueValidation, why))
    };
    let mut config = Config::new(args.central);
    config.interval = Duration::from_secs(args.interval.max(1));
    config.concurrency = args.concurrency.clamp(1, 1024) as usize;
    config.timeout = Duration::from_millis(args.timeout_ms.clamp(100, 120_000));
    config.server_token = token_file("--token-file", &args.token_file)?;
    config.metrics_token = token_file("--metrics-token-file", &args.metrics_token_file)?;
    config.session_cookie = args.session_cookie;
    config.public_origin = args.public_origin;
    config.trust_forwarded = args.trust_forwarded_host;
    config.state_file = args.state_file;
    let limits = ServeLimits {
        connections: args.max_connections.clamp(1, 65_536) as usize,
        ..ServeLimits::default()
    };
    Ok((config, args.listen, args.assets, limits))
}

#[tokio::main]
async fn main() -> ExitCode {
    openbravo_serve::logging::init();
    // A usage error, --help or --version: printed where each belongs, with clap's status.
    let (config, listen, assets, limits) = settings(Args::parse()).unwrap_or_else(|e| e.exit());
    let collector = match Collector::new(config) {
        Ok(collector) => collector,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::FAILURE;
        }
    };
    collector.run_every_interval();
    let page = format!("/openbravo/{}", ADMIN_PAGE.trim_end_matches('/'));
    let app = openbravo_version_overview::api::router(collector, &page)
        .nest_service(&page, csp::with_policy(ServeDir::new(&assets)));
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // On standard output, as the address a command prints (a starting script waits for it).
    println!("openbravo-version-overview: http://{listen}{page}/");
    serve(listener, app, limits, "openbravo-version-overview").await;
    ExitCode::SUCCESS
}
