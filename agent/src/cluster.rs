//! A throwaway PostgreSQL cluster in a temporary folder, for the agent's tests and benchmarks
//! (and an integrator's CI): Debian's `postgresql` server binaries
//! (`/usr/lib/postgresql/<version>/bin`), run as the unprivileged `postgres` user when the
//! caller is root, listening on a free loopback port, trusting local connections. Stopped and
//! removed when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running cluster.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
    as_postgres: bool,
}

/// The newest installed server's binaries.
fn bin_dir() -> Result<PathBuf, String> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path().join("bin"))).collect())
        .unwrap_or_default();
    versions.retain(|b| b.join("initdb").exists());
    versions.sort();
    versions.pop().ok_or_else(|| {
        "PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh, or apt-get install postgresql".to_owned()
    })
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

impl Cluster {
    /// Makes and starts a cluster whose superuser is `owner`.
    pub fn new() -> Result<Self, String> {
        let bin = bin_dir()?;
        let as_postgres = is_root();
        // Unique within the process too: tests make clusters side by side.
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let made = MADE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("agent-pg-{}-{made}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if as_postgres {
            let chowned =
                Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir).status();
            if !chowned.is_ok_and(|s| s.success()) {
                return Err(format!("cannot give {} to the postgres user", dir.display()));
            }
        }
        let cluster = Self { dir, bin, port: free_port()?, as_postgres };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &["-D", &data, "-U", "owner", "--auth=trust", "-E", "UTF8", "--no-sync"],
        )?;
        cluster.start_server()?;
        Ok(cluster)
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(tool);
        let output = if self.as_postgres {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&program).args(args).output()
        } else {
            Command::new(&program).args(args).output()
        }
        .map_err(|e| format!("{tool}: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} {args:?} failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// Starts the server (again).
    pub fn start_server(&self) -> Result<(), String> {
        let log = self.dir.join("log").to_string_lossy().into_owned();
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-o", &options, "-l", &log, "-w", "-t", "30", "start"],
        )
    }

    /// Stops the server, keeping the cluster.
    pub fn stop_server(&self) -> Result<(), String> {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"])
    }

    /// Makes `user` give its password over TCP (scram), as a real server's `pg_hba.conf` does;
    /// every other user is still trusted.
    pub fn require_password(&self, user: &str) -> Result<(), String> {
        let hba = self.dir.join("data").join("pg_hba.conf");
        let rules = std::fs::read_to_string(&hba).map_err(|e| format!("{}: {e}", hba.display()))?;
        let rules = format!("host all {user} 127.0.0.1/32 scram-sha-256\n{rules}");
        std::fs::write(&hba, rules).map_err(|e| format!("{}: {e}", hba.display()))?;
        self.run("pg_ctl", &["-D", &self.data(), "reload"])
    }

    /// A connection string for `user` on `database`.
    pub fn url(&self, user: &str, database: &str) -> String {
        format!("host=127.0.0.1 port={} user={user} dbname={database}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `sql` (one or more statements, in one implicit transaction) on `url`.
pub async fn execute(url: &str, sql: &str) -> Result<(), String> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| format!("connect {url}: {e}"))?;
    let task = tokio::spawn(connection);
    let done = client.batch_execute(sql).await.map_err(|e| match e.as_db_error() {
        Some(db) => format!("{}: {}", db.message(), sql.chars().take(200).collect::<String>()),
        None => e.to_string(),
    });
    drop(client);
    let _ = task.await;
    done
}
