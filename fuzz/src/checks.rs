//! The fuzz targets' bodies. Each takes raw bytes, runs one part of the core on them and
//! asserts what must hold for any input; a panic is a finding.
//!
//! The same file is compiled into the cargo-fuzz crate (`fuzz/`, nightly, libFuzzer) and into
//! the native replay test (`tests/fuzz_regressions.rs`, stable), so `npm test` replays every
//! kept input through exactly the code that was fuzzed.

use std::cmp::Ordering;

use webpos_version_guard::base::limits::{MAX_MODULES, MAX_PENDING_BATCHES};
use webpos_version_guard::login::decision::{decide, Fetch, LoadOrigin, LoginInputs, Outcome};
use webpos_version_guard::login::preference::{evaluate, PreferenceFinding, DEFAULT_PROPERTY};
use webpos_version_guard::login::report::{ReportContext, Timings, VerdictReport};
use webpos_version_guard::login::store_mode::{self, STORE_MODE_LANGUAGE_PARAM, STORE_MODE_PARAM};
use webpos_version_guard::overview::pass::pass_targets;
use webpos_version_guard::servers::json;
use webpos_version_guard::servers::wire::{ServerDefinitionsData, StoreStatus};
use webpos_version_guard::texts::cashier::Language;
use webpos_version_guard::texts::notices::{BlockFacts, BlockMessage};
use webpos_version_guard::versions::compare::{compare, Side, VersionStatus};
use webpos_version_guard::versions::module::{ModuleSet, RawModule};
use webpos_version_guard::versions::server_version::ServerVersion;

use webpos_version_guard::login::url_crate::UrlCrate;
use webpos_version_guard::versions::version::ModuleVersion;

/// A target's body: runs one part of the core on raw bytes, panics on a finding.
pub type Check = fn(&[u8]);

/// Every target: its name (the folder of its inputs) and its body.
pub const TARGETS: [(&str, Check); 6] = [
    ("version", version),
    ("server_version", server_version),
    ("payload", payload),
    ("preference", preference),
    ("decision", decision),
    ("store_mode_url", store_mode_url),
];

/// Longest error text any input may produce: errors reach the verdict and the message, so
/// they must never echo a whole body.
pub const MAX_ERROR_TEXT: usize = 4096;

/// The page origin the decision and URL targets assume (the demo's central).
pub const PAGE_ORIGIN: &str = "http://127.0.0.1:18610";

/// Separates the fields of the `decision` input, and the two module lists of `server_version`.
pub const FIELD_SEPARATOR: u8 = 0xFF;

fn check_error(error: &impl std::fmt::Display) {
    let text = error.to_string();
    assert!(!text.is_empty(), "an error without text");
    assert!(text.len() <= MAX_ERROR_TEXT, "an error text of {} bytes", text.len());
}

/// Version parser: a parsed version prints as text that parses back to an equal version.
pub fn version(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match ModuleVersion::parse(text) {
        Ok(parsed) => {
            let shown = parsed.to_string();
            let again = ModuleVersion::parse(&shown).expect("a printed version parses");
            assert_eq!(again, parsed);
            assert_eq!(again.cmp(&parsed), Ordering::Equal);
            assert_eq!(again.to_string(), shown);
        }
        Err(error) => check_error(&error),
    }
}

/// Modules from lines `id|name|version` (the java package is the name).
fn module_set(data: &[u8], reversed: bool) -> Option<ModuleSet> {
    let text = std::str::from_utf8(data).ok()?;
    let mut lines: Vec<[&str; 3]> = text
        .lines()
        .map(|line| {
            let mut fields = line.splitn(3, '|');
            let mut next = || fields.next().unwrap_or("");
            [next(), next(), next()]
        })
        .collect();
    if reversed {
        lines.reverse();
    }
    let raw =
        lines.iter().map(|[id, name, version]| RawModule { id, name, java_package: name, version });
    match ModuleSet::parse(raw) {
        Ok(set) => {
            assert!(set.len() <= MAX_MODULES);
            Some(set)
        }
        Err(error) => {
            check_error(&error);
            None
        }
    }
}

/// Server version and comparison: the server version does not depend on the modules' order;
/// a set compares Same as itself; comparing the other way round gives the same status and the
/// opposite direction.
pub fn server_version(data: &[u8]) {
    let mut halves = data.splitn(2, |b| *b == FIELD_SEPARATOR);
    let (a, b) = (halves.next().unwrap_or(&[]), halves.next().unwrap_or(&[]));
    let Some(first) = module_set(a, false) else { return };
    let reversed = module_set(a, true).expect("the same modules in another order are valid");
    assert_eq!(ServerVersion::of(&first), ServerVersion::of(&reversed));
    assert_eq!(compare(&first, &first).status, VersionStatus::SameAsCentral);
    let Some(second) = module_set(b, false) else { return };
    let there = compare(&first, &second);
    let back = compare(&second, &first);
    assert_eq!(there.status, back.status);
    let flip = |side: Option<Side>| {
        side.map(|s| if s == Side::Central { Side::Store } else { Side::Central })
    };
    assert_eq!(there.newer, flip(back.newer));
    assert_eq!(there.differences.len(), back.differences.len());
    assert_eq!(there.only_central.len(), back.only_store.len());
    if there.differences.is_empty() {
        assert_eq!(there.status, VersionStatus::SameAsCentral);
    }
}

/// Payload decoding: the first byte picks the service, the rest is its answer. Any body gives
/// a value within the limits or an error with a bounded text.
pub fn payload(data: &[u8]) {
    let Some((&service, body)) = data.split_first() else { return };
    // The crate's JSON reader (the guard's, in the wasm) reads what serde_json reads.
    if let Ok(text) = std::str::from_utf8(body) {
        let ours = webpos_version_guard::base::json::from_str::<serde_json::Value>(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text:?}: ours {ours:?}, serde_json's {theirs:?}"),
        }
    }
    match service % 6 {
        0 => match json::parse_version_info(body) {
            Ok(info) => assert!(info.modules.len() <= MAX_MODULES),
            Err(error) => check_error(&error),
        },
        1 => {
            if let Err(error) = json::parse_version_check_preferences(body) {
                check_error(&error);
            }
        }
        2 => {
            if let Err(error) = json::parse_server_definitions(body) {
                check_error(&error);
            }
            // What the overview's collector reads: the definitions as they are, every store a
            // row of its own (a duplicate key or a bad URL is that row's error).
            if let Ok(data) = json::parse_envelope::<ServerDefinitionsData>(body) {
                let targets = pass_targets(&data.servers, &UrlCrate);
                let mut keys: Vec<&str> =
                    targets.iter().map(|t| t.definition.key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                assert!(targets.len() <= data.servers.len());
                assert_eq!(keys.len(), targets.len(), "every row has a key of its own");
            }
        }
        3 => {
            if let Err(error) = json::parse_terminal_info(body) {
                check_error(&error);
            }
        }
        5 => match json::parse_store_status(body) {
            Ok(status) => {
                assert!(status.info.modules.len() <= MAX_MODULES);
                match status.pending {
                    Ok(pending) => assert!(pending <= MAX_PENDING_BATCHES),
                    Err(error) => check_error(&error),
                }
            }
            Err(error) => check_error(&error),
        },
        _ => {
            if let Err(error) = json::parse_preferences(body) {
                check_error(&error);
            }
        }
    }
}

fn kind(finding: &PreferenceFinding) -> u8 {
    match finding {
        PreferenceFinding::NotSet => 0,
        PreferenceFinding::Honoured { skip: false, .. } => 1,
        PreferenceFinding::Honoured { skip: true, .. } => 2,
        PreferenceFinding::NotHonoured { .. } => 3,
        PreferenceFinding::Conflict { .. } => 4,
        PreferenceFinding::Unavailable { .. } => 5,
    }
}

/// Preference resolution from a `Preferences` answer: only a winning `Y` skips the check, the
/// finding does not depend on the records' order, and its diagnostic is never empty.
pub fn preference(data: &[u8]) {
    let (ctx, mut records) = match json::parse_preferences(data) {
        Ok(parsed) => parsed,
        Err(error) => return check_error(&error),
    };
    let finding = evaluate(&records, DEFAULT_PROPERTY, &ctx);
    if let PreferenceFinding::Honoured { skip, record_id: Some(id) } = &finding {
        let winner = records.iter().find(|r| &r.id == id).expect("the winner is a record");
        assert_eq!(winner.value, if *skip { "Y" } else { "N" });
        assert!(winner.active && winner.property == DEFAULT_PROPERTY);
        assert!(winner.user.is_none() && winner.window.is_none());
    }
    assert!(!finding.diagnostic(DEFAULT_PROPERTY).is_empty());
    records.reverse();
    let reversed = evaluate(&records, DEFAULT_PROPERTY, &ctx);
    assert_eq!(kind(&finding), kind(&reversed), "{finding:?} became {reversed:?}");
}

/// The whole decision from raw answers. Fields separated by 0xFF: flags, central's version
/// answer, the store's version answer, its status answer (for the pending count), the
/// preference answer. Flags: bit 0 store mode; bits 1–2 a host permission (1 = true, 2 =
/// false, else fetched); bit 3 the store is unreachable. The safety rules hold, the report is valid JSON, and a block composes a
/// message in both languages.
pub fn decision(data: &[u8]) {
    let mut fields = data.split(|b| *b == FIELD_SEPARATOR);
    let mut next = || fields.next().unwrap_or(&[]);
    let (flags, central, store, pending, prefs) = (next(), next(), next(), next(), next());
    let flags = flags.first().copied().unwrap_or(0);
    let origin = if flags & 1 == 1 { LoadOrigin::StoreMode } else { LoadOrigin::Central };
    let modules = |body: &[u8]| Fetch::from(json::parse_version_info(body).map(|i| i.modules));
    let central = modules(central);
    let store =
        if flags & 8 == 8 { Fetch::Failed("network error".to_owned()) } else { modules(store) };
    let (_, pending) = StoreStatus::split(json::parse_store_status(pending));
    let pending = Fetch::from(pending);
    let finding = match (flags >> 1) & 3 {
        1 => PreferenceFinding::Honoured { skip: true, record_id: None },
        2 => PreferenceFinding::Honoured { skip: false, record_id: None },
        _ => match json::parse_preferences(prefs) {
            Ok((ctx, records)) => evaluate(&records, DEFAULT_PROPERTY, &ctx),
            Err(error) => PreferenceFinding::Unavailable { error: error.to_string() },
        },
    };
    let inputs = LoginInputs {
        origin,
        central: &central,
        store: &store,
        pending: &pending,
        preference: &finding,
        property: DEFAULT_PROPERTY,
    };
    let verdict = decide(&inputs);
    assert_eq!(verdict.outcome, verdict.rule.outcome());
    if verdict.outcome == Outcome::Block {
        assert!(origin == LoadOrigin::Central, "store mode blocked");
        assert!(!finding.skips_check(), "an honoured Y blocked");
        assert!(store.got().is_some(), "an unreachable store blocked");
        assert!(pending.got() != Some(&0), "nothing pending blocked");
        assert_eq!(verdict.status, Some(VersionStatus::DifferentFromCentral));
    }
    let report = VerdictReport::new(
        &verdict,
        ReportContext {
            loaded_from: origin,
            terminal: "VBS-1",
            store_server: Some("store1"),
            store_mode: Err(store_mode::StoreModeRefusal::NoStoreServer),
            preference: &finding,
            timings: Timings::default(),
            diagnostics: Vec::new(),
        },
    );
    let json = serde_json::to_value(&report).expect("the report serializes");
    let outcome = if verdict.outcome == Outcome::Block { "block" } else { "proceed" };
    assert_eq!(json["outcome"], outcome);
    if verdict.outcome == Outcome::Block {
        for language in [Language::En, Language::Es] {
            let message = BlockMessage::compose(&BlockFacts::of(&report), language, &|_| None);
            assert!(!message.title.is_empty() && !message.lead.is_empty());
        }
    }
}

/// The store-mode URL rule, through the core's own composition with the `url` crate as the
/// parser: whatever the configured text, an offered URL is http(s), carries no credentials, has
/// exactly the store's origin, is not the page's own origin, and keeps the terminal parameter.
pub fn store_mode_url(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match store_mode::store_mode_url(&UrlCrate, text, "VBS-1", "es_ES", PAGE_ORIGIN) {
        Ok(offered) => {
            let store = url::Url::parse(text).expect("an offered store URL parses");
            let store_origin = store.origin().ascii_serialization();
            let offered = url::Url::parse(&offered).expect("an offered URL parses");
            assert!(matches!(offered.scheme(), "http" | "https"));
            assert!(offered.username().is_empty() && offered.password().is_none());
            assert_eq!(offered.origin().ascii_serialization(), store_origin);
            assert_ne!(store_origin, PAGE_ORIGIN);
            let param = |name: &str| {
                offered.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
            };
            assert_eq!(param(STORE_MODE_PARAM).as_deref(), Some("VBS-1"));
            assert_eq!(param(STORE_MODE_LANGUAGE_PARAM).as_deref(), Some("es_ES"));
            // Below the store URL's own path.
            assert!(offered.path().starts_with(store.path().trim_end_matches('/')));
        }
        Err(refusal) => check_error(&refusal),
    }
}
