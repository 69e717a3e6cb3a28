//! Starts the real `openbravo-sim` binary on free ports and talks to it over HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use webpos_version_guard::servers::protocol::Service;

/// A running simulator, killed when dropped.
pub struct Sim {
    child: Child,
    /// The ready line's state.
    pub ready: Value,
    /// How long it took from spawn to the ready line.
    pub startup: Duration,
    /// Everything it printed before the ready line.
    pub banner: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl Sim {
    /// Starts the simulator on `scenario` with OS-chosen ports, from the repository root.
    pub fn start(scenario: &str) -> Sim {
        Self::start_with(scenario, &repo())
    }

    /// Starts it with another root folder.
    pub fn start_with(scenario: &str, root: &Path) -> Sim {
        Self::start_args(scenario, root, &[])
    }

    /// Starts it with more command-line arguments.
    pub fn start_args(scenario: &str, root: &Path, extra: &[&str]) -> Sim {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_openbravo-sim"))
            .args(["--scenario", scenario, "--central-port", "0", "--store-base-port", "0"])
            .args(["--server-token", SERVER_TOKEN])
            .arg("--root")
            .arg(root)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn openbravo-sim");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut banner = String::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(json) = line.strip_prefix("openbravo-sim ready ") {
                    let _ = tx.send(Ok((banner, json.to_owned())));
                    return;
                }
                banner.push_str(&line);
                banner.push('\n');
            }
            let _ = tx.send(Err(banner));
        });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Ok((banner, json))) => Sim {
                child,
                ready: serde_json::from_str(&json).expect("ready JSON"),
                startup: started.elapsed(),
                banner,
            },
            other => {
                let _ = child.kill();
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                panic!("simulator did not get ready: {other:?}; stderr: {err}");
            }
        }
    }

    /// Central's base URL (`http://127.0.0.1:N/openbravo`).
    pub fn central(&self) -> String {
        self.ready["central"].as_str().unwrap().to_owned()
    }

    /// Central's origin.
    pub fn central_origin(&self) -> String {
        self.central().trim_end_matches("/openbravo").to_owned()
    }

    /// A store's base URL from the current state (it may change after a scenario switch).
    pub async fn store(&self, key: &str) -> String {
        let state = self.state().await;
        state["stores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap_or_else(|| panic!("no store {key}"))["base"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `GET /__sim/state`.
    pub async fn state(&self) -> Value {
        client()
            .get(format!("{}/__sim/state", self.central_origin()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// `POST /__sim/...` with a JSON body; returns status and body.
    pub async fn control(&self, path: &str, body: Value) -> (u16, Value) {
        let r = client()
            .post(format!("{}/__sim/{path}", self.central_origin()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }
}

/// Central's credential to the stores in these tests (`--server-token`).
pub const SERVER_TOKEN: &str = "simulator-test-token";

/// A client that never uses a proxy and never follows redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A service's URL on a server.
pub fn url(base: &str, service: Service) -> String {
    format!("{base}/{}", service.path())
}

/// GET a service: status, headers and body bytes.
pub async fn get(base: &str, service: Service) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let r = client().get(url(base, service)).send().await.unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.bytes().await.unwrap().to_vec())
}

/// The pending count a `StoreStatus` answer gives, or why there is none (a failed answer, or
/// the store's `pendingError`).
#[allow(dead_code)]
pub fn pending_of(body: &[u8]) -> Result<u64, String> {
    webpos_version_guard::servers::json::parse_store_status(body)
        .and_then(|status| status.pending)
        .map_err(|e| e.to_string())
}
