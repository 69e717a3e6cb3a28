//! The agent at a large store's scale (`npm run bench`; alone:
//! `cargo run --release -p openbravo-version-agent --example agent-bench`):
//! a database of 500 modules and 100,000 SymmetricDS outgoing batches on a throwaway
//! PostgreSQL cluster, the agent on a read-only role, and the latency of `StoreStatus` (the
//! pending count plus the definitions and the kept version information) and
//! `VersionInformation` as a till and central's collector ask them: median and p99 over
//! sequential requests on one keep-alive connection, after a warm-up.

use std::time::{Duration, Instant};

use openbravo_version_agent::cluster::{execute, Cluster};
use openbravo_version_agent::config::Config;
use openbravo_version_agent::service::{router, Agent};
use webpos_version_guard::servers::json::{parse_store_status, parse_version_info};

const MODULES: usize = 500;
const BATCHES: usize = 100_000;
const WARM_UP: usize = 50;
const SAMPLES: usize = 1_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

async fn measure(http: &reqwest::Client, url: &str, check: impl Fn(&[u8])) -> (f64, f64, usize) {
    for _ in 0..WARM_UP {
        let body = http.get(url).send().await.unwrap().bytes().await.unwrap();
        check(&body);
    }
    let mut times = Vec::with_capacity(SAMPLES);
    let mut size = 0;
    for _ in 0..SAMPLES {
        let started = Instant::now();
        let body = http.get(url).send().await.unwrap().bytes().await.unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        size = body.len();
    }
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.99), size)
}

#[tokio::main]
async fn main() {
    let cluster = Cluster::new().expect("a PostgreSQL cluster");
    let owner = cluster.url("owner", "postgres");
    for statement in ["CREATE ROLE version_agent LOGIN", "CREATE DATABASE store"] {
        execute(&owner, statement).await.unwrap();
    }
    let url = cluster.url("owner", "store");
    let tables =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sql/openbravo-tables.sql"))
            .unwrap();
    execute(&url, &tables).await.unwrap();
    let loaded = Instant::now();
    execute(&url, &format!(
        "INSERT INTO obmobc_server_definition (obmobc_server_definition_id, ad_client_id, ad_org_id, name, servertype, url, mobile_server_key) VALUES
           ('SD-C', 'C', '0', 'Central', 'MAIN', 'http://central.example/openbravo', 'central'),
           ('SD-S', 'C', '0', 'Store', 'STORE', 'http://store.example/openbravo', 'store1');
         INSERT INTO ad_system_info VALUES ('0', 'RB70', now(), now());
         INSERT INTO ad_module (ad_module_id, isactive, name, version, javapackage, status)
           SELECT 'M' || g, 'Y', 'Module ' || g, '1.' || (g % 50) || '.' || g, 'org.example.m' || g, 'A'
           FROM generate_series(1, {MODULES}) g;
         INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status)
           SELECT g, CASE WHEN g % 10 = 0 THEN 'other' ELSE 'central' END,
                  CASE WHEN g % 7 = 0 THEN 'heartbeat' ELSE 'orders' END,
                  CASE WHEN g % 20 = 0 THEN 'NE' WHEN g % 33 = 0 THEN 'ER' ELSE 'OK' END
           FROM generate_series(1, {BATCHES}) g;
         ANALYZE;
         GRANT USAGE ON SCHEMA public TO version_agent; GRANT SELECT ON ALL TABLES IN SCHEMA public TO version_agent;"
    ))
    .await
    .unwrap();
    let loaded = loaded.elapsed();
    let agent = Agent::start(Config {
        listen: "127.0.0.1:0".into(),
        timeout: Duration::from_secs(5),
        ..Config::new(cluster.url("version_agent", "store"), "store1".into())
    })
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base =
        format!("http://{}/openbravo/org.example.versionguard", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(agent)).await });
    let http = reqwest::Client::new();

    let pending = {
        let body =
            http.get(format!("{base}/StoreStatus")).send().await.unwrap().bytes().await.unwrap();
        parse_store_status(&body).unwrap().pending.unwrap()
    };
    let status = measure(&http, &format!("{base}/StoreStatus"), |b| {
        assert_eq!(parse_store_status(b).unwrap().info.modules.len(), MODULES);
    })
    .await;
    let info = measure(&http, &format!("{base}/VersionInformation"), |b| {
        assert_eq!(parse_version_info(b).unwrap().modules.len(), MODULES);
    })
    .await;
    println!("agent: {MODULES} modules, {BATCHES} SymmetricDS batches ({pending} pending to central), loaded in {:.1} s", loaded.as_secs_f64());
    println!("| request | median | p99 | answer |");
    println!("|---|---|---|---|");
    for (name, (median, p99, size)) in [("StoreStatus", status), ("VersionInformation", info)] {
        println!("| {name} | {median:.2} ms | {p99:.2} ms | {size} B |");
    }
    println!("({SAMPLES} sequential requests each on one keep-alive connection, after {WARM_UP} to warm up)");
}
