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

use config::Config;
use state::Sim;

const USAGE: &str = "\
usage: openbravo-sim [--scenario NAME|FILE] [--central-port N] [--store-base-port N] [--root DIR]
                     [--allow-origin ORIGIN]... [--overview-interval SECONDS]
                     [--overview-timeout-ms N] [--server-token TOKEN] [--agent KEY=URL]...
                     [--module DIR] [--wasm-octet-stream]
       openbravo-sim [--scenario NAME|FILE] --central-port N --store-base-port N
                     (--postgres-servers | --postgres-sql KEY)

  --scenario NAME|FILE   a scenario name from scenarios/ or a JSON file (default: mixed)
  --central-port N       central's port (default 8610; 0 = any free port)
  --store-base-port N    store i listens on N+i (default 8611; 0 = any free ports)
  --root DIR             the project folder holding scenarios/, www/ and pkg/
                         (default: the current folder if it has scenarios/, else the source tree)
  --allow-origin ORIGIN  also let ORIGIN read version and pending services across origins
                         (for test runners whose page is on its own origin; repeatable)
  --overview-interval S  time between two passes of central's overview collector (default 60)
  --overview-timeout-ms N  the collector's time limit per store request (default 5000)
  --server-token TOKEN   central's credential to the stores (default: a new one at each start)
  --agent KEY=URL        route server KEY's module service paths (org.example.versionguard/…)
                         to the openbravo-version-agent at URL, as a reverse proxy in front of
                         Tomcat would (npm start -- --postgres; repeatable)
  --module DIR           serve the module file unpacked at DIR (its org.example.versionguard/
                         folder): its adapter, its package and its labels (AD_MESSAGE, and the
                         Spanish translation module beside it), as an installed module is served
  --wasm-octet-stream    serve the .wasm as application/octet-stream, as Tomcat before 9.0.37
  --postgres-servers     print each server's key and port, one a line, and exit
  --postgres-sql KEY     print the SQL rows of server KEY's Openbravo database and exit

Prints the central WebPOS URL, a store-mode URL and the admin URL, then a last line
`openbravo-sim ready {json}` with the full state. Control endpoint: http://127.0.0.1:<central>/__sim/state";

struct Args {
    agents: std::collections::BTreeMap<String, String>,
    postgres: Option<Postgres>,
    allow_origins: Vec<String>,
    overview_interval: u64,
    overview_timeout_ms: u64,
    server_token: Option<String>,
    scenario: String,
    central_port: u16,
    store_base_port: u16,
    root: PathBuf,
    module: Option<PathBuf>,
    wasm_octet_stream: bool,
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
        eprintln!("openbravo-sim: --postgres-servers and --postgres-sql need fixed ports");
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
            eprintln!("openbravo-sim: {e}");
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
                eprintln!("openbravo-sim: no server {key:?} in the scenario");
                ExitCode::FAILURE
            }
        },
    }
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = Args {
        agents: Default::default(),
        postgres: None,
        allow_origins: Vec::new(),
        overview_interval: 60,
        overview_timeout_ms: 5000,
        server_token: None,
        scenario: "mixed".into(),
        central_port: 8610,
        store_base_port: 8611,
        root: default_root(),
        module: None,
        wasm_octet_stream: false,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value =
            || inline.clone().or_else(|| args.next()).ok_or(format!("{flag} needs a value"));
        let port = |v: String| {
            v.parse::<u16>().map_err(|_| format!("{flag}: {v:?} is not a port (0-65535)"))
        };
        match flag.as_str() {
            "--scenario" => out.scenario = value()?,
            "--central-port" => out.central_port = port(value()?)?,
            "--store-base-port" => out.store_base_port = port(value()?)?,
            "--root" => out.root = PathBuf::from(value()?),
            "--allow-origin" => out.allow_origins.push(value()?),
            "--agent" => {
                let v = value()?;
                let (key, url) =
                    v.split_once('=').ok_or(format!("--agent: {v:?} is not KEY=URL"))?;
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(format!("--agent: {url:?} is not an http(s) URL"));
                }
                out.agents.insert(key.to_owned(), url.trim_end_matches('/').to_owned());
            }
            "--postgres-servers" => out.postgres = Some(Postgres::Servers),
            "--postgres-sql" => out.postgres = Some(Postgres::Sql(value()?)),
            "--server-token" => out.server_token = Some(value()?),
            "--module" => out.module = Some(PathBuf::from(value()?)),
            "--wasm-octet-stream" => out.wasm_octet_stream = true,
            "--overview-timeout-ms" => {
                let v = value()?;
                out.overview_timeout_ms = v
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| (100..=120_000).contains(ms))
                    .ok_or(format!("--overview-timeout-ms: {v:?} is not 100 to 120000"))?;
            }
            "--overview-interval" => {
                let v = value()?;
                out.overview_interval = v
                    .parse::<u64>()
                    .ok()
                    .filter(|&s| s > 0)
                    .ok_or(format!("--overview-interval: {v:?} is not a number of seconds"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(out)
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
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("openbravo-sim: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(what) = &args.postgres {
        return print_postgres(&args, what);
    }
    let pos_dir = args.root.join("www/pos");
    let module = match args.module.as_deref().map(module::load).transpose() {
        Ok(module) => module,
        Err(e) => {
            eprintln!("openbravo-sim: --module: {e}");
            return ExitCode::FAILURE;
        }
    };
    let static_resources = match static_resources::StaticResources::build(&pos_dir, module.as_ref())
    {
        Ok(resources) => std::sync::Arc::new(resources),
        Err(e) => {
            eprintln!("openbravo-sim: the WebPOS's static resources: {e}");
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
        agents: args.agents,
    };
    if !config.pkg_dir.join("webpos_version_guard.js").is_file() {
        eprintln!(
            "openbravo-sim: note: {} has no built guard yet; run scripts/build-wasm.sh (npm start does)",
            config.pkg_dir.display()
        );
    }
    let source = scenario::source_for_arg(&args.scenario);
    let sim = match Sim::start(config, source, routes::router).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("openbravo-sim: {e}");
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

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(|s| s.to_string()))
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
    }

    #[test]
    fn bad_arguments_are_named() {
        assert_eq!(
            parse(&["--central-port", "70000"]).err().unwrap(),
            "--central-port: \"70000\" is not a port (0-65535)"
        );
        assert_eq!(parse(&["--scenario"]).err().unwrap(), "--scenario needs a value");
        assert_eq!(parse(&["--bogus"]).err().unwrap(), "unknown argument \"--bogus\"");
        assert_eq!(parse(&["--help"]).err().unwrap(), "");
    }
}
