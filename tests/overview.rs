//! The overview's rows, summary, CSV and Modules by Server.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{module, set};
use webpos_version_guard::overview::csv::{csv_field, to_csv};
use webpos_version_guard::overview::modules::{module_versions, modules_by_server, ModuleState};
use webpos_version_guard::overview::row::{
    overview_row, row_changes, CentralSays, DifferenceKind, OverviewRow, RowChange,
};
use webpos_version_guard::overview::summary::{summarize, version_counts, VersionCount};
use webpos_version_guard::overview::trend::{pending_trend, PendingTrend};
use webpos_version_guard::servers::failure::Failure;
use webpos_version_guard::servers::wire::{
    ServerDefinition, ServerStatus, ServerType, VersionInfo, WireError,
};
use webpos_version_guard::texts::cashier::Language;
use webpos_version_guard::texts::overview::csv_header;
use webpos_version_guard::versions::module::ModuleSet;

fn def(key: &str, status: ServerStatus) -> ServerDefinition {
    ServerDefinition { name: format!("Store {key}"), status, ..common::store(key) }
}

fn info(modules: ModuleSet) -> VersionInfo {
    VersionInfo {
        server_key: "s".into(),
        rebuild_status: Some("RESTART_PENDING".into()),
        computed_at: Some("2026-11-24T08:00:00Z".into()),
        modules,
    }
}

fn central() -> ModuleSet {
    set(&[("core", "3.0.1"), ("pos", "1.8.4600")])
}

fn row(
    status: ServerStatus,
    store: Result<ModuleSet, Failure>,
    pending: Result<u64, Failure>,
) -> OverviewRow {
    let c = central();
    let i = store.map(info);
    overview_row(
        &def("s1", status),
        Ok(&c),
        i.as_ref(),
        pending.as_ref().copied(),
        CentralSays::default(),
        Language::En,
    )
}

/// A network error in the client's words.
fn net(detail: &str) -> Failure {
    Failure::Network(detail.into())
}

/// An HTTP status without a message.
fn http(status: u16) -> Failure {
    Failure::Http { status, message: None }
}

#[test]
fn a_different_store_lists_its_differences() {
    let r = row(ServerStatus::Online, Ok(set(&[("core", "3.0.1"), ("pos", "1.8.4503")])), Ok(3));
    assert_eq!((r.server_status, r.server_status_code.code()), ("online", "ON"));
    assert_eq!(
        (r.version_status, r.version_status_code.as_str()),
        ("Different from Central", "different")
    );
    assert_eq!(r.pending_batches, Some(3));
    // The store's own answer says its database is ahead; central was not asked its reloads.
    assert_eq!(r.rebuild_status.as_deref(), Some("restart pending"));
    assert_eq!(r.rebuild_status_code.as_deref(), Some("RESTART_PENDING"));
    assert_eq!((r.reload_status.as_deref(), r.reload_status_code.as_deref()), (None, None));
    assert_eq!(r.differences.len(), 1);
    assert_eq!(r.differences_text, "Module pos (central 1.8.4600, store 1.8.4503)");
    assert!(r.version.as_deref().unwrap().starts_with("4.8.4504 #"));
    assert_eq!(r.error, None);
}

#[test]
fn an_unreachable_store_is_unknown_with_the_error_in_differences() {
    let r =
        row(ServerStatus::Offline, Err(net("connection refused")), Err(net("connection refused")));
    assert_eq!((r.server_status, r.version_status), ("offline", "Unknown"));
    assert_eq!(
        r.differences_text,
        "not reachable from central (network error: connection refused)"
    );
    assert_eq!(r.version, None);
    assert_eq!(r.pending_batches, None);
    assert_eq!(r.pending_error, None, "no pending error when the store did not answer at all");
}

#[test]
fn transitioning_statuses_and_a_missing_pending_count() {
    let r = row(ServerStatus::TransitionToOnline, Ok(central()), Err(http(500)));
    assert_eq!(
        (r.server_status, r.server_status_code.code()),
        ("transitioning (going online)", "TON")
    );
    assert_eq!(r.version_status, "Same as Central");
    assert_eq!(r.pending_error.as_deref(), Some("HTTP 500"));
    assert_eq!(
        row(ServerStatus::TransitionToOffline, Ok(central()), Ok(0)).server_status_code.code(),
        "TOFF"
    );
}

#[test]
fn central_unavailable_makes_every_row_unknown() {
    let i = info(central());
    let r = overview_row(
        &def("s1", ServerStatus::Online),
        Err(&Failure::TimedOut(2000)),
        Ok(&i),
        Ok(1),
        CentralSays::default(),
        Language::En,
    );
    assert_eq!(r.version_status, "Unknown");
    assert_eq!(
        r.error.as_deref(),
        Some("central version information unavailable: timed out after 2000 ms")
    );
}

#[test]
fn the_summary_counts_statuses_and_pending() {
    let rows = [
        row(ServerStatus::Online, Ok(central()), Ok(4)),
        row(ServerStatus::Online, Ok(set(&[("pos", "1.0.0")])), Ok(3)),
        row(ServerStatus::Offline, Err(Failure::CouldNotConnect), Err(Failure::CouldNotConnect)),
    ];
    let s = summarize(&rows, 10);
    assert_eq!(
        (s.total, s.checked, s.same, s.different, s.unknown, s.pending_batches),
        (10, 3, 1, 1, 1, 7)
    );
}

#[test]
fn csv_fields_are_escaped_and_never_formulas() {
    assert_eq!(csv_field("plain"), "\"plain\"");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("a;b"), "\"a;b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_field("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
    assert_eq!(csv_field("+1"), "\"'+1\"");
    assert_eq!(csv_field("-2"), "\"'-2\"");
    assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
    assert_eq!(csv_field("  =1+2"), "\"'  =1+2\"");
    assert_eq!(csv_field("\tx"), "\"'\tx\"");
    assert_eq!(csv_field(""), "\"\"");
}

/// The cells of a CSV text as the `csv` crate (an RFC 4180 reader) reads it with `separator`,
/// every record kept (flexible: a file read with the other separator has uneven records).
fn csv_crate_cells(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// The cells of a CSV text as Python's `csv` module reads it with `separator` (its default
/// dialect, as a script or a data tool opens a file). The test fails, in words, without a
/// `python3` on the machine (every machine of this project has one).
fn python_cells(text: &str, separator: char) -> Vec<Vec<String>> {
    use std::io::Write;
    let script = "import csv, io, json, sys\n\
                  text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
                  rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=sys.argv[1]))\n\
                  print(json.dumps(rows))";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script, &separator.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 reads the CSV as a real reader: install python3");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python's csv reader failed: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Hostile text in every field a store or central can fill, with a formula after each place a
/// cell can start: the field's start, spaces, quotes, either separator, a line end.
fn hostile_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for start in ['=', '+', '-', '@', '\t', '\r'] {
        for before in
            ["", "  ", "\"", " \" ", "Shop;", "Shop,", "Shop\n", "Shop\r\n", "a;;", "a,\"", "x; \""]
        {
            texts.push(format!("{before}{start}1+2"));
        }
    }
    texts.push("=HYPERLINK(\"http://evil\";\"x\"),@SUM(A1);-3,+4\n=5\r-6".into());
    texts
}

fn formula(cell: &str) -> bool {
    cell.trim_start_matches(' ').starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn hostile_text_is_never_a_formula_whichever_separator_and_reader_read_the_file() {
    let texts = hostile_texts();
    let rows: Vec<OverviewRow> = texts
        .iter()
        .map(|t| {
            let mut hostile = row(ServerStatus::Online, Ok(set(&[("pos", "1.0.0")])), Ok(1));
            hostile.key = t.clone();
            hostile.name = t.clone();
            hostile.url = t.clone();
            hostile.version = Some(t.clone());
            hostile.reload_status = Some(t.clone());
            hostile.rebuild_status = Some(t.clone());
            hostile.checked_at = Some(t.clone());
            hostile.error = Some(t.clone());
            hostile
        })
        .collect();
    for language in [Language::En, Language::Es] {
        let file = to_csv(&rows, language, Some(&texts[3]));
        for separator in [',', ';'] {
            for (reader, cells) in [
                ("the csv crate", csv_crate_cells(&file, separator)),
                ("Python's csv", python_cells(&file, separator)),
            ] {
                assert!(cells.len() > rows.len(), "{language:?}, {reader}, {separator:?}");
                for cell in cells.iter().flatten() {
                    assert!(
                        !formula(cell),
                        "{language:?} read by {reader} with {separator:?}: a formula cell {cell:?}"
                    );
                }
            }
        }
        // Read with its own separator, every record is whole: one line a store, every field.
        let own = csv_crate_cells(&file, labels_separator(language));
        assert_eq!(own.len(), rows.len() + 1);
        assert!(own.iter().all(|r| r.len() == own[0].len()));
        assert_eq!(own[1][1], "'=1+2", "the first hostile name, with its guard");
    }
}

/// The guard holds in the test's readers only because of `csv_field`: the same file without it
/// has formula cells for both readers (so the test above can fail).
#[test]
fn without_the_guard_the_readers_see_formulas() {
    let raw = "\"k\",\"Shop;=1+2\",\"x\"\r\n\"k\";\"Shop,@SUM(1+1)\";\"x\"\r\n";
    for separator in [',', ';'] {
        for cells in [csv_crate_cells(raw, separator), python_cells(raw, separator)] {
            assert!(cells.iter().flatten().any(|c| formula(c)), "{separator:?}: {cells:?}");
        }
    }
}

fn labels_separator(language: Language) -> char {
    match language {
        Language::En => ',',
        Language::Es => ';',
    }
}

#[test]
fn the_csv_has_a_header_and_one_line_per_row() {
    let rows = [
        row(ServerStatus::Online, Ok(set(&[("core", "3.0.1"), ("pos", "1.8.4503")])), Ok(3)),
        row(ServerStatus::Offline, Err(net("refused")), Err(net("refused"))),
    ];
    let csv = to_csv(&rows, Language::En, Some("4.8.4601 #c"));
    let csv = csv.strip_prefix('\u{feff}').expect("a UTF-8 byte order mark first");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], csv_header(Language::En).join(","));
    assert!(
        lines[1].starts_with(
            "\"s1\",\"Store s1\",\"online\",\"\",\"restart pending\",\"Different from Central\",\"Yes\",\"4.8.4504 #"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(
            ",\"4.8.4601 #c\",\"3\",\"0\",\"0\",\"Module pos (central 1.8.4600, store 1.8.4503)\",\"\",\"\",\"http://s1.example/openbravo\""
        ),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "\"s1\",\"Store s1\",\"offline\",\"\",\"\",\"Unknown\",\"No\",\"\",\"4.8.4601 #c\",\"\",\"0\",\"0\",\"\",\"not reachable from central (network error: refused)\",\"\",\"http://s1.example/openbravo\"",
        "the error in its own column, Differences empty"
    );
    assert_eq!(lines.len(), 4, "ends with CRLF");
    // Spanish spreadsheets read `;`.
    let es = to_csv(&rows, Language::Es, None);
    let es_lines: Vec<&str> = es.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(es_lines[0], csv_header(Language::Es).join(";"));
    assert!(es_lines[1].contains(";\"Sí\";"), "{}", es_lines[1]);
    assert!(es_lines[2].contains(";\"No\";"));
    assert!(
        es_lines[2].contains(";\"not reachable from central (network error: refused)\";"),
        "{}",
        es_lines[2]
    );
}

#[test]
fn modules_by_server_puts_central_beside_and_lists_both_sides() {
    let store = ModuleSet::from_modules(vec![
        module("pos", "1.8.4503"),
        module("core", "3.0.1"),
        module("local", "1.0.0"),
    ])
    .unwrap();
    let central = ModuleSet::from_modules(vec![
        module("pos", "1.8.4600"),
        module("core", "3.0.1"),
        module("retail", "1.0.0"),
    ])
    .unwrap();
    let lines = modules_by_server(&store, Some(&central));
    let by_id = |id: &str| lines.iter().find(|l| l.id == id).unwrap();
    assert_eq!(lines.len(), 4, "the store's three and the one it lacks");
    assert_eq!(by_id("pos").state, ModuleState::Different);
    assert_eq!(by_id("pos").central_version.as_deref(), Some("1.8.4600"));
    assert_eq!(by_id("core").state, ModuleState::Same);
    assert!(!by_id("core").differs);
    assert_eq!(
        (by_id("local").state, by_id("local").central_version.as_ref()),
        (ModuleState::NotOnCentral, None)
    );
    assert_eq!(
        (by_id("retail").state, by_id("retail").version.as_ref()),
        (ModuleState::NotOnStore, None)
    );
    assert_eq!(lines.iter().filter(|l| l.differs).count(), 3, "what the Differences field lists");
    let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Module core", "Module local", "Module pos", "Module retail"]);
}

#[test]
fn the_view_by_module_counts_stores_per_version() {
    let stores = [
        set(&[("core", "3.0.1"), ("pos", "1.8.4503")]),
        set(&[("core", "3.0.1"), ("pos", "1.8.4503")]),
        set(&[("core", "3.0.1"), ("pos", "1.8.4600")]),
        set(&[("core", "3.0.1")]),
    ];
    let central = set(&[("core", "3.0.1"), ("pos", "1.8.4600"), ("new", "1.0.0")]);
    let view = module_versions(stores.iter(), Some(&central));
    let pos = view.iter().find(|m| m.id == "pos").unwrap();
    assert_eq!(pos.central_version.as_deref(), Some("1.8.4600"));
    let counts: Vec<(&str, usize, bool)> =
        pos.versions.iter().map(|v| (v.version.as_str(), v.stores, v.central)).collect();
    assert_eq!(counts, [("1.8.4503", 2, false), ("1.8.4600", 1, true)]);
    assert_eq!(pos.missing, 1);
    let new = view.iter().find(|m| m.id == "new").unwrap();
    assert_eq!((new.versions[0].stores, new.versions[0].central, new.missing), (0, true, 4));
}

#[test]
fn modules_on_one_side_only_are_listed_but_the_status_counts_common_modules() {
    // The store lacks `pos` (central has it) and has a module central lacks.
    let r = row(ServerStatus::Online, Ok(set(&[("core", "3.0.1"), ("loyalty", "1.0.12")])), Ok(0));
    assert_eq!(r.version_status, "Same as Central", "common modules only, as the seed says");
    let kinds: Vec<DifferenceKind> = r.differences.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DifferenceKind::NotOnStore, DifferenceKind::NotOnCentral]);
    let json = serde_json::to_value(&r.differences).unwrap();
    assert_eq!(
        (json[0]["kind"].as_str(), json[1]["kind"].as_str()),
        (Some("notOnStore"), Some("notOnCentral"))
    );
    assert_eq!(
        r.differences_text,
        "Module pos (not on the store; central 1.8.4600); Module loyalty (not on central; store 1.0.12)"
    );
    assert_eq!(r.differences[0].store_version, None);
    assert_eq!(r.differences[1].central_version, None);
}

#[test]
fn a_store_blocks_logins_when_different_with_data_pending_or_pending_unknown() {
    let different = || Ok(set(&[("core", "3.0.1"), ("pos", "1.8.4503")]));
    let pending = row(ServerStatus::Online, different(), Ok(3));
    let nothing = row(ServerStatus::Online, different(), Ok(0));
    let unknown_count = row(ServerStatus::Online, different(), Err(http(500)));
    let same = row(ServerStatus::Online, Ok(set(&[("core", "3.0.1"), ("pos", "1.8.4600")])), Ok(9));
    let unreachable =
        row(ServerStatus::Offline, Err(Failure::CouldNotConnect), Err(Failure::CouldNotConnect));
    let blocks: Vec<bool> =
        [&pending, &nothing, &unknown_count, &same, &unreachable].map(|r| r.blocks_logins).to_vec();
    assert_eq!(blocks, [true, false, true, false, false], "decision rows 6 and 7 only");
    let rows = [pending, nothing, unknown_count, same, unreachable];
    assert_eq!(summarize(&rows, 5).blocking_logins, 2);
}

#[test]
fn a_row_in_spanish_has_no_english_word_and_no_raw_code() {
    let c = central();
    let store = info(set(&[("core", "3.0.1"), ("pos", "1.8.4503"), ("extra", "1.0.0")]));
    let r = overview_row(
        &def("s1", ServerStatus::TransitionToOffline),
        Ok(&c),
        Ok(&VersionInfo { rebuild_status: Some("MODULES_PENDING".into()), ..store }),
        Ok(2),
        CentralSays::default(),
        Language::Es,
    );
    assert_eq!(r.server_status, "en transición (a fuera de línea)");
    assert_eq!(r.version_status, "Diferente de Central");
    assert_eq!(r.rebuild_status.as_deref(), Some("módulos pendientes"));
    assert_eq!(
        r.differences_text,
        "Module pos (central 1.8.4600, tienda 1.8.4503); Module extra (no está en central; tienda 1.0.0)"
    );
    let down = overview_row(
        &def("s2", ServerStatus::Offline),
        Ok(&c),
        Err(&net("connection refused")),
        Err(&net("connection refused")),
        CentralSays::default(),
        Language::Es,
    );
    assert_eq!(down.version_status, "Desconocido");
    assert_eq!(
        down.error.as_deref(),
        Some("no accesible desde la central (error de red: connection refused)")
    );
    let csv = to_csv([&r], Language::Es, None);
    assert!(csv.starts_with("\u{feff}Servidor;Nombre;Estado del servidor;"), "{csv}");
}

#[test]
fn what_changed_between_two_passes() {
    let before =
        row(ServerStatus::Online, Ok(set(&[("core", "3.0.1"), ("pos", "1.8.4503")])), Ok(3));
    assert_eq!(row_changes(&before, &before.clone()), []);
    let upgraded = row(ServerStatus::Online, Ok(central()), Ok(1));
    assert_eq!(
        row_changes(&before, &upgraded),
        [RowChange::VersionStatus, RowChange::Version, RowChange::PendingBatches]
    );
    let gone =
        row(ServerStatus::Offline, Err(Failure::CouldNotConnect), Err(Failure::CouldNotConnect));
    assert_eq!(
        row_changes(&upgraded, &gone),
        [
            RowChange::ServerStatus,
            RowChange::RebuildStatus,
            RowChange::VersionStatus,
            RowChange::Version,
            RowChange::PendingBatches
        ]
    );
}

#[test]
fn the_pending_trend_over_the_session() {
    use PendingTrend::*;
    let cases: [(&[Option<u64>], PendingTrend); 9] = [
        (&[], New),
        (&[Some(3)], New),
        (&[None, Some(3), None], New),
        (&[Some(3), Some(3)], Steady),
        (&[Some(5), Some(3)], Draining),
        (&[Some(3), None, Some(5)], Growing),
        (&[Some(9), Some(8), Some(7), Some(6), Some(5), Some(4)], Draining),
        // Only the last five known counts count: an old peak is forgotten.
        (&[Some(90), Some(1), Some(2), Some(2), Some(2), Some(2)], Growing),
        (&[Some(4), Some(9), Some(4)], Steady),
    ];
    for (counts, trend) in cases {
        assert_eq!(pending_trend(counts), trend, "{counts:?}");
    }
}

#[test]
fn stores_per_version_with_centrals_marked() {
    let behind =
        row(ServerStatus::Online, Ok(set(&[("core", "3.0.1"), ("pos", "1.8.4503")])), Ok(3));
    let same = row(ServerStatus::Online, Ok(central()), Ok(0));
    let down =
        row(ServerStatus::Offline, Err(Failure::CouldNotConnect), Err(Failure::CouldNotConnect));
    let central_version = same.version.clone().unwrap();
    let behind_version = behind.version.clone().unwrap();
    let rows = [behind.clone(), behind.clone(), same.clone(), down];
    assert_eq!(
        version_counts(&rows, Some(&central_version)),
        [
            VersionCount { version: behind_version.clone(), stores: 2, central: false },
            VersionCount { version: central_version.clone(), stores: 1, central: true },
        ]
    );
    // Central's version is listed even when no store runs it.
    assert_eq!(
        version_counts([&behind], Some(&central_version)),
        [
            VersionCount { version: behind_version, stores: 1, central: false },
            VersionCount { version: central_version, stores: 0, central: true },
        ]
    );
}

#[test]
fn a_pass_asks_each_store_once_a_duplicate_key_and_a_bad_url_are_their_rows_errors() {
    use common::server;
    use webpos_version_guard::login::url_crate::UrlCrate;
    use webpos_version_guard::overview::pass::pass_targets;
    let servers = [
        server("central", ServerType::Main, "https://central/openbravo"),
        server("s1", ServerType::Store, "https://s1/openbravo"),
        server("s1", ServerType::Store, "https://s1-copy/openbravo"),
        server("s2", ServerType::Store, "ftp://s2/openbravo"),
        server("s3", ServerType::Store, "not a url"),
        // A credential, a query or a fragment in a base URL: Recompute must never go there.
        server("s4", ServerType::Store, "https://user:pw@s4/openbravo"),
        server("s5", ServerType::Store, "https://s5/openbravo?next=https://evil/x"),
        server("s6", ServerType::Store, "https://s6/openbravo#frag"),
    ];
    let targets = pass_targets(&servers, &UrlCrate);
    let keys: Vec<&str> = targets.iter().map(|t| t.definition.key.as_str()).collect();
    assert_eq!(keys, ["s1", "s1 (2)", "s2", "s3", "s4", "s5", "s6"]);
    assert_eq!(targets[0].problem, None);
    let problem = |t: &webpos_version_guard::overview::pass::PassTarget| {
        t.problem.as_ref().map(ToString::to_string).unwrap_or_default()
    };
    assert!(problem(&targets[1]).contains("listed twice"));
    assert!(problem(&targets[2]).contains("not a server's base URL"));
    for t in &targets[3..] {
        assert!(problem(t).contains("no user name, query or fragment"), "{t:?}");
    }
    assert!(pass_targets(&servers[..1], &UrlCrate).is_empty());
    // A renamed duplicate never takes a key another store has.
    let taken = [
        server("s1", ServerType::Store, "https://a/openbravo"),
        server("s1 (2)", ServerType::Store, "https://b/openbravo"),
        server("s1", ServerType::Store, "https://c/openbravo"),
    ];
    let keys: Vec<String> =
        pass_targets(&taken, &UrlCrate).into_iter().map(|t| t.definition.key).collect();
    assert_eq!(keys, ["s1", "s1 (2)", "s1 (3)"]);
}

#[test]
fn a_page_resumes_from_its_last_event_of_this_run_only() {
    use webpos_version_guard::overview::pass::{event_id, resume, Resume};
    assert_eq!(resume(None, "e1"), Resume::Full);
    assert_eq!(resume(Some(&event_id("e1", 42)), "e1"), Resume::After(42));
    assert_eq!(resume(Some(&event_id("e0", 42)), "e1"), Resume::Full, "a restart");
    assert_eq!(resume(Some("e1-x"), "e1"), Resume::Full);
    assert_eq!(resume(Some("garbage"), "e1"), Resume::Full);
}

#[test]
fn errors_read_in_the_pages_language_and_a_servers_own_words_stay() {
    use webpos_version_guard::texts::failure::failure_text;
    let es = |e: Failure| failure_text(&e, Language::Es);
    assert_eq!(es(Failure::TimedOut(2000)), "sin respuesta tras 2000 ms");
    assert_eq!(es(Failure::CouldNotConnect), "error de red: no se pudo conectar");
    assert_eq!(
        es(Failure::Answer(WireError::Invalid("module 0: empty version".into()))),
        "respuesta no válida: module 0: empty version"
    );
    assert_eq!(
        es(Failure::Answer(WireError::Server { status: -1, message: "Fallo <b>x</b>".into() })),
        "error del servidor (estado -1): Fallo <b>x</b>"
    );
    assert_eq!(es(http(500)), "HTTP 500");
    assert_eq!(failure_text(&Failure::TimedOut(2000), Language::En), "timed out after 2000 ms");
    let down = overview_row(
        &def("s1", ServerStatus::Offline),
        Ok(&central()),
        Err(&Failure::CouldNotConnect),
        Err(&Failure::CouldNotConnect),
        CentralSays::default(),
        Language::Es,
    );
    assert_eq!(
        down.error.as_deref(),
        Some("no accesible desde la central (error de red: no se pudo conectar)")
    );
}

/// One failure of every kind, with the words a server or a client wrote itself in them.
fn every_failure() -> Vec<Failure> {
    use webpos_version_guard::servers::failure::{Peer, Unaskable};
    let wire = [
        WireError::TooLarge { len: 9 },
        WireError::Empty,
        WireError::Html,
        WireError::NotJson("line 1".into()),
        WireError::Server { status: -1, message: String::new() },
        WireError::Server { status: -1, message: "Fallo".into() },
        WireError::MissingData,
        WireError::Invalid("module 0".into()),
        WireError::PendingUncounted("no table".into()),
        WireError::PendingMissing,
    ];
    let mut all = vec![
        Failure::TimedOut(5),
        Failure::NoResponse("TypeError".into()),
        Failure::CouldNotConnect,
        Failure::Broken(None),
        Failure::Broken(Some("reset".into())),
        Failure::Network("dns".into()),
        Failure::LocalNetworkRefused(Peer::Central),
        Failure::LocalNetworkRefused(Peer::Store),
        Failure::Redirect { status: Some(302), to: Some("/login".into()) },
        Failure::Redirect { status: None, to: None },
        Failure::TooLarge { limit: 4, declared: Some(9) },
        Failure::TooLarge { limit: 4, declared: None },
        Failure::Http { status: 503, message: None },
        Failure::Http { status: 401, message: Some("Not logged in".into()) },
        Failure::NoAnswer,
        Failure::Client("no fetch".into()),
        Failure::NotAsked(Unaskable::DuplicateKey("s1".into())),
        Failure::NotAsked(Unaskable::NotBaseUrl("ftp://x".into())),
    ];
    all.extend(wire.into_iter().map(Failure::Answer));
    all
}

#[test]
fn every_failure_has_its_words_in_both_languages_and_keeps_its_shape_as_json() {
    use webpos_version_guard::texts::failure::failure_text;
    for failure in every_failure() {
        let en = failure_text(&failure, Language::En);
        assert_eq!(en, failure.to_string(), "English is the failure's own Display");
        let es = failure_text(&failure, Language::Es);
        // Only a bare status or a client's own words read the same in both.
        let same_words = matches!(failure, Failure::Http { .. } | Failure::Client(_));
        assert_eq!(es == en, same_words, "{failure:?}: {es}");
        // The collector keeps failures as JSON: read back, the same failure.
        let kept = serde_json::to_string(&failure).unwrap();
        assert_eq!(serde_json::from_str::<Failure>(&kept).unwrap(), failure, "{kept}");
    }
    // Network-level failures are the ones said to be about central's reach.
    let network: Vec<String> =
        every_failure().iter().filter(|f| f.is_network()).map(|f| f.to_string()).collect();
    assert!(network.iter().all(|t| t.starts_with("network error")), "{network:?}");
    assert_eq!(network.len(), 5);
}

#[test]
fn a_hot_fix_in_force_for_the_store_s_client_means_no_store_blocks_logins() {
    use webpos_version_guard::login::decision::{table_rule, LoadOrigin, Rule};
    use webpos_version_guard::login::preference::PreferenceFinding;
    use webpos_version_guard::servers::wire::ServerPreference;
    let c = central();
    let info = info(set(&[("core", "3.0.1"), ("pos", "1.8.4503")]));
    let hot_fix = ServerPreference {
        server: "s1".into(),
        client: "CLIENT-A".into(),
        value: Some("Y".into()),
        record: Some("PREF-1".into()),
        updated: None,
        updated_by: None,
    };
    let row = |preference: Option<&ServerPreference>, pending: Result<u64, &Failure>| {
        overview_row(
            &def("s1", ServerStatus::Online),
            Ok(&c),
            Ok(&info),
            pending,
            CentralSays { preference, ..CentralSays::default() },
            Language::En,
        )
    };
    // Different with data pending: blocks (row 6) without the preference...
    assert!(row(None, Ok(3)).blocks_logins);
    assert!(row(None, Err(&Failure::Answer(WireError::PendingMissing))).blocks_logins, "row 7");
    assert!(!row(None, Ok(0)).blocks_logins, "row 5");
    // ...and not while a hot fix is in force (row 2), which the row says in words.
    let fixed = row(Some(&hot_fix), Ok(3));
    assert!(!fixed.blocks_logins);
    assert_eq!(
        fixed.logins_unchecked.as_deref(),
        Some("logins are not checked for client \"CLIENT-A\" (ignore-version-check preference \"PREF-1\")")
    );
    // Who set it and when, as central's AD_PREFERENCE says (#39).
    let said = ServerPreference {
        updated: Some("2026-12-07 06:30".into()),
        updated_by: Some("Openbravo".into()),
        ..hot_fix.clone()
    };
    assert_eq!(
        row(Some(&said), Ok(3)).logins_unchecked.as_deref(),
        Some("logins are not checked for client \"CLIENT-A\" (ignore-version-check preference \"PREF-1\", set by \"Openbravo\" at 2026-12-07 06:30)")
    );
    let es = overview_row(
        &def("s1", ServerStatus::Online),
        Ok(&c),
        Ok(&info),
        Ok(3),
        CentralSays { preference: Some(&said), ..CentralSays::default() },
        Language::Es,
    );
    assert_eq!(
        es.logins_unchecked.as_deref(),
        Some("los inicios de sesión no se comprueban para el cliente \"CLIENT-A\" (preferencia \"PREF-1\", fijada por \"Openbravo\" el 2026-12-07 06:30)")
    );
    // `N` keeps the check.
    let kept = ServerPreference { value: Some("N".into()), ..hot_fix.clone() };
    assert!(row(Some(&kept), Ok(3)).blocks_logins);
    assert_eq!(row(Some(&kept), Ok(3)).logins_unchecked, None);
    // The same table as the guard's.
    let skip = PreferenceFinding::Honoured { skip: true, record_id: None };
    let different = webpos_version_guard::versions::compare::VersionStatus::DifferentFromCentral;
    assert_eq!(
        table_rule(LoadOrigin::Central, &skip, Some(&different), Some(3)),
        Rule::SkippedByPreference
    );
    assert_eq!(
        table_rule(LoadOrigin::Central, &PreferenceFinding::NotSet, Some(&different), None),
        Rule::DifferentPendingUnknown
    );
}

/// The Reload Status is SymmetricDS's initial load and table reloads as central tells them, in
/// words in both languages; the rebuild waiting for a restart is the Rebuild Status.
#[test]
fn the_reload_status_says_symmetric_ds_s_loads_in_words() {
    use webpos_version_guard::servers::wire::{LoadKind, NodeReload, ReloadState};
    use webpos_version_guard::texts::overview::{reload_code, reload_status, ReloadKnown};
    let node = |state, load, at: Option<&str>| NodeReload {
        server_key: "s1".into(),
        state,
        load,
        at: at.map(str::to_owned),
        batches_loaded: None,
        batches: None,
        tables: None,
        detail: None,
    };
    let words = |n: &NodeReload, language| reload_status(ReloadKnown::Node(n), language);
    let done = node(ReloadState::Done, LoadKind::Initial, Some("2026-11-30 08:12"));
    assert_eq!(words(&done, Language::En), "initial load done 2026-11-30 08:12");
    assert_eq!(words(&done, Language::Es), "carga inicial terminada 2026-11-30 08:12");
    let never = node(ReloadState::NeverLoaded, LoadKind::Initial, None);
    assert_eq!(words(&never, Language::En), "never loaded");
    assert_eq!(words(&never, Language::Es), "nunca cargada");
    let requested = NodeReload {
        tables: Some(3),
        ..node(ReloadState::Requested, LoadKind::Tables, Some("2026-12-01 09:00"))
    };
    assert_eq!(words(&requested, Language::En), "reload of 3 tables requested 2026-12-01 09:00");
    let loading = NodeReload {
        batches_loaded: Some(3),
        batches: Some(12),
        ..node(ReloadState::Loading, LoadKind::Initial, Some("2026-11-30 07:50"))
    };
    assert_eq!(
        words(&loading, Language::En),
        "loading: 3 of 12 batches (initial load, started 2026-11-30 07:50)"
    );
    assert_eq!(
        words(&loading, Language::Es),
        "cargando: 3 de 12 lotes (carga inicial, iniciada 2026-11-30 07:50)"
    );
    let failed = NodeReload {
        detail: Some("batch 4411 in error".into()),
        ..node(ReloadState::Failed, LoadKind::Tables, Some("2026-12-01 09:01"))
    };
    assert_eq!(
        words(&failed, Language::En),
        "table reload failed 2026-12-01 09:01 (batch 4411 in error)"
    );
    assert_eq!(reload_code(ReloadKnown::Node(&failed)), "failed");
    let unreadable = ReloadKnown::Unreadable("permission denied for table sym_node_security");
    assert_eq!(
        reload_status(unreadable, Language::En),
        "unknown: SymmetricDS tables not readable (permission denied for table sym_node_security)"
    );
    assert_eq!(reload_code(unreadable), "unknown");
    assert_eq!(
        reload_status(ReloadKnown::NotANode, Language::En),
        "unknown: not a SymmetricDS node of central"
    );
    // On a row: the words, the code, and a change between passes.
    let c = central();
    let store = info(set(&[("core", "3.0.1"), ("pos", "1.8.4600")]));
    let row_with = |known| {
        overview_row(
            &def("s1", ServerStatus::Online),
            Ok(&c),
            Ok(&store),
            Ok(0),
            CentralSays { reload: Some(known), ..CentralSays::default() },
            Language::En,
        )
    };
    let before = row_with(ReloadKnown::Node(&loading));
    let after = row_with(ReloadKnown::Node(&done));
    assert_eq!(after.reload_status.as_deref(), Some("initial load done 2026-11-30 08:12"));
    assert_eq!(after.reload_status_code.as_deref(), Some("done"));
    // The table's cell: the state and its day, the day kept whole (non-breaking hyphens).
    assert_eq!(after.reload_status_brief.as_deref(), Some("done 2026\u{2011}11\u{2011}30"));
    assert_eq!(before.reload_status_brief.as_deref(), Some("loading 3/12"));
    use webpos_version_guard::texts::overview::reload_brief;
    assert_eq!(reload_brief(ReloadKnown::Node(&never), Language::Es), "nunca cargada");
    assert_eq!(reload_brief(unreadable, Language::Es), "desconocido");
    assert!(row_changes(&before, &after).contains(&RowChange::ReloadStatus));
    assert!(!row_changes(&before, &after).contains(&RowChange::RebuildStatus));
}
