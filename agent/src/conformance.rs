//! `openbravo-version-agent conformance --central URL`: asks every service of a deployment (the
//! agent, an integrator's Java services, the simulator) what the guard and the overview ask,
//! and reports each answer that breaks the protocol (docs/PROTOCOL.md), in words. The guard's
//! own parsers and limits judge every answer, so what passes here is what the guard accepts.

use std::time::Duration;

use webpos_version_guard::base::limits::MAX_BODY_BYTES;
use webpos_version_guard::login::store_mode::web_origin;
use webpos_version_guard::login::till_report::{parse_held_reports, HeldMark};
use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::servers::json::{
    parse_server_definitions_current, parse_store_status, parse_terminal_info, parse_version_info,
};
use webpos_version_guard::servers::protocol::{
    till_report_path, Service, ServicePaths, PREFERENCE_PROPERTY, TILL_REPORTS_HEADER,
};
use webpos_version_guard::servers::wire::ServerType;

/// What to check.
#[derive(Clone, Debug)]
pub struct Target {
    /// Central's base URL, e.g. `https://central.example/openbravo`.
    pub central: String,
    /// A terminal's search key, to check the terminal's store server (optional).
    pub terminal: Option<String>,
    /// Where the services are.
    pub paths: ServicePaths,
    /// Stores checked at most (the first by central's order).
    pub max_stores: usize,
    /// The time limit of each request.
    pub timeout: Duration,
    /// Central's credential (`--token-file`), to read `VersionCheckPreferences` as the
    /// overview's collector does; without it, only its refusal of a stranger is checked.
    pub token: Option<String>,
}

/// The findings: what holds, what breaks the protocol, what could not be checked.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Checks that passed.
    pub passed: Vec<String>,
    /// Answers that break the protocol.
    pub broken: Vec<String>,
    /// What could not be checked, and why.
    pub notes: Vec<String>,
}

impl Report {
    /// The report as lines for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.passed {
            out.push_str(&format!("ok      {line}\n"));
        }
        for line in &self.notes {
            out.push_str(&format!("note    {line}\n"));
        }
        for line in &self.broken {
            out.push_str(&format!("BROKEN  {line}\n"));
        }
        out.push_str(&format!(
            "{} passed, {} broken, {} not checked\n",
            self.passed.len(),
            self.broken.len(),
            self.notes.len()
        ));
        out
    }
}

struct Got {
    status: u16,
    body: Vec<u8>,
    /// The tills' reports header ([`TILL_REPORTS_HEADER`]), when sent.
    held: Option<String>,
}

async fn fetch(request: reqwest::RequestBuilder) -> Result<Got, String> {
    let response = request.send().await.map_err(|e| format!("no answer ({e})"))?;
    let status = response.status().as_u16();
    let held = response
        .headers()
        .get(TILL_REPORTS_HEADER)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let body = response.bytes().await.map_err(|e| format!("the answer broke off ({e})"))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(format!("{} bytes, over the protocol's {MAX_BODY_BYTES}", body.len()));
    }
    Ok(Got { status, body: body.to_vec(), held })
}

/// Whether an answer is mobile core's error envelope.
fn is_error_envelope(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| {
        v["response"]["status"].as_i64().is_some_and(|s| s < 0)
            && v["response"]["error"]["message"].as_str().is_some()
    })
}

/// Runs every check against `target`.
pub async fn check(target: &Target) -> Report {
    let mut report = Report::default();
    let http = match reqwest::Client::builder()
        .timeout(target.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
    {
        Ok(http) => http,
        Err(e) => {
            report.broken.push(format!("no HTTP client: {e}"));
            return report;
        }
    };
    let central = target.central.trim_end_matches('/');
    let url = |base: &str, service: Service| target.paths.url(base, service);

    // Central's definitions.
    let what =
        format!("central's ServerDefinitions ({})", url(central, Service::ServerDefinitions));
    let definitions = match fetch(http.get(url(central, Service::ServerDefinitions))).await {
        Ok(got) if got.status == 200 => match parse_server_definitions_current(&got.body) {
            Ok((servers, current)) => {
                report.passed.push(format!("{what}: {} servers", servers.len()));
                let main = servers.iter().find(|s| s.server_type == ServerType::Main);
                match (main, &current) {
                    (None, _) => report.broken.push(format!("{what}: no MAIN server")),
                    (Some(m), Some(c)) if *c != m.key => report.broken.push(format!(
                        "{what}: central names itself {c:?}, not its MAIN definition {:?}",
                        m.key
                    )),
                    (Some(_), Some(_)) => report.passed.push(format!("{what}: names itself")),
                    (Some(_), None) => report.notes.push(format!(
                        "{what}: no currentServer (optional; the guard then compares origins)"
                    )),
                }
                servers
            }
            Err(e) => {
                report.broken.push(format!("{what}: {e}"));
                Vec::new()
            }
        },
        Ok(got) => {
            report.broken.push(format!("{what}: HTTP {}", got.status));
            Vec::new()
        }
        Err(e) => {
            report.broken.push(format!("{what}: {e}"));
            Vec::new()
        }
    };

    // Central's version information.
    let what = "central's VersionInformation";
    match fetch(http.get(url(central, Service::VersionInformation))).await {
        Ok(got) if got.status == 200 => match parse_version_info(&got.body) {
            Ok(info) => report.passed.push(format!("{what}: {} modules", info.modules.len())),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        },
        Ok(got) => report.broken.push(format!("{what}: HTTP {}", got.status)),
        Err(e) => report.broken.push(format!("{what}: {e}")),
    }

    // The preference in force for each server's client: what the overview's "blocks logins
    // now" reads, with central's credential only (it names every server's client).
    let what = "central's VersionCheckPreferences";
    let preferences = url(central, Service::VersionCheckPreferences);
    refused_without_credential(
        &http,
        &mut report,
        what,
        &preferences,
        "names every server's client",
    )
    .await;
    if let Some(token) = &target.token {
        let request = http.get(&preferences).bearer_auth(token);
        match fetch(request).await {
            Ok(got) if got.status == 200 => {
                match webpos_version_guard::servers::json::parse_version_check_preferences(
                    &got.body,
                ) {
                    Ok(data) => report.passed.push(format!(
                        "{what}: {} servers, property {}",
                        data.servers.len(),
                        data.property
                    )),
                    Err(e) => report.broken.push(format!("{what}: {e}")),
                }
            }
            Ok(got) => report.broken.push(format!("{what}: HTTP {}", got.status)),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
    } else {
        report
            .notes
            .push(format!("{what} with central's credential: not checked (no --token-file given)"));
    }

    // The stores' SymmetricDS loads (the overview's Reload Status): central's credential only;
    // every node it lists is a store of the definitions, and what it cannot read is said.
    let what = "central's ReloadStatus";
    let reloads = url(central, Service::ReloadStatus);
    refused_without_credential(&http, &mut report, what, &reloads, "tells every store's loads")
        .await;
    if let Some(token) = &target.token {
        match fetch(http.get(&reloads).bearer_auth(token)).await {
            Ok(got) if got.status == 200 => {
                match webpos_version_guard::servers::json::parse_reload_status(&got.body) {
                    Ok(data) => {
                        let strangers: Vec<&str> = data
                            .nodes
                            .iter()
                            .map(|n| n.server_key.as_str())
                            .filter(|key| {
                                !definitions
                                    .iter()
                                    .any(|d| d.key == *key && d.server_type == ServerType::Store)
                            })
                            .collect();
                        if !strangers.is_empty() {
                            report.broken.push(format!(
                                "{what}: nodes that are no STORE definition: {strangers:?}"
                            ));
                        } else if let Some(why) = &data.unreadable {
                            report.notes.push(format!("{what}: SymmetricDS not readable: {why}"));
                        } else {
                            report.passed.push(format!(
                                "{what}: {} store nodes{}",
                                data.nodes.len(),
                                if data.absent.is_empty() {
                                    String::new()
                                } else {
                                    format!(" (absent: {})", data.absent.join(", "))
                                }
                            ));
                        }
                    }
                    Err(e) => report.broken.push(format!("{what}: {e}")),
                }
            }
            Ok(got) => report.broken.push(format!("{what}: HTTP {}", got.status)),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
    }

    // The terminal's store server, and the preference in force for its client (no session).
    if let Some(terminal) = &target.terminal {
        let what = format!("central's TerminalStoreServer for {terminal:?}");
        let request = http
            .get(url(central, Service::TerminalInfo))
            .query(&[("terminal", terminal.as_str()), ("property", PREFERENCE_PROPERTY)]);
        match fetch(request).await {
            Ok(got) if got.status == 200 => match parse_terminal_info(&got.body) {
                Ok(info) => {
                    match &info.store_server {
                        Some(key)
                            if !definitions
                                .iter()
                                .any(|d| d.key == *key && d.server_type == ServerType::Store) =>
                        {
                            report.broken.push(format!(
                                "{what}: store server {key:?} is no STORE definition"
                            ))
                        }
                        _ => report
                            .passed
                            .push(format!("{what}: store server {:?}", info.store_server)),
                    }
                    if info.client_preference.is_none() {
                        report.notes.push(format!("{what}: no clientPreference (the till falls back to the value last seen)"));
                    }
                }
                Err(e) => report.broken.push(format!("{what}: {e}")),
            },
            Ok(got) => report
                .broken
                .push(format!("{what}: HTTP {} (it must answer without a session)", got.status)),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
    }

    // Session services refuse a request without a session.
    for service in [Service::Preferences, Service::SessionInfo] {
        let what = format!("central's {} without a session", service.simple_name());
        let mut request = http.get(url(central, service));
        if service == Service::Preferences {
            request = request.query(&[("property", PREFERENCE_PROPERTY)]);
        }
        match fetch(request).await {
            Ok(got) if got.status == 401 => report.passed.push(format!("{what}: 401")),
            Ok(got) => report.broken.push(format!("{what}: HTTP {}, not 401", got.status)),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
    }

    // The tills' reports of pages loaded from central: the overview's collector takes them
    // from central's own pages with a session only.
    let intake = format!("{central}/{}", till_report_path());
    till_intake(&http, &mut report, "central's overview (api/till-report)", &intake, central).await;

    // The stores: status (versions and pending count, anonymous), their own definitions, and
    // a recompute without central's credential refused.
    let stores: Vec<_> =
        definitions.iter().filter(|d| d.server_type == ServerType::Store).collect();
    let mut answered = 0;
    for store in stores.iter().take(target.max_stores) {
        let base = store.url.trim_end_matches('/');
        let what = format!("store {}'s StoreStatus", store.key);
        match fetch(http.get(url(base, Service::StoreStatus))).await {
            Err(e) => {
                report.notes.push(format!("{what}: {e}"));
                continue;
            }
            Ok(got) if got.status != 200 => {
                report.broken.push(format!("{what}: HTTP {}", got.status))
            }
            Ok(got) => match parse_store_status(&got.body) {
                Ok(status) => {
                    answered += 1;
                    let held = got.held.as_deref().map(|v| (v, HeldMark::parse(v)));
                    match held {
                        None => report.notes.push(format!("{what}: no {TILL_REPORTS_HEADER} header (tills in store mode are not fetched by the overview)")),
                        Some((value, None)) => report.broken.push(format!("{what}: {TILL_REPORTS_HEADER} {value:?} is not <inbox>.<last>")),
                        Some((_, Some(_))) => {}
                    }
                    if status.info.server_key != store.key {
                        report.broken.push(format!(
                            "{what}: answers as {:?}, not {:?}",
                            status.info.server_key, store.key
                        ));
                    }
                    match &status.pending {
                        Ok(n) => report.passed.push(format!(
                            "{what}: {} modules, {n} batches pending",
                            status.info.modules.len()
                        )),
                        Err(why) => report
                            .notes
                            .push(format!("{what}: cannot count its pending batches ({why})")),
                    }
                }
                Err(e) => report.broken.push(format!("{what}: {e}")),
            },
        }
        let what = format!("store {}'s ServerDefinitions", store.key);
        match fetch(http.get(url(base, Service::ServerDefinitions))).await {
            Ok(got) if got.status == 200 => match parse_server_definitions_current(&got.body) {
                Ok((_, Some(current))) if current != store.key => report
                    .broken
                    .push(format!("{what}: names itself {current:?}, not {:?}", store.key)),
                Ok(_) => report.passed.push(what),
                Err(e) => report.broken.push(format!("{what}: {e}")),
            },
            Ok(got) => report.broken.push(format!("{what}: HTTP {}", got.status)),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
        let what = format!(
            "store {}'s RecomputeVersionInformation without central's credential",
            store.key
        );
        match fetch(http.post(url(base, Service::RecomputeVersionInformation))).await {
            Ok(got) if got.status == 401 && is_error_envelope(&got.body) => {
                report.passed.push(format!("{what}: 401"))
            }
            Ok(got) => report
                .broken
                .push(format!("{what}: HTTP {}, not 401 with an error in words", got.status)),
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
        let what = format!("store {}'s TillReport", store.key);
        till_intake(&http, &mut report, &what, &url(base, Service::TillReport), base).await;
        let what = format!("store {}'s TillReports", store.key);
        let held = url(base, Service::TillReports);
        refused_without_credential(&http, &mut report, &what, &held, "tells the tills' reports")
            .await;
        if let Some(token) = &target.token {
            match fetch(http.get(&held).bearer_auth(token)).await {
                Ok(got) if got.status == 200 => match parse_held_reports(&got.body) {
                    Ok(data) => report.passed.push(format!(
                        "{what}: {} held, the last number {}",
                        data.reports.len(),
                        data.last
                    )),
                    Err(e) => report.broken.push(format!("{what}: {e}")),
                },
                Ok(got) => report.broken.push(format!("{what}: HTTP {}", got.status)),
                Err(e) => report.broken.push(format!("{what}: {e}")),
            }
        }
    }
    if !stores.is_empty() && answered == 0 {
        report.broken.push("no store server answered StoreStatus".to_owned());
    }
    if stores.len() > target.max_stores {
        report.notes.push(format!(
            "{} stores not asked (--max-stores {})",
            stores.len() - target.max_stores,
            target.max_stores
        ));
    }
    report
}

/// `GET url` without central's credential must be refused (401): what it `tells` a stranger
/// otherwise is said when it is not.
async fn refused_without_credential(
    http: &reqwest::Client,
    report: &mut Report,
    what: &str,
    url: &str,
    tells: &str,
) {
    match fetch(http.get(url)).await {
        Ok(got) if got.status == 401 => {
            report.passed.push(format!("{what} without central's credential: 401"))
        }
        Ok(got) => report.broken.push(format!(
            "{what} without central's credential: HTTP {}, not 401 (it {tells})",
            got.status
        )),
        Err(e) => report.broken.push(format!("{what}: {e}")),
    }
}

/// A till-report intake at `url` on the server whose base URL is `base`: a report from another
/// site is refused (403), one from the server's own page without a session too (401), each
/// with nothing kept. A 404 is a note: nothing receives the tills' reports there.
async fn till_intake(
    http: &reqwest::Client,
    report: &mut Report,
    what: &str,
    url: &str,
    base: &str,
) {
    let body = r#"{"terminal":"CONFORMANCE-CHECK","when":"login","outcome":"proceeded","rule":4}"#;
    let Some(own) = web_origin(base, &UrlCrate) else {
        report.notes.push(format!("{what}: not checked ({base} has no web origin)"));
        return;
    };
    for (origin, expected, why) in [
        ("https://conformance.invalid", 403, "a report from another site"),
        (own.as_str(), 401, "a report without a session"),
    ] {
        let request = http
            .post(url)
            .header("origin", origin)
            .header("content-type", "application/json")
            .body(body);
        match fetch(request).await {
            Ok(got) if got.status == expected => {
                report.passed.push(format!("{what}: {why}: {expected}"))
            }
            Ok(got) if got.status == 404 => {
                report.notes.push(format!(
                    "{what}: HTTP 404 at {url}: nothing receives the tills' reports there"
                ));
                return;
            }
            Ok(got) => {
                report.broken.push(format!("{what}: {why}: HTTP {}, not {expected}", got.status))
            }
            Err(e) => report.broken.push(format!("{what}: {e}")),
        }
    }
}
