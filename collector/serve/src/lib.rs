//! How the agent's and the collector's binaries serve HTTP, the one server setup of both: at
//! most a number of connections at once (the others wait in the listen queue), each with a time
//! limit on reading a request's headers (a client that trickles them is dropped: no slowloris),
//! HTTP/1.1 (the overview page's stream is one long answer). The simulator mounts the same
//! routers behind its own listeners. How the three binaries log is here too ([`logging`]), how
//! the agent and the collector read a secret from a file ([`secret`]), and how both limit what a
//! caller may make them do ([`rate`]: the admins' actions, the tills' reports).

pub mod logging;
pub mod rate;
pub mod secret;

use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The serving limits.
#[derive(Clone, Copy, Debug)]
pub struct ServeLimits {
    /// Connections served at once.
    pub connections: usize,
    /// The time a client has to send a request's headers.
    pub header_read: Duration,
}

impl Default for ServeLimits {
    fn default() -> Self {
        Self { connections: 1024, header_read: Duration::from_secs(10) }
    }
}

/// Serves `app` on `listener` with `limits`, for as long as the listener accepts; `program`
/// names the server in what it logs.
pub async fn serve(listener: TcpListener, app: axum::Router, limits: ServeLimits, program: &str) {
    let permits = Arc::new(Semaphore::new(limits.connections.max(1)));
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else { return };
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, for instance: wait a little instead of spinning.
                tracing::error!("{program}: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
        });
    }
}
