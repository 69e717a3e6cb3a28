//! `openbravo-version-overview`: the Store Server Version Overview's collector beside a real
//! Openbravo central. It serves the overview page and its stream below the page's own path, so
//! that central's reverse proxy puts them on central's origin (docs/INTEGRATION.md), and
//! `/metrics`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use openbravo_serve::{serve, ServeLimits};
use openbravo_version_overview::collector::Collector;
use openbravo_version_overview::config::Config;
use openbravo_version_overview::csp;
use tower_http::services::ServeDir;
use webpos_version_guard::servers::protocol::ADMIN_PAGE;

const USAGE: &str = "\
usage: openbravo-version-overview --central URL [--listen ADDR] [--assets DIR]
                                  [--interval SECONDS] [--concurrency N] [--timeout-ms N]
                                  [--token-file FILE] [--metrics-token-file FILE]
                                  [--session-cookie JSESSIONID] [--max-connections N]
                                  [--public-origin ORIGIN] [--trust-forwarded-host]
                                  [--state-file FILE]

  --central URL        central's base URL, e.g. https://central.example.com/openbravo
  --listen ADDR        where to listen (default 127.0.0.1:8620)
  --assets DIR         the overview page's files (default www/admin)
  --interval SECONDS   time between two passes (default 60)
  --concurrency N      stores asked at once (default 128)
  --timeout-ms N       time limit of each request (default 5000)
  --token-file FILE    central's credential for the stores' Recompute (Authorization: Bearer ...)
  --public-origin ORIGIN
                       the page's origin as browsers see it through the proxy, e.g.
                       https://central.example.com: a Refresh or Recompute must come from it
  --trust-forwarded-host
                       without --public-origin, take the page's origin from X-Forwarded-Proto and
                       X-Forwarded-Host (only behind a proxy that sets them)
  --state-file FILE    where to keep each store's last status, its pending history and the pass
                       totals across restarts (SQLite; set aside with a warning if unreadable)
  --max-connections N  connections served at once (default 1024; each has 10 s to send its headers)
  --session-cookie NAME
                       Openbravo's session cookie, the only one sent to central (default JSESSIONID)
  --metrics-token-file FILE
                       the credential a /metrics scrape must carry (Authorization: Bearer ...)

Serves /openbravo/web/org.example.versionguard/overview/: the page; api/session (who is logged
in); for an administrator of central only, api/stream, api/pass, api/store (Modules by Server),
api/by-module and api/csv, and, from the page's own origin too, api/recompute and api/refresh;
and /metrics.";

struct Args {
    config: Config,
    listen: String,
    assets: PathBuf,
    limits: ServeLimits,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut central = None;
    let mut config = Config::new("");
    let (mut listen, mut assets) = ("127.0.0.1:8620".to_owned(), PathBuf::from("www/admin"));
    let mut limits = ServeLimits::default();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        if flag == "--trust-forwarded-host" {
            config.trust_forwarded = true;
            continue;
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number =
            |v: &str| v.parse::<u64>().map_err(|_| format!("{flag}: {v:?} is not a number"));
        match flag.as_str() {
            "--central" => central = Some(value),
            "--listen" => listen = value,
            "--assets" => assets = value.into(),
            "--interval" => config.interval = Duration::from_secs(number(&value)?.max(1)),
            "--concurrency" => config.concurrency = number(&value)?.clamp(1, 1024) as usize,
            "--timeout-ms" => {
                config.timeout = Duration::from_millis(number(&value)?.clamp(100, 120_000))
            }
            "--token-file" => config.server_token = Some(token_file(&flag, &value)?),
            "--session-cookie" => config.session_cookie = value,
            "--state-file" => config.state_file = Some(value.into()),
            "--public-origin" => {
                let origin = value.trim_end_matches('/').to_owned();
                let parsed = webpos_version_guard::login::store_mode::web_origin(
                    &origin,
                    &webpos_version_guard::login::url_crate::UrlCrate,
                );
                if parsed.as_deref() != Some(origin.to_ascii_lowercase().as_str()) {
                    return Err(format!(
                        "--public-origin {origin:?} is not an origin (scheme://host[:port], no path)"
                    ));
                }
                config.public_origin = Some(origin);
            }
            "--max-connections" => limits.connections = number(&value)?.clamp(1, 65_536) as usize,
            "--metrics-token-file" => config.metrics_token = Some(token_file(&flag, &value)?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let central = central.ok_or("--central is required")?;
    url::Url::parse(&central).map_err(|e| format!("--central {central:?}: {e}"))?;
    config.central = central.trim_end_matches('/').to_owned();
    Ok(Args { config, listen, assets, limits })
}

/// A credential read from a file (trimmed); an empty one is refused.
fn token_file(flag: &str, path: &str) -> Result<String, String> {
    let token = std::fs::read_to_string(path).map_err(|e| format!("{flag} {path}: {e}"))?;
    let token = token.trim().to_owned();
    if token.is_empty() {
        return Err(format!("{flag} {path} is empty"));
    }
    Ok(token)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("openbravo-version-overview: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let collector = match Collector::new(args.config) {
        Ok(collector) => collector,
        Err(e) => {
            eprintln!("openbravo-version-overview: {e}");
            return ExitCode::FAILURE;
        }
    };
    collector.run_every_interval();
    let page = format!("/openbravo/{}", ADMIN_PAGE.trim_end_matches('/'));
    let app = openbravo_version_overview::api::router(collector, &page)
        .nest_service(&page, csp::with_policy(ServeDir::new(&args.assets)));
    let listener = match tokio::net::TcpListener::bind(&args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("openbravo-version-overview: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    println!("openbravo-version-overview: http://{}{page}/", args.listen);
    serve(listener, app, args.limits, "openbravo-version-overview").await;
    ExitCode::SUCCESS
}
