//! What a retailer installs, tested as Openbravo and Debian would take it: the `.obx` files and
//! the `.deb` packages in `dist/` (`npm run package`, which `npm test` runs first).
//! - The module file: what Module Management checks (one root folder equal to the java package,
//!   the file name, `TYPE` M, non-empty dependency and prefix files); every sourcedata and
//!   translation row loaded into PostgreSQL tables with Openbravo's own columns, lengths,
//!   NOT NULLs, checks and keys (tests/sql/module-tables.sql); the labels are the crate's words;
//!   the Java compiled with `javac` against Openbravo's signatures (tests/java-stubs), and every
//!   path it declares is in the file; the same sources give the same bytes.
//! - The Debian packages: unpacked with `dpkg-deb -x`, their units checked with
//!   `systemd-analyze verify`, their binaries started with their own unit's command line and
//!   configuration (filled in as the install guide says) against a real PostgreSQL: the agents
//!   pass `conformance`, the overview shows the store.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{databases, execute, openbravo, AGENT_PASSWORD};
use openbravo_version_agent::cluster::Cluster;
use openbravo_version_agent::module::{sourcedata_rows, translation_rows, Translation};
use webpos_version_guard::servers::protocol::LABEL_PREFIX;
use webpos_version_guard::texts::cashier::{Label, Language};

const MODULE: &str = "org.example.versionguard";
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A file of `dist/`, or the test fails saying how to make it.
fn dist(name: &str) -> PathBuf {
    let path = repository().join("dist").join(name);
    assert!(
        path.is_file(),
        "{} is missing: run `npm run package` first (npm test does)",
        path.display()
    );
    path
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("package-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(output.status.success(), "{command:?} failed: {output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The `.obx`'s entries, and the file unpacked into a folder, by Python's `zipfile` (a reader
/// that is not ours).
fn unzip(obx: &Path, name: &str) -> (Vec<String>, PathBuf) {
    let dir = temp(name);
    let listing = run(Command::new("python3").args([
        "-c",
        "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        obx.to_str().unwrap(),
    ]));
    run(Command::new("python3").args(["-m", "zipfile", "-e", obx.to_str().unwrap()]).arg(&dir));
    (listing.lines().map(str::to_owned).collect(), dir)
}

fn sourcedata(text: &str, table: &str) -> Vec<BTreeMap<String, String>> {
    sourcedata_rows(text, table).unwrap_or_else(|e| panic!("{table}: {e}"))
}

fn translations(text: &str) -> Translation {
    let translation = translation_rows(text).unwrap();
    assert_eq!(translation.language, "es_ES");
    translation
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_module_files_are_what_module_management_installs() {
    for (root, prefix_file) in [(MODULE.to_owned(), true), (format!("{MODULE}.es_ES"), false)] {
        let name = format!("{root}-{VERSION}.obx");
        let obx = dist(&name);
        let (entries, dir) = unzip(&obx, &root);
        // One root folder, the module's java package; the file name is <javapackage>-<version>.obx.
        assert!(entries.iter().all(|e| e.starts_with(&format!("{root}/"))), "{entries:?}");
        let data = dir.join(&root).join("src-db/database/sourcedata");
        let module = sourcedata(&read(&data.join("AD_MODULE.xml")), "AD_MODULE");
        assert_eq!(module.len(), 1);
        assert_eq!(module[0]["TYPE"], "M");
        assert_eq!(module[0]["JAVAPACKAGE"], root);
        assert_eq!(module[0]["VERSION"], VERSION);
        assert_eq!(module[0]["VERSION"].split('.').count(), 3);
        // A dependency or prefix file, when present, holds a row (an empty one fails the install).
        let dependencies =
            sourcedata(&read(&data.join("AD_MODULE_DEPENDENCY.xml")), "AD_MODULE_DEPENDENCY");
        assert!(!dependencies.is_empty());
        let prefix = data.join("AD_MODULE_DBPREFIX.xml");
        assert_eq!(prefix.exists(), prefix_file, "{}", prefix.display());
        if prefix_file {
            let prefixes = sourcedata(&read(&prefix), "AD_MODULE_DBPREFIX");
            assert_eq!(prefixes.len(), 1);
            assert_eq!(prefixes[0]["NAME"], "EXVG");
            // Depends on Web POS (labels and preferences reach the WebPOS only so) and mobile core.
            let on: Vec<&str> =
                dependencies.iter().map(|d| d["AD_DEPENDENT_MODULE_ID"].as_str()).collect();
            assert!(on.contains(&"FF808181326CC34901326D53DBCF0018"), "{on:?}");
            assert!(on.contains(&"08943B85ADF64E708797A753E5B6AAEE"), "{on:?}");
            // Every path the Java declares is in the file.
            let java = dir.join(&root).join("src/org/example/versionguard");
            let mut declared = 0;
            for file in ["VersionGuardComponentProvider.java", "VersionGuardAppCacheResources.java"]
            {
                for literal in read(&java.join(file)).split('"').skip(1).step_by(2) {
                    if literal.starts_with("js/") {
                        let path = dir.join(&root).join("web").join(MODULE).join(literal);
                        assert!(path.is_file(), "{file} declares {literal}, not in the .obx");
                        declared += 1;
                    }
                }
            }
            assert_eq!(declared, 3, "the adapter and the package's two files");
        } else {
            assert_eq!(module[0]["ISTRANSLATIONMODULE"], "Y");
            assert_eq!(module[0]["AD_LANGUAGE"], "es_ES");
            assert!(dir
                .join(&root)
                .join("referencedata/translation/es_ES/AD_MESSAGE_TRL_es_ES.xml")
                .is_file());
        }
        // The same sources give the same bytes: the unpacked tree zipped again is the same file.
        let again = temp(&format!("{root}-again")).join(&name);
        run(Command::new("python3")
            .arg(repository().join("scripts/module/zip.py"))
            .arg(&dir)
            .arg(&root)
            .arg(&again));
        assert_eq!(
            std::fs::read(&again).unwrap(),
            std::fs::read(&obx).unwrap(),
            "{name} is not reproducible"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
    // The rows are the generator's, now: it gives the same files again.
    let fresh = temp("sourcedata");
    run(Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "module-sourcedata", "--"])
        .arg(&fresh)
        .current_dir(repository()));
    let (_, dir) = unzip(&dist(&format!("{MODULE}-{VERSION}.obx")), "current");
    let data = "src-db/database/sourcedata/AD_MESSAGE.xml";
    assert_eq!(
        read(&fresh.join(MODULE).join(data)),
        read(&dir.join(MODULE).join(data)),
        "dist/ is stale"
    );
}

/// Every row of both module files into Openbravo's tables (tests/sql/module-tables.sql); the
/// labels are the crate's words in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_fits_openbravo_s_tables() {
    let cluster = Cluster::new().unwrap();
    execute(&cluster.url("owner", "postgres"), "CREATE DATABASE module").await;
    let url = cluster.url("owner", "module");
    execute(
        &url,
        &read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sql/module-tables.sql")),
    )
    .await;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    let mut inserted = BTreeMap::<String, usize>::new();
    // Module Management loads the module first, then what references it; the base module
    // before its translation.
    let order = [
        "AD_MODULE",
        "AD_MODULE_DBPREFIX",
        "AD_MODULE_DEPENDENCY",
        "AD_REF_LIST",
        "AD_MESSAGE",
        "AD_MENU",
        "AD_TREENODE",
    ];
    for root in [MODULE.to_owned(), format!("{MODULE}.es_ES")] {
        let (_, dir) = unzip(&dist(&format!("{root}-{VERSION}.obx")), &format!("rows-{root}"));
        let data = dir.join(&root).join("src-db/database/sourcedata");
        let mut files: Vec<String> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".xml").to_owned())
            .collect();
        files.sort_by_key(|t| {
            order
                .iter()
                .position(|o| o == t)
                .unwrap_or_else(|| panic!("{t}: a table the test does not know"))
        });
        for table in files {
            for row in sourcedata(&read(&data.join(format!("{table}.xml"))), &table) {
                let columns: Vec<String> = row.keys().map(|c| c.to_lowercase()).collect();
                let json = serde_json::to_string(
                    &row.iter()
                        .map(|(k, v)| (k.to_lowercase(), v.clone()))
                        .collect::<BTreeMap<_, _>>(),
                )
                .unwrap();
                let sql = format!(
                    "INSERT INTO {t} ({c}) SELECT {c} FROM json_populate_record(NULL::{t}, $1::text::json)",
                    t = table.to_lowercase(),
                    c = columns.join(", ")
                );
                client
                    .execute(&sql, &[&json])
                    .await
                    .unwrap_or_else(|e| panic!("{table} {row:?}: {e:?}"));
                *inserted.entry(table.clone()).or_default() += 1;
            }
        }
        // The translation files, as Openbravo's TranslationHandler imports them into *_TRL.
        let trl = dir.join(&root).join("referencedata/translation/es_ES");
        if trl.is_dir() {
            for file in std::fs::read_dir(&trl).unwrap() {
                let path = file.unwrap().path();
                let Translation { table, rows, .. } = translations(&read(&path));
                assert!(path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{table}_TRL_es_ES")));
                for (id, values) in rows {
                    let mut record: BTreeMap<String, String> =
                        values.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
                    record.insert(
                        format!("{}_trl_id", table.to_lowercase()),
                        format!("{:X}", md5::compute(format!("{id}es_ES"))),
                    );
                    record.insert(format!("{}_id", table.to_lowercase()), id);
                    for (k, v) in [
                        ("ad_language", "es_ES"),
                        ("ad_client_id", "0"),
                        ("ad_org_id", "0"),
                        ("istranslated", "Y"),
                    ] {
                        record.insert(k.into(), v.into());
                    }
                    let columns: Vec<&String> = record.keys().collect();
                    let c = columns.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                    let t = format!("{}_trl", table.to_lowercase());
                    let sql = format!("INSERT INTO {t} ({c}) SELECT {c} FROM json_populate_record(NULL::{t}, $1::text::json)");
                    let json = serde_json::to_string(&record).unwrap();
                    client
                        .execute(&sql, &[&json])
                        .await
                        .unwrap_or_else(|e| panic!("{t} {record:?}: {e:?}"));
                    *inserted.entry(t).or_default() += 1;
                }
            }
        }
    }
    assert_eq!(inserted["AD_MESSAGE"], Label::ALL.len());
    assert_eq!(inserted["ad_message_trl"], Label::ALL.len());
    assert_eq!((inserted["AD_MENU"], inserted["AD_TREENODE"], inserted["AD_REF_LIST"]), (1, 1, 1));
    // The labels are the crate's words, in both languages, under the keys the guard reads.
    for label in Label::ALL {
        let row = client
            .query_one(
                "SELECT m.msgtext::text, t.msgtext::text FROM ad_message m JOIN ad_message_trl t USING (ad_message_id) \
                 WHERE m.value = $1 AND t.ad_language = 'es_ES'",
                &[&label.key(LABEL_PREFIX)],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, String>(0), label.template(Language::En));
        assert_eq!(row.get::<_, String>(1), label.template(Language::Es));
    }
    // The hot-fix property is a value of core's Property Configuration list, the menu entry a
    // node of the menu tree.
    let property: String = client
        .query_one("SELECT value::text FROM ad_ref_list WHERE ad_reference_id = 'A26BA480E2014707B47257024C3CBFF7'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(property, webpos_version_guard::servers::protocol::PREFERENCE_PROPERTY);
    let menu: String = client
        .query_one("SELECT m.url::text FROM ad_menu m JOIN ad_treenode n ON n.node_id = m.ad_menu_id AND n.ad_tree_id = '10'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(menu, webpos_version_guard::servers::protocol::ADMIN_PAGE);
}

/// The module's Java against the exact signatures of the Openbravo classes it uses.
#[test]
fn the_module_s_java_compiles_against_openbravo_s_signatures() {
    let (_, dir) = unzip(&dist(&format!("{MODULE}-{VERSION}.obx")), "java");
    let mut sources: Vec<PathBuf> = Vec::new();
    let mut walk = vec![repository().join("tests/java-stubs"), dir.join(MODULE).join("src")];
    while let Some(folder) = walk.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk.push(path);
            } else if path.extension().is_some_and(|e| e == "java") {
                sources.push(path);
            }
        }
    }
    let classes = temp("classes");
    let javac = Command::new("javac").arg("-version").output();
    assert!(javac.is_ok(), "javac is missing: scripts/setup.sh installs openjdk-17-jdk-headless");
    run(Command::new("javac")
        .args(["--release", "8", "-Xlint:all,-options", "-Werror", "-encoding", "UTF-8", "-d"])
        .arg(&classes)
        .args(&sources));
    for class in ["VersionGuardComponentProvider", "VersionGuardAppCacheResources"] {
        assert!(classes.join(format!("org/example/versionguard/{class}.class")).is_file());
    }
}

/// The `.deb` `package` unpacked by `dpkg-deb -x` into a folder of its own (`label`).
fn unpack(package: &str, label: &str) -> PathBuf {
    let root = temp(label);
    run(Command::new("dpkg-deb")
        .arg("-x")
        .arg(dist(&format!("{package}_{VERSION}_amd64.deb")))
        .arg(&root));
    root
}

/// `systemd-analyze verify` of an unpacked unit, where the machine has systemd-analyze (else
/// the test says why it did not run).
fn verify_unit(root: &Path, unit: &str) {
    let path = root.join("lib/systemd/system").join(unit);
    let text = read(&path);
    for hardening in ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "User="] {
        assert!(text.contains(hardening), "{unit} lacks {hardening}");
    }
    // The unpacked tree as a root of its own, with the machine's units beside the package's
    // (the targets every service depends on), so that verify resolves what a system would.
    let system_units = Path::new("/lib/systemd/system");
    if !system_units.is_dir() {
        eprintln!(
            "NOT CHECKED: systemd-analyze verify {unit}: this machine has no /lib/systemd/system"
        );
        return;
    }
    let verify_root = temp(&format!("verify-{unit}"));
    run(Command::new("cp").arg("-a").arg(format!("{}/.", root.display())).arg(&verify_root));
    run(Command::new("cp")
        .arg("-rn")
        .arg(format!("{}/.", system_units.display()))
        .arg(verify_root.join("lib/systemd/system")));
    let unit_path = verify_root.join("lib/systemd/system").join(unit);
    match Command::new("systemd-analyze")
        .arg("verify")
        .arg(format!("--root={}", verify_root.display()))
        .arg(&unit_path)
        .output()
    {
        Ok(output) => {
            let said = String::from_utf8_lossy(&output.stderr);
            // The unit's user exists only once postinst ran; everything else must verify, with
            // no warning either (an unknown key is only a warning).
            let problems: Vec<&str> = said
                .lines()
                .filter(|l| {
                    !l.trim().is_empty()
                        && !l.contains("Failed to resolve user")
                        && !l.contains("Failed to resolve group")
                })
                .collect();
            assert!(
                output.status.success() && problems.is_empty(),
                "systemd-analyze verify {unit}: {said}"
            );
        }
        Err(e) => eprintln!(
            "NOT CHECKED: systemd-analyze verify {unit}: systemd-analyze cannot run here ({e})"
        ),
    }
    let _ = std::fs::remove_dir_all(&verify_root);
}

/// The configuration file's settings (`NAME=value` lines).
fn settings(path: &Path) -> BTreeMap<String, String> {
    read(path)
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// The unit's ExecStart with the configuration's values (where it names one), the package's files (`/etc/…`,
/// `/usr/…`) found in the unpacked tree, and `/var/lib/…` in `state`.
fn exec_start(
    root: &Path,
    unit: &str,
    values: &BTreeMap<String, String>,
    state: &Path,
) -> Vec<String> {
    let text = read(&root.join("lib/systemd/system").join(unit));
    let line = text.lines().find_map(|l| l.strip_prefix("ExecStart=")).unwrap();
    line.split_whitespace()
        .map(|word| {
            let mut word = word.to_owned();
            for (k, v) in values {
                word = word.replace(&format!("${{{k}}}"), v);
            }
            assert!(!word.contains("${"), "{unit}: {word} is not in the configuration");
            if let Some(rest) = word.strip_prefix("/var/lib/") {
                return state.join(rest).display().to_string();
            }
            if ["/etc/", "/usr/"].iter().any(|dir| word.starts_with(dir)) {
                return root.join(&word[1..]).display().to_string();
            }
            word
        })
        .collect()
}

struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the unit's command with the configuration file's settings as its environment, as
/// systemd's `EnvironmentFile` gives them (and nothing else of this test's environment that the
/// services read).
fn start(command: Vec<String>, settings: &BTreeMap<String, String>) -> Running {
    let mut process = Command::new(&command[0]);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("OPENBRAVO_VERSION_") {
            process.env_remove(name);
        }
    }
    Running(process.args(&command[1..]).envs(settings).spawn().unwrap())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn until_answered(url: &str) -> reqwest::Response {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(response) = reqwest::get(url).await {
            assert_eq!(response.status(), 200, "{url}");
            return response;
        }
        assert!(Instant::now() < deadline, "{url} never answered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_debian_packages_run_as_installed_and_answer() {
    let agent = unpack("openbravo-version-agent", "agent");
    let overview = unpack("openbravo-version-overview", "overview");
    verify_unit(&agent, "openbravo-version-agent.service");
    verify_unit(&overview, "openbravo-version-overview.service");
    for (root, files) in [
        (
            &agent,
            vec![
                "usr/share/openbravo-version-agent/version-agent-role.sql",
                "usr/share/openbravo-version-agent/nginx/agent.conf",
                "usr/share/openbravo-version-agent/apache/agent.conf",
            ],
        ),
        (
            &overview,
            vec![
                "usr/share/openbravo-version-overview/www/admin/index.html",
                "usr/share/openbravo-version-overview/nginx/central.conf",
                "usr/share/openbravo-version-overview/apache/central.conf",
            ],
        ),
    ] {
        for file in files {
            assert!(root.join(file).is_file(), "{file}");
        }
    }
    // Secrets are readable by the service alone (root and its group, 0640; postinst sets the group).
    use std::os::unix::fs::PermissionsExt;
    for secret in
        ["etc/openbravo-version-agent/database-url", "etc/openbravo-version-agent/central-token"]
    {
        let mode = std::fs::metadata(agent.join(secret)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{secret}");
    }
    let conffiles = run(Command::new("dpkg-deb")
        .args(["-I"])
        .arg(dist(&format!("openbravo-version-agent_{VERSION}_amd64.deb")))
        .arg("conffiles"));
    assert!(
        conffiles.contains("/etc/openbravo-version-agent/agent.conf"),
        "an upgrade keeps the configuration: {conffiles}"
    );

    // The servers' databases; the two agents started as their unit starts them, with the
    // configuration filled in as the install guide says.
    let cluster = Cluster::new().unwrap();
    databases(&cluster).await;
    let (openbravo_url, _) = openbravo().await;
    let (central_port, store_port) = (free_port(), free_port());
    let base = |port: u16| format!("http://127.0.0.1:{port}/openbravo");
    for database in ["central", "store1"] {
        execute(&cluster.url("owner", database), &format!(
            "UPDATE obmobc_server_definition SET url = '{}' WHERE mobile_server_key = 'central';
             UPDATE obmobc_server_definition SET url = '{}' WHERE mobile_server_key = 'store1';
             UPDATE obmobc_server_definition SET isactive = 'N' WHERE mobile_server_key IN ('store1b', 'store2');",
            base(central_port), base(store_port)
        ))
        .await;
    }
    let token = "0123456789abcdef0123456789abcdef";
    let mut agents = Vec::new();
    for (database, key, port) in
        [("central", "central", central_port), ("store1", "store1", store_port)]
    {
        // Each server has its own /etc.
        let root = unpack("openbravo-version-agent", &format!("agent-{key}"));
        let etc = root.join("etc/openbravo-version-agent");
        std::fs::write(
            etc.join("database-url"),
            format!("{} password={AGENT_PASSWORD}", cluster.url("version_agent", database)),
        )
        .unwrap();
        std::fs::write(etc.join("central-token"), token).unwrap();
        let mut values = settings(&etc.join("agent.conf"));
        values.insert("OPENBRAVO_VERSION_AGENT_SERVER_KEY".into(), key.into());
        values.insert("OPENBRAVO_VERSION_AGENT_LISTEN".into(), format!("127.0.0.1:{port}"));
        values.insert("OPENBRAVO_VERSION_AGENT_OPENBRAVO".into(), openbravo_url.clone());
        let command = exec_start(&root, "openbravo-version-agent.service", &values, &root);
        agents.push(start(command, &values));
        until_answered(&format!("{}/org.example.versionguard/ServerDefinitions", base(port))).await;
    }
    let binary = agent.join("usr/bin/openbravo-version-agent");
    let token_file = temp("token").join("central-token");
    std::fs::write(&token_file, token).unwrap();
    let report = Command::new(&binary)
        .args([
            "conformance",
            "--central",
            &base(central_port),
            "--terminal",
            "VBS-1",
            "--token-file",
        ])
        .arg(&token_file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&report.stdout);
    assert!(report.status.success(), "conformance: {said}");
    assert!(said.contains("store store1's StoreStatus"), "{said}");

    // The overview, as its unit starts it.
    let etc = overview.join("etc/openbravo-version-overview");
    std::fs::write(etc.join("central-token"), token).unwrap();
    let port = free_port();
    let mut values = settings(&etc.join("overview.conf"));
    values.insert("OPENBRAVO_VERSION_OVERVIEW_CENTRAL".into(), base(central_port));
    values.insert("OPENBRAVO_VERSION_OVERVIEW_LISTEN".into(), format!("127.0.0.1:{port}"));
    values.insert(
        "OPENBRAVO_VERSION_OVERVIEW_PUBLIC_ORIGIN".into(),
        format!("http://127.0.0.1:{port}"),
    );
    let state = temp("state");
    std::fs::create_dir_all(state.join("openbravo-version-overview")).unwrap();
    let _collector = start(
        exec_start(&overview, "openbravo-version-overview.service", &values, &state),
        &values,
    );
    let page = until_answered(&format!(
        "http://127.0.0.1:{port}/openbravo/web/org.example.versionguard/overview/"
    ))
    .await;
    assert_eq!(page.status(), 200);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let metrics = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if metrics.contains("store1") {
            break;
        }
        assert!(Instant::now() < deadline, "the overview never showed store1: {metrics}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(state.join("openbravo-version-overview/overview.sqlite").is_file(), "the state file");
    drop(agents);
}
