//! What the agent is told: its database, where it listens, which server it is, and the
//! credentials it checks.

use std::path::PathBuf;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{ArgGroup, CommandFactory, FromArgMatches, Parser};
use openbravo_serve::secret::{required_secret_file, secret_file};
use webpos_version_guard::servers::protocol::{Service, ServicePaths, PREFERENCE_PROPERTY};

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
            preference_property: PREFERENCE_PROPERTY.to_owned(),
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

/// The environment variables' prefix: `--server-key` is also `OPENBRAVO_VERSION_AGENT_SERVER_KEY`
/// (the package's `/etc/openbravo-version-agent/agent.conf` sets them).
macro_rules! env_name {
    ($name:literal) => {
        concat!("OPENBRAVO_VERSION_AGENT_", $name)
    };
}

/// `openbravo-version-agent`: serves the version guard's protocol from this server's database.
#[derive(Parser, Debug)]
#[command(
    name = "openbravo-version-agent",
    version,
    about = "The version guard's protocol from this Openbravo server's database, read-only.",
    group(ArgGroup::new("database").required(true).args(["database_url_file", "database_url"])),
    after_help = "\
Every setting is also an environment variable, named after its flag: --server-key is
OPENBRAVO_VERSION_AGENT_SERVER_KEY (the package's agent.conf sets them); a flag wins.

Commands:
  openbravo-version-agent routes       each service's name and path below the server's base
                                       URL, for the proxy rules
  openbravo-version-agent conformance  ask every service of a deployment (central and its
                                       stores) what the guard and the overview ask, and report
                                       each answer that breaks the protocol (--help for more)"
)]
struct ServeArgs {
    /// A file holding the server's PostgreSQL database URL (or key=value string) for a
    /// read-only role, password included: readable by the agent alone (a password on the command
    /// line is seen by every local user in ps)
    #[arg(long, value_name = "FILE", env = env_name!("DATABASE_URL_FILE"))]
    database_url_file: Option<PathBuf>,
    /// The same on the command line, for a URL without a password (the password then from
    /// PGPASSWORD)
    #[arg(long, value_name = "URL", env = env_name!("DATABASE_URL"), hide_env_values = true)]
    database_url: Option<String>,
    /// Where to listen, e.g. 127.0.0.1:8630
    #[arg(long, value_name = "ADDR", env = env_name!("LISTEN"))]
    listen: String,
    /// This server's MOBILE_SERVER_KEY (mobile.server.key)
    #[arg(long, value_name = "KEY", env = env_name!("SERVER_KEY"))]
    server_key: String,
    /// This server's Openbravo base URL, asked whose session a cookie is
    #[arg(long, value_name = "URL", env = env_name!("OPENBRAVO"))]
    openbravo: Option<String>,
    /// Central's credential, which a Recompute must carry
    #[arg(long, value_name = "FILE", env = env_name!("TOKEN_FILE"))]
    token_file: Option<PathBuf>,
    /// SymmetricDS's table prefix
    #[arg(long, value_name = "P", default_value = "sym_", env = env_name!("SYMMETRIC_PREFIX"))]
    symmetric_prefix: String,
    /// Openbravo's context path
    #[arg(long, value_name = "PATH", default_value = "/openbravo", env = env_name!("CONTEXT"))]
    context: String,
    /// Openbravo's session cookie
    #[arg(long, value_name = "NAME", default_value = "JSESSIONID", env = env_name!("SESSION_COOKIE"))]
    session_cookie: String,
    /// Time limit of each read and request, in milliseconds (100 to 60000)
    #[arg(long, value_name = "N", default_value_t = 3000, env = env_name!("TIMEOUT_MS"))]
    timeout_ms: u64,
    /// Also let ORIGIN read VersionInformation and StoreStatus across origins (besides the
    /// server definitions' URLs and allowed domains; repeatable)
    #[arg(long, value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// The hot-fix preference's property, the only one the agent tells
    #[arg(
        long,
        value_name = "NAME",
        default_value = PREFERENCE_PROPERTY,
        value_parser = property_name,
        env = env_name!("PREFERENCE_PROPERTY")
    )]
    preference_property: String,
    /// Connections served at once (1 to 65536; each has 10 s to send its headers)
    #[arg(long, value_name = "N", default_value_t = 1024, env = env_name!("MAX_CONNECTIONS"))]
    max_connections: usize,
}

/// `openbravo-version-agent conformance`: checks a deployment's services against the protocol.
#[derive(Parser, Debug)]
#[command(
    name = "openbravo-version-agent conformance",
    version,
    about = "Asks every service of a deployment (central and its stores) what the guard and the \
             overview ask, and reports each answer that breaks the protocol; exits 1 when one does."
)]
struct ConformanceArgs {
    /// Central's base URL, e.g. https://central.example/openbravo
    #[arg(long, value_name = "URL")]
    central: String,
    /// A terminal's key, to check its store server's services too
    #[arg(long, value_name = "KEY")]
    terminal: Option<String>,
    /// The most stores asked (1 to 10000)
    #[arg(long, value_name = "N", default_value_t = 50)]
    max_stores: u64,
    /// Time limit of each request, in milliseconds (100 to 60000)
    #[arg(long, value_name = "N", default_value_t = 5000)]
    timeout_ms: u64,
    /// Check the services under mobile core's service.jsonrest mount instead
    #[arg(long)]
    java_paths: bool,
    /// Central's credential (for the stores' VersionCheckPreferences)
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
}

/// `openbravo-version-agent routes`: prints the routes for the proxy rules.
#[derive(Parser, Debug)]
#[command(
    name = "openbravo-version-agent routes",
    version,
    about = "Prints each service's name and path below the server's base URL, for the proxy rules."
)]
struct RoutesArgs {}

/// A property name as Openbravo's Property Configuration list holds one.
fn property_name(value: &str) -> Result<String, String> {
    if value.is_empty()
        || value.len() > 60
        || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err("not a property name (letters, digits and _, at most 60)".into());
    }
    Ok(value.to_owned())
}

/// Parses the command line (with the program's name first): a usage error, `--help` and
/// `--version` come back as clap's error, which `exit()` prints where it belongs (help and
/// version to standard output with status 0, an error to standard error with status 2).
pub fn parse(
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
) -> Result<Command, clap::Error> {
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    match args.get(1).and_then(|a| a.to_str()) {
        Some("routes") => {
            RoutesArgs::try_parse_from(&args[1..])?;
            Ok(Command::Routes)
        }
        Some("conformance") => conformance(&args[1..]),
        _ => serve(&args),
    }
}

fn conformance(args: &[std::ffi::OsString]) -> Result<Command, clap::Error> {
    let parsed = ConformanceArgs::try_parse_from(args)?;
    let error = |why: String| ConformanceArgs::command().error(ErrorKind::ValueValidation, why);
    let mut paths = Default::default();
    if parsed.java_paths {
        let java = Service::ALL.map(|s| (s.short_name(), s.jsonrest_path()));
        paths =
            ServicePaths::with_overrides(java.iter().map(|(name, path)| (*name, path.as_str()))).0;
    }
    let token = match &parsed.token_file {
        Some(path) => secret_file("--token-file", path).map_err(error)?,
        None => None,
    };
    Ok(Command::Conformance(Box::new(crate::conformance::Target {
        central: parsed.central.trim_end_matches('/').to_owned(),
        terminal: parsed.terminal,
        paths,
        max_stores: parsed.max_stores.clamp(1, 10_000) as usize,
        timeout: Duration::from_millis(parsed.timeout_ms.clamp(100, 60_000)),
        token,
    })))
}

fn serve(args: &[std::ffi::OsString]) -> Result<Command, clap::Error> {
    let matches = ServeArgs::command().try_get_matches_from(args)?;
    let parsed = ServeArgs::from_arg_matches(&matches)?;
    let error = |why: String| ServeArgs::command().error(ErrorKind::ValueValidation, why);
    let mut config = Config::new(String::new(), parsed.server_key);
    if let Some(url) = parsed.database_url {
        // Only the command line is seen by every local user; the environment is the agent's.
        config.password_on_command_line = matches.value_source("database_url")
            == Some(ValueSource::CommandLine)
            && url.parse::<tokio_postgres::Config>().is_ok_and(|c| c.get_password().is_some());
        config.database_url = url;
    }
    if let Some(path) = &parsed.database_url_file {
        config.database_url = required_secret_file("--database-url-file", path).map_err(error)?;
    }
    if let Some(path) = &parsed.token_file {
        config.token = Some(required_secret_file("--token-file", path).map_err(error)?);
    }
    config.listen = parsed.listen;
    config.openbravo = parsed.openbravo.map(|url| url.trim_end_matches('/').to_owned());
    config.symmetric_prefix = parsed.symmetric_prefix;
    config.context = match parsed.context.trim_matches('/') {
        "" => String::new(),
        path => format!("/{path}"),
    };
    config.session_cookie = parsed.session_cookie;
    config.timeout = Duration::from_millis(parsed.timeout_ms.clamp(100, 60_000));
    config.extra_origins = parsed.allow_origin;
    config.preference_property = parsed.preference_property;
    config.limits.connections = parsed.max_connections.clamp(1, 65_536);
    for (flag, env, value) in [
        ("--listen", env_name!("LISTEN"), &config.listen),
        ("--server-key", env_name!("SERVER_KEY"), &config.server_key),
    ] {
        if value.is_empty() {
            return Err(error(format!("{flag} ({env}) is empty")));
        }
    }
    Ok(Command::Serve(Box::new(config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, clap::Error> {
        super::parse(std::iter::once("openbravo-version-agent").chain(args.iter().copied()))
    }

    fn config(args: &[&str]) -> Config {
        match parse(args) {
            Ok(Command::Serve(config)) => *config,
            Ok(_) => panic!("not serve"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn flags_keep_their_names_defaults_and_bounds() {
        let c =
            config(&["--database-url", "host=db", "--listen", "127.0.0.1:1", "--server-key", "s1"]);
        assert_eq!((c.listen.as_str(), c.server_key.as_str()), ("127.0.0.1:1", "s1"));
        assert_eq!((c.context.as_str(), c.symmetric_prefix.as_str()), ("/openbravo", "sym_"));
        assert_eq!((c.timeout, c.limits.connections), (Duration::from_millis(3000), 1024));
        assert_eq!(c.preference_property, PREFERENCE_PROPERTY);
        assert!(!c.password_on_command_line);
        let c = config(&[
            "--database-url=host=db password=x",
            "--listen=127.0.0.1:1",
            "--server-key=s1",
            "--context",
            "/",
            "--timeout-ms",
            "5",
            "--max-connections",
            "0",
            "--allow-origin",
            "https://a.example",
            "--allow-origin",
            "https://b.example",
            "--openbravo",
            "http://127.0.0.1:8080/openbravo/",
        ]);
        assert_eq!((c.context.as_str(), c.timeout), ("", Duration::from_millis(100)));
        assert_eq!(c.limits.connections, 1);
        assert_eq!(c.extra_origins, ["https://a.example", "https://b.example"]);
        assert_eq!(c.openbravo.as_deref(), Some("http://127.0.0.1:8080/openbravo"));
        assert!(c.password_on_command_line);
    }

    /// The words of the usage error of serving with `extra` besides the required settings.
    fn refused_with(extra: &[&str]) -> String {
        let required = ["--database-url", "x", "--listen", "a:1", "--server-key", "s"];
        let args: Vec<&str> = required.iter().chain(extra).copied().collect();
        parse(&args).err().unwrap().to_string()
    }

    #[test]
    fn usage_errors_name_the_flag() {
        let kind = |args: &[&str]| parse(args).err().map(|e| e.kind());
        assert_eq!(
            kind(&["--listen", "a:1", "--server-key", "s"]),
            Some(ErrorKind::MissingRequiredArgument)
        );
        assert_eq!(
            kind(&[
                "--database-url",
                "x",
                "--database-url-file",
                "/f",
                "--listen",
                "a:1",
                "--server-key",
                "s"
            ]),
            Some(ErrorKind::ArgumentConflict)
        );
        let said = refused_with(&["--preference-property", "a b"]);
        assert!(
            said.contains("--preference-property") && said.contains("not a property name"),
            "{said}"
        );
        let said = refused_with(&["--timeout-ms", "soon"]);
        assert!(said.contains("--timeout-ms") && said.contains("soon"), "{said}");
        assert_eq!(kind(&["--bogus"]), Some(ErrorKind::UnknownArgument));
        assert_eq!(kind(&["--help"]), Some(ErrorKind::DisplayHelp));
        assert_eq!(kind(&["--version"]), Some(ErrorKind::DisplayVersion));
        assert_eq!(kind(&["conformance", "--help"]), Some(ErrorKind::DisplayHelp));
        assert_eq!(kind(&["conformance"]), Some(ErrorKind::MissingRequiredArgument));
        assert!(matches!(parse(&["routes"]), Ok(Command::Routes)));
        let said = parse(&[
            "--database-url-file",
            "/no/such/file",
            "--listen",
            "a:1",
            "--server-key",
            "s",
        ])
        .err()
        .unwrap()
        .to_string();
        assert!(said.contains("--database-url-file /no/such/file"), "{said}");
    }

    #[test]
    fn conformance_reads_its_flags() {
        let Ok(Command::Conformance(target)) = parse(&[
            "conformance",
            "--central",
            "http://c.example/openbravo/",
            "--max-stores",
            "0",
            "--java-paths",
        ]) else {
            panic!("not conformance")
        };
        assert_eq!(target.central, "http://c.example/openbravo");
        assert_eq!((target.max_stores, target.timeout), (1, Duration::from_millis(5000)));
        assert_ne!(target.paths, ServicePaths::default());
    }
}
