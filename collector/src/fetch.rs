//! The collector's HTTP client (reqwest): every request with a time limit, a size cap read as
//! the body arrives, and no redirects (a store that redirects is answering something else).
//! Central's credential goes only with a Recompute and a `TillReports` fetch to a store, and
//! with Version Check Preferences and Reload Status to central ([`Fetcher::send_credential`], to
//! a server's base URL only): never with the anonymous `StoreStatus` (often plain HTTP on a
//! shop's network) nor to central's `SessionInfo`.

use std::time::Duration;

pub use reqwest::Method;
use reqwest::{header, redirect, Client};
use webpos_version_guard::base::limits::MAX_BODY_BYTES;
use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::overview::pass::base_url_problem;
use webpos_version_guard::servers::failure::Failure;

/// Makes the collector's requests.
#[derive(Clone)]
pub struct Fetcher {
    client: Client,
    token: Option<String>,
    timeout: Duration,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credential is never shown.
        f.debug_struct("Fetcher")
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// A client with `timeout` per request, holding `token` as central's credential for
    /// Recompute; an error in words when no such client can be made (never a weaker one).
    pub fn new(timeout: Duration, token: Option<String>) -> Result<Self, String> {
        // No proxy from the environment: central reaches its stores directly, as its own
        // server-to-server calls do.
        let client = Client::builder()
            .no_proxy()
            .redirect(redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            // A store is asked once per pass, a minute apart: an idle connection kept to each
            // of 10,000 stores would only hold 10,000 sockets.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| format!("the collector's HTTP client could not be made: {e}"))?;
        Ok(Self { client, token, timeout })
    }

    /// `GET url`, anonymous: the body of a 2xx answer, or why there is none.
    pub async fn get(&self, url: &str) -> Result<Vec<u8>, Failure> {
        success(self.send(Method::GET, url, &[], false).await?)
    }

    /// `GET url`, anonymous: the body of a 2xx answer and its header `name` (when there and
    /// readable), or why there is none (a store's `StoreStatus` and which tills' reports its
    /// agent holds).
    pub async fn get_with_header(
        &self,
        url: &str,
        name: &str,
    ) -> Result<(Vec<u8>, Option<String>), Failure> {
        let (status, body, value) =
            self.send_keeping(Method::GET, url, &[], false, Some(name)).await?;
        success((status, body)).map(|body| (body, value))
    }

    /// `method` on `path` of the server whose base URL is `base`, with central's credential and
    /// `headers` (Recompute to a store; Version Check Preferences to central). The credential
    /// goes only to a server's base URL by the rule the pass asks stores by
    /// (`overview::pass::base_url_problem`), checked here, as it is sent: any other target is
    /// refused with nothing sent (a definition's `http://host/steal?` would take the service's
    /// path into its query).
    pub async fn send_credential(
        &self,
        method: Method,
        base: &str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<Vec<u8>, Failure> {
        if let Some(problem) = base_url_problem(base, &UrlCrate) {
            return Err(Failure::NotAsked(problem));
        }
        let url = format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'));
        success(self.send(method, &url, headers, true).await?)
    }

    /// `GET url` with `headers` and no credential: the HTTP status and the body, whatever the
    /// status.
    pub async fn get_any(
        &self,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<(u16, Vec<u8>), Failure> {
        self.send(Method::GET, url, headers, false).await
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        credential: bool,
    ) -> Result<(u16, Vec<u8>), Failure> {
        let (status, body, _) = self.send_keeping(method, url, headers, credential, None).await?;
        Ok((status, body))
    }

    async fn send_keeping(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        credential: bool,
        keep: Option<&str>,
    ) -> Result<(u16, Vec<u8>, Option<String>), Failure> {
        let mut request = self.client.request(method, url);
        if let Some(token) = self.token.as_ref().filter(|_| credential) {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let failure = |e: reqwest::Error| failure(&e, self.timeout);
        let mut response = request.send().await.map_err(failure)?;
        let status = response.status();
        if status.is_redirection() {
            let to = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
            return Err(Failure::Redirect {
                status: Some(status.as_u16()),
                to: to.map(str::to_owned),
            });
        }
        let kept = keep
            .and_then(|name| response.headers().get(name))
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.len() <= 64)
            .map(str::to_owned);
        let limit = MAX_BODY_BYTES as u64;
        if let Some(len) = response.content_length().filter(|&len| len > limit) {
            return Err(Failure::TooLarge { limit, declared: Some(len) });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Failure::TooLarge { limit, declared: None });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status.as_u16(), body, kept))
    }
}

/// The body of a 2xx answer; any other status as an error, with the server's own words when
/// it answered mobile core's error envelope (e.g. a store's agent that cannot read its
/// database).
fn success((status, body): (u16, Vec<u8>)) -> Result<Vec<u8>, Failure> {
    match status {
        200..=299 => Ok(body),
        _ => Err(Failure::from_status(status, &body)),
    }
}

/// A reqwest error as a failure: what an admin needs to tell a time-out from a refusal.
fn failure(error: &reqwest::Error, timeout: Duration) -> Failure {
    if error.is_timeout() {
        Failure::TimedOut(timeout.as_millis() as u64)
    } else if error.is_connect() {
        Failure::CouldNotConnect
    } else if error.is_body() || error.is_decode() {
        Failure::Broken(None)
    } else {
        Failure::Network(error.to_string())
    }
}
