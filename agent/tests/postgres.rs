//! The agent on a real PostgreSQL: a throwaway cluster in a temporary folder (Debian's
//! `postgresql`, which scripts/setup.sh installs; run as the unprivileged `postgres` user when
//! the tests run as root), central's and a store's databases with Openbravo's tables and the
//! rows an admin would have (tests/sql/), agents on both reading them through a read-only role,
//! and a stand-in of Openbravo's own `ContextInformation` that says whose session a cookie is.
//! Every service is checked over HTTP with the guard's own parsers.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{ask, config, connect, databases, execute, message, openbravo, serve, AGENT_PASSWORD};
use openbravo_version_agent::cluster::Cluster;
use openbravo_version_agent::service::{router, routes_text, Agent};
use webpos_version_guard::login::decision::Outcome;
use webpos_version_guard::login::preference::PreferenceState;
use webpos_version_guard::servers::json::{
    parse_preferences, parse_server_definitions_current, parse_store_status, parse_terminal_info,
    parse_version_info,
};
use webpos_version_guard::servers::wire::StoreStatus;
use webpos_version_guard::versions::compare::{compare, VersionStatus, VersionStatusCode};

#[test]
fn routes_name_each_service_below_the_base_url() {
    assert_eq!(
        routes_text(),
        "ServerDefinitions org.example.versionguard/ServerDefinitions\n\
         TerminalStoreServer org.example.versionguard/TerminalStoreServer\n\
         VersionInformation org.example.versionguard/VersionInformation\n\
         StoreStatus org.example.versionguard/StoreStatus\n\
         PreferenceRecords org.example.versionguard/PreferenceRecords\n\
         RecomputeVersionInformation org.example.versionguard/RecomputeVersionInformation\n\
         SessionInfo org.example.versionguard/SessionInfo\n\
         VersionCheckPreferences org.example.versionguard/VersionCheckPreferences\n\
         ReloadStatus org.example.versionguard/ReloadStatus\n\
         TillReport org.example.versionguard/TillReport\n\
         TillReports org.example.versionguard/TillReports\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_service_answers_from_the_servers_own_database() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, cookies_seen) = openbravo().await;
    let central = serve(config(&cluster, "central", "central", &openbravo)).await;
    let store = serve(config(&cluster, "store1", "store1", &openbravo)).await;
    let http = reqwest::Client::new();
    let get = |base: &str, service: &str| http.get(format!("{base}/{service}"));

    // Server definitions: the active ones, central first, the answering server named.
    let answer = ask(get(&store, "ServerDefinitions")).await;
    assert_eq!(answer.status, 200);
    let (servers, current) = parse_server_definitions_current(&answer.body).unwrap();
    let keys: Vec<&str> = servers.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["central", "store2", "store1", "store1b"]);
    assert_eq!(current.as_deref(), Some("store1"));
    assert_eq!(servers[2].allowed_domains, ["*.tills.example"]);

    // The terminal's store server: of its organization's two, the first by priority; the
    // preference in force for its client is the client-level N (not the system-level, the
    // role-filtered, the organization-filtered or the inactive Y).
    let answer =
        ask(get(&central, "TerminalStoreServer?terminal=VBS-1&property=EXVG_IgnoreVersionCheck"))
            .await;
    let terminal = parse_terminal_info(&answer.body).unwrap();
    assert_eq!(terminal.store_server.as_deref(), Some("store1"));
    assert_eq!(terminal.name, "Vall Blanca Till 1");
    let told = terminal.client_preference.unwrap();
    assert_eq!((told.value.as_deref(), told.record.as_deref()), (Some("N"), Some("P-CLIENT")));
    // The same value in force for every server of the client, for the overview, with who last
    // set the record and when (AD_PREFERENCE.UPDATED, UPDATEDBY's user name).
    execute(
        &cluster.url("owner", "central"),
        "UPDATE ad_preference SET updated = '2026-12-07 06:30', updatedby = 'USER-ADMIN' \
         WHERE ad_preference_id = 'P-CLIENT'",
    )
    .await;
    let answer = ask(get(&central, "VersionCheckPreferences?property=EXVG_IgnoreVersionCheck")
        .bearer_auth("central-secret"))
    .await;
    let told =
        webpos_version_guard::servers::json::parse_version_check_preferences(&answer.body).unwrap();
    assert!(told.servers.len() >= 2, "{told:?}");
    for server in &told.servers {
        assert_eq!(
            (server.value.as_deref(), server.record.as_deref()),
            (Some("N"), Some("P-CLIENT")),
            "{server:?}"
        );
        assert_eq!(
            (server.updated.as_deref(), server.updated_by.as_deref()),
            (Some("2026-12-07 06:30"), Some("Openbravo")),
            "{server:?}"
        );
    }
    // Only central's collector may ask it (it names every server's client); only the agent's
    // own property is told.
    assert_eq!(ask(get(&central, "VersionCheckPreferences")).await.status, 401);
    let other = get(&central, "VersionCheckPreferences?property=OBPOS_ExternalServiceKey");
    assert_eq!(ask(other.bearer_auth("central-secret")).await.status, 400);
    // Bind parameters only: request text never reaches SQL.
    let answer = ask(get(
        &central,
        "TerminalStoreServer?terminal=x'%3B%20DROP%20TABLE%20obpos_applications%3B--",
    ))
    .await;
    assert_eq!(answer.status, 404, "{}", message(&answer));
    assert_eq!(
        parse_terminal_info(&ask(get(&central, "TerminalStoreServer?terminal=VBS-1")).await.body)
            .unwrap()
            .terminal,
        "VBS-1"
    );

    // Version information: every active module, as Openbravo's own module list; a database
    // ahead of its server (a module pending, one uninstalled, a rebuild awaiting a restart) is
    // said.
    let central_info =
        parse_version_info(&ask(get(&central, "VersionInformation")).await.body).unwrap();
    assert_eq!(central_info.modules.len(), 3);
    assert_eq!(central_info.rebuild_status, None);
    let store_info =
        parse_version_info(&ask(get(&store, "VersionInformation")).await.body).unwrap();
    let ids: Vec<&str> = store_info.modules.modules().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["0", "MOBC", "NEW", "OLD", "POS"]);
    // Rebuilt (RB50) with a module pending: the most telling code (the detail is in the log).
    assert_eq!(store_info.rebuild_status.as_deref(), Some("RESTART_PENDING"));
    assert!(store_info.computed_at.is_some());
    assert_eq!(
        compare(&central_info.modules, &store_info.modules).status,
        VersionStatus::DifferentFromCentral
    );

    // Store status: two batches pending to central (new and error; the heartbeat, the sent,
    // the ignored and the other node's are not), the status from its definition.
    let answer = ask(get(&store, "StoreStatus")).await;
    let StoreStatus { server_status, info, pending } = parse_store_status(&answer.body).unwrap();
    assert_eq!(pending, Ok(2));
    assert_eq!(server_status.code(), "TOFF");
    assert_eq!(info.modules.len(), 5);
    let answer = ask(get(&central, "StoreStatus")).await;
    assert!(message(&answer).contains("Central is not a store server"));

    // SymmetricDS's tables cannot be read: pendingError with the reason, the versions kept.
    let mut broken = config(&cluster, "store1", "store1", &openbravo);
    broken.symmetric_prefix = "nosuch_".into();
    let broken = serve(broken).await;
    let answer = ask(get(&broken, "StoreStatus")).await;
    let status = parse_store_status(&answer.body).unwrap();
    let why = status.pending.unwrap_err().to_string();
    assert!(
        why.contains("SymmetricDS's outgoing batches could not be counted")
            && why.contains("nosuch_outgoing_batch"),
        "{why}"
    );
    assert_eq!(status.info.modules.len(), 5);

    // CORS as Openbravo's: the definitions' origins and allowed domains, nothing else.
    for (origin, allowed) in [
        ("http://central.example:8080", true),
        ("https://till7.tills.example", true),
        ("http://evil.example", false),
    ] {
        let preflight = ask(http
            .request(reqwest::Method::OPTIONS, format!("{store}/StoreStatus"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET"))
        .await;
        assert_eq!(preflight.status, if allowed { 204 } else { 403 }, "{origin}");
        let answer = ask(get(&store, "StoreStatus").header("Origin", origin)).await;
        let granted = answer
            .headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(granted, allowed.then(|| origin.to_owned()), "{origin}");
    }
    let answer =
        ask(get(&store, "ServerDefinitions").header("Origin", "http://central.example:8080")).await;
    assert!(answer.headers.get("access-control-allow-origin").is_none(), "same-origin only");

    // The session's preference records: its context from Openbravo, the chain from the tree;
    // only the session cookie went to Openbravo.
    let answer = ask(get(&central, "PreferenceRecords?property=EXVG_IgnoreVersionCheck")
        .header("Cookie", "tracking=1; JSESSIONID=cashier-session; other=secret"))
    .await;
    assert_eq!(answer.status, 200, "{}", message(&answer));
    let (context, records) = parse_preferences(&answer.body).unwrap();
    assert_eq!(context.org_chain, ["ORG-VBS", "ORG-WV", "0"]);
    assert_eq!((context.user.as_str(), context.role.as_str()), ("USER-VB", "ROLE-CASHIER"));
    let mut ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["P-CLIENT", "P-OFF", "P-ORG", "P-ROLE", "P-SYSTEM"]);
    assert!(cookies_seen.lock().unwrap().iter().all(|c| c == "JSESSIONID=cashier-session"));
    let answer = ask(get(&central, "PreferenceRecords?property=EXVG_IgnoreVersionCheck")).await;
    assert_eq!(answer.status, 401);

    // Session info: the admin's role administers the client, the cashier's does not.
    let session = |cookie: &'static str| ask(get(&central, "SessionInfo").header("Cookie", cookie));
    let admin: serde_json::Value =
        serde_json::from_slice(&session("JSESSIONID=admin-session").await.body).unwrap();
    assert_eq!(
        admin["response"]["data"],
        serde_json::json!({ "user": "Openbravo", "role": "ROLE-ADMIN", "clientAdmin": true, "client": "CLIENT-WV" })
    );
    let cashier: serde_json::Value =
        serde_json::from_slice(&session("JSESSIONID=cashier-session").await.body).unwrap();
    assert_eq!(cashier["response"]["data"]["clientAdmin"], false);
    // Its client: a till may report only for a terminal of it (#39).
    assert_eq!(cashier["response"]["data"]["client"], "CLIENT-WV");
    assert_eq!(session("JSESSIONID=forged").await.status, 401);

    // Recompute: only with central's credential; the version is kept until then.
    execute(
        &cluster.url("owner", "store1"),
        "UPDATE ad_module SET version = '1.8.4600' WHERE ad_module_id = 'POS'",
    )
    .await;
    let kept = parse_version_info(&ask(get(&store, "VersionInformation")).await.body).unwrap();
    assert_eq!(kept.modules.get("POS").unwrap().version.to_string(), "1.8.4503");
    for auth in [None, Some("Bearer wrong")] {
        let mut request = http.post(format!("{store}/RecomputeVersionInformation"));
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let answer = ask(request).await;
        assert_eq!(answer.status, 401);
        assert_eq!(message(&answer), "Recompute Version Information is taken from central only: the request lacks central's credentials");
    }
    let answer = ask(http
        .post(format!("{store}/RecomputeVersionInformation"))
        .header("Authorization", "Bearer central-secret"))
    .await;
    assert_eq!(answer.status, 200, "{}", message(&answer));
    let now = parse_version_info(&ask(get(&store, "VersionInformation")).await.body).unwrap();
    assert_eq!(now.modules.get("POS").unwrap().version.to_string(), "1.8.4600");

    // The agent cannot write: its session is read-only, and so is its role.
    let (client, connection) =
        tokio_postgres::connect(&cluster.url("version_agent", "store1"), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    assert!(client.batch_execute("DELETE FROM sym_outgoing_batch").await.is_err());
    drop(client);

    // The database goes away: every answer is an error in words within the time limit; when
    // it is back, service resumes by itself.
    cluster.stop_server().unwrap();
    let started = Instant::now();
    let answer = ask(get(&store, "StoreStatus")).await;
    assert!(started.elapsed() < Duration::from_millis(2600), "{:?}", started.elapsed());
    assert_eq!(answer.status, 503);
    assert!(
        message(&answer).starts_with("the server's database could not be read"),
        "{}",
        message(&answer)
    );
    cluster.start_server().unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let answer = ask(get(&store, "StoreStatus")).await;
        if answer.status == 200 {
            assert_eq!(parse_store_status(&answer.body).unwrap().pending, Ok(2));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no service 15 s after the database came back: {}",
            message(&answer)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_passes_against_agents_and_names_what_breaks() {
    use openbravo_version_agent::conformance::{check, Target};
    let cluster = Cluster::new().unwrap();
    let (central_base, _, openbravo) = deployment(&cluster).await;
    let target = Target {
        central: central_base.clone(),
        terminal: Some("VBS-1".into()),
        paths: Default::default(),
        max_stores: 10,
        timeout: Duration::from_secs(3),
        token: Some("central-secret".into()),
    };
    let report = check(&target).await;
    assert!(report.broken.is_empty(), "{}", report.text());
    assert!(
        report
            .passed
            .iter()
            .any(|p| p == "store store1's StoreStatus: 5 modules, 2 batches pending"),
        "{}",
        report.text()
    );
    assert!(report.passed.iter().any(|p| p.contains("TerminalStoreServer for \"VBS-1\": store server Some(\"store1\")")), "{}", report.text());
    assert!(
        report
            .passed
            .iter()
            .any(|p| p == "central's ReloadStatus without central's credential: 401")
            && report.passed.iter().any(|p| p.starts_with("central's ReloadStatus: ")),
        "{}",
        report.text()
    );

    // A store whose services are not there (its URL points at a server without them): named.
    execute(
        &cluster.url("owner", "central"),
        &format!(
        "UPDATE obmobc_server_definition SET url = '{openbravo}' WHERE mobile_server_key = 'store1'"
    ),
    )
    .await;
    let report = check(&target).await;
    assert!(
        report.broken.iter().any(|b| b == "store store1's StoreStatus: HTTP 404"),
        "{}",
        report.text()
    );
}

/// Central's and store1's agents on their databases, the definitions pointing at them (the
/// other stores left out): central's base URL, store1's, and the stand-in Openbravo's.
async fn deployment(cluster: &Cluster) -> (String, String, String) {
    databases(cluster).await;
    let (openbravo, _) = openbravo().await;
    let central_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let store_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let central_base = format!("http://{}/openbravo", central_listener.local_addr().unwrap());
    let store_base = format!("http://{}/openbravo", store_listener.local_addr().unwrap());
    for database in ["central", "store1"] {
        execute(&cluster.url("owner", database), &format!(
            "UPDATE obmobc_server_definition SET url = '{central_base}' WHERE mobile_server_key = 'central';
             UPDATE obmobc_server_definition SET url = '{store_base}' WHERE mobile_server_key = 'store1';
             UPDATE obmobc_server_definition SET isactive = 'N' WHERE mobile_server_key IN ('store1b', 'store2');"
        ))
        .await;
    }
    for (listener, database, key) in
        [(central_listener, "central", "central"), (store_listener, "store1", "store1")]
    {
        let agent = Agent::start(config(cluster, database, key, &openbravo)).await.unwrap();
        tokio::spawn(async move { axum::serve(listener, router(agent)).await });
    }
    (central_base, store_base, openbravo)
}

/// Runs the guard's check plan (the core's, as the browser glue runs it) over real HTTP: the
/// same-origin requests carry the session cookie, the store's none.
async fn run_check(
    inputs: webpos_version_guard::login::check::CheckInputs,
    cookie: &str,
) -> webpos_version_guard::login::report::VerdictReport {
    use webpos_version_guard::login::check::{Check, Credentials, Step};
    use webpos_version_guard::login::url_crate::UrlCrate;
    use webpos_version_guard::servers::failure::Failure;
    let http = reqwest::Client::new();
    let mut check = Check::new(inputs, UrlCrate);
    loop {
        match check.poll() {
            Step::Fetch(requests) => {
                for request in requests {
                    let mut get = http.get(&request.url);
                    if request.credentials == Credentials::SameOrigin {
                        get = get.header("Cookie", cookie);
                    }
                    let answer = match get.send().await {
                        Ok(r) if r.status().is_success() => Ok(r.bytes().await.unwrap().to_vec()),
                        Ok(r) => Err(Failure::Http { status: r.status().as_u16(), message: None }),
                        Err(e) => Err(Failure::Network(e.to_string())),
                    };
                    check.receive(request.name, answer, 1.0);
                }
            }
            Step::Done(report) => return *report,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guards_check_and_the_overviews_pass_run_against_agents_on_postgres() {
    use webpos_version_guard::login::check::CheckInputs;
    let cluster = Cluster::new().unwrap();
    let (central, store, _) = deployment(&cluster).await;
    let origin = central.trim_end_matches("/openbravo").to_owned();
    let inputs = || CheckInputs {
        page_origin: origin.clone(),
        server_url: central.clone(),
        terminal: "VBS-1".into(),
        ..CheckInputs::default()
    };

    // Before credentials: central tells the client-level N; the store is behind with 2
    // batches pending: a login here would be blocked (decision row 6).
    let startup = run_check(CheckInputs { before_login: true, ..inputs() }, "").await;
    assert_eq!(
        (startup.rule, startup.outcome, startup.store_server.as_deref()),
        (6, Outcome::Block, Some("store1")),
        "{:?}",
        startup.diagnostics
    );
    assert_eq!(startup.pending_batches, Some(2));
    assert!(startup.diagnostics.iter().any(|d| d.contains("central says EXVG_IgnoreVersionCheck for this terminal's client is N (record P-CLIENT)")), "{:?}", startup.diagnostics);
    assert!(startup.store_mode_url.as_deref().unwrap().starts_with(&store));

    // At login, with the cashier's session: the records the session sees; the one that wins
    // (filtered by organization) is not honoured, so the check runs and blocks.
    let login = run_check(inputs(), "JSESSIONID=cashier-session").await;
    assert_eq!(
        (login.rule, login.outcome, login.ignore_version_check),
        (6, Outcome::Block, PreferenceState::NotHonoured),
        "{:?}",
        login.diagnostics
    );

    // A store-mode WebPOS (the page on the store): row 1, whatever the versions.
    let store_origin = store.trim_end_matches("/openbravo").to_owned();
    let store_mode = run_check(
        CheckInputs { page_origin: store_origin, server_url: store.clone(), ..inputs() },
        "",
    )
    .await;
    assert_eq!(
        (store_mode.rule, store_mode.outcome),
        (1, Outcome::Proceed),
        "{:?}",
        store_mode.diagnostics
    );

    // The overview's collector, as central runs it: one pass over central's definitions.
    let collector = openbravo_version_overview::collector::Collector::new(
        openbravo_version_overview::config::Config::new(central.clone()),
    )
    .unwrap();
    assert!(collector.request_pass());
    let deadline = Instant::now() + Duration::from_secs(15);
    while collector.pass().running || collector.pass().checked < 1 {
        assert!(Instant::now() < deadline, "the pass did not end");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let entries = collector.entries();
    let row =
        &entries.iter().find(|e| e.definition.key == "store1").expect("store1's row").localized[0];
    assert_eq!(
        (row.version_status_code, row.pending_batches, row.blocks_logins),
        (VersionStatusCode::Different, Some(2), true),
        "{row:?}"
    );
    assert!(row.rebuild_status.as_deref() == Some("restart pending"), "{row:?}");
}

/// Every table the agent reads.
const READ_TABLES: &str =
    "ad_module, ad_system_info, obmobc_server_definition, obmobc_server_orgs, \
     obpos_applications, ad_preference, ad_ref_list, ad_tree, ad_treenode, ad_role, ad_user, sym_outgoing_batch";

/// The agent's connections to the cluster now (all, and those running a statement).
async fn agent_connections(monitor: &tokio_postgres::Client) -> (i64, i64) {
    let row = monitor
        .query_one(
            "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity \
             WHERE application_name = 'openbravo-version-agent'",
            &[],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

/// Openbravo's update.database (or a VACUUM FULL) holds a lock on every table the agent reads
/// while strangers send bursts of every service: the agent never holds more connections than
/// its pool, answers each request within its time limit (503 in words), refuses what it cannot
/// queue at once, leaves no statement running past its limit, and another role still
/// connects; when the lock goes, service is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_under_a_lock_stays_within_the_pool_and_the_time_limits() {
    use openbravo_version_agent::db::POOL_SIZE;
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, _) = openbravo().await;
    let store = serve(config(&cluster, "store1", "store1", &openbravo)).await;
    let holder = connect(&cluster.url("owner", "store1")).await;
    holder
        .batch_execute(&format!("BEGIN; LOCK TABLE {READ_TABLES} IN ACCESS EXCLUSIVE MODE"))
        .await
        .unwrap();
    let monitor = connect(&cluster.url("owner", "postgres")).await;
    let most = Arc::new(std::sync::atomic::AtomicI64::new(0));
    let watching = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let watch = {
        let (most, watching) = (most.clone(), watching.clone());
        tokio::spawn(async move {
            while watching.load(std::sync::atomic::Ordering::SeqCst) {
                let (all, _) = agent_connections(&monitor).await;
                most.fetch_max(all, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            monitor
        })
    };
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let services = [
        ("ServerDefinitions", None, None),
        ("TerminalStoreServer?terminal=VBS-1&property=EXVG_IgnoreVersionCheck", None, None),
        ("StoreStatus", None, None),
        ("VersionCheckPreferences", None, Some("central-secret")),
        (
            "PreferenceRecords?property=EXVG_IgnoreVersionCheck",
            Some("JSESSIONID=cashier-session"),
            None,
        ),
        ("SessionInfo", Some("JSESSIONID=admin-session"), None),
    ];
    let mut busy = 0;
    for round in 0..3 {
        let mut asks = Vec::new();
        for (service, cookie, token) in services {
            for _ in 0..20 {
                let mut request = http.get(format!("{store}/{service}"));
                if let Some(cookie) = cookie {
                    request = request.header("cookie", cookie);
                }
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                asks.push(tokio::spawn(async move {
                    let started = Instant::now();
                    let answer = ask(request).await;
                    (service, started.elapsed(), answer)
                }));
            }
        }
        // Another role connects and reads while the agent is under the burst.
        let other = connect(&cluster.url("owner", "central")).await;
        other.query_one("SELECT 1", &[]).await.unwrap();
        for ask in asks {
            let (service, took, answer) = ask.await.unwrap();
            assert_eq!(answer.status, 503, "round {round}, {service}: {}", message(&answer));
            assert!(took < Duration::from_millis(3000), "round {round}, {service}: {took:?}");
            let said = message(&answer);
            assert!(!said.is_empty(), "{service}: an answer in words");
            busy += usize::from(
                said.starts_with("the server's database could not be read: the database is busy"),
            );
        }
    }
    // Every statement given up on has ended in the database, though the lock is still held.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    watching.store(false, std::sync::atomic::Ordering::SeqCst);
    let monitor = watch.await.unwrap();
    let most = most.load(std::sync::atomic::Ordering::SeqCst);
    assert!(most <= POOL_SIZE as i64, "the agent held {most} connections, its pool is {POOL_SIZE}");
    assert!(most > 0, "the monitor saw the agent's connections");
    assert_eq!(agent_connections(&monitor).await.1, 0, "a statement outlived its time limit");
    assert!(busy > 0, "more reads than the agent may queue are refused at once");
    holder.batch_execute("COMMIT").await.unwrap();
    let answer = ask(http.get(format!("{store}/StoreStatus"))).await;
    assert_eq!(answer.status, 200, "{}", message(&answer));
}

/// Only the agent's own preference property is told, to anyone; a session is shown only what
/// Openbravo's rules give its user, role and organization; a NUL is a 400, not an outage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_agents_property_and_only_the_sessions_records_are_told() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, _) = openbravo().await;
    let central = serve(config(&cluster, "central", "central", &openbravo)).await;
    let http = reqwest::Client::new();
    let secret = "property=OBPOS_ExternalServiceKey";
    for (path, cookie, token) in [
        (format!("PreferenceRecords?{secret}"), Some("JSESSIONID=cashier-session"), None),
        (format!("PreferenceRecords?{secret}"), Some("JSESSIONID=admin-session"), None),
        (format!("TerminalStoreServer?terminal=VBS-1&{secret}"), None, None),
        (format!("VersionCheckPreferences?{secret}"), None, Some("central-secret")),
    ] {
        let mut request = http.get(format!("{central}/{path}"));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = ask(request).await;
        assert_eq!(answer.status, 400, "{path}: {}", message(&answer));
        assert!(!String::from_utf8_lossy(&answer.body).contains("api-key-123"), "{path}");
        assert!(message(&answer).contains("tells only the preference EXVG_IgnoreVersionCheck"));
    }
    // The admin's own records: the admin's role's and user's, never the cashier's role's.
    let answer = ask(http
        .get(format!("{central}/PreferenceRecords?property=EXVG_IgnoreVersionCheck"))
        .header("cookie", "JSESSIONID=admin-session"))
    .await;
    let (_, records) = parse_preferences(&answer.body).unwrap();
    let mut ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["P-ADMINROLE", "P-ADMINUSER", "P-CLIENT", "P-OFF", "P-ORG", "P-SYSTEM"]);
    // Anonymous: no client id, and no record id but the one the till names in its diagnostic.
    let answer = ask(http.get(format!(
        "{central}/TerminalStoreServer?terminal=VBS-1&property=EXVG_IgnoreVersionCheck"
    )))
    .await;
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    assert!(!text.contains("CLIENT-WV") && !text.contains("ORG-"), "{text}");
    // A NUL or another control character in a parameter: refused before any read.
    for bad in ["VBS%001", "VBS%0A1"] {
        let answer = ask(http.get(format!("{central}/TerminalStoreServer?terminal={bad}"))).await;
        assert_eq!(answer.status, 400, "{bad}: {}", message(&answer));
        assert!(message(&answer).contains("control character"), "{}", message(&answer));
    }
}

/// Recompute: one computation however many ask at once, the last result for those who ask
/// again at once; a computation that fails (the database gone) keeps the last good version
/// information answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recompute_is_collapsed_and_a_failure_keeps_the_last_good_information() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, _) = openbravo().await;
    let store = serve(config(&cluster, "store1", "store1", &openbravo)).await;
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let recompute =
        || http.post(format!("{store}/RecomputeVersionInformation")).bearer_auth("central-secret");
    // More than the agent may queue for the database: collapsed, every one answered.
    let asks: Vec<_> = (0..200).map(|_| tokio::spawn(ask(recompute()))).collect();
    let mut computed = std::collections::HashSet::new();
    for a in asks {
        let answer = a.await.unwrap();
        assert_eq!(answer.status, 200, "{}", message(&answer));
        computed.insert(parse_version_info(&answer.body).unwrap().computed_at);
    }
    assert_eq!(computed.len(), 1, "one computation: {computed:?}");
    // The database goes away: Recompute says so; the last good information still answers.
    cluster.stop_server().unwrap();
    tokio::time::sleep(openbravo_version_agent::service::RECOMPUTE_INTERVAL).await;
    let answer = ask(recompute()).await;
    assert_eq!(answer.status, 503, "{}", message(&answer));
    let answer = ask(http.get(format!("{store}/VersionInformation"))).await;
    assert_eq!(answer.status, 200, "{}", message(&answer));
    assert_eq!(parse_version_info(&answer.body).unwrap().modules.len(), 5);
}

/// The password never shows on the command line: the binary reads the database URL from a
/// file readable by the agent alone (the package's configuration), against a server that
/// checks the password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_password_never_reaches_the_command_line() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    cluster.require_password("version_agent").unwrap();
    let dir = std::env::temp_dir().join(format!("agent-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("database-url");
    let url = format!("{} password={AGENT_PASSWORD}", cluster.url("version_agent", "store1"));
    std::fs::write(&file, &url).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_openbravo-version-agent"))
        .args(["--database-url-file", file.to_str().unwrap()])
        .args(["--listen", &format!("127.0.0.1:{port}"), "--server-key", "store1"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
    let base = format!("http://127.0.0.1:{port}/openbravo/org.example.versionguard");
    let deadline = Instant::now() + Duration::from_secs(10);
    let answer = loop {
        if let Ok(response) = reqwest::get(format!("{base}/StoreStatus")).await {
            break response;
        }
        assert!(Instant::now() < deadline, "the agent did not listen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(answer.status(), 200, "the password from the file opened the database");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !String::from_utf8_lossy(&cmdline).contains(AGENT_PASSWORD),
        "the password is on the command line"
    );
    // Given on the command line after all, the agent warns.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_openbravo-version-agent"))
        .args(["--database-url", &url, "--listen", "256.0.0.1:1", "--server-key", "store1"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("the database password is on the command line"),
        "{output:?}"
    );
}

/// Where the module is not installed, the agent says so in words (its preference property is
/// not registered, so an admin cannot set the hot fix there); once installed, the module's own
/// version is one of the modules central and a store compare.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agent_says_where_the_module_is_not_installed_and_its_version_counts() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, _) = openbravo().await;
    let store = serve(config(&cluster, "store1", "store1", &openbravo)).await;
    let http = reqwest::Client::new();
    let answer =
        ask(http.get(format!("{store}/VersionCheckPreferences")).bearer_auth("central-secret"))
            .await;
    let said = message(&answer);
    assert!(
        said.contains("EXVG_IgnoreVersionCheck is not registered on this server")
            && said.contains("org.example.versionguard is not installed here"),
        "{said}"
    );
    let answer = ask(http.get(format!(
        "{store}/TerminalStoreServer?terminal=VBS-1&property=EXVG_IgnoreVersionCheck"
    )))
    .await;
    assert_eq!(answer.status, 200, "{}", message(&answer));
    assert!(parse_terminal_info(&answer.body).unwrap().client_preference.is_none());

    // Installed: its row in AD_MODULE is one of the store's modules, compared with central's.
    execute(
        &cluster.url("owner", "store1"),
        "INSERT INTO ad_module (ad_module_id, name, version, javapackage, status) VALUES \
         ('EXVG', 'WebPOS Version Guard', '0.1.0', 'org.example.versionguard', 'A')",
    )
    .await;
    let answer = ask(http
        .post(format!("{store}/RecomputeVersionInformation"))
        .bearer_auth("central-secret"))
    .await;
    let store_info = parse_version_info(&answer.body).unwrap();
    assert_eq!(
        store_info.modules.get("EXVG").map(|m| m.version.to_string()).as_deref(),
        Some("0.1.0")
    );
}

/// The pending count narrowed by the `(node_id, status)` index counts exactly what
/// `status NOT IN ('OK', 'IG')` counts: every status SymmetricDS defines, one it may add later,
/// none (NULL), heartbeats and other nodes' batches left out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pending_count_is_exactly_not_acknowledged_nor_ignored_on_every_status() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, _) = openbravo().await;
    let owner = connect(&cluster.url("owner", "store1")).await;
    let statuses = ["NE", "QY", "SE", "LD", "RS", "RT", "RQ", "ER", "OK", "IG", "ZZ"];
    let mut sql = String::from("DELETE FROM sym_outgoing_batch;");
    let mut id = 0;
    for (i, status) in statuses.iter().map(|s| format!("'{s}'")).chain(["NULL".into()]).enumerate()
    {
        for node in ["'central'", "'other'"] {
            for channel in ["'orders'", "'heartbeat'", "NULL"] {
                for _ in 0..(i % 4 + 1) {
                    id += 1;
                    sql.push_str(&format!(
                        "INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status) VALUES ({id}, {node}, {channel}, {status});"
                    ));
                }
            }
        }
    }
    owner.batch_execute(&sql).await.unwrap();
    let expected: i64 = owner
        .query_one(
            "SELECT count(*) FROM sym_outgoing_batch WHERE node_id = 'central' AND status NOT IN ('OK', 'IG') AND channel_id <> 'heartbeat'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let store = serve(config(&cluster, "store1", "store1", &openbravo)).await;
    let answer = ask(reqwest::Client::new().get(format!("{store}/StoreStatus"))).await;
    let pending = parse_store_status(&answer.body).unwrap().pending.unwrap();
    assert_eq!(pending, expected as u64);
    // Every status of SymmetricDS but OK and IG, and the future ZZ, on the orders channel.
    let counted: u64 = (0..statuses.len())
        .filter(|&i| !matches!(statuses[i], "OK" | "IG"))
        .map(|i| (i % 4 + 1) as u64)
        .sum();
    assert_eq!(pending, counted);
}

/// When Openbravo cannot say whose a session is, the answer says so in words without naming
/// Tomcat's internal address (the agent's log names it, for the admin).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_openbravo_is_said_without_its_internal_address() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let internal = format!("http://127.0.0.1:{closed}/internal-tomcat-context");
    let central = serve(config(&cluster, "central", "central", &internal)).await;
    let answer = ask(reqwest::Client::new()
        .get(format!("{central}/SessionInfo"))
        .header("cookie", "JSESSIONID=admin-session"))
    .await;
    assert_eq!(answer.status, 502, "{}", message(&answer));
    let body = String::from_utf8_lossy(&answer.body).into_owned();
    assert!(
        message(&answer).starts_with("Openbravo did not answer whose session this is"),
        "{body}"
    );
    assert!(
        !body.contains(&closed.to_string()) && !body.contains("internal-tomcat-context"),
        "{body}"
    );
}

/// The Reload Status from central's SymmetricDS tables: a load done, one under way (3 of its
/// 12 batches acknowledged), a table reload requested, on the newest
/// shape; then on SymmetricDS 3.8's (no end time, no reload status table, `reload_enabled`
/// instead of `processed`), said absent and read from what is there; then tables the role may
/// not read, said in words. Only central's credential may ask.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reload_status_reads_symmetric_ds_as_each_version_holds_it() {
    use webpos_version_guard::servers::json::parse_reload_status;
    use webpos_version_guard::servers::wire::{LoadKind, ReloadState, ReloadStatusData};
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo, _) = openbravo().await;
    let owner = cluster.url("owner", "central");
    execute(
        &owner,
        "INSERT INTO sym_node_security (node_id, node_password, initial_load_enabled, initial_load_time, initial_load_end_time, initial_load_id) VALUES \
           ('store1', 'secret-1', 0, '2026-11-30 07:50', '2026-11-30 08:12', 1), \
           ('store1b', 'secret-2', 0, '2026-12-01 10:00', NULL, 5), \
           ('store2', 'secret-3', 0, '2026-11-02 06:00', '2026-11-02 06:30', 2), \
           ('closed', 'secret-4', 1, NULL, NULL, NULL), \
           ('not-a-store', 'secret-5', 0, NULL, NULL, NULL); \
         INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status, load_id) \
           SELECT 500 + g, 'store1b', 'reload', CASE WHEN g <= 3 THEN 'OK' ELSE 'NE' END, 5 FROM generate_series(1, 12) g; \
         INSERT INTO sym_outgoing_batch (batch_id, node_id, channel_id, status, load_id) \
           SELECT 100 + g, 'store1', 'reload', 'OK', 1 FROM generate_series(1, 40) g; \
         INSERT INTO sym_table_reload_request (target_node_id, source_node_id, trigger_id, router_id, create_time, processed, last_update_time) \
           SELECT 'store2', 'central', 'table_' || g, 'central_2_store', '2026-12-01 09:00', 0, now() FROM generate_series(1, 3) g;",
    )
    .await;
    let central = serve(config(&cluster, "central", "central", &openbravo)).await;
    let http = reqwest::Client::new();
    let url = format!("{central}/ReloadStatus");
    assert_eq!(ask(http.get(&url)).await.status, 401, "central's credential only");
    let read = || async {
        let answer = ask(http.get(&url).bearer_auth("central-secret")).await;
        assert_eq!(answer.status, 200, "{}", message(&answer));
        parse_reload_status(&answer.body).unwrap()
    };
    let state = |data: &ReloadStatusData, key: &str| {
        data.nodes
            .iter()
            .find(|n| n.server_key == key)
            .cloned()
            .unwrap_or_else(|| panic!("{key}: {data:?}"))
    };
    let newest = read().await;
    assert!(newest.unreadable.is_none() && newest.absent.is_empty(), "{newest:?}");
    assert!(newest.nodes.iter().all(|n| n.server_key != "not-a-store"), "stores only");
    let done = state(&newest, "store1");
    assert_eq!(
        (done.state, done.load, done.at.as_deref()),
        (ReloadState::Done, LoadKind::Initial, Some("2026-11-30 08:12"))
    );
    let loading = state(&newest, "store1b");
    assert_eq!(
        (loading.state, loading.batches_loaded, loading.batches),
        (ReloadState::Loading, Some(3), Some(12))
    );
    let requested = state(&newest, "store2");
    assert_eq!(
        (requested.state, requested.load, requested.tables),
        (ReloadState::Requested, LoadKind::Tables, Some(3))
    );
    assert_eq!(loading.at.as_deref(), Some("2026-12-01 10:00"), "its start as SymmetricDS says it");
    // A node whose definition is not an active store is none of the overview's.
    assert!(newest.nodes.iter().all(|n| n.server_key != "closed"), "{newest:?}");
    // A batch of the load in error: the load failed, the batch named.
    execute(&owner, "UPDATE sym_outgoing_batch SET status = 'ER' WHERE batch_id = 504").await;
    let failed = state(&read().await, "store1b");
    assert_eq!(
        (failed.state, failed.detail.as_deref()),
        (ReloadState::Failed, Some("batch 504 in error"))
    );

    // SymmetricDS 3.8's shape.
    execute(
        &owner,
        "ALTER TABLE sym_node_security DROP COLUMN initial_load_end_time; \
         DROP TABLE sym_table_reload_status; \
         ALTER TABLE sym_table_reload_request DROP COLUMN processed, ADD COLUMN reload_enabled smallint DEFAULT 0; \
         UPDATE sym_table_reload_request SET reload_enabled = 1;",
    )
    .await;
    let old = read().await;
    assert_eq!(
        old.absent,
        ["node_security.initial_load_end_time", "table_reload_status"],
        "{old:?}"
    );
    let done = state(&old, "store1");
    assert_eq!(
        (done.state, done.at.as_deref()),
        (ReloadState::Done, Some("2026-11-30 07:50")),
        "done at its start"
    );
    assert_eq!(state(&old, "store1b").state, ReloadState::Failed);
    assert_eq!(state(&old, "store2").state, ReloadState::Requested);

    // Not granted: said in words, no node listed, the service still answers.
    execute(&owner, "REVOKE ALL ON sym_node_security FROM version_agent").await;
    let unreadable = read().await;
    assert!(unreadable.nodes.is_empty());
    let why = unreadable.unreadable.unwrap_or_default();
    assert!(why.contains("sym_node_security") && why.contains("not granted"), "{why}");
}

/// The agent's role reads the load columns of `sym_node_security`, never a node's password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agent_s_role_cannot_read_symmetric_ds_node_passwords() {
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let agent = connect(&cluster.url("version_agent", "central")).await;
    let refused = agent.query("SELECT node_password FROM sym_node_security", &[]).await;
    assert!(refused.is_err(), "node_password must not be readable");
    assert!(agent
        .query("SELECT node_id, initial_load_time FROM sym_node_security", &[])
        .await
        .is_ok());
}

/// A till in store mode reports its check to the store it came from (issue #39): the store's
/// agent takes it only from a logged-in session of the store, from the store's own page, for a
/// terminal of the session's client and of this store, bounded and rate-limited; it holds it
/// for central, and the overview's collector fetches it (central's credential) when the
/// store's status says there is something new.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_till_in_store_mode_reports_to_its_store_and_central_fetches_it() {
    use webpos_version_guard::login::till_report::{parse_held_reports, HeldMark, TillOutcome};
    use webpos_version_guard::servers::protocol::TILL_REPORTS_HEADER;
    let cluster = Cluster::new().unwrap();
    let (central, store, _) = deployment(&cluster).await;
    execute(
        &cluster.url("owner", "store1"),
        "INSERT INTO obpos_applications (obpos_applications_id, ad_client_id, ad_org_id, value, name) VALUES
           ('T-X', 'CLIENT-X', 'ORG-X', 'X-1', 'Another client''s till'),
           ('T-O', 'CLIENT-WV', 'ORG-OTHER', 'OT-1', 'Another store''s till');",
    )
    .await;
    let store_origin = store.trim_end_matches("/openbravo").to_owned();
    let http = reqwest::Client::new();
    let report = |terminal: &str, extra: &str| {
        format!(
            r#"{{"terminal":"{terminal}","storeServer":"store9","when":"login","outcome":"storeMode","rule":1,"totalMs":31{extra}}}"#
        )
    };
    let post = |body: String, cookie: Option<&str>, origin: Option<&str>| {
        let mut request =
            http.post(format!("{store}/org.example.versionguard/TillReport")).body(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie.to_owned());
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin.to_owned());
        }
        request
    };
    let cashier = Some("JSESSIONID=cashier-session");
    let own = Some(store_origin.as_str());
    for (what, request, status, words) in [
        ("no session", post(report("VBS-1", ""), None, own), 401, "Not logged in"),
        ("no Origin", post(report("VBS-1", ""), cashier, None), 403, "no Origin header"),
        (
            "central's page",
            post(report("VBS-1", ""), cashier, Some(central.trim_end_matches("/openbravo"))),
            403,
            "cross-site",
        ),
        (
            "a ticket",
            post(report("VBS-1", r#","ticket":{"lines":[]}"#), cashier, own),
            400,
            "unknown field",
        ),
        (
            "a bad rule",
            post(report("VBS-1", "").replace("\"rule\":1", "\"rule\":9"), cashier, own),
            400,
            "decision table",
        ),
        (
            "oversized",
            post(report("VBS-1", &format!(r#","reason":"{}""#, "x".repeat(5000))), cashier, own),
            413,
            "at most 4096 bytes",
        ),
        ("unknown terminal", post(report("NOPE-1", ""), cashier, own), 404, "knows no terminal"),
        (
            "another client's",
            post(report("X-1", ""), cashier, own),
            403,
            "not of the session's client",
        ),
        (
            "another store's",
            post(report("OT-1", ""), cashier, own),
            403,
            "not of this store server",
        ),
    ] {
        let answer = ask(request).await;
        assert_eq!(answer.status, status, "{what}: {}", message(&answer));
        assert!(message(&answer).contains(words), "{what}: {}", message(&answer));
    }
    // Nothing refused was held; the status says so.
    let status = ask(http.get(format!("{store}/org.example.versionguard/StoreStatus"))).await;
    let mark = |answer: &common::Answer| {
        HeldMark::parse(answer.headers.get(TILL_REPORTS_HEADER).unwrap().to_str().unwrap()).unwrap()
    };
    assert_eq!(mark(&status).last, 0);

    // The store's own page, the cashier's session: taken, the store named by the agent.
    let answer = ask(post(report("VBS-1", ""), cashier, own)).await;
    assert_eq!(answer.status, 202, "{}", message(&answer));
    let status = ask(http.get(format!("{store}/org.example.versionguard/StoreStatus"))).await;
    assert_eq!(mark(&status).last, 1);
    // Only central's credential reads what is held.
    let held = format!("{store}/org.example.versionguard/TillReports?after=0");
    assert_eq!(ask(http.get(&held)).await.status, 401);
    let answer = ask(http.get(&held).bearer_auth("central-secret")).await;
    let data = parse_held_reports(&answer.body).unwrap();
    assert_eq!(data.reports.len(), 1);
    let first = &data.reports[0];
    assert_eq!(
        (first.user.as_str(), first.report.store_server.as_deref(), first.report.outcome),
        ("vallblanca", Some("store1"), TillOutcome::StoreMode)
    );
    // The same report sent again (its id): refused, held once.
    let with_id = report("VBS-1", r#","id":"7c0ffee""#);
    assert_eq!(ask(post(with_id.clone(), cashier, own)).await.status, 202);
    let again = ask(post(with_id, cashier, own)).await;
    assert_eq!(again.status, 409, "{}", message(&again));
    assert!(message(&again).contains("received already"));
    // A flood from one session: refused with a wait, nothing more held.
    let mut refused = 0;
    for _ in 0..8 {
        let answer = ask(post(report("VBS-1", ""), cashier, own)).await;
        if answer.status == 429 {
            assert!(answer.headers.get("retry-after").is_some());
            refused += 1;
        }
    }
    assert_eq!(refused, 8, "the session's 6 a minute are spent");
    let status = ask(http.get(format!("{store}/org.example.versionguard/StoreStatus"))).await;
    let last = mark(&status).last;
    assert_eq!(last, 2, "the first report and the one with an id");

    // The overview's collector, as central runs it: the pass fetches what the store holds.
    let mut config = openbravo_version_overview::config::Config::new(central.clone());
    config.server_token = Some("central-secret".into());
    let collector = openbravo_version_overview::collector::Collector::new(config).unwrap();
    for _ in 0..2 {
        assert!(collector.request_pass());
        let deadline = Instant::now() + Duration::from_secs(15);
        tokio::time::sleep(Duration::from_millis(100)).await;
        while collector.pass().running {
            assert!(Instant::now() < deadline, "the pass did not end");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let tills = collector.tills_of("store1");
    assert_eq!(tills.len(), 1, "{tills:?}");
    let (terminal, reports) = &tills[0];
    assert_eq!(terminal, "VBS-1");
    // Each report once, though two passes saw the mark.
    assert_eq!(reports.len() as u64, last, "{reports:?}");
    assert!(reports.iter().all(|r| r.user == "vallblanca"
        && r.report.store_server.as_deref() == Some("store1")
        && r.report.outcome == TillOutcome::StoreMode));
}
