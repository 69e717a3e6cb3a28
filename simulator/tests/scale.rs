//! The generated 2,000-store scenario: every store on its own origin, answering concurrently.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{client, get, url, Sim};
use tokio::sync::Semaphore;
use webpos_version_guard::servers::json::{parse_server_definitions, parse_store_status};
use webpos_version_guard::servers::protocol::Service;
use webpos_version_guard::servers::wire::ServerStatus;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_stores_answer_their_status() {
    let sim = Sim::start("many-stores");
    println!("many-stores: ready in {:?}", sim.startup);
    // About 0.5 s on a fresh machine (debug build); binding 2,000 ports takes longer while
    // thousands of earlier test connections sit in TIME_WAIT, so the bound leaves room.
    assert!(sim.startup < Duration::from_secs(5), "startup took {:?}", sim.startup);

    let (_, _, body) = get(&sim.central(), Service::ServerDefinitions).await;
    let servers = parse_server_definitions(&body).unwrap();
    assert_eq!(servers.len(), 2_001);
    let stores: Vec<_> = servers.into_iter().skip(1).collect();
    assert_eq!(stores[0].key, "store0001");
    assert_eq!(stores[1999].key, "store2000");
    let offline = stores.iter().filter(|s| s.status == ServerStatus::Offline).count();
    assert_eq!(offline, 200, "one template in ten is down");

    let started = Instant::now();
    let limit = Arc::new(Semaphore::new(64));
    let c = client();
    let tasks: Vec<_> = stores
        .into_iter()
        .map(|store| {
            let (c, limit) = (c.clone(), limit.clone());
            tokio::spawn(async move {
                let _permit = limit.acquire_owned().await.unwrap();
                let answer = c.get(url(&store.url, Service::StoreStatus)).send().await;
                let ok = match answer {
                    Ok(r) => parse_store_status(&r.bytes().await.unwrap())
                        .map(|s| s.info.server_key == store.key)
                        .unwrap_or(false),
                    Err(e) => {
                        assert!(e.is_connect(), "{}: {e:?}", store.key);
                        assert_eq!(
                            store.status,
                            ServerStatus::Offline,
                            "{} refused but is not offline",
                            store.key
                        );
                        false
                    }
                };
                ok
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        answered += usize::from(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    println!("many-stores: 2,000 stores asked (64 at a time) in {elapsed:?}; {answered} answered");
    assert_eq!(answered, 1_800);
}
