//! Whose a session is, as Openbravo itself says: mobile core's `ContextInformation` service
//! (`org.openbravo.mobile.core.login.ContextInformation`), asked on the server's own Openbravo
//! with the session cookie only (nothing else the visitor sent goes there).

use axum::http::header;

use crate::source::{BoxFuture, ContextError, SessionContext, Sessions};

/// `ContextInformation` on the server's Openbravo (`--openbravo URL`).
pub struct OpenbravoSessions {
    /// The service's URL.
    url: String,
    /// The session cookie's name (`JSESSIONID`).
    cookie: String,
    http: reqwest::Client,
}

impl OpenbravoSessions {
    /// Asks the Openbravo at `base` (its base URL, e.g. `http://127.0.0.1:8080/openbravo`)
    /// through `http`, with the cookie `cookie`.
    pub fn new(base: &str, cookie: &str, http: reqwest::Client) -> Self {
        let url = format!(
            "{}/org.openbravo.mobile.core.service.jsonrest/org.openbravo.mobile.core.login.ContextInformation",
            base.trim_end_matches('/')
        );
        Self { url, cookie: cookie.to_owned(), http }
    }

    async fn ask(&self, id: &str) -> Result<SessionContext, ContextError> {
        let unavailable = |why: String| ContextError::Unavailable(why);
        let response = self
            .http
            .post(&self.url)
            .header(header::COOKIE, format!("{}={id}", self.cookie))
            .header(header::CONTENT_TYPE, "application/json")
            .body("{}")
            .send()
            .await
            .map_err(|e| {
                // Logged with its URL for the admin; answered without it (Tomcat's internal
                // address is nobody's business outside).
                tracing::warn!("Openbravo's ContextInformation did not answer: {e}");
                let how = if e.is_timeout() {
                    "in time"
                } else if e.is_connect() {
                    "(it could not be reached)"
                } else {
                    "(the connection failed)"
                };
                unavailable(format!("Openbravo did not answer whose session this is {how}"))
            })?;
        if response.status() == reqwest::StatusCode::UNAUTHORIZED {
            return Err(ContextError::NotLoggedIn);
        }
        if !response.status().is_success() {
            let why = format!("Openbravo's ContextInformation answered HTTP {}", response.status());
            return Err(unavailable(why));
        }
        let body = response.bytes().await.map_err(|e| {
            unavailable(format!(
                "Openbravo's answer on whose session this is broke off: {}",
                e.without_url()
            ))
        })?;
        parse_context(&body).ok_or(ContextError::NotLoggedIn)
    }
}

impl Sessions for OpenbravoSessions {
    fn context<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<SessionContext, ContextError>> {
        Box::pin(self.ask(id))
    }
}

/// An agent started without `--openbravo`: it cannot tell whose a session is, and says so.
pub struct NoOpenbravo;

impl Sessions for NoOpenbravo {
    fn context<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<SessionContext, ContextError>> {
        Box::pin(async {
            Err(ContextError::Unavailable(
                "the agent was started without --openbravo, so it cannot tell whose session this is"
                    .to_owned(),
            ))
        })
    }
}

/// `ContextInformation`'s answer: a row `{ userId, roleId, orgId, clientId }` in the envelope's
/// data (a list of rows, or one).
pub fn parse_context(body: &[u8]) -> Option<SessionContext> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let data = value.get("response")?.get("data")?;
    let row = match data {
        serde_json::Value::Array(rows) => rows.first()?,
        row => row,
    };
    let text = |k: &str| {
        row.get(k)?.as_str().filter(|s| !s.is_empty() && s.len() <= 64).map(str::to_owned)
    };
    Some(SessionContext {
        user: text("userId")?,
        role: text("roleId")?,
        organization: text("orgId")?,
        client: text("clientId")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_information_rows() {
        let body = br#"{"response":{"status":0,"data":[{"userId":"U","roleId":"R","orgId":"O","clientId":"C"}]}}"#;
        let context = parse_context(body).unwrap();
        assert_eq!((context.user.as_str(), context.role.as_str()), ("U", "R"));
        assert_eq!((context.organization.as_str(), context.client.as_str()), ("O", "C"));
        assert_eq!(parse_context(br#"{"response":{"status":0,"data":[]}}"#), None);
        assert_eq!(parse_context(b"<html>"), None);
    }
}
