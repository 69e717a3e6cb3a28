//! `openbravo-version-agent`: the version guard's protocol from one Openbravo server's
//! database. `openbravo-version-agent routes` prints the routes for the proxy rules.

use std::process::ExitCode;

use openbravo_serve::serve;
use openbravo_version_agent::config::{parse, Command};
use openbravo_version_agent::service::{router, routes_text, Agent};

#[tokio::main]
async fn main() -> ExitCode {
    openbravo_serve::logging::init();
    let config = match parse(std::env::args_os()) {
        Ok(Command::Routes) => {
            print!("{}", routes_text());
            return ExitCode::SUCCESS;
        }
        Ok(Command::Conformance(target)) => {
            let report = openbravo_version_agent::conformance::check(&target).await;
            print!("{}", report.text());
            return if report.broken.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
        }
        Ok(Command::Serve(config)) => *config,
        // A usage error, --help or --version: printed where each belongs, with clap's status.
        Err(usage) => usage.exit(),
    };
    if config.password_on_command_line {
        tracing::warn!(
            "the database password is on the command line, where every local user sees it (ps); put the URL in a file readable by the agent alone and use --database-url-file"
        );
    }
    let (listen, limits) = (config.listen.clone(), config.limits);
    let agent = match Agent::start(config).await {
        Ok(agent) => agent,
        Err(why) => {
            tracing::error!("{why}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().map_or(listen, |a| a.to_string());
    // On standard output, as the address a command prints (a starting script waits for it).
    println!("openbravo-version-agent listening on http://{address}");
    // Served as the collector is: a bound on connections, a time limit on each one's headers.
    tokio::select! {
        () = serve(listener, router(agent), limits, "openbravo-version-agent") => ExitCode::FAILURE,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
