//! `openbravo-sim`: a simulator of Openbravo central and store servers over real HTTP, each on
//! its own origin on 127.0.0.1, driven by scenario files, with injectable faults and a control
//! endpoint. It is what `npm start` runs the demo against and what every browser test talks to.

mod agents;
mod app;
mod canned;
mod config;
mod control;
mod envelope;
mod fault;
mod jsmin;
mod module;
mod pages;
mod postgres;
mod reload;
mod reset;
mod routes;
mod scenario;
mod services;
mod session;
mod state;
mod static_resources;
mod view;
mod world;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use config::Config;
use state::Sim;

/// `openbravo-sim`: Openbravo's central and store servers simulated over real HTTP.
#[derive(Parser, Debug)]
#[command(
    name = "openbravo-sim",
    version,
    about = "A simulator of Openbravo central and store servers over real HTTP, driven by scenario files.",
    after_help = "\
Prints the central WebPOS URL, a store-mode URL and the admin URL, then a last line
`openbravo-sim ready {json}` with the full state. Control endpoint: http://127.0.0.1:<central>/__sim/state"
)]
struct Args {
    /// A scenario name from scenarios/ or a JSON file
    #[arg(long, value_name = "NAME|FILE", default_value = "mixed")]
    scenario: String,
    /// Central's port (0 = any free port)
    #[arg(long, value_name = "N", default_value_t = 8610)]
    central_port: u16,
    /// Store i listens on N+i (0 = any free ports)
    #[arg(long, value_name = "N", default_value_t = 8611)]
    store_base_port: u16,
    /// The project folder holding scenarios/, www/ and pkg/ (default: the current folder if it
    /// has scenarios/, else the source tree)
    #[arg(long, value_name = "DIR", default_value_os_t = default_root())]
    root: PathBuf,
    /// Also let ORIGIN read version and pending services across origins (for test runners whose
    /// page is on its own origin; repeatable)
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// Seconds between two passes of central's overview collector
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    overview_interval: u64,
    /// The collector's time limit per store request, in milliseconds
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(100..=120_000))]
    overview_timeout_ms: u64,
    /// Central's credential to the stores (default: a new one at each start)
    #[arg(long, value_name = "TOKEN")]
    server_token: Option<String>,
    /// Route server KEY's module service paths (org.example.versionguard/…) to the
    /// openbravo-version-agent at URL, as a reverse proxy in front of Tomcat would (npm start --
    /// --postgres; repeatable)
    #[arg(long = "agent", value_name = "KEY=URL", value_parser = agent_route)]
    agents: Vec<(String, String)>,
    /// Serve the module file unpacked at DIR (its org.example.versionguard/ folder): its adapter,
    /// its package and its labels (AD_MESSAGE, and the Spanish translation module beside it), as
    /// an installed module is served
    #[arg(long, value_name = "DIR")]
    module: Option<PathBuf>,
    /// Serve the .wasm as application/octet-stream, as Tomcat before 9.0.37
    #[arg(long)]
    wasm_octet_stream: bool,
    /// Print each server's key and port, one a line, and exit (needs fixed ports)
    #[arg(long, conflicts_with = "postgres_sql")]
    postgres_servers: bool,
    /// Print the SQL rows of server KEY's Openbravo database and exit (needs fixed ports)
    #[arg(long, value_name = "KEY")]
    postgres_sql: Option<String>,
}

/// `KEY=URL`, the URL http(s), without a trailing slash.
fn agent_route(value: &str) -> Result<(String, String), String> {
    let (key, url) = value.split_once('=').ok_or("not KEY=URL")?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!("{url:?} is not an http(s) URL"));
    }
    Ok((key.to_owned(), url.trim_end_matches('/').to_owned()))
}

impl Args {
    /// What `--postgres-…` asks to print instead of serving.
    fn postgres(&self) -> Option<Postgres> {
        match (&self.postgres_sql, self.postgres_servers) {
            (Some(key), _) => Some(Postgres::Sql(key.clone())),
            (None, true) => Some(Postgres::Servers),
            (None, false) => None,
        }
    }
}

/// What `--postgres-…` prints instead of serving.
enum Postgres {
    /// Every server's key and port.
    Servers,
    /// One server's database rows.
    Sql(String),
}

/// Prints what `--postgres-…` asks for, from the scenario at fixed ports.
fn print_postgres(args: &Args, what: &Postgres) -> ExitCode {
    if args.central_port == 0 || args.store_base_port == 0 {
        tracing::error!("--postgres-servers and --postgres-sql need fixed ports");
        return ExitCode::from(2);
    }
    let source = scenario::source_for_arg(&args.scenario);
    let world = match world::world_at_ports(
        &source,
        &args.root.join("scenarios"),
        args.central_port,
        args.store_base_port,
    ) {
        Ok(world) => world,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match what {
        Postgres::Servers => {
            for server in std::iter::once(&world.central).chain(&world.stores) {
                println!("{} {}", server.key, server.port);
            }
            ExitCode::SUCCESS
        }
        Postgres::Sql(key) => match postgres::server_sql(&world, key) {
            Some(sql) => {
                print!("{sql}");
                ExitCode::SUCCESS
            }
            None => {
                tracing::error!("no server {key:?} in the scenario");
                ExitCode::FAILURE
            }
        },
    }
}

fn default_root() -> PathBuf {
    if Path::new("scenarios").is_dir() {
        PathBuf::from(".")
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    openbravo_serve::logging::init();
    // A usage error, --help or --version: printed where each belongs, with clap's status.
    let args = Args::parse();
    if let Some(what) = args.postgres() {
        return print_postgres(&args, &what);
    }
    let pos_dir = args.root.join("www/pos");
    let module = match args.module.as_deref().map(module::load).transpose() {
        Ok(module) => module,
        Err(e) => {
            tracing::error!("--module: {e}");
            return ExitCode::FAILURE;
        }
    };
    let static_resources = match static_resources::StaticResources::build(&pos_dir, module.as_ref())
    {
        Ok(resources) => std::sync::Arc::new(resources),
        Err(e) => {
            tracing::error!("the WebPOS's static resources: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = Config {
        central_port: args.central_port,
        store_base_port: args.store_base_port,
        scenarios_dir: args.root.join("scenarios"),
        pos_dir,
        admin_dir: args.root.join("www/admin"),
        pkg_dir: module.as_ref().map_or_else(|| args.root.join("pkg"), |m| m.pkg_dir.clone()),
        wasm_octet_stream: args.wasm_octet_stream,
        extra_origins: args.allow_origins,
        static_resources,
        overview_interval: std::time::Duration::from_secs(args.overview_interval),
        server_token: args.server_token,
        overview_timeout: std::time::Duration::from_millis(args.overview_timeout_ms),
        agents: args.agents.into_iter().collect(),
    };
    if !config.pkg_dir.join("webpos_version_guard.js").is_file() {
        tracing::warn!(
            "{} has no built guard yet; run scripts/build-wasm.sh (npm start does)",
            config.pkg_dir.display()
        );
    }
    let source = scenario::source_for_arg(&args.scenario);
    let sim = match Sim::start(config, source, routes::router).await {
        Ok(sim) => sim,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let view = sim.view();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "openbravo-sim: scenario {:?} with {} store server(s)",
        view.scenario,
        view.stores.len()
    );
    if let Some(url) = &view.pos_url {
        let _ = writeln!(out, "  WebPOS from central: {url}");
    }
    if let Some(url) = &view.store_mode_url {
        let _ = writeln!(out, "  store-mode URL:      {url}");
    }
    let _ = writeln!(out, "  admin overview:      {}", view.admin_url);
    let _ = writeln!(out, "  control endpoint:    {}/__sim/state", world::origin(sim.central_port));
    let _ =
        writeln!(out, "openbravo-sim ready {}", serde_json::to_string(&view).unwrap_or_default());
    let _ = out.flush();
    drop(out);

    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("openbravo-sim").chain(args.iter().copied()))
    }

    #[test]
    fn defaults_and_flags() {
        let a = parse(&[]).unwrap();
        assert_eq!((a.scenario.as_str(), a.central_port, a.store_base_port), ("mixed", 8610, 8611));
        let a =
            parse(&["--scenario", "same-version", "--central-port=0", "--store-base-port", "9000"])
                .unwrap();
        assert_eq!(
            (a.scenario.as_str(), a.central_port, a.store_base_port),
            ("same-version", 0, 9000)
        );
        let a =
            parse(&["--agent", "store1=http://127.0.0.1:9/", "--postgres-sql", "store1"]).unwrap();
        assert_eq!(a.agents, [("store1".to_owned(), "http://127.0.0.1:9".to_owned())]);
        assert!(matches!(a.postgres(), Some(Postgres::Sql(key)) if key == "store1"));
    }

    #[test]
    fn bad_arguments_are_named() {
        // The flag and the value that is wrong, and why, in clap's words.
        let said = |args: &[&str]| parse(args).err().unwrap();
        let e = said(&["--central-port", "70000"]);
        assert_eq!(e.kind(), ErrorKind::ValueValidation);
        assert!(e.to_string().contains("'70000' for '--central-port <N>'"), "{e}");
        let e = said(&["--agent", "store1=ftp://x"]);
        assert!(e.to_string().contains("\"ftp://x\" is not an http(s) URL"), "{e}");
        assert_eq!(said(&["--overview-timeout-ms", "50"]).kind(), ErrorKind::ValueValidation);
        assert_eq!(said(&["--overview-interval", "0"]).kind(), ErrorKind::ValueValidation);
        assert_eq!(said(&["--scenario"]).kind(), ErrorKind::InvalidValue);
        assert_eq!(said(&["--bogus"]).kind(), ErrorKind::UnknownArgument);
        assert_eq!(said(&["--help"]).kind(), ErrorKind::DisplayHelp);
        assert_eq!(said(&["--version"]).kind(), ErrorKind::DisplayVersion);
    }
}
