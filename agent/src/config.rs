//! What the agent is told: its database, where it listens, which server it is, and the
//! credentials it checks.

use std::time::Duration;

/// The agent's settings.
#[derive(Clone)]
pub struct Config {
    /// The server's PostgreSQL database (a URL or key=value string), for a read-only role.
    pub database_url: String,
    /// Where to listen, e.g. `127.0.0.1:8630`.
    pub listen: String,
    /// This server's key: its `MOBILE_SERVER_KEY` (`mobile.server.key` in Openbravo.properties).
    pub server_key: String,
    /// The server's own Openbravo base URL (e.g. `http://127.0.0.1:8080/openbravo`), whose
    /// `ContextInformation` tells whose session a cookie is; without it the session services
    /// answer 503 in words.
    pub openbravo: Option<String>,
    /// Central's credential, which a Recompute must carry (`Authorization: Bearer`); without it
    /// nobody may recompute.
    pub token: Option<String>,
    /// SymmetricDS's table prefix (`sym_`).
    pub symmetric_prefix: String,
    /// The Openbravo context path the services are below (`/openbravo`).
    pub context: String,
    /// The name of Openbravo's session cookie (`JSESSIONID`): the only cookie forwarded.
    pub session_cookie: String,
    /// The time limit of each read and of each request.
    pub timeout: Duration,
    /// More origins (or allowed-domain patterns) that may read the cross-origin services,
    /// besides the definitions' URLs and allowed domains (`--allow-origin`).
    pub extra_origins: Vec<String>,
    /// The hot-fix preference's property (a value of the Property Configuration list): the only
    /// property the agent tells (`--preference-property`, the module's own by default).
    pub preference_property: String,
    /// Connections served at once, each with a time limit on its request's headers.
    pub limits: openbravo_serve::ServeLimits,
    /// Whether the database URL was given on the command line with a password in it (then the
    /// agent warns: every local user sees it in `ps`).
    pub password_on_command_line: bool,
    /// Whether a database ahead of the running server goes unlogged (the simulator's thousands
    /// of in-memory servers; a real agent logs it).
    pub quiet: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The database URL may hold a password and the token is a credential: neither is shown.
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("server_key", &self.server_key)
            .field("openbravo", &self.openbravo)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("symmetric_prefix", &self.symmetric_prefix)
            .field("context", &self.context)
            .field("timeout", &self.timeout)
            .field("extra_origins", &self.extra_origins)
            .field("preference_property", &self.preference_property)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// The settings of an agent for `server_key` on `database_url`, every other one at its
    /// default (what the command line gives when it names none).
    pub fn new(database_url: String, server_key: String) -> Self {
        Self {
            database_url,
            listen: String::new(),
            server_key,
            openbravo: None,
            token: None,
            symmetric_prefix: "sym_".into(),
            context: "/openbravo".into(),
            session_cookie: "JSESSIONID".into(),
            timeout: Duration::from_millis(3000),
            extra_origins: Vec::new(),
            preference_property: webpos_version_guard::servers::protocol::PREFERENCE_PROPERTY
                .to_owned(),
            limits: openbravo_serve::ServeLimits::default(),
            password_on_command_line: false,
            quiet: false,
        }
    }
}

/// What the command line asks for.
pub enum Command {
    /// Serve.
    Serve(Box<Config>),
    /// Print the routes.
    Routes,
    /// Check a deployment's services against the protocol.
    Conformance(Box<crate::conformance::Target>),
}

/// The command line's usage.
pub const USAGE: &str = "\
usage: openbravo-version-agent --database-url-file FILE --listen ADDR --server-key KEY
                               [--openbravo URL] [--token-file FILE] [--symmetric-prefix sym_]
                               [--context /openbravo] [--session-cookie JSESSIONID] [--timeout-ms N]
                               [--allow-origin ORIGIN]... [--preference-property NAME]
                               [--max-connections N]
       openbravo-version-agent routes
       openbravo-version-agent conformance --central URL [--terminal KEY] [--max-stores N]
                                           [--timeout-ms N] [--java-paths] [--token-file FILE]

  --database-url-file F   a file holding the server's PostgreSQL database URL (or key=value
                          string) for a read-only role, password included: readable by the
                          agent alone (a password on the command line is seen by every local
                          user in ps)
  --database-url URL      the same on the command line, for a URL without a password (the
                          password then from PGPASSWORD)
  --listen ADDR           where to listen, e.g. 127.0.0.1:8630
  --server-key KEY        this server's MOBILE_SERVER_KEY (mobile.server.key)
  --openbravo URL         this server's Openbravo base URL, asked whose session a cookie is
  --token-file FILE       central's credential, which a Recompute must carry
  --symmetric-prefix P    SymmetricDS's table prefix (default sym_)
  --context PATH          Openbravo's context path (default /openbravo)
  --session-cookie NAME   Openbravo's session cookie (default JSESSIONID)
  --timeout-ms N          time limit of each read and request (default 3000)
  --allow-origin ORIGIN   also let ORIGIN read VersionInformation and StoreStatus across origins
                          (besides the server definitions' URLs and allowed domains)
  --preference-property P the hot-fix preference's property, the only one the agent tells
                          (default EXVG_IgnoreVersionCheck)
  --max-connections N     connections served at once (default 1024; each has 10 s to send its
                          headers)

`routes` prints each service's name and path below the server's base URL, for the proxy rules.
`conformance` asks every service of a deployment (central and its stores) what the guard and the
overview ask, and reports each answer that breaks the protocol; it exits 1 when one does.
--java-paths checks services under mobile core's service.jsonrest mount instead.";

fn conformance(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut target = crate::conformance::Target {
        central: String::new(),
        terminal: None,
        paths: Default::default(),
        max_stores: 50,
        timeout: Duration::from_millis(5000),
        token: None,
    };
    while let Some(flag) = args.next() {
        if flag == "--java-paths" {
            let java = webpos_version_guard::servers::protocol::Service::ALL
                .map(|s| (s.short_name(), s.jsonrest_path()));
            target.paths = webpos_version_guard::servers::protocol::ServicePaths::with_overrides(
                java.iter().map(|(name, path)| (*name, path.as_str())),
            )
            .0;
            continue;
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number =
            |v: &str| v.parse::<u64>().map_err(|_| format!("{flag}: {v:?} is not a number"));
        match flag.as_str() {
            "--central" => target.central = value.trim_end_matches('/').to_owned(),
            "--terminal" => target.terminal = Some(value),
            "--token-file" => {
                let token = std::fs::read_to_string(&value)
                    .map_err(|e| format!("--token-file {value}: {e}"))?;
                target.token = Some(token.trim().to_owned()).filter(|t| !t.is_empty());
            }
            "--max-stores" => target.max_stores = number(&value)?.clamp(1, 10_000) as usize,
            "--timeout-ms" => {
                target.timeout = Duration::from_millis(number(&value)?.clamp(100, 60_000))
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if target.central.is_empty() {
        return Err("conformance: --central is required".into());
    }
    Ok(Command::Conformance(Box::new(target)))
}

/// Parses the command line (without the program name).
pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut config = Config::new(String::new(), String::new());
    let mut first = true;
    while let Some(flag) = args.next() {
        if first && flag == "routes" {
            return Ok(Command::Routes);
        }
        if first && flag == "conformance" {
            return conformance(args);
        }
        first = false;
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--database-url" => {
                config.password_on_command_line = value
                    .parse::<tokio_postgres::Config>()
                    .is_ok_and(|c| c.get_password().is_some());
                config.database_url = value;
            }
            "--max-connections" => {
                let n: usize = value
                    .parse()
                    .map_err(|_| format!("--max-connections: {value:?} is not a number"))?;
                config.limits.connections = n.clamp(1, 65_536);
            }
            "--database-url-file" => {
                let url = std::fs::read_to_string(&value)
                    .map_err(|e| format!("--database-url-file {value}: {e}"))?;
                config.database_url = url.trim().to_owned();
                if config.database_url.is_empty() {
                    return Err(format!("--database-url-file {value} is empty"));
                }
            }
            "--preference-property" => {
                if value.is_empty()
                    || value.len() > 60
                    || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return Err(format!(
                        "--preference-property {value:?} is not a property name (letters, digits and _, at most 60)"
                    ));
                }
                config.preference_property = value;
            }
            "--listen" => config.listen = value,
            "--server-key" => config.server_key = value,
            "--openbravo" => config.openbravo = Some(value.trim_end_matches('/').to_owned()),
            "--token-file" => {
                let token = std::fs::read_to_string(&value)
                    .map_err(|e| format!("--token-file {value}: {e}"))?;
                let token = token.trim().to_owned();
                if token.is_empty() {
                    return Err(format!("--token-file {value} is empty"));
                }
                config.token = Some(token);
            }
            "--symmetric-prefix" => config.symmetric_prefix = value,
            "--context" => config.context = format!("/{}", value.trim_matches('/')),
            "--session-cookie" => config.session_cookie = value,
            "--allow-origin" => config.extra_origins.push(value),
            "--timeout-ms" => {
                let ms: u64 = value
                    .parse()
                    .map_err(|_| format!("--timeout-ms: {value:?} is not a number"))?;
                config.timeout = Duration::from_millis(ms.clamp(100, 60_000));
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    for (flag, value) in [
        ("--database-url-file (or --database-url)", &config.database_url),
        ("--listen", &config.listen),
        ("--server-key", &config.server_key),
    ] {
        if value.is_empty() {
            return Err(format!("{flag} is required"));
        }
    }
    if config.context == "/" {
        config.context = String::new();
    }
    Ok(Command::Serve(Box::new(config)))
}
