//! What the agent's tests on PostgreSQL share: the databases with Openbravo's tables and the
//! read-only role made by the documented SQL, a stand-in of Openbravo's `ContextInformation`,
//! an agent served over HTTP, and answers read back.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use openbravo_version_agent::cluster::{self, Cluster};
use openbravo_version_agent::config::Config;
use openbravo_version_agent::service::{router, Agent};

pub async fn execute(url: &str, sql: &str) {
    cluster::execute(url, sql).await.unwrap();
}

/// A SQL file: Openbravo's tables from `agent/sql/` (shared with `npm start -- --postgres`), the
/// rows from `tests/sql/`.
pub fn sql(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = if name == "openbravo-tables.sql" { "sql" } else { "tests/sql" };
    std::fs::read_to_string(root.join(folder).join(name)).unwrap()
}

/// The role's SQL exactly as docs/INTEGRATION.md gives it and the package ships it
/// (`agent/sql/version-agent-role.sql`), with psql's variables filled in: its part for the
/// cluster, and its part for `database`.
pub fn role_sql(database: &str) -> (String, String) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sql/version-agent-role.sql"),
    )
    .unwrap()
    .replace(":'password'", &format!("'{AGENT_PASSWORD}'"))
    .replace(":\"database\"", &format!("\"{database}\""))
    .replace(":\"openbravo_role\"", "\"owner\"");
    let (cluster, each) = text.split_once("\n-- In each database").expect("the file's two parts");
    let each = each.split_once('\n').map_or("", |(_, rest)| rest);
    (cluster.to_owned(), each.to_owned())
}

/// The agent role's password in these tests.
pub const AGENT_PASSWORD: &str = "agent-Pa55-word";

/// Central's and store1's databases, and the read-only role the agents use, made by the
/// documented SQL.
pub async fn databases(cluster: &Cluster) {
    let admin = cluster.url("owner", "postgres");
    // One statement each: CREATE DATABASE cannot run in a transaction block.
    for statement in ["CREATE DATABASE central", "CREATE DATABASE store1"] {
        execute(&admin, statement).await;
    }
    execute(&admin, &role_sql("postgres").0).await;
    for (database, rows) in [("central", "central-rows.sql"), ("store1", "store1-rows.sql")] {
        let url = cluster.url("owner", database);
        execute(&url, &sql("openbravo-tables.sql")).await;
        execute(&url, &sql("shared-rows.sql")).await;
        execute(&url, &sql(rows)).await;
        execute(&url, &role_sql(database).1).await;
    }
}

/// A stand-in of Openbravo's `ContextInformation` (mobile core's `login.ContextInformation`, a
/// ProcessHQLQuery answering `userId, roleId, orgId, clientId` for the session): 401 without a
/// known session, as its authenticated servlet does. It records the cookies it was sent.
pub async fn openbravo() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = seen.clone();
    let app = axum::Router::new().route(
        "/openbravo/org.openbravo.mobile.core.service.jsonrest/org.openbravo.mobile.core.login.ContextInformation",
        post(move |headers: HeaderMap| {
            let recorded = recorded.clone();
            async move {
                let cookie = headers.get("cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                recorded.lock().unwrap().push(cookie.clone());
                let (user, role) = match cookie.as_str() {
                    "JSESSIONID=admin-session" => ("USER-ADMIN", "ROLE-ADMIN"),
                    "JSESSIONID=cashier-session" => ("USER-VB", "ROLE-CASHIER"),
                    _ => return (StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({}))),
                };
                (StatusCode::OK, axum::Json(serde_json::json!({ "response": { "status": 0, "data": [
                    { "userId": user, "roleId": role, "orgId": "ORG-VBS", "clientId": "CLIENT-WV" }
                ] } })))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/openbravo"), seen)
}

pub fn config(cluster: &Cluster, database: &str, key: &str, openbravo: &str) -> Config {
    Config {
        listen: "127.0.0.1:0".into(),
        openbravo: Some(openbravo.into()),
        token: Some("central-secret".into()),
        timeout: Duration::from_millis(1500),
        ..Config::new(cluster.url("version_agent", database), key.into())
    }
}

pub async fn serve(config: Config) -> String {
    let agent = Agent::start(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(agent)).await });
    format!("http://{address}/openbravo/org.example.versionguard")
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

pub async fn ask(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Answer { status, headers, body: response.bytes().await.unwrap().to_vec() }
}

pub fn message(answer: &Answer) -> String {
    let value: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    value["response"]["error"]["message"].as_str().unwrap_or("").to_owned()
}

pub async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client
}
