//! The core's folders are layers (`src/lib.rs` lists them, docs/ARCHITECTURE.md draws them):
//! a folder imports only the folders above it, every path names its folder
//! (`crate::login::decision`, `webpos_version_guard::servers::wire`), and the crate root
//! re-exports nothing. A cycle between folders is an upward import, so it fails here.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// The core's folders, lowest first: each may import only those before it.
const LAYERS: [&str; 6] = ["base", "versions", "servers", "texts", "login", "overview"];

/// The browser glue: may import every layer; nothing imports it.
const GLUE: &str = "web";

/// Where the other crates and the tests import the core from.
const OTHER_SOURCES: [&str; 7] =
    ["agent", "collector", "simulator", "tests", "benches", "fuzz/src", "fuzz/fuzz_targets"];

fn rank(folder: &str) -> Option<usize> {
    if folder == GLUE {
        return Some(LAYERS.len());
    }
    LAYERS.iter().position(|l| *l == folder)
}

/// Every `<prefix>::<name>` in `text`, with its line number (comments and docs included: an
/// intra-doc link is a dependency too).
fn paths<'a>(text: &'a str, prefix: &str) -> Vec<(usize, &'a str)> {
    let needle = format!("{prefix}::");
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find(&needle) {
            let start = from + at;
            from = start + needle.len();
            let before = line[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let rest = &line[from..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            if end > 0 {
                found.push((n + 1, &rest[..end]));
            }
        }
    }
    found
}

/// What breaks the layering in one core file at `path` (relative to `src/`, e.g.
/// `login/check.rs`), in words.
fn core_violations(path: &str, text: &str) -> Vec<String> {
    let Some((folder, _)) = path.split_once('/') else {
        // The crate root: a map of `pub mod` lines, no re-export.
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with("pub use"))
            .map(|(n, l)| format!("src/{path}:{}: the root re-exports ({})", n + 1, l.trim()))
            .collect();
    };
    let Some(own) = rank(folder) else {
        return vec![format!("src/{path}: {folder}/ is not a layer of tests/layers.rs")];
    };
    let mut problems = Vec::new();
    for (line, first) in paths(text, "crate") {
        match rank(first) {
            None => problems.push(format!(
                "src/{path}:{line}: crate::{first} is not a grouped path (name its folder)"
            )),
            Some(_) if first == folder => {}
            Some(_) if first == GLUE => {
                problems.push(format!("src/{path}:{line}: imports the browser glue (crate::web)"))
            }
            Some(theirs) if theirs > own => problems.push(format!(
                "src/{path}:{line}: {folder} imports crate::{first}, which comes after it \
                 (the order is {}; this edge would close a cycle)",
                LAYERS.join(" → ")
            )),
            Some(_) => {}
        }
    }
    if text.contains("super::super") {
        problems.push(format!("src/{path}: super::super reaches out of its folder"));
    }
    problems
}

/// What breaks the grouped paths in a file outside the core.
fn other_violations(path: &str, text: &str) -> Vec<String> {
    paths(text, "webpos_version_guard")
        .into_iter()
        .filter(|(_, first)| rank(first).is_none())
        .map(|(line, first)| {
            format!("{path}:{line}: webpos_version_guard::{first} is not a grouped path")
        })
        .collect()
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target" || n == "node_modules") {
                continue;
            }
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn the_core_folders_import_only_downward() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 30, "only {} files under src/", files.len());
    let mut problems = Vec::new();
    let mut edges = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(file).unwrap();
        edges += paths(&text, "crate").len();
        problems.extend(core_violations(&relative, &text));
    }
    assert!(edges > 50, "only {edges} crate:: paths found: the scan is broken");
    assert!(problems.is_empty(), "the layers are broken:\n{}", problems.join("\n"));
}

#[test]
fn the_other_crates_import_by_grouped_paths() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in OTHER_SOURCES {
        rust_files(&root.join(dir), &mut files);
    }
    let mut problems = Vec::new();
    let mut imports = 0;
    // This file's own examples of broken paths are not imports.
    files.retain(|f| !f.ends_with("tests/layers.rs"));
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        imports += paths(&text, "webpos_version_guard").len();
        let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        problems.extend(other_violations(&relative, &text));
    }
    assert!(imports > 100, "only {imports} webpos_version_guard:: paths found: the scan is broken");
    assert!(problems.is_empty(), "flat paths:\n{}", problems.join("\n"));
}

/// The check itself can fail: each kind of break is caught.
#[test]
fn each_kind_of_break_is_caught() {
    let upward = core_violations("versions/compare.rs", "use crate::texts::cashier::Language;");
    assert_eq!(upward.len(), 1, "{upward:?}");
    assert!(upward[0].contains("versions imports crate::texts"), "{upward:?}");
    let flat = core_violations("login/check.rs", "fn f() { crate::wire::parse() }");
    assert!(flat[0].contains("crate::wire is not a grouped path"), "{flat:?}");
    let glue = core_violations("overview/mod.rs", "use crate::web::to_js;");
    assert!(glue[0].contains("browser glue"), "{glue:?}");
    let reexport = core_violations("lib.rs", "pub mod base;\npub use base::limits;");
    assert!(reexport[0].contains("re-exports"), "{reexport:?}");
    let escape = core_violations("servers/wire.rs", "use super::super::login::check;");
    assert!(escape[0].contains("super::super"), "{escape:?}");
    let other = other_violations("agent/src/main.rs", "use webpos_version_guard::wire::X;");
    assert!(other[0].contains("not a grouped path"), "{other:?}");
    // What is allowed: downward, within a folder, the glue importing a layer.
    assert!(core_violations(
        "login/check.rs",
        "use crate::servers::wire::X; use crate::login::report;"
    )
    .is_empty());
    assert!(core_violations("web/check.rs", "use crate::login::check::Check;").is_empty());
    assert!(core_violations("base/text.rs", "// no crate paths\n$crate::x").is_empty());
    assert!(other_violations("tests/x.rs", "use webpos_version_guard::login::decision;").is_empty());
}

/// Where the browser glue (`src/web/`) would decide on a verdict by comparing one of its
/// fields to a literal (`report.outcome == "block"`, `report.rule == 3`, `== "honouredY"`): the
/// decision belongs to the core (`login::startup`, `VerdictReport::blocks`).
fn glue_decisions(path: &str, text: &str) -> Vec<String> {
    const FIELDS: [&str; 6] =
        [".outcome", ".rule", ".when", ".ignore_version_check", ".status", ".loaded_from"];
    // A verdict's words, matched or compared in the glue, are a decision too.
    const WORDS: [&str; 8] = [
        "\"block\"",
        "\"proceed\"",
        "\"honouredY\"",
        "\"honouredN\"",
        "\"notHonoured\"",
        "\"notSet\"",
        "\"conflict\"",
        "\"unavailable\"",
    ];
    let mut problems = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(word) = WORDS.iter().find(|w| code.contains(*w)) {
            problems.push(format!(
                "{path}:{}: the glue decides on the verdict's word {word}: {}",
                at + 1,
                line.trim()
            ));
            continue;
        }
        for op in ["==", "!="] {
            for (left, right) in code.match_indices(op).map(|(i, _)| (&code[..i], &code[i + 2..])) {
                let compared = FIELDS.iter().any(|f| left.trim_end().ends_with(f));
                let literal = right
                    .trim_start()
                    .starts_with(['"', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
                if compared && literal {
                    problems.push(format!(
                        "{path}:{}: the glue compares a verdict's field to a literal: {}",
                        at + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn the_glue_decides_nothing_on_a_verdict_s_fields() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/web"), &mut files);
    assert!(files.len() > 5, "the glue's files were not found");
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        problems.extend(glue_decisions(&relative, &fs::read_to_string(file).unwrap()));
    }
    assert!(problems.is_empty(), "decisions in the glue:\n{}", problems.join("\n"));
    // The check can fail.
    for caught in [
        "let blocks = report.outcome == \"block\";",
        "if report.rule == 3 {",
        "let skip = report.ignore_version_check != \"honouredY\";",
        "        \"honouredY\" => storage::set(Lasts::Till, key, \"Y\"),",
    ] {
        assert_eq!(glue_decisions("src/web/x.rs", caught).len(), 1, "{caught}");
    }
    assert!(glue_decisions("src/web/x.rs", "if report.blocks() { a == \"b\" }").is_empty());
}
